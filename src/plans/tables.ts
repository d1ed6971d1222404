// The clinic's plan settings (migration 0006_plans.sql): its post-needling
// product list and its depth maxima per zone. Clinic data, not health
// information; every change is audited.
import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { AftercareSettings } from "./aftercare.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const planProducts = pgTable(
  "plan_products",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    name: text("name").notNull(),
    reason: text("reason").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const planDepthLimits = pgTable(
  "plan_depth_limits",
  {
    organizationId: uuid("organization_id").notNull(),
    zoneId: text("zone_id").notNull(),
    maxHundredths: integer("max_hundredths").notNull(),
    reason: text("reason").notNull(),
    updatedByUserId: text("updated_by_user_id").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.zoneId] })],
);

// Migration 0013_numbing_and_glides.sql: the numbing products and needling
// glides a plan may name, and the clinic's largest area numbed at once.
export const planNumbingProducts = pgTable(
  "plan_numbing_products",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    name: text("name").notNull(),
    agent: text("agent").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const planGlides = pgTable(
  "plan_glides",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    name: text("name").notNull(),
    sterile: boolean("sterile").notNull(),
    singleUse: boolean("single_use").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const planNumbingLimits = pgTable("plan_numbing_limits", {
  organizationId: uuid("organization_id").primaryKey(),
  maxAreaCm2: integer("max_area_cm2").notNull(),
  reason: text("reason").notNull(),
  updatedByUserId: text("updated_by_user_id").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

// Migration 0016_session_charts.sql: the clinic's devices and the lots of what
// it uses on skin (cartridges, numbing products, glides, after-care products).
export const SUPPLY_KINDS = ["cartridge", "numbing", "glide", "product"] as const;
export type SupplyKind = (typeof SUPPLY_KINDS)[number];

export const clinicDevices = pgTable(
  "clinic_devices",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    model: text("model").notNull(),
    serial: text("serial").notNull(),
    active: boolean("active").notNull().default(true),
    createdByUserId: text("created_by_user_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const supplyLots = pgTable(
  "supply_lots",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    kind: text("kind").$type<SupplyKind>().notNull(),
    name: text("name").notNull(),
    itemId: uuid("item_id"),
    needleCount: integer("needle_count"),
    lot: text("lot").notNull(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    expiresOn: date("expires_on", { mode: "string" }).notNull(),
    active: boolean("active").notNull().default(true),
    createdByUserId: text("created_by_user_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

// Migration 0021_aftercare_settings.sql: the clinic's aftercare waiting
// periods, one row per value changed from the default (src/plans/aftercare-settings.ts).
export const planAftercareSettings = pgTable(
  "plan_aftercare_settings",
  {
    organizationId: uuid("organization_id").notNull(),
    key: text("key").notNull(),
    value: integer("value").notNull(),
    reason: text("reason").notNull(),
    updatedByUserId: text("updated_by_user_id").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] })],
);

// Migration 0024_aftercare_snapshots.sql: the aftercare periods in force when
// a session's chart was signed, so its aftercare page keeps its dates.
export const aftercareSnapshots = pgTable(
  "aftercare_snapshots",
  {
    appointmentId: uuid("appointment_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    settings: jsonb("settings").$type<AftercareSettings>().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.appointmentId] })],
);
