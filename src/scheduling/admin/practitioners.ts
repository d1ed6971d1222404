// Practitioners as staff see and edit them: the list, one practitioner with
// their hours, dates and time off, their details, and which services they offer.
import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/open.ts";
import {
  locations,
  practitionerExceptions,
  practitionerHours,
  practitionerServices,
  practitioners,
  services,
  timeOff,
} from "../../db/schema.ts";
import type { LocalInterval, Weekday } from "../slots.ts";
import { addDays, localDateOf } from "../time.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { diff } from "./audit.ts";
import { checkbox, idList, keptText, parse, requiredText, text, wholeNumber } from "./form-fields.ts";
import { clinicTimeZone } from "../clinic.ts";
import { findPractitioner, ownServices, type PractitionerRow } from "./lookups.ts";
import { bookedInTimeOff, type BookedInTimeOff } from "./time-off.ts";
import { can } from "../../kernel/access.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

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

export interface PractitionerDetail {
  practitioner: PractitionerRow;
  timeZone: string;
  hours: Partial<Record<Weekday, LocalInterval[]>>;
  /** From 30 days ago on, by date. */
  exceptions: { id: string; date: string; intervals: LocalInterval[]; note: string }[];
  /** Ending 30 days ago or later, by start, each with the booked appointments that fall inside it. */
  timeOff: { id: string; startsAt: number; endsAt: number; reason: string; bookedInside: BookedInTimeOff[] }[];
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
  const spans = offs.map((t) => ({ id: t.id, startsAt: t.startsAt.getTime(), endsAt: t.endsAt.getTime(), reason: t.reason }));
  // The bookings inside are the schedule's: for a role that sees the schedule only.
  const booked = can(o.staff.role, "schedule.view") ? await bookedInTimeOff(db, { ...o, practitionerId: practitioner.id, spans }) : [];
  return {
    practitioner,
    timeZone,
    hours,
    exceptions: exceptions.map((e) => ({ id: e.id, date: e.date, intervals: e.intervals, note: e.note })),
    timeOff: spans.map((t) => ({ ...t, bookedInside: booked.filter((b) => b.timeOffId === t.id) })),
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
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
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
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.update",
      entityType: "practitioner",
      entityId: before.id,
      details: { before: d.before, after: d.after },
    });
    return { changed: true };
  });
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
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "practitioner.services.update",
      entityType: "practitioner",
      entityId: practitioner.id,
      details: { before: { serviceIds: before }, after: { serviceIds: after } },
    });
    return { changed: true };
  });
}
