// A client reads their treatment sessions in their portal, on a 360 px phone
// without JavaScript and at desktop width: the next session booked, a
// completed session with its areas and what to expect (from the signed
// chart), an earlier one whose notes are not signed yet; the same in French
// after the language switch. Nothing the practitioner wrote for staff shows,
// the title names the page only, nothing is cached, the client's read is in
// the audit log, and axe finds nothing.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDateLong, formatDateTime } from "../app/lib/format.ts";
import { auditEvents } from "../src/db/schema.ts";
import { loadClinic } from "../src/scheduling/clinic.ts";
import { localDateOf } from "../src/scheduling/time.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { DESKTOP } from "./appointment-today.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { tabTo } from "./keyboard.ts";
import { openHeaderMenu, openHeaderMenuByKeyboard } from "./header-menu.ts";
import { markSensitive } from "./server.ts";
import { addClient, ownerActor, signedChart, signInToPortal, treatmentAt } from "./treated-client.ts";

const TZ = "America/Toronto";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** What the practitioner wrote for staff: none of it may reach the client's page. */
const STAFF_ONLY = ["Next time: 1.5 mm on the forehead", "Cool compress for ten minutes", "Pen A6", "SESS-LOT-1"];

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `portal-sessions-${name}.png`), fullPage: true });
}

const t = clinicAndBrowser();
let clinicName = "";
let clinicPhone = "";
const client = { name: "Sasha Séance", email: "sasha.seance@example.test", id: "" };
const times = { charted: 0, pending: 0, next: 0 };

/** A treatment of the demo owner (who treats) for the client, `status` as given; a completed one has started and ended. */
const treatment = (startMs: number, status: "completed" | "booked", practitionerId: string) =>
  treatmentAt(t.app, { practitionerId, clientId: client.id, startMs, status });

beforeAll(async () => {
  const { db } = t.app.f.database;
  const clinic = await loadClinic(db, t.app.f.organizationId);
  clinicName = clinic.name;
  clinicPhone = clinic.location.phone;
  // Health text: never in a log either.
  markSensitive(client.name, client.email, STAFF_ONLY[0]!, STAFF_ONLY[1]!);
  client.id = await addClient(t.app, client.name, client.email);

  const owner = await ownerActor(t.app);
  // Whole hours, well apart: the session three days ago is charted and signed, the one forty days ago is not, the next is in three weeks.
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  times.charted = hour - 3 * DAY;
  times.pending = hour - 40 * DAY;
  times.next = hour + 21 * DAY;
  const charted = await treatment(times.charted, "completed", owner.practitionerId!);
  await treatment(times.pending, "completed", owner.practitionerId!);
  await treatment(times.next, "booked", owner.practitionerId!);

  await signedChart(t.app, {
    staff: owner,
    appointmentId: charted,
    startMs: times.charted,
    serial: "SESS-SN-1",
    lot: "SESS-LOT-1",
    areas: [
      { zone: "forehead", depthMm: 0.5, passes: 2, technique: "crosshatch", endpoint: "pinpoint-bleeding" },
      { zone: "nose", depthMm: 0.25, passes: 2, technique: "stamping", endpoint: "mild-erythema" },
    ],
    reactions: [{ kind: "swelling", action: "Cool compress for ten minutes; settled before leaving." }],
    nextTime: "Next time: 1.5 mm on the forehead if healed.",
  });
});

/** The client's session cookie, once signed in: a sign-in link works once, so later contexts reuse it. */
let sessionCookies: Awaited<ReturnType<BrowserContext["cookies"]>> = [];

/** The client, signed in through the e-mailed link the first time, in a fresh context of this shape. */
async function signedIn(options: BrowserContextOptions): Promise<Page> {
  const context = await newContext(t.browser, options);
  const page = await context.newPage();
  if (sessionCookies.length > 0) {
    await context.addCookies(sessionCookies);
    await page.goto(`${t.app.url}/portal`);
    return page;
  }
  await signInToPortal(page, t.app, client.email);
  sessionCookies = await context.cookies();
  return page;
}

const h1 = async (page: Page) => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
const listItems = (page: Page, heading: string) =>
  page
    .locator("article")
    .filter({ has: page.getByRole("heading", { name: heading }) })
    .getByRole("heading", { level: 4 })
    .evaluateAll((hs) => hs.map((h) => [...(h.nextElementSibling?.querySelectorAll("li") ?? [])].map((li) => li.textContent?.trim())));

