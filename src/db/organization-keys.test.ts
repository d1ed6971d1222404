// The clinic's organization id in every key (migration 0029), read from the
// catalog of a freshly migrated database, on PGlite and on PostgreSQL.
import { sql } from "drizzle-orm";
import { TransactionRollbackError } from "drizzle-orm/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./open.ts";
import { GLOBAL_TABLES, organizationKeys, type OrganizationKeys } from "./organization-keys.ts";
import { createTestDatabase, testDatabaseKind } from "./testing.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** The check run on the schema after `change`, which is rolled back. */
async function checkedAfter(change: string[]): Promise<OrganizationKeys> {
  let found: OrganizationKeys | null = null;
  try {
    await database.db.transaction(async (tx) => {
      for (const statement of change) await tx.execute(sql.raw(statement));
      found = await organizationKeys(tx);
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  return found!;
}

describe(`organization id in every key on ${testDatabaseKind}`, () => {
  it("holds for every table of the migrated schema", async () => {
    const keys = await organizationKeys(database.db);
    expect(keys.violations).toEqual([]);
    expect(keys.global).toEqual(Object.keys(GLOBAL_TABLES).sort());
    expect(keys.distributed).not.toContain("organizations");
    expect(keys.distributed).toContain("appointments");
    expect(keys.distributed.length).toBeGreaterThan(60);
  });

  it("keeps clinics apart in the database: a row cannot point at another clinic's row", async () => {
    const error = await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO organizations (id, slug, name) VALUES
          ('00000000-0000-4000-8000-000000000001', 'one', 'One'), ('00000000-0000-4000-8000-000000000002', 'two', 'Two')`);
        await tx.execute(sql`INSERT INTO clients (id, organization_id, name, email, email_normalized)
          VALUES ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-000000000001', 'A', 'a@example.com', 'a@example.com')`);
        const token = (organization: string, hash: string) =>
          tx.execute(sql`INSERT INTO client_login_tokens (organization_id, client_id, token_hash, expires_at)
            VALUES (${organization}::uuid, '00000000-0000-4000-8000-0000000000c1', ${hash}, now() + interval '1 hour')`);
        await token("00000000-0000-4000-8000-000000000001", "own clinic");
        await token("00000000-0000-4000-8000-000000000002", "other clinic");
      })
      .catch((e: unknown) => e);
    expect(String((error as { cause?: unknown }).cause ?? error)).toMatch(/client_login_tokens_client_id_fkey/);
  });

  it("reports tables that break the rule", async () => {
    const keys = await checkedAfter([
      `CREATE TABLE zz_parent (organization_id uuid NOT NULL REFERENCES organizations(id), id uuid NOT NULL UNIQUE,
        PRIMARY KEY (organization_id, id))`,
      `CREATE TABLE zz_loose (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        parent_id uuid REFERENCES zz_parent(id),
        other_id uuid,
        code text UNIQUE,
        during tstzrange,
        FOREIGN KEY (organization_id, other_id) REFERENCES zz_parent(id, organization_id),
        CONSTRAINT zz_loose_no_overlap EXCLUDE USING gist (parent_id WITH =, during WITH &&)
      )`,
      `CREATE UNIQUE INDEX zz_loose_code_once ON zz_loose (lower(code))`,
      `CREATE TABLE zz_orphan (id uuid PRIMARY KEY)`,
      `CREATE TABLE zz_nullable (organization_id uuid REFERENCES organizations(id), note text)`,
      `ALTER TABLE auth_verifications ADD COLUMN zz_client_id uuid, ADD COLUMN zz_organization_id uuid,
        ADD FOREIGN KEY (zz_organization_id, zz_client_id) REFERENCES clients (organization_id, id)`,
      `ALTER TABLE auth_users ADD COLUMN zz_session_id text REFERENCES auth_sessions (id)`,
      `ALTER TABLE zz_parent ADD COLUMN zz_session_id text REFERENCES auth_sessions (id)`,
    ]);
    expect(keys.violations.sort()).toEqual(
      [
        "auth_users: foreign key auth_users_zz_session_id_fkey (zz_session_id) of a reference table points at auth_sessions, a local table",
        "auth_verifications: foreign key auth_verifications_zz_organization_id_zz_client_id_fkey (zz_organization_id, zz_client_id) of a local table points at clients, a distributed table",
        "zz_parent: foreign key zz_parent_zz_session_id_fkey (zz_session_id) points at auth_sessions, a local table",
        "zz_loose: exclusion constraint zz_loose_no_overlap (parent_id, during) lacks organization_id WITH =",
        "zz_loose: foreign key zz_loose_organization_id_other_id_fkey (organization_id, other_id) -> zz_parent (id, organization_id) does not pair organization_id on both sides",
        "zz_loose: foreign key zz_loose_parent_id_fkey (parent_id) -> zz_parent (id) does not pair organization_id on both sides",
        "zz_loose: primary key zz_loose_pkey (id) lacks organization_id",
        "zz_loose: unique constraint zz_loose_code_key (code) lacks organization_id",
        "zz_loose: unique index zz_loose_code_once ((expression)) lacks organization_id",
        "zz_nullable: no primary key",
        "zz_nullable: organization_id may be null",
        "zz_orphan: no organization_id and not a global table",
        "zz_orphan: primary key zz_orphan_pkey (id) lacks organization_id",
        "zz_parent: unique constraint zz_parent_id_key (id) lacks organization_id",
      ].sort(),
    );
  });
});
