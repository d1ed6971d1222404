// The treatment session from the door to the portal, on a 360 px phone and
// at desktop width, axe on every screen: the owner, who also treats, checks
// the client in and runs the day-of check; the client signs the consent on
// the clinic's tablet; the owner starts the treatment, charts two areas (one
// deeper than planned: refused without a reason, saved with one), signs the
// chart and adds an addendum, and completes the session; the calendar shows
// it done; the client sees the session in their portal; and a no-show on
// another appointment is counted on that client.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supplyLots } from "../src/plans/tables.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, launchBrowser, newContext, trackPageErrors } from "./browser.ts";
import { openHeaderMenu } from "./header-menu.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { bookToday, WIDTHS } from "./appointment-today.ts";
import { addClient, clientWithSignedPlan, ownerActor, signInToPortal } from "./treated-client.ts";

const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

let app: InProcessClinic;
let browser: Browser;
let ownerCookie = "";
let ownerPractitionerId = "";

/** A screened client with a plan the owner wrote and the client signed: both cheeks, 0.5–1.0 mm. */
async function clientWithPlan(name: string) {
  const email = `${name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z]+/g, ".")}@example.test`;
  const { clientId, planId } = await clientWithSignedPlan(app, { ownerCookie, practitionerId: ownerPractitionerId, name, email });
  return { clientId, planId, email };
}

async function press(page: Page, name: string, message: string | RegExp) {
  await page.getByRole("button", { name, exact: true }).click();
  await page.getByText(message).first().waitFor();
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `treatment-${name}.png`), fullPage: true });
}

/** Chooses the option of a select whose text contains `text`. */
async function choose(page: Page, selectId: string, text: string) {
  const value = await page.locator(`#${selectId} option`, { hasText: text }).first().getAttribute("value");
  await page.locator(`#${selectId}`).selectOption(value!);
}

