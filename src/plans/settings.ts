// The clinic's plan settings: which post-needling products may go on freshly
// needled skin (each with the reason it is allowed), and its depth maximum per
// zone, which replaces the default and never exceeds the absolute ceiling.
// The owner changes them (plans.manage); everyone on staff can read them.
// Every change is audited with before, after and the reason.
import { and, asc, eq } from "drizzle-orm";
import type { AuditAction } from "../audit/actions.ts";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import type { StaffActor } from "../scheduling/admin/access.ts";
import { isUuid } from "../kernel/ids.ts";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN, PRODUCT_NAME_MAX, PRODUCT_REASON_MAX, PRODUCT_REASON_MIN } from "./limits.ts";
import { planDepthLimits, planGlides, planNumbingLimits, planNumbingProducts, planProducts } from "./tables.ts";
import { DEFAULT_NUMBING_MAX_AREA_CM2, NUMBING_MAX_AREA_MAX_CM2, NUMBING_MAX_AREA_MIN_CM2, ZONE_AREA_CM2 } from "./numbing.ts";
import { ABSOLUTE_ZONE_MAXIMA, DEFAULT_ZONE_MAXIMA, effectiveZoneMaxima, isZoneId, zoneLabel, ZONES } from "./zones.ts";
import { ZONE_IDS, type ApprovedProduct, type NeedlingGlide, type NumbingProduct, type ZoneId } from "./types.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { requirePermission } from "../kernel/access.ts";

export interface DepthLimitView {
  zone: ZoneId;
  label: string;
  defaultMm: number;
  ceilingMm: number;
  /** The clinic's own maximum, when it set one. */
  clinicMm: number | null;
  /** The maximum plans are held to: the clinic's setting held under the ceiling, or the default. */
  inForceMm: number;
  /**
   * The clinic's saved maximum is deeper than the ceiling (saved before the
   * ceilings were set from measured skin, decision 0020): plans are held to the
   * ceiling and the page asks the owner to set it again.
   */
  aboveCeiling: boolean;
  /** What the ceiling rests on, with its sources and strength. */
  ceilingNote: string;
  reason: string | null;
  updatedBy: string | null;
  updatedAt: number | null;
}

export interface PlanSettingsView {
  products: ApprovedProduct[];
  limits: DepthLimitView[];
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  numbingMaximum: NumbingMaximumView;
}

