// Text messages (docs/texts.md), in a browser at 360 px without JavaScript and
// by keyboard alone: a client opens "Text messages" from their account's
// navigation, finds the phone they booked with suggested but the box not
// ticked, sends the form unticked (told to tick it, the number kept), with a
// number that cannot be a mobile (told plainly, both kept), then a good one;
// the page says texts are on, to which number and since when, and the staff's
// client page says the same. The next reminder then goes as a text too: the
// clinic, the time and a link, nothing of the visit. A STOP replied to the
// clinic's number shows on both pages; agreeing again resumes texts, and
// turning them off forgets the number. The page reads in French too, titles
// name the page only, and axe finds nothing in any state.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDateLong } from "../app/lib/format.ts";
import { auditEvents, clients, outboxMessages } from "../src/db/schema.ts";
import { REMINDER_KIND, reminderJobHandlers } from "../src/notifications/reminders.ts";
import { receiveTextReply } from "../src/notifications/texts.ts";
import { loadClinic } from "../src/scheduling/clinic.ts";
import { localDateOf } from "../src/scheduling/time.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { submitting, tabTo } from "./keyboard.ts";
import { openHeaderMenuByKeyboard } from "./header-menu.ts";
import { markSensitive } from "./server.ts";
import { addClient, ownerActor, signInToPortal, treatmentAt } from "./treated-client.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The phone the client booked with (suggested), and the mobile they give for texts. */
const BOOKED_PHONE = "519-555-0188";
const MOBILE = { typed: "519 555 0147", shown: "(519) 555-0147", e164: "+15195550147" };

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `texts-${name}.png`), fullPage: true });
}

const t = clinicAndBrowser();
let clinicName = "";
let timeZone = "";
const client = { name: "Tamsin Texto", email: "tamsin.texto@example.test", id: "" };
let appointmentId = "";
let appointmentStart = 0;

beforeAll(async () => {
  const { db } = t.app.f.database;
  const clinic = await loadClinic(db, t.app.f.organizationId);
  clinicName = clinic.name;
  timeZone = clinic.location.timeZone;
  // The full number is contact data: never in a log (the audit keeps its last four digits).
  markSensitive(client.name, client.email, MOBILE.e164, MOBILE.shown);
  client.id = await addClient(t.app, client.name, client.email);
  await db.update(clients).set({ phone: BOOKED_PHONE }).where(eq(clients.id, client.id));
  // A treatment booked in two days, for the reminder.
  const owner = await ownerActor(t.app);
  appointmentStart = Math.floor(Date.now() / HOUR) * HOUR + 2 * DAY;
  appointmentId = await treatmentAt(t.app, {
    practitionerId: owner.practitionerId!,
    clientId: client.id,
    startMs: appointmentStart,
    status: "booked",
  });
});

const today = () => formatDateLong(localDateOf(Date.now(), timeZone), "en");
const h1 = async (page: Page) => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
const status = (page: Page) =>
  page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Your choice" }) })
    .locator("p")
    .first()
    .textContent();
const mobileField = (page: Page) => page.locator("#field-mobile");
const agreeBox = (page: Page) => page.locator("#field-agree");