async function check(page: Page, label: string, width: string) {
  await expectNoAxeViolations(page, `${label} (${width})`);
  if (width === "phone") await expectNoHorizontalScroll(page, label);
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startInProcessClinic(), launchBrowser()]);
  ownerPractitionerId = (await ownerActor(app)).practitionerId!;
  ownerCookie = await app.ownerCookie();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the treatment session", () => {
  for (const [width, options] of WIDTHS) {
    it(`from check-in to a signed chart the client reads in their portal (${width})`, async () => {
      const name = width === "phone" ? "Rowan Lévesque" : "Sasha Bélanger";
      const { clientId, email, planId } = await clientWithPlan(name);
      const treatment = await bookToday(app, { practitionerId: ownerPractitionerId, clientId, slug: "microneedling-face", planId });
      const context = await newContext(browser, options);
      await app.useCookie(context, ownerCookie);
      const page = await context.newPage();
      const errors = trackPageErrors(page);

      // Arrival and the day-of check.
      await page.goto(`${app.url}/staff/appointments/${treatment}`);
      await page.getByRole("heading", { name: "Today" }).waitFor();
      await press(page, "Check in", "The client is checked in.");
      await press(page, "Run the check", "Cleared to start.");
      await check(page, "treatment, checked in and cleared", width);
      await shot(page, `cleared-${width}`);

      // The consent, signed by the client on the tablet the front desk hands over (which signs the desk out there).
      const tablet = await newContext(browser, options);
      await app.useCookie(tablet, (await app.addSignedInStaff("front-desk", { name: `Desk ${width}` })).cookie);
      const desk = await tablet.newPage();
      await desk.goto(`${app.url}/staff/appointments/${treatment}`);
      await desk.getByRole("button", { name: `Hand the tablet to ${name} to sign` }).click();
      await desk.getByRole("heading", { name: "Consent to microneedling" }).waitFor();
      await check(desk, "consent on the tablet", width);
      await desk.getByLabel("I have read this form, my questions were answered, and I agree.").check();
      // Typed without accents or capitals, it is the client's name.
      await desk.getByLabel("Type your full name to sign").fill(name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
      await desk.getByRole("button", { name: "Sign", exact: true }).click();
      await desk.getByRole("heading", { name: "Thank you — please hand the tablet back" }).waitFor();
      await shot(desk, `tablet-signed-${width}`);
      await tablet.close();
      await page.reload();
      await page.getByText(/Consent to microneedling: signed \(version 1, /).waitFor();

      // The treatment starts; the chart opens.
      await press(page, "Start the treatment", "The session has started.");
      await page.getByRole("link", { name: "Open the session chart" }).click();
      await page.getByRole("heading", { name: "Session chart" }).waitFor();
      await check(page, "new chart", width);
      await shot(page, `chart-new-${width}`);
      await choose(page, "field-deviceId", "MP-2026-00417");
      // The expired cartridge lot is not offered.
      expect(await page.locator("#field-cartridgeLotId option", { hasText: "C12-2409-B" }).count()).toBe(0);
      await choose(page, "field-cartridgeLotId", "C12-2611-A");
      for (const [zone, depth, passes] of [
        ["cheek-left", "1.25", "3"],
        ["cheek-right", "1", "2"],
      ] as const) {
        await page.locator(`#field-depthMm-${zone}`).fill(depth);
        await page.locator(`#field-passes-${zone}`).fill(passes);
        await page.locator(`#field-technique-${zone}`).selectOption("crosshatch");
        await page.locator(`#field-endpoint-${zone}`).selectOption(zone === "cheek-left" ? "pinpoint-bleeding" : "even-erythema");
      }
      await page
        .getByLabel(/Hyaluronic|HG-2610-07/)
        .first()
        .check();
      await page.getByRole("button", { name: "Save draft" }).click();
      await page
        .getByText(/Cheek, left: 1.25 mm is deeper than the plan's 1.0 mm/)
        .first()
        .waitFor();
      // What was typed is kept.
      expect(await page.locator("#field-depthMm-cheek-left").inputValue()).toBe("1.25");
      await check(page, "chart refused", width);
      await shot(page, `chart-refused-${width}`);

      await page.locator("#field-depthReason-cheek-left").fill("Deep rolling scars; the skin tolerated 1.0 mm without lasting redness.");
      await page.locator("#field-nextTime").fill("Same depths next time.");
      await page.getByRole("button", { name: "Save, sign and lock" }).click();
      await page.getByText("The chart is signed and locked.").waitFor();
      await page.getByText(/Signed and locked/).waitFor();
      await page.getByText("1.25 mm (plan 1.0 mm)").waitFor();
      await page.getByText("Deep rolling scars; the skin tolerated 1.0 mm without lasting redness.").waitFor();
      expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
      await page.getByLabel("Addendum", { exact: true }).fill("Called the client the next day: redness settling as expected.");
      await page.getByRole("button", { name: "Add addendum" }).click();
      await page.getByText("The addendum is added to the chart.").waitFor();
      await page.getByText("Called the client the next day: redness settling as expected.").waitFor();
      await check(page, "signed chart with addendum", width);
      await shot(page, `chart-signed-${width}`);

      // The session is completed; the calendar shows it done.
      await page.getByRole("link", { name: "← Back to the appointment" }).click();
      await page.getByRole("link", { name: "Session chart (signed)" }).waitFor();
      await press(page, "Complete the session", "The session is completed.");
      await page.getByRole("link", { name: "← Calendar for this day" }).click();
      await page.waitForURL(/\/staff\?date=/);
      const block = page.locator(`a[href="/staff/appointments/${treatment}"]`).first();
      await expect.poll(() => block.textContent()).toContain("Completed");
      await check(page, "calendar with the session done", width);

      // A no-show on another of the owner's appointments, counted on that client.
      const missedClientId = await addClient(app, `Missed ${width}`, `missed.${width}@example.test`);
      const missed = await bookToday(app, { practitionerId: ownerPractitionerId, clientId: missedClientId, slug: "consultation" });
      await page.goto(`${app.url}/staff/appointments/${missed}`);
      await press(page, "Mark as no-show", "The appointment is marked as a no-show and counted on the client.");
      await page.goto(`${app.url}/staff/clients/${missedClientId}`);
      await page.getByText("1 no-show").waitFor();
      await check(page, "client with a no-show", width);
      // The owner's recall search for the cartridge lot finds this client.
      const [cartridge] = await app.f.database.db.select({ id: supplyLots.id }).from(supplyLots).where(eq(supplyLots.lot, "C12-2611-A"));
      await page.goto(`${app.url}/staff/supplies/recall?lot=${cartridge!.id}`);
      await page.getByRole("link", { name }).first().waitFor();
      await check(page, "recall search with a result", width);
      expect(errors).toEqual([]);
      await context.close();

      // The client reads the session in their portal.
      const portal = await newContext(browser, options);
      const client = await portal.newPage();
      await signInToPortal(client, app, email);
      await openHeaderMenu(client);
      await client.getByRole("link", { name: "Your sessions" }).click();
      await client.getByText("Cheek, left").first().waitFor();
      await client.getByText("Cheek, right").first().waitFor();
      await check(client, "portal sessions", width);
      await shot(client, `portal-sessions-${width}`);
      // Plain words only: no depths, lots or the practitioner's notes.
      const text = (await client.locator("main").textContent()) ?? "";
      expect(text).not.toContain("1.25");
      expect(text).not.toContain("C12-2611-A");
      expect(text).not.toContain("Same depths next time");
      await portal.close();
    });
  }
});
