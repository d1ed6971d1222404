// What an audit row is about, in words: "Service: Microneedling — face", an
// appointment as its service and time, a staff member's name, never
// "service 5ac9d3a8". The names are read for a whole page of rows at once,
// one query per kind of record on the page (never one per row). A record
// since removed is named by its kind alone. Clients (and their health
// records and appointments) are named by the search's own joins.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { staffInvitations } from "../auth/tables.ts";
import { consentForms } from "../consent/tables.ts";
import { contentDocuments, contentRevisions, mediaAssets } from "../content/tables.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers, practitioners, services } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import { clinicDevices, planGlides, planNumbingProducts, planProducts, supplyLots } from "../plans/tables.ts";
import { roleLabel } from "./labels.ts";

/** The kind of record an audit row is about, in words (the entity types writers use). */
const KIND_WORDS: Readonly<Record<string, string>> = {
  appointment: "Appointment",
  client: "Client",
  "health-record": "Health record",
  service: "Service",
  practitioner: "Practitioner",
  staff_member: "Staff member",
  staff_invitation: "Invitation",
  session: "Own sign-in sessions",
  "treatment-plan": "Treatment plan",
  "eligibility-reminder": "Eligibility reminder",
  "screening-rule": "Screening rule",
  content_document: "Page or article",
  content_settings: "Publishing settings",
  media_asset: "Image",
  consent_form: "Consent form",
  supply: "Supplies",
  "supply-lot": "Lot",
  device: "Device",
  plan_product: "Post-needling product",
  plan_glide: "Needling glide",
  plan_numbing_product: "Numbing cream",
  plan_numbing_limit: "Largest area numbed at once",
  plan_depth_limit: "Depth maximum",
  plan_aftercare_setting: "Aftercare waiting period",
  clinic_settings: "Clinic settings",
  "clinic-settings": "Clinic settings",
  reminder_settings: "Appointment reminders",
  checkin_settings: "Skin check-ins",
  "data-key": "Data encryption key",
};

