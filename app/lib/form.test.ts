import { isRouteErrorResponse } from "react-router";
import { describe, expect, it } from "vitest";
import { LINE_CONTROL_MESSAGE, TEXT_CONTROL_MESSAGE } from "../../src/kernel/text.ts";
import { formTextErrors, LINE_MAX, readForm } from "./form.ts";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("formTextErrors", () => {
  it("names every one-line field holding a control character, read or not", () => {
    expect(formTextErrors(form({ name: "Ann\u0000", title: "a\r\nb", slug: "x\u202ey", hidden: "\u0007", fine: "Zoë O'Brien" }))).toEqual({
      name: LINE_CONTROL_MESSAGE,
      title: LINE_CONTROL_MESSAGE,
      slug: LINE_CONTROL_MESSAGE,
      hidden: LINE_CONTROL_MESSAGE,
    });
  });

  it("lets multi-line fields keep tabs and line breaks, and nothing else", () => {
    expect(formTextErrors(form({ body: "one\r\n\ttwo\n" }), { texts: ["body"] })).toBeNull();
    expect(formTextErrors(form({ body: "one\u0000" }), { texts: ["body"] })).toEqual({ body: TEXT_CONTROL_MESSAGE });
  });

  it("refuses one-line fields longer than LINE_MAX", () => {
    expect(formTextErrors(form({ name: "a".repeat(LINE_MAX + 1) }))).toHaveProperty("name");
    expect(formTextErrors(form({ name: "a".repeat(LINE_MAX) }))).toBeNull();
    expect(formTextErrors(form({ body: "a".repeat(LINE_MAX + 1) }), { texts: ["body"] })).toBeNull();
  });

  it("refuses a field name holding a control character", () => {
    expect(formTextErrors(form({ "na\u0000me": "x" }))).toEqual({ form: LINE_CONTROL_MESSAGE });
  });
});

describe("readForm", () => {
  const post = (body: BodyInit, type?: string) =>
    new Request("http://x.test/staff", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });

  async function status(request: Request): Promise<number> {
    try {
      await readForm(request);
      return 200;
    } catch (error) {
      if (isRouteErrorResponse(error)) return error.status;
      if (error && typeof error === "object" && "init" in error) return (error as { init: { status: number } }).init.status;
      throw error;
    }
  }

  it("reads URL-encoded and multipart forms", async () => {
    expect(await status(post("a=1", "application/x-www-form-urlencoded"))).toBe(200);
    expect(await status(post(form({ a: "1" })))).toBe(200);
  });

  it("refuses what is not a form with 415 and a broken form with 400", async () => {
    expect(await status(post('{"a":1}', "application/json"))).toBe(415);
    expect(await status(post("a=1", "text/plain"))).toBe(415);
    expect(await status(new Request("http://x.test/staff", { method: "POST", body: new Uint8Array([97]) }))).toBe(415);
    expect(await status(post("--x\r\n\r\n", "multipart/form-data; boundary=y"))).toBe(400);
  });
});
