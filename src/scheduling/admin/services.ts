// Services as staff see and edit them: the list, one service with who offers
// it and its prices, and creating or changing one (its web address name stays
// unique; a new price takes effect on a day, today or later: prices.ts).
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { practitionerServices, practitioners, servicePrices, services } from "../../db/schema.ts";
import { FieldError, NotFoundError } from "../../kernel/errors.ts";
import { constraintViolation, UNIQUE_VIOLATION } from "../errors.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { diff } from "./audit.ts";
import { parse } from "./form-fields.ts";
import { findService, ownPractitioners, type ServiceRow } from "./lookups.ts";
import { todayIn } from "../time.ts";
import { ServiceSchema, type ServiceInput } from "./service-fields.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";
import { changesAfter, priceOn, samePrice, type PriceChange, type PriceInForce } from "../price-rules.ts";
import { clinicTimeZone, clinicToday } from "../clinic.ts";
import { priceChanges, withPricesOn } from "../prices.ts";

/** When the caller does not say, "today" is the clinic's day at the real clock. */
type Clock = { now?: number };

export interface ServiceSummary extends ServiceRow, PriceInForce {
  practitionerNames: string[];
  /** Price changes that take effect after today, oldest first. */
  scheduledPrices: PriceChange[];
}

export async function listServicesForStaff(db: DbOrTx, scope: AdminScope & Clock): Promise<ServiceSummary[]> {
  requireView(scope);
  const org = scope.organizationId;
  const today = await clinicToday(db, org, scope.now ?? Date.now());
  const rows = await withPricesOn(
    db,
    org,
    await db.select().from(services).where(eq(services.organizationId, org)).orderBy(asc(services.sortOrder), asc(services.name)),
    today,
  );
  const offered = await db
    .select({ serviceId: practitionerServices.serviceId, name: practitioners.name })
    .from(practitionerServices)
    .innerJoin(practitioners, and(eq(practitioners.id, practitionerServices.practitionerId), eq(practitioners.organizationId, org)))
    .where(eq(practitionerServices.organizationId, org))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  return rows.map((s) => ({
    ...s,
    scheduledPrices: changesAfter(s.prices, today),
    practitionerNames: offered.filter((o) => o.serviceId === s.id).map((o) => o.name),
  }));
}

export interface ServiceDetail {
  /** With today's price and every price change, oldest first. */
  service: ServiceRow & PriceInForce;
  /** The clinic's day the prices were read for (the price form's default day), in its time zone. */
  today: string;
  timeZone: string;
  practitionerIds: string[];
  practitioners: { id: string; name: string; active: boolean }[];
}

export async function getServiceDetail(db: DbOrTx, o: AdminScope & Clock & { serviceId: string }): Promise<ServiceDetail> {
  requireView(o);
  const row = await findService(db, o.organizationId, o.serviceId);
  const timeZone = await clinicTimeZone(db, o.organizationId);
  const today = todayIn(timeZone, o.now ?? Date.now());
  const [service] = await withPricesOn(db, o.organizationId, [row], today);
  const offered = await db
    .select({ practitionerId: practitionerServices.practitionerId })
    .from(practitionerServices)
    .where(and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, row.id)));
  return {
    service: service!,
    today,
    timeZone,
    practitionerIds: offered.map((r) => r.practitionerId),
    practitioners: await practitionerChoices(db, o),
  };
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
    requiresRoom: s.requiresRoom,
    requiresEligibility: s.requiresEligibility,
    active: s.active,
    sortOrder: s.sortOrder,
    practitionerIds: [...practitionerIds].sort(),
  };
}

/** What the audit row of a price change holds: amounts in cents with their currency, and the day it takes effect. */
function priceAudit(from: string, before: PriceChange | null, after: Pick<PriceChange, "cents" | "currency">, cancelled = false) {
  return {
    from,
    before: before ? { cents: before.cents, currency: before.currency } : null,
    after: { cents: after.cents, currency: after.currency },
    ...(cancelled ? { cancelled: true } : {}),
  };
}

/**
 * Makes `wanted` the price from `from` on, given the service's changes. A
 * change already on that day is replaced; one that would repeat the price
 * before it is removed instead, so the list never says the same thing twice.
 */
async function setPriceFrom(
  tx: DbOrTx,
  o: { organizationId: string; serviceId: string },
  changes: readonly PriceChange[],
  from: string,
  wanted: Pick<PriceChange, "cents" | "currency">,
): Promise<void> {
  const onDay = and(eq(servicePrices.serviceId, o.serviceId), eq(servicePrices.effectiveFrom, from));
  const existing = changes.find((c) => c.from === from);
  const earlier = changes.filter((c) => c.from < from).at(-1);
  if (existing) {
    if (earlier && samePrice(earlier, wanted)) await tx.delete(servicePrices).where(onDay);
    else await tx.update(servicePrices).set({ priceCents: wanted.cents, currency: wanted.currency }).where(onDay);
    return;
  }
  await tx.insert(servicePrices).values({
    organizationId: o.organizationId,
    serviceId: o.serviceId,
    effectiveFrom: from,
    priceCents: wanted.cents,
    currency: wanted.currency,
  });
}

