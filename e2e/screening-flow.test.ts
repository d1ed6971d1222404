// The screening flow end to end, in Chromium without JavaScript on a phone:
// a visitor who stopped isotretinoin three months ago does the self-check,
// sees the date, books a consultation carrying the answers, signs in to the
// portal and finds the intake pre-filled; a treatment before that date can be
// booked neither on the booking page nor through the API, and one on the date
// can (through the API, once the intake is in).
import { Temporal } from "temporal-polyfill";
import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations, newContext, PHONE } from "./browser.ts";
import { outboxMailsTo } from "./outbox.ts";
import { linkFromOutbox, markSensitive, useServerAndBrowser } from "./server.ts";
import { longDate } from "./days.ts";

const ZONE = "America/Toronto";
const suite = useServerAndBrowser();
let context: BrowserContext;

const today = Temporal.Now.plainDateISO(ZONE);
const stopped = today.subtract({ months: 3 });
const earliest = stopped.add({ months: 6 });
const VISITOR = { name: "Robin Selfcheck", email: "robin.selfcheck@example.test", phone: "519 555 0142" };

beforeAll(async () => {
  context = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
  markSensitive(VISITOR.name, VISITOR.email, stopped.toString(), earliest.toString());
}, 120_000);

async function submit(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name }).first().click()]);
}

async function selfCheck(page: Page) {
  await page.goto(`${suite.server.url}/candidate`);
  await submit(page, "Start the check");
  const plan: [string, () => Promise<void>][] = [
    ["areas", () => page.locator("#field-areas").check()],
    [
      "birth",
      async () => {
        await page.getByLabel("Day").fill("4");
        await page.getByLabel("Month").fill("9");
        await page.getByLabel("Year").fill("1991");
      },
    ],
    ["pregnancy", () => page.locator("#field-pregnancy-none").check()],
    ["skin", () => page.locator("#field-skin-none").check()],
    ["procedures", () => page.locator("#field-procedures-none").check()],
    [
      "isotretinoin",
      async () => {
        await page.locator("#field-isotretinoin-stopped").check();
        await page.locator("#field-isotretinoin-stopped-day").fill(String(stopped.day));
        await page.locator("#field-isotretinoin-stopped-month").fill(String(stopped.month));
        await page.locator("#field-isotretinoin-stopped-year").fill(String(stopped.year));
      },
    ],
    ["retinoid", () => page.locator("#field-retinoid").check()],
    ["medicines", () => page.locator("#field-medicines-none").check()],
    ["health", () => page.locator("#field-health-none").check()],
    ["diabetes", () => page.locator("#field-diabetes").check()],
    ["history", () => page.locator("#field-history-none").check()],
    ["skin-type", () => page.locator("#field-skin-type-3").check()],
    ["expectations", () => page.locator("#field-expectations").check()],
  ];
  for (const [, answer] of plan) {
    await answer();
    await submit(page, "Continue");
  }
}

