// Aftercare from what was done (docs/aftercare.md). When a practitioner signs a
// session chart, the client gets an e-mail in their language that names no
// condition, no area, no depth and no procedure — only that their care
// instructions are in their account, with a link. The portal page then reads
// the signed chart and the clinic's waiting periods and shows the full
// aftercare, audited as the client's own view of their record.
import { and, eq } from "drizzle-orm";
import { clientLocaleOf, type ClientLocale } from "../../clients/locale.ts";
import type { Db, DbOrTx } from "../../db/open.ts";
import { appointments, clients, locations, organizations, outboxMessages } from "../../db/schema.ts";
import { isUuid } from "../../kernel/ids.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { composeLinkMessage, linkIn, type ComposedMessage, type LinkMessageCopy } from "../../notifications/booking-messages.ts";
import { enqueueMessage } from "../../notifications/outbox.ts";
import { HEALTH_ACTIONS, auditClientHealth, type ClientActor } from "../../privacy/access.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { loadClinic } from "../../scheduling/clinic.ts";
import { AFTERCARE_ITEMS, aftercareFor, aftercareInputOf, type AftercareSettings, type AftercareSheet } from "../aftercare.ts";
import { aftercareSettingsOf } from "../aftercare-settings.ts";
import { aftercareSnapshots } from "../tables.ts";
import { readCharts } from "./chart-read.ts";

/** The outbox kind of the aftercare e-mail: one per appointment. */
export const AFTERCARE_MESSAGE_KIND = "aftercare";

/** The portal page of a session's aftercare. The id is opaque; the path names no condition. */
export function aftercarePath(appointmentId: string): string {
  return `/portal/sessions/${appointmentId}/aftercare`;
}

const NBSP = "\u00a0";

const COPY: Readonly<Record<ClientLocale, LinkMessageCopy & { how: string; worry: (phone: string) => string }>> = {
  en: {
    subject: (clinic) => `Your care after your visit — ${clinic}`,
    hello: "Hello,",
    intro: (clinic) => `Thank you for your visit to ${clinic}. Your instructions for the coming days are ready in your account.`,
    how: "Sign in to read them:",
    worry: (phone) => `If anything worries you, call us at ${phone}.`,
    button: "Read your instructions",
  },
  fr: {
    subject: (clinic) => `Vos soins après votre visite — ${clinic}`,
    hello: "Bonjour,",
    intro: (clinic) => `Merci de votre visite chez ${clinic}. Vos consignes pour les prochains jours sont prêtes dans votre compte.`,
    how: `Connectez-vous pour les lire${NBSP}:`,
    worry: (phone) => `Si quelque chose vous inquiète, appelez-nous au ${phone}.`,
    button: "Lire vos consignes",
  },
};

/** The aftercare e-mail: where to read, nothing of what. */
export function composeAftercareMessage(m: {
  to: string;
  clinicName: string;
  clinicPhone: string;
  /** The portal page, absolute. */
  link: string;
  locale: ClientLocale;
}): ComposedMessage {
  const copy = COPY[m.locale];
  return composeLinkMessage(copy, {
    to: m.to,
    locale: m.locale,
    clinicName: m.clinicName,
    clinicPhone: m.clinicPhone,
    how: copy.how,
    link: linkIn(m.link, m.locale),
    closing: copy.worry(m.clinicPhone),
  });
}

/**
 * Keeps the clinic's aftercare periods in force now as those of this session
 * (once: the first signature's). Called in the signing transaction, so the
 * client's page says what the clinic said that day after a later change.
 */
export async function keepAftercareSettings(tx: DbOrTx, o: { organizationId: string; appointmentId: string }): Promise<void> {
  const settings = await aftercareSettingsOf(tx, o.organizationId);
  await tx
    .insert(aftercareSnapshots)
    .values({ appointmentId: o.appointmentId, organizationId: o.organizationId, settings })
    .onConflictDoNothing();
}

/** A kept snapshot, if it is whole; otherwise null (the settings in force apply). */
function keptSettings(value: unknown): AftercareSettings | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<AftercareSettings>;
  const hoursOk = (h: unknown) =>
    !!h && typeof h === "object" && AFTERCARE_ITEMS.every((i) => Number.isFinite((h as Record<string, unknown>)[i]));
  if (!hoursOk(v.hours) || !hoursOk(v.deeperHours) || typeof v.deeperFromMm !== "number" || !Number.isFinite(v.deeperFromMm)) return null;
  return { hours: v.hours!, deeperHours: v.deeperHours!, deeperFromMm: v.deeperFromMm };
}

