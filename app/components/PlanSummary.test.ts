// The plan as the client reads it: the page's language for the fixed words,
// the words fixed at offer time in theirs (marked when they differ), the
// practitioner's note as written, and the staff view unchanged in English.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { clientCopyOf } from "../../src/plans/client-copy.ts";
import type { PlanDraft } from "../../src/plans/types.ts";
import { LocaleProvider } from "../i18n/context.tsx";
import type { Locale } from "../i18n/locales.ts";
import { PlanSummary } from "./PlanSummary.tsx";

const DRAFT: PlanDraft = {
  assessment: { fitzpatrick: 3, fitzpatrickFromIntake: 3, glogau: null, concerns: [], notes: "" },
  zones: [{ zone: "cheek-left", indication: "acne-scars", depthMinMm: 1, depthMaxMm: 1.5 }],
  serviceId: "svc",
  practitionerId: null,
  sessions: 3,
  intervalMinDays: 28,
  intervalMaxDays: 42,
  numbingCream: true,
  productIds: [],
  pricePerSessionCents: 25000,
  packagePriceCents: 70000,
  currency: "CAD",
  noteToClient: "See you soon — à bientôt!",
};

function render(draft: PlanDraft, audience: "client" | "staff", locale?: Locale): string {
  const summary = createElement(PlanSummary, { draft, audience });
  return renderToStaticMarkup(locale ? createElement(LocaleProvider, { locale, children: summary }) : summary);
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("PlanSummary", () => {
  const english = { ...DRAFT, clientCopy: clientCopyOf(DRAFT, null, 1) };
  const french = { ...DRAFT, clientCopy: clientCopyOf(DRAFT, null, 1, "fr") };

  it("shows a French client the fixed words in French, and marks words offered in English as English", () => {
    const html = render(english, "client", "fr");
    const words = text(html);
    for (const w of [
      "Zones et profondeur des aiguilles",
      "Séances",
      "3 séances, à 28–42 jours d’intervalle",
      "Environ",
      "Crème anesthésiante",
      "Oui",
      "Après chaque séance",
      "Un mot de votre praticienne ou praticien",
    ]) {
      expect(words).toContain(w);
    }
    expect(words).toContain("1,0–1,5 mm");
    expect(html).toContain('<th scope="row" lang="en-CA">Cheek, left</th>');
    expect(html).toMatch(/<p lang="en-CA">Expect redness/);
    // The note stays as the practitioner wrote it, with no language claimed for it.
    expect(html).toContain('<p class="pre-wrap">See you soon — à bientôt!</p>');
  });

  it("needs no marks when the plan was offered in the page's language", () => {
    const html = render(french, "client", "fr");
    expect(html).not.toContain("lang=");
    expect(text(html)).toContain("Joue, gauche");
    expect(text(html)).toContain("Cicatrices d’acné");
  });

  it("keeps the English client view and the staff view in English, marking a French copy for staff", () => {
    const client = text(render(english, "client", "en"));
    expect(client).toContain("Areas and needle depth");
    expect(client).toContain("3 sessions, 28–42 days apart");
    expect(client).toContain("About 30 minutes, plus 30 minutes for the numbing cream to work");
    expect(client).toContain("A note from your practitioner");
    const staff = render(french, "staff");
    expect(text(staff)).toContain("Skin type");
    expect(text(staff)).toContain("Note to the client");
    expect(text(staff)).toContain("1.0–1.5 mm");
    expect(staff).toContain('<th scope="row" lang="fr-CA">Joue, gauche</th>');
    // Staff pages have no language provider: English whatever the client reads.
    expect(render(english, "staff")).toBe(render(english, "staff", "fr"));
  });
});
