// A client reads their account in English or French. On a phone without
// JavaScript they sign in, switch the account to French with the language
// switch (a form), see it in French with the page marked fr-CA, get their
// next sign-in e-mail in French, and switch back. A client who booked in
// French gets French e-mails and a sign-in page in French from the start.
// axe finds nothing on the way.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatDateTime } from "../app/lib/format.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newPhonePage } from "./browser.ts";
import { openHeaderMenu } from "./header-menu.ts";
import { bookConsultation } from "./booking-api.ts";
import { markSensitive, useServerAndBrowser } from "./server.ts";
import { outboxMailsTo } from "./outbox.ts";

const suite = useServerAndBrowser();

const phonePage = () => newPhonePage(suite.browser, { javaScriptEnabled: false, locale: "en-CA" });

async function bookViaApi(client: { name: string; email: string }, locale?: "en" | "fr") {
  const booking = await bookConsultation(suite.server.url, client, { fromDays: 9, toDays: 16, slot: locale === "fr" ? 1 : 0, locale });
  markSensitive(booking.manageToken);
  return booking;
}

const mailsTo = (address: string) => outboxMailsTo(suite.server.dataDir, address);

async function waitForMail(address: string, match: (m: { subject: string; body: string }) => boolean, label: string) {
  for (let i = 0; i < 200; i++) {
    const found = mailsTo(address).filter(match);
    if (found.length) return found.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No e-mail (${label}) to ${address} reached the outbox`);
}

/** The sign-in link in the newest sign-in e-mail, on this server, as written (with lang=fr for a French client). */
async function newestSignInLink(address: string, count: number): Promise<{ path: string; mail: { subject: string; body: string } }> {
  for (let i = 0; i < 200; i++) {
    const links = mailsTo(address).filter((m) => m.body.includes("/portal/verify?token="));
    if (links.length >= count) {
      const mail = links[count - 1]!;
      const path = /\/portal\/verify\?token=[A-Za-z0-9_-]+(?:&lang=fr)?/.exec(mail.body)![0];
      markSensitive(/token=([A-Za-z0-9_-]+)/.exec(path)![1]!);
      return { path, mail };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No sign-in e-mail number ${count} to ${address}`);
}

async function askForLink(page: Page, label: string, button: RegExp, email: string) {
  await page.getByLabel(label).fill(email);
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(/\/portal\/login\?sent=1/);
}

const mainLang = (page: Page) => page.locator("main").getAttribute("lang");
const h1 = async (page: Page) => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();