describe("the client's sessions in the portal", () => {
  it("shows the next session, a charted session's areas and what to expect, and one still being written, in English and French (phone, no JavaScript)", async () => {
    const page = await signedIn({ ...PHONE, javaScriptEnabled: false });
    // Reached from the account's navigation by keyboard alone.
    await openHeaderMenuByKeyboard(page);
    await tabTo(page, 'nav a[href="/portal/sessions"]');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/portal/sessions")), page.keyboard.press("Enter")]);
    await page.waitForURL(/\/portal\/sessions$/);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    expect(await page.title()).toBe(`Your sessions — ${clinicName}`);
    expect(await h1(page)).toBe("Your sessions");
    // The link is in the Menu and in the wide navigation: both say where the client is.
    expect(await page.locator('nav a[href="/portal/sessions"]').first().getAttribute("aria-current")).toBe("page");

    const main = (await page.locator("main").textContent())!;
    expect(main).toContain(`Your next session: ${formatDateTime(times.next, TZ, "en")}`);
    expect(main).toContain("Microneedling — face");
    const charted = formatDateLong(localDateOf(times.charted, TZ), "en");
    const pending = formatDateLong(localDateOf(times.pending, TZ), "en");
    // Newest first.
    expect(await page.getByRole("heading", { level: 3 }).allTextContents()).toEqual([charted, pending]);
    expect(await listItems(page, charted)).toEqual([
      ["Forehead", "Nose"],
      [
        "Your skin will look red, like a moderate sunburn. Most of the redness settles within a day, and it is rarely visible after three days.",
        "You may see tiny red dots where the skin bled a little during the treatment. They fade as your skin heals over the next few days.",
        "Up to day 7: some swelling, dryness or flaking is normal and fades by itself.",
        "Your practitioner noted a reaction during this session. Follow the advice you were given at the clinic, and call us if it gets worse.",
        `Call us at ${clinicPhone} if your skin becomes more painful, hot or swollen, weeps, or looks infected.`,
      ],
    ]);
    expect(await page.getByRole("link", { name: clinicPhone }).first().getAttribute("href")).toMatch(/^tel:\+?\d+$/);
    expect(
      await page
        .locator("article")
        .filter({ has: page.getByRole("heading", { name: pending }) })
        .textContent(),
    ).toContain("Your practitioner is finishing the notes of this session.");
    for (const text of STAFF_ONLY) expect(main).not.toContain(text);
    expect(main).not.toMatch(/\d mm|Crosshatch|Swelling beyond/);
    await expectNoAxeViolations(page, "portal sessions");
    await expectNoHorizontalScroll(page, "portal sessions");
    await shot(page, "phone");

    // The same page in French, through the account's language switch (a form).
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "Français" }).click();
    await page.waitForURL(/\/portal\/sessions$/);
    expect(await h1(page)).toBe("Vos séances");
    expect(await page.locator("main").getAttribute("lang")).toBe("fr-CA");
    expect(await page.title()).toBe(`Vos séances — ${clinicName}`);
    const fr = (await page.locator("main").textContent())!;
    expect(fr).toContain(`Votre prochaine séance\u00a0: ${formatDateTime(times.next, TZ, "fr")}`);
    expect(fr).toContain("Microneedling — visage");
    const chartedFr = formatDateLong(localDateOf(times.charted, TZ), "fr");
    expect(await listItems(page, chartedFr)).toEqual([
      ["Front", "Nez"],
      [
        "Votre peau sera rouge, comme après un coup de soleil modéré. La rougeur s’atténue surtout en une journée, et elle est rarement visible après trois jours.",
        "Vous pourriez voir de petits points rouges là où la peau a un peu saigné pendant le traitement. Ils s’estompent à mesure que votre peau guérit, au cours des jours suivants.",
        "Jusqu’au jour 7\u00a0: un peu d’enflure, de sécheresse ou de desquamation est normal et disparaît de soi-même.",
        "Votre praticienne ou praticien a noté une réaction pendant cette séance. Suivez les conseils qu’on vous a donnés à la clinique, et appelez-nous si elle s’aggrave.",
        `Appelez-nous au ${clinicPhone} si votre peau devient plus douloureuse, chaude ou enflée, si elle suinte ou si elle semble infectée.`,
      ],
    ]);
    expect(fr).toContain("Votre praticienne ou praticien termine les notes de cette séance.");
    for (const text of STAFF_ONLY) expect(fr).not.toContain(text);
    await expectNoAxeViolations(page, "portal sessions, French");
    await expectNoHorizontalScroll(page, "portal sessions, French");
    await shot(page, "phone-fr");
    // Back to English for the next test.
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "English" }).click();
    await page.waitForURL(/\/portal\/sessions$/);
    expect(await h1(page)).toBe("Your sessions");

    // Each look is the client's own view of their record, in the audit log.
    const views = await t.app.f.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "health-record.view"), eq(auditEvents.actorType, "client"), eq(auditEvents.actorId, client.id)));
    expect(views.filter((v) => v.details.part === "sessions").length).toBeGreaterThanOrEqual(3);
    await page.context().close();
  });

  it("reads the same at desktop width, with scripts on, and axe finds nothing", async () => {
    const page = await signedIn(DESKTOP);
    const errors = trackPageErrors(page);
    await page.goto(`${t.app.url}/portal/sessions`);
    expect(await h1(page)).toBe("Your sessions");
    expect(await page.getByRole("heading", { name: "Areas treated" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "What to expect over the next days" }).count()).toBe(1);
    await expectNoAxeViolations(page, "portal sessions, desktop");
    await shot(page, "desktop");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
