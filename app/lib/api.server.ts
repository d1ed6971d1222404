import { createHash } from "node:crypto";
import type { z } from "zod";
import { fieldErrors, invalidInput, problem } from "./problem.ts";

/** Reads a JSON body, answering the caller's mistakes as problem+json instead of throwing. */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ ok: true; data: z.infer<T>; raw: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    return { ok: false, response: problem("unsupported-media-type", 415, "Send the body as application/json") };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await request.text());
  } catch {
    return { ok: false, response: problem("invalid-input", 400, "The body is not valid JSON", { errors: { body: "Not valid JSON" } }) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: invalidInput(fieldErrors(parsed.error)) };
  return { ok: true, data: parsed.data, raw };
}

/** Same JSON, same hash, whatever the key order. */
export function canonicalHash(value: unknown): string {
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

export function methodNotAllowed(allow: string): Response {
  return problem("method-not-allowed", 405, `Use ${allow} here`, {}, { Allow: allow });
}