export interface NumbingMaximumView {
  defaultCm2: number;
  /** The clinic's own maximum, when it set one. */
  clinicCm2: number | null;
  reason: string | null;
  updatedBy: string | null;
  updatedAt: number | null;
  /** The estimated area per zone the maximum is compared with (clinic default, adults). */
  zoneAreas: { zone: ZoneId; label: string; cm2: number }[];
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
  const inForce = effectiveZoneMaxima(
    Object.fromEntries(rows.filter((r) => isZoneId(r.limit.zoneId)).map((r) => [r.limit.zoneId, r.limit.maxHundredths / 100])),
  );
  const limits = ZONE_IDS.map((zone) => {
    const row = rows.find((r) => r.limit.zoneId === zone);
    return {
      zone,
      label: zoneLabel(zone),
      defaultMm: DEFAULT_ZONE_MAXIMA[zone],
      ceilingMm: ABSOLUTE_ZONE_MAXIMA[zone],
      clinicMm: row ? row.limit.maxHundredths / 100 : null,
      inForceMm: inForce[zone].maxMm,
      aboveCeiling: inForce[zone].clampedFromMm !== undefined,
      ceilingNote: ZONES[zone].ceiling.note,
      reason: row?.limit.reason ?? null,
      updatedBy: row ? (row.by ?? "A former staff member") : null,
      updatedAt: row?.limit.updatedAt.getTime() ?? null,
    };
  });
  return { products, limits, ...(await numbingAndGlideSettings(db, organizationId)) };
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

// ---------------------------------------------------------------------------
// The clinic's lists (post-needling products, numbing creams, needling glides)
// are kept the same way: the owner adds and changes entries (plans.manage), no
// two entries share a name, and each change is audited with before and after.

type ListTable = typeof planProducts | typeof planNumbingProducts | typeof planGlides;

interface ClinicList<In, I extends { name: string }> {
  table: ListTable;
  /** What the staff member tried to do, for the permission message. */
  doing: string;
  /** Normalises and checks one entry's fields (throws FieldError); its keys, in order, are what the audit records. */
  parse: (input: In) => I;
  addAction: AuditAction;
  changeAction: AuditAction;
  entityType: string;
}

const NAME_TAKEN = "A product with this name is already on the list.";

async function nameTaken(tx: DbOrTx, table: ListTable, organizationId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await tx.select({ id: table.id, name: table.name }).from(table).where(eq(table.organizationId, organizationId));
  return rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
}

/** The add function of a clinic list. */
const addToList =
  <In, I extends { name: string }>(list: ClinicList<In, I>) =>
  async (db: DbOrTx, o: { staff: StaffActor; input: In; now?: number }): Promise<{ id: string }> => {
    requirePermission(o.staff, "plans.manage", list.doing);
    const input = list.parse(o.input);
    const organizationId = o.staff.organizationId;
    const at = new Date(o.now ?? Date.now());
    const table = list.table;
    return db.transaction(async (tx) => {
      if (await nameTaken(tx, table, organizationId, input.name)) throw new FieldError({ name: NAME_TAKEN });
      // The three tables share id, organization, name, active and timestamps; parse gives the rest of the columns.
      const [row] = await tx
        .insert(table)
        .values({ organizationId, ...input, createdAt: at, updatedAt: at } as unknown as typeof planProducts.$inferInsert)
        .returning({ id: table.id });
      await recordAuditEvent(tx, {
        organizationId,
        actor: staffActor(o.staff),
        action: list.addAction,
        entityType: list.entityType,
        entityId: row!.id,
        details: { after: { ...input, active: true } },
      });
      return { id: row!.id };
    });
  };

/** The change function of a clinic list: its fields and whether it is still offered. */
const changeInList =
  <In, I extends { name: string }>(list: ClinicList<In, I>) =>
  async (
    db: DbOrTx,
    o: { staff: StaffActor; id: string; input: In & { active: boolean }; now?: number },
  ): Promise<{ changed: boolean }> => {
    requirePermission(o.staff, "plans.manage", list.doing);
    const input: I & { active: boolean } = { ...list.parse(o.input), active: o.input.active };
    const organizationId = o.staff.organizationId;
    if (!isUuid(o.id)) throw new NotFoundError("The product");
    const table = list.table;
    return db.transaction(async (tx) => {
      const [row] = (await tx
        .select()
        .from(table)
        .where(and(eq(table.id, o.id), eq(table.organizationId, organizationId)))
        .for("update")) as Record<string, unknown>[];
      if (!row) throw new NotFoundError("The product");
      const keys = Object.keys(input) as (keyof typeof input & string)[];
      const before = Object.fromEntries(keys.map((k) => [k, row[k]]));
      if (keys.every((k) => before[k] === input[k])) return { changed: false };
      if (await nameTaken(tx, table, organizationId, input.name, o.id)) throw new FieldError({ name: NAME_TAKEN });
      await tx
        .update(table)
        .set({ ...input, updatedAt: new Date(o.now ?? Date.now()) } as Partial<typeof planProducts.$inferInsert>)
        .where(eq(table.id, o.id));
      await recordAuditEvent(tx, {
        organizationId,
        actor: staffActor(o.staff),
        action: list.changeAction,
        entityType: list.entityType,
        entityId: o.id,
        details: { before, after: input },
      });
      return { changed: true };
    });
  };

const PRODUCT_LIST: ClinicList<{ name?: unknown; reason?: unknown }, { name: string; reason: string }> = {
  table: planProducts,
  doing: "change the clinic's product list",
  parse: productInput,
  addAction: "plan-product.add",
  changeAction: "plan-product.change",
  entityType: "plan_product",
};

export const addProduct = addToList(PRODUCT_LIST);
export const updateProduct = changeInList(PRODUCT_LIST);

/**
 * A clinic setting change's reason, as stored: line ends made plain, trimmed,
 * and from LIMIT_REASON_MIN to LIMIT_REASON_MAX characters. Its error joins
 * the value's `errors`, and all are refused together.
 */
export function checkedSettingReason(input: string, errors: Record<string, string>): string {
  const reason = input.replace(/\r\n/g, "\n").trim();
  if (reason.length < LIMIT_REASON_MIN) errors.reason = `Say why, in at least ${LIMIT_REASON_MIN} characters.`;
  else if (reason.length > LIMIT_REASON_MAX) errors.reason = `Use at most ${LIMIT_REASON_MAX} characters.`;
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  return reason;
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
  const reason = checkedSettingReason(o.reason, errors);
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
      actor: staffActor(o.staff),
      action: "plan-depth-limit.change",
      entityType: "plan_depth_limit",
      entityId: zone,
      details: { before: { maxMm: before ?? DEFAULT_ZONE_MAXIMA[zone] }, after: { maxMm: after ?? DEFAULT_ZONE_MAXIMA[zone] }, reason },
    });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------
