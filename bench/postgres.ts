// A throwaway PostgreSQL database for one benchmark run, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function postgresDatabase(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dermaplan_bench_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
