// The clinic's aftercare waiting periods (migration 0021): each period's hours,
// the same period after a deeper session, and the depth above which a session
// counts as deeper. Defaults come from the sources (src/plans/aftercare.ts);
// the owner changes them (plans.manage) on the plan settings page, each change
// audited with before, after and the reason. Everyone on staff can read them.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import { requirePermission } from "../kernel/access.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import type { StaffActor } from "../scheduling/admin/access.ts";
import {
  AFTERCARE_DEFAULTS,
  AFTERCARE_ITEMS,
  DEEPER_FROM_MAX_MM,
  DEEPER_FROM_MIN_MM,
  DEFAULT_DEEPER_FROM_MM,
  type AftercareItem,
  type AftercareSettings,
} from "./aftercare.ts";
import { checkedSettingReason, parseDepthHundredths } from "./settings.ts";
import { planAftercareSettings } from "./tables.ts";

/** A setting's key: a period, the period after a deeper session, or the depth band. */
export type AftercareKey = AftercareItem | `${AftercareItem}.deeper` | "deeper-from";

export const AFTERCARE_KEYS: readonly AftercareKey[] = [
  ...AFTERCARE_ITEMS,
  ...AFTERCARE_ITEMS.map((i) => `${i}.deeper` as const),
  "deeper-from",
];

export function isAftercareKey(value: unknown): value is AftercareKey {
  return typeof value === "string" && (AFTERCARE_KEYS as readonly string[]).includes(value);
}

export interface AftercarePeriodView {
  item: AftercareItem;
  label: string;
  defaultHours: number;
  /** The clinic's own value, when it set one. */
  clinicHours: number | null;
  /** After a deeper session: the clinic's own value, when it set one (default: the same as the standard period). */
  clinicDeeperHours: number | null;
  inForceHours: number;
  inForceDeeperHours: number;
  minHours: number;
  maxHours: number;
  clinicDefault: boolean;
  citations: readonly string[];
  note: string;
  changes: { key: AftercareKey; reason: string; updatedBy: string; updatedAt: number }[];
}

export interface AftercareSettingsView {
  periods: AftercarePeriodView[];
  deeperFrom: {
    defaultMm: number;
    clinicMm: number | null;
    inForceMm: number;
    reason: string | null;
    updatedBy: string | null;
    updatedAt: number | null;
  };
  settings: AftercareSettings;
}

type Row = { key: string; value: number; reason: string; updatedAt: Date; by: string | null };

async function rowsOf(db: DbOrTx, organizationId: string): Promise<Row[]> {
  return db
    .select({
      key: planAftercareSettings.key,
      value: planAftercareSettings.value,
      reason: planAftercareSettings.reason,
      updatedAt: planAftercareSettings.updatedAt,
      by: authUsers.name,
    })
    .from(planAftercareSettings)
    .leftJoin(authUsers, eq(authUsers.id, planAftercareSettings.updatedByUserId))
    .where(eq(planAftercareSettings.organizationId, organizationId));
}

/** The periods in force from the clinic's rows: a deeper period is never shorter than the standard one. */
function settingsFrom(rows: readonly { key: string; value: number }[]): AftercareSettings {
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  const hours = {} as Record<AftercareItem, number>;
  const deeperHours = {} as Record<AftercareItem, number>;
  for (const item of AFTERCARE_ITEMS) {
    hours[item] = value(item) ?? AFTERCARE_DEFAULTS[item].hours;
    deeperHours[item] = Math.max(hours[item], value(`${item}.deeper`) ?? hours[item]);
  }
  const from = value("deeper-from");
  return { hours, deeperHours, deeperFromMm: from === null ? DEFAULT_DEEPER_FROM_MM : from / 100 };
}

/** The periods a clinic's aftercare uses (no permission, no audit: clinic data every signed chart reads). */
export async function aftercareSettingsOf(db: DbOrTx, organizationId: string): Promise<AftercareSettings> {
  return settingsFrom(await rowsOf(db, organizationId));
}

