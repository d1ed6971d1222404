// The booking's confirmation on a 360 px phone without JavaScript: what to do
// before the visit (the health questionnaire) and, for a visitor whose own
// self-check said to wait, a reminder of that wait, from this browser only.
// Whoever holds the link reads the page, and anyone may type anyone's address:
// an anonymous booking under a known client's address reads the same words as
// a stranger's, and only that client, signed in, reads their own status.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, expectUniqueIdsAndNamedControls, newPhonePage } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { fullDay, longDate, today } from "./days.ts";
import { markSensitive } from "./server.ts";
import { signInToPortal } from "./treated-client.ts";

const t = clinicAndBrowser();

/** Where to keep screenshots for a person to look at (DERMAPLAN_SCREENSHOTS); none by default. */
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

/** The page at 360 px and at a desktop width (full pages), for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const phone = page.viewportSize()!;
  await page.screenshot({ path: join(SHOTS, `i18i-${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SHOTS, `i18i-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(phone);
}

const phonePage = () => newPhonePage(t.browser, { javaScriptEnabled: false });

/**
 * Books a consultation on the public page as the person typing these details,
 * at the `nth` time offered on a day both practitioners work all day (one
 * person's bookings far enough apart not to overlap); lands on the confirmation.
 */
async function bookConsultation(page: Page, person: { name: string; email: string }, nth: number, prefix = ""): Promise<void> {
  await page.goto(`${t.app.url}${prefix}/book/consultation?date=${fullDay()}`);
  await page.locator("button.time").nth(nth).click();
  await page.locator("#field-name").fill(person.name);
  await page.locator("#field-email").fill(person.email);
  await page.locator('form:has(#field-name) button[type="submit"]').click();
  await page.waitForURL(/\/manage\/.*booked=1/);
}

/** The self-check's "Book a consultation" button, as its result page posts it: the screened Intake and the hope. */
async function carrySelfCheck(page: Page, intake: object): Promise<void> {
  await page.goto(`${t.app.url}/candidate`);
  const answers = JSON.stringify(intake);
  await page.setContent(
    `<form method="post" action="${t.app.url}/candidate/book"><input name="answers" value='${answers}'><input name="expectation" value="gradual"><button>Book</button></form>`,
  );
  await page.getByRole("button", { name: "Book" }).click();
  await page.waitForURL(/\/book\/consultation\?from=self-check/);
}

const next = (page: Page) => page.locator("section.before-visit");