const PAST_PRICE_DAY = "Choose today or a later day: a new price never changes what earlier appointments cost.";

export async function createService(db: DbOrTx, o: AdminScope & Clock & { input: ServiceInput }): Promise<{ id: string; slug: string }> {
  requireEdit(o, "add services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      await assertSlugFree(tx, o.organizationId, input.slug, null);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const today = await clinicToday(tx, o.organizationId, o.now ?? Date.now());
      const { practitionerIds: _p, price, currency, priceFrom: _from, nameFr, descriptionFr, ...rest } = input;
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
        .values({ ...fields, organizationId: o.organizationId })
        .returning();
      // A new service's first price: from today, and it also covers any earlier day (prices.ts).
      await setPriceFrom(tx, { organizationId: o.organizationId, serviceId: row!.id }, [], today, { cents: price, currency });
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
          price: priceAudit(today, null, { cents: price, currency }),
        },
      });
      return { id: row!.id, slug: row!.slug };
    });
  } catch (error) {
    return slugRace(error);
  }
}

/**
 * Changes a service. The price typed takes effect on `priceFrom` (default:
 * today in the clinic's time zone; never an earlier day): appointments on or
 * after that day cost it, earlier ones keep theirs. The audit row holds the
 * amounts before and after, in cents, and the day.
 */
export async function updateService(
  db: DbOrTx,
  o: AdminScope & Clock & { serviceId: string; input: ServiceInput },
): Promise<{ changed: boolean }> {
  requireEdit(o, "change services");
  const input = parse(ServiceSchema, o.input);
  try {
    return await db.transaction(async (tx) => {
      const before = await findService(tx, o.organizationId, o.serviceId, true);
      const today = await clinicToday(tx, o.organizationId, o.now ?? Date.now());
      const from = input.priceFrom || today;
      if (from < today) throw new FieldError({ priceFrom: PAST_PRICE_DAY });
      await assertSlugFree(tx, o.organizationId, input.slug, before.id);
      const chosen = await ownPractitioners(tx, o.organizationId, input.practitionerIds, "practitionerIds");
      const linkWhere = and(eq(practitionerServices.organizationId, o.organizationId), eq(practitionerServices.serviceId, before.id));
      const currentLinks = await tx
        .select({ practitionerId: practitionerServices.practitionerId })
        .from(practitionerServices)
        .where(linkWhere);
      const { practitionerIds: _p, price, currency, priceFrom: _from, nameFr, descriptionFr, ...rest } = input;
      const fields = { ...rest, nameFr: nameFr ?? before.nameFr, descriptionFr: descriptionFr ?? before.descriptionFr };
      const next = { ...before, ...fields };
      const changes = (await priceChanges(tx, o.organizationId, [before.id])).get(before.id) ?? [];
      const priceBefore = priceOn(changes, from);
      const priceChanged = !samePrice(priceBefore, { cents: price, currency });
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
      if (!d.changed && !priceChanged) return { changed: false };
      await tx
        .update(services)
        .set(fields)
        .where(and(eq(services.organizationId, o.organizationId), eq(services.id, before.id)));
      if (priceChanged)
        await setPriceFrom(tx, { organizationId: o.organizationId, serviceId: before.id }, changes, from, { cents: price, currency });
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
        details: {
          ...(d.changed ? { before: d.before, after: d.after } : {}),
          ...(priceChanged ? { price: priceAudit(from, priceBefore, { cents: price, currency }) } : {}),
        },
      });
      return { changed: true };
    });
  } catch (error) {
    return slugRace(error);
  }
}

/** Takes back a price change that has not taken effect yet; the price before it stays in force. Audited. */
export async function cancelScheduledPrice(db: DbOrTx, o: AdminScope & Clock & { serviceId: string; from: string }): Promise<void> {
  requireEdit(o, "change services");
  await db.transaction(async (tx) => {
    const service = await findService(tx, o.organizationId, o.serviceId, true);
    const today = await clinicToday(tx, o.organizationId, o.now ?? Date.now());
    const changes = (await priceChanges(tx, o.organizationId, [service.id])).get(service.id) ?? [];
    const change = changes.find((c) => c.from === o.from);
    if (!change) throw new NotFoundError("That price change");
    if (change.from <= today) throw new FieldError({ form: "That price is in force already: set a new price from a later day instead." });
    await tx.delete(servicePrices).where(and(eq(servicePrices.serviceId, service.id), eq(servicePrices.effectiveFrom, change.from)));
    const remaining = changes.filter((c) => c !== change);
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "service.update",
      entityType: "service",
      entityId: service.id,
      details: { price: priceAudit(change.from, change, priceOn(remaining, change.from), true) },
    });
  });
}
