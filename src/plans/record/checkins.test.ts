// Check-ins after a session, on the test database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set): an answer outside the expected course creates a
// follow-up and one inside does not; a check-in opens on the clinic's days for
// the client's own completed treatment only, once; the follow-up reaches the
// session's practitioner and the owner (the answer behind the glass for an
// owner who does not treat the client), is closed with a note and recorded on
// the chart as an addendum; answers and notes are stored encrypted; the days
// are the clinic's to change, audited.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, clients, outboxMessages } from "../../db/schema.ts";
import { scheduledJobs } from "../../jobs/tables.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { HealthAccessDeniedError, type ClientActor } from "../../privacy/access.ts";
import { checkinResponses, checkinFollowUps } from "../../privacy/health-tables.ts";
import { breakGlass } from "../../privacy/staff-access.ts";
import { startedSession } from "./chart-test-fixtures.ts";
import { readCharts } from "./chart-read.ts";
import {
  CHECKIN_INVITE,
  CheckinAnswersError,
  CheckinNotOpenError,
  checkinJobHandlers,
  FollowUpClosedError,
  closeFollowUp,
  dueCheckins,
  getCheckinDays,
  listFollowUps,
  openClientCheckin,
  openFollowUp,
  recordAdverseEvent,
  updateCheckinDays,
} from "./checkins.ts";
import { careClient, desk, f, outsider, owner, practitioner, usePlanTestbed } from "./test-fixtures.ts";
import { answer, CALM, completedSession, DAY, HOUR } from "./checkin-test-fixtures.ts";
import { agreeToTexts, receiveTextReply } from "../../notifications/texts.ts";

usePlanTestbed();

const actor = (clientId: string): ClientActor => ({ organizationId: f.clinic.organizationId, clientId });

/** A warning sign: pus and fever. */
const INFECTED = { ...CALM, infection: "yes", fever: "yes", note: "Yellow crust on the left cheek since this morning." };

