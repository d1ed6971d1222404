// The gate of each step that puts a revision before the public (submission,
// publication, schedule): the guard runs afresh on the working revision;
// blocking findings stop the step unless the owner overrides with a reason,
// and findings about an image's licence need the editor's confirmation. Both
// are audited in the step's transaction.
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { FieldError } from "../kernel/errors.ts";
import type { StaffActor } from "../kernel/access.ts";
import { oneLine } from "./document-input.ts";
import { contentOf, revisionById, type DocumentRow, type RevisionRow } from "./document-rows.ts";
import { GuardBlockedError } from "./errors.ts";
import { evaluateContent } from "./evaluate-content.ts";
import type { GuardReport } from "./findings.ts";
import { OVERRIDE_REASON_MAX, OVERRIDE_REASON_MIN } from "./limits.ts";
import { requirePermission } from "../kernel/access.ts";

/** "rule|image" of the findings that need the editor's confirmation. */
function confirmKeys(r: GuardReport): string[] {
  return [...new Set(r.findings.filter((f) => f.severity === "confirm").map((f) => `${f.rule}|${f.image ?? ""}`))];
}

export function blockRules(r: GuardReport): string[] {
  return [...new Set(r.findings.filter((f) => f.severity === "block").map((f) => f.rule))];
}

export interface GateInput {
  /** The editor ticked "I have confirmed the clinic holds a licence for …". */
  confirmLicences?: boolean;
  /** The owner publishes over blocking findings, with a reason. */
  override?: { reason: string } | null;
}

/**
 * Lets a step through the guard, or throws: blocking findings stop it unless
 * the owner overrides with a reason; confirm findings need the checkbox. Both
 * are audited here, in the step's transaction.
 */
async function passGate(
  tx: DbOrTx,
  o: {
    staff: StaffActor;
    documentId: string;
    revisionId: string;
    report: GuardReport;
    gate: GateInput;
    step: string;
    allowOverride: boolean;
  },
): Promise<{ overriddenRules: string[]; confirmed: string[] }> {
  const r = o.report;
  let overriddenRules: string[] = [];
  if (r.blocked) {
    if (!o.allowOverride || !o.gate.override) throw new GuardBlockedError(r, o.step);
    requirePermission(o.staff, "content.override", "publish over the quality guard's findings");
    const reason = oneLine(o.gate.override.reason);
    if (reason.length < OVERRIDE_REASON_MIN)
      throw new FieldError({ overrideReason: `Say why it should be published anyway, in at least ${OVERRIDE_REASON_MIN} characters.` });
    if (reason.length > OVERRIDE_REASON_MAX)
      throw new FieldError({ overrideReason: `Keep the reason under ${OVERRIDE_REASON_MAX} characters.` });
    overriddenRules = blockRules(r);
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "content.guard-override",
      entityType: "content_document",
      entityId: o.documentId,
      details: { revisionId: o.revisionId, rules: overriddenRules, reason, step: o.step },
    });
  }
  const confirmed = confirmKeys(r);
  if (confirmed.length > 0) {
    if (!o.gate.confirmLicences)
      throw new FieldError({
        confirm: "Confirm that the clinic holds a licence for the images listed, or replace them with images it owns.",
      });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "content.licence-confirm",
      entityType: "content_document",
      entityId: o.documentId,
      details: {
        revisionId: o.revisionId,
        rules: [...new Set(confirmed.map((k) => k.split("|")[0]!))],
        images: [...new Set(confirmed.map((k) => k.split("|")[1]!).filter(Boolean))],
        step: o.step,
      },
    });
  }
  return { overriddenRules, confirmed };
}

/** The working revision, checked afresh by the guard and passed through the gate of this step. */
export async function gateWorkingRevision(
  tx: DbOrTx,
  doc: DocumentRow,
  o: { staff: StaffActor; gate?: GateInput; now: number },
  step: string,
  allowOverride: boolean,
): Promise<{ working: RevisionRow; report: GuardReport; gate: { overriddenRules: string[]; confirmed: string[] } }> {
  const working = await revisionById(tx, doc.id, doc.workingRevisionId);
  const { report } = await evaluateContent(tx, doc.organizationId, contentOf(working), o.now);
  const gate = await passGate(tx, {
    staff: o.staff,
    documentId: doc.id,
    revisionId: working.id,
    report,
    gate: o.gate ?? {},
    step,
    allowOverride,
  });
  return { working, report, gate };
}
