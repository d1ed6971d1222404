// The public self-check "Am I a candidate?" on a 360 px phone without
// JavaScript: one question per screen, answers carried in the form (never the
// address, a cookie or the log), the engine's verdict with its date, and the
// hand-over of exactly the screened Intake to the consultation booking.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, expectNoHorizontalScroll, newPhonePage, PHONE } from "./browser.ts";
import { chooseRadio, pressGo, submitting, tabTo, tickByKeyboard, typeByKeyboard } from "./keyboard.ts";
import { keepingSensitive, markSensitive, useServerAndBrowser } from "./server.ts";
import { longDate, today } from "./days.ts";

const STEPS_WITHOUT_PROCEDURES = 13;

const suite = useServerAndBrowser();
/** Every date a test typed or was shown as its result: none may reach the server's log. */
const typedDates: string[] = [];
const sensitive = keepingSensitive(typedDates);

/** No app bundle, no hydration: at most the one small inline script that reveals follow-up questions. */
function expectOnlyTheEnhancement(html: string): void {
  expect(html).not.toMatch(/<script[^>]+src=/);
  expect(html).not.toContain("__reactRouter");
  const inline = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(inline.length).toBeLessThanOrEqual(1);
  for (const code of inline) {
    expect(code).toContain("data-follow-up-of");
    expect(code.length).toBeLessThan(1024);
  }
}

const phonePage = () => newPhonePage(suite.browser, { javaScriptEnabled: false });

/** What every screen must be: at /candidate, axe-clean, no sideways scrolling, and a title free of answers. */
async function checkScreen(page: Page, label: string): Promise<void> {
  expect(page.url(), label).toBe(`${suite.server.url}/candidate`);
  await expectNoAxeViolations(page, label);
  await expectNoHorizontalScroll(page, label);
  expect(await page.title(), label).not.toMatch(/\d/);
}

async function expectQuestion(page: Page, n: number, total: number, text: RegExp): Promise<void> {
  const heading = page.getByRole("heading", { level: 1 });
  expect(await heading.textContent()).toMatch(new RegExp(`^Question ${n} of ${total}\\s`));
  expect(await heading.textContent()).toMatch(text);
  // The page load puts focus on the question, so a screen reader starts there.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
}