describe(`check-ins on ${testDatabaseKind}`, () => {
  it("an answer within the expected course is thanked and creates no follow-up", async () => {
    const s = await completedSession();
    const now = s.at + DAY;
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now })).toMatchObject([
      { appointmentId: s.appointmentId, day: 1 },
    ]);
    const r = await answer(s, 1, CALM, now);
    expect(r).toMatchObject({ outcome: "expected", reasons: [], advice: null, followUpId: null });
    const rows = await f.database.db.select().from(checkinFollowUps).where(eq(checkinFollowUps.appointmentId, s.appointmentId));
    expect(rows).toEqual([]);
    // Answered: no longer due, and not twice.
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now })).toEqual([]);
    await expect(answer(s, 1, CALM, now + HOUR)).rejects.toBeInstanceOf(CheckinNotOpenError);
    // The day-3 check-in opens on day 3; strong redness is not expected any more then.
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now: s.at + 2 * DAY })).toEqual([]);
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now: s.at + 3 * DAY })).toMatchObject([{ day: 3 }]);
    const late = await answer(s, 3, CALM, s.at + 3 * DAY);
    expect(late).toMatchObject({ outcome: "follow-up", reasons: ["redness-strong-late"], advice: "call-clinic" });
    expect(late.followUpId).not.toBeNull();
  });

  it("an answer outside the expected course creates a follow-up for the practitioner and the owner, stored encrypted", async () => {
    const s = await completedSession();
    const now = s.at + DAY + HOUR;
    const opened = await openClientCheckin(f.database.db, { client: actor(s.clientId), appointmentId: s.appointmentId, day: 1, now });
    expect(opened.day).toBe(1);
    const r = await answer(s, 1, INFECTED, now);
    expect(r).toMatchObject({ outcome: "follow-up", reasons: ["infection-signs", "fever", "note"], advice: "seek-care-now" });
    const [stored] = await f.database.db.select().from(checkinResponses).where(eq(checkinResponses.id, r.checkinId));
    expect(stored!.outcome).toBe("follow-up");
    expect(stored!.answersEncrypted).not.toContain("Yellow crust");
    expect(stored!.answersEncrypted).not.toContain("infection");

    // On the session's practitioner's list and the owner's; not on another practitioner's.
    const mine = await listFollowUps(f.database.db, { staff: practitioner });
    expect(mine.find((x) => x.id === r.followUpId)).toMatchObject({ appointmentId: s.appointmentId, clientId: s.clientId, day: 1 });
    expect((await listFollowUps(f.database.db, { staff: owner })).some((x) => x.id === r.followUpId)).toBe(true);
    expect((await listFollowUps(f.database.db, { staff: outsider })).some((x) => x.id === r.followUpId)).toBe(false);
    expect(await listFollowUps(f.database.db, { staff: desk })).toEqual([]);

    // The practitioner reads the answer; the owner, not on the care team, breaks the glass first.
    const view = await openFollowUp(f.database.db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, now });
    expect(view.answers).toMatchObject({ infection: true, fever: true, note: "Yellow crust on the left cheek since this morning." });
    expect(view.reasons.map((x) => x.id)).toEqual(["infection-signs", "fever", "note"]);
    await expect(openFollowUp(f.database.db, { staff: owner, keyRing: f.keyRing, followUpId: r.followUpId!, now })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    // The glass is broken now (audit rows carry the real time), so the owner's window is the real one.
    await breakGlass(f.database.db, { staff: owner, clientId: s.clientId, reason: "Follow-up of a check-in" });
    expect((await openFollowUp(f.database.db, { staff: owner, keyRing: f.keyRing, followUpId: r.followUpId! })).answers).not.toBeNull();
    await expect(
      openFollowUp(f.database.db, { staff: outsider, keyRing: f.keyRing, followUpId: r.followUpId!, now }),
    ).rejects.toMatchObject({ code: "not-found" });

    // Recorded on the chart as an adverse event, then closed with a note.
    await recordAdverseEvent(f.database.db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, now: now + HOUR });
    const [c] = await readCharts(f.database.db, f.keyRing, f.clinic.organizationId, { appointmentIds: [s.appointmentId] });
    expect(c!.addenda.at(-1)!.body).toMatch(/^Adverse event reported by the client at the day-1 check-in/);
    expect(c!.addenda.at(-1)!.body).toContain("Signs of infection");
    await expect(
      closeFollowUp(f.database.db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, note: " ", now }),
    ).rejects.toMatchObject({ code: "invalid" });
    await closeFollowUp(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      followUpId: r.followUpId!,
      note: "Called the client: sent to urgent care for the fever.",
      now: now + 2 * HOUR,
    });
    await expect(
      closeFollowUp(f.database.db, { staff: owner, keyRing: f.keyRing, followUpId: r.followUpId!, note: "Again" }),
    ).rejects.toBeInstanceOf(FollowUpClosedError);
    expect((await listFollowUps(f.database.db, { staff: practitioner })).some((x) => x.id === r.followUpId)).toBe(false);
    const closed = await openFollowUp(f.database.db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, now });
    expect(closed).toMatchObject({ status: "closed", note: "Called the client: sent to urgent care for the fever." });
    const [row] = await f.database.db.select().from(checkinFollowUps).where(eq(checkinFollowUps.id, r.followUpId!));
    expect(row!.noteEncrypted).not.toContain("urgent care");

    // Every step is on the record, none with the answer in it.
    const events = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "health-record"), eq(auditEvents.entityId, s.clientId)));
    const changes = events.map((e) => (e.details as { change?: string; part?: string }).change ?? (e.details as { part?: string }).part);
    expect(changes).toEqual(
      expect.arrayContaining(["checkin", "checkin-answered", "follow-up-list", "follow-up", "chart-addendum", "follow-up-closed"]),
    );
    expect(JSON.stringify(events)).not.toContain("Yellow crust");
  });

  it("opens only the client's own completed treatment, on its day", async () => {
    const s = await completedSession();
    const other = await careClient();
    const now = s.at + DAY;
    await expect(answer({ ...s, clientId: other }, 1, CALM, now)).rejects.toMatchObject({ why: "not-found" });
    await expect(answer(s, 3, CALM, now)).rejects.toMatchObject({ why: "not-due" });
    await expect(answer(s, 1, CALM, s.at)).rejects.toMatchObject({ why: "not-due" });
    await expect(answer(s, 1, { ...CALM, fever: "" }, now)).rejects.toBeInstanceOf(CheckinAnswersError);
    await expect(answer({ ...s, appointmentId: "not-a-uuid" }, 1, CALM, now)).rejects.toMatchObject({ why: "not-found" });
    // A session started but not completed has no check-in.
    const open = await startedSession();
    expect(await dueCheckins(f.database.db, { client: actor(open.clientId), now: open.at + DAY })).toEqual([]);
    await expect(answer(open, 1, CALM, open.at + DAY)).rejects.toMatchObject({ why: "not-found" });
    // Past the last check-in's window, nothing is due.
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now: s.at + 6 * DAY })).toEqual([]);
  });

  it("takes the clinic's days, changed by the owner and audited", async () => {
    expect(await getCheckinDays(f.database.db, f.clinic.organizationId)).toEqual({ firstDay: 1, secondDay: 3 });
    await expect(updateCheckinDays(f.database.db, { staff: practitioner, input: { firstDay: "2", secondDay: "5" } })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    await expect(updateCheckinDays(f.database.db, { staff: owner, input: { firstDay: "3", secondDay: "2" } })).rejects.toMatchObject({
      errors: { secondDay: expect.any(String) },
    });
    await expect(updateCheckinDays(f.database.db, { staff: owner, input: { firstDay: "0", secondDay: "x" } })).rejects.toMatchObject({
      errors: { firstDay: expect.any(String), secondDay: expect.any(String) },
    });
    expect(await updateCheckinDays(f.database.db, { staff: owner, input: { firstDay: "2", secondDay: "5" } })).toEqual({
      changed: true,
      days: { firstDay: 2, secondDay: 5 },
    });
    expect((await updateCheckinDays(f.database.db, { staff: owner, input: { firstDay: 2, secondDay: 5 } })).changed).toBe(false);
    const [event] = await f.database.db.select().from(auditEvents).where(eq(auditEvents.action, "checkin-settings.update"));
    expect(event!.details).toEqual({ before: { firstDay: 1, secondDay: 3 }, after: { firstDay: 2, secondDay: 5 } });
    const s = await completedSession();
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now: s.at + DAY })).toEqual([]);
    expect(await dueCheckins(f.database.db, { client: actor(s.clientId), now: s.at + 2 * DAY })).toMatchObject([{ day: 2 }]);
    await updateCheckinDays(f.database.db, { staff: owner, input: { firstDay: "1", secondDay: "3" } });
  });

  it("completing a treatment schedules the day-1 and day-3 invitations; each e-mails a portal link, no health words, while open", async () => {
    const s = await completedSession();
    const jobs = await f.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.appointmentId, s.appointmentId));
    expect(jobs.map((j) => j.dedupeKey).sort()).toEqual([`checkin-invite:${s.appointmentId}:1`, `checkin-invite:${s.appointmentId}:3`]);
    const day1 = jobs.find((j) => j.payload.day === 1)!;
    const run = (now: number) =>
      f.database.db.transaction((tx) =>
        checkinJobHandlers({ baseUrl: "https://clinic.test" })[CHECKIN_INVITE]!(tx, { ...day1, attempts: 1 }, { now, workerId: "test" }),
      );
    await run(day1.runAt.getTime());
    const sent = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.appointmentId, s.appointmentId));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bodyText).toContain(`https://clinic.test/portal/checkin/${s.appointmentId}/1`);
    expect(`${sent[0]!.subject} ${sent[0]!.bodyText}`).not.toMatch(/skin|microneedl|treatment|redness|peau/i);
    // Answered meanwhile: a second run (a retry) sends nothing more.
    await answer(s, 1, CALM, day1.runAt.getTime());
    await run(day1.runAt.getTime() + HOUR);
    expect(await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.appointmentId, s.appointmentId))).toHaveLength(1);
  });
});

