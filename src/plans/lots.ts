// The clinic's devices and the lots of what it uses on skin: needle
// cartridges, numbing products, needling glides and after-care products, each
// lot with the day it was received and its expiry. Charts name the device and
// lots a session used (record/chart.ts); an expired lot is refused there.
// Clinic data, not health information: the owner or a manager keeps the lists
// (plans.manage), everyone on staff reads them, and every change is audited.
import { and, asc, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { isPlausiblePlainDate } from "../kernel/dates.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { requirePermission } from "../kernel/access.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import type { StaffActor } from "../scheduling/admin/access.ts";
import { clinicDevices, planGlides, planNumbingProducts, planProducts, SUPPLY_KINDS, supplyLots, type SupplyKind } from "./tables.ts";

export const LOT_TEXT_MAX = 60;
export const SUPPLY_NAME_MAX = 120;
export const NEEDLE_COUNT_MAX = 100;

export const SUPPLY_KIND_LABELS: Record<SupplyKind, string> = {
  cartridge: "Needle cartridge",
  numbing: "Numbing product",
  glide: "Needling glide",
  product: "After-care product",
};

export interface DeviceView {
  id: string;
  model: string;
  serial: string;
  active: boolean;
}

export interface LotView {
  id: string;
  kind: SupplyKind;
  name: string;
  itemId: string | null;
  needleCount: number | null;
  lot: string;
  receivedOn: string;
  expiresOn: string;
  active: boolean;
}

/** The clinic's devices and lots, newest expiry last within each kind. */
export async function listSupplies(db: DbOrTx, organizationId: string): Promise<{ devices: DeviceView[]; lots: LotView[] }> {
  const devices = await db
    .select({ id: clinicDevices.id, model: clinicDevices.model, serial: clinicDevices.serial, active: clinicDevices.active })
    .from(clinicDevices)
    .where(eq(clinicDevices.organizationId, organizationId))
    .orderBy(asc(clinicDevices.model), asc(clinicDevices.serial));
  const lots = await db
    .select({
      id: supplyLots.id,
      kind: supplyLots.kind,
      name: supplyLots.name,
      itemId: supplyLots.itemId,
      needleCount: supplyLots.needleCount,
      lot: supplyLots.lot,
      receivedOn: supplyLots.receivedOn,
      expiresOn: supplyLots.expiresOn,
      active: supplyLots.active,
    })
    .from(supplyLots)
    .where(eq(supplyLots.organizationId, organizationId))
    .orderBy(asc(supplyLots.kind), asc(supplyLots.name), asc(supplyLots.expiresOn));
  return { devices, lots };
}

const line = (value: unknown) => String(value ?? "").trim();

function checkLine(errors: Record<string, string>, field: string, value: string, what: string, max: number): void {
  if (!isPlainLine(value)) errors[field] = LINE_CONTROL_MESSAGE;
  else if (value.length === 0) errors[field] = what;
  else if (value.length > max) errors[field] = `Use at most ${max} characters.`;
}

const audit = (
  tx: DbOrTx,
  staff: StaffActor,
  action: "supply.device-add" | "supply.device-retire" | "supply.lot-add" | "supply.lot-retire",
  entityId: string,
  details: Record<string, unknown>,
) =>
  recordAuditEvent(tx, { organizationId: staff.organizationId, actor: staffActor(staff), action, entityType: "supply", entityId, details });

/** Adds a device (model and serial number). */
export async function addDevice(
  db: DbOrTx,
  o: { staff: StaffActor; input: { model?: unknown; serial?: unknown } },
): Promise<{ id: string }> {
  requirePermission(o.staff, "plans.manage", "add a device");
  const model = line(o.input.model);
  const serial = line(o.input.serial);
  const errors: Record<string, string> = {};
  checkLine(errors, "model", model, "Name the device's make and model.", SUPPLY_NAME_MAX);
  checkLine(errors, "serial", serial, "Enter the serial number on the device.", LOT_TEXT_MAX);
  if (Object.keys(errors).length) throw new FieldError(errors);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: clinicDevices.id })
      .from(clinicDevices)
      .where(
        and(eq(clinicDevices.organizationId, o.staff.organizationId), eq(clinicDevices.model, model), eq(clinicDevices.serial, serial)),
      );
    if (taken) throw new FieldError({ serial: "This device is already on the list." });
    const [row] = await tx
      .insert(clinicDevices)
      .values({ organizationId: o.staff.organizationId, model, serial, createdByUserId: o.staff.userId })
      .returning({ id: clinicDevices.id });
    await audit(tx, o.staff, "supply.device-add", row!.id, { model, serial });
    return { id: row!.id };
  });
}

const LIST_OF: Record<Exclude<SupplyKind, "cartridge">, typeof planProducts | typeof planNumbingProducts | typeof planGlides> = {
  numbing: planNumbingProducts,
  glide: planGlides,
  product: planProducts,
};

