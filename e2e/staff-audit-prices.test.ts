// Prices with an effective date and the audit log in words (issue 18, items
// 11 and 12), in the browser at 360 px and at desktop width, axe on every
// screen: the owner sets a new price of the face treatment from a later
// Monday; the booking page shows the old price for a day before it and the
// new one from it (and the time chosen carries its day's price); the audit
// log says what happened in words, with both amounts, names instead of ids,
// the owner as "Owner" on an invitation they sent; and opening a client's
// page records one view of the record, not one per part the page reads.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { and, count, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../src/db/schema.ts";
import { WIDTHS } from "./appointment-today.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { today } from "./days.ts";
import { clientWithSignedPlan, ownerActor } from "./treated-client.ts";

const t = clinicAndBrowser();
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

let ownerCookie = "";
/** A Tuesday at least nine days ahead (both demo practitioners work all day), the Monday before it (the new price's first day), and the Tuesday a week earlier. */
let after: Temporal.PlainDate;
let effective: Temporal.PlainDate;
let before: Temporal.PlainDate;

const medium = (d: Temporal.PlainDate) => d.toLocaleString("en-CA", { month: "long", day: "numeric", year: "numeric" });

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `i18p-${name}.png`), fullPage: true });
}

async function check(page: Page, label: string, width: string) {
  await expectNoAxeViolations(page, `${label} (${width})`);
  if (width === "phone") await expectNoHorizontalScroll(page, label);
}

beforeAll(async () => {
  ownerCookie = await t.app.ownerCookie();
  after = today().add({ days: 9 });
  while (after.dayOfWeek !== 2) after = after.add({ days: 1 });
  effective = after.subtract({ days: 1 });
  before = after.subtract({ days: 7 });
});

