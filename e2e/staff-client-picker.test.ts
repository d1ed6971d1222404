// Booking for a client the clinic already knows, in the browser, on a 360 px
// phone and at desktop width: the front desk finds the client by part of their
// phone number, chooses them, picks a time and books — by keyboard — and the
// appointment is theirs (no second client). Without JavaScript the same works
// from the details step. The appointment's page then links to the client, and
// for the owner who treats them to their screening and plan; the desk and a
// practitioner outside the care team get only the links they may follow.
// axe runs on every screen.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { appointments, clients, practitioners, services, staffMembers } from "../src/db/schema.ts";
import { bookToday, WIDTHS } from "./appointment-today.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, PHONE } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { submitting, tabTo } from "./keyboard.ts";
import { markSensitive } from "./server.ts";
import { clientWithSignedPlan } from "./treated-client.ts";

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

const suite = clinicAndBrowser();
let deskCookie = "";
let outsiderCookie = "";
let ownerPractitionerId = "";
let consultationId = "";
let client = { clientId: "", planId: "" };
const NAME = "Priya Pickford";
const EMAIL = "priya.pickford@example.test";
const PHONE_NUMBER = "(519) 555-0187";

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `i18-${name}.png`), fullPage: true });
}

/** Without JavaScript: the consultation with the owner's practitioner, at the first free time, on to the details step. */
async function toDetailsStep(page: Page) {
  await page.goto(`${suite.app.url}/staff/appointments/new`);
  await page.getByLabel("Service", { exact: true }).selectOption(consultationId);
  await page.getByLabel("Practitioner", { exact: true }).selectOption(ownerPractitionerId);
  await submitting(page, () => page.getByRole("button", { name: "Show free times" }).click());
  await submitting(page, () => page.locator("form.times button.time").first().click());
}

async function clientCount(): Promise<number> {
  return (await suite.app.f.database.db.select({ id: clients.id }).from(clients)).length;
}

async function recordLinks(page: Page): Promise<string[]> {
  return page.locator("nav.record-links a").evaluateAll((links) => links.map((a) => `${a.textContent} → ${a.getAttribute("href")}`));
}

async function checkScreen(page: Page, label: string, width: string) {
  await expectNoAxeViolations(page, `${label} (${width})`);
  if (width === "phone") await expectNoHorizontalScroll(page, label);
  await shot(page, `${label}-${width}`);
}

beforeAll(async () => {
  const { app } = suite;
  const { db } = app.f.database;
  const [owner] = await db.select().from(staffMembers).where(eq(staffMembers.role, "owner"));
  ownerPractitionerId = owner!.practitionerId!;
  const other = (await db.select().from(practitioners)).find((p) => p.id !== ownerPractitionerId)!;
  consultationId = (await db.select().from(services).where(eq(services.slug, "consultation")))[0]!.id;
  client = await clientWithSignedPlan(app, {
    ownerCookie: await app.ownerCookie(),
    practitionerId: ownerPractitionerId,
    name: NAME,
    email: EMAIL,
  });
  await db.update(clients).set({ phone: PHONE_NUMBER }).where(eq(clients.id, client.clientId));
  // Someone who shares a surname and an area code: the search has to tell them apart.
  await db.insert(clients).values({
    organizationId: app.f.organizationId,
    name: "Sam Pickford",
    email: "sam.p@example.test",
    emailNormalized: "sam.p@example.test",
    phone: "519-555-0100",
  });
  markSensitive(PHONE_NUMBER, "Sam Pickford", "sam.p@example.test");
  deskCookie = (await app.addSignedInStaff("front-desk", { name: "Dee at the desk" })).cookie;
  outsiderCookie = (await app.addSignedInStaff("practitioner", { practitionerId: other.id, name: "Other practitioner" })).cookie;
});

