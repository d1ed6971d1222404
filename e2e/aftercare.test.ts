// Aftercare from what was done, in the browser: the practitioner's signature
// e-mails the client a link that names nothing about their health; on a
// 360 px phone without JavaScript the client follows it, signs in, and reads
// what is normal, what to avoid and until when, and when to call — from the
// areas and the depth charted. The title and the address name no condition,
// the page is not cached, the read is in the audit log, and axe finds nothing.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outboxMessages } from "../src/db/schema.ts";
import { loadClinic } from "../src/scheduling/clinic.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { linkFromOutbox, markSensitive } from "./server.ts";
import { addClient, ownerActor, signedChart, signInFromLoginPage, treatmentAt } from "./treated-client.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const t = clinicAndBrowser();
let clinicName = "";
let clinicPhone = "";
const client = { name: "Alix Aftercare", email: "alix.soins@example.test", id: "" };
let appointmentId = "";

beforeAll(async () => {
  const { db } = t.app.f.database;
  const clinic = await loadClinic(db, t.app.f.organizationId);
  clinicName = clinic.name;
  clinicPhone = clinic.location.phone;
  markSensitive(client.name, client.email);
  client.id = await addClient(t.app, client.name, client.email);
  const owner = await ownerActor(t.app);
  // A face session yesterday, on the hour, that ran an hour.
  const start = Math.floor(Date.now() / HOUR) * HOUR - DAY;
  appointmentId = await treatmentAt(t.app, {
    practitionerId: owner.practitionerId!,
    clientId: client.id,
    startMs: start,
    status: "completed",
  });
  await signedChart(t.app, {
    staff: owner,
    appointmentId,
    startMs: start,
    serial: "CARE-SN-1",
    lot: "CARE-LOT-1",
    areas: [
      { zone: "cheek-left", depthMm: 1.5, passes: 3, technique: "crosshatch", endpoint: "pinpoint-bleeding" },
      { zone: "cheek-right", depthMm: 1.25, passes: 3, technique: "crosshatch", endpoint: "even-erythema" },
    ],
    notify: { baseUrl: t.app.url },
  });
});

const h1 = async (page: Page) => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();

describe("the client's aftercare", () => {
  it("is reached from the e-mailed link and read on a phone without JavaScript; the e-mail names nothing about their health", async () => {
    const link = await linkFromOutbox(t.app.dataDir, client.email, /\/portal\/sessions\/[0-9a-f-]{36}\/aftercare/);
    expect(link).toBe(`/portal/sessions/${appointmentId}/aftercare`);
    const [mail] = await t.app.f.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.appointmentId, appointmentId), eq(outboxMessages.kind, "aftercare")));
    expect(mail!.subject).toBe(`Your care after your visit — ${clinicName}`);
    for (const part of [mail!.subject, mail!.bodyText, mail!.bodyHtml])
      expect(part).not.toMatch(/cheek|face|\bmm\b|microneedl|redness|Pen A6/i);

    const context = await newContext(t.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    // Not signed in: the link leads to the sign-in page, which keeps where it leads (e2e/normal-day-client.test.ts follows it), then in.
    await page.goto(`${t.app.url}${link}`);
    await page.waitForURL(`${t.app.url}/portal/login?next=${encodeURIComponent(link)}`);
    await signInFromLoginPage(page, t.app, client.email);

    // From the account's sessions page, the session's link.
    await page.goto(`${t.app.url}/portal/sessions`);
    await page.getByRole("link", { name: "Read your aftercare instructions" }).click();
    await page.waitForURL(new RegExp(`${link}$`));
    const response = await page.goto(`${t.app.url}${link}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["cache-control"]).toBe("private, no-store");
    expect(await page.title()).toBe(`Your aftercare — ${clinicName}`);
    expect(await h1(page)).toBe("Your aftercare");
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual([
      "What is normal",
      "What to avoid, and until when",
      "When to call us",
    ]);
    const main = (await page.locator("main").textContent())!;
    // A face session at 1.5 mm with pinpoint bleeding: the deeper line and the dots, make-up named.
    expect(main).toContain("Redness like a moderate sunburn is normal.");
    expect(main).toContain("This session went a little deeper");
    expect(main).toContain("Tiny red dots");
    expect(main).toContain("except what your practitioner applied or gave you: no make-up.");
    expect(main).toContain("Exercise: no strenuous exercise or heavy sweating for the first 72 hours.");
    expect(await page.locator("main time").count()).toBe(6);
    expect(main).not.toMatch(/\d\s*mm\b|Pen A6|CARE-LOT-1/);
    expect(await page.locator("main").getByRole("link", { name: clinicPhone }).getAttribute("href")).toMatch(/^tel:\+?\d+$/);
    await expectNoAxeViolations(page, "portal aftercare");
    await expectNoHorizontalScroll(page, "portal aftercare");

    // Another id: the same "not found" whatever the reason.
    const missing = await page.goto(`${t.app.url}/portal/sessions/00000000-0000-4000-8000-000000000000/aftercare`);
    expect(missing?.status()).toBe(404);

    const views = await t.app.f.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "health-record.view"), eq(auditEvents.actorType, "client"), eq(auditEvents.actorId, client.id)));
    expect(views.filter((v) => v.details.part === "aftercare").length).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
