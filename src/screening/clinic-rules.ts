// A clinic's screening rules: the defaults with the clinic's overrides. The
// owner changes a rule's outcome or waiting period with a reason; each change
// is audited with before and after, gives a new rules version, and the rule
// set behind every version in use is kept, so a screening made under an
// earlier version can still be shown with the rules it was made under.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { Db, DbOrTx } from "../db/open.ts";
import { requirePermission, type StaffActor } from "../kernel/access.ts";
import { FieldError } from "../kernel/errors.ts";
import { clinicSettings } from "../db/schema.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { effectiveRules, overrideProblems, type EffectiveRules, type RuleOverride } from "./effective-rules.ts";
import { type Rule } from "./rule-model.ts";
import { screeningRuleOverrides, screeningRuleSets, type StoredRule } from "./tables.ts";
import type { ReasonOutcome } from "./types.ts";

export const OVERRIDE_REASON_MIN = 10;
export const OVERRIDE_REASON_MAX = 1000;

export interface ClinicRuleOverride extends RuleOverride {
  reason: string;
  updatedByUserId: string;
  updatedAt: number;
}

function toOverride(r: typeof screeningRuleOverrides.$inferSelect): ClinicRuleOverride {
  const period = r.periodMonths !== null ? { months: r.periodMonths } : r.periodDays !== null ? { days: r.periodDays } : undefined;
  return {
    ruleId: r.ruleId,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(period ? { period } : {}),
    reason: r.reason,
    updatedByUserId: r.updatedByUserId,
    updatedAt: r.updatedAt.getTime(),
  };
}

export async function listRuleOverrides(db: DbOrTx, organizationId: string): Promise<ClinicRuleOverride[]> {
  const rows = await db.select().from(screeningRuleOverrides).where(eq(screeningRuleOverrides.organizationId, organizationId));
  return rows.map(toOverride);
}

function snapshot(rules: readonly Rule[]): StoredRule[] {
  return rules.map((r) => ({
    id: r.id,
    outcome: r.outcome,
    period: r.period,
    clientMessage: r.clientMessage,
    staffNote: r.staffNote,
    citations: [...r.citations],
  }));
}

/**
 * The clinic's effective rules. Overrides stored before a rule's meaning
 * changed (say, a period on a rule that no longer has one) are skipped, not
 * fatal: screening must keep working; the rules page shows them.
 */
export async function loadClinicRules(db: DbOrTx, organizationId: string): Promise<EffectiveRules> {
  const stored = await listRuleOverrides(db, organizationId);
  const usable = stored
    .map(({ ruleId, outcome, period }) => ({ ruleId, ...(outcome ? { outcome } : {}), ...(period ? { period } : {}) }))
    .filter((o) => overrideProblems([o]).length === 0);
  const rules = effectiveRules(usable);
  // Kept once per version: a read on every call, a write only the first time a version is used.
  const [known] = await db
    .select({ version: screeningRuleSets.version })
    .from(screeningRuleSets)
    .where(and(eq(screeningRuleSets.organizationId, organizationId), eq(screeningRuleSets.version, rules.version)))
    .limit(1);
  if (!known) {
    await db
      .insert(screeningRuleSets)
      .values({ organizationId, version: rules.version, rules: snapshot(rules.rules) })
      .onConflictDoNothing();
  }
  return rules;
}

/** The rules behind a version this clinic has used, as they were; null if unknown. */
export async function ruleSetOf(db: DbOrTx, organizationId: string, version: string): Promise<StoredRule[] | null> {
  const [row] = await db
    .select({ rules: screeningRuleSets.rules })
    .from(screeningRuleSets)
    .where(and(eq(screeningRuleSets.organizationId, organizationId), eq(screeningRuleSets.version, version)));
  return row?.rules ?? null;
}

export interface RuleChangeInput {
  ruleId: string;
  /** "" or undefined: keep the default outcome. */
  outcome?: ReasonOutcome | "";
  /** Both empty: keep the default period. */
  periodValue?: string;
  periodUnit?: "months" | "days" | "";
  reason?: string;
}

/**
 * Sets (or replaces) the clinic's override of one rule. Refuses an override
 * that equals the default (say "Reset to default" instead), a period on a rule
 * without one, and a missing reason. Audited with before/after and versions.
 */
