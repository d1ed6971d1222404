import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalHash, canonicalJson, readJson } from "./api.server.ts";

/** The recursive version this replaced: stored idempotency hashes were made with it. */
function recursiveHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(canonical(value)))
    .digest("hex");
}

const post = (body: string, type = "application/json") =>
  new Request("http://x.test/api", { method: "POST", headers: { "Content-Type": type }, body });

describe("canonicalHash", () => {
  it("hashes every JSON value as the recursive version did", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = JSON.parse(JSON.stringify(value));
        expect(canonicalHash(parsed)).toBe(recursiveHash(parsed));
      }),
      { numRuns: 500 },
    );
  });

  it("ignores key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(canonicalHash({ b: 1, a: 2 })).toBe(canonicalHash({ a: 2, b: 1 }));
  });

  it("does not overflow the stack on a value nested 200,000 levels deep", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    expect(canonicalHash(deep)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("readJson", () => {
  const schema = z.object({ name: z.string() }).passthrough();

  it("refuses a body nested deeper than 32 levels with 400, before parsing it", async () => {
    const r = await readJson(post(`{"name":"a","x":${"[".repeat(200_000)}${"]".repeat(200_000)}}`), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.response.status).toBe(400);
    expect((await r.response.json()).errors).toHaveProperty("body");
    const at = (levels: number) => `{"name":"a","x":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
    expect((await readJson(post(at(32)), schema)).ok).toBe(true);
    expect((await readJson(post(at(33)), schema)).ok).toBe(false);
  });

  it("does not count brackets inside strings", async () => {
    expect((await readJson(post(JSON.stringify({ name: "[".repeat(100) + '\\"{' })), schema)).ok).toBe(true);
  });

  it.each([
    ["a NUL byte", { name: "a\u0000b" }, "name"],
    ["a lone surrogate", { name: "a\ud800" }, "name"],
    ["a control character deep inside", { name: "a", more: [{ x: "\u0007" }] }, "more.0.x"],
    ["a NUL byte in a key", { name: "a", ["k\u0000"]: 1 }, "k?"],
  ])("refuses %s with 422 naming where it is", async (_label, body, field) => {
    const r = await readJson(post(JSON.stringify(body)), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.response.status).toBe(422);
    expect((await r.response.json()).errors).toHaveProperty([field]);
  });

  it("keeps tabs and line breaks for the schema to judge", async () => {
    expect((await readJson(post(JSON.stringify({ name: "a\tb\nc" })), schema)).ok).toBe(true);
  });

  it("refuses a body that is not JSON", async () => {
    const r = await readJson(post("{}", "text/plain"), schema);
    expect(!r.ok && r.response.status).toBe(415);
    const bad = await readJson(post("{"), schema);
    expect(!bad.ok && bad.response.status).toBe(400);
  });
});
