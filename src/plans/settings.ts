// The clinic's plan settings: which post-needling products may go on freshly
// needled skin (each with the reason it is allowed), and its depth maximum per
// zone, which replaces the default and never exceeds the absolute ceiling.
// The owner changes them (plans.manage); everyone on staff can read them.
// Every change is audited with before, after and the reason.
import { and, asc, eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { requirePermission } from "../auth/permissions.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import type { StaffActor } from "../scheduling/admin.ts";
import { isUuid } from "../scheduling/clinic.ts";
import { FieldError, NotFoundError } from "../scheduling/errors.ts";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN, PRODUCT_NAME_MAX, PRODUCT_REASON_MAX, PRODUCT_REASON_MIN } from "./limits.ts";
import { planDepthLimits, planProducts } from "./tables.ts";
import { ABSOLUTE_ZONE_MAXIMA, DEFAULT_ZONE_MAXIMA, isZoneId, zoneLabel } from "./zones.ts";
import { ZONE_IDS, type ApprovedProduct, type ZoneId } from "./types.ts";

export interface DepthLimitView {
  zone: ZoneId;
  label: string;
  defaultMm: number;
  ceilingMm: number;
  /** The clinic's own maximum, when it set one. */
  clinicMm: number | null;
  reason: string | null;
  updatedBy: string | null;
  updatedAt: number | null;
}

export interface PlanSettingsView {
  products: ApprovedProduct[];
  limits: DepthLimitView[];
}

export async function getPlanSettings(db: DbOrTx, o: { staff: StaffActor }): Promise<PlanSettingsView> {
  const organizationId = o.staff.organizationId;
  const products = await db
    .select({ id: planProducts.id, name: planProducts.name, reason: planProducts.reason, active: planProducts.active })
    .from(planProducts)
    .where(eq(planProducts.organizationId, organizationId))
    .orderBy(asc(planProducts.name));
  const rows = await db
    .select({ limit: planDepthLimits, by: authUsers.name })
    .from(planDepthLimits)
    .leftJoin(authUsers, eq(authUsers.id, planDepthLimits.updatedByUserId))
    .where(eq(planDepthLimits.organizationId, organizationId));
  const limits = ZONE_IDS.map((zone) => {
    const row = rows.find((r) => r.limit.zoneId === zone);
    return {
      zone,
      label: zoneLabel(zone),
      defaultMm: DEFAULT_ZONE_MAXIMA[zone],
      ceilingMm: ABSOLUTE_ZONE_MAXIMA[zone],
      clinicMm: row ? row.limit.maxHundredths / 100 : null,
      reason: row?.limit.reason ?? null,
      updatedBy: row ? (row.by ?? "A former staff member") : null,
      updatedAt: row?.limit.updatedAt.getTime() ?? null,
    };
  });
  return { products, limits };
}

function productInput(input: { name?: unknown; reason?: unknown }): { name: string; reason: string } {
  const name = String(input.name ?? "")
    .replace(/\s+/g, " ")
    .trim();
  const reason = String(input.reason ?? "")
    .replace(/\r\n/g, "\n")
    .trim();
  const errors: Record<string, string> = {};
  if (name.length < 2) errors.name = "Name the product.";
  else if (name.length > PRODUCT_NAME_MAX) errors.name = `Use at most ${PRODUCT_NAME_MAX} characters.`;
  if (reason.length < PRODUCT_REASON_MIN)
    errors.reason = `Say why it may go on freshly needled skin (sterile, single use, made for use with microneedling…), in at least ${PRODUCT_REASON_MIN} characters.`;
  else if (reason.length > PRODUCT_REASON_MAX) errors.reason = `Use at most ${PRODUCT_REASON_MAX} characters.`;
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  return { name, reason };
}

async function sameName(tx: DbOrTx, organizationId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: planProducts.id, name: planProducts.name })
    .from(planProducts)
    .where(eq(planProducts.organizationId, organizationId));
  return rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
}

export async function addProduct(
  db: DbOrTx,
  o: { staff: StaffActor; input: { name?: unknown; reason?: unknown }; now?: number },
): Promise<{ id: string }> {
  requirePermission(o.staff, "plans.manage", "change the clinic's product list");
  const input = productInput(o.input);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    if (await sameName(tx, organizationId, input.name)) throw new FieldError({ name: "A product with this name is already on the list." });
    const [row] = await tx
      .insert(planProducts)
      .values({ organizationId, ...input, createdAt: new Date(o.now ?? Date.now()), updatedAt: new Date(o.now ?? Date.now()) })
      .returning({ id: planProducts.id });
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "plan-product.add",
      entityType: "plan_product",
      entityId: row!.id,
      details: { after: { ...input, active: true } },
    });
    return { id: row!.id };
  });
}

