import { Temporal } from "temporal-polyfill";

/** The demo clinic's time zone. */
export const CLINIC_ZONE = "America/Toronto";

/** Today in the clinic's zone. */
export const today = (): Temporal.PlainDate => Temporal.Now.plainDateISO(CLINIC_ZONE);

/** A date as the site writes it in English: "Wednesday, March 17, 2027". */
export const longDate = (d: Temporal.PlainDate): string =>
  d.toLocaleString("en-CA", { weekday: "long", month: "long", day: "numeric", year: "numeric" });

/**
 * A Tuesday at least two days ahead in the clinic's zone: both demo
 * practitioners work all day then, so a test that takes the fourth or sixth
 * time of the day does not depend on the day and hour it runs (a Saturday
 * afternoon leaves no times today).
 */
export function fullDay(): string {
  let d = today().add({ days: 2 });
  while (d.dayOfWeek !== 2) d = d.add({ days: 1 });
  return d.toString();
}
