// A practitioner's time off: a span between two local date-times of the
// clinic's zone, stored as instants.
import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { appointments, clients, services, timeOff } from "../../db/schema.ts";
import { requirePermission } from "../../kernel/access.ts";
import { FieldError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { SERVICE_OF_APPOINTMENT } from "../appointment-joins.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { text } from "./form-fields.ts";
import { clinicTimeZone } from "../clinic.ts";
import { findPractitioner } from "./lookups.ts";
import { localDateTimeField } from "./time-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

export interface TimeOffInput {
  /** Local date-time in the clinic's zone, `YYYY-MM-DDTHH:MM`. */
  start?: string;
  end?: string;
  reason?: string;
}

/** A booked appointment inside a practitioner's time off: what staff need to find it and move it. */
export interface BookedInTimeOff {
  timeOffId: string;
  appointmentId: string;
  startMs: number;
  endMs: number;
  clientName: string;
  serviceName: string;
}

/**
 * The booked appointments of one practitioner that fall (even partly) inside
 * each of the given spans of their time off, by start: time off does not
 * cancel them, so staff move them. Names of the schedule only (client,
 * service), for staff who see the schedule; nothing of a health record.
 */
export async function bookedInTimeOff(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; spans: readonly { id: string; startsAt: number; endsAt: number }[] },
): Promise<BookedInTimeOff[]> {
  requireView(o);
  requirePermission(o.staff, "schedule.view", "see the schedule");
  if (o.spans.length === 0 || !isUuid(o.practitionerId)) return [];
  const rows = await db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      clientName: clients.name,
      serviceName: services.name,
    })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .leftJoin(clients, and(eq(clients.id, appointments.clientId), eq(clients.organizationId, appointments.organizationId)))
    .where(
      and(
        eq(appointments.organizationId, o.organizationId),
        eq(appointments.practitionerId, o.practitionerId),
        eq(appointments.status, "booked"),
        lt(appointments.startsAt, new Date(Math.max(...o.spans.map((t) => t.endsAt)))),
        gt(appointments.endsAt, new Date(Math.min(...o.spans.map((t) => t.startsAt)))),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  return o.spans.flatMap((t) =>
    rows
      .filter((a) => a.startsAt.getTime() < t.endsAt && a.endsAt.getTime() > t.startsAt)
      .map((a) => ({
        timeOffId: t.id,
        appointmentId: a.id,
        startMs: a.startsAt.getTime(),
        endMs: a.endsAt.getTime(),
        clientName: a.clientName ?? "",
        serviceName: a.serviceName,
      })),
  );
}

/**
 * Records time off between two local date-times of the clinic's zone, stored
 * as instants. A time the clocks skip (spring forward) is a field error.
 * Answers which booked appointments fall inside, so staff can move them.
 */
export async function addTimeOff(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; input: TimeOffInput },
): Promise<{ id: string; bookedInside: BookedInTimeOff[] }> {
  requireEdit(o, "record time off");
  const timeZone = await clinicTimeZone(db, o.organizationId);
  const errors: Record<string, string> = {};
  const start = localDateTimeField(o.input.start, timeZone, "start", errors);
  const end = localDateTimeField(o.input.end, timeZone, "end", errors);
  const reason = text(200, "Keep the reason under 200 characters.").safeParse(o.input.reason);
  if (!reason.success) errors.reason = reason.error.issues[0]!.message;
  if (start !== null && end !== null && end <= start) errors.end ??= "The end must be after the start.";
  if (Object.keys(errors).length || start === null || end === null || !reason.success) throw new FieldError(errors);
  return db.transaction(async (tx) => {
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const [row] = await tx
      .insert(timeOff)
      .values({
        organizationId: o.organizationId,
        practitionerId: practitioner.id,
        startsAt: new Date(start),
        endsAt: new Date(end),
        reason: reason.data,
      })
      .returning({ id: timeOff.id });
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.time-off.create",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: {
        timeOffId: row!.id,
        after: { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString(), reason: reason.data, timeZone },
      },
    });
    const span = { id: row!.id, startsAt: start, endsAt: end };
    return { id: row!.id, bookedInside: await bookedInTimeOff(tx, { ...o, practitionerId: practitioner.id, spans: [span] }) };
  });
}

export async function deleteTimeOff(db: DbOrTx, o: AdminScope & { practitionerId: string; timeOffId: string }): Promise<void> {
  requireEdit(o, "record time off");
  if (!isUuid(o.timeOffId)) throw new NotFoundError("That time off");
  await db.transaction(async (tx) => {
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const [row] = await tx
      .delete(timeOff)
      .where(and(eq(timeOff.organizationId, o.organizationId), eq(timeOff.practitionerId, practitioner.id), eq(timeOff.id, o.timeOffId)))
      .returning();
    if (!row) throw new NotFoundError("That time off");
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.time-off.delete",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: {
        timeOffId: row.id,
        before: { startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason },
      },
    });
  });
}
