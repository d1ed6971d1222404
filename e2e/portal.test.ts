// A client signs in to the portal with an e-mailed link on a phone without
// JavaScript, sees their appointment, goes on to change it, and signs out; a
// spent link says so clearly; axe finds nothing on the way.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatDateTime } from "../app/lib/format.ts";
import { expectNoAxeViolations, newContext, expectNoHorizontalScroll, newPhonePage, PHONE } from "./browser.ts";
import { bookConsultation } from "./booking-api.ts";
import { markSensitive, useServerAndBrowser } from "./server.ts";
import { outboxMailsTo } from "./outbox.ts";
import { openHeaderMenu } from "./header-menu.ts";

const NEUTRAL = "If we have your e-mail, a sign-in link is on its way; it works for 15 minutes, once.";

const suite = useServerAndBrowser();

const phonePage = () => newPhonePage(suite.browser, { javaScriptEnabled: false });

function bookViaApi(client: { name: string; email: string }) {
  return bookConsultation(suite.server.url, client, { fromDays: 8, toDays: 15 });
}

/** Waits for the sign-in e-mail number `nth` (1-based) to this address and answers its link on this server. */
/** The decoded e-mails to one address, oldest first. */
const mailsTo = (address: string) => outboxMailsTo(suite.server.dataDir, address).map((m) => m.body);