/** Tabs to the field, selects what it holds and types over it. */
async function retype(page: Page, text: string) {
  await tabTo(page, "#field-mobile");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

/** Tabs to the box and ticks it with Space, unless it is ticked already. */
async function tick(page: Page) {
  await tabTo(page, "#field-agree");
  if (!(await agreeBox(page).isChecked())) await page.keyboard.press("Space");
  expect(await agreeBox(page).isChecked()).toBe(true);
}

/** Tabs to a form's button and presses Enter, then waits for the answer to load. */
async function press(page: Page, selector: string) {
  await tabTo(page, selector);
  await submitting(page, () => page.keyboard.press("Enter"));
}
const SEND = '.texts-form button[type="submit"]';
const TURN_OFF = 'button[aria-describedby="texts-off-hint"]';

/** What the staff's client page says of texts, read at 360 px as the owner. */
async function staffLine(): Promise<string> {
  const { context, page } = await t.signedInPage(PHONE);
  await page.goto(`${t.app.url}/staff/clients/${client.id}`);
  const row = page.locator(".record-details > div").filter({ has: page.locator("dt", { hasText: "Text messages" }) });
  const line = (await row.locator("dd").textContent())!.trim();
  // Staff read the client's choice; they have no way to make it for them.
  expect(await page.getByRole("button", { name: /text/i }).count()).toBe(0);
  expect(await page.getByLabel(/text me/i).count()).toBe(0);
  await expectNoAxeViolations(page, `staff client page, texts ${line}`);
  await expectNoHorizontalScroll(page, "staff client page");
  await context.close();
  return line;
}

const preference = async () => {
  const [row] = await t.app.f.database.db
    .select({ mobile: clients.textMobile, agreedAt: clients.textsAgreedAt, stoppedAt: clients.textsStoppedAt })
    .from(clients)
    .where(eq(clients.id, client.id));
  return row!;
};

describe("text messages", () => {
  let context: BrowserContext;
  let page: Page;

  it("a client agrees to texts by keyboard on a phone without JavaScript, after the form says what is missing", async () => {
    context = await newContext(t.browser, { ...PHONE, javaScriptEnabled: false });
    page = await context.newPage();
    await signInToPortal(page, t.app, client.email);

    // Reached from the account's navigation.
    await openHeaderMenuByKeyboard(page);
    await tabTo(page, 'nav a[href="/portal/texts"]');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/portal/texts")), page.keyboard.press("Enter")]);
    await page.waitForURL(/\/portal\/texts$/);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    expect(await page.title()).toBe(`Text messages — ${clinicName}`);
    expect(await h1(page)).toBe("Text messages");
    expect(await page.locator('nav a[href="/portal/texts"]').first().getAttribute("aria-current")).toBe("page");
    expect(await status(page)).toBe("Text messages are off: we only e-mail you.");
    expect(await page.getByRole("button", { name: "Turn text messages off" }).count()).toBe(0);
    // The phone they booked with is suggested; agreeing is theirs to do.
    expect(await mobileField(page).inputValue()).toBe("(519) 555-0188");
    expect(await mobileField(page).getAttribute("type")).toBe("tel");
    expect(await mobileField(page).getAttribute("autocomplete")).toBe("tel");
    expect(await mobileField(page).getAttribute("inputmode")).toBe("tel");
    expect(await agreeBox(page).isChecked()).toBe(false);
    expect(await page.getByLabel("Text me appointment reminders and check-in links at this number").count()).toBe(1);
    const what = (await page.locator("#texts-what").textContent())!;
    expect(what).toContain(`A text from us says ${clinicName}, a time and a link: never anything about your health or your treatment.`);
    expect(what).toContain("Message and data rates may apply.");
    expect(what).toContain("Reply STOP at any time to stop them.");
    expect(await agreeBox(page).getAttribute("aria-describedby")).toBe("texts-what");
    await expectNoAxeViolations(page, "texts page, off");
    await expectNoHorizontalScroll(page, "texts page, off");
    await shot(page, "off");

    // Sent without the box ticked: nothing is saved, the number stays.
    await press(page, SEND);
    expect(await page.getByRole("heading", { name: "Please check this field" }).count()).toBe(1);
    expect(await page.locator("#field-agree-error").textContent()).toBe("Tick the box to agree to text messages.");
    expect(await agreeBox(page).getAttribute("aria-invalid")).toBe("true");
    expect(await agreeBox(page).getAttribute("aria-describedby")).toBe("texts-what field-agree-error");
    expect(await mobileField(page).inputValue()).toBe("(519) 555-0188");
    expect(await mobileField(page).getAttribute("aria-invalid")).toBeNull();
    expect((await preference()).agreedAt).toBeNull();
    await expectNoAxeViolations(page, "texts page, box not ticked");

    // A number that cannot be a mobile: said plainly, what was typed and ticked kept.
    await retype(page, "555-0147");
    await tick(page);
    await press(page, SEND);
    expect(await page.locator("#field-mobile-error").textContent()).toBe(
      "Enter a mobile number like (519) 555-0123. For a number outside Canada and the US, start with + and the country code.",
    );
    expect(await mobileField(page).getAttribute("aria-invalid")).toBe("true");
    expect(await mobileField(page).getAttribute("aria-describedby")).toBe("field-mobile-hint field-mobile-error");
    expect(await mobileField(page).inputValue()).toBe("555-0147");
    expect(await agreeBox(page).isChecked()).toBe(true);
    expect(await page.locator("#field-agree-error").count()).toBe(0);
    expect((await preference()).agreedAt).toBeNull();
    await expectNoAxeViolations(page, "texts page, bad number");
    await expectNoHorizontalScroll(page, "texts page, bad number");
    await shot(page, "bad-number");

    // A good one: saved, and the page comes back by a redirect that says so.
    await retype(page, MOBILE.typed);
    await tick(page);
    await press(page, SEND);
    expect(page.url()).toBe(`${t.app.url}/portal/texts?saved=1`);
    expect(await page.getByRole("status").textContent()).toBe("Saved: text messages are on.");
    expect(await status(page)).toBe(`Text messages are on, to ${MOBILE.shown}, since ${today()}.`);
    expect(await h1(page)).toBe("Text messages");
    expect(await page.title()).toBe(`Text messages — ${clinicName}`);
    expect(await page.getByRole("heading", { name: "Change your number" }).count()).toBe(1);
    expect(await mobileField(page).inputValue()).toBe(MOBILE.shown);
    // Agreeing again (another number) takes a fresh tick.
    expect(await agreeBox(page).isChecked()).toBe(false);
    expect(await page.getByRole("button", { name: "Save this number" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Turn text messages off" }).count()).toBe(1);
    await expectNoAxeViolations(page, "texts page, on");
    await expectNoHorizontalScroll(page, "texts page, on");
    await shot(page, "on");

    const saved = await preference();
    expect(saved.mobile).toBe(MOBILE.e164);
    expect(saved.agreedAt).not.toBeNull();
    expect(saved.stoppedAt).toBeNull();
    const [audit] = await t.app.f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, client.id), eq(auditEvents.action, "client.texts-agree")));
    expect(audit?.actorType).toBe("client");
    // The last four digits only.
    expect(JSON.stringify(audit?.details)).not.toContain("555");
    expect(audit?.details).toMatchObject({ ending: "0147" });
  });

  it("the staff's client page shows the client's choice", async () => {
    expect(await staffLine()).toBe(`On, to ${MOBILE.shown} since ${today()}`);
  });

  it("the next reminder goes as a text too: the clinic, the time and a link, nothing of the visit", async () => {
    const { db } = t.app.f.database;
    const handler = reminderJobHandlers({ baseUrl: t.app.url })[REMINDER_KIND]!;
    const now = Date.now();
    await db.transaction((tx) =>
      handler(
        tx,
        {
          id: randomUUID(),
          organizationId: t.app.f.organizationId,
          kind: REMINDER_KIND,
          runAt: new Date(now),
          dedupeKey: `reminder:${appointmentId}`,
          appointmentId,
          payload: { appointmentId, start: appointmentStart },
          attempts: 1,
        },
        { now, workerId: "texts-test" },
      ),
    );
    const written = await db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.appointmentId, appointmentId), eq(outboxMessages.kind, REMINDER_KIND)));
    expect(written.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    const text = written.find((m) => m.channel === "sms")!;
    expect(text.toAddress).toBe(MOBILE.e164);
    expect(text.subject).toBe("");
    const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(text.bodyText).toMatch(
      new RegExp(
        `^${escaped(clinicName)}: a reminder of your appointment on .+\\. To change or cancel: ${escaped(`${t.app.url}/manage/${appointmentId}?token=`)}\\S+ Reply STOP to stop texts\\.$`,
      ),
    );
    expect(text.bodyText).not.toMatch(/microneedl|treatment|face|skin|practitioner/i);
  });

  it("a STOP replied to the clinic's number shows on both pages; agreeing again resumes texts", async () => {
    const { db } = t.app.f.database;
    expect(await receiveTextReply(db, { from: MOBILE.e164, body: "Stop", now: Date.now() })).toBe(1);
    await page.goto(`${t.app.url}/portal/texts`);
    expect(await status(page)).toBe(
      `You replied STOP to one of our texts on ${today()}, so we send no texts to ${MOBILE.shown}. To get them again, tick the box below and save, or reply START to our number.`,
    );
    expect(await page.getByRole("heading", { name: "Get text messages again" }).count()).toBe(1);
    expect(await mobileField(page).inputValue()).toBe(MOBILE.shown);
    expect(await agreeBox(page).isChecked()).toBe(false);
    await expectNoAxeViolations(page, "texts page, stopped");
    await expectNoHorizontalScroll(page, "texts page, stopped");
    await shot(page, "stopped");
    expect(await staffLine()).toBe(`Stopped by the client's STOP reply on ${today()}`);

    // The same page in French: ARRET is the word there.
    await openHeaderMenuByKeyboard(page);
    await press(page, 'nav button[lang="fr-CA"]');
    expect(page.url()).toBe(`${t.app.url}/portal/texts`);
    expect(await h1(page)).toBe("Textos");
    expect(await page.title()).toBe(`Textos — ${clinicName}`);
    expect(await page.locator("main").getAttribute("lang")).toBe("fr-CA");
    expect(await page.locator("#texts-what").textContent()).toContain("Répondez ARRET en tout temps pour ne plus en recevoir.");
    expect(await page.getByLabel("Envoyez-moi par texto les rappels de rendez-vous et les liens de suivi à ce numéro").count()).toBe(1);
    await expectNoAxeViolations(page, "texts page in French, stopped");
    await expectNoHorizontalScroll(page, "texts page in French");
    await shot(page, "stopped-fr");
    await openHeaderMenuByKeyboard(page);
    await press(page, 'nav button[lang="en-CA"]');
    expect(await h1(page)).toBe("Text messages");

    await tick(page);
    await press(page, SEND);
    expect(page.url()).toBe(`${t.app.url}/portal/texts?saved=1`);
    expect(await status(page)).toBe(`Text messages are on, to ${MOBILE.shown}, since ${today()}.`);
    expect((await preference()).stoppedAt).toBeNull();
  });

  it("a client turns texts off: the number is forgotten, and the staff's page says off", async () => {
    await press(page, TURN_OFF);
    expect(page.url()).toBe(`${t.app.url}/portal/texts?off=1`);
    expect(await page.getByRole("status").textContent()).toBe("Text messages are off, and your number is removed from your account.");
    expect(await status(page)).toBe("Text messages are off: we only e-mail you.");
    expect(await page.getByRole("button", { name: "Turn text messages off" }).count()).toBe(0);
    // Back to the suggestion: the phone they booked with.
    expect(await mobileField(page).inputValue()).toBe("(519) 555-0188");
    expect(await agreeBox(page).isChecked()).toBe(false);
    await expectNoAxeViolations(page, "texts page, turned off");
    await shot(page, "turned-off");
    expect(await preference()).toEqual({ mobile: null, agreedAt: null, stoppedAt: null });
    expect(await staffLine()).toBe("Off");
    await context.close();
  });
});