// Numbing products, needling glides and the largest area numbed at once
// (migration 0013). Same rules as the product list: the owner changes them
// (plans.manage), each change audited with before and after.

const NUMBING_NAME_MAX = 120;
const NUMBING_AGENT_MAX = 200;

async function numbingAndGlideSettings(
  db: DbOrTx,
  organizationId: string,
): Promise<Pick<PlanSettingsView, "numbingProducts" | "glides" | "numbingMaximum">> {
  const numbingProducts = await db
    .select({
      id: planNumbingProducts.id,
      name: planNumbingProducts.name,
      agent: planNumbingProducts.agent,
      active: planNumbingProducts.active,
    })
    .from(planNumbingProducts)
    .where(eq(planNumbingProducts.organizationId, organizationId))
    .orderBy(asc(planNumbingProducts.name));
  const glides = await db
    .select({
      id: planGlides.id,
      name: planGlides.name,
      sterile: planGlides.sterile,
      singleUse: planGlides.singleUse,
      active: planGlides.active,
    })
    .from(planGlides)
    .where(eq(planGlides.organizationId, organizationId))
    .orderBy(asc(planGlides.name));
  const [row] = await db
    .select({ limit: planNumbingLimits, by: authUsers.name })
    .from(planNumbingLimits)
    .leftJoin(authUsers, eq(authUsers.id, planNumbingLimits.updatedByUserId))
    .where(eq(planNumbingLimits.organizationId, organizationId));
  return {
    numbingProducts,
    glides,
    numbingMaximum: {
      defaultCm2: DEFAULT_NUMBING_MAX_AREA_CM2,
      clinicCm2: row?.limit.maxAreaCm2 ?? null,
      reason: row?.limit.reason ?? null,
      updatedBy: row ? (row.by ?? "A former staff member") : null,
      updatedAt: row?.limit.updatedAt.getTime() ?? null,
      zoneAreas: ZONE_IDS.map((zone) => ({ zone, label: zoneLabel(zone), cm2: ZONE_AREA_CM2[zone] })),
    },
  };
}

/** The validator's view of the numbing and glide settings (no audit, no permission: clinic data every plan reads). */
export async function numbingAndGlideContext(
  db: DbOrTx,
  organizationId: string,
): Promise<{ numbingProducts: NumbingProduct[]; glides: NeedlingGlide[]; numbingMaxAreaCm2: number }> {
  const s = await numbingAndGlideSettings(db, organizationId);
  return {
    numbingProducts: s.numbingProducts,
    glides: s.glides,
    numbingMaxAreaCm2: s.numbingMaximum.clinicCm2 ?? s.numbingMaximum.defaultCm2,
  };
}

const oneLine = (v: unknown) =>
  String(v ?? "")
    .replace(/\s+/g, " ")
    .trim();

function nameError(name: string): string | null {
  if (name.length < 2) return "Name the product.";
  if (name.length > NUMBING_NAME_MAX) return `Use at most ${NUMBING_NAME_MAX} characters.`;
  return null;
}

