// Who the clinic's clients are and when they come: contact details and
// appointments, never health information (that is the health record: index.ts). Every
// staff role with "clients.view" may read this; every query is scoped to the
// staff member's organization.
import { and, asc, count, desc, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import type { StaffSession } from "../auth/auth.ts";
import type { DbOrTx } from "../db/open.ts";
import { appointments, clients, practitioners, services, type AppointmentStatus } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { requirePermission } from "../kernel/access.ts";
import { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "../scheduling/appointment-joins.ts";

export const CLIENTS_PAGE_SIZE = 50;
/** The longest search query: longer ones are refused, never cut. */
export const CLIENT_QUERY_MAX = 100;

export interface ClientContactDetails {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  createdAt: number;
}

export interface ClientAppointment {
  id: string;
  status: Exclude<AppointmentStatus, "held">;
  startMs: number;
  endMs: number;
  serviceName: string;
  /** The clinic's French name for the service; empty when none was entered. */
  serviceNameFr: string;
  practitionerId: string;
  practitionerName: string;
}

type StaffScope = Pick<StaffSession, "role" | "organizationId">;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What is wrong with a client search query, or null: one line of at most 100 characters, no control characters. */
export function clientQueryProblem(query: string): string | null {
  if (!isPlainLine(query)) return LINE_CONTROL_MESSAGE;
  if (query.length > CLIENT_QUERY_MAX) return `Use at most ${CLIENT_QUERY_MAX} characters.`;
  return null;
}

/** A search query that clientQueryProblem refuses; the pages and the API check first and answer 422. The search field is "q" on both. */
export class ClientQueryError extends FieldError {
  constructor(message: string) {
    super({ q: message });
    this.name = "ClientQueryError";
  }
}

/**
 * Clients whose name, e-mail or phone contains the query (phone compared by
 * digits, so "519 555" finds "(519) 555-0100"), ordered by name.
 */
export async function searchClients(
  db: DbOrTx,
  o: { staff: StaffScope; query?: string; page?: number; pageSize?: number },
): Promise<{ clients: ClientContactDetails[]; total: number; page: number; pageCount: number }> {
  requirePermission(o.staff, "clients.view", "see the clinic's clients");
  const pageSize = Math.min(Math.max(1, o.pageSize ?? CLIENTS_PAGE_SIZE), 200);
  const conditions: SQL[] = [eq(clients.organizationId, o.staff.organizationId)];
  const problem = clientQueryProblem(o.query ?? "");
  if (problem) throw new ClientQueryError(problem);
  const q = (o.query ?? "").trim();
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const digits = q.replace(/\D/g, "");
    const matches: SQL[] = [ilike(clients.name, like), ilike(clients.email, like)];
    if (digits.length >= 3) matches.push(sql`regexp_replace(coalesce(${clients.phone}, ''), '[^0-9]', '', 'g') LIKE ${`%${digits}%`}`);
    conditions.push(or(...matches)!);
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(clients).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page ?? 1)), pageCount);
  const rows = await db
    .select({ id: clients.id, name: clients.name, email: clients.email, phone: clients.phone, createdAt: clients.createdAt })
    .from(clients)
    .where(where)
    .orderBy(asc(sql`lower(${clients.name})`), asc(clients.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { clients: rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() })), total, page, pageCount };
}

/** A client's contact details in one organization, or null (unknown id, or another clinic's client). */
export async function clientContact(db: DbOrTx, organizationId: string, clientId: string): Promise<ClientContactDetails | null> {
  if (!isUuid(clientId)) return null;
  const [row] = await db
    .select({ id: clients.id, name: clients.name, email: clients.email, phone: clients.phone, createdAt: clients.createdAt })
    .from(clients)
    .where(and(eq(clients.id, clientId), eq(clients.organizationId, organizationId)))
    .limit(1);
  return row ? { ...row, createdAt: row.createdAt.getTime() } : null;
}

/** A client's appointments (never holds), newest first. */
export async function clientAppointments(db: DbOrTx, organizationId: string, clientId: string): Promise<ClientAppointment[]> {
  const rows = await db
    .select({
      id: appointments.id,
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      serviceName: services.name,
      serviceNameFr: services.nameFr,
      practitionerId: appointments.practitionerId,
      practitionerName: practitioners.name,
    })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
    .where(and(eq(appointments.organizationId, organizationId), eq(appointments.clientId, clientId), ne(appointments.status, "held")))
    .orderBy(desc(appointments.startsAt), asc(appointments.id));
  return rows.map((r) => ({
    id: r.id,
    status: r.status as ClientAppointment["status"],
    startMs: r.startsAt.getTime(),
    endMs: r.endsAt.getTime(),
    serviceName: r.serviceName,
    serviceNameFr: r.serviceNameFr,
    practitionerId: r.practitionerId,
    practitionerName: r.practitionerName,
  }));
}

/** Contact details and appointments for a staff member with "clients.view", or null when the client is not theirs to see. */
export async function getClientForStaff(
  db: DbOrTx,
  o: { staff: StaffScope; clientId: string },
): Promise<{ contact: ClientContactDetails; appointments: ClientAppointment[] } | null> {
  requirePermission(o.staff, "clients.view", "see the clinic's clients");
  const contact = await clientContact(db, o.staff.organizationId, o.clientId);
  if (!contact) return null;
  return { contact, appointments: await clientAppointments(db, o.staff.organizationId, o.clientId) };
}