export async function updateProduct(
  db: DbOrTx,
  o: { staff: StaffActor; id: string; input: { name?: unknown; reason?: unknown; active: boolean }; now?: number },
): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "plans.manage", "change the clinic's product list");
  const input = { ...productInput(o.input), active: o.input.active };
  const organizationId = o.staff.organizationId;
  if (!isUuid(o.id)) throw new NotFoundError("The product");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(planProducts)
      .where(and(eq(planProducts.id, o.id), eq(planProducts.organizationId, organizationId)))
      .for("update");
    if (!row) throw new NotFoundError("The product");
    const before = { name: row.name, reason: row.reason, active: row.active };
    if (before.name === input.name && before.reason === input.reason && before.active === input.active) return { changed: false };
    if (await sameName(tx, organizationId, input.name, o.id))
      throw new FieldError({ name: "A product with this name is already on the list." });
    await tx
      .update(planProducts)
      .set({ ...input, updatedAt: new Date(o.now ?? Date.now()) })
      .where(eq(planProducts.id, o.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "plan-product.change",
      entityType: "plan_product",
      entityId: o.id,
      details: { before, after: input },
    });
    return { changed: true };
  });
}

/** Parses "0.3", "0,3" or "0.25 mm" into hundredths of a millimetre; null when it is not a depth. */
export function parseDepthHundredths(input: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d{1,2}))?\s*(?:mm)?\s*$/i.exec(input);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}

/**
 * Sets (or, with an empty maximum, removes) the clinic's depth maximum for a
 * zone. It may be set anywhere from 0.05 mm up to the zone's absolute ceiling
 * — above the default too, for a clinic whose practitioners are qualified for
 * it — and always with a reason.
 */
export async function setDepthLimit(
  db: DbOrTx,
  o: { staff: StaffActor; zone: string; maxMm: string; reason: string; now?: number },
): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "plans.manage", "change the clinic's depth limits");
  if (!isZoneId(o.zone)) throw new NotFoundError("The zone");
  const zone = o.zone;
  const reason = o.reason.replace(/\r\n/g, "\n").trim();
  const clearing = o.maxMm.trim() === "";
  const hundredths = clearing ? null : parseDepthHundredths(o.maxMm);
  const ceiling = Math.round(ABSOLUTE_ZONE_MAXIMA[zone] * 100);
  const errors: Record<string, string> = {};
  if (!clearing) {
    if (hundredths === null || hundredths % 5 !== 0) errors.maxMm = "Give the depth in millimetres in steps of 0.05, for example 0.3.";
    else if (hundredths < 5) errors.maxMm = "The maximum must be at least 0.05 mm.";
    else if (hundredths > ceiling)
      errors.maxMm = `${zoneLabel(zone)}: no clinic may go deeper than ${(ceiling / 100).toFixed(2)} mm (rule depth.absolute-ceiling).`;
  }
  if (reason.length < LIMIT_REASON_MIN) errors.reason = `Say why, in at least ${LIMIT_REASON_MIN} characters.`;
  else if (reason.length > LIMIT_REASON_MAX) errors.reason = `Use at most ${LIMIT_REASON_MAX} characters.`;
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(planDepthLimits)
      .where(and(eq(planDepthLimits.organizationId, organizationId), eq(planDepthLimits.zoneId, zone)))
      .for("update");
    const before = row ? row.maxHundredths / 100 : null;
    const after = hundredths === null ? null : hundredths / 100;
    if (before === after) return { changed: false };
    if (hundredths === null) {
      await tx.delete(planDepthLimits).where(and(eq(planDepthLimits.organizationId, organizationId), eq(planDepthLimits.zoneId, zone)));
    } else if (row) {
      await tx
        .update(planDepthLimits)
        .set({ maxHundredths: hundredths, reason, updatedByUserId: o.staff.userId, updatedAt: new Date(o.now ?? Date.now()) })
        .where(and(eq(planDepthLimits.organizationId, organizationId), eq(planDepthLimits.zoneId, zone)));
    } else {
      await tx.insert(planDepthLimits).values({
        organizationId,
        zoneId: zone,
        maxHundredths: hundredths,
        reason,
        updatedByUserId: o.staff.userId,
        updatedAt: new Date(o.now ?? Date.now()),
      });
    }
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "plan-depth-limit.change",
      entityType: "plan_depth_limit",
      entityId: zone,
      details: { before: { maxMm: before ?? DEFAULT_ZONE_MAXIMA[zone] }, after: { maxMm: after ?? DEFAULT_ZONE_MAXIMA[zone] }, reason },
    });
    return { changed: true };
  });
}
