// A migrated database with the demo clinic, for integration tests.
import { createKeyRing, generateDataKey, type KeyRing } from "../privacy/keyring.ts";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { loadDemoClinic } from "../db/demo.ts";
import { practitioners, services } from "../db/schema.ts";
import { createTestDatabase } from "../db/testing.ts";
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
