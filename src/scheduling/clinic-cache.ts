// What a server process keeps of a clinic between requests: facts nearly every
// request reads and staff seldom change (the clinic itself: its name,
// settings and location; its services and their prices). Every use reads the clinic's version from the
// database first (one primary-key lookup, migration 0028) and loads afresh
// when it differs from the version the kept facts were loaded under. The
// version changes in the same transaction as the change, whichever process
// (or hand-written SQL) made it, so nothing kept is ever used after a change
// another process made: nothing here expires by time.
//
// The version is read before the facts: facts loaded after a concurrent
// change are newer than their version, and are loaded again on the next use;
// never older. Callers get a copy: nothing they do changes what is kept.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { clinicVersions } from "../db/schema.ts";

interface Kept {
  version: number;
  facts: Map<string, unknown>;
}

/** Clinics kept per process; the oldest used is dropped beyond this. */
const MAX_CLINICS = 2_000;
const kept = new Map<string, Kept>();

/** The clinic's version now (0 for a clinic without one yet: its first change gives it one). */
export async function clinicVersion(db: DbOrTx, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ version: clinicVersions.version })
    .from(clinicVersions)
    .where(eq(clinicVersions.organizationId, organizationId))
    .limit(1);
  return row?.version ?? 0;
}

/** The clinic as this process keeps it, checked against one read of its version. */
export interface KeptClinic {
  /** The fact `key`: kept while the version read stands, else `load`ed (inside the caller's transaction when `db` is one) and kept. */
  fact<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Reads the clinic's version once, for a caller that needs several facts of it. */
export async function keptClinic(db: DbOrTx, organizationId: string): Promise<KeptClinic> {
  const version = await clinicVersion(db, organizationId);
  let entry = kept.get(organizationId);
  if (!entry || entry.version !== version) entry = { version, facts: new Map() };
  // Most recently used last, so the first is the one to drop.
  kept.delete(organizationId);
  kept.set(organizationId, entry);
  if (kept.size > MAX_CLINICS) kept.delete(kept.keys().next().value!);
  const facts = entry.facts;
  return {
    async fact<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (!facts.has(key)) facts.set(key, await load());
      return structuredClone(facts.get(key) as T);
    },
  };
}

/** How many clinics this process keeps facts of (for tests and the load benchmark). */
export function keptClinicCount(): number {
  return kept.size;
}
