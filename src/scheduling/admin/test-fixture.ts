// What the administration's test files share: the demo clinic with an owner
// and a front-desk member, form inputs that pass, and queries over what a
// test wrote. Each file makes its own fixture, so no file depends on what
// another one changed.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { auditEvents, practitionerHours } from "../../db/schema.ts";
import { FieldError } from "../../kernel/errors.ts";
import type { ServiceInput } from "./service-fields.ts";
import type { StaffActor } from "./access.ts";
import { createClinicFixture, type ClinicFixture } from "../test-fixtures.ts";

export const NOW = Date.parse("2027-03-10T12:00:00Z");

export interface AdminFixture {
  f: ClinicFixture;
  org: string;
  owner: StaffActor;
  frontDesk: StaffActor;
}

export async function createAdminFixture(): Promise<AdminFixture> {
  const f = await createClinicFixture();
  const org = f.clinic.organizationId;
  return {
    f,
    org,
    owner: { userId: "owner-user", role: "owner", organizationId: org },
    frontDesk: { userId: "front-desk-user", role: "front-desk", organizationId: org },
  };
}

/**
 * This file's own fixture, made before its tests and closed after them, with
 * the queries over it. Its fields are read when a test runs, not when the file
 * is collected.
 */
export function useAdminFixture(): AdminFixture & ReturnType<typeof adminQueries> {
  let made: AdminFixture | undefined;
  beforeAll(async () => {
    made = await createAdminFixture();
  });
  afterAll(async () => {
    await made?.f.database.close();
  });
  const fixture = (): AdminFixture => {
    if (!made) throw new Error("The admin fixture is made in beforeAll; read it inside a test or hook.");
    return made;
  };
  return {
    get f() {
      return fixture().f;
    },
    get org() {
      return fixture().org;
    },
    get owner() {
      return fixture().owner;
    },
    get frontDesk() {
      return fixture().frontDesk;
    },
    ...adminQueries(() => fixture().f),
  };
}

/** The FieldError a promise rejects with, so its messages can be checked. */
export async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldError) return error.errors;
    throw error;
  }
  throw new Error("expected a FieldError, but it succeeded");
}

/** Queries over the fixture a file's beforeAll made (read when called, not when the file is collected). */
export function adminQueries(fixture: () => ClinicFixture) {
  const db = () => fixture().database.db;
  const org = () => fixture().clinic.organizationId;
  return {
    async auditCount(action?: string): Promise<number> {
      const [row] = await db()
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.organizationId, org()), action ? eq(auditEvents.action, action) : undefined));
      return Number(row!.n);
    },
    async lastAudit(action: string) {
      const rows = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.organizationId, org()), eq(auditEvents.action, action)))
        .orderBy(sql`${auditEvents.id} DESC`)
        .limit(1);
      return rows[0]!;
    },
    async hoursOf(practitionerId: string) {
      const rows = await db()
        .select()
        .from(practitionerHours)
        .where(eq(practitionerHours.practitionerId, practitionerId))
        .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
      return rows.map((r) => `${r.weekday} ${r.startTime}-${r.endTime}`);
    },
  };
}

export function serviceInput(overrides: ServiceInput = {}): ServiceInput {
  return {
    name: "Microneedling — hands",
    slug: "",
    kind: "treatment",
    description: "Backs of the hands.",
    durationMinutes: "45",
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "15",
    price: "199.50",
    currency: "cad",
    requiresRoom: "on",
    requiresEligibility: "on",
    active: "on",
    sortOrder: "9",
    practitionerIds: [],
    ...overrides,
  };
}

export const settingsInput = {
  minimumNotice: "2",
  minimumNoticeUnit: "hours",
  horizonDays: "180",
  slotStepMinutes: "15",
  cancellationWindowHours: "24",
  holdMinutes: "10",
};
