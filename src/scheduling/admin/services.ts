// Services as staff see and edit them: the list, one service with who offers
// it, and creating or changing one (its web address name stays unique).
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { practitionerServices, practitioners, services } from "../../db/schema.ts";
import { FieldError } from "../../kernel/errors.ts";
import { constraintViolation, UNIQUE_VIOLATION } from "../errors.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { diff } from "./audit.ts";
import { parse } from "./form-fields.ts";
import { findService, ownPractitioners, type ServiceRow } from "./lookups.ts";
import { ServiceSchema, type ServiceInput } from "./service-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

export interface ServiceSummary extends ServiceRow {
  practitionerNames: string[];
}

export async function listServicesForStaff(db: DbOrTx, scope: AdminScope): Promise<ServiceSummary[]> {
  requireView(scope);
  const org = scope.organizationId;
  const rows = await db
    .select()
    .from(services)
    .where(eq(services.organizationId, org))
    .orderBy(asc(services.sortOrder), asc(services.name));
  const offered = await db
    .select({ serviceId: practitionerServices.serviceId, name: practitioners.name })
    .from(practitionerServices)
    .innerJoin(practitioners, and(eq(practitioners.id, practitionerServices.practitionerId), eq(practitioners.organizationId, org)))
    .where(eq(practitionerServices.organizationId, org))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  return rows.map((s) => ({ ...s, practitionerNames: offered.filter((o) => o.serviceId === s.id).map((o) => o.name) }));
}

export interface ServiceDetail {
  service: ServiceRow;
  practitionerIds: string[];
  practitioners: { id: string; name: string; active: boolean }[];
}

export async function getServiceDetail(db: DbOrTx, o: AdminScope & { serviceId: string }): Promise<ServiceDetail> {
  requireView(o);
  const service = await findService(db, o.organizationId, o.serviceId);
  const offered = await db
    .select({ practitionerId: practitionerServices.practitionerId })
    .from(practitionerServices)
    .where(and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, service.id)));
  return { service, practitionerIds: offered.map((r) => r.practitionerId), practitioners: await practitionerChoices(db, o) };
}

/** Every practitioner of the organization, for the "who offers it" checkboxes. */
export async function practitionerChoices(db: DbOrTx, scope: AdminScope): Promise<{ id: string; name: string; active: boolean }[]> {
  requireView(scope);
  return db
    .select({ id: practitioners.id, name: practitioners.name, active: practitioners.active })
    .from(practitioners)
    .where(eq(practitioners.organizationId, scope.organizationId))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
}

const SLUG_TAKEN = "Another service already uses this web address name. Choose a different one.";

async function assertSlugFree(tx: DbOrTx, organizationId: string, slug: string, exceptId: string | null): Promise<void> {
  const [clash] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.slug, slug), exceptId ? ne(services.id, exceptId) : undefined))
    .limit(1);
  if (clash) throw new FieldError({ slug: SLUG_TAKEN });
}

/** A unique-slug race lost to another editor reads as the same field error. */
function slugRace(error: unknown): never {
  const v = constraintViolation(error);
  if (v?.code === UNIQUE_VIOLATION) throw new FieldError({ slug: SLUG_TAKEN });
  throw error;
}

function serviceAuditValues(s: Omit<ServiceRow, "id" | "organizationId">, practitionerIds: string[]) {
  return {
    name: s.name,
    slug: s.slug,
    kind: s.kind,
    description: s.description,
    nameFr: s.nameFr,
    descriptionFr: s.descriptionFr,
    durationMinutes: s.durationMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    priceCents: s.priceCents,
    currency: s.currency,
    requiresRoom: s.requiresRoom,
    requiresEligibility: s.requiresEligibility,
    active: s.active,
    sortOrder: s.sortOrder,
    practitionerIds: [...practitionerIds].sort(),
  };
}

export async function createService(db: DbOrTx, o: AdminScope & { input: ServiceInput }): Promise<{ id: string; slug: string }> {
  requireEdit(o, "add services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      await assertSlugFree(tx, o.organizationId, input.slug, null);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const { practitionerIds: _p, price, nameFr, descriptionFr, ...rest } = input;
      const fields = { ...rest, nameFr: nameFr ?? "", descriptionFr: descriptionFr ?? "" };
      if (o.input.sortOrder === undefined || String(o.input.sortOrder).trim() === "") {
        // Unordered new services go last rather than first.
        const [max] = await tx
          .select({ max: sql<number | null>`max(${services.sortOrder})` })
          .from(services)
          .where(eq(services.organizationId, o.organizationId));
        fields.sortOrder = Number(max?.max ?? 0) + 1;
      }
      const [row] = await tx
        .insert(services)
        .values({ ...fields, priceCents: price, organizationId: o.organizationId })
        .returning();
      if (chosen.length) {
        await tx
          .insert(practitionerServices)
          .values(chosen.map((p) => ({ organizationId: o.organizationId, practitionerId: p.id, serviceId: row!.id })));
      }
      await recordAuditEvent(tx, {
        organizationId: o.organizationId,
        actor: staffActor(o.staff),
        action: "service.create",
        entityType: "service",
        entityId: row!.id,
        details: {
          after: serviceAuditValues(
            row!,
            chosen.map((p) => p.id),
          ),
        },
      });
      return { id: row!.id, slug: row!.slug };
    });
  } catch (error) {
    return slugRace(error);
  }
}

export async function updateService(db: DbOrTx, o: AdminScope & { serviceId: string; input: ServiceInput }): Promise<{ changed: boolean }> {
  requireEdit(o, "change services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      const before = await findService(tx, o.organizationId, o.serviceId, true);
      await assertSlugFree(tx, o.organizationId, input.slug, before.id);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const linkWhere = and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, before.id));
      const currentLinks = await tx
        .select({ practitionerId: practitionerServices.practitionerId })
        .from(practitionerServices)
        .where(linkWhere);
      const { practitionerIds: _p, price, nameFr, descriptionFr, ...rest } = input;
      const fields = { ...rest, nameFr: nameFr ?? before.nameFr, descriptionFr: descriptionFr ?? before.descriptionFr };
      const next = { ...before, ...fields, priceCents: price };
      const d = diff(
        serviceAuditValues(
          before,
          currentLinks.map((l) => l.practitionerId),
        ),
        serviceAuditValues(
          next,
          chosen.map((p) => p.id),
        ),
      );
      if (!d.changed) return { changed: false };
      await tx
        .update(services)
        .set({ ...fields, priceCents: price })
        .where(and(eq(services.organizationId, o.organizationId), eq(services.id, before.id)));
      if ("practitionerIds" in d.after) {
        await tx.delete(practitionerServices).where(linkWhere);
        if (chosen.length) {
          await tx
            .insert(practitionerServices)
            .values(chosen.map((p) => ({ organizationId: o.organizationId, practitionerId: p.id, serviceId: before.id })));
        }
      }
      await recordAuditEvent(tx, {
        organizationId: o.organizationId,
        actor: staffActor(o.staff),
        action: "service.update",
        entityType: "service",
        entityId: before.id,
        details: { before: d.before, after: d.after },
      });
      return { changed: true };
    });
  } catch (error) {
    return slugRace(error);
  }
}