describe("the account in English and French", () => {
  it("switches to French without JavaScript, keeps it for the sign-in e-mail, and switches back", async () => {
    const client = { name: "Noor Bilingue", email: "noor.bilingue@example.test" };
    markSensitive(client.name, client.email);
    const booking = await bookViaApi(client);
    const page = await phonePage();

    await page.goto(`${suite.server.url}/portal/login`);
    await askForLink(page, "E-mail", /E-mail me a sign-in link/, client.email);
    const first = await newestSignInLink(client.email, 1);
    expect(first.path).not.toContain("lang=");
    expect(first.mail.subject).toMatch(/^Your sign-in link — /);
    await page.goto(`${suite.server.url}${first.path}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal$/);
    expect(await h1(page)).toBe("Your appointments");
    expect(await mainLang(page)).toBe("en-CA");

    // The switch is a form: without JavaScript it posts, and the same page comes back in French.
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "Français" }).click();
    await page.waitForURL(/\/portal$/);
    expect(await h1(page)).toBe("Vos rendez-vous");
    expect(await mainLang(page)).toBe("fr-CA");
    expect(await page.locator("header").getAttribute("lang")).toBe("fr-CA");
    const clinicName = (await page.locator(".brand").textContent())!.trim();
    await expect.poll(() => page.title()).toBe(`Vos rendez-vous — ${clinicName}`);
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain(formatDateTime(Date.parse(booking.start), "America/Toronto", "fr"));
    expect(main).toMatch(/ à \d\d h \d\d H[AN]E/);
    expect(main).toContain("Réservé");
    expect(main).not.toContain(formatDateTime(Date.parse(booking.start), "America/Toronto"));
    await openHeaderMenu(page);
    expect(await page.getByRole("link", { name: "Votre dossier" }).getAttribute("href")).toBe("/portal/record");
    expect(await page.getByRole("link", { name: "Prendre un autre rendez-vous" }).getAttribute("href")).toBe("/fr/book");
    expect(await page.getByRole("button", { name: "English" }).getAttribute("lang")).toBe("en-CA");
    await expectNoAxeViolations(page, "portal home in French");
    await expectNoHorizontalScroll(page, "portal home in French");

    // Every account page follows, and the switch brings the client back to the page they were on.
    await page.getByRole("link", { name: "Votre dossier" }).click();
    await page.waitForURL(/\/portal\/record$/);
    expect(await h1(page)).toBe("Votre dossier");
    expect(await page.locator("main").textContent()).toContain("Vos coordonnées");
    expect(await mainLang(page)).toBe("fr-CA");
    await expectNoAxeViolations(page, "portal record in French");
    await expectNoHorizontalScroll(page, "portal record in French");

    // The next sign-in e-mail is French, and its link opens the sign-in page in French.
    const other = await phonePage();
    await other.goto(`${suite.server.url}/portal/login`);
    await askForLink(other, "E-mail", /E-mail me a sign-in link/, client.email);
    const second = await newestSignInLink(client.email, 2);
    expect(second.path).toMatch(/&lang=fr$/);
    expect(second.mail.subject).toMatch(/^Votre lien de connexion — /);
    expect(second.mail.body).toContain("Bonjour,");
    expect(second.mail.body).not.toContain(client.name);
    await other.goto(`${suite.server.url}${second.path}`);
    expect(await h1(other)).toBe("Connexion à votre compte");
    expect(await mainLang(other)).toBe("fr-CA");
    await expectNoAxeViolations(other, "sign-in link page in French");
    await expectNoHorizontalScroll(other, "sign-in link page in French");
    await other.context().close();

    // Back to English, on the same page.
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "English" }).click();
    await page.waitForURL(/\/portal\/record$/);
    expect(await h1(page)).toBe("Your record");
    expect(await mainLang(page)).toBe("en-CA");
    await openHeaderMenu(page);
    await page.getByRole("link", { name: "Your appointments" }).click();
    await page.waitForURL(/\/portal$/);
    expect(await page.locator("main").textContent()).toContain(formatDateTime(Date.parse(booking.start), "America/Toronto"));

    // Only English and French are taken, and the way back never leaves the account.
    const request = page.context().request;
    const german = await request.post(`${suite.server.url}/portal`, {
      form: { intent: "language", locale: "de", returnTo: "/portal" },
      maxRedirects: 0,
    });
    expect(german.status()).toBe(400);
    const offSite = await request.post(`${suite.server.url}/portal`, {
      form: { intent: "language", locale: "en", returnTo: "//evil.example/portal" },
      maxRedirects: 0,
    });
    expect(offSite.status()).toBe(303);
    expect(offSite.headers()["location"]).toBe("/portal");
    await page.reload();
    expect(await h1(page)).toBe("Your appointments");

    await openHeaderMenu(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/portal\/login\?signed-out=1$/);
    expect(await h1(page)).toBe("Sign in to your account");
    await page.context().close();
  });

  it("greets a client who booked in French in French: e-mails, the sign-in page and the account", async () => {
    const client = { name: "Élodie Tremblay", email: "elodie.tremblay@example.test" };
    markSensitive(client.name, client.email);
    const booking = await bookViaApi(client, "fr");
    const confirmation = await waitForMail(client.email, (m) => m.body.includes("/manage/"), "confirmation");
    expect(confirmation.subject).toMatch(/^Votre rendez-vous est confirmé — /);
    expect(confirmation.body).toContain(`Bonjour ${client.name},`);
    expect(confirmation.body).toContain(`/fr/manage/${booking.id}?token=`);

    // The sign-in page in French, from its own switch; the answer stays the same for everyone.
    const page = await phonePage();
    await page.goto(`${suite.server.url}/portal/login`);
    await page.getByRole("link", { name: "Français" }).click();
    await page.waitForURL(/\/portal\/login\?lang=fr$/);
    expect(await h1(page)).toBe("Connexion à votre compte");
    expect(await mainLang(page)).toBe("fr-CA");
    await expectNoAxeViolations(page, "sign-in page in French");
    await expectNoHorizontalScroll(page, "sign-in page in French");
    await page.getByLabel("Courriel").fill("pas une adresse");
    await page.getByRole("button", { name: "M’envoyer un lien de connexion" }).click();
    expect(await page.locator(".field-error").textContent()).toBe("Entrez une adresse courriel comme nom@exemple.com.");
    expect(await page.locator("#error-summary-title").textContent()).toBe("Veuillez vérifier ce champ");
    await expectNoAxeViolations(page, "sign-in page in French, with an error");
    await askForLink(page, "Courriel", /M’envoyer un lien de connexion/, client.email);
    expect(page.url()).toMatch(/sent=1&lang=fr$/);
    expect(await page.getByRole("status").textContent()).toContain("un lien de connexion est en route");

    const link = await newestSignInLink(client.email, 1);
    expect(link.path).toMatch(/&lang=fr$/);
    await page.goto(`${suite.server.url}${link.path}`);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(/\/portal$/);
    expect(await h1(page)).toBe("Vos rendez-vous");
    expect(await page.locator("main").textContent()).toContain(formatDateTime(Date.parse(booking.start), "America/Toronto", "fr"));

    // Signing out lands on the sign-in page in French.
    await openHeaderMenu(page);
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(/\/portal\/login\?signed-out=1&lang=fr$/);
    expect(await page.getByRole("status").textContent()).toContain("Votre session est fermée.");
    await page.context().close();
  });

  it("keeps the switch behind the sign-in, and sends a French e-mail's link to the French sign-in page", async () => {
    const post = (body: Record<string, string>) =>
      fetch(`${suite.server.url}/portal`, { method: "POST", redirect: "manual", body: new URLSearchParams(body) });
    // Signed out: the switch is behind the sign-in like everything else.
    const signedOut = await post({ intent: "language", locale: "fr", returnTo: "/portal" });
    expect([302, 303]).toContain(signedOut.status);
    expect(signedOut.headers.get("location")).toBe("/portal/login");
    // A link from a French e-mail, signed out: the sign-in page in French, which then leads where the link did.
    const fromMail = await fetch(`${suite.server.url}/portal/intake?lang=fr`, { redirect: "manual" });
    expect(fromMail.headers.get("location")).toBe("/portal/login?next=%2Fportal%2Fintake&lang=fr");
    // The booking API takes only "en" or "fr", and says which field was wrong.
    const wrong = await fetch(`${suite.server.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        serviceId: "x",
        start: "2027-03-15T10:00:00-04:00",
        client: { name: "A B", email: "a@example.test" },
        locale: "de",
      }),
    });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: Record<string, string> }).errors).toHaveProperty("locale");
  });
});