describe(`check-in texts on ${testDatabaseKind}`, () => {
  const MESSAGES = { mobileRequired: "required", mobileInvalid: "invalid", agreeRequired: "agree" };

  /** A completed treatment whose client agreed to texts at `mobile` (or did not), in `locale`; a run of its day-1 invitation. */
  async function invitedFor(o: { mobile: string | null; locale?: "en" | "fr" }) {
    const s = await completedSession();
    if (o.locale) await f.database.db.update(clients).set({ preferredLocale: o.locale }).where(eq(clients.id, s.clientId));
    if (o.mobile) {
      await agreeToTexts(f.database.db, { ...actor(s.clientId), mobile: o.mobile, agreed: true, now: s.at, messages: MESSAGES });
    }
    const [day1] = await f.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.dedupeKey, `checkin-invite:${s.appointmentId}:1`));
    const run = (now = day1!.runAt.getTime()) =>
      f.database.db.transaction((tx) =>
        checkinJobHandlers({ baseUrl: "https://clinic.test" })[CHECKIN_INVITE]!(tx, { ...day1!, attempts: 1 }, { now, workerId: "test" }),
      );
    const sent = () => f.database.db.select().from(outboxMessages).where(eq(outboxMessages.appointmentId, s.appointmentId));
    return { s, run, sent };
  }

  it("texts the check-in link to a client who agreed, with the clinic's name and STOP and nothing of the visit", async () => {
    const { s, run, sent } = await invitedFor({ mobile: "(226) 555-0151" });
    await run();
    const texts = (await sent()).filter((m) => m.channel === "sms");
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ kind: CHECKIN_INVITE, toAddress: "+12265550151", subject: "", bodyHtml: "" });
    const body = texts[0]!.bodyText;
    expect(body).toContain(f.clinic.name);
    expect(body).toContain(`https://clinic.test/portal/checkin/${s.appointmentId}/1 `);
    expect(body).toContain("Reply STOP to stop texts.");
    expect(body).not.toMatch(/skin|microneedl|treatment|redness|swelling|infection|peau/i);
    for (const p of f.practitioners) expect(body).not.toContain(p.name);
    // The e-mail went too; a retry once answered sends neither again.
    expect((await sent()).map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    await answer(s, 1, CALM, s.at + DAY);
    await run(s.at + DAY + HOUR);
    expect(await sent()).toHaveLength(2);
  });

  it("texts a French-speaking client in French, with ?lang=fr and ARRET", async () => {
    const { s, run, sent } = await invitedFor({ mobile: "+1 226 555 0152", locale: "fr" });
    await run();
    const [text] = (await sent()).filter((m) => m.channel === "sms");
    expect(text!.bodyText).toContain(`${f.clinic.name}\u00a0: comment allez-vous depuis votre visite\u00a0?`);
    expect(text!.bodyText).toContain(`https://clinic.test/portal/checkin/${s.appointmentId}/1?lang=fr `);
    expect(text!.bodyText).toContain("Répondez ARRET");
    expect(text!.bodyText).not.toMatch(/peau|microneedl|rougeur|traitement/i);
  });

  it("texts nobody who has not agreed, or who replied STOP; the e-mail goes all the same", async () => {
    const never = await invitedFor({ mobile: null });
    const stopped = await invitedFor({ mobile: "226.555.0153" });
    expect(await receiveTextReply(f.database.db, { from: "+12265550153", body: "Arrêt", now: stopped.s.at })).toBe(1);
    for (const x of [never, stopped]) {
      await x.run();
      expect((await x.sent()).map((m) => m.channel)).toEqual(["email"]);
    }
  });
});
