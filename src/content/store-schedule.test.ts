// Scheduling on the publishing desk: times in the clinic's zone, publication
// exactly at the time (by the page that asks first, or by the worker), and
// the guard run again when the time comes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind } from "../db/testing.ts";
import type { TestStaff } from "../privacy/test-fixtures.ts";
import type { ClinicFixture } from "../scheduling/test-fixtures.ts";
import { startScheduledPublisher } from "./publishing.ts";
import { parseScheduleTime } from "./schedule-time.ts";
import { cancelSchedule, publishDocument, scheduleDocument, unpublishDocument } from "./document-workflow.ts";
import { findLiveDocument, listLiveArticles } from "./live-documents.ts";
import { publishDueDocuments } from "./publish-due.ts";
import { saveDraft } from "./draft-writing.ts";
import { viewDocument } from "./desk-reading.ts";
import { BODY, caught, createDeskFixture, fieldErrors, NOW, TZ, type DeskFixture } from "./test-fixtures.ts";
import { ForbiddenError } from "../kernel/errors.ts";

let f: ClinicFixture;
let manager: TestStaff;
let desk: TestStaff;
let organizationId: string;
let article: DeskFixture["article"];
let audits: DeskFixture["audits"];

beforeAll(async () => {
  ({ f, organizationId, manager, desk, article, audits } = await createDeskFixture());
});

afterAll(async () => {
  await f?.database.close();
});

describe(`the publishing desk's schedules on ${testDatabaseKind}`, () => {
  it("schedules in clinic time: refuses a time that does not exist or has passed, and publishes exactly at the time", async () => {
    const db = f.database.db;
    const nonexistent = parseScheduleTime("2027-03-14", "02:30", TZ, NOW);
    expect(nonexistent).toEqual({
      ok: false,
      field: "scheduleTime",
      message:
        "2:30 a.m. does not exist on March 14, 2027: clocks jump ahead from 2:00 a.m. to 3:00 a.m. that night for daylight saving time. Choose another time.",
    });
    // The repeated hour in November means its first occurrence (EDT).
    expect(parseScheduleTime("2027-11-07", "01:30", TZ, NOW)).toEqual({ ok: true, epochMs: Date.parse("2027-11-07T05:30:00Z") });

    const id = await article({ slug: "spring-skin" });
    const dst = await fieldErrors(
      scheduleDocument(db, { staff: manager, documentId: id, date: "2027-03-14", time: "02:30", timeZone: TZ, now: NOW }),
    );
    expect(dst.scheduleTime).toMatch(/does not exist on March 14, 2027/);
    const past = await fieldErrors(
      scheduleDocument(db, { staff: manager, documentId: id, date: "2027-03-09", time: "09:00", timeZone: TZ, now: NOW }),
    );
    expect(past.scheduleTime).toMatch(/already passed/);
    expect(
      await caught(scheduleDocument(db, { staff: desk, documentId: id, date: "2027-03-14", time: "09:00", timeZone: TZ, now: NOW })),
    ).toBeInstanceOf(ForbiddenError);

    const { at } = await scheduleDocument(db, {
      staff: manager,
      documentId: id,
      date: "2027-03-14",
      time: "09:00",
      timeZone: TZ,
      now: NOW,
    });
    expect(at).toBe(Date.parse("2027-03-14T13:00:00Z")); // 09:00 EDT, after the jump
    const lookup = (now: number) => findLiveDocument(db, { organizationId, kind: "article", locale: "en", slug: "spring-skin", now });
    expect(await lookup(at - 1)).toBeNull();
    expect((await listLiveArticles(db, { organizationId, locale: "en", now: at - 1 })).articles.map((a) => a.slug)).not.toContain(
      "spring-skin",
    );
    const live = await lookup(at);
    expect(live?.document).toMatchObject({ title: "Getting ready for microneedling", firstPublishedAt: at, publishedAt: at });
    const [published] = await audits("content.publish", id);
    expect(published).toMatchObject({ actorType: "system", actorId: null, details: { scheduled: true } });
    expect((await viewDocument(db, { staff: desk, documentId: id, now: at })).status).toBe("published");
  });

  it("has a worker that publishes due documents when nobody visits", async () => {
    const db = f.database.db;
    const id = await article({ slug: "worker-published" });
    const { at } = await scheduleDocument(db, {
      staff: manager,
      documentId: id,
      date: "2027-03-12",
      time: "08:00",
      timeZone: TZ,
      now: NOW,
    });
    const results: { published: string[]; blocked: string[] }[] = [];
    const worker = startScheduledPublisher({ db, intervalMs: 20, now: () => at + 1, onResult: (r) => results.push(r) });
    await expect.poll(() => results.flatMap((r) => r.published), { timeout: 10_000 }).toContain(id);
    await worker.stop();
    expect((await viewDocument(db, { staff: desk, documentId: id, now: at })).status).toBe("published");
  });

  it("cancels a schedule when the text changes or on request", async () => {
    const db = f.database.db;
    const id = await article({ slug: "autumn-skin" });
    await scheduleDocument(db, { staff: manager, documentId: id, date: "2027-04-01", time: "08:00", timeZone: TZ, now: NOW });
    const save = await saveDraft(db, { staff: desk, documentId: id, input: { title: "Autumn skin", body: BODY }, now: NOW });
    expect(save.cancelledSchedule).toBe(true);
    expect((await viewDocument(db, { staff: desk, documentId: id, now: NOW })).status).toBe("draft");

    await scheduleDocument(db, { staff: manager, documentId: id, date: "2027-04-01", time: "08:00", timeZone: TZ, now: NOW });
    await cancelSchedule(db, { staff: manager, documentId: id, now: NOW });
    expect(await publishDueDocuments(db, { now: Date.parse("2027-04-02T00:00:00Z"), organizationId })).toEqual({
      published: [],
      blocked: [],
    });
    expect(await audits("content.schedule-cancel", id)).toHaveLength(1);
  });

  it("runs the guard again at the scheduled time: a page linked to that was taken down stops the publication, with the reason kept", async () => {
    const db = f.database.db;
    const target = await article({ slug: "what-to-expect", kind: "page", title: "What to expect" });
    await publishDocument(db, { staff: manager, documentId: target, now: NOW });
    const id = await article({ slug: "linked-later", body: `${BODY}\nSee [what to expect](/fr/pages/what-to-expect).\n` });
    const { at } = await scheduleDocument(db, {
      staff: manager,
      documentId: id,
      date: "2027-03-20",
      time: "10:00",
      timeZone: TZ,
      now: NOW,
    });
    await unpublishDocument(db, { staff: manager, documentId: target, now: NOW + 1 });

    expect(await publishDueDocuments(db, { now: at, organizationId })).toEqual({ published: [], blocked: [id] });
    expect(await findLiveDocument(db, { organizationId, kind: "article", locale: "en", slug: "linked-later", now: at })).toBeNull();
    const view = await viewDocument(db, { staff: desk, documentId: id, now: at });
    expect(view.status).toBe("draft");
    expect(view.scheduleFailure?.findings.map((x) => x.rule)).toEqual(["link.broken-internal"]);
    const [blocked] = await audits("content.publish-blocked", id);
    expect(blocked).toMatchObject({ actorType: "system", details: { rules: ["link.broken-internal"] } });
  });
});
