// The organization's own rows, by id. An id of another organization, or one
// that is not a UUID, is not found (never forbidden); ids chosen in a form
// that are not the organization's are a field error.
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { practitioners, services } from "../../db/schema.ts";
import { FieldError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";

export type PractitionerRow = typeof practitioners.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;

/** A select that can also be run locking its rows. */
type LockableQuery<Row> = PromiseLike<Row[]> & { for(strength: "update"): PromiseLike<Row[]> };

/** The row `query` finds for `id` (locked when `forUpdate`); none, or an id that is not a UUID, is not found. */
async function findOwn<Row>(what: string, id: string, forUpdate: boolean, query: () => LockableQuery<Row>): Promise<Row> {
  if (!isUuid(id)) throw new NotFoundError(what);
  const rows = query();
  const [row] = forUpdate ? await rows.for("update") : await rows;
  if (!row) throw new NotFoundError(what);
  return row;
}

export async function findPractitioner(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<PractitionerRow> {
  return findOwn("The practitioner", id, forUpdate, () =>
    db
      .select()
      .from(practitioners)
      .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.id, id)))
      .limit(1),
  );
}

export async function findService(db: DbOrTx, organizationId: string, id: string, forUpdate = false): Promise<ServiceRow> {
  return findOwn("The service", id, forUpdate, () =>
    db
      .select()
      .from(services)
      .where(and(eq(services.organizationId, organizationId), eq(services.id, id)))
      .limit(1),
  );
}

type Named = { id: string; name: string };

/** The rows `select` finds for the UUIDs among `wanted`; unless every one of `wanted` is found, a field error on `field`. */
async function ownRows(wanted: string[], field: string, chosen: string, select: (valid: string[]) => Promise<Named[]>): Promise<Named[]> {
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isUuid);
  const rows = valid.length ? await select(valid) : [];
  if (rows.length !== wanted.length) {
    throw new FieldError({ [field]: `One of the chosen ${chosen} does not exist (any more). Reload the page and choose again.` });
  }
  return rows;
}

/** Ids of `wanted` that are services of this organization; anything else is a field error on `field`. */
export async function ownServices(tx: DbOrTx, organizationId: string, wanted: string[], field: string): Promise<Named[]> {
  return ownRows(wanted, field, "services", (valid) =>
    tx
      .select({ id: services.id, name: services.name })
      .from(services)
      .where(and(eq(services.organizationId, organizationId), inArray(services.id, valid))),
  );
}

export async function ownPractitioners(tx: DbOrTx, organizationId: string, wanted: string[], field: string): Promise<Named[]> {
  return ownRows(wanted, field, "practitioners", (valid) =>
    tx
      .select({ id: practitioners.id, name: practitioners.name })
      .from(practitioners)
      .where(and(eq(practitioners.organizationId, organizationId), inArray(practitioners.id, valid))),
  );
}
