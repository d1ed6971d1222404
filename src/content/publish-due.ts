// Scheduled publication: when a scheduled revision's time comes, the guard
// runs on it once more, and it goes live or back to draft with the reason.
import { and, eq, lte } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import type { JobHandlers, RecurringJob } from "../jobs/worker.ts";
import { contentOf, clearedSchedule, documentForUpdate, revisionById } from "./document-rows.ts";
import { evaluateContent } from "./evaluate-content.ts";
import { contentDocuments } from "./tables.ts";

/**
 * Publishes every scheduled document whose time has come, after running the
 * guard again on the scheduled revision. It passes when nothing blocks beyond
 * what the owner overrode when scheduling and nothing new needs a licence
 * confirmation; otherwise the document goes back to draft with the reason
 * kept. Audited as the system. The public pages call this before they read,
 * so a scheduled document appears exactly at its time; a worker calls it too.
 */
export async function publishDueDocuments(
  db: DbOrTx,
  o: { now: number; organizationId?: string },
): Promise<{ published: string[]; blocked: string[] }> {
  const dueWhere = and(
    eq(contentDocuments.status, "scheduled"),
    lte(contentDocuments.scheduledAt, new Date(o.now)),
    o.organizationId ? eq(contentDocuments.organizationId, o.organizationId) : undefined,
  );
  const due = await db
    .select({ id: contentDocuments.id, organizationId: contentDocuments.organizationId })
    .from(contentDocuments)
    .where(dueWhere);
  const published: string[] = [];
  const blocked: string[] = [];
  for (const { id, organizationId } of due) {
    await db.transaction(async (tx) => {
      const doc = await documentForUpdate(tx, organizationId, id);
      // Someone else (another request, the worker) got there first.
      if (doc.status !== "scheduled" || !doc.scheduledAt || doc.scheduledAt.getTime() > o.now) return;
      const rev = await revisionById(tx, doc.id, doc.scheduledRevisionId);
      const { report: r } = await evaluateContent(tx, organizationId, contentOf(rev), o.now);
      const overridden = new Set(doc.scheduleOverriddenRules);
      const confirmed = new Set(doc.scheduleConfirmed);
      const stopping = r.findings.filter(
        (f) =>
          (f.severity === "block" && !overridden.has(f.rule)) || (f.severity === "confirm" && !confirmed.has(`${f.rule}|${f.image ?? ""}`)),
      );
      const at = doc.scheduledAt;
      const held = stopping.length > 0;
      // Held back: the document returns to draft with the findings that stopped it; otherwise it goes live at its time.
      await tx
        .update(contentDocuments)
        .set({
          ...(held
            ? { status: "draft" as const, scheduleFailure: { at: new Date(o.now).toISOString(), findings: stopping } }
            : {
                status: "published" as const,
                publishedRevisionId: rev.id,
                publishedAt: at,
                firstPublishedAt: doc.firstPublishedAt ?? at,
                scheduleFailure: null,
              }),
          ...clearedSchedule,
          updatedAt: new Date(o.now),
        })
        .where(eq(contentDocuments.id, doc.id));
      await recordAuditEvent(tx, {
        organizationId,
        actor: { type: "system", id: null },
        action: held ? "content.publish-blocked" : "content.publish",
        entityType: "content_document",
        entityId: doc.id,
        details: held
          ? { revisionId: rev.id, rules: [...new Set(stopping.map((f) => f.rule))] }
          : { revisionId: rev.id, scheduled: true, ...(overridden.size ? { overridden: [...overridden] } : {}) },
      });
      (held ? blocked : published).push(doc.id);
    });
  }
  return { published, blocked };
}

/**
 * The recurring job that publishes what is due: once per clinic a minute,
 * whatever the number of server processes (docs/jobs.md). The public pages
 * still publish a due document when they are asked for it, so it appears at
 * its time even between two runs.
 */
export const SCHEDULED_PUBLISH_SWEEP: RecurringJob = { kind: "content.publish-due", everyMs: 60_000 };

/** The job handlers of scheduled publishing: the documents go live in the job's transaction. */
export function scheduledPublishingJobHandlers(): JobHandlers {
  return {
    [SCHEDULED_PUBLISH_SWEEP.kind]: async (tx, job, ctx) => {
      await publishDueDocuments(tx, { now: ctx.now, organizationId: job.organizationId });
    },
  };
}
