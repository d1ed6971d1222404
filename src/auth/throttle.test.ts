import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/open.ts";
import { createTestDatabase, testDatabaseKind } from "../db/testing.ts";
import { signInFailures } from "./tables.ts";
import { beginAttempt, emailHash, succeedAttempt, THROTTLE, type AttemptKey } from "./throttle.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const T0 = Date.parse("2027-03-10T12:00:00Z");
let n = 0;
function key(overrides: Partial<AttemptKey> = {}): AttemptKey {
  n++;
  return { step: "password", emailHash: emailHash(`person${n}@example.test`), ip: `192.0.2.${n % 250}`, ...overrides };
}

async function fail(k: AttemptKey, at: number) {
  const r = await beginAttempt(database.db, k, at);
  if (!r.allowed) throw new Error(`refused at ${at}`);
}

describe(`sign-in throttling on ${testDatabaseKind}`, () => {
  it("hashes the e-mail trimmed and lower-cased, never storing it", () => {
    expect(emailHash(" Owner@Example.TEST ")).toBe(emailHash("owner@example.test"));
    expect(emailHash("owner@example.test")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses the 6th attempt after 5 failures within 15 minutes, with the seconds until the oldest of them leaves the window", async () => {
    const k = key();
    for (let i = 0; i < 5; i++) await fail(k, T0 + i * 60_000);
    const refused = await beginAttempt(database.db, k, T0 + 5 * 60_000);
    // The first failure (T0) leaves the window at T0 + 15 min: 10 minutes from now.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    // Refused attempts do not count: after the wait, one more try is allowed.
    expect((await beginAttempt(database.db, k, T0 + THROTTLE.windowMs + 1)).allowed).toBe(true);
  });

  it("counts only failures inside the window", async () => {
    const k = key();
    for (let i = 0; i < 4; i++) await fail(k, T0 + i * 1000);
    await fail(k, T0 + 20 * 60_000); // the first four are older than 15 minutes by now
    expect((await beginAttempt(database.db, k, T0 + 20 * 60_000 + 1000)).allowed).toBe(true);
  });

  it("forgets an account's failures when a sign-in succeeds", async () => {
    const k = key();
    for (let i = 0; i < 4; i++) await fail(k, T0 + i);
    const ok = await beginAttempt(database.db, k, T0 + 10);
    if (!ok.allowed) throw new Error("refused");
    await succeedAttempt(database.db, ok.attemptId, k);
    for (let i = 0; i < 5; i++) await fail(k, T0 + 20 + i);
    expect((await beginAttempt(database.db, k, T0 + 30)).allowed).toBe(false);
  });

  it("limits one address trying many accounts, and does not count an unknown address", async () => {
    const ip = "198.51.100.77";
    for (let i = 0; i < 5; i++) await fail(key({ ip }), T0 + i);
    const other = await beginAttempt(database.db, key({ ip }), T0 + 10);
    expect(other.allowed).toBe(false);
    for (let i = 0; i < 5; i++) await fail(key({ ip: null }), T0 + i);
    expect((await beginAttempt(database.db, key({ ip: null }), T0 + 10)).allowed).toBe(true);
  });

  it("keeps the password step and the code step apart, and counts the code step per user", async () => {
    const userId = "user-code-step";
    for (let i = 0; i < 5; i++) await fail({ step: "two-factor", userId, ip: `203.0.113.${i}` }, T0 + i);
    expect((await beginAttempt(database.db, { step: "two-factor", userId, ip: "203.0.113.200" }, T0 + 10)).allowed).toBe(false);
    expect(
      (
        await beginAttempt(
          database.db,
          { step: "password", emailHash: emailHash("code-step@example.test"), userId, ip: "203.0.113.201" },
          T0 + 10,
        )
      ).allowed,
    ).toBe(true);
  });

  it("lets at most 5 of 20 simultaneous guesses through", async () => {
    const k = key({ ip: null });
    const results = await Promise.all(Array.from({ length: 20 }, () => beginAttempt(database.db, k, T0)));
    const allowed = results.filter((r) => r.allowed).length;
    expect(allowed).toBeLessThanOrEqual(THROTTLE.maxFailures);
    // Each guess counts the ones written before it, so a burst may refuse more than
    // it strictly must (on PGlite all of them); refused guesses are not kept.
    expect((await beginAttempt(database.db, k, T0 + 1)).allowed).toBe(allowed < THROTTLE.maxFailures);
  });

  it("stores the hash and the address, never the e-mail", async () => {
    const rows = await database.db.select().from(signInFailures).limit(50);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain("@");
  });
});
