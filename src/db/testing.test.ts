// The test databases themselves: each suite gets an empty, migrated database,
// whether it was just made from the template or kept from a suite before it.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, type Database } from "./open.ts";
import { createTestDatabase, testDatabaseKind } from "./testing.ts";

async function count(database: Database, table: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)));
  return row!.n;
}

async function fill(database: Database): Promise<void> {
  await database.db.execute(sql`INSERT INTO organizations (slug, name) VALUES ('kept', 'A clinic left behind')`);
  await database.db.execute(
    sql`INSERT INTO audit_events (organization_id, actor_type, action, entity_type) SELECT id, 'system', 'test.row', 'organization' FROM organizations`,
  );
}

async function startedAt(database: Database): Promise<string> {
  const [row] = rowsOf<{ at: string }>(await database.db.execute(sql`SELECT pg_postmaster_start_time()::text AS at`));
  return row!.at;
}

describe(`test databases on ${testDatabaseKind}`, () => {
  it("start empty and migrated after another suite filled and closed one", async () => {
    const first = await createTestDatabase();
    await fill(first);
    expect(await count(first, "audit_events")).toBe(1);
    await first.close();

    const second = await createTestDatabase();
    try {
      expect(await count(second, "organizations")).toBe(0);
      // The audit log refuses TRUNCATE and DELETE in the product; it is empty all the same, and still refuses them.
      expect(await count(second, "audit_events")).toBe(0);
      await fill(second);
      await expect(second.db.execute(sql`TRUNCATE audit_events`)).rejects.toThrow();
      const [identity] = rowsOf<{ id: number }>(await second.db.execute(sql`SELECT id::int AS id FROM audit_events`));
      // Numbering starts again as in a new database.
      expect(identity!.id).toBe(1);
      expect(await count(second, "schema_migrations")).toBeGreaterThan(20);
    } finally {
      await second.close();
    }
  });

  it("refuse every query once closed, so a suite cannot reach the next suite's data", async () => {
    const database = await createTestDatabase();
    await database.close();
    await expect(Promise.resolve().then(() => database.db.execute(sql`SELECT 1`))).rejects.toThrow();
  });

  it("are not handed on when a suite changed the schema", async () => {
    const changed = await createTestDatabase();
    await changed.db.execute(sql`ALTER TABLE organizations RENAME TO organizations_elsewhere`);
    await changed.close();
    const next = await createTestDatabase();
    try {
      expect(await count(next, "organizations")).toBe(0);
    } finally {
      await next.close();
    }
  });

  it.runIf(testDatabaseKind === "pglite")("are kept and handed on within a worker instead of started again", async () => {
    const first = await createTestDatabase();
    const started = await startedAt(first);
    await first.close();
    const second = await createTestDatabase();
    try {
      expect(await startedAt(second)).toBe(started);
    } finally {
      await second.close();
    }
  });
});
