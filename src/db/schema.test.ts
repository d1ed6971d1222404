import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "./open.ts";
import * as schema from "./schema.ts";
import * as consent from "../consent/tables.ts";
import * as plans from "../plans/tables.ts";
import * as jobs from "../jobs/tables.ts";
import { createTestDatabase, testDatabaseKind } from "./testing.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`schema.ts against the migrations on ${testDatabaseKind}`, () => {
  it("names only tables and columns the migrations create, with matching nullability", async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
      await database.db.execute(
        sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
      ),
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === "YES"]));
    const tables = (Object.values({ ...schema, ...consent, ...plans, ...jobs }) as unknown[]).filter(
      (v): v is PgTable => v instanceof PgTable,
    );
    expect(tables.length).toBeGreaterThan(15);
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} exists`).toBe(true);
        expect(actual.get(key), `${key} nullable`).toBe(!column.notNull && !column.primary);
      }
    }
  });

  it("refuses overlapping appointments in the database itself", async () => {
    const result = await database.db.execute(
      sql`SELECT conname FROM pg_constraint WHERE conrelid = 'appointments'::regclass AND contype = 'x' ORDER BY conname`,
    );
    expect(rowsOf<{ conname: string }>(result).map((r) => r.conname)).toEqual([
      "appointments_no_client_overlap",
      "appointments_no_practitioner_overlap",
      "appointments_no_room_overlap",
    ]);
  });
});
