import { describe, expect, it } from "vitest";
import { mediaIdsIn } from "./evaluate-content.ts";

const A = "0b7f4c2e-5d1a-4e8b-9c3f-1a2b3c4d5e6f";
const B = "9E8D7C6B-5A4F-4E3D-8C2B-1A0F9E8D7C6B";

describe("mediaIdsIn: the library assets a text uses", () => {
  it("reads asset ids from images and links to library files, lowercased, once each, with the cover", () => {
    const body = [
      `![A calm room](/media/${A}/960.webp)`,
      `[Download the leaflet](/MEDIA/${B})`,
      `![Again](/media/${A}/original.webp)`,
    ].join("\n\n");
    expect(mediaIdsIn(body, "c0ffee00-0000-4000-8000-000000000000")).toEqual([A, B.toLowerCase(), "c0ffee00-0000-4000-8000-000000000000"]);
  });

  it("ignores addresses that do not name an asset by its id", () => {
    const body = [
      "![Not an id](/media/m-pen-closeup/960.webp)",
      `![Id with more glued on](/media/${A}x/960.webp)`,
      `![Elsewhere](/images/${A}/960.webp)`,
      `[A query, not a file](/media/${A}?download)`,
    ].join("\n\n");
    expect(mediaIdsIn(body, null)).toEqual([]);
  });
});
