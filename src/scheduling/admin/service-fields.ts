// The service form's fields: prices typed in dollars with the day they take
// effect, web address names (slugs) made from a name, and the schema that
// reads the whole form.
import { z } from "zod";
import { isPlausiblePlainDate } from "../../kernel/dates.ts";
import { checkbox, idList, keptText, requiredText, text, wholeNumber } from "./form-fields.ts";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PRICE_MESSAGE = "Enter the price in dollars, like 299 or 299.50, or leave it empty for “price on request”.";
const PRICE_FROM_MESSAGE = "Enter the day the price takes effect, like 2027-03-01.";
const MAX_PRICE_CENTS = 100_000_000; // $1,000,000: far above any treatment, far below the integer column's limit.

/**
 * Dollars as typed ("299", "299.50", "$1,299", "299,50") → integer cents.
 * Empty means no price (price on request). Never through floating point.
 */
export function parsePriceToCents(input: string): { ok: true; cents: number | null } | { ok: false; message: string } {
  let s = input
    .trim()
    .replace(/^\$\s*/, "")
    .replace(/\s*\$$/, "");
  if (s === "") return { ok: true, cents: null };
  if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, "");
  else if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(",", "."); // 299,50 as written in French Canada
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, message: PRICE_MESSAGE };
  const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_PRICE_CENTS) return { ok: false, message: "That price is too high. Enter it in dollars, like 299.50." };
  return { ok: true, cents };
}

/** Cents → what the price field shows: "299", "299.50", or "" for no price. */
export function centsToPriceInput(cents: number | null): string {
  if (cents === null) return "";
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(dollars) : `${dollars}.${String(rest).padStart(2, "0")}`;
}

/** A slug made from a name: "Microneedling — face" → "microneedling-face". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

export const ServiceSchema = z
  .object({
    name: requiredText(120, "Enter the service's name.", "Keep the name under 120 characters."),
    slug: text(60, "Keep the web address name under 60 characters.").refine(
      (v) => v === "" || SLUG.test(v),
      "Use lowercase letters, digits and single hyphens only, like microneedling-face.",
    ),
    kind: z.enum(["consultation", "treatment"], { error: "Choose consultation or treatment." }),
    description: text(2000, "Keep the description under 2,000 characters."),
    nameFr: keptText(120, "Keep the French name under 120 characters."),
    descriptionFr: keptText(2000, "Keep the French description under 2,000 characters."),
    durationMinutes: wholeNumber(5, 480, "Enter the length in whole minutes, from 5 to 480."),
    bufferBeforeMinutes: wholeNumber(0, 120, "Enter a whole number of minutes from 0 to 120.", 0),
    bufferAfterMinutes: wholeNumber(0, 120, "Enter a whole number of minutes from 0 to 120.", 0),
    price: z
      .preprocess((v) => (v === undefined || v === null ? "" : String(v)), z.string())
      .transform((v, ctx) => {
        const r = parsePriceToCents(v);
        if (!r.ok) {
          ctx.addIssue({ code: "custom", message: r.message });
          return z.NEVER;
        }
        return r.cents;
      }),
    currency: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toUpperCase() : "CAD"),
      z.string().regex(/^[A-Z]{3}$/, "Enter a three-letter currency code, like CAD or USD."),
    ),
    priceFrom: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : ""),
      z.string().refine((v) => v === "" || isPlausiblePlainDate(v), PRICE_FROM_MESSAGE),
    ),
    requiresRoom: checkbox,
    requiresEligibility: checkbox,
    active: checkbox,
    sortOrder: wholeNumber(-10000, 10000, "Enter a whole number (lower comes first), like 1.", 0),
    practitionerIds: idList,
  })
  .transform((v, ctx) => {
    const slug = v.slug === "" ? slugify(v.name) : v.slug;
    if (!SLUG.test(slug)) {
      // Only when the name has no letters or digits to make one from.
      ctx.addIssue({
        code: "custom",
        path: ["slug"],
        message: "Enter a web address name: lowercase letters, digits and hyphens, like microneedling-face.",
      });
      return z.NEVER;
    }
    return { ...v, slug };
  });

/** As the service form sends it; numbers may come as text. */
export interface ServiceInput {
  name?: string;
  /** Empty: made from the name. */
  slug?: string;
  kind?: string;
  description?: string;
  /** The name and description on French pages; left out, the stored ones stay. */
  nameFr?: string;
  descriptionFr?: string;
  durationMinutes?: string | number;
  bufferBeforeMinutes?: string | number;
  bufferAfterMinutes?: string | number;
  /** Dollars, like "299.50"; empty for price on request. */
  price?: string;
  currency?: string;
  /** The day the price (and currency) take effect, YYYY-MM-DD in the clinic's calendar; empty: today. */
  priceFrom?: string;
  requiresRoom?: boolean | string;
  requiresEligibility?: boolean | string;
  active?: boolean | string;
  sortOrder?: string | number;
  practitionerIds?: string[] | string;
}
