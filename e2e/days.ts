import { Temporal } from "temporal-polyfill";

/**
 * A Tuesday at least two days ahead in the clinic's zone: both demo
 * practitioners work all day then, so a test that takes the fourth or sixth
 * time of the day does not depend on the day and hour it runs (a Saturday
 * afternoon leaves no times today).
 */
export function fullDay(): string {
  let d = Temporal.Now.plainDateISO("America/Toronto").add({ days: 2 });
  while (d.dayOfWeek !== 2) d = d.add({ days: 1 });
  return d.toString();
}
