// A client's language: set when they book (the booking page's or the API's
// `locale`), changed from their account, and followed by every e-mail they
// get afterwards — confirmations, moves, cancellations, sign-in links,
// reminders. None of them names anything clinical, in either language.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../db/open.ts";
import { appointments, auditEvents, clients, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { requestEligibilityReminder, sendDueEligibilityReminders } from "../privacy/eligibility-reminders.ts";
import { bookAppointment } from "../scheduling/book-appointment.ts";
import { cancelBooking, rescheduleBooking } from "../scheduling/manage-booking.ts";
import { useClinicFixture, weekdayHours, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { parseOffsetIso } from "../scheduling/time.ts";
import type { ClientLocale } from "./locale.ts";
import { ClientLocaleError, getClientLocale, getClientSessionWithLocale, setClientLocale, signInWithLink } from "./portal.ts";
import { composePlanReadyMessage } from "./portal-messages.ts";
import { askSignInLink } from "./test-fixtures.ts";
import { NotFoundError } from "../kernel/errors.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
const BASE = "https://spa.example";
let f: ClinicFixture;
let org: string;
let n = 0;

// Words about health or treatment that no e-mail may carry, in either language.
const CLINICAL =
  /acne|acné|isotretinoin|pregnan|grossesse|enceinte|rosacea|rosacée|eczema|eczéma|melasma|mélasma|scar|cicatrice|depth|profondeur|fitzpatrick|allerg|medication|médicament|diagnos|screening|dépistage/i;

useClinicFixture(async (made) => {
  f = made;
  org = f.clinic.organizationId;
});

const db = () => f.database.db;

const nextHour = weekdayHours(Date.UTC(2027, 3, 5));
/** A free weekday hour of the first practitioner, from 5 April 2027 on, one per call. */
function nextSlot(): number {
  return parseOffsetIso(nextHour())!;
}

async function book(
  email: string,
  locale?: ClientLocale,
  actor: { type: "public" | "client"; id: string | null } = { type: "public", id: null },
) {
  const { booking } = await bookAppointment(db(), {
    clinic: f.clinic,
    keyRing: f.keyRing,
    service: f.services["consultation"]!,
    start: nextSlot(),
    practitionerId: f.practitioners[0]!.id,
    client: { name: "Élise Roy", email },
    source: "online",
    now: NOW,
    baseUrl: BASE,
    actor,
    ...(locale ? { locale } : {}),
  });
  const [client] = await db()
    .select()
    .from(clients)
    .where(and(eq(clients.organizationId, org), eq(clients.emailNormalized, email)));
  return { booking, client: client!, manageToken: new URL(booking.manageUrl).searchParams.get("token")! };
}

async function mailsTo(to: string, kind?: string) {
  return db()
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.toAddress, to), kind ? eq(outboxMessages.kind, kind) : sql`true`))
    .orderBy(asc(outboxMessages.createdAt));
}

const nextEmail = () => `language${++n}@example.test`;

function expectNothingClinical(m: { subject: string; bodyText: string; bodyHtml: string; ics: string | null }) {
  expect(`${m.subject}\n${m.bodyText}\n${m.bodyHtml}\n${m.ics ?? ""}`).not.toMatch(CLINICAL);
}

