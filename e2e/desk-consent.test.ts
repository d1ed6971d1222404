// The clinic's tablet at the desk, in the browser (docs/consent.md, "Signing
// at the desk"; decision 0030): the front desk opens a treatment whose client
// has not signed the consent to microneedling and hands the tablet over,
// which signs them out; the client's page shows the form in their language
// and nothing of staff; a name that is not theirs is refused with what they
// typed kept, their own name signs; the page asks for the tablet back and
// staff return only by signing in. Also: handing back without signing, in
// French and without JavaScript; a tablet with nothing to sign; a lapsed
// handover; hostile values posted to the client's form. axe runs on every
// screen, at 360 px and at desktop width.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_PASSWORD } from "../src/auth/test-fixtures.ts";
import { consentSignatures } from "../src/consent/tables.ts";
import { auditEvents, clients, deskHandovers, practitioners } from "../src/db/schema.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { bookToday, WIDTHS } from "./appointment-today.ts";
import { markSensitive } from "./server.ts";

const MIN = 60_000;
const AGREE = "I have read this form, my questions were answered, and I agree.";
const NAME_LABEL = "Type your full name to sign";

const t = clinicAndBrowser();
let practitionerId = "";

/** A treatment today for a new client who has signed nothing; each 3 minutes before the last so none overlap. */
async function treatmentToday(clientName: string, locale: "en" | "fr" = "en") {
  const { db } = t.app.f.database;
  const email = `${clientName.toLowerCase().replace(/\W+/g, ".")}@example.test`;
  const [client] = await db
    .insert(clients)
    .values({ organizationId: t.app.f.organizationId, name: clientName, email, emailNormalized: email, preferredLocale: locale })
    .returning();
  markSensitive(clientName, email);
  const id = await bookToday(t.app, { practitionerId, clientId: client!.id, slug: "microneedling-face" });
  return { id, clientId: client!.id };
}

/** Signs a staff member in through the sign-in page, as at the desk (the front desk has no second factor). */
async function signInAtDesk(page: Page, email: string, next: string | null) {
  if (next !== null) await page.goto(`${t.app.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Every link the handed-over page offers: only its own language switch. */
async function expectNoWayOut(page: Page) {
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const elsewhere = hrefs.filter((h) => !/^\/desk\/consent\?lang=(en|fr)$/.test(h) && !h.startsWith("#"));
  expect(elsewhere, "links off the tablet's page").toEqual([]);
  for (const action of await page.locator("form").evaluateAll((fs) => fs.map((f) => f.getAttribute("action") ?? "")))
    expect(action).toMatch(/^\/desk\/consent(\?lang=fr)?$/);
}

/** Hands the tablet over through HTTP with a staff cookie; answers the tablet's cookie. */
async function handOverByHttp(appointmentId: string): Promise<string> {
  const { cookie } = await t.app.addSignedInStaff("front-desk");
  const res = await fetch(`${t.app.url}/staff/appointments/${appointmentId}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: t.app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "desk-handover" }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/desk/consent");
  const tablet = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("dp_desk="))!
    .split(";")[0]!;
  markSensitive(tablet.split("=")[1]!);
  // The staff cookie opens nothing any more.
  const after = await fetch(`${t.app.url}/staff`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(after.status).toBe(302);
  return tablet;
}

