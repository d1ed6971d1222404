import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { clinicSettings, locations, organizations, practitioners, services } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import { keptClinic } from "./clinic-cache.ts";
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

/**
 * What this process keeps of one clinic, read under one check of its version
 * (clinic-cache.ts): a request that needs the clinic, a service and its
 * practitioners pays for one small query instead of one per fact. Every
 * method answers a copy.
 */
export interface ClinicFacts {
  /** The clinic, its settings and its location. */
  clinic(): Promise<Clinic>;
  /** See listServices. */
  services(options?: { includeInactive?: boolean; on?: string }): Promise<PricedService[]>;
  /** One of the clinic's services by id, active or not; null for another clinic's id or one that is not a UUID. */
  service(id: string): Promise<Service | null>;
  /** The clinic's practitioners in list order (see listPractitioners). */
  practitioners(options?: { includeInactive?: boolean }): Promise<Practitioner[]>;
  /** Another fact of the clinic kept under the same version (its table must move the version: migrations 0028, 0031). */
  fact<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export async function clinicFacts(db: DbOrTx, organizationId: string): Promise<ClinicFacts> {
  const kept = await keptClinic(db, organizationId);
  const clinic = () => kept.fact("clinic", () => readClinic(db, organizationId));
  const allServices = () =>
    kept.fact("services", () =>
      db.select().from(services).where(eq(services.organizationId, organizationId)).orderBy(asc(services.sortOrder), asc(services.name)),
    );
  return {
    clinic,
    async services(options = {}) {
      const all = await allServices();
      const changes = await kept.fact("price-changes", () => priceChanges(db, organizationId));
      const on = options.on ?? todayIn((await clinic()).location.timeZone, Date.now());
      return pricedOn(options.includeInactive ? all : all.filter((s) => s.active), changes, on);
    },
    async service(id) {
      if (!isUuid(id)) return null;
      return (await allServices()).find((s) => s.id === id) ?? null;
    },
    async practitioners(options = {}) {
      const all = await kept.fact("practitioners", () =>
        db
          .select()
          .from(practitioners)
          .where(eq(practitioners.organizationId, organizationId))
          .orderBy(asc(practitioners.sortOrder), asc(practitioners.name)),
      );
      return options.includeInactive ? all : all.filter((p) => p.active);
    },
    fact: (key, load) => kept.fact(key, load),
  };
}

/** The clinic, its settings and its location: kept between requests while the clinic's version is unchanged (clinic-cache.ts). */
export async function loadClinic(db: DbOrTx, organizationId: string): Promise<Clinic> {
  return (await clinicFacts(db, organizationId)).clinic();
}

/** The clinic's time zone (its location's), from the kept clinic. */
export async function clinicTimeZone(db: DbOrTx, organizationId: string): Promise<string> {
  return (await loadClinic(db, organizationId)).location.timeZone;
}

/** The clinic's calendar day at `now` ("today" for prices). */
export async function clinicToday(db: DbOrTx, organizationId: string, now: number): Promise<string> {
  return todayIn(await clinicTimeZone(db, organizationId), now);
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
  return (await clinicFacts(db, organizationId)).services(options);
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
