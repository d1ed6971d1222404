// The clinic's booking settings (notice, horizon, step, cancellation window,
// hold time) and the history of their changes.
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/open.ts";
import { auditEvents, authUsers, clinicSettings } from "../../db/schema.ts";
import { FieldError, NotFoundError, zodFieldErrors } from "../../kernel/errors.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { diff } from "./audit.ts";
import { wholeNumber } from "./form-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

/** The ranges of clinic_settings' CHECK constraints. */
export const SETTINGS_LIMITS = {
  minimumNoticeMinutes: { min: 0, max: 20160 },
  horizonDays: { min: 1, max: 730 },
  slotStepMinutes: { choices: [5, 10, 15, 20, 30, 60] as const },
  cancellationWindowMinutes: { min: 0, max: 20160 },
  holdMinutes: { min: 1, max: 60 },
} as const;

export interface ClinicSettingsValues {
  minimumNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number;
  cancellationWindowMinutes: number;
  holdMinutes: number;
}

export interface SettingsAuditEntry {
  id: number;
  at: number;
  actorName: string | null;
  actorEmail: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export async function getSettingsForStaff(
  db: DbOrTx,
  scope: AdminScope & { auditLimit?: number },
): Promise<{ settings: ClinicSettingsValues; updatedAt: number; history: SettingsAuditEntry[] }> {
  requireView(scope);
  const [row] = await db.select().from(clinicSettings).where(eq(clinicSettings.organizationId, scope.organizationId)).limit(1);
  if (!row) throw new NotFoundError("The clinic's settings");
  const history = await db
    .select({ id: auditEvents.id, at: auditEvents.at, details: auditEvents.details, name: authUsers.name, email: authUsers.email })
    .from(auditEvents)
    .leftJoin(authUsers, eq(authUsers.id, auditEvents.actorId))
    .where(and(eq(auditEvents.organizationId, scope.organizationId), eq(auditEvents.action, "settings.update")))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(scope.auditLimit ?? 10);
  const { organizationId: _o, updatedAt, screeningValidDays: _screening, ...settings } = row;
  return {
    settings,
    updatedAt: updatedAt.getTime(),
    history: history.map((h) => ({
      id: h.id,
      at: h.at.getTime(),
      actorName: h.name,
      actorEmail: h.email,
      before: (h.details.before as Record<string, unknown> | undefined) ?? {},
      after: (h.details.after as Record<string, unknown> | undefined) ?? {},
    })),
  };
}

const NOTICE_MESSAGE = "Enter a whole number of minutes (0 to 20,160) or hours (0 to 336).";
// Whole hours: the e-mails state the window in hours.
const WINDOW_MESSAGE = "Enter a whole number of hours from 0 to 336 (14 days).";

const SettingsFieldsSchema = z.object({
  minimumNotice: z.preprocess((v) => (v === undefined || v === null ? "" : String(v).trim()), z.string()),
  minimumNoticeUnit: z.enum(["minutes", "hours"], { error: "Choose minutes or hours." }),
  horizonDays: wholeNumber(1, 730, "Enter a whole number of days from 1 to 730 (two years)."),
  slotStepMinutes: z.preprocess(
    (v) => (typeof v === "string" || typeof v === "number" ? Number(String(v).trim() || Number.NaN) : Number.NaN),
    z.number().refine((n) => (SETTINGS_LIMITS.slotStepMinutes.choices as readonly number[]).includes(n), {
      message: "Choose 5, 10, 15, 20, 30 or 60 minutes.",
    }),
  ),
  cancellationWindowHours: z.preprocess((v) => (v === undefined || v === null ? "" : String(v).trim()), z.string()),
  holdMinutes: wholeNumber(1, 60, "Enter a whole number of minutes from 1 to 60."),
});

/** Hours as typed ("24", "1.5", "0.25") → whole minutes, or NaN. */
function hoursToMinutes(value: string): number {
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(value)) return Number.NaN;
  const minutes = Number(value) * 60;
  return Math.abs(minutes - Math.round(minutes)) < 1e-9 ? Math.round(minutes) : Number.NaN;
}

/** Every field checked at once, so the form shows every problem in one go. */
function parseSettings(input: SettingsInput): ClinicSettingsValues {
  const result = SettingsFieldsSchema.safeParse(input);
  const errors = result.success ? {} : zodFieldErrors(result.error.issues);
  const raw = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  const unit = raw(input.minimumNoticeUnit);
  const notice = raw(input.minimumNotice);
  const minimumNoticeMinutes =
    unit === "hours" ? hoursToMinutes(notice) : unit === "minutes" && /^\d{1,6}$/.test(notice) ? Number(notice) : Number.NaN;
  const { min: nMin, max: nMax } = SETTINGS_LIMITS.minimumNoticeMinutes;
  if (!(minimumNoticeMinutes >= nMin && minimumNoticeMinutes <= nMax) && !errors.minimumNoticeUnit) {
    errors.minimumNotice = NOTICE_MESSAGE;
  }
  const windowHours = raw(input.cancellationWindowHours);
  const cancellationWindowMinutes = /^\d{1,4}$/.test(windowHours) ? Number(windowHours) * 60 : Number.NaN;
  const { min: wMin, max: wMax } = SETTINGS_LIMITS.cancellationWindowMinutes;
  if (!(cancellationWindowMinutes >= wMin && cancellationWindowMinutes <= wMax)) errors.cancellationWindowHours = WINDOW_MESSAGE;
  if (!result.success || Object.keys(errors).length) throw new FieldError(errors);
  return {
    minimumNoticeMinutes,
    horizonDays: result.data.horizonDays,
    slotStepMinutes: result.data.slotStepMinutes,
    cancellationWindowMinutes,
    holdMinutes: result.data.holdMinutes,
  };
}

export interface SettingsInput {
  minimumNotice?: string | number;
  minimumNoticeUnit?: string;
  horizonDays?: string | number;
  slotStepMinutes?: string | number;
  cancellationWindowHours?: string | number;
  holdMinutes?: string | number;
}

export async function updateSettings(
  db: DbOrTx,
  o: AdminScope & { input: SettingsInput },
): Promise<{ changed: boolean; settings: ClinicSettingsValues }> {
  requireEdit(o, "change the clinic's settings");
  const next = parseSettings(o.input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(clinicSettings).where(eq(clinicSettings.organizationId, o.organizationId)).for("update");
    if (!row) throw new NotFoundError("The clinic's settings");
    const { organizationId: _o, updatedAt: _u, ...current } = row;
    const d = diff(current, next);
    if (!d.changed) return { changed: false, settings: current };
    await tx
      .update(clinicSettings)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(clinicSettings.organizationId, o.organizationId));
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "settings.update",
      entityType: "clinic_settings",
      entityId: o.organizationId,
      details: { before: d.before, after: d.after },
    });
    return { changed: true, settings: next };
  });
}
