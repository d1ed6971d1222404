// The public pages' JavaScript budget (docs/decisions/0015-public-javascript-budget.md):
// every public page, in English and French, ships at most 50 KB of gzip
// JavaScript and shows its heading and a booking link with JavaScript off.
// Then a French visitor's walk through booking and the self-check, without
// JavaScript on a phone.
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  BUDGET_BYTES,
  firstServicePath,
  kb,
  measurePage,
  openSelfCheckQuestion,
  publicPaths,
  type PageWeight,
} from "../bench/js-weight.ts";
import { localeFromPath } from "../app/i18n/locales.ts";
import { expectNoAxeViolations, launchBrowser, newPhonePage } from "./browser.ts";
import { submitting } from "./keyboard.ts";
import { markSensitive, serverDatabaseEnv, startServer, type RunningServer } from "./server.ts";
import { signInAsOwner } from "./sign-in.ts";

let server: RunningServer;
let browser: Browser;
let paths: string[];

beforeAll(async () => {
  // One after the other: a first start (migrations, the demo clinic) is slow enough on a busy machine.
  server = await startServer({ env: await serverDatabaseEnv() });
  browser = await launchBrowser();
  paths = publicPaths(await firstServicePath(browser, server.url));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const phonePage = (javaScript: boolean) => newPhonePage(browser, { javaScriptEnabled: javaScript });

describe("the public pages' JavaScript budget", () => {
  it("ships at most 50 KB of gzip JavaScript on every public page, in both languages", async () => {
    const page = await phonePage(true);
    const weights: PageWeight[] = [];
    for (const path of paths) {
      weights.push(
        await measurePage(page, path, async (p) => {
          const response = await p.goto(server.url + path);
          expect(response?.status(), path).toBe(200);
        }),
      );
    }
    for (const locale of ["en", "fr"] as const) {
      const path = `${locale === "fr" ? "/fr" : ""}/candidate (a question)`;
      weights.push(await measurePage(page, path, (p) => openSelfCheckQuestion(p, server.url, locale)));
    }
    console.log(
      [
        "JavaScript shipped per public page (gzip; JSON-LD structured data listed apart, it is not run):",
        ...weights.map(
          (w) => `  ${w.path.padEnd(34)} ${kb(w.gzip).padStart(8)}  ${w.scripts.length} script(s)  JSON-LD ${kb(w.structuredData)}`,
        ),
      ].join("\n"),
    );
    for (const w of weights) {
      expect(w.gzip, `${w.path}: ${w.scripts.map((s) => `${s.source} ${s.gzip} B`).join(", ")}`).toBeLessThanOrEqual(BUDGET_BYTES);
    }
    // The one enhancement is the self-check's few hundred bytes; nothing else runs on a public page.
    const question = weights.find((w) => w.path === "/candidate (a question)")!;
    expect(question.scripts.map((s) => s.source)).toEqual(["inline"]);
    expect(question.gzip).toBeGreaterThan(0);
    // The measure sees a bundle when there is one: the staff calendar hydrates.
    await signInAsOwner(page, server.url);
    const hydrated = await measurePage(page, "/staff", (p) => p.goto(`${server.url}/staff`));
    console.log(`For comparison, a hydrated page: /staff ${kb(hydrated.gzip)} in ${hydrated.scripts.length} script(s)`);
    expect(hydrated.gzip).toBeGreaterThan(BUDGET_BYTES);
    await page.context().close();
  });

  it("shows every public page's heading and a booking link with JavaScript off", async () => {
    const page = await phonePage(false);
    for (const path of paths) {
      const response = await page.goto(server.url + path);
      expect(response?.status(), path).toBe(200);
      const locale = localeFromPath(path);
      expect(await page.locator("html").getAttribute("lang"), path).toMatch(locale === "fr" ? /^fr/ : /^en/);
      const headings = page.locator("h1");
      expect(await headings.count(), path).toBe(1);
      expect((await headings.textContent())?.trim(), path).not.toBe("");
      expect(await headings.isVisible(), path).toBe(true);
      const booking = page.locator(`a[href^="${locale === "fr" ? "/fr/book" : "/book"}"]`);
      expect(await booking.filter({ visible: true }).count(), `${path} shows a booking link`).toBeGreaterThan(0);
    }
    await page.context().close();
  });
});

describe("a French visitor, without JavaScript", () => {
  it("books in French: a service, a time, the form, an e-mail error in French, then the manage page", async () => {
    const page = await phonePage(false);
    await page.goto(`${server.url}/fr/book`);
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^fr/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Prendre rendez-vous");
    await expectNoAxeViolations(page, "/fr/book");
    await page
      .getByRole("link", { name: /^Choisir une heure pour/ })
      .first()
      .click();
    await page.waitForURL(/\/fr\/book\/[^/?]+/);
    await page.getByRole("navigation", { name: "Semaines" }).waitFor();
    // Times are written the French way ("14 h 30").
    const firstTime = page.locator("button.time").first();
    expect((await firstTime.textContent())!.trim()).toMatch(/^\d{1,2} h \d{2}$/);
    await expectNoAxeViolations(page, "/fr time picker");

    await submitting(page, () => firstTime.click());
    expect(new URL(page.url()).pathname).toMatch(/^\/fr\/book\//);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Vos coordonnées");
    await page.getByLabel("Nom complet").waitFor();
    expect(await page.getByText("Nous vous gardons cette heure").count()).toBe(1);

    markSensitive("Amélie Tremblay", "amelie@");
    await page.getByLabel("Nom complet").fill("Amélie Tremblay");
    await page.getByLabel("Courriel").fill("amelie@");
    await submitting(page, () => page.getByRole("button", { name: "Confirmer le rendez-vous" }).click());
    await page.getByRole("alert").first().waitFor();
    expect(await page.locator("#error-summary-title").textContent()).toBe("Veuillez vérifier ce champ");
    expect(await page.locator("#field-email-error").textContent()).toBe("Inscrivez une adresse courriel comme nom@exemple.com.");
    // What was typed is still there, and the page stays French.
    expect(await page.getByLabel("Nom complet").inputValue()).toBe("Amélie Tremblay");
    expect(await page.getByLabel("Courriel").inputValue()).toBe("amelie@");
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^fr/);
    expect(new URL(page.url()).pathname).toMatch(/^\/fr\/book\//);
    await expectNoAxeViolations(page, "/fr details with an error");

    // Corrected, the booking lands on the manage page in French.
    markSensitive("amelie.tremblay@example.test");
    await page.getByLabel("Courriel").fill("amelie.tremblay@example.test");
    await submitting(page, () => page.getByRole("button", { name: "Confirmer le rendez-vous" }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/fr\/manage\//);
    expect(await page.getByRole("heading", { level: 2, name: "Votre rendez-vous est confirmé" }).count()).toBe(1);
    expect(await page.locator(".details").textContent()).toMatch(/ à \d{1,2} h \d{2} /);
    expect(await page.getByRole("link", { name: "Déplacer le rendez-vous" }).getAttribute("href")).toMatch(/^\/fr\/manage\//);
    await expectNoAxeViolations(page, "/fr manage page");
    await page.context().close();
  });

  it("opens the self-check « Suis-je admissible? » in French, axe-clean", async () => {
    const page = await phonePage(false);
    await page.goto(`${server.url}/fr/candidate`);
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^fr/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Suis-je admissible au microneedling?");
    await expect.poll(() => page.title()).toMatch(/^Suis-je admissible\? — /);
    await expectNoAxeViolations(page, "/fr/candidate");

    await submitting(page, () => page.getByRole("button", { name: "Commencer l’autoévaluation" }).click());
    expect(new URL(page.url()).pathname).toBe("/fr/candidate");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(
      /^Question 1 sur \d+\s+Quelles zones aimeriez-vous faire traiter\?$/,
    );
    await expectNoAxeViolations(page, "/fr/candidate question 1");

    // Continuing without an answer: the problem is said in French, beside the question and at the top.
    await submitting(page, () => page.getByRole("button", { name: "Continuer" }).click());
    await expect.poll(() => page.title()).toMatch(/^Erreur\u00a0: /);
    expect(await page.locator("#q-areas-error").textContent()).toContain("Choisissez au moins une zone à traiter.");
    expect(await page.locator("#error-summary-title").textContent()).toBe("Veuillez vérifier cette réponse");
    await expectNoAxeViolations(page, "/fr/candidate with an error");
    await page.context().close();
  });

  it("gives the result in French, with the engine's English reasons marked as English", async () => {
    // Every answer at once, as the last question's form sends them: isotretinoin stopped a month ago.
    const stopped = Temporal.Now.plainDateISO("America/Toronto").subtract({ months: 1 });
    const answers = new URLSearchParams({
      step: "expectations",
      go: "next",
      areas: "face",
      "birth-day": "27",
      "birth-month": "3",
      "birth-year": "1990",
      pregnancy: "none",
      skin: "none",
      procedures: "none",
      isotretinoin: "stopped",
      "isotretinoin-stopped-day": String(stopped.day),
      "isotretinoin-stopped-month": String(stopped.month),
      "isotretinoin-stopped-year": String(stopped.year),
      retinoid: "no",
      medicines: "none",
      health: "none",
      diabetes: "no",
      history: "none",
      "skin-type": "3",
      expectations: "gradual",
    });
    const page = await phonePage(false);
    await page.route(`${server.url}/fr/candidate`, (route) =>
      route.continue({ method: "POST", postData: answers.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    await page.goto(`${server.url}/fr/candidate`);
    await page.unroute(`${server.url}/fr/candidate`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Il vaut mieux attendre un peu");
    await expect.poll(() => page.title()).toMatch(/^Votre résultat — Suis-je admissible\? — /);
    const reason = page.locator(".self-check-reasons li").first();
    expect(await reason.locator("[lang]").count()).toBe(0);
    expect(await reason.textContent()).toMatch(
      /^L’isotrétinoïne \(par exemple Accutane, Epuris ou Clarus\) modifie .* d’attendre 6\u00a0mois après votre dernière dose/u,
    );
    expect(await reason.textContent()).toMatch(/Vous pourrez recevoir un traitement à partir du \w+ \d{1,2} \p{L}+ \d{4}\./u);
    expect(await page.locator("form.self-check-book").getAttribute("action")).toBe("/fr/candidate/book");
    expect(await page.locator("form.self-check-remind").getAttribute("action")).toBe("/fr/candidate/remind");
    await expectNoAxeViolations(page, "/fr/candidate result");
    await page.context().close();
  });
});
