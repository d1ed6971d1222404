// What the check-in tests share (checkins, their photos, the record's
// exports): a completed treatment whose check-ins open, an answer within the
// expected course on day 1, and the client answering.
import { takeDayStep } from "../../scheduling/appointment-day.ts";
import { chart, signedChart, startedSession, supplies } from "./chart-test-fixtures.ts";
import { answerCheckin } from "./checkins.ts";
import { f, practitioner } from "./test-fixtures.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Within the expected course on day 1. */
export const CALM = {
  redness: "strong",
  swelling: "mild",
  swellingWorse: "no",
  eyesOrBreathing: "no",
  pain: "mild",
  painWorse: "no",
  infection: "no",
  fever: "no",
  bumps: "no",
  crusting: "pinpoint",
  coldSore: "no",
  note: "",
};

/** A treatment charted, signed and completed by its practitioner (check-ins open for it); `at` is when it started. */
export async function completedSession() {
  const s = await startedSession();
  await signedChart(s, chart(await supplies(s.today)));
  await takeDayStep(f.database.db, {
    actor: practitioner,
    appointmentId: s.appointmentId,
    step: "complete",
    keyRing: f.keyRing,
    now: s.at + HOUR,
  });
  return s;
}

/** The session's client answers its check-in of `day` at `now`, with a photo (the file's bytes) or without. */
export const answer = (
  s: { appointmentId: string; clientId: string },
  day: number,
  input: Record<string, string>,
  now: number,
  photo: Uint8Array | null = null,
) =>
  answerCheckin(f.database.db, {
    client: { organizationId: f.clinic.organizationId, clientId: s.clientId },
    keyRing: f.keyRing,
    appointmentId: s.appointmentId,
    day,
    input,
    photo,
    now,
  });