/** The settings page's view: defaults, the clinic's values, what is in force, and who changed what. */
export async function getAftercareSettings(db: DbOrTx, o: { staff: StaffActor }): Promise<AftercareSettingsView> {
  const rows = await rowsOf(db, o.staff.organizationId);
  const settings = settingsFrom(rows);
  const row = (key: string) => rows.find((r) => r.key === key) ?? null;
  const change = (key: AftercareKey) => {
    const r = row(key);
    return r ? [{ key, reason: r.reason, updatedBy: r.by ?? "A former staff member", updatedAt: r.updatedAt.getTime() }] : [];
  };
  const from = row("deeper-from");
  return {
    settings,
    periods: AFTERCARE_ITEMS.map((item) => {
      const d = AFTERCARE_DEFAULTS[item];
      return {
        item,
        label: d.label,
        defaultHours: d.hours,
        clinicHours: row(item)?.value ?? null,
        clinicDeeperHours: row(`${item}.deeper`)?.value ?? null,
        inForceHours: settings.hours[item],
        inForceDeeperHours: settings.deeperHours[item],
        minHours: d.minHours,
        maxHours: d.maxHours,
        clinicDefault: d.clinicDefault,
        citations: d.citations,
        note: d.note,
        changes: [...change(item), ...change(`${item}.deeper`)],
      };
    }),
    deeperFrom: {
      defaultMm: DEFAULT_DEEPER_FROM_MM,
      clinicMm: from ? from.value / 100 : null,
      inForceMm: settings.deeperFromMm,
      reason: from?.reason ?? null,
      updatedBy: from ? (from.by ?? "A former staff member") : null,
      updatedAt: from?.updatedAt.getTime() ?? null,
    },
  };
}

/** The stored value of a key from what was typed: hours for a period, hundredths of a millimetre for the depth band. */
function parseValue(key: AftercareKey, input: string): number {
  const text = input.trim();
  if (key === "deeper-from") {
    const hundredths = parseDepthHundredths(text);
    const min = Math.round(DEEPER_FROM_MIN_MM * 100);
    const max = Math.round(DEEPER_FROM_MAX_MM * 100);
    if (hundredths === null || hundredths % 5 !== 0 || hundredths < min || hundredths > max)
      throw new FieldError({ value: `Give a depth from ${DEEPER_FROM_MIN_MM} to ${DEEPER_FROM_MAX_MM} mm, in steps of 0.05 mm.` });
    return hundredths;
  }
  const item = key.replace(/\.deeper$/, "") as AftercareItem;
  const d = AFTERCARE_DEFAULTS[item];
  const hours = /^\d{1,4}$/.test(text.replace(/\s*(h|hours?)$/i, "")) ? Number(text.replace(/\s*(h|hours?)$/i, "")) : Number.NaN;
  if (!(hours >= d.minHours && hours <= d.maxHours)) {
    const why = item === "sun" ? " The peer-reviewed advice is at least 48 hours, so it may be lengthened, not shortened." : "";
    throw new FieldError({ value: `Give a whole number of hours from ${d.minHours} to ${d.maxHours}.${why}` });
  }
  return hours;
}

/**
 * Sets (or, with an empty value, removes) one of the clinic's aftercare
 * values, always with a reason. The audit keeps the value in force before and
 * after (the default when the clinic had none).
 */
export async function setAftercareSetting(
  db: DbOrTx,
  o: { staff: StaffActor; key: string; value: string; reason: string; now?: number },
): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "plans.manage", "change the clinic's aftercare periods");
  if (!isAftercareKey(o.key)) throw new NotFoundError("The aftercare setting");
  const key = o.key;
  const clearing = o.value.trim() === "";
  const errors: Record<string, string> = {};
  let value: number | null = null;
  if (!clearing) {
    try {
      value = parseValue(key, o.value);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      Object.assign(errors, error.errors);
    }
  }
  const reason = checkedSettingReason(o.reason, errors);
  const organizationId = o.staff.organizationId;
  const at = new Date(o.now ?? Date.now());
  return db.transaction(async (tx) => {
    const all = await tx.select().from(planAftercareSettings).where(eq(planAftercareSettings.organizationId, organizationId)).for("update");
    const row = all.find((r) => r.key === key);
    if ((row?.value ?? null) === value) return { changed: false };
    const here = and(eq(planAftercareSettings.organizationId, organizationId), eq(planAftercareSettings.key, key));
    if (value === null) await tx.delete(planAftercareSettings).where(here);
    else if (row) await tx.update(planAftercareSettings).set({ value, reason, updatedByUserId: o.staff.userId, updatedAt: at }).where(here);
    else
      await tx.insert(planAftercareSettings).values({ organizationId, key, value, reason, updatedByUserId: o.staff.userId, updatedAt: at });
    const before = settingsFrom(all);
    const after = settingsFrom([...all.filter((r) => r.key !== key), ...(value === null ? [] : [{ key, value }])]);
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "plan-aftercare.change",
      entityType: "plan_aftercare_setting",
      entityId: key,
      details: {
        key,
        before: inForce(before, key),
        after: inForce(after, key),
        clinicValue: { before: row?.value ?? null, after: value },
        reason,
      },
    });
    return { changed: true };
  });
}

/** The value a key has in force, as the audit keeps it ({ hours } or { mm }). */
function inForce(s: AftercareSettings, key: AftercareKey): { hours: number } | { mm: number } {
  if (key === "deeper-from") return { mm: s.deeperFromMm };
  if (key.endsWith(".deeper")) return { hours: s.deeperHours[key.replace(/\.deeper$/, "") as AftercareItem] };
  return { hours: s.hours[key as AftercareItem] };
}