describe("booking for a client the clinic knows", () => {
  for (const [width, options] of WIDTHS) {
    it(`the desk finds the client by part of the phone number, chooses them and books by keyboard (${width})`, async () => {
      const { page, context, errors } = await suite.signedInPage(options, deskCookie);
      const before = await clientCount();
      await page.goto(`${suite.app.url}/staff/appointments/new`);
      await checkScreen(page, "new-appointment", width);

      // The phone number typed with other punctuation than it was stored with.
      await tabTo(page, "#client-q");
      await page.keyboard.type("555.0187");
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "matches" }).waitFor();
      const found = await page.locator(".client-result").allTextContents();
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(NAME);
      expect(found[0]).toContain(EMAIL);
      expect(found[0]).toContain(PHONE_NUMBER);
      await checkScreen(page, "client-search", width);

      await tabTo(page, `button[name="client"][value="${client.clientId}"]`);
      await page.keyboard.press("Enter");
      await page.waitForURL(new RegExp(`client=${client.clientId}`));
      await page.getByRole("heading", { name: "Client", exact: true }).waitFor();
      expect(await page.locator("#chosen-client-heading + dl").textContent()).toContain(NAME);
      expect(page.url()).not.toContain("Pickford");
      await checkScreen(page, "client-chosen", width);

      await page.getByLabel("Service", { exact: true }).selectOption(consultationId);
      await page.getByLabel("Practitioner", { exact: true }).selectOption(ownerPractitionerId);
      await page.getByRole("button", { name: "Show free times" }).click();
      await page.waitForURL(/service=/);
      expect(page.url()).toContain(`client=${client.clientId}`);
      const firstTime = page.locator("form.times button.time").first();
      await firstTime.focus();
      await page.keyboard.press("Enter");
      const book = page.getByRole("button", { name: `Book for ${NAME}` });
      await book.waitFor();
      // A chosen client: nothing to retype.
      expect(await page.getByLabel("Client's full name").count()).toBe(0);
      await checkScreen(page, "confirm-chosen", width);
      await book.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}\?booked=1/);
      const appointmentId = /appointments\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      const [row] = await suite.app.f.database.db.select().from(appointments).where(eq(appointments.id, appointmentId));
      expect(row!.clientId).toBe(client.clientId);
      expect(row!.source).toBe("staff");
      expect(await clientCount()).toBe(before);

      // The desk: the client's page and the plan's sessions; no screening, no plan content.
      expect(await recordLinks(page)).toEqual([
        `Client's page → /staff/clients/${client.clientId}`,
        `Plan sessions → /staff/plans/${client.planId}/series`,
      ]);
      expect(await page.locator("main").textContent()).not.toMatch(/screening and intake|suitable|deferred/i);
      await checkScreen(page, "appointment-desk", width);
      await page.getByRole("link", { name: "Client's page" }).click();
      await page.waitForURL(new RegExp(`/staff/clients/${client.clientId}$`));
      await page.getByRole("heading", { name: NAME }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("works without JavaScript: a time first, then the client searched and chosen on the details step", async () => {
    const { page, context } = await suite.signedInPage({ ...PHONE, javaScriptEnabled: false }, deskCookie);
    const before = await clientCount();
    await toDetailsStep(page);
    await page.getByRole("heading", { name: "Or a new client" }).waitFor();
    await page.getByLabel("Name, e-mail or phone").fill("PICKF");
    await submitting(page, () => page.getByRole("button", { name: "Find client" }).click());
    expect(await page.locator(".client-result").count()).toBe(2);
    await expectNoHorizontalScroll(page, "details step with matches");
    await shot(page, "details-search-phone-nojs");
    await submitting(page, () => page.getByRole("button", { name: `Choose ${NAME}` }).click());
    await submitting(page, () => page.getByRole("button", { name: `Book for ${NAME}` }).click());
    expect(page.url()).toMatch(/\?booked=1$/);
    const appointmentId = /appointments\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const [row] = await suite.app.f.database.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(row!.clientId).toBe(client.clientId);
    expect(await clientCount()).toBe(before);
    await context.close();
  });

  for (const [width, options] of WIDTHS) {
    it(`the details step finds clients too, and keeps the chosen time (${width})`, async () => {
      // axe copies a page opened without JavaScript into a scripted one, where a staff page hydrates under it:
      // this step's screen is checked here, with JavaScript.
      const { page, context, errors } = await suite.signedInPage(options, deskCookie);
      await page.goto(`${suite.app.url}/staff/appointments/new?service=${consultationId}&practitioner=${ownerPractitionerId}`);
      await page.locator("form.times button.time").first().click();
      await page.getByRole("heading", { name: "Or a new client" }).waitFor();
      const when = await page.locator(".summary-card").first().textContent();
      await page.getByLabel("Name, e-mail or phone").fill("pickford");
      await page.getByLabel("Name, e-mail or phone").press("Enter");
      await page.getByRole("status").filter({ hasText: "2 clients match" }).waitFor();
      expect(await page.locator(".summary-card").first().textContent()).toBe(when);
      await checkScreen(page, "details-search", width);
      await page.getByRole("button", { name: `Choose ${NAME}` }).click();
      await page.getByRole("button", { name: `Book for ${NAME}` }).waitFor();
      expect(await page.locator(".summary-card").first().textContent()).toBe(when);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("keeps booking a new client by typing their details", async () => {
    const { page, context } = await suite.signedInPage({ ...PHONE, javaScriptEnabled: false }, deskCookie);
    const before = await clientCount();
    await toDetailsStep(page);
    markSensitive("Nova Newcomer", "nova.newcomer@example.test");
    await page.getByLabel("Client's full name").fill("Nova Newcomer");
    await page.getByLabel("Client's e-mail").fill("nova.newcomer@example.test");
    await submitting(page, () => page.getByRole("button", { name: "Book appointment" }).click());
    expect(page.url()).toMatch(/\?booked=1$/);
    expect(await clientCount()).toBe(before + 1);
    await context.close();
  });

  it("a search with a control character is answered beside the field, and nothing is echoed", async () => {
    const { page, context } = await suite.signedInPage(PHONE, deskCookie);
    const answer = await page.goto(`${suite.app.url}/staff/appointments/new?q=${encodeURIComponent("Pick\u0000")}`);
    expect(answer!.status()).toBe(422);
    await page.locator("#client-q-error").waitFor();
    expect(await page.getByLabel("Name, e-mail or phone").inputValue()).toBe("");
    await expectNoAxeViolations(page, "search refused");
    await context.close();
  });
});

describe("the appointment's links to the client's record", () => {
  /** The plan's first session, today (booked once: a session is booked once). */
  let planSessionId: string | undefined;
  for (const [width, options] of WIDTHS) {
    it(`the owner who treats the client reaches their page, screening and plan from a session of the plan (${width})`, async () => {
      planSessionId ??= await bookToday(suite.app, {
        practitionerId: ownerPractitionerId,
        clientId: client.clientId,
        slug: "microneedling-face",
        planId: client.planId,
      });
      const appointmentId = planSessionId;
      const { page, context, errors } = await suite.signedInPage(options);
      await page.goto(`${suite.app.url}/staff/appointments/${appointmentId}`);
      expect(await recordLinks(page)).toEqual([
        `Client's page → /staff/clients/${client.clientId}`,
        `Screening and intake review → /staff/clients/${client.clientId}#screening-heading`,
        `Treatment plan (this is session 1) → /staff/plans/${client.planId}`,
        `Plan sessions → /staff/plans/${client.planId}/series`,
      ]);
      await checkScreen(page, "appointment-owner", width);
      await page.getByRole("link", { name: "Screening and intake review" }).click();
      await page.waitForURL(/#screening-heading$/);
      await page.getByRole("heading", { name: "Screening", exact: true }).waitFor();
      await page.goBack();
      await page.getByRole("link", { name: /Treatment plan/ }).click();
      await page.waitForURL(new RegExp(`/staff/plans/${client.planId}$`));
      expect(await page.title()).toMatch(/Dermaplan staff/);
      expect(await page.locator("main h1").count()).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("a practitioner outside the care team is offered the client's page only", async () => {
    const appointmentId = await bookToday(suite.app, {
      practitionerId: ownerPractitionerId,
      clientId: client.clientId,
      slug: "consultation",
    });
    const { page, context } = await suite.signedInPage(PHONE, outsiderCookie);
    await page.goto(`${suite.app.url}/staff/appointments/${appointmentId}`);
    expect(await recordLinks(page)).toEqual([`Client's page → /staff/clients/${client.clientId}`]);
    await expectNoAxeViolations(page, "appointment, practitioner outside the care team");
    await context.close();
  });
});