export async function changeRule(
  db: Db,
  o: { staff: StaffActor; input: RuleChangeInput },
): Promise<{ version: string; previousVersion: string }> {
  requirePermission(o.staff, "screening.manage", "change the screening rules");
  const { input } = o;
  const base = DEFAULT_RULES.find((r) => r.id === input.ruleId);
  if (!base) throw new FieldError({ ruleId: "There is no screening rule with that id." });
  const errors: Record<string, string> = {};
  const reason = (input.reason ?? "").replace(/\s+/g, " ").trim();
  if (reason.length < OVERRIDE_REASON_MIN) {
    errors.reason = `Say why the clinic departs from the default, with its source if there is one (at least ${OVERRIDE_REASON_MIN} characters).`;
  } else if (reason.length > OVERRIDE_REASON_MAX) errors.reason = `Use at most ${OVERRIDE_REASON_MAX} characters.`;

  const outcome = input.outcome ? input.outcome : undefined;
  let period: { months: number } | { days: number } | undefined;
  const rawValue = (input.periodValue ?? "").trim();
  if (rawValue !== "" || input.periodUnit) {
    const n = Number(rawValue);
    if (base.period === null) errors.period = "This rule has no waiting period: it lasts until the condition has resolved.";
    else if (!/^\d+$/.test(rawValue) || !Number.isInteger(n)) errors.period = "Enter the waiting period as a whole number.";
    else if (input.periodUnit !== "months" && input.periodUnit !== "days") errors.period = "Choose months or days.";
    else period = input.periodUnit === "months" ? { months: n } : { days: n };
  }
  const candidate: RuleOverride = { ruleId: base.id, ...(outcome ? { outcome } : {}), ...(period ? { period } : {}) };
  if (!errors.period) {
    for (const p of overrideProblems([candidate])) {
      const field = p.field.endsWith(".outcome") ? "outcome" : p.field.endsWith(".period") ? "period" : "form";
      errors[field] ??= p.message;
    }
  }
  const sameOutcome = (outcome ?? base.outcome) === base.outcome;
  const samePeriod = JSON.stringify(period ?? base.period) === JSON.stringify(base.period);
  if (!errors.form && !errors.outcome && !errors.period && sameOutcome && samePeriod) {
    errors.form = "That is the default already. To go back to the default, use “Reset to default”.";
  }
  if (Object.keys(errors).length) throw new FieldError(errors);

  return db.transaction(async (tx) => {
    const previous = await loadClinicRules(tx, o.staff.organizationId);
    const [before] = await tx
      .select()
      .from(screeningRuleOverrides)
      .where(and(eq(screeningRuleOverrides.organizationId, o.staff.organizationId), eq(screeningRuleOverrides.ruleId, base.id)));
    const values = {
      outcome: outcome ?? null,
      periodMonths: period && "months" in period ? period.months : null,
      periodDays: period && "days" in period ? period.days : null,
      reason,
      updatedByUserId: o.staff.userId,
      updatedAt: new Date(),
    };
    await tx
      .insert(screeningRuleOverrides)
      .values({ organizationId: o.staff.organizationId, ruleId: base.id, ...values })
      .onConflictDoUpdate({ target: [screeningRuleOverrides.organizationId, screeningRuleOverrides.ruleId], set: values });
    return auditRuleChange(tx, o.staff, "screening-rule.change", base.id, previous.version, {
      before: before ? describe(toOverride(before)) : "default",
      after: describe(candidate),
      reason,
    });
  });
}

/** Removes the clinic's override of one rule: the default applies again. Audited. */
export async function resetRule(
  db: Db,
  o: { staff: StaffActor; ruleId: string; reason?: string },
): Promise<{ version: string; previousVersion: string } | null> {
  requirePermission(o.staff, "screening.manage", "change the screening rules");
  return db.transaction(async (tx) => {
    const previous = await loadClinicRules(tx, o.staff.organizationId);
    const removed = await tx
      .delete(screeningRuleOverrides)
      .where(and(eq(screeningRuleOverrides.organizationId, o.staff.organizationId), eq(screeningRuleOverrides.ruleId, o.ruleId)))
      .returning();
    if (removed.length === 0) return null;
    return auditRuleChange(tx, o.staff, "screening-rule.reset", o.ruleId, previous.version, {
      before: describe(toOverride(removed[0]!)),
      after: "default",
    });
  });
}

/** Audits a change of one rule with the clinic's rule-set version before and after it, and returns both versions. */
async function auditRuleChange(
  tx: DbOrTx,
  staff: StaffActor,
  action: "screening-rule.change" | "screening-rule.reset",
  ruleId: string,
  previousVersion: string,
  details: Record<string, unknown>,
): Promise<{ version: string; previousVersion: string }> {
  const next = await loadClinicRules(tx, staff.organizationId);
  await recordAuditEvent(tx, {
    organizationId: staff.organizationId,
    actor: staffActor(staff),
    action,
    entityType: "screening-rule",
    entityId: ruleId,
    details: { ...details, previousVersion, version: next.version },
  });
  return { version: next.version, previousVersion };
}

function describe(o: RuleOverride): Record<string, unknown> {
  return { outcome: o.outcome ?? "default", period: o.period ?? "default" };
}

export const SCREENING_VALID_DAYS = { min: 1, max: 365 } as const;

/** How old the latest screening may be when a treatment is booked (a clinic setting). Audited. */
export async function changeScreeningValidDays(db: Db, o: { staff: StaffActor; value: string }): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "screening.manage", "change the screening settings");
  const raw = o.value.trim();
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < SCREENING_VALID_DAYS.min || n > SCREENING_VALID_DAYS.max) {
    throw new FieldError({
      screeningValidDays: `Enter a whole number of days from ${SCREENING_VALID_DAYS.min} to ${SCREENING_VALID_DAYS.max}.`,
    });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ days: clinicSettings.screeningValidDays })
      .from(clinicSettings)
      .where(eq(clinicSettings.organizationId, o.staff.organizationId))
      .for("update");
    if (!before) throw new Error("The clinic's settings are missing");
    if (before.days === n) return { changed: false };
    await tx
      .update(clinicSettings)
      .set({ screeningValidDays: n, updatedAt: new Date() })
      .where(eq(clinicSettings.organizationId, o.staff.organizationId));
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "screening-settings.update",
      entityType: "clinic-settings",
      entityId: o.staff.organizationId,
      details: { before: { screeningValidDays: before.days }, after: { screeningValidDays: n } },
    });
    return { changed: true };
  });
}
