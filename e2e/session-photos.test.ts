// Photos over time on a 360 px phone, axe on every screen: the practitioner
// (the owner, who treats) opens a session's photos from its chart, reads the
// capture guide and uploads the front photo of an area at two sessions five
// weeks apart; compares them side by side and with the slider, moved by
// keyboard; and the client sees the same comparison in their portal, the
// slider moved by keyboard there too.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { appointments } from "../src/db/schema.ts";
import { signCurrentConsent } from "../src/consent/test-fixtures.ts";
import { localDateOf } from "../src/scheduling/time.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { openHeaderMenu } from "./header-menu.ts";
import { bookToday } from "./appointment-today.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { CLINIC_ZONE } from "./days.ts";
import { clientWithSignedPlan, ownerActor, signInToPortal, treatmentAt } from "./treated-client.ts";

const DAY = 86_400_000;
const clinic = clinicAndBrowser();
let ownerCookie = "";
let ownerPractitionerId = "";

beforeAll(async () => {
  ownerPractitionerId = (await ownerActor(clinic.app)).practitionerId!;
  ownerCookie = await clinic.app.ownerCookie();
});

/** A screened client with a plan of both cheeks the client signed, and their photo consent for the record. */
async function clientWithPlan(name: string, email: string) {
  const { app } = clinic;
  const { clientId, planId } = await clientWithSignedPlan(app, { ownerCookie, practitionerId: ownerPractitionerId, name, email });
  await signCurrentConsent(app.f.database.db, { organizationId: app.f.organizationId, clientId, name, kind: "photos", scopes: ["record"] });
  return { clientId, planId };
}

/** The first session of the plan, five weeks ago, done; and the second, today, started. */
async function twoSessions(clientId: string, planId: string) {
  const { app } = clinic;
  const { db } = app.f.database;
  const start = Date.now() - 35 * DAY;
  const first = await treatmentAt(app, { practitionerId: ownerPractitionerId, clientId, startMs: start, status: "completed", planId });
  const second = await bookToday(app, { practitionerId: ownerPractitionerId, clientId, slug: "microneedling-face" });
  const now = new Date();
  await db.update(appointments).set({ arrivedAt: now, startedAt: now, planId, planSession: 2 }).where(eq(appointments.id, second));
  return { first, second, firstDate: localDateOf(start, CLINIC_ZONE) };
}

async function photo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 800, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

async function check(page: Page, label: string) {
  await expectNoAxeViolations(page, `${label} (phone)`);
  await expectNoHorizontalScroll(page, label);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `photos-${label.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
  }
}

/** Uploads the front photo of the left cheek on a session's photo page. */
async function uploadFront(page: Page, colour: string) {
  await page.getByText("Before you take the photos").waitFor();
  await page
    .getByLabel("Photo: Cheek, left, front")
    .setInputFiles({ name: "front.jpg", mimeType: "image/jpeg", buffer: await photo(colour) });
  await page.getByRole("button", { name: "Upload Cheek, left, front" }).click();
  await page.getByText("The front photo of cheek, left is saved.").waitFor();
  await page.getByRole("img", { name: /^Cheek, left, front, taken at / }).waitFor();
}

/** The slider, ready once the page's script runs: ArrowRight reveals 5 % more of the later photo. */
async function slideByKeyboard(page: Page, label: string) {
  const slider = page.getByRole("slider", { name: label });
  await expect.poll(() => slider.isEnabled()).toBe(true);
  expect(await slider.inputValue()).toBe("50");
  await expect.poll(() => page.locator(".photo-slider .photo-reveal").getAttribute("class")).toContain("reveal-50");
  await slider.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => slider.inputValue()).toBe("60");
  await expect.poll(() => page.locator(".photo-slider .photo-reveal").getAttribute("class")).toContain("reveal-60");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => page.locator(".photo-slider .photo-reveal").getAttribute("class")).toContain("reveal-55");
}

describe("photos over time", () => {
  it("are taken by view at two sessions, compared with the slider by keyboard, and seen by the client in their portal", async () => {
    const { app, browser } = clinic;
    const name = "Noémie Tremblay";
    const email = "noemie.tremblay@example.test";
    const { clientId, planId } = await clientWithPlan(name, email);
    const s = await twoSessions(clientId, planId);

    const { context, page, errors } = await clinic.signedInPage(PHONE, ownerCookie);
    // The first session's photos, from its photo page.
    await page.goto(`${app.url}/staff/appointments/${s.first}/photos`);
    await page.getByRole("heading", { name: "Session photos" }).waitFor();
    await check(page, "session photos, none yet");
    await uploadFront(page, "#c9a08c");
    await check(page, "session photos, the front photo taken");

    // Today's session: from its chart, with the phone's camera offered (capture).
    await page.goto(`${app.url}/staff/appointments/${s.second}/chart`);
    await page.getByRole("link", { name: "Photos of this session" }).click();
    await page.getByRole("heading", { name: "Session photos" }).waitFor();
    expect(await page.getByLabel("Photo: Cheek, left, front").getAttribute("capture")).toBe("environment");
    expect(await page.getByLabel("Photo: Cheek, right, close-up").count()).toBe(1);
    await uploadFront(page, "#e0c0b0");

    // The comparison: both sessions, side by side with their dates, then the slider by keyboard.
    await page.getByRole("link", { name: "Compare this client's photos across sessions" }).click();
    await page.getByRole("heading", { name: "Photos over time" }).waitFor();
    await page.getByRole("heading", { name: "Cheek, left, front" }).waitFor();
    const captions = await page.locator(".photo-pair figcaption").allTextContents();
    expect(captions).toHaveLength(2);
    expect(captions[0]).toMatch(/^Earlier: /);
    expect(captions[1]).toMatch(/^Later: /);
    expect(captions[0]).not.toBe(captions[1]);
    // Both at one scale: boxes of the same size.
    const boxes = await page.locator(".photo-pair .photo-box").evaluateAll((els) => els.map((e) => [e.clientWidth, e.clientHeight]));
    expect(boxes[0]).toEqual(boxes[1]);
    await expect
      .poll(() => page.locator(".photo-pair img").evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)))
      .toBe(true);
    await slideByKeyboard(page, "Reveal the later photo");
    await check(page, "comparison with the slider moved");
    // The choice is a plain form: the same two sessions asked for the other way round come out in time order.
    await page.locator("#field-a").selectOption(s.second);
    await page.locator("#field-b").selectOption(s.first);
    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/a=/);
    await expect.poll(() => page.locator(".photo-pair figcaption").allTextContents()).toEqual(captions);
    expect(errors).toEqual([]);
    await context.close();

    // The client, in their portal.
    const portal = await newContext(browser, PHONE);
    const client = await portal.newPage();
    const clientErrors = trackPageErrors(client);
    await signInToPortal(client, app, email);
    await openHeaderMenu(client);
    await client.getByRole("link", { name: "Your photos" }).click();
    await client.getByRole("heading", { name: "Your photos" }).waitFor();
    await client.getByRole("heading", { name: "Cheek, left, front" }).waitFor();
    expect(await client.locator(".photo-pair figcaption").allTextContents()).toEqual(captions);
    await slideByKeyboard(client, "Reveal the later photo");
    await check(client, "portal photos");
    // Only the client's own photos: another id is not found.
    const other = await client.request.get(`${app.url}/portal/photos/00000000-0000-4000-8000-000000000000`);
    expect(other.status()).toBe(404);
    expect(clientErrors).toEqual([]);
    await portal.close();
  });
});
