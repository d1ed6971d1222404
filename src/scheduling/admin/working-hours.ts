// When a practitioner works: the weekly hours, replaced all at once, and
// date exceptions (a closed day, or special hours on one date).
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/open.ts";
import { practitionerExceptions, practitionerHours } from "../../db/schema.ts";
import { FieldError, NotFoundError, zodFieldErrors } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import type { LocalInterval, Weekday } from "../slots.ts";
import { isValidPlainDate } from "../time.ts";
import { requireEdit, type AdminScope } from "./access.ts";
import { checkbox, text } from "./form-fields.ts";
import { findPractitioner } from "./lookups.ts";
import { checkIntervals, WEEKDAYS, type IntervalRow } from "./time-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

export type WeeklyHoursInput = Partial<Record<Weekday, readonly IntervalRow[]>>;

/** Replaces all weekly hours of one practitioner: what is not submitted is closed. */
export async function replacePractitionerHours(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; hours: WeeklyHoursInput },
): Promise<{ changed: boolean }> {
  requireEdit(o, "change working hours");
  const errors: Record<string, string> = {};
  const next: Partial<Record<Weekday, LocalInterval[]>> = {};
  const shape = z.array(z.object({ start: z.string().optional(), end: z.string().optional() })).max(50, "Too many rows.");
  for (const { day } of WEEKDAYS) {
    const raw = o.hours[day] ?? [];
    const rows = shape.safeParse(raw);
    if (!rows.success) {
      errors[`hours.${day}`] = "These hours could not be read. Reload the page and try again.";
      continue;
    }
    const intervals = checkIntervals(rows.data, `hours.${day}`, errors);
    if (intervals.length) next[day] = intervals;
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  return db.transaction(async (tx) => {
    // Locking the practitioner serialises two editors' replace-alls.
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const where = and(eq(practitionerHours.organizationId, o.organizationId), eq(practitionerHours.practitionerId, practitioner.id));
    const current = await tx
      .select()
      .from(practitionerHours)
      .where(where)
      .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
    const before: Record<string, LocalInterval[]> = {};
    for (const h of current) (before[h.weekday] ??= []).push({ start: h.startTime, end: h.endTime });
    const after: Record<string, LocalInterval[]> = {};
    for (const [day, list] of Object.entries(next)) after[day] = list;
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false };
    await tx.delete(practitionerHours).where(where);
    const rows = Object.entries(next).flatMap(([day, list]) =>
      list.map((i) => ({
        organizationId: o.organizationId,
        practitionerId: practitioner.id,
        weekday: Number(day),
        startTime: i.start,
        endTime: i.end,
      })),
    );
    if (rows.length) await tx.insert(practitionerHours).values(rows);
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.hours.update",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: { before, after },
    });
    return { changed: true };
  });
}

const ExceptionSchema = z.object({
  date: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().min(1, "Enter the date.").refine(isValidPlainDate, "Enter a date on the calendar, like 2027-12-24."),
  ),
  closed: checkbox,
  intervals: z
    .array(z.object({ start: z.string().optional(), end: z.string().optional() }))
    .max(20)
    .optional(),
  note: text(200, "Keep the note under 200 characters."),
});

export interface ExceptionInput {
  /** YYYY-MM-DD */
  date?: string;
  /** Closed all day; intervals are ignored then. */
  closed?: boolean | string;
  intervals?: IntervalRow[];
  note?: string;
}

/** Sets the hours of one date (or marks it closed); an existing entry for that date is replaced. */
export async function savePractitionerException(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; input: ExceptionInput },
): Promise<{ id: string; replaced: boolean }> {
  requireEdit(o, "change working hours");
  const result = ExceptionSchema.safeParse(o.input);
  const errors: Record<string, string> = result.success ? {} : zodFieldErrors(result.error.issues);
  let intervals: LocalInterval[] = [];
  const closed = result.success ? result.data.closed : checkbox.safeParse(o.input.closed).data === true;
  if (!closed) {
    const rows = (Array.isArray(o.input.intervals) ? o.input.intervals : []).map((r) => (r && typeof r === "object" ? r : {}));
    intervals = checkIntervals(rows, "intervals", errors);
    if (intervals.length === 0 && !Object.keys(errors).some((k) => k.startsWith("intervals"))) {
      errors["intervals.0.start"] = "Enter the hours worked on this date, or choose “Closed all day”.";
    }
  }
  if (!result.success || Object.keys(errors).length) throw new FieldError(errors);
  const input = result.data;
  return db.transaction(async (tx) => {
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const [existing] = await tx
      .select()
      .from(practitionerExceptions)
      .where(
        and(
          eq(practitionerExceptions.organizationId, o.organizationId),
          eq(practitionerExceptions.practitionerId, practitioner.id),
          eq(practitionerExceptions.date, input.date),
        ),
      );
    const after = { date: input.date, intervals, note: input.note };
    let id: string;
    if (existing) {
      await tx
        .update(practitionerExceptions)
        .set({ intervals, note: input.note })
        .where(and(eq(practitionerExceptions.organizationId, existing.organizationId), eq(practitionerExceptions.id, existing.id)));
      id = existing.id;
    } else {
      const [row] = await tx
        .insert(practitionerExceptions)
        .values({ organizationId: o.organizationId, practitionerId: practitioner.id, date: input.date, intervals, note: input.note })
        .returning({ id: practitionerExceptions.id });
      id = row!.id;
    }
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: existing ? "practitioner.exception.update" : "practitioner.exception.create",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: {
        exceptionId: id,
        ...(existing ? { before: { date: existing.date, intervals: existing.intervals, note: existing.note } } : {}),
        after,
      },
    });
    return { id, replaced: Boolean(existing) };
  });
}

export async function deletePractitionerException(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; exceptionId: string },
): Promise<void> {
  requireEdit(o, "change working hours");
  if (!isUuid(o.exceptionId)) throw new NotFoundError("That date exception");
  await db.transaction(async (tx) => {
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const [row] = await tx
      .delete(practitionerExceptions)
      .where(
        and(
          eq(practitionerExceptions.organizationId, o.organizationId),
          eq(practitionerExceptions.practitionerId, practitioner.id),
          eq(practitionerExceptions.id, o.exceptionId),
        ),
      )
      .returning();
    if (!row) throw new NotFoundError("That date exception");
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.exception.delete",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: { exceptionId: row.id, before: { date: row.date, intervals: row.intervals, note: row.note } },
    });
  });
}
