// The appointment's day in the browser, on a 360 px phone and at desktop
// width: the owner, who also treats (the demo owner is linked to the first
// practitioner), checks a client in, starts and completes a consultation;
// the front desk checks a treatment's client in but is not offered to start
// it; a missed appointment is marked as a no-show and counted on the
// client's page; the calendar shows each state; the client signs the
// consent to microneedling and gives, then withdraws, consent to photographs
// in their portal, and the treatment's page shows it. axe runs on every screen.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, practitioners, staffMembers } from "../src/db/schema.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, launchBrowser, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { openHeaderMenu } from "./header-menu.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { bookToday, WIDTHS } from "./appointment-today.ts";
import { linkFromOutbox, markSensitive } from "./server.ts";

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

let app: InProcessClinic;
let browser: Browser;
let deskCookie = "";
let ownerPractitionerId = "";
let otherPractitionerId = "";

/** An appointment today, booked by staff, for a new client. */
async function appointmentToday(o: { practitionerId: string; slug: string; clientName: string }) {
  const { db } = app.f.database;
  const email = `${o.clientName.toLowerCase().replace(/\W+/g, ".")}@example.test`;
  const [client] = await db
    .insert(clients)
    .values({ organizationId: app.f.organizationId, name: o.clientName, email, emailNormalized: email })
    .returning();
  markSensitive(o.clientName);
  const id = await bookToday(app, { practitionerId: o.practitionerId, clientId: client!.id, slug: o.slug });
  return { id, clientId: client!.id };
}

