// Writing a clinic's own rows: its organization, settings, location and rooms,
// and a practitioner with weekly hours and the services they offer. The demo
// clinic is made with it, and so are the tests' second clinics.
import type { DbOrTx } from "./open.ts";
import { clinicSettings, locations, organizations, practitionerHours, practitionerServices, practitioners, rooms } from "./schema.ts";
import { insertDefaultConsentForms } from "../consent/consent.ts";

type OfClinic<Row> = Omit<Row, "organizationId">;

export interface ClinicRows {
  organization: { slug: string; name: string };
  settings: OfClinic<typeof clinicSettings.$inferInsert>;
  location: OfClinic<typeof locations.$inferInsert>;
  rooms?: Omit<typeof rooms.$inferInsert, "organizationId" | "locationId">[];
}

/** Inserts an organization with its settings, one location and that location's rooms. */
export async function insertClinic(db: DbOrTx, clinic: ClinicRows): Promise<{ organizationId: string; locationId: string }> {
  const [org] = await db.insert(organizations).values(clinic.organization).returning();
  const organizationId = org!.id;
  await db.insert(clinicSettings).values({ organizationId, ...clinic.settings });
  const [location] = await db
    .insert(locations)
    .values({ organizationId, ...clinic.location })
    .returning();
  const locationId = location!.id;
  if (clinic.rooms?.length) await db.insert(rooms).values(clinic.rooms.map((room) => ({ organizationId, locationId, ...room })));
  // A new clinic starts with the default consent forms; its owner writes its own versions.
  await insertDefaultConsentForms(db, organizationId);
  return { organizationId, locationId };
}

export interface PractitionerRows {
  practitioner: typeof practitioners.$inferInsert;
  hours: Omit<typeof practitionerHours.$inferInsert, "organizationId" | "practitionerId">[];
  serviceIds?: string[];
}

/** Inserts a practitioner of `practitioner.organizationId`, their weekly hours and the services they offer; returns their id. */
export async function insertPractitioner(db: DbOrTx, rows: PractitionerRows): Promise<string> {
  const { organizationId } = rows.practitioner;
  const [row] = await db.insert(practitioners).values(rows.practitioner).returning();
  const practitionerId = row!.id;
  if (rows.hours.length) await db.insert(practitionerHours).values(rows.hours.map((h) => ({ organizationId, practitionerId, ...h })));
  if (rows.serviceIds?.length) {
    await db.insert(practitionerServices).values(rows.serviceIds.map((serviceId) => ({ organizationId, practitionerId, serviceId })));
  }
  return practitionerId;
}
