// How a staff member reaches a client's record, before opening it: what the
// page may say (no health content, so no audit row), and breaking the glass —
// a stated reason, audited and shown to the client, that opens the record for
// BREAK_GLASS_MINUTES to staff outside the care team.
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { FieldError } from "../kernel/errors.ts";
import { decide, effective, HEALTH_ACTIONS, mayOnRecord, refuse, auditStaffHealth } from "./access.ts";
import { recordCorrectionRequests } from "./health-tables.ts";
import { BREAK_GLASS_MINUTES, BREAK_GLASS_REASON_MAX, BREAK_GLASS_REASON_MIN } from "./limits.ts";
import { LOCK_ROLES, lockInfo, type LockInfo } from "./record-lock.ts";
import type { Actor } from "../kernel/access.ts";

export interface HealthAccessSummary {
  /** allowed: open it; break-glass-active: opened with a reason, still running; break-glass: may open with a reason; denied: never. */
  kind: "allowed" | "break-glass-active" | "break-glass" | "denied";
  denied: "locked" | "role" | null;
  careTeam: boolean;
  canEdit: boolean;
  canLock: boolean;
  breakGlassUntil: number | null;
  lock: LockInfo | null;
  openCorrections: number;
}

/**
 * How the signed-in staff member may reach a client's health record, without
 * reading it (so without an audit row). An id that is not a client of their
 * organization is refused and audited, like any other attempt.
 */
export async function describeHealthAccess(db: Db, o: { staff: Actor; clientId: string; now?: number }): Promise<HealthAccessSummary> {
  const now = o.now ?? Date.now();
  const d = await decide(db, o.staff, o.clientId, now);
  if (!d.found) throw await refuse(db, o.staff, o.clientId, d.reason, "open");
  const e = effective(d);
  const [open] = await db
    .select({ n: count() })
    .from(recordCorrectionRequests)
    .where(
      and(
        eq(recordCorrectionRequests.organizationId, o.staff.organizationId),
        eq(recordCorrectionRequests.clientId, o.clientId),
        eq(recordCorrectionRequests.status, "open"),
      ),
    );
  return {
    kind: e.ok
      ? e.via === "break-glass"
        ? "break-glass-active"
        : "allowed"
      : e.reason === "break-glass-required"
        ? "break-glass"
        : "denied",
    denied: !e.ok && (e.reason === "locked" || e.reason === "role") ? e.reason : null,
    careTeam: d.careTeam,
    canEdit: e.ok && mayOnRecord(o.staff, "health.edit", d),
    canLock: LOCK_ROLES.includes(o.staff.role),
    breakGlassUntil: d.breakGlassUntil,
    lock: await lockInfo(db, o.staff.organizationId, d.lock),
    openCorrections: open?.n ?? 0,
  };
}

/**
 * Breaks the glass: a staff member outside the care team (the owner, another
 * practitioner) opens the record for a stated reason. The reason is audited
 * and shown to the client; the access lasts BREAK_GLASS_MINUTES.
 */
export async function breakGlass(db: Db, o: { staff: Actor; clientId: string; reason?: string; now?: number }): Promise<{ until: number }> {
  const now = o.now ?? Date.now();
  const reason = (o.reason ?? "").replace(/\s+/g, " ").trim();
  if (reason.length < BREAK_GLASS_REASON_MIN) {
    throw new FieldError({ reason: `Say why you need this record, in at least ${BREAK_GLASS_REASON_MIN} characters.` });
  }
  if (reason.length > BREAK_GLASS_REASON_MAX) throw new FieldError({ reason: `Use at most ${BREAK_GLASS_REASON_MAX} characters.` });
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, "break-glass") };
    if (d.access.kind === "denied") return { refused: await refuse(tx, o.staff, o.clientId, d.access.reason, "break-glass") };
    if (d.access.kind === "allowed") return { until: null };
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.breakGlass, {
      kind: "break-glass",
      reason,
      role: o.staff.role,
      minutes: BREAK_GLASS_MINUTES,
    });
    return { until: now + BREAK_GLASS_MINUTES * 60_000 };
  });
  if ("refused" in outcome) throw outcome.refused;
  // Already allowed: nothing to break, nothing extra to audit.
  return { until: outcome.until ?? now };
}