function numbingInput(input: { name?: unknown; agent?: unknown }): { name: string; agent: string } {
  const name = oneLine(input.name);
  const agent = oneLine(input.agent);
  const errors: Record<string, string> = {};
  const n = nameError(name);
  if (n) errors.name = n;
  if (agent.length < 2 || !/\d/.test(agent))
    errors.agent = "Give the agent and its strength as on the label, e.g. lidocaine 4 % or lidocaine 2.5 % + prilocaine 2.5 %.";
  else if (agent.length > NUMBING_AGENT_MAX) errors.agent = `Use at most ${NUMBING_AGENT_MAX} characters.`;
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  return { name, agent };
}

const NUMBING_LIST: ClinicList<{ name?: unknown; agent?: unknown }, { name: string; agent: string }> = {
  table: planNumbingProducts,
  doing: "change the clinic's numbing products",
  parse: numbingInput,
  addAction: "plan-numbing-product.add",
  changeAction: "plan-numbing-product.change",
  entityType: "plan_numbing_product",
};

export const addNumbingProduct = addToList(NUMBING_LIST);
export const updateNumbingProduct = changeInList(NUMBING_LIST);

function glideInput(input: { name?: unknown; sterile?: unknown; singleUse?: unknown }): {
  name: string;
  sterile: boolean;
  singleUse: boolean;
} {
  const name = oneLine(input.name);
  const n = nameError(name);
  if (n) throw new FieldError({ name: n });
  return { name, sterile: input.sterile === true, singleUse: input.singleUse === true };
}

const GLIDE_LIST: ClinicList<
  { name?: unknown; sterile?: unknown; singleUse?: unknown },
  { name: string; sterile: boolean; singleUse: boolean }
> = {
  table: planGlides,
  doing: "change the clinic's needling glides",
  parse: glideInput,
  addAction: "plan-glide.add",
  changeAction: "plan-glide.change",
  entityType: "plan_glide",
};

/**
 * Adds a needling glide. One not marked sterile and single-use may be listed
 * (the clinic keeps a record of what it has), but no plan may choose it
 * (rule glide.not-sterile).
 */
export const addGlide = addToList(GLIDE_LIST);
export const updateGlide = changeInList(GLIDE_LIST);

/**
 * Sets (or, with an empty value, removes) the clinic's largest area numbed in
 * one application, in whole cm², always with a reason. Plans above it need a
 * stated reason (rule numbing.area-over-maximum).
 */
export async function setNumbingMaximum(
  db: DbOrTx,
  o: { staff: StaffActor; maxCm2: string; reason: string; now?: number },
): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "plans.manage", "change the clinic's numbing maximum");
  const text = o.maxCm2.replace(/\s*cm(²|2)?\s*$/i, "").trim();
  const clearing = text === "";
  const value = clearing ? null : /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  const errors: Record<string, string> = {};
  if (value !== null && !(value >= NUMBING_MAX_AREA_MIN_CM2 && value <= NUMBING_MAX_AREA_MAX_CM2))
    errors.maxCm2 = `Give a whole number of cm² from ${NUMBING_MAX_AREA_MIN_CM2} to ${NUMBING_MAX_AREA_MAX_CM2}.`;
  const reason = checkedSettingReason(o.reason, errors);
  const organizationId = o.staff.organizationId;
  const at = new Date(o.now ?? Date.now());
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(planNumbingLimits).where(eq(planNumbingLimits.organizationId, organizationId)).for("update");
    const before = row?.maxAreaCm2 ?? null;
    if (before === value) return { changed: false };
    if (value === null) await tx.delete(planNumbingLimits).where(eq(planNumbingLimits.organizationId, organizationId));
    else if (row)
      await tx
        .update(planNumbingLimits)
        .set({ maxAreaCm2: value, reason, updatedByUserId: o.staff.userId, updatedAt: at })
        .where(eq(planNumbingLimits.organizationId, organizationId));
    else
      await tx
        .insert(planNumbingLimits)
        .values({ organizationId, maxAreaCm2: value, reason, updatedByUserId: o.staff.userId, updatedAt: at });
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "plan-numbing-maximum.change",
      entityType: "plan_numbing_limit",
      entityId: organizationId,
      details: {
        before: { maxAreaCm2: before ?? DEFAULT_NUMBING_MAX_AREA_CM2 },
        after: { maxAreaCm2: value ?? DEFAULT_NUMBING_MAX_AREA_CM2 },
        reason,
      },
    });
    return { changed: true };
  });
}
