// What a service costs on a given day, as plain functions over its price
// changes (docs/decisions/0035-prices-with-effective-dates.md): a change takes
// effect on a date in the clinic's time zone; an appointment costs the latest
// change on or before the local day it starts, and the first change also
// covers any earlier day. No database here: pages and tests use these as they are.

/** One change of a service's price: in force from `from` (YYYY-MM-DD, the clinic's calendar) until the next one. */
export interface PriceChange {
  from: string;
  /** Integer cents; null is "price on request". */
  cents: number | null;
  currency: string;
}

/** A service's price on one day, with every change it has (oldest first) so later days can be priced too. */
export interface PriceInForce {
  priceCents: number | null;
  currency: string;
  prices: PriceChange[];
}

/** What a service with no recorded price costs: on request (never read as free). */
const NO_PRICE: PriceChange = { from: "1900-01-01", cents: null, currency: "CAD" };

/** The change in force on `date`: the latest on or before it, else the first one. `changes` oldest first. */
export function priceOn(changes: readonly PriceChange[], date: string): PriceChange {
  let found: PriceChange | undefined;
  for (const c of changes) if (c.from <= date) found = c;
  return found ?? changes[0] ?? NO_PRICE;
}

/** Changes that take effect after `date` (scheduled ones, when `date` is today), oldest first. */
export function changesAfter(changes: readonly PriceChange[], date: string): PriceChange[] {
  return changes.filter((c) => c.from > date);
}

/** Whether two prices are the same amount in the same currency. */
export function samePrice(a: Pick<PriceChange, "cents" | "currency">, b: Pick<PriceChange, "cents" | "currency">): boolean {
  return a.cents === b.cents && a.currency === b.currency;
}
