// One "viewed the health record" row per record per request: a page that reads
// a record's notes, screenings and plans in one request is one view, written
// once; another request is another view; changes, prints and refusals keep a
// row each; a view whose transaction rolled back does not hide the next one.
import { describe, expect, it } from "vitest";
import { listPlansForStaff } from "../plans/record/staff-view.ts";
import { viewScreenings } from "../screening/record/review.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { addHealthNote, viewHealthRecord } from "./health-notes.ts";
import { addClient, db, healthEvents as events, keyRing, org, practitionerStaff, useHealthTestbed } from "./test-fixtures.ts";

useHealthTestbed();

describe(`views of a health record on ${testDatabaseKind}`, () => {
  it("are written once per record and request, however many parts the page reads", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    const first = { ...staff, requestId: "request-1" };
    // The client page's loader: notes, screenings and plans, the way it calls them.
    await viewHealthRecord(db, { staff: first, keyRing, clientId: client.id });
    await viewScreenings(db, { staff: first, keyRing, clientId: client.id });
    await listPlansForStaff(db, { staff: first, clientId: client.id });
    expect(await events(client.id, "health-record.view")).toHaveLength(1);

    // Parts read at the same moment (loaders run side by side on PostgreSQL's pool) still make one.
    const second = { ...staff, requestId: "request-2" };
    await Promise.all([
      viewHealthRecord(db, { staff: second, keyRing, clientId: client.id }),
      viewScreenings(db, { staff: second, keyRing, clientId: client.id }),
      listPlansForStaff(db, { staff: second, clientId: client.id }),
    ]);
    const views = await events(client.id, "health-record.view");
    expect(views.map((v) => v.requestId)).toEqual(["request-1", "request-2"]);
    expect(views.every((v) => v.actorId === staff.userId)).toBe(true);

    // A change in the same request is recorded as well: only views fold.
    await addHealthNote(db, { staff: second, keyRing, clientId: client.id, body: "Patch test done, no reaction." });
    await viewHealthRecord(db, { staff: second, keyRing, clientId: client.id });
    expect((await events(client.id)).map((e) => e.action)).toEqual(["health-record.view", "health-record.view", "health-record.edit"]);
  });

  it("fold per record: two records read in one request are two views", async () => {
    const a = await addClient(db, org);
    const b = await addClient(db, org);
    const staffA = await practitionerStaff(a.id, true);
    const staff = { ...staffA, requestId: "request-two-records" };
    await viewHealthRecord(db, { staff, keyRing, clientId: a.id });
    await viewHealthRecord(db, { staff, keyRing, clientId: b.id }).catch(() => null);
    expect(await events(a.id, "health-record.view")).toHaveLength(1);
    // The second client's record is not this practitioner's: refused, and the refusal is on record.
    expect(await events(b.id, "health-record.denied")).toHaveLength(1);
  });

  it("are written each time when no request is named (jobs, scripts), as before", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    await viewHealthRecord(db, { staff, keyRing, clientId: client.id });
    await viewScreenings(db, { staff, keyRing, clientId: client.id });
    expect(await events(client.id, "health-record.view")).toHaveLength(2);
  });

  it("leave room for the next view when the first one's transaction rolled back", async () => {
    const client = await addClient(db, org);
    const staff = { ...(await practitionerStaff(client.id, true)), requestId: "request-rolled-back" };
    const view = (on: DbOrTx = db) =>
      recordAuditEvent(on, {
        organizationId: org,
        actor: staffActor(staff),
        action: "health-record.view",
        entityType: "health-record",
        entityId: client.id,
        requestId: staff.requestId,
      });
    await db
      .transaction(async (tx) => {
        await view(tx);
        throw new Error("the read failed");
      })
      .catch(() => null);
    expect(await events(client.id, "health-record.view")).toHaveLength(0);
    await view();
    await view();
    expect(await events(client.id, "health-record.view")).toHaveLength(1);
  });
});
