// The check-ins after a session (docs/checkins.md), in a browser at 360 px:
// the day after a charted and completed treatment, the client finds "How is
// your skin?" in their portal, answers with a warning sign (pus, hot skin)
// and a photo from their phone (a file that is not a photo first: refused
// beside the field, every answer kept) and is told plainly to call the
// clinic, with its number; the practitioner who gave the session (the demo
// owner, who treats) finds the follow-up, reads the answer, sees the photo
// (served no-store, without the camera's metadata), adds it to the chart as
// an adverse event and closes it with a note. Axe finds nothing on any page,
// the answer is in the audit log and never in it as text.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../src/db/schema.ts";
import { CAMERA_MAKE } from "../src/plans/photo-test-fixtures.ts";
import { PHOTO_MAX_BYTES } from "../src/plans/photos.ts";
import { readCharts } from "../src/plans/record/chart-read.ts";
import { loadClinic } from "../src/scheduling/clinic.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { markSensitive } from "./server.ts";
import { addClient, ownerActor, signedChart, signInToPortal, treatmentAt } from "./treated-client.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOTE = "Yellow crust on the left cheek since this morning";
const CLOSING = "Called her: warm compress, seen tomorrow at 9:00";
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

/** A phone's photo of the cheek: grainy enough to weigh over 1 MB, with the camera's make and a GPS position in its EXIF. */
async function phonePhoto(): Promise<Buffer> {
  const [width, height] = [1200, 1600];
  const pixels = new Uint8ClampedArray(width * height * 3);
  const grain = () => Math.random() * 50 - 25;
  for (let i = 0; i < pixels.length; i += 3) [pixels[i], pixels[i + 1], pixels[i + 2]] = [214 + grain(), 158 + grain(), 138 + grain()];
  return sharp(Buffer.from(pixels.buffer), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExifMerge({
      IFD0: { Make: CAMERA_MAKE, Model: "Phone 12" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 27/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "80/1 29/1 0/1" },
    })
    .toBuffer();
}

/** With DERMAPLAN_SCREENSHOTS set, the whole page at 360 px into that folder. */
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `checkin-${name}.png`), fullPage: true });
}

const t = clinicAndBrowser();
let clinicPhone = "";
const client = { name: "Chloé Checkin", email: "chloe.checkin@example.test", id: "" };
let appointmentId = "";

beforeAll(async () => {
  const { db } = t.app.f.database;
  const clinic = await loadClinic(db, t.app.f.organizationId);
  clinicPhone = clinic.location.phone;
  markSensitive(client.name, client.email, NOTE, CLOSING);
  client.id = await addClient(t.app, client.name, client.email);
  const owner = await ownerActor(t.app);
  // A treatment yesterday (a whole hour, one day back), started, charted, signed and completed.
  const startMs = Math.floor(Date.now() / HOUR) * HOUR - DAY;
  appointmentId = await treatmentAt(t.app, { practitionerId: owner.practitionerId!, clientId: client.id, startMs, status: "completed" });
  await signedChart(t.app, {
    staff: owner,
    appointmentId,
    startMs,
    serial: "CHK-SN-1",
    lot: "CHK-LOT-1",
    areas: [{ zone: "cheek-left", depthMm: 0.5, passes: 2, technique: "crosshatch", endpoint: "pinpoint-bleeding" }],
  });
});

/** The client, signed in through the e-mailed link, in a 360 px context. */
async function clientPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(t.browser, PHONE);
  const page = await context.newPage();
  await signInToPortal(page, t.app, client.email);
  return { context, page };
}

/** Picks `choice` in the question (a fieldset) named `question`. */
const pick = (page: Page, question: string | RegExp, choice: string) =>
  page.getByRole("group", { name: question }).getByLabel(choice, { exact: true }).check();