/** An entity type in words; an unknown one made readable rather than shown as code. */
export function entityKind(entityType: string): string {
  return KIND_WORDS[entityType] ?? entityType.replace(/[-_]+/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** A record's name, and where staff can open it. */
export interface EntityName {
  name: string;
  href: string | null;
}

type Names = Map<string, EntityName>;

interface NameSource {
  table: PgTable;
  id: PgColumn;
  organizationId: PgColumn | null;
  name: SQL;
  /** A staff role to name beside it (an invitation's). */
  role?: PgColumn;
  /** Whether the id column is a uuid (other ids are compared as text). */
  uuid: boolean;
  href?: (id: string) => string;
}

const named = (column: PgColumn): SQL => sql`${column}`;

/** Where each kind's name is read from. The entity type of a supply row says which table by its action. */
const SOURCES: Readonly<Record<string, NameSource>> = {
  service: {
    table: services,
    id: services.id,
    organizationId: services.organizationId,
    name: named(services.name),
    uuid: true,
    href: (id) => `/staff/services/${id}`,
  },
  practitioner: {
    table: practitioners,
    id: practitioners.id,
    organizationId: practitioners.organizationId,
    name: named(practitioners.name),
    uuid: true,
    href: (id) => `/staff/practitioners/${id}`,
  },
  // A removed staff member keeps their account, so their name stays readable here.
  staff_member: { table: authUsers, id: authUsers.id, organizationId: null, name: named(authUsers.name), uuid: false },
  staff_invitation: {
    table: staffInvitations,
    id: staffInvitations.id,
    organizationId: staffInvitations.organizationId,
    name: named(staffInvitations.email),
    role: staffInvitations.role,
    uuid: true,
  },
  media_asset: {
    table: mediaAssets,
    id: mediaAssets.id,
    organizationId: mediaAssets.organizationId,
    name: named(mediaAssets.fileName),
    uuid: true,
    href: (id) => `/staff/media/${id}`,
  },
  content_document: {
    table: contentDocuments,
    id: contentDocuments.id,
    organizationId: contentDocuments.organizationId,
    name: sql`coalesce((SELECT ${contentRevisions.title} FROM ${contentRevisions} WHERE ${contentRevisions.id} = coalesce(${contentDocuments.workingRevisionId}, ${contentDocuments.publishedRevisionId})), ${contentDocuments.slug})`,
    uuid: true,
    href: (id) => `/staff/content/${id}`,
  },
  consent_form: {
    table: consentForms,
    id: consentForms.id,
    organizationId: consentForms.organizationId,
    name: sql`${consentForms.titleEn} || ', version ' || ${consentForms.version}`,
    uuid: true,
  },
  plan_product: {
    table: planProducts,
    id: planProducts.id,
    organizationId: planProducts.organizationId,
    name: named(planProducts.name),
    uuid: true,
  },
  plan_glide: { table: planGlides, id: planGlides.id, organizationId: planGlides.organizationId, name: named(planGlides.name), uuid: true },
  plan_numbing_product: {
    table: planNumbingProducts,
    id: planNumbingProducts.id,
    organizationId: planNumbingProducts.organizationId,
    name: named(planNumbingProducts.name),
    uuid: true,
  },
  "supply-lot": {
    table: supplyLots,
    id: supplyLots.id,
    organizationId: supplyLots.organizationId,
    name: sql`${supplyLots.name} || ', lot ' || ${supplyLots.lot}`,
    uuid: true,
  },
  device: {
    table: clinicDevices,
    id: clinicDevices.id,
    organizationId: clinicDevices.organizationId,
    name: sql`${clinicDevices.model} || ', serial ' || ${clinicDevices.serial}`,
    uuid: true,
  },
};

/** The source of a row's name: supplies are a lot or a device, as the action says. */
function sourceKey(entityType: string, action: string): string {
  if (entityType === "supply") return action.startsWith("supply.device") ? "device" : "supply-lot";
  return entityType;
}

/** The kind in words of a row, by the same reading as its name. */
export function rowKind(entityType: string, action: string): string {
  return entityKind(sourceKey(entityType, action));
}

async function namesFrom(db: DbOrTx, source: NameSource, organizationId: string, ids: string[]): Promise<Names> {
  const wanted = source.uuid ? ids.filter(isUuid) : ids;
  const names: Names = new Map();
  if (wanted.length === 0) return names;
  const rows = await db
    .select({
      id: sql<string>`${source.id}::text`,
      name: sql<string>`${source.name}`,
      role: source.role ? sql<string | null>`${source.role}` : sql<null>`NULL`,
    })
    .from(source.table)
    .where(and(source.organizationId ? eq(source.organizationId, organizationId) : undefined, inArray(source.id, wanted)));
  for (const r of rows) names.set(r.id, { name: r.role ? `${r.name} (${roleLabel(r.role)})` : r.name, href: source.href?.(r.id) ?? null });
  return names;
}

/**
 * The names of the records `rows` are about, keyed `${sourceKey}:${id}`: one
 * query per kind present. Kinds without a name source are left out.
 */
export async function nameEntities(
  db: DbOrTx,
  organizationId: string,
  rows: readonly { entityType: string; entityId: string | null; action: string }[],
): Promise<(row: { entityType: string; entityId: string | null; action: string }) => EntityName | null> {
  const wanted = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = sourceKey(r.entityType, r.action);
    if (!r.entityId || !SOURCES[key]) continue;
    const set = wanted.get(key) ?? new Set<string>();
    set.add(r.entityId);
    wanted.set(key, set);
  }
  const found = new Map<string, Names>();
  for (const [key, ids] of wanted) found.set(key, await namesFrom(db, SOURCES[key]!, organizationId, [...ids]));
  return (row) => (row.entityId ? (found.get(sourceKey(row.entityType, row.action))?.get(row.entityId) ?? null) : null);
}
