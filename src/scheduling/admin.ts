// Staff administration of the clinic: practitioners (details, weekly hours,
// date exceptions, time off, services offered), services, clinic settings, and
// a read-only view of the e-mail outbox.
//
// Framework-free. Every function takes (db, { staff, organizationId, … }),
// checks the role itself (owner/manager edit, every staff role views), scopes
// every query by organization, validates with Zod and reports bad input as a
// FieldError keyed by form field name, and writes its audit_events row in the
// same transaction as the change it records.
import { and, asc, desc, eq, gt, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { StaffSession } from "../auth/auth.ts";
import { CLINIC_ADMIN_ROLES, ForbiddenError, requireRole } from "../auth/roles.ts";
import type { DbOrTx, Tx } from "../db/open.ts";
import {
  appointments,
  auditEvents,
  authUsers,
  clinicSettings,
  locations,
  outboxMessages,
  practitionerExceptions,
  practitionerHours,
  practitionerServices,
  practitioners,
  services,
  timeOff,
} from "../db/schema.ts";
import { isUuid } from "./clinic.ts";
import { constraintViolation, FieldError, NotFoundError, UNIQUE_VIOLATION } from "./errors.ts";
import type { LocalInterval, Weekday } from "./slots.ts";
import { addDays, isValidPlainDate, localDateOf } from "./time.ts";

// ---------------------------------------------------------------------------
// Access

export type StaffActor = Pick<StaffSession, "userId" | "role" | "organizationId">;

export interface AdminScope {
  staff: StaffActor;
  organizationId: string;
}

/** Owner and manager change the clinic's setup; everyone else sees it read-only. */
export function canEditClinic(staff: Pick<StaffSession, "role">): boolean {
  return CLINIC_ADMIN_ROLES.includes(staff.role);
}

function requireView(scope: AdminScope): void {
  // The session is already scoped to one organization; a mismatch is a caller bug or an attack.
  if (scope.staff.organizationId !== scope.organizationId) throw new ForbiddenError("see another clinic's records");
}

function requireEdit(scope: AdminScope, action: string): void {
  requireView(scope);
  requireRole(scope.staff, CLINIC_ADMIN_ROLES, action);
}

/** What a route should answer for an error from this module, or null for a real failure (500). */
export function classifyAdminError(
  error: unknown,
): { status: 403 | 404; message: string } | { status: 422; message: string; errors: Record<string, string> } | null {
  if (error instanceof ForbiddenError) return { status: 403, message: error.message };
  if (error instanceof NotFoundError)
    return { status: 404, message: `${error.message}. It may have been removed, or the link may be wrong.` };
  if (error instanceof FieldError) return { status: 422, message: error.message, errors: error.errors };
  return null;
}

// ---------------------------------------------------------------------------
// Validation helpers

function zodErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new FieldError(zodErrors(result.error));
  return result.data;
}

const text = (max: number, message: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().max(max, message));

/** A field a form may leave out: absent (undefined) keeps what is stored. */
const keptText = (max: number, message: string) =>
  z.preprocess((v) => (v === null ? undefined : v), z.string().trim().max(max, message).optional());

const requiredText = (max: number, emptyMessage: string, longMessage: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().min(1, emptyMessage).max(max, longMessage));

/** A whole number typed into a form; `fallback` stands in for an empty field. */
const wholeNumber = (min: number, max: number, message: string, fallback?: number) =>
  z
    .union([z.string(), z.number()], { error: message })
    .optional()
    .transform((v, ctx) => {
      const s = v === undefined ? "" : String(v).trim();
      if (s === "" && fallback !== undefined) return fallback;
      if (!/^-?\d{1,9}$/.test(s)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      const n = Number(s);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

/** A checkbox: present ("on") or true means yes; absent means no. */
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

const idList = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))]);

const TIME = /^(\d{1,2}):?(\d{2})$/;

/** "9:00", "0900" → "09:00"; null when it is not a wall-clock time. "24:00" only as an end. */
export function normalizeWallTime(value: string, allowMidnightEnd = false): string | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h > 23 && !(allowMidnightEnd && h === 24 && min === 0)) return null;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

export interface IntervalRow {
  start?: string;
  end?: string;
}

const MAX_INTERVALS_PER_DAY = 12;

/**
 * Validates rows of "HH:MM" intervals. Blank rows are ignored. Errors go to
 * `${prefix}.${row}.start|end`; the result is sorted by start.
 */