const postToTablet = (cookie: string | null, form: Record<string, string>) =>
  fetch(`${t.app.url}/desk/consent`, {
    method: "POST",
    headers: { ...(cookie ? { Cookie: cookie } : {}), Origin: t.app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });

beforeAll(async () => {
  const { db } = t.app.f.database;
  practitionerId = (await db.select().from(practitioners).limit(1))[0]!.id;
});

describe("signing on the clinic's tablet at the desk", () => {
  for (const [label, options] of WIDTHS) {
    it(`the desk hands over, the client signs with their own name, staff sign in again (${label})`, async () => {
      const name = `Hélène Côté-Desk ${label === "phone" ? "Phone" : "Large"}`;
      const a = await treatmentToday(name);
      const desk = await t.app.addSignedInStaff("front-desk", { name: `Dee at the desk ${label}` });
      markSensitive(desk.email);
      const context = await newContext(t.browser, options);
      const page = await context.newPage();
      const errors = trackPageErrors(page);
      const self = `/staff/appointments/${a.id}`;

      await signInAtDesk(page, desk.email, self);
      await page.waitForURL(new RegExp(`${self}$`));
      await page.getByText("Consent to microneedling: not signed yet.", { exact: false }).waitFor();
      const handOver = page.getByRole("button", { name: `Hand the tablet to ${name} to sign` });
      await handOver.waitFor();
      await expectNoAxeViolations(page, `appointment with the tablet's button (${label})`);
      if (label === "phone") await expectNoHorizontalScroll(page, "appointment on a phone");

      const tabletSession = (await context.cookies(t.app.url)).map((c) => `${c.name}=${c.value}`).join("; ");
      await handOver.click();
      await page.waitForURL(/\/desk\/consent$/);
      await page.getByRole("heading", { name: "Consent to microneedling" }).waitFor();
      await page.getByText(`Hello ${name}.`, { exact: false }).waitFor();
      expect(await page.title()).not.toContain(name);
      expect(await page.title()).not.toMatch(/microneedling/i);
      await expectNoWayOut(page);
      expect(await page.getByRole("navigation").count()).toBe(0);
      await expectNoAxeViolations(page, `tablet, consent form (${label})`);
      if (label === "phone") await expectNoHorizontalScroll(page, "tablet on a phone");

      // The staff member is signed out: the staff pages send this browser to the sign-in page.
      const staffPage = await context.request.get(`${t.app.url}/staff`, { maxRedirects: 0 });
      expect(staffPage.status()).toBe(302);
      expect(staffPage.headers()["location"]).toBe("/login?next=%2Fstaff");
      // The session this browser had is gone, not merely its cookie; the staff member's session on another device stays.
      const replayed = await fetch(`${t.app.url}${self}`, { headers: { Cookie: tabletSession }, redirect: "manual" });
      expect(replayed.status).toBe(302);
      const elsewhere = await fetch(`${t.app.url}${self}`, { headers: { Cookie: desk.cookie }, redirect: "manual" });
      expect(elsewhere.status).toBe(200);

      // Someone else's name: refused, with the name the clinic has, what was typed kept, and the summary focused.
      await page.getByLabel(AGREE).check();
      await page.getByLabel(NAME_LABEL).fill("Someone Else");
      await page.getByRole("button", { name: "Sign", exact: true }).click();
      await page.getByText(`Type your name as the clinic has it on your account: ${name}.`, { exact: false }).first().waitFor();
      expect(await page.getByLabel(NAME_LABEL).inputValue()).toBe("Someone Else");
      expect(await page.getByLabel(NAME_LABEL).getAttribute("aria-describedby")).toContain("field-procedure-signedName-error");
      expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
      expect(await page.getByRole("link", { name: /Type your name as the clinic has it/ }).getAttribute("href")).toBe(
        "#field-procedure-signedName",
      );
      await expectNoAxeViolations(page, `tablet, name refused (${label})`);
      expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toEqual([]);

      // Their own name signs; the page asks for the tablet back.
      await page.getByLabel(AGREE).check();
      await page.getByLabel(NAME_LABEL).fill(name);
      await page.getByRole("button", { name: "Sign", exact: true }).click();
      await page.getByRole("heading", { name: "Thank you — please hand the tablet back" }).waitFor();
      await expectNoAxeViolations(page, `tablet, signed (${label})`);
      if (label === "phone") await expectNoHorizontalScroll(page, "tablet signed, on a phone");
      const back = page.getByRole("link", { name: "Staff sign-in" });
      expect(await back.getAttribute("href")).toBe(`/login?next=${encodeURIComponent(self)}`);
      expect(await page.getByRole("button", { name: "Sign" }).count()).toBe(0);

      const [signature] = await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId));
      expect(signature).toMatchObject({ kind: "procedure", channel: "desk", deskUserId: desk.userId, locale: "en", signedName: name });

      // Used once: posting again signs nothing more.
      const again = await page.request.post(`${t.app.url}/desk/consent`, {
        form: { intent: "sign-procedure", sha: signature!.contentSha256, signedName: name, agree: "on" },
        headers: { Origin: t.app.url },
      });
      expect(again.status()).toBe(410);
      expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toHaveLength(1);

      // Staff get the tablet back by signing in, and land on the appointment, which shows the consent signed.
      await back.click();
      await page.waitForURL(/\/login\?next=/);
      await signInAtDesk(page, desk.email, null);
      await page.waitForURL(new RegExp(`${self}$`));
      await page.getByText(/Consent to microneedling: signed \(version 1, /).waitFor();
      expect(await page.getByRole("button", { name: /Hand the tablet/ }).count()).toBe(0);
      await expectNoAxeViolations(page, `appointment, consent signed at the desk (${label})`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("without JavaScript, in the client's French: the tablet goes back unsigned, and that is final", async () => {
    const name = "Gabrielle Tremblay-Bureau";
    const a = await treatmentToday(name, "fr");
    const desk = await t.app.addSignedInStaff("front-desk", { name: "Denise au comptoir" });
    markSensitive(desk.email);
    const context = await newContext(t.browser, { ...PHONE, javaScriptEnabled: false });
    await t.app.useCookie(context, desk.cookie);
    const page = await context.newPage();
    await page.goto(`${t.app.url}/staff/appointments/${a.id}`);
    await page.getByRole("button", { name: `Hand the tablet to ${name} to sign` }).click();
    await page.waitForURL(/\/desk\/consent$/);
    await page.getByRole("heading", { name: "Consentement au microneedling" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^fr/);
    await expectNoAxeViolations(page, "tablet in French, without JavaScript");
    await expectNoHorizontalScroll(page, "tablet in French");

    // The language switch keeps the tablet the client's.
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Consent to microneedling" }).waitFor();
    await page.getByRole("link", { name: "Français" }).click();
    await page.getByRole("heading", { name: "Consentement au microneedling" }).waitFor();

    // A missing box and name, in French, with the fields described by their errors.
    await page.getByRole("button", { name: "Signer", exact: true }).click();
    await page.getByText("Cochez la case pour indiquer que vous consentez.").first().waitFor();
    await expectNoAxeViolations(page, "tablet in French, refused");

    await page.getByRole("button", { name: "Annuler — rendre la tablette au personnel" }).click();
    await page.getByRole("heading", { name: "Veuillez rendre la tablette" }).waitFor();
    expect(await page.getByRole("link", { name: "Connexion du personnel" }).getAttribute("href")).toBe(
      `/login?next=${encodeURIComponent(`/staff/appointments/${a.id}`)}`,
    );
    await expectNoAxeViolations(page, "tablet handed back, in French");
    const events = await t.app.f.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, a.clientId))
      .orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["consent.desk-handover", "consent.desk-return"]);
    expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toEqual([]);

    // The staff page stays closed to this browser.
    await page.goto(`${t.app.url}/staff/appointments/${a.id}`);
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  });

  it("a tablet with nothing handed over, or whose time is over, says so and offers only the staff sign-in", async () => {
    const context = await newContext(t.browser, PHONE);
    const page = await context.newPage();
    await page.goto(`${t.app.url}/desk/consent`);
    await page.getByRole("heading", { name: "Nothing to sign on this tablet" }).waitFor();
    expect(await page.getByRole("link", { name: "Staff sign-in" }).getAttribute("href")).toBe("/login");
    expect(await page.locator("form").count()).toBe(0);
    await expectNoAxeViolations(page, "tablet with nothing to sign");
    expect((await postToTablet(null, { intent: "sign-procedure", signedName: "Anyone", agree: "on", sha: "x" })).status).toBe(410);

    const name = "Lapsed Lindqvist";
    const a = await treatmentToday(name);
    const tablet = await handOverByHttp(a.id);
    await t.app.useCookie(context, tablet);
    await page.goto(`${t.app.url}/desk/consent`);
    await page.getByRole("heading", { name: "Consent to microneedling" }).waitFor();
    // Twenty minutes later.
    await t.app.f.database.db
      .update(deskHandovers)
      .set({ createdAt: new Date(Date.now() - 30 * MIN), expiresAt: new Date(Date.now() - MIN) })
      .where(eq(deskHandovers.appointmentId, a.id));
    const sha = (await page.locator('input[name="sha"]').inputValue()) || "x";
    await page.getByLabel(AGREE).check();
    await page.getByLabel(NAME_LABEL).fill(name);
    await page.getByRole("button", { name: "Sign", exact: true }).click();
    await page.getByRole("heading", { name: "This page has expired" }).waitFor();
    expect(await page.getByRole("link", { name: "Staff sign-in" }).getAttribute("href")).toBe(
      `/login?next=${encodeURIComponent(`/staff/appointments/${a.id}`)}`,
    );
    await expectNoAxeViolations(page, "tablet, expired");
    expect((await postToTablet(tablet, { intent: "sign-procedure", signedName: name, agree: "on", sha })).status).toBe(410);
    expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toEqual([]);
    await context.close();
  });

  it("refuses every hostile value posted to the client's form with a 4xx, signs nothing, and stays open", async () => {
    const name = "Hostile Hartmann";
    const a = await treatmentToday(name);
    const tablet = await handOverByHttp(a.id);
    const page = await (await fetch(`${t.app.url}/desk/consent`, { headers: { Cookie: tablet } })).text();
    const sha = /name="sha" value="([0-9a-f]{64})"/.exec(page)![1]!;
    const base = { intent: "sign-procedure", sha, signedName: name, agree: "on" };
    const tag = "Hxdesk";
    const hostile = [`${tag}\u0000nul`, `${tag}\r\nInjected: yes`, `${tag}\u202ebidi`, `${tag}${"x".repeat(5000)}`];
    markSensitive(tag);
    const failures: string[] = [];
    for (const field of ["intent", "sha", "signedName"] as const)
      for (const value of hostile) {
        const res = await postToTablet(tablet, { ...base, [field]: value });
        if (res.status < 400 || res.status >= 500) failures.push(`${field} ${JSON.stringify(value.slice(0, 20))}: ${res.status}`);
      }
    // Another form's fields and a cookie that is not one are refused too.
    for (const cookie of ["dp_desk=not-a-handover", `dp_desk=${tablet.split("=")[1]!.replace(/\.[^.]+$/, `.${"A".repeat(43)}`)}`]) {
      const res = await postToTablet(cookie, base);
      if (res.status !== 410) failures.push(`cookie ${cookie.slice(0, 20)}: ${res.status}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
    expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toEqual([]);
    const [open] = await t.app.f.database.db.select().from(deskHandovers).where(eq(deskHandovers.appointmentId, a.id));
    expect(open!.endedAt).toBeNull();
    // And the real form still signs.
    const signed = await postToTablet(tablet, base);
    expect(signed.status).toBe(303);
    expect(await t.app.f.database.db.select().from(consentSignatures).where(eq(consentSignatures.clientId, a.clientId))).toHaveLength(1);
  });
});
