// The audit trail: one row per thing that happened, written in the same
// transaction as the change it records. The table is append-only in the
// database itself (migration 0004). This module writes events, lets owners and
// managers search them, and gives a client the accesses to their own record.
// It never shows health content: event details are summarised from a short
// list of known-safe keys, whatever else a writer put in them.
import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { Temporal } from "temporal-polyfill";
import type { StaffSession } from "../auth/auth.ts";
import type { DbOrTx } from "../db/open.ts";
import type { AuditAction } from "./actions.ts";
import { appointments, auditEvents, authUsers, clients, services, staffMembers, type StaffRole } from "../db/schema.ts";
import { requirePermission } from "../kernel/access.ts";
import { isPlausiblePlainDate } from "../kernel/dates.ts";
import { nameEntities, rowKind } from "./entity-names.ts";

export const AUDIT_PAGE_SIZE = 50;

/** Left joins that name an event's staff actor: their account, and their membership (role) in the event's clinic. */
const ACTOR_USER = and(eq(auditEvents.actorType, "staff"), eq(authUsers.id, auditEvents.actorId));
const ACTOR_MEMBER = and(eq(staffMembers.userId, auditEvents.actorId), eq(staffMembers.organizationId, auditEvents.organizationId));

export type ActorType = "staff" | "client" | "system" | "public";

/** Who an audit row names: a staff member or a client by id, the system, or an anonymous visitor. */
export interface AuditActor {
  type: ActorType;
  id: string | null;
}

export interface AuditEventInput {
  organizationId: string;
  actor: AuditActor;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
  /**
   * The request this event happened in, for views of a health record: a second
   * view of the same record by the same person in the same request is not
   * written (one "viewed the health record" row per record per request).
   */
  requestId?: string;
}

/** The actor of an event a signed-in staff member caused. */
export function staffActor(staff: { userId: string }): { type: "staff"; id: string } {
  return { type: "staff", id: staff.userId };
}

/** The actor of an event a staff member caused, or the system when nobody is signed in (an invitation accepted by a newcomer). */
export function staffOrSystem(userId: string | null): AuditActor {
  return { type: userId ? "staff" : "system", id: userId };
}

/** Writes one event. Pass the transaction of the change it records. The one way an audit row is written. */
export async function recordAuditEvent(db: DbOrTx, event: AuditEventInput): Promise<void> {
  const insert = auditEventInsert(db, event);
  // The unique index of migration 0025 holds one view row per record and request; the first one written stands.
  // It waits for a concurrent first one to commit or roll back, so a view is never lost to a rolled-back twin.
  await (event.requestId ? insert.onConflictDoNothing() : insert);
}

/**
 * The INSERT of one audit row, not yet run: for a caller that folds it with
 * other writes into one statement (a booking, src/kernel/statements.ts). Rows
 * carrying a request id go through recordAuditEvent.
 */
export function auditEventInsert(db: DbOrTx, event: AuditEventInput) {
  return db.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    details: event.details ?? {},
    requestId: event.requestId ?? null,
  });
}

// ---------------------------------------------------------------------------
// Safe summaries

/** Which part of the record an access reached (treatment plans and photos). */
const PART_TEXT: Record<string, string> = {
  plans: "Treatment plans (list)",
  plan: "A treatment plan",
  "plan-context": "Screening facts for a new plan",
  "photo-list": "Skin photos (list)",
  photo: "A skin photo",
};

const DENIAL_TEXT: Record<string, string> = {
  "other-organization": "the record belongs to another clinic",
  "not-found": "no such client in this clinic",
  locked: "the record is locked to other staff",
  role: "the role has no access to health information",
  "break-glass-required": "not on the care team and no reason given",
};

