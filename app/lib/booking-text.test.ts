import { describe, expect, it } from "vitest";
import { ClientContactSchema } from "../../src/clients/contact.ts";
import { NotEligibleError, notEligibleMessage, type IneligibleReason } from "../../src/scheduling/errors.ts";
import { CATALOGS, translator, type MessageKey } from "../i18n/catalog.ts";
import { booking } from "../i18n/messages/booking.ts";
import { cancellationWindowText, contactErrors, isKnownContactMessage, notEligibleText, planWindowText } from "./booking-text.ts";
import { fieldErrors } from "./problem.ts";
import { formatDateLong, planWindowText as englishPlanWindowText } from "./format.ts";

const en = translator("en");
const fr = translator("fr");

describe("contact form errors in both languages", () => {
  const bad: unknown[] = [
    {},
    { name: "", email: "", phone: "" },
    { name: "x".repeat(121), email: `${"a".repeat(250)}@example.com`, phone: "1".repeat(31) },
    { name: "Amelia", email: "amelia@", phone: "letters" },
    { name: "Amelia", email: "amelia@example.com", phone: "123" },
    { name: "Ame\u0000lia", email: "amelia@example.com" },
  ];
  const messages = new Set<string>();
  for (const input of bad) {
    const parsed = ClientContactSchema.safeParse(input);
    if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
    for (const issue of parsed.error.issues) messages.add(issue.message);
  }

  it("has a French wording for every message the schema gives", () => {
    expect(messages.size).toBeGreaterThanOrEqual(9);
    for (const message of messages) expect(isKnownContactMessage(message), message).toBe(true);
  });

  it("keeps the schema's English and words the French naturally", () => {
    const parsed = ClientContactSchema.safeParse({ name: "Amelia", email: "amelia@", phone: "letters" });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!);
    expect(contactErrors(en, "en", errors)).toEqual(errors);
    expect(contactErrors(fr, "fr", errors)).toEqual({
      email: "Inscrivez une adresse courriel comme nom@exemple.com.",
      phone: "Utilisez seulement des chiffres, des espaces et les signes + ( ) -.",
    });
  });

  it("does not show an unknown English message on a French page", () => {
    expect(contactErrors(fr, "fr", { name: "Something new." })).toEqual({ name: "Veuillez vérifier ce champ." });
    expect(contactErrors(en, "en", { name: "Something new." })).toEqual({ name: "Something new." });
  });
});

describe("server errors in the page's language", () => {
  const reasons: IneligibleReason[] = [
    "no-screening",
    "screening-expired",
    "needs-review",
    "not-suitable",
    "deferred",
    "awaiting-resolution",
    "unreadable",
  ];

  it("says in English exactly what the API says about a refused treatment", () => {
    for (const reason of reasons) {
      for (const earliest of [null, "2027-08-10"]) {
        const error = new NotEligibleError(reason, earliest);
        expect(notEligibleText(en, "en", error)).toBe(notEligibleMessage(error, earliest ? formatDateLong(earliest) : null));
      }
    }
  });

  it("gives the date in French", () => {
    expect(notEligibleText(fr, "fr", new NotEligibleError("deferred", "2027-08-10"))).toContain("à partir du mardi 10 août 2027");
  });

  it("words a plan window like the staff screens in English, and in French", () => {
    const cases = [
      { session: 2, earliest: "2027-01-05", latest: "2027-01-19" },
      { session: 2, earliest: "2027-01-05", latest: null },
      { session: 3, earliest: null, latest: "2027-01-19" },
      { session: 4, earliest: null, latest: null },
      { session: 5, earliest: "2027-05-05", latest: "2027-05-05" },
    ];
    for (const c of cases) expect(planWindowText(en, "en", c)).toBe(englishPlanWindowText(c));
    // A one-day window is said as one day, not "between May 5 and May 5".
    expect(planWindowText(en, "en", cases[4]!)).toContain("needs to stay on Wednesday, May 5, 2027 to keep");
    expect(planWindowText(fr, "fr", cases[4]!)).toContain("le mercredi 5 mai 2027 pour respecter");
    expect(planWindowText(fr, "fr", cases[0]!)).toBe(
      "Il s’agit de la séance 2 d’un plan de traitement\u00a0: elle doit avoir lieu entre le mardi 5 janvier 2027 et le mardi 19 janvier 2027 pour respecter le bon intervalle entre les séances. Veuillez appeler la clinique pour la déplacer davantage.",
    );
  });

  it("names the cancellation window", () => {
    expect(cancellationWindowText(en, 24 * 60)).toBe("24 hours");
    expect(cancellationWindowText(en, 60)).toBe("1 hour");
    expect(cancellationWindowText(fr, 48 * 60)).toBe("48 heures");
    expect(cancellationWindowText(fr, 90)).toBe("90 minutes");
  });
});

describe("the booking messages", () => {
  const slots = (text: string) => [...text.matchAll(/\{(\w+)\}|<(\w+)>/g)].map((m) => m[0]).sort();

  it("use the same parameters and tags in French as in English", () => {
    for (const key of Object.keys(booking.en) as (keyof typeof booking.en)[]) {
      expect(slots(booking.fr[key]), key).toEqual(slots(booking.en[key]));
      expect(booking.fr[key].trim(), key).not.toBe("");
    }
  });

  it("follow Canadian French typography: a non-breaking space before a colon and inside guillemets", () => {
    for (const [key, text] of Object.entries(booking.fr)) {
      expect(text, key).not.toMatch(/[^\u00a0]:|« | »/);
    }
  });

  it("are part of the merged catalogs", () => {
    const key: MessageKey = "booking.contact.email";
    expect(CATALOGS.fr[key]).toBe("Courriel");
  });
});
