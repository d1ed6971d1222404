// What the devices-and-lots page says about a lot: in use, expiring soon,
// expired or taken out of use. Dates are calendar dates (YYYY-MM-DD) in the
// clinic's time zone; "today" comes from todayIn (src/scheduling), so the
// answer never depends on the server's zone or on a DST change.
import { Temporal } from "temporal-polyfill";
import type { RecallHit } from "../../src/plans/record/recall.ts";
import { formatDateTime } from "./format.ts";

/** A lot this many days or fewer from its expiry is shown as expiring soon. */
export const EXPIRING_WITHIN_DAYS = 30;

export type LotState = "in-use" | "expiring" | "expired" | "retired";

export const LOT_STATE_LABELS: Record<LotState, string> = {
  "in-use": "In use",
  expiring: "Expiring soon",
  expired: "Expired",
  retired: "Out of use",
};

/**
 * A lot's state on `today`. A lot taken out of use stays so whatever its
 * dates; a lot is usable on its expiry date and expired the day after (the
 * chart refuses a lot whose expiry is before the session's day, rule
 * lot.expired); it is expiring when its expiry is within EXPIRING_WITHIN_DAYS.
 */
export function lotState(lot: { expiresOn: string; active: boolean }, today: string): LotState {
  if (!lot.active) return "retired";
  const expires = Temporal.PlainDate.from(lot.expiresOn);
  const now = Temporal.PlainDate.from(today);
  if (Temporal.PlainDate.compare(expires, now) < 0) return "expired";
  if (Temporal.PlainDate.compare(expires, now.add({ days: EXPIRING_WITHIN_DAYS })) <= 0) return "expiring";
  return "in-use";
}

/** Days from `today` to the expiry date (negative once expired). */
export function daysToExpiry(expiresOn: string, today: string): number {
  return Temporal.PlainDate.from(today).until(Temporal.PlainDate.from(expiresOn), { largestUnit: "days" }).days;
}

/** A lot's state in words, with the days left when it is about to expire or how long ago it did. */
export function lotStateText(lot: { expiresOn: string; active: boolean }, today: string): string {
  const state = lotState(lot, today);
  const days = daysToExpiry(lot.expiresOn, today);
  const plural = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  if (state === "expiring") return days === 0 ? "Expires today" : `Expires in ${plural(days)}`;
  if (state === "expired") return `Expired ${plural(-days)} ago`;
  return LOT_STATE_LABELS[state];
}

/** "Jun 30, 2027": a lot's date, short enough for a table on a phone. */
export function formatPlainDate(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString("en-CA", { month: "short", day: "numeric", year: "numeric" });
}

/** One recall hit as the recall page shows it: the treatment's time in the clinic's zone, the chart's state in words. */
export function recallRows(hits: readonly RecallHit[], timeZone: string) {
  return hits.map((h) => ({
    clientId: h.clientId,
    clientName: h.clientName,
    email: h.email,
    phone: h.phone,
    appointmentId: h.appointmentId,
    treated: formatDateTime(h.treatedAt, timeZone),
    chart: h.chartStatus === "signed" ? "Signed" : "Draft (not signed yet)",
  }));
}

/** "2 clients, 3 sessions." — a client treated twice is one client. */
export function recallCountText(hits: readonly { clientId: string }[]): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const clients = new Set(hits.map((h) => h.clientId)).size;
  return `${count(clients, "client", "clients")}, ${count(hits.length, "session", "sessions")}.`;
}