/** The periods a session's aftercare is given under: those kept when it was signed, else the clinic's now. */
export async function aftercareSettingsForSession(
  tx: DbOrTx,
  o: { organizationId: string; appointmentId: string },
): Promise<{ settings: AftercareSettings; kept: boolean }> {
  const [row] = await tx
    .select({ settings: aftercareSnapshots.settings })
    .from(aftercareSnapshots)
    .where(and(eq(aftercareSnapshots.appointmentId, o.appointmentId), eq(aftercareSnapshots.organizationId, o.organizationId)));
  const kept = keptSettings(row?.settings);
  return kept ? { settings: kept, kept: true } : { settings: await aftercareSettingsOf(tx, o.organizationId), kept: false };
}

/**
 * Queues the aftercare e-mail of a session whose chart was just signed, in the
 * signing transaction (a rolled-back signature sends nothing). Once per
 * appointment: a second call finds the first message and does nothing.
 * Returns whether a message was queued.
 */
export async function queueAftercareMessage(
  tx: DbOrTx,
  o: { organizationId: string; appointmentId: string; clientId: string; baseUrl: string },
): Promise<boolean> {
  const [already] = await tx
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.organizationId, o.organizationId),
        eq(outboxMessages.appointmentId, o.appointmentId),
        eq(outboxMessages.kind, AFTERCARE_MESSAGE_KIND),
      ),
    )
    .limit(1);
  if (already) return false;
  const [row] = await tx
    .select({ email: clients.email, locale: clients.preferredLocale, clinicName: organizations.name, phone: locations.phone })
    .from(clients)
    .innerJoin(organizations, eq(organizations.id, clients.organizationId))
    .innerJoin(locations, eq(locations.organizationId, clients.organizationId))
    .where(and(eq(clients.organizationId, o.organizationId), eq(clients.id, o.clientId)))
    .limit(1);
  if (!row?.email) return false;
  await enqueueMessage(tx, {
    organizationId: o.organizationId,
    appointmentId: o.appointmentId,
    kind: AFTERCARE_MESSAGE_KIND,
    message: composeAftercareMessage({
      to: row.email,
      clinicName: row.clinicName,
      clinicPhone: row.phone ?? "",
      link: `${o.baseUrl.replace(/\/$/, "")}${aftercarePath(o.appointmentId)}`,
      locale: clientLocaleOf(row.locale),
    }),
  });
  return true;
}

export type ClientAftercare =
  | { status: "signed"; startMs: number; sheet: AftercareSheet }
  /** The signed chart failed its integrity check: nothing of it is shown. */
  | { status: "unreadable"; startMs: number };

/**
 * The signed-in client's aftercare for one of their sessions: only their own
 * appointment, only once its chart is signed. Anything else is "not found",
 * the same answer whatever the reason. Audited as the client's view.
 */
export async function clientAftercare(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; appointmentId: string; locale: ClientLocale },
): Promise<ClientAftercare> {
  const { organizationId, clientId } = o.client;
  if (!isUuid(o.appointmentId)) throw new NotFoundError("The session");
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select({ id: appointments.id, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
      .from(appointments)
      .where(
        and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, organizationId), eq(appointments.clientId, clientId)),
      );
    if (!a) throw new NotFoundError("The session");
    const [view] = await readCharts(tx, o.keyRing, organizationId, { clientId, appointmentIds: [a.id], signedOnly: true });
    if (!view || view.clientId !== clientId || view.status !== "signed") throw new NotFoundError("The session");
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "aftercare", appointmentId: a.id });
    const startMs = a.startsAt.getTime();
    if (!view.chart) return { status: "unreadable", startMs };
    const clinic = await loadClinic(tx, organizationId);
    const { settings } = await aftercareSettingsForSession(tx, { organizationId, appointmentId: a.id });
    const input = aftercareInputOf(view.chart, { endedAtMs: a.endsAt.getTime(), timeZone: clinic.location.timeZone, settings });
    return { status: "signed", startMs, sheet: aftercareFor(input, o.locale) };
  });
}