describe("prices from a date, and the audit log in words", () => {
  it("the owner sets the face treatment's new price from a later day; the booking page prices each day by it", async () => {
    const { page, context, errors } = await t.signedInPage(WIDTHS[1][1], ownerCookie);
    await page.goto(`${t.app.url}/staff/services`);
    await page.locator("main a[href^='/staff/services/']", { hasText: "Microneedling — face" }).first().click();
    await page.waitForURL(/\/staff\/services\/[0-9a-f-]{36}/);
    // The day defaults to today in the clinic's zone.
    expect(await page.getByLabel("New price takes effect on").inputValue()).toBe(today().toString());
    expect(await page.getByLabel("Price (dollars)").inputValue()).toBe("299");

    // A day in the past is refused beside its field; nothing typed is lost.
    await page.getByLabel("Price (dollars)").fill("349");
    await page.getByLabel("New price takes effect on").fill(today().subtract({ days: 1 }).toString());
    await page.getByRole("button", { name: "Save service" }).click();
    await page.locator("#field-priceFrom-error").waitFor();
    expect(await page.locator("#field-priceFrom-error").textContent()).toContain("today or a later day");
    expect(await page.getByLabel("Price (dollars)").inputValue()).toBe("349");

    await page.getByLabel("New price takes effect on").fill(effective.toString());
    await page.getByRole("button", { name: "Save service" }).click();
    await page.getByText("Service saved.").waitFor();
    const prices = page.getByRole("region", { name: "Prices" });
    expect(await prices.textContent()).toContain(`From ${medium(effective)}: $349 CAD (scheduled)`);
    // Today's price stays in the form until the change takes effect.
    expect(await page.getByLabel("Price (dollars)").inputValue()).toBe("299");

    // The owner invites a manager (the audit row must name the owner as Owner, the invitation with its role).
    await page.goto(`${t.app.url}/staff/team`);
    await page.getByLabel("E-mail").fill("new.manager@example.test");
    await page.locator("input[name='role'][value='manager']").check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("new.manager@example.test").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const api = (await (await fetch(`${t.app.url}/api/v1/services`)).json()) as {
      services: { name: string; priceCents: number; scheduledPrices: { from: string; priceCents: number; currency: string }[] }[];
    };
    expect(api.services.find((s) => s.name === "Microneedling — face")).toMatchObject({
      priceCents: 29900,
      scheduledPrices: [{ from: effective.toString(), priceCents: 34900, currency: "CAD" }],
    });

    // The public booking page, without JavaScript as clients get it.
    const visitor = await newContext(t.browser, { ...WIDTHS[1][1], javaScriptEnabled: false });
    const book = await visitor.newPage();
    await book.goto(`${t.app.url}/book/microneedling-face?date=${before}`);
    const facts = async () => (await book.locator("main").textContent())!;
    expect(await facts()).toContain(`$299 on ${medium(before)}`);
    expect(await facts()).toContain(`From ${medium(effective)}: $349`);
    await book.locator("button.time").first().click();
    await book.getByRole("heading", { name: "Your details" }).waitFor();
    expect(await facts()).toContain("Price: $299");

    await book.goto(`${t.app.url}/book/microneedling-face?date=${after}`);
    expect(await facts()).toContain(`$349 on ${medium(after)}`);
    await book.locator("button.time").first().click();
    await book.getByRole("heading", { name: "Your details" }).waitFor();
    expect(await facts()).toContain("Price: $349");

    // The list of services: today's price, and the one to come.
    await book.goto(`${t.app.url}/book`);
    const card = book.locator(".service-card", { hasText: "Microneedling — face" }).first();
    expect(await card.textContent()).toContain("$299");
    expect(await card.textContent()).toContain(`From ${medium(effective)}: $349`);
    await visitor.close();
  });

  it("records one view of a record per page load, however many parts the page reads", async () => {
    const owner = await ownerActor(t.app);
    const { clientId } = await clientWithSignedPlan(t.app, {
      ownerCookie,
      practitionerId: owner.practitionerId!,
      name: "Noor Haddad",
      email: "noor.haddad@example.test",
    });
    const { db } = t.app.f.database;
    const views = async () => {
      const [row] = await db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, "health-record.view"), eq(auditEvents.entityId, clientId), eq(auditEvents.actorId, owner.userId)),
        );
      return Number(row!.n);
    };
    const { page, context, errors } = await t.signedInPage(WIDTHS[1][1], ownerCookie);
    const start = await views();
    // The client's page reads the notes, the screenings and the plans: one view.
    await page.goto(`${t.app.url}/staff/clients/${clientId}`);
    await page.getByRole("heading", { name: "Noor Haddad" }).first().waitFor();
    expect(await views()).toBe(start + 1);
    // Opened again, it is another view.
    await page.reload();
    await page.getByRole("heading", { name: "Noor Haddad" }).first().waitFor();
    expect(await views()).toBe(start + 2);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [width, options] of WIDTHS) {
    it(`shows the price change and the day's events in words, names instead of ids (${width})`, async () => {
      const { page, context, errors } = await t.signedInPage(options, ownerCookie);

      await page.goto(`${t.app.url}/staff/services`);
      expect(await page.locator("main").textContent()).toContain(`From ${medium(effective)}: $349 CAD (scheduled)`);
      await check(page, "services", width);
      await shot(page, `services-${width}`);
      await page.locator("main a[href^='/staff/services/']", { hasText: "Microneedling — face" }).first().click();
      await page.getByRole("region", { name: "Prices" }).waitFor();
      await check(page, "service with a scheduled price", width);
      await shot(page, `service-${width}`);

      await page.goto(`${t.app.url}/staff/audit`);
      const table = page.locator("main table");
      const text = (await table.textContent())!;
      const priceRow = table.getByRole("row").filter({ hasText: "Price: $299.00 → $349.00" });
      expect(await priceRow.count()).toBe(1);
      expect(await priceRow.textContent()).toContain(`Price: $299.00 → $349.00 from ${medium(effective)}`);
      expect(await priceRow.textContent()).toContain("Changed a service");
      expect(await priceRow.textContent()).toContain("Service: Microneedling — face");
      // Every action in words: no action codes and no raw ids.
      expect(text).not.toMatch(/staff\.sign-in|staff\.invite|service\.update|health-record\.view/);
      expect(text).not.toMatch(/\b[0-9a-f]{8}\b/);
      const invite = table.getByRole("row").filter({ hasText: "Invited a staff member" });
      expect(await invite.textContent()).toContain("Owner");
      expect(await invite.textContent()).not.toContain("Practitioner");
      expect(await invite.textContent()).toContain("Invitation: new.manager@example.test (Manager)");
      await check(page, "audit log", width);
      await shot(page, `audit-${width}`);
      // An action that had no words before, filtered from the list of actions.
      await page.getByLabel("Action").selectOption({ label: "Turned on two-factor sign-in" });
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForURL(/action=staff\.two-factor\.enable/);
      expect(await page.locator("main table").textContent()).toMatch(/Turned on two-factor sign-in.*Staff member: /);

      const visitor = await newContext(t.browser, { ...options, javaScriptEnabled: false });
      const book = await visitor.newPage();
      await book.goto(`${t.app.url}/book/microneedling-face?date=${before}`);
      await check(book, "booking page, a day before the new price", width);
      await shot(book, `book-before-${width}`);
      await book.goto(`${t.app.url}/book/microneedling-face?date=${after}`);
      await check(book, "booking page, a day with the new price", width);
      await shot(book, `book-after-${width}`);
      await visitor.close();
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
