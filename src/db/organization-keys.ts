// Every table a clinic owns carries the clinic's organization id in its keys
// (migration 0029, docs/operations.md "Distributing by clinic (Citus)"), so
// the schema can be distributed by organization_id as it stands: Citus
// requires the distribution column in every primary key, unique and exclusion
// constraint and unique index, and on both sides of a foreign key between
// distributed tables. This reads the catalog of a migrated database and says
// where that does not hold. organization-keys.test.ts runs it on both databases.
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "./open.ts";

/** Where a table that is not distributed by the clinic lives on Citus. */
export type GlobalPlacement = "reference" | "local";

/**
 * Tables that are not distributed by organization_id, with where they live on
 * Citus and why. Reference tables are copied to every node: clinic tables may
 * point at them, they must never point at a clinic table. Local tables stay on
 * the coordinator; they may point at reference tables, nothing distributed
 * points at them.
 */
export const GLOBAL_TABLES: Readonly<Record<string, { placement: GlobalPlacement; why: string }>> = {
  // The clinics themselves: a clinic is found by its slug before its id is
  // known, and a slug is unique across clinics, which a table distributed by
  // id could not promise. Every clinic table points at it (ON DELETE CASCADE).
  organizations: { placement: "reference", why: "the list of clinics; slug unique across clinics" },
  // One person signs in once and may work for two clinics: better-auth's
  // accounts are the person's, not a clinic's (staff_members ties them to one).
  auth_users: { placement: "reference", why: "a person's sign-in account, shared by every clinic they work for" },
  auth_sessions: { placement: "local", why: "a person's signed-in session, read before any clinic is chosen" },
  auth_accounts: { placement: "local", why: "a person's password (better-auth's credential row)" },
  auth_verifications: { placement: "local", why: "better-auth's one-time values, keyed by address" },
  auth_two_factors: { placement: "local", why: "a person's TOTP secret, one per account" },
  // Counted per address, account and IP before anyone is signed in (migration 0002).
  sign_in_failures: { placement: "local", why: "failed sign-ins, counted before a clinic is known" },
  schema_migrations: { placement: "local", why: "the migration runner's record, one per database" },
};

const TENANT_COLUMN = "organization_id";

export interface OrganizationKeys {
  /** Tables distributed by organization_id, colocated. */
  distributed: string[];
  /** Tables of GLOBAL_TABLES found in the database. */
  global: string[];
  /** One line per broken rule: "table: what is wrong". Empty when the schema can be distributed as it is. */
  violations: string[];
}

interface TableRow {
  name: string;
  column_notnull: boolean | null;
}

interface ConstraintRow {
  name: string;
  kind: "p" | "u" | "x" | "f";
  table_name: string;
  target: string | null;
  columns: (string | null)[];
  target_columns: string[] | null;
  operators: string[] | null;
}

interface IndexRow {
  name: string;
  table_name: string;
  columns: (string | null)[];
}

export async function organizationKeys(db: DbOrTx): Promise<OrganizationKeys> {
  const tables = rowsOf<TableRow>(
    await db.execute(sql`
      SELECT c.relname::text AS name, a.attnotnull AS column_notnull
      FROM pg_class c
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ${TENANT_COLUMN} AND NOT a.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1`),
  );
  const constraints = rowsOf<ConstraintRow>(
    await db.execute(sql`
      SELECT con.conname::text AS name, con.contype::text AS kind, cl.relname::text AS table_name, ft.relname::text AS target,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS target_columns,
        (SELECT array_agg(o.oprname::text ORDER BY k.ord) FROM unnest(con.conexclop) WITH ORDINALITY k(op, ord)
          JOIN pg_operator o ON o.oid = k.op) AS operators
      FROM pg_constraint con
      JOIN pg_class cl ON cl.oid = con.conrelid
      LEFT JOIN pg_class ft ON ft.oid = con.confrelid
      WHERE cl.relnamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'x', 'f')
      ORDER BY 3, 1`),
  );
  // Unique indexes made by CREATE UNIQUE INDEX (those behind a constraint are checked as constraints).
  const indexes = rowsOf<IndexRow>(
    await db.execute(sql`
      SELECT i.relname::text AS name, t.relname::text AS table_name,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n) AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      WHERE t.relnamespace = 'public'::regnamespace AND ix.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid)
      ORDER BY 2, 1`),
  );

  const K = TENANT_COLUMN;
  const violations: string[] = [];
  const global: string[] = [];
  const distributed: string[] = [];
  const names = new Set(tables.map((t) => t.name));
  for (const name of Object.keys(GLOBAL_TABLES)) {
    if (!names.has(name)) violations.push(`${name}: listed as global but not in the database`);
  }
  for (const t of tables) {
    if (t.name in GLOBAL_TABLES) {
      global.push(t.name);
      continue;
    }
    distributed.push(t.name);
    if (t.column_notnull === null) violations.push(`${t.name}: no ${K} and not a global table`);
    else if (!t.column_notnull) violations.push(`${t.name}: ${K} may be null`);
    if (!constraints.some((c) => c.table_name === t.name && c.kind === "p")) violations.push(`${t.name}: no primary key`);
  }
  const placement = (table: string) => GLOBAL_TABLES[table]?.placement ?? "distributed";
  const list = (columns: (string | null)[] | null) => (columns ?? []).map((c) => c ?? "(expression)").join(", ");

  for (const c of constraints) {
    const what = `${c.name} (${list(c.columns)})`;
    const from = placement(c.table_name);
    const to = c.target ? placement(c.target) : null;
    if (c.kind === "f" && from !== "distributed") {
      // Citus: a reference table points only at reference tables; a local one at reference or local tables.
      if (to === "distributed" || (from === "reference" && to === "local")) {
        violations.push(`${c.table_name}: foreign key ${what} of a ${from} table points at ${c.target}, a ${to} table`);
      }
      continue;
    }
    if (from !== "distributed") continue;
    if (c.kind === "p" && !c.columns.includes(K)) violations.push(`${c.table_name}: primary key ${what} lacks ${K}`);
    if (c.kind === "u" && !c.columns.includes(K)) violations.push(`${c.table_name}: unique constraint ${what} lacks ${K}`);
    if (c.kind === "x" && !c.columns.some((column, i) => column === K && c.operators?.[i] === "=")) {
      violations.push(`${c.table_name}: exclusion constraint ${what} lacks ${K} WITH =`);
    }
    if (c.kind === "f" && to === "local") {
      violations.push(`${c.table_name}: foreign key ${what} points at ${c.target}, a local table`);
    }
    if (c.kind === "f" && to === "distributed") {
      // Same clinic on both sides: organization_id in the same position of both column lists.
      const paired = c.columns.some((column, i) => column === K && c.target_columns?.[i] === K);
      if (!paired) {
        violations.push(`${c.table_name}: foreign key ${what} -> ${c.target} (${list(c.target_columns)}) does not pair ${K} on both sides`);
      }
    }
  }
  for (const ix of indexes) {
    if (placement(ix.table_name) !== "distributed") continue;
    if (!ix.columns.includes(K)) violations.push(`${ix.table_name}: unique index ${ix.name} (${list(ix.columns)}) lacks ${K}`);
  }
  return { distributed, global, violations };
}
