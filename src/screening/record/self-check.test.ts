// Self-check answers carried into a booking: what the person hopes for is kept
// as they said it (the intake shows it rather than asking again), and the
// browser that carried them can be told its own wait, never anyone else's.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { clients } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { bookAppointment } from "../../scheduling/book-appointment.ts";
import { spreadBookingOptions, useClinicFixture, type ClinicFixture } from "../../scheduling/test-fixtures.ts";
import { loadClinicRules } from "../clinic-rules.ts";
import { parseIntake } from "../schema.ts";
import type { Intake } from "../types.ts";
import { clientLatestAnswers } from "./portal.ts";
import { carrySelfCheck, screenCarriedSelfCheck } from "./self-check.ts";

const NOW = Date.parse("2027-03-01T15:00:00Z");
const TODAY = "2027-03-01";

let f: ClinicFixture;
useClinicFixture((made) => (f = made));

function intakeOf(intake: Intake) {
  const parsed = parseIntake(intake, { today: TODAY });
  if (!parsed.ok) throw new Error("bad test intake");
  return parsed.intake;
}

const carry = (intake: Intake, expectation: string | null) =>
  carrySelfCheck(f.database.db, {
    organizationId: f.clinic.organizationId,
    keyRing: f.keyRing,
    intake: intakeOf(intake),
    expectation,
    now: NOW,
  });

async function screenToken(token: string) {
  const rules = await loadClinicRules(f.database.db, f.clinic.organizationId);
  return screenCarriedSelfCheck(f.database.db, {
    organizationId: f.clinic.organizationId,
    keyRing: f.keyRing,
    token,
    rules,
    today: TODAY,
    now: NOW,
  });
}

function book(n: number, client: { name: string; email: string }, token?: string) {
  return bookAppointment(f.database.db, {
    ...spreadBookingOptions(f, n, {
      service: f.services["consultation"]!,
      client,
      actor: { type: "public", id: null },
      now: NOW,
    }),
    selfCheckToken: token,
  });
}

async function latestFor(email: string) {
  const [row] = await f.database.db.select({ id: clients.id }).from(clients).where(eq(clients.email, email));
  return clientLatestAnswers(f.database.db, {
    client: { clientId: row!.id, organizationId: f.clinic.organizationId },
    keyRing: f.keyRing,
    now: NOW,
  });
}

const WAITING: Intake = { treatmentAreas: ["face"], medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-12-01" } } };

describe(`carried self-check answers on ${testDatabaseKind}`, () => {
  it("tell the browser that carried them its own wait, until the booking takes them", async () => {
    const { token } = await carry(WAITING, "unsure");
    const result = await screenToken(token);
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: "2027-06-01", awaitingResolution: false });
    // Another token reads nothing.
    expect(await screenToken("A".repeat(43))).toBeNull();
    const client = { name: "Hopeful New", email: "hopeful.new@example.test" };
    await book(1, client, token);
    // The answers became the new client's screening, with the hope as they said it.
    const latest = await latestFor(client.email);
    expect(latest?.source).toBe("self-check");
    expect(latest?.answers?.expectation).toBe("unsure");
    expect(latest?.answers?.intake.expectsCompleteRemoval).toBe(false);
    expect(await screenToken(token)).toBeNull();
  });

  it("keep the hope beside answers that wait for an existing client, and read none of theirs", async () => {
    const known = { name: "Known Client", email: "known.client@example.test" };
    await book(2, known);
    // A second booking under the same address carries someone's answers: they wait for the client, hope and all.
    const hoping = await carry(WAITING, "gradual");
    await book(3, known, hoping.token);
    expect((await latestFor(known.email))?.answers?.expectation).toBe("gradual");
    const second = await carry(WAITING, "complete");
    expect(await screenToken(second.token)).toMatchObject({ outcome: "deferred" });
    await book(4, known, second.token);
    const latest = await latestFor(known.email);
    expect(latest?.source).toBe("self-check");
    // "complete" contradicts an Intake that expects no complete removal: it was never kept.
    expect(latest?.answers?.expectation).toBeUndefined();
    // Waiting under the client, the answers are no longer the token holder's to read.
    expect(await screenToken(second.token)).toBeNull();
  });
});
