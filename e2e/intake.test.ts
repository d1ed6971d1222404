// The intake questionnaire in the client portal on a 360 px phone without
// JavaScript: a client with a booking follows the link in the confirmation,
// signs in by e-mailed link, opens the intake from the portal home and
// answers every step by keyboard alone — Back once without losing anything,
// one mistake caught and fixed — then sends it and reads the screening result.
// Every screen is axe-clean and the address never carries an answer. A second
// client's self-check answers, carried into their booking, pre-fill the intake.
import { join } from "node:path";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openHeaderMenu } from "./header-menu.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, expectUniqueIdsAndNamedControls, newPhonePage } from "./browser.ts";
import { chooseRadio, pressGo, submitting, tabTo, tickByKeyboard, typeByKeyboard } from "./keyboard.ts";
import { bookConsultation } from "./booking-api.ts";
import { fullDay, longDate, today } from "./days.ts";
import { keepingSensitive, markSensitive, useServerAndBrowser } from "./server.ts";
import { outboxMailsTo } from "./outbox.ts";

const STEPS = 8;

const suite = useServerAndBrowser();
/** Everything a test typed or was told back: never in an address, a title or the server's log. */
const typed: string[] = [];
const sensitive = keepingSensitive(typed);

const phonePage = (javaScriptEnabled = false) => newPhonePage(suite.browser, { javaScriptEnabled });

// ---- the outbox --------------------------------------------------------------------------

const mailsTo = (address: string) => outboxMailsTo(suite.server.dataDir, address).map((m) => m.body);