function checkIntervals(rows: readonly IntervalRow[], prefix: string, errors: Record<string, string>): LocalInterval[] {
  const filled: { index: number; start: string; end: string }[] = [];
  rows.forEach((row, index) => {
    const rawStart = String(row.start ?? "").trim();
    const rawEnd = String(row.end ?? "").trim();
    if (rawStart === "" && rawEnd === "") return;
    const key = `${prefix}.${index}`;
    const start = rawStart === "" ? null : normalizeWallTime(rawStart);
    const end = rawEnd === "" ? null : normalizeWallTime(rawEnd, true);
    let ok = true;
    if (rawStart === "") {
      errors[`${key}.start`] ??= "Enter a start time, or clear the end time too.";
      ok = false;
    } else if (start === null) {
      errors[`${key}.start`] ??= `“${rawStart}” is not a time. Use 24-hour HH:MM, like 09:00.`;
      ok = false;
    }
    if (rawEnd === "") {
      errors[`${key}.end`] ??= "Enter an end time, or clear the start time too.";
      ok = false;
    } else if (end === null) {
      errors[`${key}.end`] ??= `“${rawEnd}” is not a time. Use 24-hour HH:MM, like 17:00 (24:00 for midnight).`;
      ok = false;
    }
    if (!ok || start === null || end === null) return;
    if (end <= start) {
      errors[`${key}.end`] ??= `The end must be after the start (${start}).`;
      return;
    }
    filled.push({ index, start, end });
  });
  if (filled.length > MAX_INTERVALS_PER_DAY) {
    errors[prefix] ??= `At most ${MAX_INTERVALS_PER_DAY} intervals a day.`;
  }
  filled.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < filled.length; i++) {
    const prev = filled[i - 1]!;
    const cur = filled[i]!;
    // Half-open intervals: 09:00–12:00 and 12:00–17:00 touch but do not overlap.
    if (cur.start < prev.end) {
      errors[`${prefix}.${cur.index}.start`] ??=
        `${cur.start}–${cur.end} overlaps ${prev.start}–${prev.end}. Intervals on one day must not overlap.`;
    }
  }
  return filled.map(({ start, end }) => ({ start, end }));
}

/**
 * Reads rows named `${prefix}.<row>.start` / `.end` from a submitted form.
 * Framework-free: FormData is the web platform's.
 */
