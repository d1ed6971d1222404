// A practitioner's time off: a span between two local date-times of the
// clinic's zone, stored as instants.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { appointments, timeOff } from "../../db/schema.ts";
import { FieldError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { requireEdit, type AdminScope } from "./access.ts";
import { text } from "./form-fields.ts";
import { clinicTimeZone, findPractitioner } from "./lookups.ts";
import { localDateTimeField } from "./time-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

export interface TimeOffInput {
  /** Local date-time in the clinic's zone, `YYYY-MM-DDTHH:MM`. */
  start?: string;
  end?: string;
  reason?: string;
}

/**
 * Records time off between two local date-times of the clinic's zone, stored
 * as instants. A time the clocks skip (spring forward) is a field error.
 * Answers how many booked appointments fall inside, so staff can move them.
 */
export async function addTimeOff(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; input: TimeOffInput },
): Promise<{ id: string; overlappingBookings: number }> {
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
    const [overlap] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(appointments)
      .where(
        and(
          eq(appointments.organizationId, o.organizationId),
          eq(appointments.practitionerId, practitioner.id),
          eq(appointments.status, "booked"),
          lt(appointments.startsAt, new Date(end)),
          gt(appointments.endsAt, new Date(start)),
        ),
      );
    return { id: row!.id, overlappingBookings: Number(overlap?.n ?? 0) };
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
