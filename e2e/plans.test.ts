// A treatment plan from consultation to booked series, in Chromium on a
// 360 px phone: the practitioner builds the plan on the zone map by keyboard
// (a depth above the zone's limit is refused with its rule, nothing typed is
// lost), adds a photo and offers the plan; the client reads and signs it in
// the portal without JavaScript and downloads the PDF, whose first page,
// rendered with MuPDF, is not blank; the owner books the whole series,
// which then shows in the staff calendar. axe runs on every screen. The
// plan API refuses what the limits refuse, naming the rule.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestSignInLink } from "../src/clients/portal.ts";
import { appointments, outboxMessages, practitioners, services } from "../src/db/schema.ts";
import { planGlides } from "../src/plans/tables.ts";
import { signCurrentConsent } from "../src/consent/test-fixtures.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { localDateOf } from "../src/scheduling/time.ts";
import { darkShare, pdfText, renderGrey } from "../src/testing/pdf-reader.ts";
import { expectNoAxeViolations, launchBrowser, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";

const ZONE = "America/Toronto";
const CLIENT = { name: "Noor Planwright", email: "noor.planwright@example.test" };
const NOTE = "We start gently and go a little deeper as your skin settles.";
const SCREENSHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

let app: InProcessClinic;
let browser: Browser;
let clientId: string;
let practitionerId: string;
let practitionerCookie: string;
let planId: string;

async function shot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  markSensitive(CLIENT.name, CLIENT.email, NOTE, "Left cheek before the first session");
  [app, browser] = await Promise.all([startInProcessClinic(), launchBrowser()]);
  const { db } = app.f.database;
  const [maja] = await db.select().from(practitioners).where(eq(practitioners.organizationId, app.f.organizationId)).limit(1);
  practitionerId = maja!.id;
  const [consultation] = await db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, app.f.organizationId), eq(services.kind, "consultation")));
  // The client books a consultation with the practitioner (so she is in the care team) and answers the intake.
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (
    await fetch(`${app.url}/api/v1/availability?serviceId=${consultation!.id}&from=${from}&to=${to}&practitionerId=${practitionerId}`)
  ).json()) as { slots: { start: string }[] };
  const booked = await fetch(`${app.url}/api/v1/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ serviceId: consultation!.id, practitionerId, start: slots.slots[0]!.start, client: CLIENT }),
  });
  expect(booked.status).toBe(201);
  const today = new Date().toLocaleDateString("en-CA", { timeZone: ZONE });
  ({ clientId } = await screenClient(db, app.keyRing, {
    organizationId: app.f.organizationId,
    email: CLIENT.email,
    asOf: today,
    now: Date.now(),
  }));
  // The client's consent to photographs in their clinical record: the plan page takes a photo below.
  await signCurrentConsent(db, { organizationId: app.f.organizationId, clientId, name: CLIENT.name, kind: "photos", scopes: ["record"] });
  practitionerCookie = (await app.addSignedInStaff("practitioner", { practitionerId, name: "Maja at the desk" })).cookie;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("treatment plans in the browser", () => {
  it("lets the practitioner build a plan on the zone map by keyboard, refusing a depth past the zone's limit", async () => {
    const context = await newContext(browser, PHONE);
    await app.useCookie(context, practitionerCookie);
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${app.url}/staff/clients/${clientId}`);
    await page.getByRole("link", { name: "New treatment plan" }).click();
    await page.waitForURL(/\/plans\/new$/);
    await page.getByRole("heading", { level: 1, name: "New treatment plan" }).waitFor();
    await expect.poll(() => page.title()).toBe("New treatment plan — Dermaplan staff");
    await expectNoAxeViolations(page, "new plan");

    // The intake gave no score here: the practitioner confirms the type from what they see.
    await page.getByLabel("Fitzpatrick skin type").focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    expect(await page.getByLabel("Fitzpatrick skin type").inputValue()).toBe("3");

    // The map is for pointers; the list beside it is the keyboard's way in.
    expect(await page.locator("svg[aria-hidden='true'] [data-zone='cheek-left']").count()).toBe(1);
    const cheek = page.getByRole("checkbox", { name: "Cheek, left", exact: true });
    await cheek.focus();
    // Focus in the list lights the zone up on the map.
    await expect.poll(() => page.locator("[data-zone='cheek-left']").getAttribute("class")).toContain("focused");
    await page.keyboard.press("Space");
    await page.getByRole("group", { name: "Cheek, left" }).waitFor();
    await expect.poll(() => page.locator("[data-zone='cheek-left']").getAttribute("class")).toContain("selected");
    // A tap on the map selects too.
    await page.locator("[data-zone='cheek-right']").click();
    await page.getByRole("group", { name: "Cheek, right" }).waitFor();
    expect(await page.getByRole("checkbox", { name: "Cheek, right", exact: true }).isChecked()).toBe(true);

    const left = page.getByRole("group", { name: "Cheek, left" });
    expect(await left.getByLabel("Concern").inputValue()).toBe("acne-scars");
    const suggestion = left.locator(".suggestion");
    expect(await suggestion.textContent()).toMatch(/Suggested depth \d/);
    expect(await suggestion.textContent()).toMatch(/Sources:.*ref-/);

    // Too deep for a cheek: typed by keyboard, refused by the server with the rule, and nothing typed is lost.
    await left.getByLabel("Depth from (mm)").focus();
    await page.keyboard.type("0.5");
    await page.keyboard.press("Tab");
    await page.keyboard.type("2.0");
    const right = page.getByRole("group", { name: "Cheek, right" });
    await right.getByRole("button", { name: /^Use .* mm for Cheek, right$/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Use the usual course" }).focus();
    await page.keyboard.press("Enter");
    const product = page.getByRole("checkbox", { name: /Sterile hyaluronic acid gel/ });
    await product.focus();
    await page.keyboard.press("Space");
    // The numbing cream is named with its agent and strength, and the glide comes from the clinic's sterile single-use list.
    await page.getByLabel("Numbing cream (agent and strength)").selectOption({ label: "Lidocaine 4 % cream — lidocaine 4 %" });
    await page.getByLabel("On the skin during needling (glide)").selectOption({ label: "Sterile hyaluronic glide, single-use ampoule" });
    await page.getByLabel("For the whole course").focus();
    await page.keyboard.type("799");
    await page.getByLabel("A note to the client").focus();
    await page.keyboard.type(NOTE);
    await page.getByRole("button", { name: "Save draft" }).focus();
    await page.keyboard.press("Enter");
    const fieldError = left.locator(".field-error");
    await fieldError.waitFor();
    // The cheek's ceiling is its clinic maximum too (1.5 mm, the cleared device's face limit): past it, the absolute limit speaks.
    expect(await fieldError.textContent()).toMatch(
      /Cheek, left: at most 1\.5 mm \(absolute limit for this area\) \(rule depth\.absolute-ceiling\)/,
    );
    expect(await page.getByRole("alert").first().textContent()).toContain("rule depth.absolute-ceiling");
    expect(await page.getByLabel("A note to the client").inputValue()).toBe(NOTE);
    expect(await product.isChecked()).toBe(true);
    await shot(page, "plan-editor-refused");
    await expectNoAxeViolations(page, "plan editor with a refusal");

    // Fixed with the suggestion, by keyboard, and saved.
    await left.getByRole("button", { name: /^Use .* mm for Cheek, left$/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Save draft" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/staff\/plans\/[0-9a-f-]{36}\?saved=created$/);
    planId = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByText("The plan is saved as a draft").waitFor();
    await expectNoAxeViolations(page, "plan page (draft)");

    // A file that is not a photo: refused with the reason, the caption kept.
    await page
      .getByLabel("Add a photo")
      .setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
    await page.getByLabel("Caption").fill("Left cheek before the first session");
    await page.getByRole("button", { name: "Upload the photo" }).click();
    await page.getByText("This file is not a photo we can read").waitFor();
    expect(await page.getByLabel("Caption").inputValue()).toBe("Left cheek before the first session");
    await expectNoAxeViolations(page, "refused photo");
    await page.getByRole("link", { name: "← Back to the plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Treatment plan" }).waitFor();

    // A phone-sized photo (over the 1 MB limit of other forms): its camera details are gone when it comes back.
    const photo = await sharp({
      create: { width: 1600, height: 1200, channels: 3, background: "#d8a890", noise: { type: "gaussian", mean: 150, sigma: 60 } },
    })
      .jpeg({ quality: 95 })
      .withExifMerge({ IFD0: { Make: "PhoneMaker" } })
      .toBuffer();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    await page.getByLabel("Add a photo").setInputFiles({ name: "cheek.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByLabel("Caption").fill("Left cheek before the first session");
    await page.getByRole("button", { name: "Upload the photo" }).click();
    await page.getByText("The photo is saved").waitFor();
    const src = await page.getByRole("img", { name: "Left cheek before the first session" }).getAttribute("src");
    const image = await page.request.get(`${app.url}${src}`);
    expect(image.headers()["cache-control"]).toContain("no-store");
    expect((await sharp(await image.body()).metadata()).exif).toBeUndefined();

    await page.getByRole("button", { name: "Offer version 1 to the client" }).click();
    await page.getByText("The plan is offered to the client").waitFor();
    await shot(page, "plan-offered");
    await expectNoAxeViolations(page, "plan page (offered)");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets the client read and sign the plan in the portal without JavaScript and download it as a PDF", async () => {
    const { db } = app.f.database;
    await requestSignInLink(db, {
      organizationId: app.f.organizationId,
      email: CLIENT.email,
      ip: "127.0.0.1",
      now: Date.now(),
      baseUrl: app.url,
      clinic: { name: "Jolanta's European Spa", phone: "(519) 725-9999" },
    });
    const [mail] = await db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toAddress, CLIENT.email), eq(outboxMessages.kind, "portal-sign-in")));
    const link = /(\/portal\/verify\?token=[A-Za-z0-9_-]+)/.exec(mail!.bodyText)![1]!;
    markSensitive(link.split("=")[1]!);
    const context = await newContext(browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}${link}`);
    await page.getByRole("button").first().click();
    await page.waitForURL(/\/portal$/);
    await page.getByRole("link", { name: "Read and sign your plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Your treatment plan" }).waitFor();
    expect(await page.title()).not.toContain(CLIENT.name);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Cheek, left");
    expect(text).toContain(NOTE);
    expect(text).toContain("What it can and cannot do");
    expect(text).toContain("Sterile hyaluronic acid gel");
    // Fixed when the plan was offered: a date, or the wait for the practitioner's review.
    expect(text).toMatch(/Earliest first session(\w+ \d{1,2}, \d{4}|After your practitioner reviews your health questionnaire)/);
    await expectNoAxeViolations(page, "portal plan");
    await shot(page, "portal-plan");

    // Signing without the box ticked is refused beside the box; the typed name stays.
    await page.getByLabel("Type your full name to sign").fill(CLIENT.name);
    await page.getByRole("button", { name: "Sign the plan" }).click();
    await page.getByText("Tick the box to say you agree").first().waitFor();
    expect(await page.getByLabel("Type your full name to sign").inputValue()).toBe(CLIENT.name);
    await page.getByLabel(/I have read this plan/).check();
    await page.getByRole("button", { name: "Sign the plan" }).click();
    await page.getByText("Thank you — your plan is signed").waitFor();
    expect(await page.locator("main").textContent()).toContain(`Signed by ${CLIENT.name}`);
    await expectNoAxeViolations(page, "portal plan (signed)");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download your copy/ }).click()]);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const firstPage = renderGrey(pdf, 40);
    expect(firstPage.width).toBeGreaterThan(300);
    expect(darkShare(firstPage.pixels)).toBeGreaterThan(0.01);
    expect(pdfText(pdf)).toContain(CLIENT.name);
    const pdfWords = pdfText(pdf).replace(/\s+/g, " ");
    expect(pdfWords).toContain("Phone (519) 725-9999 · E-mail hello@demo.dermaplan.test");
    expect(pdfWords).toContain("Earliest first session");
    if (SCREENSHOTS) writeFileSync(join(SCREENSHOTS, "plan.pdf"), pdf);
    await context.close();
  });

  it("lets the owner book the whole series, which then shows in the staff calendar", async () => {
    const context = await newContext(browser, PHONE);
    await app.useCookie(context, await app.ownerCookie());
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${app.url}/staff/clients/${clientId}`);
    await page.getByRole("link", { name: "Book the sessions" }).click();
    await page.getByRole("heading", { level: 1, name: "Sessions of the plan" }).waitFor();
    const items = page.locator(".series-item");
    expect(await items.count()).toBe(3);
    expect(await page.locator(".series-item.unplaced").count()).toBe(0);
    await expectNoAxeViolations(page, "series proposal");
    await shot(page, "series-proposal");
    await page.getByRole("button", { name: "Book 3 sessions" }).click();
    await page.waitForURL(/\/series\?saved=booked$/);
    await page.getByText("The sessions are booked.").waitFor();
    expect(await page.locator(".series-item").allTextContents()).toEqual([
      expect.stringContaining("Booked"),
      expect.stringContaining("Booked"),
      expect.stringContaining("Booked"),
    ]);
    await expectNoAxeViolations(page, "series booked");
    // The desk's way in: the client page lists the signed plan's sessions without opening the health record.
    await page.goto(`${app.url}/staff/clients/${clientId}`);
    expect(await page.locator("main").textContent()).toContain("3 sessions — 0 done, 3 booked.");

    const { db } = app.f.database;
    const rows = await db.select().from(appointments).where(eq(appointments.planId, planId));
    expect(rows.map((r) => r.planSession).sort()).toEqual([1, 2, 3]);
    const first = rows.find((r) => r.planSession === 1)!;
    await page.goto(`${app.url}/staff?date=${localDateOf(first.startsAt.getTime(), ZONE)}`);
    await page
      .getByRole("link", { name: new RegExp(CLIENT.name) })
      .first()
      .waitFor();
    await expectNoAxeViolations(page, "calendar with a session");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses through the API what the limits refuse, naming the rule", async () => {
    const cookie = practitionerCookie;
    const [face] = await app.f.database.db
      .select()
      .from(services)
      .where(and(eq(services.organizationId, app.f.organizationId), eq(services.slug, "microneedling-face")));
    const [glide] = await app.f.database.db.select().from(planGlides).where(eq(planGlides.organizationId, app.f.organizationId));
    const draft = {
      assessment: { fitzpatrick: 2, fitzpatrickFromIntake: null, glogau: null, concerns: [], notes: "" },
      zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.5 }],
      serviceId: face!.id,
      practitionerId: null,
      sessions: 4,
      intervalMinDays: 7,
      intervalMaxDays: 35,
      numbingCream: false,
      glideId: glide!.id,
      productIds: [],
      pricePerSessionCents: 29900,
      packagePriceCents: 99900,
      currency: "CAD",
      noteToClient: "",
    };
    const post = (body: unknown, withCookie = true) =>
      fetch(`${app.url}/api/v1/clients/${clientId}/plans`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: app.url, ...(withCookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post(draft, false)).status).toBe(401);
    const refused = await post(draft);
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await refused.json()) as { violations: { rule: string; field: string }[] };
    expect(problem.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "depth.zone-maximum", field: "zones.0.depthMaxMm" }),
        expect.objectContaining({ rule: "interval.minimum", field: "intervalMinDays" }),
      ]),
    );
    const eyelids = await post({ ...draft, zones: [{ zone: "eyelids", indication: "fine-lines", depthMinMm: 0.1, depthMaxMm: 0.2 }] });
    expect(((await eyelids.json()) as { violations: { rule: string }[] }).violations.map((v) => v.rule)).toContain("zone.orbital-rim");
    const product = await post({
      ...draft,
      zones: [{ ...draft.zones[0], depthMaxMm: 0.3 }],
      intervalMinDays: 28,
      productIds: ["00000000-0000-4000-8000-000000000001"],
    });
    expect(((await product.json()) as { violations: { rule: string }[] }).violations.map((v) => v.rule)).toEqual(["product.not-approved"]);
    const unlisted = await post({
      ...draft,
      zones: [{ ...draft.zones[0], depthMaxMm: 0.3 }],
      intervalMinDays: 28,
      glideId: "vitamin-c-serum",
    });
    expect(((await unlisted.json()) as { violations: { rule: string }[] }).violations.map((v) => v.rule)).toEqual(["glide.not-approved"]);
    const ok = await post({ ...draft, zones: [{ ...draft.zones[0], depthMaxMm: 0.3 }], intervalMinDays: 28 });
    expect(ok.status).toBe(201);
    // The depth table behind the suggestions is public reference data.
    const table = (await (await fetch(`${app.url}/api/v1/depth-table`)).json()) as { rows: { citations: string[] }[] };
    expect(table.rows.length).toBeGreaterThan(20);
    expect(table.rows.every((r) => r.citations.length > 0)).toBe(true);
  });
});