/**
 * Adds a lot as received. A cartridge is named here with its needle count;
 * a numbing product, glide or after-care product is one of the clinic's list
 * entries (plan settings), so a chart can only name what the clinic approved.
 */
export async function addLot(
  db: DbOrTx,
  o: {
    staff: StaffActor;
    input: {
      kind?: unknown;
      name?: unknown;
      itemId?: unknown;
      needleCount?: unknown;
      lot?: unknown;
      receivedOn?: unknown;
      expiresOn?: unknown;
    };
  },
): Promise<{ id: string }> {
  requirePermission(o.staff, "plans.manage", "add a lot");
  const i = o.input;
  const errors: Record<string, string> = {};
  const kind = (SUPPLY_KINDS as readonly unknown[]).includes(i.kind) ? (i.kind as SupplyKind) : null;
  if (!kind) errors.kind = "Choose what this lot is of.";
  const lot = line(i.lot);
  checkLine(errors, "lot", lot, "Enter the lot number printed on the package.", LOT_TEXT_MAX);
  const receivedOn = line(i.receivedOn);
  const expiresOn = line(i.expiresOn);
  if (!isPlausiblePlainDate(receivedOn)) errors.receivedOn = "Enter the day it was received, like 2026-12-01.";
  if (!isPlausiblePlainDate(expiresOn)) errors.expiresOn = "Enter the expiry date printed on the package, like 2028-06-30.";
  else if (!errors.receivedOn && expiresOn < receivedOn)
    errors.expiresOn = "The expiry date is before the day it was received: check both.";
  let name = line(i.name);
  let needleCount: number | null = null;
  let itemId: string | null = null;
  if (kind === "cartridge") {
    checkLine(errors, "name", name, "Name the cartridge (make and type).", SUPPLY_NAME_MAX);
    const n = Number(line(i.needleCount));
    if (!Number.isInteger(n) || n < 1 || n > NEEDLE_COUNT_MAX)
      errors.needleCount = `Enter the number of needles, from 1 to ${NEEDLE_COUNT_MAX}.`;
    else needleCount = n;
  }
  return db.transaction(async (tx) => {
    if (kind && kind !== "cartridge") {
      const table = LIST_OF[kind];
      const id = line(i.itemId);
      const [item] = isUuid(id)
        ? await tx
            .select({ id: table.id, name: table.name })
            .from(table)
            .where(and(eq(table.id, id), eq(table.organizationId, o.staff.organizationId), eq(table.active, true)))
        : [];
      if (!item) errors.itemId = "Choose the product from the clinic's list (plan settings).";
      else {
        itemId = item.id;
        name = item.name;
      }
    }
    if (Object.keys(errors).length) throw new FieldError(errors);
    const [taken] = await tx
      .select({ id: supplyLots.id })
      .from(supplyLots)
      .where(
        and(
          eq(supplyLots.organizationId, o.staff.organizationId),
          eq(supplyLots.kind, kind!),
          eq(supplyLots.name, name),
          eq(supplyLots.lot, lot),
        ),
      );
    if (taken) throw new FieldError({ lot: "This lot is already on the list." });
    const [row] = await tx
      .insert(supplyLots)
      .values({
        organizationId: o.staff.organizationId,
        kind: kind!,
        name,
        itemId,
        needleCount,
        lot,
        receivedOn,
        expiresOn,
        createdByUserId: o.staff.userId,
      })
      .returning({ id: supplyLots.id });
    await audit(tx, o.staff, "supply.lot-add", row!.id, {
      kind,
      name,
      lot,
      receivedOn,
      expiresOn,
      ...(needleCount ? { needleCount } : {}),
    });
    return { id: row!.id };
  });
}

/** Takes a device or a lot out of use (used up, recalled, serviced): charts can no longer choose it; past charts keep it. */
export async function retireSupply(db: DbOrTx, o: { staff: StaffActor; what: "device" | "lot"; id: string }): Promise<void> {
  requirePermission(o.staff, "plans.manage", o.what === "device" ? "retire a device" : "retire a lot");
  if (!isUuid(o.id)) throw new NotFoundError(o.what === "device" ? "The device" : "The lot");
  await db.transaction(async (tx) => {
    const table = o.what === "device" ? clinicDevices : supplyLots;
    const [row] = await tx
      .update(table)
      .set({ active: false })
      .where(and(eq(table.id, o.id), eq(table.organizationId, o.staff.organizationId), eq(table.active, true)))
      .returning({ id: table.id });
    if (!row) throw new NotFoundError(o.what === "device" ? "The device" : "The lot");
    await audit(tx, o.staff, o.what === "device" ? "supply.device-retire" : "supply.lot-retire", row.id, {});
  });
}
