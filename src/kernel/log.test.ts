import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authUsers } from "../db/schema.ts";
import { createTestDatabase } from "../db/testing.ts";
import type { Database } from "../db/open.ts";
import { errorCode, SAFE_LOG_OPTIONS, safeError } from "./log.ts";

const MARK = "alice.marked-7f3c@example.com";

let database: Database;
let dbError: unknown;

beforeAll(async () => {
  database = await createTestDatabase();
  const row = { id: randomUUID(), name: "Alice Marked", email: MARK, emailVerified: true };
  await database.db.insert(authUsers).values(row);
  // The same address again: a unique violation whose message lists the parameters and whose detail names the value.
  dbError = await database.db
    .insert(authUsers)
    .values({ ...row, id: randomUUID() })
    .then(
      () => null,
      (e: unknown) => e,
    );
});
afterAll(async () => {
  await database?.close();
});

function capture(options: pino.LoggerOptions = {}) {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { logger: pino({ ...SAFE_LOG_OPTIONS, ...options }, stream), text: () => text };
}

describe("errors in the log", () => {
  it("the database error under test does carry the marked parameter (so the checks below mean something)", () => {
    expect(dbError).toBeInstanceOf(Error);
    const e = dbError as Error & { cause?: { detail?: string } };
    expect(`${e.message} ${e.stack} ${e.cause?.detail ?? ""} ${JSON.stringify(e)}`).toContain(MARK);
    // pino's own error serializer would print it.
    expect(JSON.stringify(pino.stdSerializers.err(e))).toContain(MARK);
  });

  it("keeps the name, PostgreSQL code and constraint of a failed query, nothing of its text", () => {
    const logged = safeError(dbError);
    expect(JSON.stringify(logged)).not.toContain(MARK);
    expect(JSON.stringify(logged)).not.toMatch(/Failed query|params|insert into/i);
    expect(errorCode(dbError)).toBe("23505");
    expect(logged.cause?.code ?? logged.code).toBe("23505");
    expect(logged.frames?.every((f) => f.startsWith("at "))).toBe(true);
  });

  it("logs a failed query without its parameters, whichever way it is handed to the logger", () => {
    const { logger, text } = capture();
    logger.error({ err: dbError }, "request failed");
    logger.error({ error: dbError }, "request failed");
    logger.error({ err: dbError });
    logger.error(dbError as Error);
    logger.warn({ cause: dbError }, "retrying");
    logger.child({ route: "x" }).error({ err: dbError }, "in a child");
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(text()).not.toContain(MARK);
    expect(text()).not.toMatch(/Failed query|params:/);
    for (const line of lines) expect(line).toContain("23505");
  });

  it("takes nothing from an error's own properties but its codes", () => {
    const e = Object.assign(new Error(`boom ${MARK}`), {
      code: `not a code ${MARK}`,
      params: [MARK],
      detail: MARK,
      constraint: "users_email_key",
    });
    const logged = safeError(e);
    expect(JSON.stringify(logged)).not.toContain(MARK);
    expect(logged).toMatchObject({ type: "Error", constraint: "users_email_key" });
    expect(safeError(MARK)).toEqual({ type: "string" });
  });
});
