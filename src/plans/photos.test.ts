import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cleanPhoto, PhotoInputError, PHOTO_MAX_BYTES, PHOTO_MAX_SIDE } from "./photos.ts";
import { photoWithGps } from "./photo-test-fixtures.ts";

describe("cleanPhoto", () => {
  it("drops EXIF and GPS and applies the orientation to the pixels", async () => {
    const input = await photoWithGps(300, 200);
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(before.exif!.includes(Buffer.from("PhoneMaker"))).toBe(true);
    const clean = await cleanPhoto(input);
    const after = await sharp(clean.jpeg).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(Buffer.from(clean.jpeg).includes(Buffer.from("PhoneMaker"))).toBe(false);
    // Orientation 6 means "rotate 90°": the stored pixels stand upright.
    expect([clean.width, clean.height]).toEqual([200, 300]);
  });

  it("shrinks large photos to the long side limit", async () => {
    const input = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#caa" } })
      .jpeg()
      .toBuffer();
    const clean = await cleanPhoto(input);
    expect(Math.max(clean.width, clean.height)).toBe(PHOTO_MAX_SIDE);
  });

  it("refuses what is not a photo, an empty file and a file that is too large", async () => {
    await expect(cleanPhoto(new TextEncoder().encode("not an image at all"))).rejects.toThrow(PhotoInputError);
    await expect(cleanPhoto(new Uint8Array())).rejects.toThrow(/Choose a photo/);
    await expect(cleanPhoto(new Uint8Array(PHOTO_MAX_BYTES + 1))).rejects.toThrow(/larger than/);
    const truncated = (await photoWithGps(400, 400)).subarray(0, 300);
    await expect(cleanPhoto(truncated)).rejects.toThrow(PhotoInputError);
  });

  it("names why a file was refused, for a page that words it in the client's language", async () => {
    const problem = (input: Uint8Array) =>
      cleanPhoto(input).then(
        () => null,
        (e: unknown) => (e instanceof PhotoInputError ? e.problem : e),
      );
    expect(await problem(new Uint8Array())).toBe("empty");
    expect(await problem(new Uint8Array(PHOTO_MAX_BYTES + 1))).toBe("too-large");
    expect(await problem(new TextEncoder().encode("not an image at all"))).toBe("unreadable");
  });
});