async function hidden(page: Page, name: string): Promise<string[]> {
  return page.locator(`input[type="hidden"][name="${name}"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

async function screenIntake(intake: unknown): Promise<{ outcome: string; earliestDate: string | null }> {
  const res = await fetch(`${suite.server.url}/api/v1/screenings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(intake),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { outcome: string; earliestDate: string | null };
}

async function clickContinue(page: Page): Promise<void> {
  await submitting(page, () => page.getByRole("button", { name: "Continue" }).click());
}

/** The steps of a visitor with nothing to declare, with the input each ticks. */
const PLAN: [string, string][] = [
  ["areas", "#field-areas"],
  ["birth", ""],
  ["pregnancy", "#field-pregnancy-none"],
  ["skin", "#field-skin-none"],
  ["procedures", "#field-procedures-none"],
  ["isotretinoin", "#field-isotretinoin"],
  ["retinoid", "#field-retinoid"],
  ["medicines", "#field-medicines-none"],
  ["health", "#field-health-none"],
  ["diabetes", "#field-diabetes"],
  ["history", "#field-history-none"],
  ["skin-type", "#field-skin-type-2"],
  ["expectations", "#field-expectations"],
];

/** Answers by mouse up to (not including) the step `stop`, or every step; `change` swaps the answer of a step (by input id). */
async function answerUpTo(page: Page, stop: string | null, change: Partial<Record<string, string>> = {}): Promise<void> {
  await page.goto(`${suite.server.url}/candidate`);
  await submitting(page, () => page.getByRole("button", { name: "Start the check" }).click());
  for (const [step, input] of PLAN) {
    if (step === stop) return;
    if (step === "birth") {
      await page.getByLabel("Day").fill("27");
      await page.getByLabel("Month").fill("3");
      await page.getByLabel("Year").fill("1990");
    } else {
      await page.locator(change[step] ?? input).check();
      if (step === "areas") await page.locator("#field-areas-neck").check();
    }
    await clickContinue(page);
  }
}

/** A visitor with nothing to declare, by mouse; `change` swaps the answer of a step (by input id). */
async function answerEverything(page: Page, change: Partial<Record<string, string>> = {}): Promise<void> {
  await answerUpTo(page, null, change);
}

describe("the self-check", () => {
  it("is answered by keyboard alone without JavaScript, keeps answers across Back, and defers a recent isotretinoin stop to the exact date", async () => {
    const page = await phonePage();
    const stopped = today().subtract({ months: 3 });
    const earliest = stopped.add({ months: 6 });
    sensitive("1987-06-23", stopped.toString(), earliest.toString());
    const total = STEPS_WITHOUT_PROCEDURES;

    await page.goto(`${suite.server.url}/candidate`);
    await checkScreen(page, "introduction");
    expectOnlyTheEnhancement(await page.content());
    await tabTo(page, 'button[name="go"][value="next"]');
    await submitting(page, () => page.keyboard.press("Enter"));

    await expectQuestion(page, 1, total, /Which areas/);
    await checkScreen(page, "areas");
    await tickByKeyboard(page, "areas", "face");
    await pressGo(page, "next");

    await expectQuestion(page, 2, total, /date of birth/);
    await checkScreen(page, "birth");
    await typeByKeyboard(page, "field-birth-day", "23");
    await typeByKeyboard(page, "field-birth-month", "6");
    await typeByKeyboard(page, "field-birth-year", "1987");
    // Enter in a field submits with the first button, which is Continue.
    await submitting(page, () => page.keyboard.press("Enter"));

    await expectQuestion(page, 3, total, /pregnant or breastfeeding/);
    await checkScreen(page, "pregnancy");
    await tickByKeyboard(page, "pregnancy", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 4, total, /Right now/);
    await checkScreen(page, "skin now");
    await tickByKeyboard(page, "skin", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 5, total, /had any of these/);
    await checkScreen(page, "procedures");
    await tickByKeyboard(page, "procedures", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 6, total, /isotretinoin/);
    await checkScreen(page, "isotretinoin");
    await chooseRadio(page, "isotretinoin", "stopped");
    await typeByKeyboard(page, "field-isotretinoin-stopped-day", String(stopped.day));
    await typeByKeyboard(page, "field-isotretinoin-stopped-month", String(stopped.month));
    await typeByKeyboard(page, "field-isotretinoin-stopped-year", String(stopped.year));

    // Back once: what was typed here travels along, and the earlier answer is still ticked.
    await tabTo(page, 'button[name="go"][value="back"]');
    await submitting(page, () => page.keyboard.press("Enter"));
    await expectQuestion(page, 5, total, /had any of these/);
    expect(await page.locator("#field-procedures-none").isChecked()).toBe(true);
    expect(await hidden(page, "isotretinoin-stopped-day")).toEqual([String(stopped.day)]);
    expect(await hidden(page, "birth-year")).toEqual(["1987"]);
    await pressGo(page, "next");

    await expectQuestion(page, 6, total, /isotretinoin/);
    expect(await page.locator("#field-isotretinoin-stopped").isChecked()).toBe(true);
    expect(await page.locator("#field-isotretinoin-stopped-day").inputValue()).toBe(String(stopped.day));
    expect(await page.locator("#field-isotretinoin-stopped-month").inputValue()).toBe(String(stopped.month));
    expect(await page.locator("#field-isotretinoin-stopped-year").inputValue()).toBe(String(stopped.year));
    await pressGo(page, "next");

    await expectQuestion(page, 7, total, /retinoid/);
    await checkScreen(page, "retinoid");
    await chooseRadio(page, "retinoid", "no");
    await pressGo(page, "next");

    await expectQuestion(page, 8, total, /medicines/);
    await checkScreen(page, "medicines");
    await tickByKeyboard(page, "medicines", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 9, total, /conditions/);
    await checkScreen(page, "health");
    await tickByKeyboard(page, "health", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 10, total, /diabetes/);
    await checkScreen(page, "diabetes");
    await chooseRadio(page, "diabetes", "no");
    await pressGo(page, "next");

    await expectQuestion(page, 11, total, /apply to you/);
    await checkScreen(page, "scars, cold sores and allergies");
    await tickByKeyboard(page, "history", "none");
    await pressGo(page, "next");

    await expectQuestion(page, 12, total, /sun/);
    await checkScreen(page, "skin type");
    await chooseRadio(page, "skin-type", "3");
    await pressGo(page, "next");

    await expectQuestion(page, 13, total, /hoping/);
    await checkScreen(page, "expectations");
    await chooseRadio(page, "expectations", "gradual");
    await pressGo(page, "next");

    // The result: deferred, with the exact first day (stop date + 6 calendar months).
    await checkScreen(page, "result");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/wait/i);
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain(`You can be treated from ${longDate(earliest)}.`);
    expect(main).toContain("isotretinoin");
    expect(main).toContain("You can still book your consultation now");
    expectOnlyTheEnhancement(await page.content());

    const answers = JSON.parse(await page.locator('form[action="/candidate/book"] input[name="answers"]').inputValue()) as {
      medications: { isotretinoin: unknown };
    };
    expect(answers.medications.isotretinoin).toEqual({ status: "stopped", stoppedOn: stopped.toString() });
    const screened = await screenIntake(answers);
    expect(screened.outcome).toBe("deferred");
    expect(screened.earliestDate).toBe(earliest.toString());

    // Nothing went into a cookie either.
    expect(await page.context().cookies()).toEqual([]);

    // Booked from here, the confirmation asks for the health questionnaire and reminds them of the wait they were told.
    await submitting(page, () => page.getByRole("button", { name: "Book a consultation" }).click());
    await page.locator("button.time").first().click();
    markSensitive("Sam Selfcheck", "sam.selfcheck@example.test");
    await page.getByLabel("Full name").fill("Sam Selfcheck");
    await page.getByLabel("E-mail").fill("sam.selfcheck@example.test");
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.waitForURL(/\/manage\/.*booked=1/);
    const next = page.locator("section.before-visit");
    expect(await next.getByRole("link", { name: "Fill in your health questionnaire" }).getAttribute("href")).toBe("/portal/intake");
    expect(await next.locator(".before-visit-wait").textContent()).toContain(
      `It said microneedling treatment can start from ${longDate(earliest)}.`,
    );
    await expectNoAxeViolations(page, "confirmation after the self-check");
    await page.context().close();
  }, 240_000);

  it("shows each problem beside its field, keeps everything typed, and lets Back skip the check", async () => {
    const page = await phonePage();
    const future = today().add({ months: 2 }).with({ day: 15 });
    const past = today().subtract({ years: 1 }).with({ day: 10 });
    sensitive("1990-02-31", future.toString(), past.toString());

    await page.goto(`${suite.server.url}/candidate`);
    await submitting(page, () => page.getByRole("button", { name: "Start the check" }).click());

    // No area chosen.
    const refused = page.waitForResponse((r) => r.request().method() === "POST");
    await clickContinue(page);
    expect((await refused).status()).toBe(422);
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    const summary = page.locator(".error-summary");
    expect(await summary.textContent()).toContain("Choose at least one area you'd like treated.");
    expect(await summary.locator("a").getAttribute("href")).toBe("#field-areas");
    expect(await page.locator("#q-areas-error").textContent()).toContain("Choose at least one area");
    expect(await page.locator("fieldset").first().getAttribute("aria-describedby")).toContain("q-areas-error");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await checkScreen(page, "areas with an error");

    await page.locator("#field-areas").check();
    await page.locator("#field-areas-neck").check();
    await clickContinue(page);

    // A date that does not exist.
    await page.getByLabel("Day").fill("31");
    await page.getByLabel("Month").fill("2");
    await page.getByLabel("Year").fill("1990");
    await clickContinue(page);
    expect(await page.locator("#q-birth-error").textContent()).toContain("Your date of birth must be a real date.");
    expect(await page.getByLabel("Day").inputValue()).toBe("31");
    expect(await page.getByLabel("Year").inputValue()).toBe("1990");
    expect(await hidden(page, "areas")).toEqual(["face", "neck"]);
    await checkScreen(page, "birth with an error");
    await page.getByLabel("Day").fill("27");
    await page.getByLabel("Month").fill("3");
    await clickContinue(page);

    // "None" together with an answer.
    await page.locator("#field-pregnancy-breastfeeding").check();
    await page.locator("#field-pregnancy-none").check();
    await clickContinue(page);
    expect(await page.locator("#q-pregnancy-error").textContent()).toContain("not both");
    expect(await page.locator("#field-pregnancy-breastfeeding").isChecked()).toBe(true);
    await page.locator("#field-pregnancy-breastfeeding").uncheck();
    await clickContinue(page);
    await page.locator("#field-skin-none").check();
    await clickContinue(page);
    await page.locator("#field-procedures-none").check();
    await clickContinue(page);

    // A stop date in the future.
    await page.locator("#field-isotretinoin-stopped").check();
    await page.locator("#field-isotretinoin-stopped-day").fill(String(future.day));
    await page.locator("#field-isotretinoin-stopped-month").fill(String(future.month));
    await page.locator("#field-isotretinoin-stopped-year").fill(String(future.year));
    await clickContinue(page);
    expect(await page.locator("#q-isotretinoin-stopped-error").textContent()).toContain("can't be in the future");
    expect(await page.locator(".error-summary a").getAttribute("href")).toBe("#field-isotretinoin-stopped-day");
    expect(await page.locator("#field-isotretinoin-stopped").isChecked()).toBe(true);
    expect(await page.locator("#field-isotretinoin-stopped-day").inputValue()).toBe(String(future.day));
    expect(await page.locator("#field-isotretinoin-stopped-year").inputValue()).toBe(String(future.year));
    expect(await hidden(page, "birth-day")).toEqual(["27"]);
    expect(await hidden(page, "areas")).toEqual(["face", "neck"]);
    await checkScreen(page, "isotretinoin with an error");

    // Back does not insist on a valid answer, and keeps the invalid one for later.
    await submitting(page, () => page.getByRole("button", { name: "Back" }).click());
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/had any of these/);
    expect(await page.locator(".error-summary").count()).toBe(0);
    await clickContinue(page);
    expect(await page.locator("#field-isotretinoin-stopped-month").inputValue()).toBe(String(future.month));
    await page.locator("#field-isotretinoin-stopped-day").fill(String(past.day));
    await page.locator("#field-isotretinoin-stopped-month").fill(String(past.month));
    await page.locator("#field-isotretinoin-stopped-year").fill(String(past.year));
    await clickContinue(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/retinoid/);
    expect(await page.locator(".error-summary").count()).toBe(0);
    await page.context().close();
  });

  it("tells a visitor with nothing to declare they are suitable and hands exactly the screened Intake to /candidate/book", async () => {
    const page = await phonePage();
    sensitive("1990-03-27");
    await answerEverything(page);

    await checkScreen(page, "suitable result");
    expect(await page.locator(".self-check-result").getAttribute("data-outcome")).toBe("suitable");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Microneedling looks like a good fit for you");
    expect(await page.locator("main").textContent()).toContain(longDate(today()));

    const form = page.locator('form[action="/candidate/book"]');
    expect(await form.count()).toBe(1);
    expect(await form.getAttribute("method")).toBe("post");
    // The screened Intake, and what they hope for as they said it (the Intake keeps only "complete removal or not").
    expect(await form.locator("input[name]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name))).toEqual([
      "answers",
      "expectation",
    ]);
    expect(await form.locator('input[name="expectation"]').inputValue()).toBe("gradual");
    const json = await form.locator('input[name="answers"]').inputValue();
    const intake = JSON.parse(json) as unknown;
    expect(intake).toEqual({
      birthDate: "1990-03-27",
      treatmentAreas: ["face", "neck"],
      fitzpatrickType: 2,
      conditions: [],
      skinConditions: [],
      medications: { anticoagulant: false, immunosuppressant: false },
      recentProcedures: [],
      expectsCompleteRemoval: false,
    });
    expect(await screenIntake(intake)).toMatchObject({ outcome: "suitable", earliestDate: today().toString() });

    // The button posts that string and the hope, and nothing else, to /candidate/book (answered here by a stand-in).
    let posted: string | null = null;
    await page.route(`${suite.server.url}/candidate/book`, async (route) => {
      posted = route.request().postData();
      await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Booking</title><p>Booking</p>" });
    });
    await submitting(page, () => page.getByRole("button", { name: "Book a consultation" }).click());
    expect([...new URLSearchParams(posted ?? "")]).toEqual([
      ["answers", json],
      ["expectation", "gradual"],
    ]);
    await page.context().close();
  });

  it("changes one answer from the result and screens again; a blood thinner rules it out kindly, without a booking button", async () => {
    const page = await phonePage();
    sensitive("1990-03-27");
    await answerEverything(page);

    await page.locator(".self-check-answers summary").click();
    await submitting(page, () => page.getByRole("button", { name: "Change how your skin reacts to sun" }).click());
    expect(await page.locator("#field-skin-type-2").isChecked()).toBe(true);
    await page.locator("#field-skin-type-4").check();
    await clickContinue(page);
    // Straight back to the result, screened again.
    expect(await page.locator(".self-check-result").getAttribute("data-outcome")).toBe("suitable-with-precautions");
    expect(await page.getByRole("heading", { level: 2, name: "What we’ll take extra care with" }).count()).toBe(1);
    const intake = JSON.parse(await page.locator('input[name="answers"]').inputValue()) as { fitzpatrickType: number };
    expect(intake.fitzpatrickType).toBe(4);
    await checkScreen(page, "result with precautions");

    await submitting(page, () => page.getByRole("button", { name: "Change my answers" }).click());
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Question 1 of/);
    expect(await page.locator("#field-areas").isChecked()).toBe(true);
    expect(await page.locator("#field-areas-neck").isChecked()).toBe(true);

    // The first choice of a group carries the group's id, for the error summary's link.
    await answerEverything(page, { medicines: "#field-medicines" });
    expect(await page.locator(".self-check-result").getAttribute("data-outcome")).toBe("not-suitable");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Microneedling isn’t the right choice for you");
    expect(await page.locator('form[action="/candidate/book"]').count()).toBe(0);
    expect(await page.locator('main a[href^="tel:"]').count()).toBeGreaterThan(0);
    expect(await page.locator("main").textContent()).toContain("doctor");
    await checkScreen(page, "not suitable");
    await page.context().close();
  });

  it("is linked from the home page and the microneedling page", async () => {
    for (const path of ["/", "/microneedling"]) {
      const html = await fetch(suite.server.url + path).then((r) => r.text());
      expect(html, path).toMatch(/<a [^>]*href="\/candidate"[^>]*>Am I a candidate\?<\/a>/);
    }
  });

  it("keeps answers out of the address, the cache and the server log", async () => {
    const body = new URLSearchParams([
      ["step", "areas"],
      ["areas", "face"],
      ["birth-day", "23"],
      ["birth-month", "6"],
      ["birth-year", "1987"],
    ]);
    const res = await fetch(`${suite.server.url}/candidate`, {
      method: "POST",
      body,
      headers: { Origin: suite.server.url },
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expectOnlyTheEnhancement(html);
    expect(html).toContain('value="1987"');

    const log = suite.server.log();
    expect(log).toContain('"path":"/candidate"');
    expect(typedDates.length).toBeGreaterThan(0);
    for (const date of typedDates) expect(log, "a typed date is in the log").not.toContain(date);
    for (const word of ["isotretinoin", "stoppedOn", "birth-year", "anticoagulant"]) expect(log).not.toContain(word);
  });

  it("with JavaScript, shows a follow-up question only once its choice is picked, under the Content-Security-Policy", async () => {
    // A context that keeps the site's policy: the inline script runs only because it carries the page's nonce.
    const context = await suite.browser.newContext({ ...PHONE });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) refusals.push(m.text());
    });
    await answerUpTo(page, "isotretinoin");
    const followUp = page.locator('[data-follow-up-of="field-isotretinoin-stopped"]');
    expect(await followUp.isHidden()).toBe(true);
    await page.locator("#field-isotretinoin-stopped").check();
    expect(await followUp.isVisible()).toBe(true);
    await page.locator("#field-isotretinoin").check();
    expect(await followUp.isHidden()).toBe(true);
    expect(refusals).toEqual([]);
    await context.close();
  });
});
