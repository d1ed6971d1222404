// The workflow of a document: draft → review → published, or scheduled for a
// time in the clinic's zone, and unpublished. content.edit submits for
// review; content.publish publishes, schedules and unpublishes; each step that
// puts the working revision before the public passes the gate first.
import { eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { FieldError } from "../kernel/errors.ts";
import type { StaffActor } from "../kernel/access.ts";
import { alreadyLive, clearedSchedule, documentForUpdate } from "./document-rows.ts";
import { ContentStateError } from "./errors.ts";
import type { GuardReport } from "./findings.ts";
import { gateWorkingRevision, type GateInput } from "./publish-gate.ts";
import { parseScheduleTime } from "./schedule-time.ts";
import { contentDocuments } from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

export async function submitForReview(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "submit pages and articles for review");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.status === "review") throw new ContentStateError("It is already waiting for review.");
    if (doc.status === "scheduled") throw new ContentStateError("It is scheduled to be published. Cancel the schedule to change it.");
    if (alreadyLive(doc)) throw new ContentStateError("This version is already published. Change it first, then submit the change.");
    const { working, report: r } = await gateWorkingRevision(tx, doc, o, "submitted for review", false);
    await tx
      .update(contentDocuments)
      .set({ status: "review", scheduleFailure: null, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.submit",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id },
    });
    return { report: r };
  });
}

export async function publishDocument(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport; revisionId: string }> {
  requirePermission(o.staff, "content.publish", "publish pages and articles");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (alreadyLive(doc) && doc.status === "published") throw new ContentStateError("This version is already published.");
    const { working, report: r, gate } = await gateWorkingRevision(tx, doc, o, "published", true);
    const at = new Date(o.now);
    await tx
      .update(contentDocuments)
      .set({
        status: "published",
        publishedRevisionId: working.id,
        publishedAt: at,
        firstPublishedAt: doc.firstPublishedAt ?? at,
        ...clearedSchedule,
        scheduleFailure: null,
        updatedAt: at,
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.publish",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id, ...(gate.overriddenRules.length ? { overridden: gate.overriddenRules } : {}) },
    });
    return { report: r, revisionId: working.id };
  });
}

/**
 * Schedules the working revision for a local date and time in the clinic's
 * zone. The guard must pass (or the owner override) now; it runs again on the
 * same revision when the time comes.
 */
export async function scheduleDocument(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; date: string; time: string; timeZone: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport; at: number }> {
  requirePermission(o.staff, "content.publish", "schedule pages and articles");
  const when = parseScheduleTime(o.date, o.time, o.timeZone, o.now);
  if (!when.ok) throw new FieldError({ [when.field]: when.message });
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (alreadyLive(doc)) throw new ContentStateError("This version is already published. Change it first, then schedule the change.");
    const { working, report: r, gate } = await gateWorkingRevision(tx, doc, o, "scheduled", true);
    await tx
      .update(contentDocuments)
      .set({
        status: "scheduled",
        scheduledRevisionId: working.id,
        scheduledAt: new Date(when.epochMs),
        scheduleOverriddenRules: gate.overriddenRules,
        scheduleConfirmed: gate.confirmed,
        scheduleFailure: null,
        updatedAt: new Date(o.now),
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.schedule",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id, at: new Date(when.epochMs).toISOString() },
    });
    return { report: r, at: when.epochMs };
  });
}

export async function cancelSchedule(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<void> {
  requirePermission(o.staff, "content.publish", "change when pages and articles are published");
  const organizationId = o.staff.organizationId;
  await db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.status !== "scheduled") throw new ContentStateError("It is not scheduled.");
    await tx
      .update(contentDocuments)
      .set({ status: "draft", ...clearedSchedule, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.schedule-cancel",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: doc.scheduledRevisionId },
    });
  });
}

/** Takes the document off the public site; its revisions and working copy stay. */
export async function unpublishDocument(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<void> {
  requirePermission(o.staff, "content.publish", "take pages and articles off the site");
  const organizationId = o.staff.organizationId;
  await db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.publishedRevisionId === null) throw new ContentStateError("It is not on the site.");
    await tx
      .update(contentDocuments)
      .set({
        publishedRevisionId: null,
        status: doc.status === "published" ? "unpublished" : doc.status,
        updatedAt: new Date(o.now),
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.unpublish",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: doc.publishedRevisionId },
    });
  });
}
