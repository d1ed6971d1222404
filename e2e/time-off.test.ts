// Time off over a booked appointment, in the browser, on a 360 px phone and at
// desktop width (issue 18): the owner adds time off on the practitioner's page
// and the warning names the booking inside it — client, service, local date
// and time — with a link to it; the calendar's day and week flag the booking
// in words ("Clashes with time off") and draw the time off; the week counts
// and states only the hours worked. axe runs on every screen.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, practitioners } from "../src/db/schema.ts";
import { bookAt, WIDTHS } from "./appointment-today.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, keepScreenshot } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { CLINIC_ZONE, today } from "./days.ts";
import { markSensitive } from "./server.ts";

const suite = clinicAndBrowser();
const shot = (page: Page, name: string) => keepScreenshot(page, `i18t-${name}`);

let maja = { id: "", name: "" };

/** A Wednesday `weeks` weeks after next: both demo practitioners work then (Maja 9–5, Elena 11–7). */
function wednesday(weeks: number): string {
  let d = today().add({ days: 7 });
  while (d.dayOfWeek !== 3) d = d.add({ days: 1 });
  return d.add({ weeks }).toString();
}

/** A 30-minute consultation with Maja at 10:00 on `date` for a new client of this name. */
async function bookAtTen(date: string, name: string, email: string): Promise<string> {
  markSensitive(name, email);
  const [client] = await suite.app.f.database.db
    .insert(clients)
    .values({ organizationId: suite.app.f.organizationId, name, email, emailNormalized: email })
    .returning();
  const start = Temporal.PlainDateTime.from(`${date}T10:00`).toZonedDateTime(CLINIC_ZONE).epochMilliseconds;
  return bookAt(suite.app, { practitionerId: maja.id, clientId: client!.id, slug: "consultation", start, minutes: 30 });
}

async function check(page: Page, label: string, width: string) {
  await expectNoAxeViolations(page, `${label} (${width})`);
  if (width === "phone") await expectNoHorizontalScroll(page, label);
  await shot(page, `${label}-${width}`);
}

/** The week grid's heading for a date's column ("2 working"), read from the page. */
async function weekDetail(page: Page, date: string): Promise<string> {
  const label = Temporal.PlainDate.from(date).toLocaleString("en-CA", { weekday: "short", month: "short", day: "numeric" });
  return (await page.locator(".cal-table thead th", { hasText: label }).locator(".cal-col-detail").textContent()) ?? "";
}

beforeAll(async () => {
  const { db } = suite.app.f.database;
  const [first] = await db.select().from(practitioners).where(eq(practitioners.name, "Maja Kowalska"));
  maja = { id: first!.id, name: first!.name };
});

describe("time off over a booked appointment", () => {
  for (const [width, options] of WIDTHS) {
    // The phone takes Maja's morning off, the desktop her whole day.
    const allDay = width === "desktop";
    it(`names the booking in the warning and flags it on the calendar (${width})`, async () => {
      const date = wednesday(allDay ? 1 : 0);
      const client = allDay ? "Dana Deskwide" : "Pia Phoneham";
      const appointmentId = await bookAtTen(date, client, `${client.split(" ")[0]!.toLowerCase()}@example.test`);
      const { page, context, errors } = await suite.signedInPage(options);

      // Before: both work that Wednesday.
      await page.goto(`${suite.app.url}/staff?view=week&date=${date}`);
      if (width === "desktop") expect(await weekDetail(page, date)).toBe("2 working");

      await page.goto(`${suite.app.url}/staff/practitioners/${maja.id}`);
      const form = page.locator("form[aria-labelledby='add-timeoff-heading']");
      await form.getByLabel("From").fill(`${date}T${allDay ? "00:00" : "09:00"}`);
      await form.getByLabel("Until").fill(allDay ? `${Temporal.PlainDate.from(date).add({ days: 1 })}T00:00` : `${date}T12:00`);
      const reason = `Training (${width})`;
      await form.getByLabel("Reason").fill(reason);
      await form.getByRole("button", { name: "Save time off" }).click();
      const warning = page.locator(".alert[role=status]");
      await warning.waitFor();
      expect(await warning.textContent()).toContain("1 booked appointment falls inside this time off");
      const link = warning.locator(`a[href="/staff/appointments/${appointmentId}"]`);
      const words = (await link.textContent()) ?? "";
      const when = Temporal.PlainDate.from(date).toLocaleString("en-CA", {
        weekday: "short",
        month: "short",
        day: "numeric",
        year: "numeric",
      });
      expect(words).toContain(when);
      expect(words).toContain("10:00 a.m.");
      expect(words).toMatch(/E[DS]T/);
      expect(words).toContain(client);
      expect(words).toContain("Microneedling consultation");
      // The list of time off says the same under the entry.
      expect(await page.locator(".service-card", { hasText: reason }).locator(".booked-inside").textContent()).toContain(client);
      await check(page, "warning", width);
      await link.click();
      await page.waitForURL(new RegExp(`/staff/appointments/${appointmentId}$`));

      // The day: the booking tagged in words, the time off drawn (the grid at desktop, the agenda on a phone).
      await page.goto(`${suite.app.url}/staff?date=${date}`);
      const view = width === "desktop" ? page.locator(".cal-grid") : page.locator(".cal-agenda");
      const booking = view.locator(`a.appt[href="/staff/appointments/${appointmentId}"]`);
      expect(await booking.isVisible()).toBe(true);
      expect(await booking.locator(".appt-clash-tag").textContent()).toContain("Clashes with time off");
      expect(await booking.getAttribute("class")).toContain("appt-clash");
      if (width === "desktop") {
        expect(await view.locator(".cal-off", { hasText: "Time off all day" }).isVisible()).toBe(true);
        expect(await page.locator(".cal-table thead th", { hasText: maja.name }).textContent()).toContain("Not working (time off)");
      } else {
        expect(await view.locator(".agenda-notes", { hasText: "Time off, 9:00 a.m.–12:00 p.m." }).isVisible()).toBe(true);
        expect(await view.locator(".agenda-hours").first().textContent()).toContain("12:00 p.m.–5:00 p.m. (partly off)");
      }
      await check(page, "day", width);

      // The week: the same flag and block, and the hours worked.
      await page.goto(`${suite.app.url}/staff?view=week&date=${date}`);
      const weekBooking = view.locator(`a.appt[href="/staff/appointments/${appointmentId}"]`);
      expect(await weekBooking.locator(".appt-clash-tag").isVisible()).toBe(true);
      if (width === "desktop") {
        expect(await weekDetail(page, date)).toBe("1 working");
        expect(await view.locator(".cal-off", { hasText: `${maja.name}: Time off all day` }).isVisible()).toBe(true);
        const row = page.locator(".cal-week-hours tr", { hasText: maja.name });
        expect(await row.textContent()).toContain("Not working (time off)");
      } else {
        const group = view.locator(".agenda-group", {
          hasText: Temporal.PlainDate.from(date).toLocaleString("en-CA", { month: "long", day: "numeric" }),
        });
        expect(await group.locator(".agenda-hours").textContent()).toContain(`${maja.name} 12:00 p.m.–5:00 p.m. (partly off)`);
      }
      await check(page, "week", width);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