export function intervalRowsFromForm(form: FormData, prefix: string): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d{1,2})\\.(start|end)$`);
  for (const [name, value] of form.entries()) {
    const m = pattern.exec(name);
    if (!m || typeof value !== "string") continue;
    const index = Number(m[1]);
    rows[index] ??= {};
    rows[index]![m[2] as "start" | "end"] = value;
  }
  // Holes (a row index never submitted) read as blank rows.
  return Array.from(rows, (r) => r ?? {});
}

export const WEEKDAYS: readonly { day: Weekday; name: string }[] = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 7, name: "Sunday" },
];

/** `YYYY-MM-DDTHH:MM` (as a datetime-local field sends it) in `timeZone` → epoch ms, or a field error. */
function localDateTimeField(value: unknown, timeZone: string, field: string, errors: Record<string, string>): number | null {
  const raw = typeof value === "string" ? value.trim() : "";
  if (raw === "") {
    errors[field] ??= "Enter a date and time, like 2027-03-14 09:30.";
    return null;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::00(?:\.0+)?)?$/.exec(raw);
  const time = m ? normalizeWallTime(m[2]!) : null;
  if (!m || !time) {
    errors[field] ??= `“${raw}” is not a date and time. Use YYYY-MM-DD HH:MM, like 2027-03-14 09:30.`;
    return null;
  }
  const date = m[1]!;
  if (!isValidPlainDate(date)) {
    errors[field] ??= `${date} is not a date on the calendar.`;
    return null;
  }
  const wall = Temporal.PlainDateTime.from(`${date}T${time}`);
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  if (earlier.toPlainDateTime().equals(wall)) return earlier.epochMilliseconds;
  // A wall time skipped by a DST jump is refused, never moved to another hour.
  const jump = earlier.getTimeZoneTransition("next");
  if (jump) {
    const gapNs = jump.offsetNanoseconds - earlier.offsetNanoseconds;
    const to = jump.toPlainTime();
    const from = to.subtract({ nanoseconds: gapNs });
    const hhmm = (t: Temporal.PlainTime) => t.toString({ smallestUnit: "minute" });
    errors[field] ??=
      `${time} does not exist on ${date} in ${timeZone}: the clocks jump from ${hhmm(from)} to ${hhmm(to)} that night. Choose a time outside the skipped hour.`;
  } else {
    errors[field] ??= `${time} does not exist on ${date} in ${timeZone}. Choose another time.`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Audit

async function audit(
  tx: Tx,
  scope: AdminScope,
  event: { action: string; entityType: string; entityId: string | null; details: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditEvents).values({
    organizationId: scope.organizationId,
    actorType: "staff",
    actorId: scope.staff.userId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    details: event.details,
  });
}

/** Only what changed: `{ before: {field: old}, after: {field: new} }`. */
function diff(before: object, after: object) {
  const was = before as Record<string, unknown>;
  const is = after as Record<string, unknown>;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(is)) {
    if (JSON.stringify(was[key]) !== JSON.stringify(is[key])) {
      b[key] = was[key] ?? null;
      a[key] = is[key] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

// ---------------------------------------------------------------------------
// Practitioners

export type PractitionerRow = typeof practitioners.$inferSelect;

export interface PractitionerSummary {
  id: string;
  name: string;
  title: string;
  active: boolean;
  sortOrder: number;
  serviceNames: string[];
  /** Weekly hours per weekday, sorted. */
  hours: Partial<Record<Weekday, LocalInterval[]>>;
}

export async function listPractitionersForStaff(db: DbOrTx, scope: AdminScope): Promise<PractitionerSummary[]> {
  requireView(scope);
  const org = scope.organizationId;
  const rows = await db
    .select()
    .from(practitioners)
    .where(eq(practitioners.organizationId, org))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  const hours = await db
    .select()
    .from(practitionerHours)
    .where(eq(practitionerHours.organizationId, org))
    .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
  const offered = await db
    .select({ practitionerId: practitionerServices.practitionerId, name: services.name })
    .from(practitionerServices)
    .innerJoin(services, and(eq(services.id, practitionerServices.serviceId), eq(services.organizationId, org)))
    .where(eq(practitionerServices.organizationId, org))
    .orderBy(asc(services.sortOrder), asc(services.name));
  return rows.map((p) => {
    const mine: Partial<Record<Weekday, LocalInterval[]>> = {};
    for (const h of hours) if (h.practitionerId === p.id) (mine[h.weekday as Weekday] ??= []).push({ start: h.startTime, end: h.endTime });
    return {
      id: p.id,
      name: p.name,
      title: p.title,
      active: p.active,
      sortOrder: p.sortOrder,
      serviceNames: offered.filter((o) => o.practitionerId === p.id).map((o) => o.name),
      hours: mine,
    };
  });
}

async function findPractitioner(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<PractitionerRow> {
  if (!isUuid(id)) throw new NotFoundError("The practitioner");
  const query = db
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.id, id)))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("The practitioner");
  return row;
}

async function clinicTimeZone(db: DbOrTx, organizationId: string): Promise<string> {
  const [location] = await db
    .select({ timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.organizationId, organizationId))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  if (!location) throw new Error("The clinic has no location");
  return location.timeZone;
}

export interface PractitionerDetail {
  practitioner: PractitionerRow;
  timeZone: string;
  hours: Partial<Record<Weekday, LocalInterval[]>>;
  /** From 30 days ago on, by date. */
  exceptions: { id: string; date: string; intervals: LocalInterval[]; note: string }[];
  /** Ending 30 days ago or later, by start. */
  timeOff: { id: string; startsAt: number; endsAt: number; reason: string }[];
  serviceIds: string[];
  services: { id: string; name: string; active: boolean }[];
}

export async function getPractitionerDetail(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; now: number },
): Promise<PractitionerDetail> {
  requireView(o);
  const org = o.organizationId;
  const practitioner = await findPractitioner(db, org, o.practitionerId);
  const timeZone = await clinicTimeZone(db, org);
  const hourRows = await db
    .select()
    .from(practitionerHours)
    .where(and(eq(practitionerHours.organizationId, org), eq(practitionerHours.practitionerId, practitioner.id)))
    .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
  const hours: Partial<Record<Weekday, LocalInterval[]>> = {};
  for (const h of hourRows) (hours[h.weekday as Weekday] ??= []).push({ start: h.startTime, end: h.endTime });
  const since = addDays(localDateOf(o.now, timeZone), -30);
  const exceptions = await db
    .select()
    .from(practitionerExceptions)
    .where(
      and(
        eq(practitionerExceptions.organizationId, org),
        eq(practitionerExceptions.practitionerId, practitioner.id),
        gte(practitionerExceptions.date, since),
      ),
    )
    .orderBy(asc(practitionerExceptions.date));
  const offs = await db
    .select()
    .from(timeOff)
    .where(
      and(
        eq(timeOff.organizationId, org),
        eq(timeOff.practitionerId, practitioner.id),
        gt(timeOff.endsAt, new Date(o.now - 30 * 86_400_000)),
      ),
    )
    .orderBy(asc(timeOff.startsAt));
  const offered = await db
    .select({ serviceId: practitionerServices.serviceId })
    .from(practitionerServices)
    .where(and(eq(practitionerServices.organizationId, org), eq(practitionerServices.practitionerId, practitioner.id)));
  const allServices = await db
    .select({ id: services.id, name: services.name, active: services.active })
    .from(services)
    .where(eq(services.organizationId, org))
    .orderBy(asc(services.sortOrder), asc(services.name));
  return {
    practitioner,
    timeZone,
    hours,
    exceptions: exceptions.map((e) => ({ id: e.id, date: e.date, intervals: e.intervals, note: e.note })),
    timeOff: offs.map((t) => ({ id: t.id, startsAt: t.startsAt.getTime(), endsAt: t.endsAt.getTime(), reason: t.reason })),
    serviceIds: offered.map((r) => r.serviceId),
    services: allServices,
  };
}

const PractitionerDetailsSchema = z.object({
  name: requiredText(100, "Enter the practitioner's name.", "Keep the name under 100 characters."),
  title: text(100, "Keep the title under 100 characters."),
  titleFr: keptText(100, "Keep the French title under 100 characters."),
  active: checkbox,
  sortOrder: wholeNumber(-10000, 10000, "Enter a whole number (lower comes first), like 1.", 0),
});

/** As a form sends it: text fields, a checkbox ("on" or absent). */
export interface PractitionerDetailsInput {
  name?: string;
  title?: string;
  /** The title on French pages; left out, the stored one stays. */
  titleFr?: string;
  active?: boolean | string;
  sortOrder?: string | number;
}

export async function createPractitioner(
  db: DbOrTx,
  o: AdminScope & { input: Omit<PractitionerDetailsInput, "active"> },
): Promise<{ id: string }> {
  requireEdit(o, "add practitioners");
  const input = parse(PractitionerDetailsSchema, { ...o.input, active: true });
  return db.transaction(async (tx) => {
    const [location] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.organizationId, o.organizationId))
      .orderBy(asc(locations.createdAt))
      .limit(1);
    if (!location) throw new Error("The clinic has no location");
    let sortOrder = input.sortOrder;
    if (o.input.sortOrder === undefined || String(o.input.sortOrder).trim() === "") {
      const [max] = await tx
        .select({ max: sql<number | null>`max(${practitioners.sortOrder})` })
        .from(practitioners)
        .where(eq(practitioners.organizationId, o.organizationId));
      sortOrder = Number(max?.max ?? 0) + 1;
    }
    const [row] = await tx
      .insert(practitioners)
      .values({
        organizationId: o.organizationId,
        locationId: location.id,
        name: input.name,
        title: input.title,
        titleFr: input.titleFr ?? "",
        sortOrder,
      })
      .returning();
    await audit(tx, o, {
      action: "practitioner.create",
      entityType: "practitioner",
      entityId: row!.id,
      details: { after: { name: row!.name, title: row!.title, titleFr: row!.titleFr, active: row!.active, sortOrder: row!.sortOrder } },
    });
    return { id: row!.id };
  });
}

export async function updatePractitioner(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; input: PractitionerDetailsInput },
): Promise<{ changed: boolean }> {
  requireEdit(o, "change practitioners");
  const input = parse(PractitionerDetailsSchema, o.input);
  return db.transaction(async (tx) => {
    const before = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const next = {
      name: input.name,
      title: input.title,
      titleFr: input.titleFr ?? before.titleFr,
      active: input.active,
      sortOrder: input.sortOrder,
    };
    const d = diff(
      { name: before.name, title: before.title, titleFr: before.titleFr, active: before.active, sortOrder: before.sortOrder },
      next,
    );
    if (!d.changed) return { changed: false };
    await tx
      .update(practitioners)
      .set(next)
      .where(and(eq(practitioners.organizationId, o.organizationId), eq(practitioners.id, before.id)));
    await audit(tx, o, {
      action: "practitioner.update",
      entityType: "practitioner",
      entityId: before.id,
      details: { before: d.before, after: d.after },
    });
    return { changed: true };
  });
}

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
    await audit(tx, o, {
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
  const errors: Record<string, string> = result.success ? {} : zodErrors(result.error);
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
      await tx.update(practitionerExceptions).set({ intervals, note: input.note }).where(eq(practitionerExceptions.id, existing.id));
      id = existing.id;
    } else {
      const [row] = await tx
        .insert(practitionerExceptions)
        .values({ organizationId: o.organizationId, practitionerId: practitioner.id, date: input.date, intervals, note: input.note })
        .returning({ id: practitionerExceptions.id });
      id = row!.id;
    }
    await audit(tx, o, {
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
    await audit(tx, o, {
      action: "practitioner.exception.delete",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: { exceptionId: row.id, before: { date: row.date, intervals: row.intervals, note: row.note } },
    });
  });
}

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
    await audit(tx, o, {
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
    await audit(tx, o, {
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

/** Ids of `wanted` that are services of this organization; anything else is a field error on `field`. */
async function ownServices(tx: DbOrTx, organizationId: string, wanted: string[], field: string): Promise<{ id: string; name: string }[]> {
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isUuid);
  const rows = valid.length
    ? await tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(and(eq(services.organizationId, organizationId), inArray(services.id, valid)))
    : [];
  if (rows.length !== wanted.length) {
    throw new FieldError({ [field]: "One of the chosen services does not exist (any more). Reload the page and choose again." });
  }
  return rows;
}

async function ownPractitioners(
  tx: DbOrTx,
  organizationId: string,
  wanted: string[],
  field: string,
): Promise<{ id: string; name: string }[]> {
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isUuid);
  const rows = valid.length
    ? await tx
        .select({ id: practitioners.id, name: practitioners.name })
        .from(practitioners)
        .where(and(eq(practitioners.organizationId, organizationId), inArray(practitioners.id, valid)))
    : [];
  if (rows.length !== wanted.length) {
    throw new FieldError({ [field]: "One of the chosen practitioners does not exist (any more). Reload the page and choose again." });
  }
  return rows;
}

/** Replaces which services one practitioner offers. */
export async function setPractitionerServices(
  db: DbOrTx,
  o: AdminScope & { practitionerId: string; serviceIds: string[] | string | undefined },
): Promise<{ changed: boolean }> {
  requireEdit(o, "change which services a practitioner offers");
  const wanted = parse(z.object({ serviceIds: idList }), { serviceIds: o.serviceIds }).serviceIds;
  return db.transaction(async (tx) => {
    const practitioner = await findPractitioner(tx, o.organizationId, o.practitionerId, true);
    const chosen = await ownServices(tx, o.organizationId, wanted, "serviceIds");
    const where = and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.practitionerId, practitioner.id));
    const current = await tx.select({ serviceId: practitionerServices.serviceId }).from(practitionerServices).where(where);
    const before = current.map((r) => r.serviceId).sort();
    const after = chosen.map((r) => r.id).sort();
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false };
    await tx.delete(practitionerServices).where(where);
    if (after.length) {
      await tx
        .insert(practitionerServices)
        .values(after.map((serviceId) => ({ organizationId: o.organizationId, practitionerId: practitioner.id, serviceId })));
    }
    await audit(tx, o, {
      action: "practitioner.services.update",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: { before: { serviceIds: before }, after: { serviceIds: after } },
    });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------
// Services

export type ServiceRow = typeof services.$inferSelect;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PRICE_MESSAGE = "Enter the price in dollars, like 299 or 299.50, or leave it empty for “price on request”.";
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

const ServiceSchema = z
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
  requiresRoom?: boolean | string;
  requiresEligibility?: boolean | string;
  active?: boolean | string;
  sortOrder?: string | number;
  practitionerIds?: string[] | string;
}

export interface ServiceSummary extends ServiceRow {
  practitionerNames: string[];
}

export async function listServicesForStaff(db: DbOrTx, scope: AdminScope): Promise<ServiceSummary[]> {
  requireView(scope);
  const org = scope.organizationId;
  const rows = await db
    .select()
    .from(services)
    .where(eq(services.organizationId, org))
    .orderBy(asc(services.sortOrder), asc(services.name));
  const offered = await db
    .select({ serviceId: practitionerServices.serviceId, name: practitioners.name })
    .from(practitionerServices)
    .innerJoin(practitioners, and(eq(practitioners.id, practitionerServices.practitionerId), eq(practitioners.organizationId, org)))
    .where(eq(practitionerServices.organizationId, org))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  return rows.map((s) => ({ ...s, practitionerNames: offered.filter((o) => o.serviceId === s.id).map((o) => o.name) }));
}

async function findService(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<ServiceRow> {
  if (!isUuid(id)) throw new NotFoundError("The service");
  const query = db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.id, id)))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("The service");
  return row;
}

export interface ServiceDetail {
  service: ServiceRow;
  practitionerIds: string[];
  practitioners: { id: string; name: string; active: boolean }[];
}

export async function getServiceDetail(db: DbOrTx, o: AdminScope & { serviceId: string }): Promise<ServiceDetail> {
  requireView(o);
  const service = await findService(db, o.organizationId, o.serviceId);
  const offered = await db
    .select({ practitionerId: practitionerServices.practitionerId })
    .from(practitionerServices)
    .where(and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, service.id)));
  return { service, practitionerIds: offered.map((r) => r.practitionerId), practitioners: await practitionerChoices(db, o) };
}

/** Every practitioner of the organization, for the "who offers it" checkboxes. */
export async function practitionerChoices(db: DbOrTx, scope: AdminScope): Promise<{ id: string; name: string; active: boolean }[]> {
  requireView(scope);
  return db
    .select({ id: practitioners.id, name: practitioners.name, active: practitioners.active })
    .from(practitioners)
    .where(eq(practitioners.organizationId, scope.organizationId))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
}

const SLUG_TAKEN = "Another service already uses this web address name. Choose a different one.";

async function assertSlugFree(tx: DbOrTx, organizationId: string, slug: string, exceptId: string | null): Promise<void> {
  const [clash] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.slug, slug), exceptId ? ne(services.id, exceptId) : undefined))
    .limit(1);
  if (clash) throw new FieldError({ slug: SLUG_TAKEN });
}

/** A unique-slug race lost to another editor reads as the same field error. */
function slugRace(error: unknown): never {
  const v = constraintViolation(error);
  if (v?.code === UNIQUE_VIOLATION) throw new FieldError({ slug: SLUG_TAKEN });
  throw error;
}

function serviceAuditValues(s: Omit<ServiceRow, "id" | "organizationId">, practitionerIds: string[]) {
  return {
    name: s.name,
    slug: s.slug,
    kind: s.kind,
    description: s.description,
    nameFr: s.nameFr,
    descriptionFr: s.descriptionFr,
    durationMinutes: s.durationMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    priceCents: s.priceCents,
    currency: s.currency,
    requiresRoom: s.requiresRoom,
    requiresEligibility: s.requiresEligibility,
    active: s.active,
    sortOrder: s.sortOrder,
    practitionerIds: [...practitionerIds].sort(),
  };
}

export async function createService(db: DbOrTx, o: AdminScope & { input: ServiceInput }): Promise<{ id: string; slug: string }> {
  requireEdit(o, "add services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      await assertSlugFree(tx, o.organizationId, input.slug, null);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const { practitionerIds: _p, price, nameFr, descriptionFr, ...rest } = input;
      const fields = { ...rest, nameFr: nameFr ?? "", descriptionFr: descriptionFr ?? "" };
      if (o.input.sortOrder === undefined || String(o.input.sortOrder).trim() === "") {
        // Unordered new services go last rather than first.
        const [max] = await tx
          .select({ max: sql<number | null>`max(${services.sortOrder})` })
          .from(services)
          .where(eq(services.organizationId, o.organizationId));
        fields.sortOrder = Number(max?.max ?? 0) + 1;
      }
      const [row] = await tx
        .insert(services)
        .values({ ...fields, priceCents: price, organizationId: o.organizationId })
        .returning();
      if (chosen.length) {
        await tx
          .insert(practitionerServices)
          .values(chosen.map((p) => ({ organizationId: o.organizationId, practitionerId: p.id, serviceId: row!.id })));
      }
      await audit(tx, o, {
        action: "service.create",
        entityType: "service",
        entityId: row!.id,
        details: {
          after: serviceAuditValues(
            row!,
            chosen.map((p) => p.id),
          ),
        },
      });
      return { id: row!.id, slug: row!.slug };
    });
  } catch (error) {
    return slugRace(error);
  }
}

export async function updateService(db: DbOrTx, o: AdminScope & { serviceId: string; input: ServiceInput }): Promise<{ changed: boolean }> {
  requireEdit(o, "change services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      const before = await findService(tx, o.organizationId, o.serviceId, true);
      await assertSlugFree(tx, o.organizationId, input.slug, before.id);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const linkWhere = and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, before.id));
      const currentLinks = await tx
        .select({ practitionerId: practitionerServices.practitionerId })
        .from(practitionerServices)
        .where(linkWhere);
      const { practitionerIds: _p, price, nameFr, descriptionFr, ...rest } = input;
      const fields = { ...rest, nameFr: nameFr ?? before.nameFr, descriptionFr: descriptionFr ?? before.descriptionFr };
      const next = { ...before, ...fields, priceCents: price };
      const d = diff(
        serviceAuditValues(
          before,
          currentLinks.map((l) => l.practitionerId),
        ),
        serviceAuditValues(
          next,
          chosen.map((p) => p.id),
        ),
      );
      if (!d.changed) return { changed: false };
      await tx
        .update(services)
        .set({ ...fields, priceCents: price })
        .where(and(eq(services.organizationId, o.organizationId), eq(services.id, before.id)));
      if ("practitionerIds" in d.after) {
        await tx.delete(practitionerServices).where(linkWhere);
        if (chosen.length) {
          await tx
            .insert(practitionerServices)
            .values(chosen.map((p) => ({ organizationId: o.organizationId, practitionerId: p.id, serviceId: before.id })));
        }
      }
      await audit(tx, o, {
        action: "service.update",
        entityType: "service",
        entityId: before.id,
        details: { before: d.before, after: d.after },
      });
      return { changed: true };
    });
  } catch (error) {
    return slugRace(error);
  }
}

// ---------------------------------------------------------------------------
// Clinic settings

/** The ranges of clinic_settings' CHECK constraints. */
export const SETTINGS_LIMITS = {
  minimumNoticeMinutes: { min: 0, max: 20160 },
  horizonDays: { min: 1, max: 730 },
  slotStepMinutes: { choices: [5, 10, 15, 20, 30, 60] as const },
  cancellationWindowMinutes: { min: 0, max: 20160 },
  holdMinutes: { min: 1, max: 60 },
} as const;

export interface ClinicSettingsValues {
  minimumNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number;
  cancellationWindowMinutes: number;
  holdMinutes: number;
}

export interface SettingsAuditEntry {
  id: number;
  at: number;
  actorName: string | null;
  actorEmail: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export async function getSettingsForStaff(
  db: DbOrTx,
  scope: AdminScope & { auditLimit?: number },
): Promise<{ settings: ClinicSettingsValues; updatedAt: number; history: SettingsAuditEntry[] }> {
  requireView(scope);
  const [row] = await db.select().from(clinicSettings).where(eq(clinicSettings.organizationId, scope.organizationId)).limit(1);
  if (!row) throw new NotFoundError("The clinic's settings");
  const history = await db
    .select({ id: auditEvents.id, at: auditEvents.at, details: auditEvents.details, name: authUsers.name, email: authUsers.email })
    .from(auditEvents)
    .leftJoin(authUsers, eq(authUsers.id, auditEvents.actorId))
    .where(and(eq(auditEvents.organizationId, scope.organizationId), eq(auditEvents.action, "settings.update")))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(scope.auditLimit ?? 10);
  const { organizationId: _o, updatedAt, screeningValidDays: _screening, ...settings } = row;
  return {
    settings,
    updatedAt: updatedAt.getTime(),
    history: history.map((h) => ({
      id: h.id,
      at: h.at.getTime(),
      actorName: h.name,
      actorEmail: h.email,
      before: (h.details.before as Record<string, unknown> | undefined) ?? {},
      after: (h.details.after as Record<string, unknown> | undefined) ?? {},
    })),
  };
}

const NOTICE_MESSAGE = "Enter a whole number of minutes (0 to 20,160) or hours (0 to 336).";
// Whole hours: the e-mails state the window in hours.
const WINDOW_MESSAGE = "Enter a whole number of hours from 0 to 336 (14 days).";

const SettingsFieldsSchema = z.object({
  minimumNotice: z.preprocess((v) => (v === undefined || v === null ? "" : String(v).trim()), z.string()),
  minimumNoticeUnit: z.enum(["minutes", "hours"], { error: "Choose minutes or hours." }),
  horizonDays: wholeNumber(1, 730, "Enter a whole number of days from 1 to 730 (two years)."),
  slotStepMinutes: z.preprocess(
    (v) => (typeof v === "string" || typeof v === "number" ? Number(String(v).trim() || Number.NaN) : Number.NaN),
    z.number().refine((n) => (SETTINGS_LIMITS.slotStepMinutes.choices as readonly number[]).includes(n), {
      message: "Choose 5, 10, 15, 20, 30 or 60 minutes.",
    }),
  ),
  cancellationWindowHours: z.preprocess((v) => (v === undefined || v === null ? "" : String(v).trim()), z.string()),
  holdMinutes: wholeNumber(1, 60, "Enter a whole number of minutes from 1 to 60."),
});

/** Hours as typed ("24", "1.5", "0.25") → whole minutes, or NaN. */
function hoursToMinutes(value: string): number {
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(value)) return Number.NaN;
  const minutes = Number(value) * 60;
  return Math.abs(minutes - Math.round(minutes)) < 1e-9 ? Math.round(minutes) : Number.NaN;
}

/** Every field checked at once, so the form shows every problem in one go. */
function parseSettings(input: SettingsInput): ClinicSettingsValues {
  const result = SettingsFieldsSchema.safeParse(input);
  const errors = result.success ? {} : zodErrors(result.error);
  const raw = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  const unit = raw(input.minimumNoticeUnit);
  const notice = raw(input.minimumNotice);
  const minimumNoticeMinutes =
    unit === "hours" ? hoursToMinutes(notice) : unit === "minutes" && /^\d{1,6}$/.test(notice) ? Number(notice) : Number.NaN;
  const { min: nMin, max: nMax } = SETTINGS_LIMITS.minimumNoticeMinutes;
  if (!(minimumNoticeMinutes >= nMin && minimumNoticeMinutes <= nMax) && !errors.minimumNoticeUnit) {
    errors.minimumNotice = NOTICE_MESSAGE;
  }
  const windowHours = raw(input.cancellationWindowHours);
  const cancellationWindowMinutes = /^\d{1,4}$/.test(windowHours) ? Number(windowHours) * 60 : Number.NaN;
  const { min: wMin, max: wMax } = SETTINGS_LIMITS.cancellationWindowMinutes;
  if (!(cancellationWindowMinutes >= wMin && cancellationWindowMinutes <= wMax)) errors.cancellationWindowHours = WINDOW_MESSAGE;
  if (!result.success || Object.keys(errors).length) throw new FieldError(errors);
  return {
    minimumNoticeMinutes,
    horizonDays: result.data.horizonDays,
    slotStepMinutes: result.data.slotStepMinutes,
    cancellationWindowMinutes,
    holdMinutes: result.data.holdMinutes,
  };
}

export interface SettingsInput {
  minimumNotice?: string | number;
  minimumNoticeUnit?: string;
  horizonDays?: string | number;
  slotStepMinutes?: string | number;
  cancellationWindowHours?: string | number;
  holdMinutes?: string | number;
}

export async function updateSettings(
  db: DbOrTx,
  o: AdminScope & { input: SettingsInput },
): Promise<{ changed: boolean; settings: ClinicSettingsValues }> {
  requireEdit(o, "change the clinic's settings");
  const next = parseSettings(o.input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(clinicSettings).where(eq(clinicSettings.organizationId, o.organizationId)).for("update");
    if (!row) throw new NotFoundError("The clinic's settings");
    const { organizationId: _o, updatedAt: _u, ...current } = row;
    const d = diff(current, next);
    if (!d.changed) return { changed: false, settings: current };
    await tx
      .update(clinicSettings)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(clinicSettings.organizationId, o.organizationId));
    await audit(tx, o, {
      action: "settings.update",
      entityType: "clinic_settings",
      entityId: o.organizationId,
      details: { before: d.before, after: d.after },
    });
    return { changed: true, settings: next };
  });
}

// ---------------------------------------------------------------------------
// Outbox (read-only)

export type OutboxListItem = Pick<
  typeof outboxMessages.$inferSelect,
  "id" | "kind" | "toAddress" | "subject" | "status" | "attempts" | "appointmentId" | "lastError"
> & { createdAt: number; sentAt: number | null };

export const OUTBOX_PAGE_SIZE = 50;

/** Newest first, a page at a time. */
export async function listOutboxMessages(
  db: DbOrTx,
  o: AdminScope & { page?: number },
): Promise<{ messages: OutboxListItem[]; page: number; hasMore: boolean; timeZone: string }> {
  requireView(o);
  const page = Number.isSafeInteger(o.page) && o.page! >= 1 ? Math.min(o.page!, 10_000) : 1;
  const rows = await db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      appointmentId: outboxMessages.appointmentId,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.organizationId, o.organizationId))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  return {
    messages: rows.slice(0, OUTBOX_PAGE_SIZE).map((r) => ({ ...r, createdAt: r.createdAt.getTime(), sentAt: r.sentAt?.getTime() ?? null })),
    page,
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
    timeZone: await clinicTimeZone(db, o.organizationId),
  };
}

export type OutboxMessage = Omit<typeof outboxMessages.$inferSelect, "createdAt" | "sentAt"> & {
  createdAt: number;
  sentAt: number | null;
};

/**
 * Links in e-mails act for their recipient (manage, sign-in and invitation
 * links): staff reading the outbox see where a link went, never a usable one.
 */
export function redactLinkTokens(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, "")
    .replace(/([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g, "$1[hidden]")
    .replace(/(\/invite\/)[A-Za-z0-9_-]+/g, "$1[hidden]");
}

export async function getOutboxMessage(db: DbOrTx, o: AdminScope & { id: string }): Promise<{ message: OutboxMessage; timeZone: string }> {
  requireView(o);
  if (!isUuid(o.id)) throw new NotFoundError("That message");
  const [row] = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.organizationId, o.organizationId), eq(outboxMessages.id, o.id)))
    .limit(1);
  if (!row) throw new NotFoundError("That message");
  return {
    message: {
      ...row,
      bodyText: redactLinkTokens(row.bodyText),
      bodyHtml: redactLinkTokens(row.bodyHtml),
      ics: row.ics === null ? null : redactLinkTokens(row.ics),
      createdAt: row.createdAt.getTime(),
      sentAt: row.sentAt?.getTime() ?? null,
    },
    timeZone: await clinicTimeZone(db, o.organizationId),
  };
}
