// A client's ordinary day with the clinic on a 360 px phone without
// JavaScript (issue 18): the intake link in the confirmation e-mail leads
// through the sign-in to the questionnaire itself, and a link that tries to
// lead off the site lands on the account; a new time on the manage page is
// asked about before anything moves, and a time taken meanwhile is said and
// offered again; the header is one compact row with a Menu a keyboard opens.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatDateTimeShort } from "../app/lib/format.ts";
import { bookConsultation, consultationService, book, type Booked } from "./booking-api.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, keepScreenshot, newPhonePage, newContext } from "./browser.ts";
import { openHeaderMenuByKeyboard } from "./header-menu.ts";
import { tabTo } from "./keyboard.ts";
import { outboxMailsTo } from "./outbox.ts";
import { markSensitive, useServerAndBrowser } from "./server.ts";

const suite = useServerAndBrowser();
const ZONE = "America/Toronto";

const phonePage = () => newPhonePage(suite.browser, { javaScriptEnabled: false });
const h1 = async (page: Page) => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
const shot = (page: Page, name: string) => keepScreenshot(page, `i18c-e2e-${name}`);

/** The link of the `nth` (1-based) sign-in e-mail to this address, as a path on this server. */
async function signInLink(address: string, nth: number): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const links = outboxMailsTo(suite.server.dataDir, address)
      .map((m) => /\/portal\/verify\?token=[A-Za-z0-9_-]+(?:&[\w=%.-]+)*/.exec(m.body)?.[0])
      .filter((l): l is string => Boolean(l));
    if (links.length >= nth) {
      markSensitive(new URL(links[nth - 1]!, suite.server.url).searchParams.get("token")!);
      return links[nth - 1]!;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No sign-in e-mail number ${nth} to ${address}`);
}

async function askForLink(page: Page, email: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await page.waitForURL(/\/portal\/login\?sent=1/);
}

/** The booking as the API reads it with its manage token. */
async function bookingNow(booked: Booked): Promise<{ start: string; status: string }> {
  const res = await fetch(`${suite.server.url}/api/v1/bookings/${booked.id}?token=${booked.manageToken}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { start: string; status: string };
}

const movedMails = (email: string) =>
  outboxMailsTo(suite.server.dataDir, email).filter((m) => /^Your appointment has moved/.test(m.subject));