async function signInLink(address: string, nth: number): Promise<{ url: string; token: string; mail: string }> {
  for (let i = 0; i < 200; i++) {
    const links = mailsTo(address).filter((m) => m.includes("/portal/verify?token="));
    if (links.length >= nth) {
      const mail = links[nth - 1]!;
      const token = /\/portal\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail)![1]!;
      return { url: `${suite.server.url}/portal/verify?token=${token}`, token, mail };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No sign-in e-mail number ${nth} reached the outbox`);
}

async function askForLink(page: Page, email: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: /E-mail me a (sign-in|new) link/ }).click();
  await page.waitForURL(/\/portal\/login\?sent=1/);
  expect(await page.getByRole("status").textContent()).toContain(NEUTRAL);
}

describe("client portal", () => {
  it("signs a client in by e-mailed link, shows their appointment, leads to its manage page and signs out", async () => {
    const client = { name: "Pat Portalview", email: "pat.portalview@example.test" };
    markSensitive(client.name, client.email);
    const booking = await bookViaApi(client);
    const page = await phonePage();

    // The portal sends a stranger to the sign-in page.
    await page.goto(`${suite.server.url}/portal`);
    await page.waitForURL(/\/portal\/login$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in to your account");
    await expectNoAxeViolations(page, "portal sign-in");
    await expectNoHorizontalScroll(page, "portal sign-in");

    // A wrong address gets the very same answer as a right one, and no e-mail.
    await askForLink(page, "nobody.at.all@example.test");
    // The same page, byte for byte, but for the per-request CSP nonce.
    const withoutNonce = (html: string) => html.replace(/ nonce="[^"]*"/g, "");
    const strangerPage = withoutNonce(await page.content());
    await askForLink(page, client.email);
    expect(withoutNonce(await page.content())).toBe(strangerPage);
    await expectNoAxeViolations(page, "portal link sent");

    const link = await signInLink(client.email, 1);
    markSensitive(link.token);
    expect(link.mail).not.toContain(client.name);
    expect(link.mail).not.toContain(booking.serviceName);
    expect(mailsTo("nobody.at.all@example.test")).toEqual([]);

    // A second device (a mail scanner, say) opens the link first: looking does not spend it.
    const other = await phonePage();
    const otherResponse = await other.goto(link.url);
    expect(otherResponse!.status()).toBe(200);

    const verify = await page.goto(link.url);
    expect(verify!.status()).toBe(200);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in to your account");
    expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("same-origin");
    await expectNoAxeViolations(page, "portal verify");
    await expectNoHorizontalScroll(page, "portal verify");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal$/);

    const cookie = (await page.context().cookies()).find((c) => c.name === "dp_client")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie.value).not.toBe(link.token);

    const clinicName = (await page.locator(".brand").textContent())!.trim();
    await expect.poll(() => page.title()).toBe(`Your appointments — ${clinicName}`);
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain(booking.serviceName);
    expect(main).toContain(formatDateTime(Date.parse(booking.start), "America/Toronto"));
    expect(main).toContain("Booked");
    // On a phone the account's links are behind the header's Menu.
    await openHeaderMenu(page);
    expect(await page.getByRole("link", { name: "Your record" }).getAttribute("href")).toBe("/portal/record");
    expect(await page.getByRole("link", { name: "Book another appointment" }).getAttribute("href")).toBe("/book");
    await expectNoAxeViolations(page, "portal home");
    await expectNoHorizontalScroll(page, "portal home");

    // Booked without signing in: the client says it is theirs, which lets its practitioner read their health questions.
    expect(main).toContain("This appointment was booked without signing in.");
    await page.getByRole("button", { name: /Yes, this appointment is mine/ }).press("Enter");
    await page.waitForURL(/\/portal$/);
    expect(await page.getByRole("button", { name: /Yes, this appointment is mine/ }).count()).toBe(0);
    expect(await page.locator("main").textContent()).not.toContain("booked without signing in");
    await expectNoAxeViolations(page, "portal home, confirmed");

    // The spent link, pressed on the other device: a clear page with a way to ask again.
    const [reusedPost] = await Promise.all([
      other.waitForResponse((r) => r.url().includes("/portal/verify") && r.request().method() === "POST"),
      other.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(reusedPost.status()).toBe(410);
    expect(await other.getByRole("heading", { level: 1 }).textContent()).toBe("This sign-in link does not work");
    expect(await other.getByRole("alert").textContent()).toContain("already been used");
    expect((await other.context().cookies()).find((c) => c.name === "dp_client")).toBeUndefined();

    // …and opened again: the same page, at once.
    const reused = await other.goto(link.url);
    expect(reused!.status()).toBe(410);
    expect(await other.getByRole("heading", { level: 1 }).textContent()).toBe("This sign-in link does not work");
    await expectNoAxeViolations(other, "spent sign-in link");
    await expectNoHorizontalScroll(other, "spent sign-in link");
    const garbled = await other.goto(`${suite.server.url}/portal/verify?token=${link.token.slice(0, 20)}`);
    expect(garbled!.status()).toBe(400);
    expect(await other.getByRole("alert").textContent()).toContain("do not recognize");
    // The form on that page asks for a new link, which arrives.
    await askForLink(other, client.email);
    const second = await signInLink(client.email, 2);
    markSensitive(second.token);
    expect(second.token).not.toBe(link.token);
    await other.context().close();

    // Change or cancel: a fresh manage link, straight to the manage page.
    await page.getByRole("button", { name: /Change or cancel/ }).click();
    await page.waitForURL(new RegExp(`/manage/${booking.id}\\?token=`));
    const manageToken = new URL(page.url()).searchParams.get("token")!;
    markSensitive(manageToken);
    expect(manageToken).not.toBe(new URL(booking.manageUrl).searchParams.get("token"));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your appointment");
    expect(await page.locator(".details").textContent()).toContain(booking.serviceName);

    // Signing out closes the portal.
    await page.goto(`${suite.server.url}/portal`);
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/portal\/login\?signed-out=1/);
    expect(await page.getByRole("status").textContent()).toContain("You are signed out");
    expect((await page.context().cookies()).find((c) => c.name === "dp_client")).toBeUndefined();
    await page.goto(`${suite.server.url}/portal`);
    await page.waitForURL(/\/portal\/login$/);

    // The server logs paths only: no token and no address.
    for (let i = 0; i < 50 && !suite.server.log().includes('"/portal/login"'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(suite.server.log()).toContain('"/portal/verify"');
    for (const secret of [link.token, second.token, manageToken, client.email, client.name])
      expect(suite.server.log()).not.toContain(secret);
    await page.context().close();
  });

  it("keeps a signed-out browser out, and refuses a forged cookie", async () => {
    const context = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
    await context.addCookies([{ name: "dp_client", value: "A".repeat(43), url: suite.server.url }]);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/portal`);
    await page.waitForURL(/\/portal\/login$/);
    // The dead cookie was cleared.
    expect((await context.cookies()).find((c) => c.name === "dp_client")).toBeUndefined();
    const home = await fetch(`${suite.server.url}/portal`, { redirect: "manual" });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/portal/login");
    const manage = await fetch(`${suite.server.url}/portal?index`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ intent: "manage" }),
    });
    expect([302, 303]).toContain(manage.status);
    expect(manage.headers.get("location")).toBe("/portal/login");
    await context.close();
  });
});
