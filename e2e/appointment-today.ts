// Appointments today for the browser tests of the treatment room: booked by
// staff straight into the database, at a time of today (in the clinic's zone)
// that has already begun, each a few minutes before the last so that one
// practitioner's and one client's never overlap.
import { eq } from "drizzle-orm";
import type { BrowserContextOptions } from "playwright-core";
import { appointments, practitioners, services } from "../src/db/schema.ts";
import { localDateOf } from "../src/scheduling/time.ts";
import { PHONE } from "./browser.ts";
import { CLINIC_ZONE } from "./days.ts";
import type { InProcessClinic } from "./in-process.ts";

const MIN = 60_000;
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
/** The two widths every screen of these tests is looked at. */
export const WIDTHS = [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const;

/** A time today in the clinic's zone that has begun (a minute ago), or one a minute ahead just after midnight. */
function todayStart(): number {
  const now = Date.now();
  return localDateOf(now - MIN, CLINIC_ZONE) === localDateOf(now, CLINIC_ZONE) ? now - MIN : now + MIN;
}

let booked = 0;
/** A 2-minute appointment today, booked by staff and confirmed, 3 minutes before the one booked last. */
export async function bookToday(
  app: InProcessClinic,
  o: { practitionerId: string; clientId: string; slug: string; planId?: string },
): Promise<string> {
  return bookAt(app, { ...o, start: todayStart() - booked++ * 3 * MIN, minutes: 2 });
}

/** An appointment booked by staff and confirmed, from `start` (epoch ms) for `minutes`, straight into the database. */
export async function bookAt(
  app: InProcessClinic,
  o: { practitionerId: string; clientId: string; slug: string; planId?: string; start: number; minutes: number },
): Promise<string> {
  const { db } = app.f.database;
  const [service] = await db.select().from(services).where(eq(services.slug, o.slug));
  const start = new Date(o.start);
  const end = new Date(o.start + o.minutes * MIN);
  const [row] = await db
    .insert(appointments)
    .values({
      organizationId: app.f.organizationId,
      locationId: (await db.select().from(practitioners).where(eq(practitioners.id, o.practitionerId)))[0]!.locationId,
      serviceId: service!.id,
      practitionerId: o.practitionerId,
      clientId: o.clientId,
      status: "booked",
      startsAt: start,
      endsAt: end,
      blockedFrom: start,
      blockedUntil: end,
      source: "staff",
      clientConfirmedAt: start,
      planId: o.planId ?? null,
      planSession: o.planId ? 1 : null,
    })
    .returning();
  return row!.id;
}
