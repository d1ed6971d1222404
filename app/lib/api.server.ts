import { createHash } from "node:crypto";
import type { z } from "zod";
import { controlCharacterPath, jsonTextDepth, MAX_JSON_DEPTH, TEXT_CONTROL_MESSAGE } from "../../src/kernel/text.ts";
import { fieldErrors, invalidInput, problem } from "./problem.ts";

/**
 * Reads a JSON body, answering the caller's mistakes as problem+json instead of throwing:
 * not JSON (415), not valid JSON or nested deeper than MAX_JSON_DEPTH (400), the
 * schema's field errors (422), then a string anywhere holding a control character
 * or a lone surrogate (422, naming its path).
 */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ ok: true; data: z.infer<T>; raw: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    return { ok: false, response: problem("unsupported-media-type", 415, "Send the body as application/json") };
  }
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: problem("invalid-input", 400, "The body could not be read", { errors: { body: "Not readable" } }) };
  }
  // Counted on the text, before parsing: nothing recursive ever walks a body this deep.
  if (jsonTextDepth(text) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      response: problem("invalid-input", 400, "The body is nested too deeply", {
        errors: { body: `Nested more than ${MAX_JSON_DEPTH} levels deep` },
      }),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: problem("invalid-input", 400, "The body is not valid JSON", { errors: { body: "Not valid JSON" } }) };
  }
  // The schema's own words first (a one-line field says so); then, for what no schema looks into (free text, an
  // object read later), no string anywhere may hold a control character or a lone surrogate.
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: invalidInput(fieldErrors(parsed.error)) };
  const unsafe = controlCharacterPath(raw);
  if (unsafe !== null) return { ok: false, response: invalidInput({ [unsafe]: TEXT_CONTROL_MESSAGE }) };
  return { ok: true, data: parsed.data, raw };
}

/**
 * Same JSON, same hash, whatever the key order. Walks without recursion, so
 * no value can overflow the stack (readJson also refuses deep bodies first).
 */
export function canonicalHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** JSON text with every object's keys sorted, written without recursion. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Work items: a value to write, or a literal piece of text.
  const stack: ({ v: unknown } | { text: string })[] = [{ v: value }];
  while (stack.length) {
    const item = stack.pop()!;
    if ("text" in item) {
      out.push(item.text);
      continue;
    }
    const v = item.v;
    if (Array.isArray(v)) {
      const parts: ({ v: unknown } | { text: string })[] = [{ text: "[" }];
      v.forEach((element, i) => {
        if (i) parts.push({ text: "," });
        // As JSON.stringify does: undefined, functions and symbols in arrays are null.
        parts.push(
          element === undefined || typeof element === "function" || typeof element === "symbol" ? { text: "null" } : { v: element },
        );
      });
      parts.push({ text: "]" });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    } else if (v && typeof v === "object") {
      const record = v as Record<string, unknown>;
      // The order an object built from the sorted keys enumerates them in (integer-like keys first), as the
      // recursive version (Object.fromEntries, then JSON.stringify) wrote them: stored hashes stay valid.
      const keys = Object.keys(
        Object.fromEntries(
          Object.keys(record)
            .sort()
            .map((k) => [k, 0]),
        ),
      ).filter((k) => record[k] !== undefined && typeof record[k] !== "function" && typeof record[k] !== "symbol");
      const parts: ({ v: unknown } | { text: string })[] = [{ text: "{" }];
      keys.forEach((k, i) => {
        parts.push({ text: `${i ? "," : ""}${JSON.stringify(k)}:` }, { v: record[k] });
      });
      parts.push({ text: "}" });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    } else {
      out.push(JSON.stringify(v) ?? "null");
    }
  }
  return out.join("");
}

export function methodNotAllowed(allow: string): Response {
  return problem("method-not-allowed", 405, `Use ${allow} here`, {}, { Allow: allow });
}
