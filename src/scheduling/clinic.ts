import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { clinicSettings, locations, organizations, practitioners, services } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import { keptTimeZone } from "./admin/lookups.ts";
import { clinicFact, keptClinic } from "./clinic-cache.ts";
import type { PriceInForce } from "./price-rules.ts";
import { priceChanges, pricedOn } from "./prices.ts";
import { todayIn } from "./time.ts";

// Ids from URLs are checked before they reach a uuid column, so junk is a 404,
// not a database error; the check is the kernel's, re-exported for the many
// modules that import it from here.

export interface ClinicSettings {
  minimumNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number;
  cancellationWindowMinutes: number;
  holdMinutes: number;
  /** How old the latest screening may be when a treatment is booked. */
  screeningValidDays: number;
}

export interface Clinic {
  organizationId: string;
  name: string;
  location: typeof locations.$inferSelect;
  settings: ClinicSettings;
}

/** The clinic, its settings and its location: kept between requests while the clinic's version is unchanged (clinic-cache.ts). */
export function loadClinic(db: DbOrTx, organizationId: string): Promise<Clinic> {
  return clinicFact(db, organizationId, "clinic", () => readClinic(db, organizationId));
}

async function readClinic(db: DbOrTx, organizationId: string): Promise<Clinic> {
  // One location per organization for now; every row already carries location_id.
  const [row] = await db
    .select({ org: organizations, settings: clinicSettings, location: locations })
    .from(organizations)
    .innerJoin(clinicSettings, eq(clinicSettings.organizationId, organizations.id))
    .innerJoin(locations, eq(locations.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  if (!row) throw new Error("The clinic's organization, settings or location is missing");
  const { organizationId: _o, updatedAt: _u, ...settings } = row.settings;
  return { organizationId, name: row.org.name, location: row.location, settings };
}

/** The organization this deployment's public pages and API serve. */
export async function findPublicOrganizationId(db: DbOrTx, slug: string | undefined): Promise<string | null> {
  const query = db.select({ id: organizations.id }).from(organizations);
  const [row] = slug
    ? await query.where(eq(organizations.slug, slug)).limit(1)
    : await query.orderBy(asc(organizations.createdAt)).limit(1);
  return row?.id ?? null;
}

export type Service = typeof services.$inferSelect;
export type Practitioner = typeof practitioners.$inferSelect;

/** A service with its price on one day and all its price changes (src/scheduling/prices.ts). */
export type PricedService = Service & PriceInForce;

/**
 * The clinic's services in list order, each with the price in force `on` that
 * day (default: today in the clinic's time zone) and its changes, so a page can
 * price another day or say what is scheduled.
 */
export async function listServices(
  db: DbOrTx,
  organizationId: string,
  options: { includeInactive?: boolean; on?: string } = {},
): Promise<PricedService[]> {
  // The services, their price changes and the time zone as this process keeps them: one read of the clinic's version.
  const kept = await keptClinic(db, organizationId);
  const all = await kept.fact("services", () =>
    db.select().from(services).where(eq(services.organizationId, organizationId)).orderBy(asc(services.sortOrder), asc(services.name)),
  );
  const changes = await kept.fact("price-changes", () => priceChanges(db, organizationId));
  const on = options.on ?? todayIn(await keptTimeZone(kept, db, organizationId), Date.now());
  return pricedOn(options.includeInactive ? all : all.filter((s) => s.active), changes, on);
}

export async function getService(db: DbOrTx, organizationId: string, serviceId: string): Promise<Service | null> {
  if (!isUuid(serviceId)) return null;
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.id, serviceId)))
    .limit(1);
  return row ?? null;
}

export async function listPractitioners(db: DbOrTx, organizationId: string, options: { includeInactive?: boolean } = {}) {
  const where = options.includeInactive
    ? eq(practitioners.organizationId, organizationId)
    : and(eq(practitioners.organizationId, organizationId), eq(practitioners.active, true));
  return db.select().from(practitioners).where(where).orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
}
