import { describe, expect, it } from "vitest";
import { composeBookingMessage, formatWhen, linkIn, type BookingMessageInput } from "./booking-messages.ts";
import { buildIcs } from "./ics.ts";

const base: BookingMessageInput = {
  kind: "booking-confirmed",
  appointmentId: "a1",
  sequence: 0,
  clinicName: "Test Spa",
  clinicPhone: "(519) 555-0100",
  clinicEmail: "hello@spa.test",
  locationLine: "1 King St, Waterloo",
  timeZone: "America/Toronto",
  serviceName: "Consultation",
  practitionerName: "Ada",
  clientName: "Sam Client",
  clientEmail: "sam@example.test",
  start: Date.parse("2027-03-26T13:00:00Z"),
  end: Date.parse("2027-03-26T13:30:00Z"),
  manageUrl: "https://spa.test/manage/a1?token=secret",
  intakeUrl: "https://spa.test/portal/intake",
  cancellationWindowHours: 24,
  now: Date.parse("2027-03-01T12:00:00Z"),
};

describe("booking messages", () => {
  it("links a confirmation to the intake questionnaire in the account, and nothing more", () => {
    const m = composeBookingMessage(base);
    expect(m.text).toContain("Before your visit, please answer the health questions in your account:\nhttps://spa.test/portal/intake\n");
    expect(m.html).toContain('<a href="https://spa.test/portal/intake">Answer your health questions</a>');
    // The link carries no token and no answers: the questions are behind the portal sign-in.
    expect(base.intakeUrl).not.toMatch(/[?#]/);
  });

  it("leaves the intake out of reschedules, cancellations and messages without the link", () => {
    for (const kind of ["booking-rescheduled", "booking-cancelled"] as const) {
      expect(composeBookingMessage({ ...base, kind }).text).not.toContain("/portal/intake");
    }
    const { intakeUrl: _, ...without } = base;
    expect(composeBookingMessage(without).text).not.toContain("health questions");
  });
});

// Words about health or treatment that no e-mail may carry, in either language.
const CLINICAL =
  /acne|isotretinoin|accutane|pregnan|grossesse|enceinte|rosacea|rosacée|eczema|eczéma|melasma|mélasma|scar|cicatrice|depth|profondeur|fitzpatrick|allerg|medication|médicament|diagnos|condition|screening|dépistage/i;

describe("booking messages in French", () => {
  const fr: BookingMessageInput = { ...base, locale: "fr" };

  it("writes subject and body in French, with the date and time formatted for fr-CA", () => {
    const m = composeBookingMessage(fr);
    expect(m.subject).toBe("Votre rendez-vous est confirmé — Test Spa");
    expect(m.text.startsWith("Bonjour Sam Client,\n")).toBe(true);
    // 13:00 UTC on 26 March 2027 is 9 a.m. in Toronto (EDT, « HAE » in French).
    expect(m.text).toContain("Votre rendez-vous est confirmé\u00a0: Consultation avec Ada, vendredi 26 mars 2027, 9 h 00 – 9 h 30 HAE.");
    expect(m.text).toContain("Téléphone\u00a0: (519) 555-0100");
    expect(m.text).toContain("prévenez-nous au moins 24\u00a0heures à l’avance");
    expect(m.text).toContain("L’invitation jointe ajoute ce rendez-vous à votre calendrier.");
    expect(m.html.startsWith('<!doctype html><html lang="fr">')).toBe(true);
    expect(m.text).not.toMatch(/\b(Hello|Your|Phone|Please|calendar)\b/);
  });

  it("links to the French pages: the manage page under /fr, the account with lang=fr", () => {
    const m = composeBookingMessage(fr);
    expect(m.text).toContain("\nhttps://spa.test/fr/manage/a1?token=secret\n");
    expect(m.html).toContain('<a href="https://spa.test/fr/manage/a1?token=secret">Gérer votre rendez-vous</a>');
    expect(m.text).toContain("questions de santé dans votre compte\u00a0:\nhttps://spa.test/portal/intake?lang=fr");
    expect(m.html).toContain('<a href="https://spa.test/portal/intake?lang=fr">Répondre à vos questions de santé</a>');
  });

  it("moves and cancellations are French too, and the invitation says its language", () => {
    const moved = composeBookingMessage({ ...fr, kind: "booking-rescheduled", sequence: 1 });
    expect(moved.subject).toBe("Votre rendez-vous a été déplacé — Test Spa");
    expect(moved.text).not.toContain("/portal/intake");
    const cancelled = composeBookingMessage({ ...fr, kind: "booking-cancelled", manageUrl: null, sequence: 2 });
    expect(cancelled.subject).toBe("Votre rendez-vous est annulé — Test Spa");
    expect(cancelled.text).toContain(
      "Votre rendez-vous «\u00a0Consultation\u00a0» du vendredi 26 mars 2027, 9 h 00 – 9 h 30 HAE a été annulé.",
    );
    const ics = moved.ics!.replace(/\r\n /g, "");
    expect(ics).toContain("SUMMARY;LANGUAGE=fr-CA:Consultation — Test Spa");
    expect(ics).toContain("DESCRIPTION;LANGUAGE=fr-CA:Gérer votre rendez-vous\u00a0: https://spa.test/fr/manage/a1?token=secret");
    expect(ics).toContain("URL:https://spa.test/fr/manage/a1?token=secret");
  });

  it("names the service by its French name in the body, the HTML and the invitation, and by the English one when none was entered", () => {
    const named: BookingMessageInput = { ...fr, serviceName: "Microneedling — face", serviceNameFr: "Microneedling — visage" };
    const booked = composeBookingMessage(named);
    expect(booked.text).toContain("Votre rendez-vous est confirmé\u00a0: Microneedling — visage avec Ada, vendredi 26 mars 2027");
    expect(booked.html).toContain("Microneedling — visage avec Ada");
    expect(booked.html).not.toContain("<span lang");
    expect(`${booked.text}${booked.html}`).not.toContain("face");
    expect(booked.ics!.replace(/\r\n /g, "")).toContain("SUMMARY;LANGUAGE=fr-CA:Microneedling — visage — Test Spa");
    const cancelled = composeBookingMessage({ ...named, kind: "booking-cancelled", manageUrl: null });
    expect(cancelled.text).toContain("Votre rendez-vous «\u00a0Microneedling — visage\u00a0» du vendredi 26 mars 2027");

    for (const missing of [undefined, "", "   "]) {
      const fallback = composeBookingMessage({ ...named, serviceNameFr: missing });
      expect(fallback.text).toContain("confirmé\u00a0: Microneedling — face avec Ada");
      expect(fallback.html).toContain('confirmé\u00a0: <span lang="en">Microneedling — face</span> avec Ada');
    }
    // An English reader reads the English name whatever French one the clinic entered.
    const english = composeBookingMessage({ ...named, locale: "en" });
    expect(english.text).toContain("Your appointment is booked: Microneedling — face with Ada");
    expect(english.ics).not.toContain("visage");
  });

  it("names nothing clinical, in any kind of message", () => {
    for (const kind of ["booking-confirmed", "booking-rescheduled", "booking-cancelled"] as const) {
      const m = composeBookingMessage({ ...fr, kind });
      expect(`${m.subject}\n${m.text}\n${m.html}\n${m.ics}`).not.toMatch(CLINICAL);
    }
  });

  it("keeps English exactly as it was when no language or English is given", () => {
    const plain = composeBookingMessage(base);
    expect(composeBookingMessage({ ...base, locale: "en" })).toEqual(plain);
    expect(plain.subject).toBe("Your appointment is booked — Test Spa");
    expect(plain.text).toContain("Your appointment is booked: Consultation with Ada, Friday, March 26, 2027, 9:00 a.m. – 9:30 a.m. EDT.");
    expect(plain.text).toContain("\nhttps://spa.test/manage/a1?token=secret\n");
    expect(plain.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(plain.ics).not.toContain("LANGUAGE=");
  });
});

describe("formatWhen", () => {
  it("writes the day and both times in the clinic's zone, in either language", () => {
    const start = Date.parse("2027-11-05T20:30:00Z");
    const end = Date.parse("2027-11-05T21:15:00Z");
    expect(formatWhen(start, end, "America/Toronto")).toBe("Friday, November 5, 2027, 4:30 p.m. – 5:15 p.m. EDT");
    expect(formatWhen(start, end, "America/Toronto", "fr-CA")).toBe("vendredi 5 novembre 2027, 16 h 30 – 17 h 15 HAE");
    // After the change to standard time the zone's abbreviation follows.
    const winter = Date.parse("2027-12-01T15:00:00Z");
    expect(formatWhen(winter, winter + 1_800_000, "America/Toronto", "fr-CA")).toBe("mercredi 1 décembre 2027, 10 h 00 – 10 h 30 HNE");
  });
});

describe("links in e-mails", () => {
  it("open the page in the e-mail's language and leave other addresses alone", () => {
    expect(linkIn("https://spa.test/manage/a1?token=x", "en")).toBe("https://spa.test/manage/a1?token=x");
    expect(linkIn("https://spa.test/manage/a1?token=x", "fr")).toBe("https://spa.test/fr/manage/a1?token=x");
    expect(linkIn("https://spa.test/portal/verify?token=abc", "fr")).toBe("https://spa.test/portal/verify?token=abc&lang=fr");
    expect(linkIn("https://spa.test/portal/login", "fr")).toBe("https://spa.test/portal/login?lang=fr");
    expect(linkIn("https://spa.test/book", "fr")).toBe("https://spa.test/book");
    expect(linkIn("not a url", "fr")).toBe("not a url");
  });
});

describe("the invitation's language", () => {
  it("is written only as a language tag", () => {
    expect(() => composeBookingMessage({ ...base, locale: "fr" })).not.toThrow();
    expect(() =>
      buildIcs({
        uid: "a@x",
        sequence: 0,
        method: "REQUEST",
        start: base.start,
        end: base.end,
        timeZone: base.timeZone,
        summary: "x",
        organizer: { name: "Spa", email: "spa@example.test" },
        now: base.now,
        language: "fr-CA:\r\nX-EVIL:1",
      }),
    ).toThrow(RangeError);
  });
});
