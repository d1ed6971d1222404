// Services' prices from the database: every change of any number of services
// in one query, and a service's price on a day or for an appointment. The
// rules themselves are in price-rules.ts (docs/decisions/0035).
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { servicePrices } from "../db/schema.ts";
import { priceOn, type PriceChange, type PriceInForce } from "./price-rules.ts";
import { localDateOf } from "./time.ts";

/** Every service's price changes, oldest first, keyed by service id: one query. */
export async function priceChanges(
  db: DbOrTx,
  organizationId: string,
  serviceIds?: readonly string[],
): Promise<Map<string, PriceChange[]>> {
  const byService = new Map<string, PriceChange[]>();
  if (serviceIds && serviceIds.length === 0) return byService;
  const rows = await db
    .select({
      serviceId: servicePrices.serviceId,
      from: servicePrices.effectiveFrom,
      cents: servicePrices.priceCents,
      currency: servicePrices.currency,
    })
    .from(servicePrices)
    .where(
      and(eq(servicePrices.organizationId, organizationId), serviceIds ? inArray(servicePrices.serviceId, [...serviceIds]) : undefined),
    )
    .orderBy(asc(servicePrices.serviceId), asc(servicePrices.effectiveFrom));
  for (const { serviceId, ...change } of rows) {
    const list = byService.get(serviceId) ?? [];
    list.push(change);
    byService.set(serviceId, list);
  }
  return byService;
}

/** `rows` with the price each is in force on `date`, and their changes. */
export async function withPricesOn<T extends { id: string }>(
  db: DbOrTx,
  organizationId: string,
  rows: readonly T[],
  date: string,
): Promise<(T & PriceInForce)[]> {
  const changes = await priceChanges(
    db,
    organizationId,
    rows.map((r) => r.id),
  );
  return pricedOn(rows, changes, date);
}

/** `rows` with the price each is in force on `date`, from their changes (priceChanges). */
export function pricedOn<T extends { id: string }>(
  rows: readonly T[],
  changes: ReadonlyMap<string, PriceChange[]>,
  date: string,
): (T & PriceInForce)[] {
  return rows.map((r) => {
    const prices = changes.get(r.id) ?? [];
    const now = priceOn(prices, date);
    return { ...r, priceCents: now.cents, currency: now.currency, prices };
  });
}

/** What an appointment of `serviceId` starting at `start` costs: the price in force on its local day. */
export async function appointmentPrice(
  db: DbOrTx,
  o: { organizationId: string; serviceId: string; start: number; timeZone: string },
): Promise<PriceChange> {
  const changes = await priceChanges(db, o.organizationId, [o.serviceId]);
  return priceOn(changes.get(o.serviceId) ?? [], localDateOf(o.start, o.timeZone));
}