describe("check-ins after a session", () => {
  it("a client answers the day-1 check-in with a warning sign and is told to call the clinic; the practitioner follows it up", async () => {
    const { context, page } = await clientPage();
    await page.goto(`${t.app.url}/portal/sessions`);
    const section = page.locator("section").filter({ has: page.getByRole("heading", { name: "How is your skin?" }) });
    const link = section.getByRole("link", { name: /Answer a few questions about your session of .* \(day 1\)/ });
    expect(await link.getAttribute("href")).toBe(`/portal/checkin/${appointmentId}/1`);
    await expectNoAxeViolations(page, "portal sessions with a check-in");
    await link.click();
    await page.waitForURL(/\/portal\/checkin\//);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("How is your skin?");
    await expectNoAxeViolations(page, "check-in form");
    await expectNoHorizontalScroll(page, "check-in form");

    // Sent with a question unanswered: the form says which, and keeps what was chosen.
    await pick(page, "How red is the treated skin?", "Strong");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("heading", { name: "Please check these fields" }).waitFor();
    expect(await page.getByRole("group", { name: "How red is the treated skin?" }).getByLabel("Strong").isChecked()).toBe(true);
    await expectNoAxeViolations(page, "check-in form with errors");

    await pick(page, "How swollen is it?", "Mild");
    await pick(page, "Is the swelling worse than the day before?", "No");
    await pick(page, /closing your eyes/, "No");
    await pick(page, "How painful is it?", "Mild");
    await pick(page, "Is the pain getting worse?", "No");
    await pick(page, /hot to the touch/, "Yes");
    await pick(page, "Do you have a fever or chills?", "No");
    await pick(page, /new bumps/, "No");
    await pick(page, "Are there crusts or scabs?", "Only tiny dots where the needles went");
    await pick(page, "Do you have blisters or a cold sore?", "No");
    await page.getByLabel(/Anything else you want us to know/).fill(NOTE);

    // A file over 10 MB is refused as it is chosen, never sent (it would pass the page's body limit and lose the answers).
    const photoField = page.getByLabel(/A photo of the treated skin/);
    expect(await photoField.getAttribute("accept")).toBe("image/jpeg,image/png,image/webp");
    const tooLarge = page.locator("#field-photo-size");
    expect(await tooLarge.isVisible()).toBe(false);
    await photoField.setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(PHOTO_MAX_BYTES + 1) });
    await tooLarge.waitFor();
    expect(await tooLarge.textContent()).toContain("This photo is larger than 10 MB.");
    expect(await photoField.inputValue()).toBe("");

    // A file that is not a photo: refused beside the field, and no answer lost.
    await photoField.setInputFiles({ name: "cheek.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("heading", { name: "Please check this field" }).waitFor();
    expect(await page.locator("#field-photo-error").textContent()).toContain("We can’t read this file as a photo.");
    expect(
      await page
        .getByRole("group", { name: /hot to the touch/ })
        .getByLabel("Yes")
        .isChecked(),
    ).toBe(true);
    expect(
      await page
        .getByRole("group", { name: "Are there crusts or scabs?" })
        .getByLabel(/tiny dots/)
        .isChecked(),
    ).toBe(true);
    expect(await page.getByLabel(/Anything else you want us to know/).inputValue()).toBe(NOTE);
    await expectNoAxeViolations(page, "check-in form, photo refused");
    await expectNoHorizontalScroll(page, "check-in form, photo refused");
    await shot(page, "photo-refused");

    // A phone photo over the 1 MB form limit, with the camera's GPS position: sent with the answers.
    const photo = await phonePhoto();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    await photoField.setInputFiles({ name: "cheek.jpg", mimeType: "image/jpeg", buffer: photo });
    await shot(page, "form-with-photo");
    await page.getByRole("button", { name: "Send my answers" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      `Thank you. Some of what you describe needs a look from us. Please call the clinic today at ${clinicPhone}. Your practitioner has your answers.`,
    );
    expect(await alert.getByRole("link", { name: clinicPhone }).getAttribute("href")).toMatch(/^tel:\+?\d+$/);
    // The client sees the photo they sent.
    const sent = page.getByRole("img", { name: "The photo you sent" });
    await expect.poll(() => sent.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(1200);
    expect(await page.locator("figure figcaption").textContent()).toBe("We received your photo: your practitioner will look at it.");
    await expectNoAxeViolations(page, "check-in answered");
    await expectNoHorizontalScroll(page, "check-in answered");
    await shot(page, "answered-with-photo");

    // Answered: the portal no longer offers it, and the address says so.
    await page.goto(`${t.app.url}/portal/sessions`);
    expect(await page.getByRole("heading", { name: "How is your skin?" }).count()).toBe(0);
    await page.goto(`${t.app.url}/portal/checkin/${appointmentId}/1`);
    expect(await page.locator("main").textContent()).toContain("This check-in is not open");
    await context.close();

    // The practitioner (the demo owner treats) finds it on their list at 360 px.
    const staff = await t.signedInPage(PHONE);
    const p = staff.page;
    await p.goto(`${t.app.url}/staff/follow-ups`);
    expect(await p.getByRole("heading", { level: 1 }).textContent()).toBe("Follow-ups");
    expect(await p.getByRole("link", { name: "Follow-ups" }).first().getAttribute("aria-current")).toBe("page");
    const row = p.getByRole("row").filter({ hasText: client.name });
    expect(await row.textContent()).toContain("Needs a call");
    expect(await row.textContent()).not.toContain(NOTE);
    await expectNoAxeViolations(p, "follow-up list");
    await expectNoHorizontalScroll(p, "follow-up list");
    await row.getByRole("link", { name: client.name }).click();
    await p.waitForURL(/\/staff\/follow-ups\?id=/);
    await p.getByRole("heading", { name: /day-1 check-in/ }).waitFor();
    const main = (await p.locator("main").textContent())!;
    expect(main).toContain("Signs of infection: hot skin, pus or spreading redness");
    expect(main).toContain(NOTE);
    expect(main).toContain("The client sent a photo");
    expect(await p.getByRole("link", { name: "Open the session's chart" }).getAttribute("href")).toBe(
      `/staff/appointments/${appointmentId}/chart`,
    );
    // The photo, from its own audited address: a JPEG re-encoded without the camera's metadata, never cached.
    const img = p.getByRole("img", { name: `Photo ${client.name} sent with the day-1 check-in` });
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(1200);
    const src = (await img.getAttribute("src"))!;
    expect(src).toMatch(new RegExp(`^/staff/clients/${client.id}/checkin-photos/[0-9a-f-]{36}$`));
    const served = await p.request.get(`${t.app.url}${src}`);
    expect(served.headers()).toMatchObject({ "content-type": "image/jpeg", "cache-control": "private, no-store" });
    const bytes = await served.body();
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    expect(bytes.includes(Buffer.from(CAMERA_MAKE))).toBe(false);
    await expectNoAxeViolations(p, "follow-up");
    await expectNoHorizontalScroll(p, "follow-up");
    await shot(p, "follow-up-with-photo");

    await p.getByRole("button", { name: "Add to the chart as an adverse event" }).click();
    await p.getByText("Added to the session's chart as an adverse event.").waitFor();
    const [chart] = await readCharts(t.app.f.database.db, t.app.keyRing, t.app.f.organizationId, { appointmentIds: [appointmentId] });
    expect(chart!.addenda.at(-1)!.body).toContain("Adverse event reported by the client at the day-1 check-in");

    // Closing needs a note.
    await p.getByRole("button", { name: "Close with this note" }).click();
    await p.getByRole("heading", { name: "Please check this field" }).waitFor();
    await expectNoAxeViolations(p, "follow-up close refused");
    await p.getByLabel("What was done").fill(CLOSING);
    await p.getByRole("button", { name: "Close with this note" }).click();
    await p.getByText("Follow-up closed.").waitFor();
    expect(await p.getByRole("row").filter({ hasText: client.name }).count()).toBe(0);
    expect(await p.locator("main").textContent()).toContain("No follow-up is open.");
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    // On the record: the client's answer and view, the staff's views and changes; never the words.
    const events = await t.app.f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "health-record"), eq(auditEvents.entityId, client.id)));
    const steps = events.map((e) => (e.details.change ?? e.details.part) as string);
    expect(steps).toEqual(
      expect.arrayContaining([
        "checkin",
        "checkin-answered",
        "follow-up-list",
        "follow-up",
        "checkin-photo",
        "chart-addendum",
        "follow-up-closed",
      ]),
    );
    expect(JSON.stringify(events)).not.toContain("Yellow crust");
    expect(JSON.stringify(events)).not.toContain("warm compress");

    // The client's record shows the check-in, its answers folded, and the clinic's note.
    const again = await clientPage();
    await again.page.goto(`${t.app.url}/portal/record`);
    const recorded = again.page.locator("section[aria-labelledby='checkins-heading']");
    const item = recorded.getByRole("listitem").filter({ hasText: "Day 1 after your session" });
    expect(await item.textContent()).toContain("The clinic followed up");
    expect(await item.textContent()).toContain(CLOSING);
    const answers = item.locator("details.record-answers");
    expect(await answers.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await answers.locator("summary").focus();
    await again.page.keyboard.press("Enter");
    expect(await answers.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await answers.textContent()).toContain(NOTE);
    const kept = item.getByRole("img", { name: "The photo you sent with the day 1 check-in" });
    await kept.scrollIntoViewIfNeeded();
    await expect.poll(() => kept.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(1200);
    await shot(again.page, "record-with-photo");
    await expectNoAxeViolations(again.page, "record with a check-in");
    await expectNoHorizontalScroll(again.page, "record with a check-in");
    await again.context.close();
  });
});
