// Staff of every role, clients and appointments for the health-record tests.
// A test file of the health record calls useHealthTestbed() at its top; its
// beforeAll gives that file a fresh clinic and data key and fills the
// bindings below (ES modules export them live).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { StaffSession } from "../auth/auth.ts";
import type { Db } from "../db/open.ts";
import { appointments, auditEvents, authUsers, clients, locations, organizations, staffMembers, type StaffRole } from "../db/schema.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { createKeyRing, generateDataKey, type KeyRing } from "./keyring.ts";

export let f: ClinicFixture;
export let org: string;
export let db: ClinicFixture["database"]["db"];
/** The data key the file's key ring starts with. */
export let baseKey: Buffer;
export let keyRing: KeyRing;

export function useHealthTestbed(): void {
  beforeAll(async () => {
    f = await createClinicFixture();
    org = f.clinic.organizationId;
    db = f.database.db;
    useDataKey(generateDataKey());
  });

  afterAll(async () => {
    await f?.database.close();
  });
}

/** From now on the file's key ring holds this data key only (after a rotation moved the data to it). */
export function useDataKey(key: Buffer): void {
  baseKey = key;
  keyRing = createKeyRing([key]);
}

let counter = 0;

export type TestStaff = Pick<StaffSession, "userId" | "name" | "email" | "organizationId" | "role" | "practitionerId">;

export async function addStaff(
  db: Db,
  o: { organizationId: string; role: StaffRole; name?: string; practitionerId?: string | null },
): Promise<TestStaff> {
  counter++;
  const userId = randomUUID();
  const name = o.name ?? `${o.role} ${counter}`;
  const email = `staff${counter}-${userId.slice(0, 8)}@example.test`;
  await db.insert(authUsers).values({ id: userId, name, email, emailVerified: true });
  await db
    .insert(staffMembers)
    .values({ organizationId: o.organizationId, userId, role: o.role, practitionerId: o.practitionerId ?? null });
  return { userId, name, email, organizationId: o.organizationId, role: o.role, practitionerId: o.practitionerId ?? null };
}

export async function addClient(db: Db, organizationId: string, name = `Client ${++counter}`, phone: string | null = "(519) 555-0100") {
  const email = `client${++counter}-${randomUUID().slice(0, 8)}@example.test`;
  const [row] = await db.insert(clients).values({ organizationId, name, email, emailNormalized: email.toLowerCase(), phone }).returning();
  return row!;
}

/**
 * An appointment of the client with the practitioner, booked by staff:
 * `daysFromNow` away (negative: in the past, spread out so the exclusion
 * constraints never meet), or at `start`; a consultation of 30 minutes unless
 * `slug` and `minutes` say otherwise; a session of a plan when `planId` is given.
 */
export async function addAppointment(
  f: ClinicFixture,
  o: {
    clientId: string;
    practitionerId: string;
    daysFromNow?: number;
    start?: Date;
    slug?: string;
    minutes?: number;
    planId?: string;
    planSession?: number;
    status?: "booked" | "cancelled" | "completed" | "no-show";
    organizationId?: string;
  },
) {
  counter++;
  const start = o.start ?? new Date(Date.now() + (o.daysFromNow ?? 0) * 86_400_000 + counter * 3_600_000);
  const end = new Date(start.getTime() + (o.minutes ?? 30) * 60_000);
  const [row] = await f.database.db
    .insert(appointments)
    .values({
      organizationId: o.organizationId ?? f.clinic.organizationId,
      locationId: f.clinic.location.id,
      serviceId: f.services[o.slug ?? "consultation"]!.id,
      practitionerId: o.practitionerId,
      clientId: o.clientId,
      status: o.status ?? "booked",
      startsAt: start,
      endsAt: end,
      blockedFrom: start,
      blockedUntil: end,
      source: "staff",
      cancelledAt: o.status === "cancelled" ? new Date() : null,
      planId: o.planId ?? null,
      planSession: o.planSession ?? null,
    })
    .returning();
  return row!;
}

/** A second clinic in the same database, for isolation tests. */
export async function addOrganization(db: Db): Promise<{ organizationId: string; locationId: string }> {
  const [org] = await db
    .insert(organizations)
    .values({ slug: `other-${randomUUID().slice(0, 8)}`, name: "Another clinic" })
    .returning();
  const [location] = await db
    .insert(locations)
    .values({
      organizationId: org!.id,
      name: "Elsewhere",
      street: "1 Main St",
      city: "Guelph",
      region: "ON",
      postalCode: "N1H 1A1",
      phone: "519-555-0199",
      email: "other@example.test",
      timeZone: "America/Toronto",
    })
    .returning();
  return { organizationId: org!.id, locationId: location!.id };
}

/** The health record's audit rows of one client in the testbed, oldest first (of one action, when given). */
export async function healthEvents(clientId: string, action?: string) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "health-record"),
        eq(auditEvents.entityId, clientId),
        action ? eq(auditEvents.action, action) : undefined,
      ),
    )
    .orderBy(auditEvents.id);
}

/** A practitioner staff member of the testbed whose practitioner has (or has not) seen the client. */
export async function practitionerStaff(
  clientId: string,
  careTeam: boolean,
  status: "booked" | "completed" | "cancelled" = "booked",
): Promise<TestStaff> {
  const practitionerId = f.practitioners[0]!.id;
  const staff = await addStaff(db, {
    organizationId: f.clinic.organizationId,
    role: "practitioner",
    practitionerId: careTeam ? practitionerId : f.practitioners[1]!.id,
  });
  if (careTeam) await addAppointment(f, { clientId, practitionerId, daysFromNow: status === "completed" ? -30 : 10, status });
  return staff;
}