describe("from the self-check to the intake", () => {
  it("carries the answers of a visitor who stopped isotretinoin into a consultation, and keeps treatments until the date", async () => {
    const page = await context.newPage();
    await selfCheck(page);
    expect(new URL(page.url()).search).toBe("");
    const result = (await page.locator("main").textContent()) ?? "";
    expect(result).toContain(longDate(earliest));
    await expectNoAxeViolations(page, "self-check result (deferred)");

    // Book a consultation: the answers go with it (kept on the server under a cookie until the booking is made).
    await submit(page, "Book a consultation");
    await page.waitForURL(/\/book\/consultation/);
    const carried = (await context.cookies()).find((c) => c.name === "dp_selfcheck");
    expect(carried).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await page.locator("button.time").first().click();
    await page.waitForLoadState("load");
    await page.getByLabel("Full name").fill(VISITOR.name);
    await page.getByLabel("E-mail").fill(VISITOR.email);
    await page.getByLabel("Phone").fill(VISITOR.phone);
    await submit(page, "Confirm booking");
    await page.waitForURL(/\/manage\//);
    expect((await context.cookies()).find((c) => c.name === "dp_selfcheck")).toBeUndefined();

    // A treatment before the date, not signed in: refused on the booking page in words that say nothing of the
    // screening (anyone can type this address); the date and the way forward go by e-mail to the address on file.
    const tryTreatment = async () => {
      await page.goto(`${suite.server.url}/book/microneedling-face`);
      await page.locator("button.time").first().click();
      await page.waitForLoadState("load");
      await page.getByLabel("Full name").fill(VISITOR.name);
      await page.getByLabel("E-mail").fill(VISITOR.email);
      await submit(page, "Confirm booking");
      return (await page.getByRole("alert").first().textContent()) ?? "";
    };
    const refusal = await tryTreatment();
    expect(refusal).toContain("This appointment can't be booked online for you yet. We have e-mailed you what to do.");
    expect(refusal).not.toContain(longDate(earliest));
    expect(await page.getByLabel("Full name").inputValue()).toBe(VISITOR.name);
    await expectNoAxeViolations(page, "treatment refused, not signed in");
    let refusedMail: string | undefined;
    for (let i = 0; i < 50 && !refusedMail; i++) {
      refusedMail = outboxMailsTo(suite.server.dataDir, VISITOR.email).find((m) =>
        m.subject.startsWith("About the appointment you tried to book"),
      )?.body;
      if (!refusedMail) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refusedMail).toContain(`a treatment can be booked from ${longDate(earliest)}`);

    // And through the API: the contract's problem type, and for a caller not signed in neither reason nor date.
    const services = (await (await fetch(`${suite.server.url}/api/v1/services`)).json()) as { services: { id: string; kind: string }[] };
    const face = services.services.find((s) => s.kind === "treatment")!.id;
    const from = today.add({ days: 2 }).toString();
    const slots = (await (
      await fetch(`${suite.server.url}/api/v1/availability?serviceId=${face}&from=${from}&to=${today.add({ days: 20 })}`)
    ).json()) as {
      slots: { start: string }[];
    };
    const api = await fetch(`${suite.server.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ serviceId: face, start: slots.slots[0]!.start, client: { name: VISITOR.name, email: VISITOR.email } }),
    });
    expect(api.status).toBe(409);
    const problem = (await api.json()) as { type: string; earliestDate?: string | null; reason?: string };
    expect(problem.type).toBe("https://dermaplan.app/problems/not-eligible");
    expect(problem).not.toHaveProperty("reason");
    expect(problem).not.toHaveProperty("earliestDate");

    // The portal: signed in by e-mailed link, the intake starts from the self-check's answers.
    await page.goto(`${suite.server.url}/portal/login`);
    await page.getByLabel("E-mail").fill(VISITOR.email);
    await submit(page, /E-mail me a (sign-in|new) link/);
    const link = await linkFromOutbox(suite.server.dataDir, VISITOR.email, /https?:\/\/[^\s"<]+\/portal\/verify\?token=[A-Za-z0-9_-]+/);
    markSensitive(link.split("token=")[1]!);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, suite.server.url));
    await submit(page, "Sign in");
    await page.waitForURL(/\/portal$/);
    await page.goto(`${suite.server.url}/portal/intake`);
    await expectIntakePrefilled(page);
    // Signed in as the client, the booking page says why and from when.
    expect(await tryTreatment()).toContain(longDate(earliest));
    await expectNoAxeViolations(page, "treatment refused by the screening, signed in");
    await page.close();

    // On the date itself the treatment is bookable: the screening carried from the self-check allows it.
    const onTheDay = (await (
      await fetch(`${suite.server.url}/api/v1/availability?serviceId=${face}&from=${earliest}&to=${earliest.add({ days: 6 })}`)
    ).json()) as { slots: { start: string }[] };
    const first = onTheDay.slots.find((s) => s.start.slice(0, 10) >= earliest.toString())!;
    const ok = await fetch(`${suite.server.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ serviceId: face, start: first.start, client: { name: VISITOR.name, email: VISITOR.email } }),
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
  }, 240_000);
});

/** The intake starts from what the self-check said: it says so, the face is ticked, the isotretinoin stop travels along. */
async function expectIntakePrefilled(page: Page) {
  if (await page.getByRole("button", { name: /^(Start|Begin)/ }).count()) await submit(page, /^(Start|Begin)/);
  expect(await page.locator(".intake-prefilled").textContent()).toBe(
    "We filled in what you told us in the self-check — check it and add the rest.",
  );
  expect(await page.locator('input[name="areas"][value="face"]').isChecked()).toBe(true);
  const carried = await page
    .locator('input[type="hidden"][name="isotretinoin"], input[name="isotretinoin"]:checked')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(carried).toContain("stopped");
  await expectNoAxeViolations(page, "intake, pre-filled");
}