describe("the intake link through the sign-in", () => {
  it("asks a signed-out client to sign in to fill in the questionnaire, and lands there after the e-mailed link", async () => {
    const client = { name: "Iris Intakeway", email: "iris.intakeway@example.test" };
    markSensitive(client.name, client.email);
    await bookConsultation(suite.server.url, client, { fromDays: 9, toDays: 16 });
    const page = await phonePage();

    // The confirmation e-mail's link, opened signed out.
    await page.goto(`${suite.server.url}/portal/intake`);
    await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Fintake$/);
    expect(await h1(page)).toBe("Sign in to fill in your health questionnaire");
    expect(await page.locator("main").textContent()).toContain("Your questionnaire is in your account.");
    // The language switch keeps where the client is going.
    expect(await page.getByRole("link", { name: "Français" }).getAttribute("href")).toBe("/portal/login?next=%2Fportal%2Fintake&lang=fr");
    await expectNoAxeViolations(page, "sign-in for the questionnaire");
    await expectNoHorizontalScroll(page, "sign-in for the questionnaire");
    await shot(page, "sign-in-for-intake");

    await askForLink(page, client.email);
    expect(page.url()).toMatch(/\?sent=1&next=%2Fportal%2Fintake$/);
    expect(await h1(page)).toBe("Sign in to fill in your health questionnaire");

    const link = await signInLink(client.email, 1);
    expect(link).toMatch(/&next=%2Fportal%2Fintake$/);
    await page.goto(suite.server.url + link);
    await expectNoAxeViolations(page, "sign-in link page, to the questionnaire");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${suite.server.url}/portal/intake`);
    expect(await h1(page)).toBe("Your health questions");
    await expectNoAxeViolations(page, "questionnaire after signing in");
    await page.context().close();
  });

  it("keeps the language and the destination in French", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/portal/intake?lang=fr`);
    await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Fintake&lang=fr$/);
    expect(await h1(page)).toBe("Connectez-vous pour remplir votre questionnaire de santé");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    expect(await page.locator("main form").getAttribute("action")).toBe("/portal/login?next=%2Fportal%2Fintake&lang=fr");
    await expectNoAxeViolations(page, "sign-in for the questionnaire, French");
    await shot(page, "sign-in-for-intake-fr");
    // Any other page of the account: the usual words, the destination kept.
    await page.goto(`${suite.server.url}/portal/texts`);
    await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Ftexts$/);
    expect(await h1(page)).toBe("Sign in to your account");
    await page.context().close();
  });

  it("never leads off the account: a hostile destination lands on /portal", async () => {
    const client = { name: "Otto Offsite", email: "otto.offsite@example.test" };
    markSensitive(client.name, client.email);
    await bookConsultation(suite.server.url, client, { fromDays: 9, toDays: 16, slot: 2 });
    const page = await phonePage();

    // Asked from a sign-in page whose address names another site: the e-mailed link carries nothing of it.
    await page.goto(`${suite.server.url}/portal/login?next=${encodeURIComponent("//evil.example/portal")}`);
    expect(await h1(page)).toBe("Sign in to your account");
    expect(await page.locator("main form").getAttribute("action")).toBe("/portal/login");
    await askForLink(page, client.email);
    const clean = await signInLink(client.email, 1);
    expect(clean).not.toContain("next=");

    // The link edited by hand to lead elsewhere: checked again when it is spent.
    await page.goto(`${suite.server.url}${clean}&next=${encodeURIComponent("/\\evil.example")}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${suite.server.url}/portal`);
    expect(await h1(page)).toBe("Your appointments");

    // Signed in, the sign-in page sends on at once: only to the account.
    const cookie = (await page.context().cookies()).find((c) => c.name === "dp_client")!;
    const from = async (next: string) => {
      const res = await fetch(`${suite.server.url}/portal/login?next=${encodeURIComponent(next)}`, {
        redirect: "manual",
        headers: { Cookie: `dp_client=${cookie.value}` },
      });
      return res.headers.get("location");
    };
    for (const hostile of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/portal",
      "javascript:alert(1)",
      "/portal/../staff",
      "/portal/%2F%2Fevil.example",
      "/%2F%2Fevil.example",
      "/portal\t//evil.example",
      "/staff",
    ])
      expect(await from(hostile), hostile).toBe("/portal");
    expect(await from("/portal/intake")).toBe("/portal/intake");
    await page.context().close();
  });
});

