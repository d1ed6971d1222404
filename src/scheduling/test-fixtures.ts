// A migrated database with the demo clinic, for integration tests.
import { afterAll, beforeAll } from "vitest";
import { createKeyRing, generateDataKey, type KeyRing } from "../privacy/keyring.ts";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import type { ClinicRows } from "../db/clinic-rows.ts";
import { loadDemoClinic } from "../db/demo.ts";
import { practitioners, services } from "../db/schema.ts";
import { createTestDatabase } from "../db/testing.ts";
import type { BookAppointmentOptions } from "./book-appointment.ts";
import { loadClinic, type Clinic, type Practitioner, type Service } from "./clinic.ts";
import { parseOffsetIso } from "./time.ts";

export interface ClinicFixture {
  database: Database;
  /** A fresh data key for screenings and health records written by the tests. */
  keyRing: KeyRing;
  clinic: Clinic;
  services: Record<string, Service>;
  practitioners: Practitioner[];
}

/**
 * A fresh clinic for the test file: made before its tests (then `ready`
 * takes it, to keep it and add what the file needs), closed after them.
 */
export function useClinicFixture(ready: (f: ClinicFixture) => unknown): void {
  let made: ClinicFixture | undefined;
  beforeAll(async () => {
    made = await createClinicFixture();
    await ready(made);
  });
  afterAll(async () => {
    await made?.database.close();
  });
}

export async function createClinicFixture(): Promise<ClinicFixture> {
  const database = await createTestDatabase();
  const { organizationId } = await loadDemoClinic(database.db, { ownerPassword: "correct horse battery staple" });
  const clinic = await loadClinic(database.db, organizationId);
  const serviceRows = await database.db.select().from(services).where(eq(services.organizationId, organizationId));
  const practitionerRows = await database.db
    .select()
    .from(practitioners)
    .where(eq(practitioners.organizationId, organizationId))
    .orderBy(asc(practitioners.sortOrder));
  return {
    database,
    keyRing: createKeyRing([generateDataKey()]),
    clinic,
    services: Object.fromEntries(serviceRows.map((s) => [s.slug, s])),
    practitioners: practitionerRows,
  };
}

// Not the 15th and not the 29th: tests book those days on purpose.
const SPREAD_DAYS = ["16", "17", "18", "19", "22", "23", "24", "25", "26"];

/**
 * Booking options at a time no other call with another `n` uses: weekdays
 * 16–26 March 2027 at 09:00, 11:00 or 13:00, two hours apart, so a 60-minute
 * treatment and its clean-up never reach the next one.
 */
export function spreadBookingOptions(
  f: ClinicFixture,
  n: number,
  o: Pick<BookAppointmentOptions, "service" | "client" | "actor" | "now">,
): BookAppointmentOptions {
  const hour = String(9 + 2 * (Math.floor(n / SPREAD_DAYS.length) % 3)).padStart(2, "0");
  return {
    clinic: f.clinic,
    keyRing: f.keyRing,
    start: Date.parse(`2027-03-${SPREAD_DAYS[n % SPREAD_DAYS.length]}T${hour}:00:00-04:00`),
    source: "api",
    baseUrl: "http://localhost:3000",
    ...o,
  };
}

/**
 * Free weekday hours of the first demo practitioner, one per call: Monday to
 * Friday, 09:00 to 16:00 (Eastern daylight time), eight a day, from the Monday
 * `firstMonday` (UTC midnight) on. Returns the next one's offset time.
 */
export function weekdayHours(firstMonday: number): () => string {
  const DAY = 86_400_000;
  let n = 0;
  return () => {
    const i = n++;
    const day = new Date(firstMonday + Math.floor(i / 40) * 7 * DAY + (Math.floor(i / 8) % 5) * DAY);
    return `${day.toISOString().slice(0, 10)}T${String(9 + (i % 8)).padStart(2, "0")}:00:00-04:00`;
  };
}

/**
 * Options that book the consultation at 10:00 on Wednesday 17 March 2027
 * through the API, for "Client n" at `${emailPrefix}${n}@example.test`, at
 * the test's `now`; `overrides` change any of them.
 */
export function consultationBookingOptions(
  f: ClinicFixture,
  client: { n: number; emailPrefix: string },
  overrides: Partial<BookAppointmentOptions> & Pick<BookAppointmentOptions, "now">,
): BookAppointmentOptions {
  return {
    clinic: f.clinic,
    keyRing: f.keyRing,
    service: f.services["consultation"]!,
    start: parseOffsetIso("2027-03-17T10:00:00-04:00")!,
    client: { name: `Client ${client.n}`, email: `${client.emailPrefix}${client.n}@example.test`, phone: "519-555-0100" },
    source: "api",
    baseUrl: "http://localhost:3000",
    actor: { type: "public", id: null },
    ...overrides,
  };
}

/** "Other clinic" in Vancouver: the second clinic of the tests that keep clinics apart, with the test's settings, phone and rooms. */
export function otherClinicRows(o: Pick<ClinicRows, "settings" | "rooms"> & { phone: string }): ClinicRows {
  return {
    organization: { slug: "other-clinic", name: "Other clinic" },
    settings: o.settings,
    location: {
      name: "Elsewhere",
      street: "",
      city: "Vancouver",
      region: "BC",
      postalCode: "",
      country: "CA",
      phone: o.phone,
      email: "other@example.test",
      timeZone: "America/Vancouver",
    },
    rooms: o.rooms,
  };
}
