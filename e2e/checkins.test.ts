// The check-ins after a session (docs/checkins.md), in a browser at 360 px:
// the day after a charted and completed treatment, the client finds "How is
// your skin?" in their portal, answers with a warning sign (pus, hot skin)
// and is told plainly to call the clinic, with its number; the practitioner
// who gave the session (the demo owner, who treats) finds the follow-up,
// reads the answer, adds it to the chart as an adverse event and closes it
// with a note. Axe finds nothing on any page, the answer is in the audit log
// and never in it as text.
import { and, eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../src/db/schema.ts";
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
    await page.getByRole("button", { name: "Send my answers" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      `Thank you. Some of what you describe needs a look from us. Please call the clinic today at ${clinicPhone}. Your practitioner has your answers.`,
    );
    expect(await alert.getByRole("link", { name: clinicPhone }).getAttribute("href")).toMatch(/^tel:\+?\d+$/);
    await expectNoAxeViolations(page, "check-in answered");
    await expectNoHorizontalScroll(page, "check-in answered");

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
    expect(await p.getByRole("link", { name: "Open the session's chart" }).getAttribute("href")).toBe(
      `/staff/appointments/${appointmentId}/chart`,
    );
    await expectNoAxeViolations(p, "follow-up");
    await expectNoHorizontalScroll(p, "follow-up");

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
      expect.arrayContaining(["checkin", "checkin-answered", "follow-up-list", "follow-up", "chart-addendum", "follow-up-closed"]),
    );
    expect(JSON.stringify(events)).not.toContain("Yellow crust");
    expect(JSON.stringify(events)).not.toContain("warm compress");
  });
});