describe("moving an appointment asks first", () => {
  it("moves only after 'Yes, move it', keeps the time on 'Keep my current time', and sends one e-mail", async () => {
    const client = { name: "Maud Mover", email: "maud.mover@example.test" };
    markSensitive(client.name, client.email);
    const booked = await bookConsultation(suite.server.url, client, { fromDays: 10, toDays: 17, slot: 4 });
    const page = await phonePage();
    await page.goto(booked.manageUrl.replace(/^https?:\/\/[^/]+/, suite.server.url));
    const before = await page.locator(".details").textContent();

    // First tap: a question, nothing moved.
    await page.getByRole("link", { name: "Change the time" }).click();
    const tapped = page.locator("button.time").nth(1);
    await tapped.click();
    await page.waitForURL(/[?&]start=/);
    const asked = new URL(page.url()).searchParams.get("start")!;
    const from = formatDateTimeShort(Date.parse(booked.start), ZONE);
    const to = formatDateTimeShort(Date.parse(asked), ZONE);
    expect(await page.getByRole("heading", { level: 2 }).first().textContent()).toBe(`Move your appointment from ${from} to ${to}?`);
    expect(await page.locator(".details").textContent()).toBe(before);
    expect((await bookingNow(booked)).start).toBe(booked.start);
    await expectNoAxeViolations(page, "move: confirm");
    await expectNoHorizontalScroll(page, "move: confirm");
    await shot(page, "move-confirm");

    // "Keep my current time": back to the appointment, unchanged.
    await page.getByRole("link", { name: "Keep my current time" }).click();
    await page.waitForURL((u) => !u.searchParams.has("start"));
    expect(await page.locator(".details").textContent()).toBe(before);
    expect((await bookingNow(booked)).start).toBe(booked.start);

    // Again, and yes: moved, once.
    await page.getByRole("link", { name: "Change the time" }).click();
    await page.locator("button.time").nth(1).click();
    await page.getByRole("button", { name: "Yes, move it" }).click();
    await page.getByText("Your appointment has moved").waitFor();
    expect(Date.parse((await bookingNow(booked)).start)).toBe(Date.parse(asked));
    expect(await page.locator(".details").textContent()).not.toBe(before);
    await expect.poll(() => movedMails(client.email).length, { timeout: 10_000 }).toBe(1);
    await page.context().close();
  });

  it("says so when the time was taken between the two steps, offers times again and saves nothing", async () => {
    const client = { name: "Rita Racer", email: "rita.racer@example.test" };
    markSensitive(client.name, client.email);
    const booked = await bookConsultation(suite.server.url, client, { fromDays: 10, toDays: 17, slot: 8 });
    const page = await phonePage();
    await page.goto(`${booked.manageUrl.replace(/^https?:\/\/[^/]+/, suite.server.url)}&reschedule=1`);
    await page.locator("button.time").nth(2).click();
    await page.getByRole("button", { name: "Yes, move it" }).waitFor();
    const url = new URL(page.url());
    const asked = url.searchParams.get("start")!;

    // Someone else books that very time meanwhile.
    const other = { name: "Quinn Quicker", email: "quinn.quicker@example.test" };
    markSensitive(other.name, other.email);
    const service = await consultationService(suite.server.url);
    await book(suite.server.url, {
      serviceId: service.id,
      start: asked,
      practitionerId: url.searchParams.get("practitioner")!,
      client: other,
    });

    await page.getByRole("button", { name: "Yes, move it" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("That time was taken a moment ago. Your appointment has not changed.");
    expect((await bookingNow(booked)).start).toBe(booked.start);
    // Times again: the nearest, and the whole day.
    expect(await alert.locator("button.time").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: "Choose a new time" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Yes, move it" }).count()).toBe(0);
    await expectNoAxeViolations(page, "move: time taken");
    await expectNoHorizontalScroll(page, "move: time taken");
    await shot(page, "move-taken");

    // One of the times offered: asked about too, then moved.
    await alert.locator("button.time").first().click();
    await page.getByRole("button", { name: "Yes, move it" }).click();
    await page.getByText("Your appointment has moved").waitFor();
    expect((await bookingNow(booked)).start).not.toBe(booked.start);
    await expect.poll(() => movedMails(client.email).length, { timeout: 10_000 }).toBe(1);
    await page.context().close();
  });

  it("asks in French on the French page", async () => {
    const client = { name: "Fleur Déplacée", email: "fleur.deplacee@example.test" };
    markSensitive(client.name, client.email);
    const booked = await bookConsultation(suite.server.url, client, { fromDays: 11, toDays: 18, slot: 3, locale: "fr" });
    const page = await phonePage();
    const manage = new URL(booked.manageUrl);
    await page.goto(`${suite.server.url}/fr${manage.pathname}${manage.search}`);
    await page.getByRole("link", { name: "Déplacer le rendez-vous" }).click();
    await page.locator("button.time").nth(1).click();
    const asked = new URL(page.url()).searchParams.get("start")!;
    const heading = `Déplacer votre rendez-vous du ${formatDateTimeShort(Date.parse(booked.start), ZONE, "fr")} au ${formatDateTimeShort(Date.parse(asked), ZONE, "fr")}?`;
    expect(await page.getByRole("heading", { level: 2 }).first().textContent()).toBe(heading);
    expect(await page.getByRole("button", { name: "Oui, le déplacer" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Garder mon heure actuelle" }).count()).toBe(1);
    await expectNoAxeViolations(page, "move: confirm, French");
    await shot(page, "move-confirm-fr");
    await page.context().close();
  });
});

describe("a compact header on a phone", () => {
  /** Signs a booked client in on this page and answers the manage page's path. */
  async function signedInWithBooking(page: Page): Promise<string> {
    const client = { name: "Hana Header", email: "hana.header@example.test" };
    markSensitive(client.name, client.email);
    const booked = await bookConsultation(suite.server.url, client, { fromDays: 12, toDays: 19, slot: 5 });
    await page.goto(`${suite.server.url}/portal/login`);
    await askForLink(page, client.email);
    await page.goto(suite.server.url + (await signInLink(client.email, 1)));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${suite.server.url}/portal`);
    const manage = new URL(booked.manageUrl);
    return manage.pathname + manage.search;
  }

  it("is one row of at most 80 px on every page, with a Menu that the keyboard opens and follows", async () => {
    const page = await phonePage();
    const manage = await signedInWithBooking(page);
    const pages = { home: "/", microneedling: "/microneedling", book: "/book", manage, portal: "/portal", intake: "/portal/intake" };
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(suite.server.url + path);
      const header = await page.locator("header").first().boundingBox();
      expect(header!.height, `header height on ${path}`).toBeLessThanOrEqual(80);
      const menu = page.locator("details.nav-menu");
      expect(await menu.isVisible(), path).toBe(true);
      expect(await page.locator(".nav-full").first().isVisible(), path).toBe(false);
      await expectNoAxeViolations(page, `${path}, menu closed`);
      await expectNoHorizontalScroll(page, `${path}, menu closed`);

      // The skip link comes first and goes past the header.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/#main$/);
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main"))), `after the skip link on ${path}`).toBe(true);

      // Tab to Menu: a button named Menu, with a visible focus ring; Enter opens it.
      await page.goto(suite.server.url + path);
      await openHeaderMenuByKeyboard(page);
      const summary = menu.locator("summary");
      expect(await summary.textContent()).toBe("Menu");
      expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
      expect(await summary.evaluate((s) => getComputedStyle(s).outlineStyle)).not.toBe("none");
      expect(await menu.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await menu.locator("nav").getAttribute("aria-label")).toBe(path.startsWith("/portal") ? "Your account" : "Main");
      await expectNoAxeViolations(page, `${path}, menu open`);
      await shot(page, `menu-open-${name}`);
    }

    // The keyboard follows a link of the open menu.
    await page.goto(`${suite.server.url}/`);
    await openHeaderMenuByKeyboard(page);
    await tabTo(page, 'details.nav-menu a[href="/about"]');
    await Promise.all([page.waitForURL(`${suite.server.url}/about`), page.keyboard.press("Enter")]);
    // A new page starts with the menu closed.
    expect(await page.locator("details.nav-menu").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.context().close();
  });

  it("shows the whole navigation and call to action on a wide screen", async () => {
    const context = await newContext(suite.browser, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/`);
    expect(await page.locator("details.nav-menu").isVisible()).toBe(false);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Microneedling", "About us", "Contact", "Articles"]);
    expect(await page.getByRole("banner").getByRole("link", { name: "Book a free consultation" }).innerText()).toBe(
      "Book a free consultation",
    );
    expect(await page.getByRole("banner").getByRole("link", { name: "Français" }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, "home, wide");
    await shot(page, "home-wide");
    await context.close();
  });
});
