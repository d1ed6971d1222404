// Zod pieces for the administration's forms: every field as a form sends it
// (text, possibly empty or absent), turned into the stored value or a message
// for that field.
import { z } from "zod";
import { FieldError, zodFieldErrors } from "../../kernel/errors.ts";

/** The input as the schema makes it, or a FieldError with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new FieldError(zodFieldErrors(result.error.issues));
  return result.data;
}

export const text = (max: number, message: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().max(max, message));

/** A field a form may leave out: absent (undefined) keeps what is stored. */
export const keptText = (max: number, message: string) =>
  z.preprocess((v) => (v === null ? undefined : v), z.string().trim().max(max, message).optional());

export const requiredText = (max: number, emptyMessage: string, longMessage: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().min(1, emptyMessage).max(max, longMessage));

/** A whole number typed into a form; `fallback` stands in for an empty field. */
export const wholeNumber = (min: number, max: number, message: string, fallback?: number) =>
  z
    .union([z.string(), z.number()], { error: message })
    .optional()
    .transform((v, ctx) => {
      const s = v === undefined ? "" : String(v).trim();
      if (s === "" && fallback !== undefined) return fallback;
      if (!/^-?\d{1,9}$/.test(s)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      const n = Number(s);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

/** A checkbox: present ("on") or true means yes; absent means no. */
export const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

/** Ids from a group of checkboxes: trimmed, blanks and repeats dropped. */
export const idList = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))]);
