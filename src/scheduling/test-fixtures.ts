// A migrated database with the demo clinic, for integration tests.
import { createKeyRing, generateDataKey, type KeyRing } from "../privacy/keyring.ts";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { loadDemoClinic } from "../db/demo.ts";
import { practitioners, services } from "../db/schema.ts";
import { createTestDatabase } from "../db/testing.ts";
import type { BookAppointmentOptions } from "./book-appointment.ts";
import { loadClinic, type Clinic, type Practitioner, type Service } from "./clinic.ts";

export interface ClinicFixture {
  database: Database;
  /** A fresh data key for screenings and health records written by the tests. */
  keyRing: KeyRing;
  clinic: Clinic;
  services: Record<string, Service>;
  practitioners: Practitioner[];
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
