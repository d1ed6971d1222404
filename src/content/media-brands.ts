// The clinic's brand allow-list for the watermark check: its own names, which
// are never a watermark. Clinic data, changed by content.publish and audited.
import { eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers, organizations } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import type { StaffActor } from "../kernel/access.ts";
import { contentSettings } from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

export const BRAND_ENTRY_MAX = 80;
export const BRAND_LIST_MAX = 30;

export async function getBrandAllowList(db: DbOrTx, organizationId: string): Promise<string[]> {
  const [row] = await db.select().from(contentSettings).where(eq(contentSettings.organizationId, organizationId));
  if (row) return row.brandAllowList;
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  return [...new Set([org?.name ?? "", "Dermaplan"].filter(Boolean))];
}

export interface BrandAllowListView {
  entries: string[];
  updatedBy: string | null;
  updatedAt: number | null;
}

export async function viewBrandAllowList(db: DbOrTx, organizationId: string): Promise<BrandAllowListView> {
  const [row] = await db
    .select({ s: contentSettings, by: authUsers.name })
    .from(contentSettings)
    .leftJoin(authUsers, eq(authUsers.id, contentSettings.updatedByUserId))
    .where(eq(contentSettings.organizationId, organizationId));
  if (!row) return { entries: await getBrandAllowList(db, organizationId), updatedBy: null, updatedAt: null };
  return { entries: row.s.brandAllowList, updatedBy: row.by ?? "A former staff member", updatedAt: row.s.updatedAt.getTime() };
}

/** One name per line; blank lines and repeats dropped. */
export function parseBrandAllowList(text: string): string[] {
  const entries = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const unique = [...new Map(entries.map((e) => [e.toLowerCase(), e])).values()];
  const errors: Record<string, string> = {};
  const long = unique.find((e) => e.length > BRAND_ENTRY_MAX);
  if (long) errors.brands = `Keep each name under ${BRAND_ENTRY_MAX} characters (“${long.slice(0, 30)}…” is longer).`;
  else if (unique.length > BRAND_LIST_MAX) errors.brands = `List at most ${BRAND_LIST_MAX} names.`;
  else if (unique.some((e) => e.length < 2)) errors.brands = "Each name needs at least two characters.";
  if (Object.keys(errors).length) throw new FieldError(errors);
  return unique;
}

export async function setBrandAllowList(
  db: DbOrTx,
  o: { staff: StaffActor; text: string; now?: number },
): Promise<{ changed: boolean; entries: string[] }> {
  requirePermission(o.staff, "content.publish", "change the clinic's brand names for the watermark check");
  const entries = parseBrandAllowList(o.text);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const before = await getBrandAllowList(tx, organizationId);
    if (before.length === entries.length && before.every((e, i) => e === entries[i])) return { changed: false, entries };
    const at = new Date(o.now ?? Date.now());
    await tx
      .insert(contentSettings)
      .values({ organizationId, brandAllowList: entries, updatedByUserId: o.staff.userId, updatedAt: at })
      .onConflictDoUpdate({
        target: contentSettings.organizationId,
        set: { brandAllowList: entries, updatedByUserId: o.staff.userId, updatedAt: at },
      });
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content-settings.update",
      entityType: "content_settings",
      entityId: organizationId,
      details: { change: "brand-allow-list", count: entries.length },
    });
    return { changed: true, entries };
  });
}