async function press(page: Page, name: string, message: string) {
  await page.getByRole("button", { name }).click();
  await page.getByText(message).waitFor();
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `session-day-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startInProcessClinic(), launchBrowser()]);
  const { db } = app.f.database;
  const [owner] = await db.select().from(staffMembers).where(eq(staffMembers.role, "owner"));
  ownerPractitionerId = owner!.practitionerId!;
  const others = await db.select().from(practitioners);
  otherPractitionerId = others.find((p) => p.id !== ownerPractitionerId)!.id;
  deskCookie = (await app.addSignedInStaff("front-desk", { name: "Dee at the desk" })).cookie;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the appointment's day", () => {
  for (const [label, options] of WIDTHS) {
    it(`the owner who treats checks a client in, starts and completes a consultation (${label})`, async () => {
      const a = await appointmentToday({ practitionerId: ownerPractitionerId, slug: "consultation", clientName: `Casey Checkin ${label}` });
      const context = await newContext(browser, options);
      await app.useCookie(context, await app.ownerCookie());
      const page = await context.newPage();
      const errors = trackPageErrors(page);
      await page.goto(`${app.url}/staff/appointments/${a.id}`);
      await page.getByRole("heading", { name: "Today" }).waitFor();
      await expectNoAxeViolations(page, `appointment, booked (${label})`);
      if (label === "phone") await expectNoHorizontalScroll(page, "appointment on a phone");
      await shot(page, `booked-${label}`);

      await press(page, "Check in", "The client is checked in.");
      // "Checked in at 11:32 a.m." — one full stop.
      expect(await page.getByText(/^Checked in at \d{1,2}:\d{2} [ap]\.m\.$/).count()).toBe(1);
      await expectNoAxeViolations(page, `appointment, checked in (${label})`);
      await press(page, "Start the consultation", "The session has started.");
      await shot(page, `in-session-${label}`);
      await press(page, "Complete the session", "The session is completed.");
      await expectNoAxeViolations(page, `appointment, completed (${label})`);
      if (label === "phone") await expectNoHorizontalScroll(page, "completed appointment on a phone");
      await shot(page, `completed-${label}`);
      // Nothing left to do today but look.
      expect(await page.locator(".day-steps button").count()).toBe(0);

      // The calendar shows it done.
      await page.getByRole("link", { name: "← Calendar for this day" }).click();
      await page.waitForURL(/\/staff\?date=/);
      const block = page.locator(`a[href="/staff/appointments/${a.id}"]`).first();
      await expect.poll(() => block.textContent()).toContain("Completed");
      await expectNoAxeViolations(page, `calendar (${label})`);
      await shot(page, `calendar-${label}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("the front desk checks a treatment's client in but leaves the start to the practitioner; a no-show is counted on the client", async () => {
    const treatment = await appointmentToday({
      practitionerId: otherPractitionerId,
      slug: "microneedling-face",
      clientName: "Tanis Treatment",
    });
    const missed = await appointmentToday({ practitionerId: otherPractitionerId, slug: "consultation", clientName: "Morgan Missed" });
    const context = await newContext(browser, PHONE);
    await app.useCookie(context, deskCookie);
    const page = await context.newPage();
    await page.goto(`${app.url}/staff/appointments/${treatment.id}`);
    await press(page, "Check in", "The client is checked in.");
    expect(await page.getByRole("button", { name: "Start the treatment" }).count()).toBe(0);
    await page.getByText("The practitioner booked for this treatment starts and completes it.").waitFor();
    await expectNoAxeViolations(page, "treatment checked in, seen by the desk");
    await shot(page, "desk-treatment");

    // A posted start from the desk is refused with the reason, and nothing changes.
    const refused = await page.request.post(`${app.url}/staff/appointments/${treatment.id}`, {
      form: { intent: "day-step", step: "start" },
      headers: { Origin: app.url },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("Only the practitioner booked for this treatment can start the session.");

    await page.goto(`${app.url}/staff/appointments/${missed.id}`);
    await press(page, "Mark as no-show", "The appointment is marked as a no-show and counted on the client.");
    await page.getByText("1 no-show").first().waitFor();
    await page.goto(`${app.url}/staff/clients/${missed.clientId}`);
    await page.getByText("1 no-show").waitFor();
    await expectNoAxeViolations(page, "client page with a no-show");
    await shot(page, "client-no-show");

    // A no-show marked by mistake is undone, and no longer counted.
    await page.goto(`${app.url}/staff/appointments/${missed.id}`);
    await press(page, "Undo the no-show", "The last step is undone: the appointment is booked again.");
    await page.getByText("No missed appointments or late cancellations").waitFor();
    await context.close();
  });
  it("the client signs the consent in their portal (their own name only), chooses and withdraws photo consent; the treatment page shows it", async () => {
    const name = "Hélène Côté-Consent";
    const a = await appointmentToday({ practitionerId: otherPractitionerId, slug: "microneedling-face", clientName: name });
    const [row] = await app.f.database.db.select({ email: clients.email }).from(clients).where(eq(clients.id, a.clientId));
    markSensitive(row!.email);
    const staffContext = await newContext(browser, PHONE);
    await app.useCookie(staffContext, deskCookie);
    const staffPage = await staffContext.newPage();
    await staffPage.goto(`${app.url}/staff/appointments/${a.id}`);
    await staffPage.getByText("Consent to microneedling: not signed yet.", { exact: false }).waitFor();

    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${app.url}/portal/login`);
    await page.getByLabel("E-mail").fill(row!.email);
    await page.getByRole("button", { name: /E-mail me a (sign-in|new) link/ }).click();
    await page.waitForURL(/\/portal\/login\?sent=1/);
    const link = await linkFromOutbox(app.dataDir, row!.email, /\/portal\/verify\?token=[A-Za-z0-9_-]+/);
    await page.goto(`${app.url}${link}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal$/);
    await openHeaderMenu(page);
    await page.getByRole("link", { name: "Consent forms" }).click();
    await page.waitForURL(/\/portal\/consent$/);
    await page.getByRole("heading", { name: "Consent to microneedling" }).waitFor();
    await expectNoAxeViolations(page, "portal consent forms");
    await expectNoHorizontalScroll(page, "portal consent forms");
    await shot(page, "portal-consent");

    // Someone else's name is refused, with the name the clinic has; nothing is signed.
    const procedure = page.locator("section", { has: page.getByRole("heading", { name: "Consent to microneedling" }) });
    await procedure.getByLabel("I have read this form, my questions were answered, and I agree.").check();
    await procedure.getByLabel("Type your full name to sign").fill("Someone Else");
    await procedure.getByRole("button", { name: "Sign" }).click();
    await page.getByText(`Type your name as the clinic has it on your account: ${name}.`, { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, "portal consent, name refused");
    // Typed without accents, it is her name.
    await procedure.getByLabel("I have read this form, my questions were answered, and I agree.").check();
    await procedure.getByLabel("Type your full name to sign").fill("helene cote-consent");
    await procedure.getByRole("button", { name: "Sign" }).click();
    await page.getByText("Thank you — your consent is signed.").waitFor();
    await page.getByText(/^You signed version 1 on /).waitFor();

    // Photographs: the clinical record and teaching, then withdrawn.
    const photos = page.locator("section", { has: page.getByRole("heading", { name: "Consent to photographs" }) });
    await photos.getByLabel("In my clinical record only").check();
    await photos.getByLabel("Anonymised, to teach the clinic's staff").check();
    await photos.getByLabel("I have read this form, my questions were answered, and I agree.").check();
    await photos.getByLabel("Type your full name to sign").fill(name);
    await photos.getByRole("button", { name: "Sign" }).click();
    await page
      .getByText(/You allow your photographs to be used: In my clinical record only; Anonymised, to teach the clinic's staff\./)
      .waitFor();
    await shot(page, "portal-consent-signed");
    await page.getByRole("button", { name: "Withdraw my consent to photographs" }).click();
    await page.getByText("Your consent to photographs is withdrawn", { exact: false }).waitFor();
    await expectNoAxeViolations(page, "portal consent, photographs withdrawn");
    expect(errors).toEqual([]);

    await staffPage.reload();
    await staffPage.getByText(/Consent to microneedling: signed \(version 1, /).waitFor();
    await context.close();
    await staffContext.close();
  });
});