describe(`a client's language on ${testDatabaseKind}`, () => {
  it("is stored from a French booking, and every later e-mail is French", async () => {
    const email = nextEmail();
    const { booking, client, manageToken } = await book(email, "fr");
    expect(client.preferredLocale).toBe("fr");

    const [confirmation] = await mailsTo(email, "booking-confirmed");
    expect(confirmation!.subject).toBe(`Votre rendez-vous est confirmé — ${f.clinic.name}`);
    expect(confirmation!.bodyText).toMatch(/^Bonjour Élise Roy,\n/);
    expect(confirmation!.bodyText).toContain(`${BASE}/fr/manage/${booking.id}?token=`);
    expect(confirmation!.bodyText).toContain(`${BASE}/portal/intake?lang=fr`);
    // fr-CA: « lundi 5 avril 2027, 9 h 00 – … HAE ».
    expect(confirmation!.bodyText).toMatch(/lundi 5 avril 2027, 9 h 00 – 9 h \d\d HAE/);
    expect(confirmation!.ics).toContain("SUMMARY;LANGUAGE=fr-CA:");
    expectNothingClinical(confirmation!);

    // Moved and cancelled through the manage link, with no language given: still French.
    const later = nextSlot();
    await rescheduleBooking(db(), {
      clinic: f.clinic,
      id: booking.id,
      access: { token: manageToken },
      start: later,
      now: NOW,
      actor: { type: "client", id: null },
      baseUrl: BASE,
      keyRing: f.keyRing,
    });
    await cancelBooking(db(), {
      clinic: f.clinic,
      id: booking.id,
      access: { token: manageToken },
      now: NOW,
      actor: { type: "client", id: null },
    });
    const [moved] = await mailsTo(email, "booking-rescheduled");
    expect(moved!.subject).toBe(`Votre rendez-vous a été déplacé — ${f.clinic.name}`);
    expect(moved!.bodyText).toContain(`${BASE}/fr/manage/${booking.id}?token=${manageToken}`);
    const [cancelled] = await mailsTo(email, "booking-cancelled");
    expect(cancelled!.subject).toBe(`Votre rendez-vous est annulé — ${f.clinic.name}`);
    expect(cancelled!.bodyText).toContain("a été annulé");
    for (const m of [moved!, cancelled!]) expectNothingClinical(m);

    // The sign-in e-mail, and its link opens the sign-in page in French.
    const asked = await askSignInLink(f, email, { now: NOW, baseUrl: BASE });
    expect(asked.outcome).toBe("sent");
    const [signIn] = await mailsTo(email, "portal-sign-in");
    expect(signIn!.subject).toBe(`Votre lien de connexion — ${f.clinic.name}`);
    expect(signIn!.bodyText).toMatch(new RegExp(`${BASE}/portal/verify\\?token=[A-Za-z0-9_-]{43}&lang=fr\\n`));
    expect(signIn!.bodyHtml).toContain('<html lang="fr">');
    expect(signIn!.bodyText).not.toContain("Élise");
    expectNothingClinical(signIn!);
  });

  it("stays English for a booking without a language, and a later booking's language wins", async () => {
    const email = nextEmail();
    const first = await book(email);
    expect(first.client.preferredLocale).toBe("en");
    expect((await mailsTo(email, "booking-confirmed"))[0]!.subject).toBe(`Your appointment is booked — ${f.clinic.name}`);

    // Someone who is not signed in books in French under this address: the client's language stays as it was.
    const stranger = await book(email, "fr");
    expect(stranger.client.preferredLocale).toBe("en");
    const [kept] = await db().select().from(appointments).where(eq(appointments.id, stranger.booking.id));
    expect(kept!.bookedLocale).toBe("fr");

    const asClient = { type: "client" as const, id: first.client.id };
    const second = await book(email, "fr", asClient);
    expect(second.client.id).toBe(first.client.id);
    expect(second.client.preferredLocale).toBe("fr");
    // A booking that names no language (staff, an older API client) leaves the choice alone.
    const third = await book(email, undefined, asClient);
    expect(third.client.preferredLocale).toBe("fr");
    const subjects = (await mailsTo(email, "booking-confirmed")).map((m) => m.subject.split(" — ")[0]);
    expect(subjects).toEqual([
      "Your appointment is booked",
      "Your appointment is booked",
      "Votre rendez-vous est confirmé",
      "Votre rendez-vous est confirmé",
    ]);
    const [audit] = await db()
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "appointment.book"), eq(auditEvents.entityId, second.booking.id)));
    expect(audit!.details).toMatchObject({ locale: "fr" });
  });

  it("is changed from the account: saved, audited once per change, read by the session, refused when not en or fr", async () => {
    const email = nextEmail();
    const { client } = await book(email);
    await askSignInLink(f, email, { now: NOW, baseUrl: BASE });
    const [mail] = await mailsTo(email, "portal-sign-in");
    expect(mail!.bodyText).not.toContain("lang=");
    const token = /\/portal\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail!.bodyText)![1]!;
    const signedIn = await signInWithLink(db(), { organizationId: org, token, now: NOW });
    if (!signedIn.ok) throw new Error(signedIn.reason);
    const session = () => getClientSessionWithLocale(db(), { organizationId: org, token: signedIn.sessionToken, now: NOW });
    expect((await session())!.locale).toBe("en");

    const change = (locale: unknown) =>
      setClientLocale(db(), { organizationId: org, clientId: client.id, sessionId: signedIn.sessionId, locale });
    expect(await change("fr")).toBe(true);
    expect(await change("fr")).toBe(false);
    expect((await session())!.locale).toBe("fr");
    expect(await getClientLocale(db(), { organizationId: org, clientId: client.id })).toBe("fr");
    for (const bad of ["de", "FR", "", null, 3]) await expect(change(bad)).rejects.toBeInstanceOf(ClientLocaleError);
    // Another clinic's id, or no client at all, changes nothing.
    await expect(
      setClientLocale(db(), { organizationId: org, clientId: crypto.randomUUID(), sessionId: signedIn.sessionId, locale: "en" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await change("en")).toBe(true);

    const events = await db()
      .select({ actorType: auditEvents.actorType, actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "client.language"), eq(auditEvents.entityId, client.id)))
      .orderBy(desc(auditEvents.id));
    expect(events.map((e) => e.details)).toEqual([
      { from: "fr", to: "en", via: "portal", sessionId: signedIn.sessionId },
      { from: "en", to: "fr", via: "portal", sessionId: signedIn.sessionId },
    ]);
    expect(events.every((e) => e.actorType === "client" && e.actorId === client.id)).toBe(true);
  });

  it("is kept to English or French by the database itself", async () => {
    const email = nextEmail();
    const { client } = await book(email);
    const error = await db()
      .execute(sql`UPDATE clients SET preferred_locale = 'de' WHERE id = ${client.id}`)
      .catch((e: unknown) => e);
    expect(String((error as { cause?: unknown })?.cause ?? error)).toMatch(/clients_preferred_locale_check/);
    const rows = rowsOf<{ column_default: string }>(
      await db().execute(
        sql`SELECT column_default FROM information_schema.columns WHERE table_name = 'clients' AND column_name = 'preferred_locale'`,
      ),
    );
    expect(rows[0]!.column_default).toMatch(/^'en'/);
  });

  it("writes a reminder asked for on a French page in French, linking to the French booking page", async () => {
    await requestEligibilityReminder(db(), {
      organizationId: org,
      keyRing: f.keyRing,
      email: "rappel@example.test",
      sendOn: "2027-05-03",
      timeZone: f.clinic.location.timeZone,
      now: NOW,
      locale: "fr",
    });
    expect(await sendDueEligibilityReminders(db(), { keyRing: f.keyRing, now: Date.parse("2027-05-03T14:00:00Z"), baseUrl: BASE })).toBe(1);
    const [mail] = await mailsTo("rappel@example.test", "eligibility-reminder");
    expect(mail!.subject).toBe(`Vous pouvez maintenant réserver votre traitement — ${f.clinic.name}`);
    expect(mail!.bodyText).toContain(`\n${BASE}/fr/book\n`);
    expect(mail!.bodyHtml).toContain('<html lang="fr">');
    // As in English, it asks the person to bring their list of medicines, and gives no reason and no condition.
    expect(`${mail!.subject}\n${mail!.bodyText}\n${mail!.bodyHtml}`).not.toMatch(
      /isotr[eé]tino|pregnan|grossesse|enceinte|sunburn|coup de soleil|acne|acné|deferr|report|rosac|eczéma|cicatrice/i,
    );
  });

  it("writes the plan e-mail in French with a link to the French sign-in page, and nothing about the plan", () => {
    const m = composePlanReadyMessage({
      to: "x@example.test",
      clinicName: "Spa",
      clinicPhone: "(519) 555-0100",
      portalUrl: `${BASE}/portal/login`,
      locale: "fr",
    });
    expect(m.subject).toBe("Un document à lire et à signer — Spa");
    expect(m.text).toContain(`${BASE}/portal/login?lang=fr`);
    expect(m.html).toContain(`<a href="${BASE}/portal/login?lang=fr">Vous connecter à votre compte</a>`);
    expect(`${m.subject}${m.text}${m.html}`).not.toMatch(CLINICAL);
    const en = composePlanReadyMessage({
      to: "x@example.test",
      clinicName: "Spa",
      clinicPhone: "(519) 555-0100",
      portalUrl: `${BASE}/portal/login`,
    });
    expect(en.subject).toBe("A document to read and sign — Spa");
    expect(en.text).toContain(`${BASE}/portal/login\n`);
  });
});
