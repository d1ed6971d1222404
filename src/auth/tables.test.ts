import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "../db/open.ts";
import { createTestDatabase, testDatabaseKind } from "../db/testing.ts";
import * as tables from "./tables.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`src/auth/tables.ts against the migrations on ${testDatabaseKind}`, () => {
  it("names only tables and columns the migrations create, with matching nullability", async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
      await database.db.execute(
        sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
      ),
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === "YES"]));
    const all = (Object.values(tables) as unknown[]).filter((v): v is PgTable => v instanceof PgTable);
    expect(all.length).toBe(4);
    for (const table of all) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} exists`).toBe(true);
        expect(actual.get(key), `${key} nullable`).toBe(!column.notNull && !column.primary);
      }
    }
  });
});
