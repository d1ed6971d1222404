// The e-mail sent when a booking made without signing in is refused for a
// reason that concerns the client. The page or API caller is told only that
// it cannot be booked online; the person at the address on file learns why.
import { and, eq } from "drizzle-orm";
import type { ClientLocale } from "../../clients/locale.ts";
import type { Db } from "../../db/open.ts";
import { clients } from "../../db/schema.ts";
import { composeBookingRefused, type RefusalCause } from "../../notifications/booking-refused.ts";
import { enqueueMessage } from "../../notifications/outbox.ts";
import type { Clinic, Service } from "../clinic.ts";
import { ClientOverlapError, NotEligibleError } from "../errors.ts";
import type { AuditActor } from "./options.ts";
import { normalizeEmail } from "./resolve-client.ts";
import { recordAuditEvent } from "../../audit/audit-log.ts";

/**
 * A booking made without signing in was refused for a reason that concerns
 * the client: what to do, and from when, goes by e-mail to the address on
 * file (or to the address typed, for someone who is not a client yet).
 */
export async function emailBookingRefusal(
  db: Db,
  o: {
    clinic: Clinic;
    service: Service;
    start: number;
    /** The address typed (or the appointment's client's): the stored one is used when the client exists. */
    email: string;
    locale?: ClientLocale;
    actor: AuditActor;
    source: string;
    baseUrl: string;
    error: NotEligibleError | ClientOverlapError;
  },
): Promise<void> {
  const { clinic, service, error } = o;
  const organizationId = clinic.organizationId;
  const [stored] = await db
    .select({ name: clients.name, email: clients.email, locale: clients.preferredLocale })
    .from(clients)
    .where(and(eq(clients.organizationId, organizationId), eq(clients.emailNormalized, normalizeEmail(o.email))));
  const cause: RefusalCause =
    error instanceof ClientOverlapError
      ? "client-overlap"
      : error.reason === "no-screening" || error.reason === "screening-expired"
        ? "screening-required"
        : error.reason === "deferred"
          ? "not-yet"
          : "needs-review";
  const base = o.baseUrl.replace(/\/$/, "");
  const message = composeBookingRefused({
    to: stored?.email ?? o.email.trim(),
    // A name typed by whoever made the request is never written to someone else's mailbox.
    clientName: stored?.name ?? null,
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    serviceName: service.name,
    serviceNameFr: service.nameFr,
    start: o.start,
    end: o.start + service.durationMinutes * 60_000,
    timeZone: clinic.location.timeZone,
    cause,
    earliestDate: error instanceof NotEligibleError ? error.earliestDate : null,
    intakeUrl: `${base}/portal/intake`,
    bookUrl: `${base}/book`,
    locale: stored ? (stored.locale === "fr" ? "fr" : "en") : (o.locale ?? "en"),
  });
  await db.transaction(async (tx) => {
    await enqueueMessage(tx, { organizationId, appointmentId: null, kind: "booking-refused", message });
    await recordAuditEvent(tx, {
      organizationId,
      actor: o.actor,
      action: "appointment.refused-online",
      entityType: "service",
      entityId: service.id,
      details: { source: o.source, cause: cause === "client-overlap" ? "client-overlap" : "screening" },
    });
  });
}