async function checkPage(page: Page, label: string): Promise<void> {
  await expectNoAxeViolations(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectUniqueIdsAndNamedControls(page, label);
}

describe("the booking's confirmation", () => {
  it("asks for the health questionnaire in words that fit anyone, in English and in French", async () => {
    const page = await phonePage();
    markSensitive("Nia Newcomer", "nia.newcomer@example.test");
    await bookConsultation(page, { name: "Nia Newcomer", email: "nia.newcomer@example.test" }, 0);
    await expect.poll(() => page.getByRole("heading", { name: "You are booked" }).isVisible()).toBe(true);
    const section = next(page);
    expect(await section.getByRole("heading", { level: 2 }).textContent()).toBe("Before your visit");
    expect(await section.textContent()).toContain(
      "If you haven’t filled in your health questionnaire in the last 30 days, please fill it in before your visit.",
    );
    const link = section.getByRole("link", { name: "Fill in your health questionnaire" });
    expect(await link.getAttribute("href")).toBe("/portal/intake");
    expect(await section.textContent()).toContain("You’ll sign in with a link we e-mail to the address you booked with.");
    // No self-check in this browser: no reminder of one.
    expect(await page.locator(".before-visit-wait").count()).toBe(0);
    await checkPage(page, "confirmation");
    await shot(page, "confirmation");

    // The manage link from the e-mail, later: the page without the confirmation's next steps.
    await page.goto(page.url().replace(/&booked=1/, ""));
    expect(await next(page).count()).toBe(0);
    await page.context().close();

    const french = await phonePage();
    markSensitive("Noé Nouveau", "noe.nouveau@example.test");
    await bookConsultation(french, { name: "Noé Nouveau", email: "noe.nouveau@example.test" }, 1, "/fr");
    expect(new URL(french.url()).pathname).toMatch(/^\/fr\/manage\//);
    expect(await next(french).getByRole("heading", { level: 2 }).textContent()).toBe("Avant votre visite");
    expect(await next(french).textContent()).toContain(
      "Si vous n’avez pas rempli votre questionnaire de santé au cours des 30 derniers jours, veuillez le remplir avant votre visite.",
    );
    expect(await next(french).getByRole("link", { name: "Remplir votre questionnaire de santé" }).getAttribute("href")).toBe(
      "/portal/intake",
    );
    await checkPage(french, "French confirmation");
    await shot(french, "confirmation-fr");
    await french.context().close();
  });

  it("reminds a visitor of the wait their own self-check gave, in that browser only", async () => {
    const stopped = today().subtract({ months: 3 });
    const earliest = stopped.add({ months: 6 });
    const page = await phonePage();
    await carrySelfCheck(page, {
      treatmentAreas: ["face"],
      medications: { isotretinoin: { status: "stopped", stoppedOn: stopped.toString() } },
      expectsCompleteRemoval: false,
    });
    markSensitive("Wren Waiting", "wren.waiting@example.test");
    await bookConsultation(page, { name: "Wren Waiting", email: "wren.waiting@example.test" }, 2);
    const wait = page.locator(".before-visit-wait");
    expect(await wait.getByRole("heading").textContent()).toBe("What your self-check said");
    expect(await wait.textContent()).toContain(
      `It said microneedling treatment can start from ${longDate(earliest)}. Your visit can go ahead as booked;`,
    );
    // The questionnaire step is there too.
    expect(await next(page).getByRole("link", { name: "Fill in your health questionnaire" }).count()).toBe(1);
    await checkPage(page, "confirmation with the self-check's wait");
    await shot(page, "confirmation-wait");
    // Its cookies: the carried answers' is gone; the wait's is HttpOnly, and nothing in it is readable.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain("dp_selfcheck");
    const kept = cookies.find((c) => c.name === "dp_selfcheck_wait")!;
    expect(kept.httpOnly).toBe(true);
    expect(kept.value).not.toContain(earliest.toString());
    expect(Buffer.from(kept.value.split(":").pop()!, "base64url").toString("latin1")).not.toContain(String(earliest.year));

    // A reload keeps the reminder; the same link in another browser (the e-mail opened elsewhere) does not have it.
    const address = page.url();
    await page.reload();
    expect(await wait.count()).toBe(1);
    const elsewhere = await phonePage();
    // Never kept by a browser or a proxy: the page holds the link's token, and this browser's reminder.
    expect((await elsewhere.goto(address))!.headers()["cache-control"]).toBe("private, no-store");
    expect(await next(elsewhere).count()).toBe(1);
    expect(await elsewhere.locator(".before-visit-wait").count()).toBe(0);
    expect(await elsewhere.locator("main").textContent()).not.toContain(longDate(earliest));
    await elsewhere.context().close();

    // The next booking in this browser is not this one: the reminder stays with the booking it was for.
    markSensitive("Wren Again", "wren.again@example.test");
    await bookConsultation(page, { name: "Wren Again", email: "wren.again@example.test" }, 3);
    expect(await next(page).count()).toBe(1);
    expect(await wait.count()).toBe(0);
    await page.context().close();
  });

  it("tells an anonymous booking under a known client's address nothing about that client; the client signed in reads their own", async () => {
    const known = { name: "Kit Known", email: "kit.known@example.test" };
    markSensitive(known.name, known.email);
    // The client answered the questionnaire today, and it said to wait: none of that is anyone else's to read.
    const stopped = today().subtract({ months: 2 });
    const until = stopped.add({ months: 6 });
    await screenClient(t.app.f.database.db, t.app.keyRing, {
      organizationId: t.app.f.organizationId,
      email: known.email,
      name: known.name,
      intake: { medications: { isotretinoin: { status: "stopped", stoppedOn: stopped.toString() } } },
      asOf: today().toString(),
      now: Date.now(),
    });

    const stranger = await phonePage();
    await bookConsultation(stranger, { name: "Someone Else", email: known.email }, 4);
    const strangerSees = (await next(stranger).textContent())!;
    expect(strangerSees).toContain("If you haven’t filled in your health questionnaire in the last 30 days");
    expect(strangerSees).not.toContain("up to date");
    expect(await stranger.locator(".before-visit-wait").count()).toBe(0);
    const strangerPage = (await stranger.locator("main").textContent())!;
    // The booking is for the name typed; the name the clinic has for that address is not shown.
    expect(strangerPage).toContain("Someone Else");
    expect(strangerPage).not.toContain(known.name);
    for (const told of [
      longDate(until),
      longDate(today()),
      Temporal.PlainDate.from(today()).toLocaleString("en-CA", { month: "long", day: "numeric", year: "numeric" }),
    ]) {
      expect(strangerPage).not.toContain(told);
    }
    // Word for word what a stranger booking under a new address reads.
    const fresh = await phonePage();
    markSensitive("Fay Fresh", "fay.fresh@example.test");
    await bookConsultation(fresh, { name: "Fay Fresh", email: "fay.fresh@example.test" }, 5);
    expect(await next(fresh).innerHTML()).toBe(await next(stranger).innerHTML());
    await checkPage(stranger, "confirmation of a booking under a known address");
    await stranger.context().close();
    await fresh.context().close();

    // The client, signed in, books: their own questionnaire is up to date, and they may update it.
    const client = await phonePage();
    await signInToPortal(client, t.app, known.email);
    await bookConsultation(client, known, 9);
    const own = (await next(client).textContent())!;
    const answeredOn = today().toLocaleString("en-CA", { month: "long", day: "numeric", year: "numeric" });
    expect(own).toContain(`Your health questions are up to date: you last answered them on ${answeredOn}.`);
    expect(await next(client).getByRole("link", { name: "Update your answers" }).getAttribute("href")).toBe("/portal/intake");
    expect(own).not.toContain("sign in with a link");
    await checkPage(client, "confirmation for the signed-in client");
    await shot(client, "confirmation-signed-in");
    await client.context().close();

    // A signed-in client with no questionnaire yet is asked for it plainly.
    const newcomer = { name: "Lou Later", email: "lou.later@example.test" };
    markSensitive(newcomer.name, newcomer.email);
    const first = await phonePage();
    await bookConsultation(first, newcomer, 6);
    await first.context().close();
    const later = await phonePage();
    await signInToPortal(later, t.app, newcomer.email);
    await bookConsultation(later, newcomer, 11);
    expect(await next(later).textContent()).toContain("Please fill in your health questionnaire before your visit.");
    await later.context().close();
  });
});