/** Cents as money in words: "$95.00", "free", "on request"; an unknown currency code still shows its amount. */
function moneyText(cents: number | null, currency: string): string {
  if (cents === null) return "on request";
  if (cents === 0) return "free";
  try {
    return new Intl.NumberFormat("en-CA", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** A price change's audit details (src/scheduling/admin/services.ts), or null when they are not one. */
function priceChangeOf(value: unknown): { from: string; before: Money | null; after: Money; cancelled: boolean } | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const money = (m: unknown): Money | null =>
    m &&
    typeof m === "object" &&
    typeof (m as Money).currency === "string" &&
    (typeof (m as Money).cents === "number" || (m as Money).cents === null)
      ? { cents: (m as Money).cents, currency: (m as Money).currency }
      : null;
  const after = money(v.after);
  if (typeof v.from !== "string" || !isPlausiblePlainDate(v.from) || !after) return null;
  return { from: v.from, before: money(v.before), after, cancelled: v.cancelled === true };
}

type Money = { cents: number | null; currency: string };

/** "Price: $80.00 → $95.00 from March 1, 2027" (money is not health information: amounts are shown). */
function priceText(details: Record<string, unknown>): string | null {
  const p = priceChangeOf(details.price);
  if (!p) return null;
  const day = Temporal.PlainDate.from(p.from).toLocaleString("en-CA", { month: "long", day: "numeric", year: "numeric" });
  const after = moneyText(p.after.cents, p.after.currency);
  if (p.cancelled && p.before) {
    return `Price change from ${day} cancelled (${moneyText(p.before.cents, p.before.currency)}); ${after} stays`;
  }
  return p.before ? `Price: ${moneyText(p.before.cents, p.before.currency)} → ${after} from ${day}` : `Price: ${after} from ${day}`;
}

/**
 * A one-line description of an event's details from known-safe keys only.
 * Before/after diffs name the fields that changed, not their values (a time-off
 * reason or a note could carry someone's health information); a price change
 * shows its amounts and the day it takes effect.
 */
export function summarizeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  // Reasons asked for "without clinical details" are shown: the break-the-glass reason, a plan session outside its window.
  // … and the owner's reason for publishing over the quality guard (content, never health information).
  if (str(details.reason) && (details.kind === "break-glass" || details.kind === "outside-window" || str(details.step)))
    parts.push(`Reason: “${details.reason as string}”`);
  if (Array.isArray(details.rules)) parts.push(`Rules: ${(details.rules as unknown[]).map(String).join(", ")}`);
  if (str(details.denied)) parts.push(`Refused: ${DENIAL_TEXT[details.denied as string] ?? (details.denied as string)}`);
  if (str(details.access) === "break-glass") parts.push("Under a break-the-glass access");
  if (str(details.format)) parts.push(`Format: ${(details.format as string).toUpperCase()}`);
  if (str(details.change)) parts.push(String(details.change).replace(/-/g, " "));
  if (str(details.part) && PART_TEXT[details.part as string]) parts.push(PART_TEXT[details.part as string]!);
  if (typeof details.session === "number") parts.push(`Session ${details.session}`);
  if (Array.isArray(details.allowedNames)) parts.push(`Allowed: ${(details.allowedNames as unknown[]).map(String).join(", ")}`);
  if (typeof details.reencrypted === "number") parts.push(`${details.reencrypted} values re-encrypted`);
  if (str(details.requestedBy)) parts.push(`Requested by the ${details.requestedBy as string}`);
  if (details.lateCancellation === true) parts.push("Late cancellation");
  if (str(details.source)) parts.push(`Source: ${details.source as string}`);
  const price = priceText(details);
  if (price) parts.push(price);
  const after = details.after;
  if (after && typeof after === "object" && !Array.isArray(after)) {
    const fields = Object.keys(after as object);
    if (fields.length) parts.push(`Changed: ${fields.join(", ")}`);
  } else if (details.before && typeof details.before === "object") {
    parts.push("Removed");
  }
  return parts.join(" · ");
}

// ---------------------------------------------------------------------------
// Search (owners and managers)

export interface AuditFilters {
  /** Part of a client's name or e-mail. */
  client?: string;
  /** One client's id (from the client's page). */
  clientId?: string;
  /** A staff member's user id. */
  actorUserId?: string;
  action?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export interface AuditRow {
  id: number;
  at: number;
  actorType: ActorType;
  actorName: string | null;
  actorRole: StaffRole | null;
  action: string;
  entityType: string;
  entityId: string | null;
  clientId: string | null;
  clientName: string | null;
  /**
   * What the row is about, in words, unless it is a client's record (then
   * clientName names it): its kind ("Service"), its name when it can be read
   * (null once removed), the start of an appointment, and where to open it.
   */
  entity: { kind: string; name: string | null; at: number | null; href: string | null } | null;
  summary: string;
}

export interface AuditPage {
  events: AuditRow[];
  total: number;
  page: number;
  pageCount: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLIENT_ENTITIES = ["health-record", "client"];

function clientIdsMatching(db: DbOrTx, organizationId: string, f: AuditFilters) {
  const conditions: SQL[] = [eq(clients.organizationId, organizationId)];
  if (f.clientId) conditions.push(eq(clients.id, UUID.test(f.clientId) ? f.clientId : "00000000-0000-0000-0000-000000000000"));
  if (f.client) {
    const like = `%${f.client.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(clients.name, like), ilike(clients.email, like))!);
  }
  return db
    .select({ id: sql<string>`${clients.id}::text` })
    .from(clients)
    .where(and(...conditions));
}

export async function searchAuditEvents(
  db: DbOrTx,
  o: { staff: Pick<StaffSession, "role" | "organizationId">; filters: AuditFilters; page?: number; pageSize?: number },
): Promise<AuditPage> {
  requirePermission(o.staff, "audit.view", "see the audit log");
  const organizationId = o.staff.organizationId;
  const f = o.filters;
  const pageSize = o.pageSize ?? AUDIT_PAGE_SIZE;
  const conditions: SQL[] = [eq(auditEvents.organizationId, organizationId)];
  if (f.client || f.clientId) {
    const ids = clientIdsMatching(db, organizationId, f);
    const appointmentIds = db
      .select({ id: sql<string>`${appointments.id}::text` })
      .from(appointments)
      .where(and(eq(appointments.organizationId, organizationId), inArray(sql`${appointments.clientId}::text`, ids)));
    conditions.push(
      or(
        and(inArray(auditEvents.entityType, CLIENT_ENTITIES), inArray(auditEvents.entityId, ids)),
        and(eq(auditEvents.entityType, "appointment"), inArray(auditEvents.entityId, appointmentIds)),
      )!,
    );
  }
  if (f.actorUserId) conditions.push(and(eq(auditEvents.actorType, "staff"), eq(auditEvents.actorId, f.actorUserId))!);
  if (f.action) conditions.push(eq(auditEvents.action, f.action));
  if (f.from !== undefined) conditions.push(gte(auditEvents.at, new Date(f.from)));
  if (f.to !== undefined) conditions.push(lt(auditEvents.at, new Date(f.to)));
  const where = and(...conditions);

  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(auditEvents).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page ?? 1)), pageCount);

  const entityClient = alias(clients, "entity_client");
  const appointment = alias(appointments, "entity_appointment");
  const appointmentClient = alias(clients, "appointment_client");
  const appointmentService = alias(services, "appointment_service");
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorType: auditEvents.actorType,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      details: auditEvents.details,
      actorName: authUsers.name,
      actorRole: staffMembers.role,
      entityClientId: entityClient.id,
      entityClientName: entityClient.name,
      appointmentClientId: appointmentClient.id,
      appointmentClientName: appointmentClient.name,
      appointmentStart: appointment.startsAt,
      appointmentServiceName: appointmentService.name,
    })
    .from(auditEvents)
    .leftJoin(authUsers, ACTOR_USER)
    .leftJoin(staffMembers, ACTOR_MEMBER)
    .leftJoin(
      entityClient,
      and(
        inArray(auditEvents.entityType, CLIENT_ENTITIES),
        eq(sql`${entityClient.id}::text`, auditEvents.entityId),
        eq(entityClient.organizationId, auditEvents.organizationId),
      ),
    )
    .leftJoin(
      appointment,
      and(
        eq(auditEvents.entityType, "appointment"),
        eq(sql`${appointment.id}::text`, auditEvents.entityId),
        eq(appointment.organizationId, auditEvents.organizationId),
      ),
    )
    .leftJoin(
      appointmentClient,
      and(eq(appointmentClient.id, appointment.clientId), eq(appointmentClient.organizationId, auditEvents.organizationId)),
    )
    .leftJoin(
      appointmentService,
      and(eq(appointmentService.id, appointment.serviceId), eq(appointmentService.organizationId, auditEvents.organizationId)),
    )
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);

  const nameOf = await nameEntities(db, organizationId, rows);
  return {
    total,
    page,
    pageCount,
    events: rows.map((r) => ({
      id: r.id,
      at: r.at.getTime(),
      actorType: r.actorType,
      actorName: r.actorName ?? null,
      actorRole: actorRoleOf(r) ?? r.actorRole ?? null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      clientId: r.entityClientId ?? r.appointmentClientId ?? null,
      clientName: r.entityClientName ?? r.appointmentClientName ?? null,
      entity: entityOf({ ...r, clientNamed: r.entityClientId !== null }, nameOf),
      summary: summarizeDetails(r.details),
    })),
  };
}

/** A row's record in words, unless the client's name says it all (their record, their account). */
function entityOf(
  r: {
    entityType: string;
    entityId: string | null;
    action: string;
    appointmentStart: Date | null;
    appointmentServiceName: string | null;
    clientNamed: boolean;
  },
  nameOf: Awaited<ReturnType<typeof nameEntities>>,
): AuditRow["entity"] {
  // A client's record or account: the client's name says it (a refused id that names no client gets the kind alone).
  if (CLIENT_ENTITIES.includes(r.entityType))
    return r.clientNamed ? null : { kind: rowKind(r.entityType, r.action), name: null, at: null, href: null };
  const kind = rowKind(r.entityType, r.action);
  if (r.entityType === "appointment") {
    return {
      kind,
      name: r.appointmentServiceName,
      at: r.appointmentStart?.getTime() ?? null,
      href: r.appointmentStart && r.entityId ? `/staff/appointments/${r.entityId}` : null,
    };
  }
  const named = nameOf(r);
  return { kind, name: named?.name ?? (r.entityType === "screening-rule" ? r.entityId : null), at: null, href: named?.href ?? null };
}

/**
 * The role a health-record row recorded for its actor at the time. Other rows'
 * `role` is someone else's (the role an invitation offers, the role of a member
 * removed): there the actor's role is their membership's.
 */
function actorRoleOf(r: { entityType: string; details: Record<string, unknown> }): StaffRole | null {
  return r.entityType === "health-record" ? roleOf(r.details) : null;
}

function roleOf(details: Record<string, unknown>): StaffRole | null {
  const role = details.role;
  return role === "owner" || role === "manager" || role === "practitioner" || role === "front-desk" ? role : null;
}

/** What the audit page's filters offer: the organization's staff and the actions it has seen. */
export async function auditFilterOptions(
  db: DbOrTx,
  o: { staff: Pick<StaffSession, "role" | "organizationId"> },
): Promise<{ staff: { userId: string; name: string; role: StaffRole }[]; actions: string[] }> {
  requirePermission(o.staff, "audit.view", "see the audit log");
  const organizationId = o.staff.organizationId;
  const staff = await db
    .select({ userId: staffMembers.userId, name: authUsers.name, role: staffMembers.role })
    .from(staffMembers)
    .innerJoin(authUsers, eq(authUsers.id, staffMembers.userId))
    .where(eq(staffMembers.organizationId, organizationId))
    .orderBy(authUsers.name);
  const actions = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(auditEvents.action);
  return { staff, actions: actions.map((a) => a.action) };
}

// ---------------------------------------------------------------------------
// A client's own record: who has looked at it

export interface AccessLogEntry {
  at: number;
  actorType: ActorType;
  actorName: string | null;
  actorRole: StaffRole | null;
  action: string;
  /** The stated reason of a break-the-glass access. */
  reason: string | null;
  summary: string;
}

/**
 * Staff accesses to one client's health record, newest first: views, changes,
 * prints, exports, break-the-glass accesses with their reasons, refusals,
 * locks. The client's own visits are left out; their downloads are kept.
 */
export async function accessLogForRecord(
  db: DbOrTx,
  o: { organizationId: string; clientId: string; limit?: number },
): Promise<AccessLogEntry[]> {
  const rows = await db
    .select({
      at: auditEvents.at,
      actorType: auditEvents.actorType,
      action: auditEvents.action,
      details: auditEvents.details,
      actorName: authUsers.name,
      actorRole: staffMembers.role,
    })
    .from(auditEvents)
    .leftJoin(authUsers, ACTOR_USER)
    .leftJoin(staffMembers, ACTOR_MEMBER)
    .where(
      and(
        eq(auditEvents.organizationId, o.organizationId),
        eq(auditEvents.entityType, "health-record"),
        eq(auditEvents.entityId, o.clientId),
        or(sql`${auditEvents.actorType} <> 'client'`, sql`${auditEvents.action} <> 'health-record.view'`),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(o.limit ?? 500);
  return rows.map((r) => ({
    at: r.at.getTime(),
    actorType: r.actorType,
    actorName: r.actorName ?? null,
    actorRole: roleOf(r.details) ?? r.actorRole ?? null,
    action: r.action,
    reason: r.details.kind === "break-glass" && typeof r.details.reason === "string" ? r.details.reason : null,
    summary: summarizeDetails(r.details),
  }));
}
