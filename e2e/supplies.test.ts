// The clinic's devices and lots in the browser, at desktop width and on a
// 360 px phone (docs/supplies.md): the owner adds a cartridge lot (after an
// expiry before receipt is refused with what was typed kept), adds a device,
// takes the new lot out of use and opens the recall search of a lot no chart
// used; without JavaScript a refused device keeps what was typed; a manager
// reads the lists without forms or recall links and is refused the recall
// page. axe runs on every screen shown with JavaScript.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../src/db/schema.ts";
import { clinicDevices, supplyLots } from "../src/plans/tables.ts";
import { addDays, todayIn } from "../src/scheduling/time.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, PHONE } from "./browser.ts";
import { DESKTOP } from "./appointment-today.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";

const TZ = "America/Toronto";
const t = clinicAndBrowser();

/** The add form of one kind of lot, found by its heading. */
const lotForm = (page: Page, label: string) => page.locator("form", { has: page.getByRole("heading", { name: `Add a lot of ${label}` }) });

describe("devices and lots", () => {
  it("the owner adds a cartridge lot, is told of an expiry before receipt, adds a device, takes the lot out of use and opens its recall", async () => {
    const { page, errors } = await t.signedInPage(DESKTOP);
    await page.goto(`${t.app.url}/staff/supplies`);
    await page.getByRole("heading", { name: "Devices and lots", level: 1 }).waitFor();
    // The demo clinic's lots: one in use, one expired ten days ago.
    await expect(page.getByRole("row", { name: /C12-2409-B/ }).textContent()).resolves.toContain("Expired 10 days ago");
    await expect(page.getByRole("row", { name: /C12-2611-A/ }).textContent()).resolves.toContain("In use");
    await expectNoAxeViolations(page, "devices and lots (desktop)");

    const today = todayIn(TZ, Date.now());
    const form = lotForm(page, "needle cartridge");
    await form.getByLabel("Cartridge").fill("Browser 16-needle cartridge");
    await form.getByLabel("Number of needles").fill("16");
    await form.getByLabel("Lot number").fill("E2E-16");
    await form.getByLabel("Received on").fill(today);
    await form.getByLabel("Expiry date").fill(addDays(today, -5));
    await form.getByRole("button", { name: "Add the lot" }).click();
    await page.getByText("The expiry date is before the day it was received: check both.").first().waitFor();
    // What was typed is still there, and the summary links to the field.
    await expect(form.getByLabel("Cartridge").inputValue()).resolves.toBe("Browser 16-needle cartridge");
    await expect(form.getByLabel("Lot number").inputValue()).resolves.toBe("E2E-16");
    await expect(form.getByLabel("Expiry date").inputValue()).resolves.toBe(addDays(today, -5));
    await expect(page.locator('.error-summary a[href="#field-expiresOn-cartridge"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "an expiry before receipt");

    await form.getByLabel("Expiry date").fill(addDays(today, 400));
    await form.getByRole("button", { name: "Add the lot" }).click();
    await page.getByRole("status").getByText("The lot is on the list.").waitFor();
    const row = page.getByRole("row", { name: /E2E-16/ });
    await expect(row.textContent()).resolves.toMatch(/Browser 16-needle cartridge.*E2E-16.*16.*In use/);
    // The form is empty again for the next lot.
    await expect(lotForm(page, "needle cartridge").getByLabel("Lot number").inputValue()).resolves.toBe("");

    await page.getByLabel("Make and model").fill("Browser pen");
    await page.getByLabel("Serial number").fill("E2E-SN-1");
    await page.getByRole("button", { name: "Add the device" }).click();
    await page.getByRole("status").getByText("The device is on the list.").waitFor();
    await expect(page.getByRole("row", { name: /E2E-SN-1/ }).textContent()).resolves.toContain("In use");

    await page.getByRole("button", { name: "Take out of use: Browser 16-needle cartridge, lot E2E-16" }).click();
    await page.getByRole("status").getByText("The lot is taken out of use.").waitFor();
    await expect(page.getByRole("row", { name: /E2E-16/ }).textContent()).resolves.toContain("Out of use");
    await expect(page.getByRole("button", { name: /Take out of use: Browser 16-needle cartridge/ }).count()).resolves.toBe(0);
    const { db } = t.app.f.database;
    const [lot] = await db.select().from(supplyLots).where(eq(supplyLots.lot, "E2E-16"));
    expect(lot).toMatchObject({ kind: "cartridge", needleCount: 16, receivedOn: today, expiresOn: addDays(today, 400), active: false });
    const [device] = await db.select().from(clinicDevices).where(eq(clinicDevices.serial, "E2E-SN-1"));
    expect(device).toMatchObject({ model: "Browser pen", active: true });

    await page.getByRole("link", { name: "Which clients were treated with this lot? (Browser 16-needle cartridge, lot E2E-16)" }).click();
    await page.getByRole("heading", { name: "Which clients were treated with this lot?" }).waitFor();
    await page.getByText("No client was treated with this lot.").waitFor();
    await expect(page.getByText("Browser 16-needle cartridge, lot E2E-16").count()).resolves.toBe(1);
    expect(await page.title()).toBe("Recall search — Dermaplan staff");
    await expectNoAxeViolations(page, "a recall with no client (desktop)");
    // The search is audited, and its answer is never cached.
    const searches = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "supply.lot-recall-search"), eq(auditEvents.entityId, lot!.id)));
    expect(searches).toHaveLength(1);
    expect(searches[0]!.details).toMatchObject({ found: 0, clients: 0 });
    const res = await fetch(`${t.app.url}/staff/supplies/recall?lot=${lot!.id}`, { headers: { Cookie: await t.app.ownerCookie() } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("on a 360 px phone, the lists and a device's recall fit the screen", async () => {
    const { page, errors } = await t.signedInPage(PHONE);
    await page.goto(`${t.app.url}/staff/supplies`);
    await page.getByRole("heading", { name: "Devices and lots", level: 1 }).waitFor();
    await expectNoAxeViolations(page, "devices and lots (phone)");
    await expectNoHorizontalScroll(page, "devices and lots on a phone");
    await page
      .getByRole("link", { name: /Which clients were treated with this device\? \(Microneedling pen, serial MP-2026-00417\)/ })
      .click();
    await page.getByText("No client was treated with this device.").waitFor();
    await expectNoAxeViolations(page, "a device's recall (phone)");
    await expectNoHorizontalScroll(page, "a recall on a phone");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("without JavaScript, a device already on the list is refused with what was typed kept", async () => {
    const { page } = await t.signedInPage({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${t.app.url}/staff/supplies`);
    await page.getByLabel("Make and model").fill("Microneedling pen");
    await page.getByLabel("Serial number").fill("MP-2026-00417");
    await page.getByRole("button", { name: "Add the device" }).click();
    await page.getByText("This device is already on the list.").first().waitFor();
    await expect(page.getByLabel("Make and model").inputValue()).resolves.toBe("Microneedling pen");
    await expect(page.getByLabel("Serial number").inputValue()).resolves.toBe("MP-2026-00417");
    await expectNoHorizontalScroll(page, "the refused device on a phone");
    await page.context().close();
  });

  it("a manager reads the devices and lots without forms or recall links, and is refused the recall page", async () => {
    const manager = await t.app.addSignedInStaff("manager", { name: "Mona Manager" });
    const { context, page } = await t.signedInPage(DESKTOP, manager.cookie);
    await page.goto(`${t.app.url}/staff/supplies`);
    await page.getByText("Only the owner can change these.").waitFor();
    await expect(page.getByRole("row", { name: /C12-2611-A/ }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: /Add the|Take out of use/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: /Which clients/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, "devices and lots, view only");
    const [lot] = await t.app.f.database.db.select().from(supplyLots).where(eq(supplyLots.lot, "C12-2611-A"));
    const refused = await page.goto(`${t.app.url}/staff/supplies/recall?lot=${lot!.id}`);
    expect(refused?.status()).toBe(403);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await context.close();
  });
});
