// The organization's own rows, by id. An id of another organization, or one
// that is not a UUID, is not found (never forbidden); ids chosen in a form
// that are not the organization's are a field error.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { locations, practitioners, services } from "../../db/schema.ts";
import { FieldError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";

export type PractitionerRow = typeof practitioners.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;

export async function findPractitioner(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<PractitionerRow> {
  if (!isUuid(id)) throw new NotFoundError("The practitioner");
  const query = db
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.id, id)))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("The practitioner");
  return row;
}

export async function clinicTimeZone(db: DbOrTx, organizationId: string): Promise<string> {
  const [location] = await db
    .select({ timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.organizationId, organizationId))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  if (!location) throw new Error("The clinic has no location");
  return location.timeZone;
}

export async function findService(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<ServiceRow> {
  if (!isUuid(id)) throw new NotFoundError("The service");
  const query = db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.id, id)))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("The service");
  return row;
}

/** Ids of `wanted` that are services of this organization; anything else is a field error on `field`. */
export async function ownServices(
  tx: DbOrTx,
  organizationId: string,
  wanted: string[],
  field: string,
): Promise<{ id: string; name: string }[]> {
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isUuid);
  const rows = valid.length
    ? await tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(and(eq(services.organizationId, organizationId), inArray(services.id, valid)))
    : [];
  if (rows.length !== wanted.length) {
    throw new FieldError({ [field]: "One of the chosen services does not exist (any more). Reload the page and choose again." });
  }
  return rows;
}

export async function ownPractitioners(
  tx: DbOrTx,
  organizationId: string,
  wanted: string[],
  field: string,
): Promise<{ id: string; name: string }[]> {
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isUuid);
  const rows = valid.length
    ? await tx
        .select({ id: practitioners.id, name: practitioners.name })
        .from(practitioners)
        .where(and(eq(practitioners.organizationId, organizationId), inArray(practitioners.id, valid)))
    : [];
  if (rows.length !== wanted.length) {
    throw new FieldError({ [field]: "One of the chosen practitioners does not exist (any more). Reload the page and choose again." });
  }
  return rows;
}