async function mailMatching(address: string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const mail = mailsTo(address).find((m) => pattern.test(m));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No e-mail matching ${pattern} reached the outbox`);
}

/** Signs the client in the way the portal does it: ask for a link, open it, press Sign in. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${suite.server.url}/portal/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: /E-mail me a (sign-in|new) link/ }).click();
  await page.waitForURL(/\/portal\/login\?sent=1/);
  const mail = await mailMatching(email, /\/portal\/verify\?token=/);
  const token = /\/portal\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail)![1]!;
  markSensitive(token);
  await page.goto(`${suite.server.url}/portal/verify?token=${token}`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/portal$/);
}

async function bookViaApi(client: { name: string; email: string }) {
  await bookConsultation(suite.server.url, client, { fromDays: 8, toDays: 15 });
}

/** A client with a consultation booked, signed in to the portal on a phone without JavaScript. */
async function bookedAndSignedIn(client: { name: string; email: string }): Promise<Page> {
  markSensitive(client.name, client.email);
  await bookViaApi(client);
  const page = await phonePage();
  await signIn(page, client.email);
  return page;
}

// ---- the keyboard --------------------------------------------------------------------------

/** Chooses by keyboard; the choice is then checked. */
async function choose(page: Page, name: string, value: string): Promise<void> {
  await chooseRadio(page, name, value);
  expect(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()).toBe(true);
}

async function tick(page: Page, name: string, value: string): Promise<void> {
  await tickByKeyboard(page, name, value);
  expect(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()).toBe(true);
}

async function typeDate(page: Page, name: string, date: Temporal.PlainDate, withDay = true): Promise<void> {
  if (withDay) await typeByKeyboard(page, `field-${name}`, String(date.day));
  await typeByKeyboard(page, `field-${name}-month`, String(date.month));
  await typeByKeyboard(page, `field-${name}-year`, String(date.year));
}

/** What every screen must be: at the plain address, axe-clean, no sideways scrolling, no answer in the title. */
async function checkScreen(page: Page, label: string, address = `${suite.server.url}/portal/intake`): Promise<void> {
  expect(page.url(), label).toBe(address);
  // One element per id, every field named: a label pointing at two fields leaves one of them unnamed for a screen reader.
  await expectUniqueIdsAndNamedControls(page, label);
  await expectNoAxeViolations(page, label);
  await expectNoHorizontalScroll(page, label);
  const title = await page.title();
  for (const t of typed) expect(title, label).not.toContain(t);
  expect(await page.locator("script").count(), label).toBe(0);
}

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

/** The screen at 360 px and at a desktop width (full pages), for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  const phone = page.viewportSize()!;
  await page.screenshot({ path: join(SHOTS, `i18i-${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SHOTS, `i18i-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(phone);
}

/** How tall the page is: on a phone, how far there is to scroll. */
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/** The concerns screen asks what to improve on these areas ("face", "neck"), in this order, and on no other. */
async function expectConcernsFor(page: Page, ...areas: string[]): Promise<void> {
  const legends = areas.map((area) => `What would you like to improve on your ${area}?`);
  expect(await page.locator("main fieldset legend").allTextContents()).toEqual(legends);
}

async function expectStep(page: Page, n: number, heading: RegExp): Promise<void> {
  const h1 = (await page.getByRole("heading", { level: 1 }).textContent())!;
  expect(h1).toMatch(new RegExp(`^Step ${n} of ${STEPS}\\s`));
  expect(h1).toMatch(heading);
  // A screen reader starts at the heading of the new step.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
  await expect.poll(() => page.title()).toMatch(new RegExp(`^Step ${n} of ${STEPS}: `));
}

/** A step's heading in another language: its count, then its topic, with the focus on it. */
async function expectStepIn(page: Page, count: string, heading: RegExp): Promise<void> {
  const h1 = (await page.getByRole("heading", { level: 1 }).textContent())!;
  expect(h1.startsWith(`${count} `)).toBe(true);
  expect(h1).toMatch(heading);
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
}

async function screenIntake(
  intake: unknown,
): Promise<{ outcome: string; earliestDate: string; reasons: { ruleId: string; clientMessage: string }[] }> {
  const res = await fetch(`${suite.server.url}/api/v1/screenings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(intake),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { outcome: string; earliestDate: string; reasons: { ruleId: string; clientMessage: string }[] };
}

describe("the intake questionnaire", () => {
  it("is linked from the confirmation, answered by keyboard alone without JavaScript, and stored with its screening", async () => {
    const client = { name: "Nora Intake", email: "nora.intake@example.test" };
    markSensitive(client.name, client.email);
    await bookViaApi(client);

    // The confirmation links to the intake: the link only, no health words.
    const confirmation = await mailMatching(client.email, /Your appointment is booked/);
    expect(confirmation).toContain("Before your visit, please answer the health questions in your account:");
    expect(confirmation).toMatch(/https?:\/\/[^\s"]+\/portal\/intake\s/);

    const birth = Temporal.PlainDate.from("1986-09-14");
    const stopped = today().subtract({ months: 3 });
    const peel = today().subtract({ days: 5 });
    const medicines = "Vitamin D 1000 IU daily";
    const goals = "Softer acne scars on my cheeks";
    sensitive(birth.toString(), stopped.toString(), peel.toString(), medicines, goals, "1986");

    const page = await phonePage();
    const addresses: string[] = [];
    page.on("framenavigated", (f) => {
      if (f === page.mainFrame()) addresses.push(f.url());
    });
    await signIn(page, client.email);

    // The portal home says the questions are waiting, and leads to them.
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Your health questions" }) });
    expect(await card.textContent()).toContain("Not started");
    await expectNoAxeViolations(page, "portal home before the intake");
    await tabTo(page, 'main a[href="/portal/intake"]');
    await submitting(page, () => page.keyboard.press("Enter"));
    await checkScreen(page, "introduction");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your health questions");
    await pressGo(page, "start");

    // 1. About you and your treatment
    await expectStep(page, 1, /About you/);
    await checkScreen(page, "step 1");
    expect(await page.locator(".intake-prefilled").count()).toBe(0);
    await typeDate(page, "birth-date", birth);
    await tick(page, "areas", "face");
    // The areas first: what to improve on each comes on the next screen, for the areas chosen only.
    expect(await page.locator('input[name^="concerns-"]').count()).toBe(0);
    await pressGo(page, "next");

    // 2. What to improve on the face, the one area chosen
    await expectStep(page, 2, /What you'd like to improve/);
    await checkScreen(page, "step 2");
    await expectConcernsFor(page, "face");
    await tick(page, "concerns-face", "acne-scars");
    await tick(page, "concerns-face", "texture");
    await pressGo(page, "next");

    // 3. The ten skin-type questions
    await expectStep(page, 3, /skin and the sun/);
    await checkScreen(page, "step 3");
    const scores = [1, 2, 1, 1, 2, 1, 1, 2, 0, 2];
    for (const [i, score] of scores.entries()) await choose(page, `fitzpatrick-${i + 1}`, String(score));
    await pressGo(page, "next");

    // 4. Health
    await expectStep(page, 4, /Your health/);
    await checkScreen(page, "step 4");
    await tick(page, "pregnancy", "none");
    await tick(page, "conditions", "none");
    await choose(page, "diabetes", "no");
    await tick(page, "skin-now", "none");
    await pressGo(page, "next");

    // 5. Medicines: typed, then Back once, and everything is still there.
    await expectStep(page, 5, /Medicines/);
    await checkScreen(page, "step 5");
    await typeByKeyboard(page, "field-medications-list", medicines);
    await choose(page, "isotretinoin", "stopped");
    await typeDate(page, "isotretinoin-stopped", stopped);
    // "Yes, but I've stopped" and the date's Day box each have a name of their own (checkScreen checks every field).
    await checkScreen(page, "step 5 with the last dose's date");
    await shot(page, "intake-step5");
    expect(await page.getByLabel("Yes, but I've stopped").getAttribute("type")).toBe("radio");
    expect(await page.getByLabel("Day", { exact: false }).first().getAttribute("name")).toBe("isotretinoin-stopped-day");
    await pressGo(page, "back");
    await expectStep(page, 4, /Your health/);
    expect(await page.locator('input[name="conditions"][value="none"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="diabetes"][value="no"]').isChecked()).toBe(true);
    // What was typed on step 4 travels along in the form, not in the address.
    expect(await page.locator('input[type="hidden"][name="medications-list"]').inputValue()).toBe(medicines);
    await pressGo(page, "next");
    await expectStep(page, 5, /Medicines/);
    expect(await page.locator("#field-medications-list").inputValue()).toBe(medicines);
    expect(await page.locator('input[name="isotretinoin"][value="stopped"]').isChecked()).toBe(true);
    expect(await page.locator("#field-isotretinoin-stopped-year").inputValue()).toBe(String(stopped.year));

    // One question left unanswered: the step stays, says what is missing, and links to it.
    await choose(page, "otc-blood-thinner", "no");
    await choose(page, "immunosuppressant", "no");
    await choose(page, "retinoid", "no");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${suite.server.url}/portal/intake` && r.request().method() === "POST"),
      pressGo(page, "next"),
    ]);
    expect(refused.status()).toBe(422);
    await checkScreen(page, "step 5 with an error");
    await expect.poll(() => page.title()).toMatch(/^Error: Step 5 of 8/);
    const summary = page.getByRole("alert");
    expect(await summary.textContent()).toContain("Choose whether you take a blood thinner.");
    expect(await summary.getByRole("link").getAttribute("href")).toBe("#field-blood-thinner");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    expect(await page.locator("#field-blood-thinner").getAttribute("aria-invalid")).toBe("true");
    // The other answers on the step are kept.
    expect(await page.locator("#field-medications-list").inputValue()).toBe(medicines);
    expect(await page.locator('input[name="retinoid"][value="no"]').isChecked()).toBe(true);
    await choose(page, "blood-thinner", "no");
    await pressGo(page, "next");

    // 6. Recent treatments: a peel five days ago, and one more row without JavaScript.
    await expectStep(page, 6, /Recent treatments/);
    await checkScreen(page, "step 6");
    expect(await page.locator("fieldset.intake-row").count()).toBe(3);
    await choose(page, "procedures-any", "yes");
    await choose(page, "procedures-other", "no");
    await choose(page, "procedures-ever", "no");
    await tabTo(page, "#field-procedure-1-type");
    await page.keyboard.type("Chemical");
    expect(await page.locator("#field-procedure-1-type").inputValue()).toBe("chemical-peel");
    await typeDate(page, "procedure-1-date", peel);
    await tick(page, "procedure-1-areas", "face");
    await pressGo(page, "add-procedure");
    await expectStep(page, 6, /Recent treatments/);
    expect(await page.locator("fieldset.intake-row").count()).toBe(4);
    expect(await page.locator("#field-procedure-1-type").inputValue()).toBe("chemical-peel");
    expect(await page.locator("#field-procedure-1-date-year").inputValue()).toBe(String(peel.year));
    await checkScreen(page, "step 6 with a fourth row");
    await pressGo(page, "next");

    // 7. Hopes and privacy
    await expectStep(page, 7, /hopes/);
    await checkScreen(page, "step 7");
    // Nothing carried from a self-check: the question is asked.
    expect(await page.locator(".intake-carried").count()).toBe(0);
    expect(await page.getByRole("link", { name: /full privacy notice/ }).getAttribute("href")).toBe("/privacy");
    await choose(page, "expectation", "gradual");
    await typeByKeyboard(page, "field-goals", goals);
    await tick(page, "privacy-acknowledged", "yes");
    await pressGo(page, "next");

    // 8. Review, then send.
    await expectStep(page, 8, /Check your answers/);
    await checkScreen(page, "step 8");
    await shot(page, "intake-review");
    const review = (await page.locator("main").textContent())!;
    for (const shown of [medicines, goals, "September 14, 1986", "Chemical peel", "Acne scars; Rough or uneven texture"]) {
      expect(review).toContain(shown);
    }
    await tabTo(page, 'button[name="go"][value="submit"]');
    await submitting(page, () => page.keyboard.press("Enter"));

    // The result: a GET of its own, so reloading sends nothing twice.
    expect(page.url()).toMatch(new RegExp(`^${suite.server.url}/portal/intake\\?done=[0-9a-f-]{36}$`));
    await checkScreen(page, "result", page.url());
    const expected = await screenIntake({
      birthDate: birth.toString(),
      treatmentAreas: ["face"],
      fitzpatrickAnswers: scores,
      medications: { isotretinoin: { status: "stopped", stoppedOn: stopped.toString() } },
      recentProcedures: [{ type: "chemical-peel", date: peel.toString(), areas: ["face"] }],
    });
    expect(expected.outcome).toBe("deferred");
    expect(expected.earliestDate).toBe(stopped.add({ months: 6 }).toString());
    const earliest = longDate(stopped.add({ months: 6 }));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Thank you. It's best to wait a little");
    const result = (await page.locator("main").textContent())!;
    expect(result).toContain(`The earliest you can be treated is ${earliest}.`);
    expect(result).toContain(`Treatment sessions can be booked for ${earliest} or later.`);
    expect(result).toContain("Your practitioner reads your answers before your consultation");
    expect(expected.reasons.map((r) => r.ruleId).sort()).toEqual(["isotretinoin", "recent-chemical-peel"]);
    for (const r of expected.reasons) expect(result).toContain(r.clientMessage);
    const resultUrl = page.url();

    // No address on the way carried an answer.
    for (const address of addresses) {
      const url = new URL(address);
      expect(url.pathname).toMatch(/^\/portal(\/login|\/verify|\/intake)?$/);
      if (url.pathname === "/portal/intake") expect(url.search === "" || /^\?done=[0-9a-f-]{36}$/.test(url.search)).toBe(true);
      for (const t of typed) expect(address).not.toContain(encodeURIComponent(t));
    }

    // The portal home now says when; the next intake starts from these answers.
    await page.goto(`${suite.server.url}/portal`);
    expect(await card.textContent()).toContain(`Last completed on ${longDate(today())}.`);
    await page.goto(`${suite.server.url}/portal/intake`);
    await pressGo(page, "start");
    await expectStep(page, 1, /About you/);
    expect(await page.locator(".intake-prefilled").textContent()).toContain("your answers from last time");
    expect(await page.locator("#field-birth-date").inputValue()).toBe("14");
    // The concerns wait, in the form, for the next screen.
    expect(
      await page.locator('input[type="hidden"][name="concerns-face"]').evaluateAll((e) => e.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(["acne-scars", "texture"]);
    expect(await page.locator('input[type="hidden"][name="medications-list"]').inputValue()).toBe(medicines);
    // The privacy notice is acknowledged afresh each time.
    expect(await page.locator('input[name="privacy-acknowledged"]').count()).toBe(0);

    // A reload of the result page shows the same result and stores nothing new.
    await page.goto(resultUrl);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Thank you. It's best to wait a little");

    // "Tell me when I'm eligible": one e-mail on the earliest date, to the address the clinic has.
    await page.getByRole("button", { name: `E-mail me on ${earliest}` }).press("Enter");
    await page.waitForURL(/reminded=1/);
    expect(await page.getByRole("status").last().textContent()).toBe(`We will e-mail you on ${earliest} with a link to book.`);
    await expectNoAxeViolations(page, "intake result, reminder set");

    // Read again in French: the reasons are worded in French, with the clinic's waiting period, and nothing is marked English.
    await page.goto(`${suite.server.url}/portal`);
    await openHeaderMenu(page);
    await submitting(page, () => page.getByRole("button", { name: "Français" }).click());
    await page.goto(resultUrl);
    await checkScreen(page, "French result", resultUrl);
    const french = (await page.locator("main").textContent())!;
    expect(french).toContain("après votre dernière dose");
    expect(french).toContain("après le peeling");
    for (const r of expected.reasons) expect(french).not.toContain(r.clientMessage);
    expect(await page.locator('main [lang]:not([lang="fr-CA"])').count()).toBe(0);

    // The server logs paths, never answers. Its own numbers (times, ports, durations) are left out first:
    // a birth year such as 1986 is otherwise found inside a millisecond timestamp.
    const logged = suite.server.log().replace(/"(time|pid|port|ms|healthyMs)":\d+/g, "");
    for (const t of [...typed, client.email]) expect(logged).not.toContain(t);
    await page.context().close();
  });

  it("asks what to improve only for the areas chosen, on a short first screen, and keeps it all through Back", async () => {
    const page = await bookedAndSignedIn({ name: "Ari Areas", email: "ari.areas@example.test" });
    await page.goto(`${suite.server.url}/portal/intake`);
    await pressGo(page, "start");

    // Step 1 on a 360 px phone: a date and six areas, no concern lists (all six made it 3,189 px tall).
    await expectStep(page, 1, /About you/);
    await checkScreen(page, "step 1, nothing chosen");
    expect(await pageHeight(page)).toBeLessThan(1500);
    await shot(page, "intake-step1");
    await typeDate(page, "birth-date", Temporal.PlainDate.from("1988-04-02"));
    await tick(page, "areas", "face");
    await tick(page, "areas", "hands");
    await pressGo(page, "next");

    // Step 2: the face's and the hands' lists, and the free text for "Something else".
    await expectStep(page, 2, /What you'd like to improve/);
    await checkScreen(page, "step 2, face and hands");
    await expectConcernsFor(page, "face", "hands");
    expect(await page.locator('input[name="concerns-neck"]').count()).toBe(0);
    expect(await pageHeight(page)).toBeLessThan(2000);
    await tick(page, "concerns-face", "pores");
    await tick(page, "concerns-hands", "pigmentation");
    await shot(page, "intake-step2");
    // "Something else" without saying what: the step says so, and keeps the ticks.
    await tick(page, "concerns-hands", "other");
    await pressGo(page, "next");
    await checkScreen(page, "step 2 with an error");
    expect(await page.getByRole("alert").textContent()).toContain("Tell us what else you'd like to improve");
    expect(await page.locator('input[name="concerns-face"][value="pores"]').isChecked()).toBe(true);
    await shot(page, "intake-step2-error");
    await page.locator('input[name="concerns-hands"][value="other"]').uncheck();

    // Back to the areas: hands unticked, neck ticked. The hands' ticks wait in the form; the neck's list is asked.
    await pressGo(page, "back");
    await expectStep(page, 1, /About you/);
    expect(await page.locator('input[type="hidden"][name="concerns-face"]').inputValue()).toBe("pores");
    await page.locator('input[name="areas"][value="hands"]').uncheck();
    await tick(page, "areas", "neck");
    await pressGo(page, "next");
    await expectStep(page, 2, /What you'd like to improve/);
    await expectConcernsFor(page, "face", "neck");
    expect(await page.locator('input[name="concerns-face"][value="pores"]').isChecked()).toBe(true);
    expect(await page.locator('input[type="hidden"][name="concerns-hands"]').inputValue()).toBe("pigmentation");
    // Hands chosen again: what was ticked for them is back.
    await pressGo(page, "back");
    await tick(page, "areas", "hands");
    await pressGo(page, "next");
    expect(await page.locator('input[name="concerns-hands"][value="pigmentation"]').isChecked()).toBe(true);
    await page.context().close();
  });

  it("speaks French to a client whose account is in French", async () => {
    const page = await bookedAndSignedIn({ name: "Élise Intake", email: "elise.intake@example.test" });
    // The account's language switch, as the client would use it.
    await openHeaderMenu(page);
    await submitting(page, () => page.getByRole("button", { name: "Français" }).click());
    await page.goto(`${suite.server.url}/portal/intake`);
    await checkScreen(page, "French introduction");
    expect(await page.getAttribute("html", "lang")).toBe("fr-CA");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Vos questions de santé");
    await pressGo(page, "start");
    await checkScreen(page, "French step 1");
    // Nothing on the page is marked English any more: the questions are in the client's language.
    expect(await page.locator('main[lang="fr-CA"]').count()).toBe(1);
    expect(await page.locator('main [lang]:not([lang="fr-CA"])').count()).toBe(0);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Étape 1 sur 8 Vous et votre traitement");
    await expect.poll(() => page.title()).toMatch(/^Étape 1 sur 8\u00a0: Vous et votre traitement — Vos questions de santé — /);
    const main = (await page.locator("main").textContent())!;
    for (const shown of ["Quelle est votre date de naissance?", "Jour", "Mois", "Année", "Cuir chevelu", "Continuer"])
      expect(main).toContain(shown);

    // A month typed in French is read; the missing year and area are said in French.
    await typeByKeyboard(page, "field-birth-date", "14");
    await typeByKeyboard(page, "field-birth-date-month", "mars");
    await pressGo(page, "next");
    await checkScreen(page, "French step 1 with errors");
    await expect.poll(() => page.title()).toMatch(/^Erreur\u00a0: Étape 1 sur 8/);
    const summary = (await page.getByRole("alert").textContent())!;
    expect(summary).toContain("Veuillez vérifier ces réponses");
    expect(summary).toContain("Votre date de naissance doit comprendre l’année.");
    expect(summary).toContain("Choisissez au moins une zone à traiter.");
    await typeByKeyboard(page, "field-birth-date-year", "1986");
    await tick(page, "areas", "face");
    await pressGo(page, "next");
    await expectStepIn(page, "Étape 2 sur 8", /Ce que vous aimeriez améliorer/);
    await checkScreen(page, "French step 2");
    expect(await page.locator("main fieldset legend").allTextContents()).toEqual(["Qu’aimeriez-vous améliorer sur votre visage?"]);
    await pressGo(page, "next");
    await expectStepIn(page, "Étape 3 sur 8", /Votre peau et le soleil/);
    await checkScreen(page, "French step 3");
    expect(await page.locator("main").textContent()).toContain("De quelle couleur sont vos yeux?");
    await page.context().close();
  });

  it("starts from the self-check answers a client carried into their booking", async () => {
    const client = { name: "Sol Selfcheck", email: "sol.selfcheck@example.test" };
    markSensitive(client.name, client.email);
    const birth = "1979-02-03";
    sensitive(birth);
    const intake = {
      birthDate: birth,
      treatmentAreas: ["face", "neck"],
      fitzpatrickType: 2,
      conditions: ["hsv-history"],
      skinConditions: [],
      medications: { anticoagulant: false, immunosuppressant: false },
      recentProcedures: [],
      expectsCompleteRemoval: false,
    };

    // The self-check's hand-over, as its "Book a consultation" button posts it, then the booking page.
    const booking = await phonePage(true);
    await booking.goto(`${suite.server.url}/candidate`);
    await booking.evaluate((answers) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/candidate/book";
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "answers";
      input.value = answers;
      // What they hope for, as the self-check's result page sends it beside the Intake.
      const hope = document.createElement("input");
      hope.type = "hidden";
      hope.name = "expectation";
      hope.value = "unsure";
      form.append(input, hope);
      document.body.append(form);
      form.submit();
    }, JSON.stringify(intake));
    await booking.waitForURL(/\/book\/consultation\?from=self-check/);
    // The carried answers live in a cookie; a full working day keeps the third time there whatever the hour.
    await booking.goto(`${suite.server.url}/book/consultation?from=self-check&date=${fullDay()}`);
    await booking.locator("button.time").nth(2).click();
    await booking.getByLabel("Full name").fill(client.name);
    await booking.getByLabel("E-mail").fill(client.email);
    await booking.getByRole("button", { name: "Confirm booking" }).click();
    await expect.poll(() => booking.getByRole("heading", { name: "You are booked" }).isVisible()).toBe(true);
    await booking.context().close();

    const page = await phonePage();
    await signIn(page, client.email);
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Your health questions" }) });
    expect(await card.textContent()).toContain("We've kept your self-check answers");
    await page.goto(`${suite.server.url}/portal/intake`);
    await pressGo(page, "start");
    await expectStep(page, 1, /About you/);
    await checkScreen(page, "pre-filled step 1");
    expect(await page.locator(".intake-prefilled").textContent()).toBe(
      "We filled in what you told us in the self-check — check it and add the rest.",
    );
    expect(await page.locator("#field-birth-date").inputValue()).toBe("3");
    expect(await page.locator("#field-birth-date-month").inputValue()).toBe("2");
    expect(await page.locator("#field-birth-date-year").inputValue()).toBe("1979");
    expect(await page.locator('input[name="areas"][value="face"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="areas"][value="neck"]').isChecked()).toBe(true);
    await pressGo(page, "next");
    // What to improve: the lists of the two areas the self-check named, and no other.
    await expectStep(page, 2, /What you'd like to improve/);
    await checkScreen(page, "pre-filled step 2");
    await expectConcernsFor(page, "face", "neck");
    await pressGo(page, "next");
    // The ten skin-type questions were never asked in the self-check: they are for the client to answer.
    await expectStep(page, 3, /skin and the sun/);
    expect(await page.locator('input[name^="fitzpatrick-"]:checked').count()).toBe(0);
    await pressGo(page, "next");
    await checkScreen(page, "step 2 unanswered");
    expect(await page.getByRole("alert").locator("li").count()).toBe(10);
    // Health, as the self-check told it, waits on step 4.
    expect(await page.locator('input[type="hidden"][name="conditions"]').inputValue()).toBe("hsv-history");
    expect(await page.locator('input[type="hidden"][name="diabetes"]').inputValue()).toBe("no");

    // On to the hopes: the rest answered as anyone would.
    for (let i = 1; i <= 10; i++) await page.check(`input[name="fitzpatrick-${i}"][value="1"]`);
    await pressGo(page, "next");
    await expectStep(page, 4, /Your health/);
    await pressGo(page, "next");
    await expectStep(page, 5, /Medicines/);
    await page.fill("#field-medications-list", "none");
    await page.check('input[name="otc-blood-thinner"][value="no"]');
    await pressGo(page, "next");
    await expectStep(page, 6, /Recent treatments/);
    for (const q of ["procedures-any", "procedures-other", "procedures-ever"]) await page.check(`input[name="${q}"][value="no"]`);
    await pressGo(page, "next");

    // What they hope for was carried: shown as they said it, not asked again, and still changeable.
    await expectStep(page, 7, /hopes/);
    await checkScreen(page, "step 7 with the hope carried");
    await shot(page, "intake-carried-hope");
    const carried = page.locator(".intake-carried");
    expect(await carried.textContent()).toContain("You told us in the self-check: I'm not sure yet");
    expect(await page.getByRole("radio").count()).toBe(0);
    await carried.getByText("Change this answer").click();
    expect(await page.getByRole("radio", { name: "I'm not sure yet" }).isChecked()).toBe(true);
    await checkScreen(page, "step 7 changing the carried hope");
    await shot(page, "intake-carried-hope-open");
    await page.getByRole("radio", { name: /A gradual improvement/ }).check();
    await page.check('input[name="privacy-acknowledged"]');
    await pressGo(page, "next");
    await expectStep(page, 8, /Check your answers/);
    expect(await page.locator("main").textContent()).toContain("A gradual improvement in how my skin looks and feels");
    // Changed, it is the client's own answer now: the question is asked as any other.
    await pressGo(page, "change:finish");
    await expectStep(page, 7, /hopes/);
    expect(await page.locator(".intake-carried").count()).toBe(0);
    expect(await page.getByRole("radio", { name: /A gradual improvement/ }).isChecked()).toBe(true);
    await page.context().close();
  });
});
