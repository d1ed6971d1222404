// The owner writes a new version of the consent to microneedling in the
// browser, on a 360 px phone: a text that lost a required section is refused
// with what is missing and keeps what was typed; "Check" runs the publishing
// guard; "Publish new version" publishes it and the history shows it. The
// front desk reads the forms at desktop width but is offered no edit form.
// axe runs on every screen.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consentForms } from "../src/consent/tables.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, PHONE } from "./browser.ts";
import { DESKTOP } from "./appointment-today.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";

const t = clinicAndBrowser();

const latestProcedure = async () =>
  (
    await t.app.f.database.db
      .select()
      .from(consentForms)
      .where(and(eq(consentForms.organizationId, t.app.f.organizationId), eq(consentForms.kind, "procedure")))
      .orderBy(desc(consentForms.version))
      .limit(1)
  )[0]!;

describe("changing a consent form", () => {
  it("the owner checks and publishes a new version of the consent to microneedling, and sees it in the history (phone)", async () => {
    const before = await latestProcedure();
    const { context, page, errors } = await t.signedInPage(PHONE);
    await page.goto(`${t.app.url}/staff/consent-forms`);
    await page.getByRole("heading", { name: "Consent forms", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Consent forms" }).first().waitFor();
    await expectNoAxeViolations(page, "consent forms");
    await expectNoHorizontalScroll(page, "consent forms on a phone");

    await page.getByText("Write a new version of the consent to microneedling").click();
    const bodyEn = page.locator("#field-procedure-bodyEn");
    const bodyFr = page.locator("#field-procedure-bodyFr");
    expect(await bodyEn.inputValue()).toBe(before.bodyEn);
    const addedEn = "Tell us if you are planning a holiday in the sun within four weeks of a session.";
    const addedFr = "Dites-nous si vous prévoyez des vacances au soleil dans les quatre semaines suivant une séance.";
    const newEn = before.bodyEn.replace("## Your right to stop", `${addedEn}\n\n## Your right to stop`);
    const newFr = before.bodyFr.replace("## Votre droit d’arrêter", `${addedFr}\n\n## Votre droit d’arrêter`);

    // A text without its "right to stop" heading is refused, naming it; what was typed stays.
    await bodyEn.fill(newEn.replace("## Your right to stop", "Stopping"));
    await bodyFr.fill(newFr);
    await page.getByRole("button", { name: "Publish new version" }).first().click();
    await page.getByRole("alert").getByText("“Your right to stop”", { exact: false }).first().waitFor();
    expect(await page.locator("#field-procedure-bodyEn").inputValue()).toContain(addedEn);
    expect(await page.locator("#field-procedure-bodyFr").inputValue()).toContain(addedFr);
    expect((await latestProcedure()).version).toBe(before.version);
    await expectNoAxeViolations(page, "consent form refused");
    await expectNoHorizontalScroll(page, "consent form refused on a phone");

    // Fixed, checked by the guard, then published.
    await page.locator("#field-procedure-bodyEn").fill(newEn);
    await page.getByRole("button", { name: "Check" }).first().click();
    await page.getByText("Checked: nothing stops this version.", { exact: false }).waitFor();
    await page.getByText("Nothing in this text stops publication.").first().waitFor();
    await expectNoAxeViolations(page, "consent form checked");
    await page.getByRole("button", { name: "Publish new version" }).first().click();
    const next = before.version + 1;
    await page.getByText(`Version ${next} of the consent to microneedling is published.`, { exact: false }).waitFor();
    const history = page.locator("#form-procedure table");
    await expect.poll(() => history.locator("tbody tr").first().textContent()).toContain(`${next} (in force)`);
    expect(await page.locator("#form-procedure").textContent()).toContain(`Version ${next} is in force`);
    await expectNoAxeViolations(page, "consent form published");
    await expectNoHorizontalScroll(page, "consent form published on a phone");

    const after = await latestProcedure();
    expect(after).toMatchObject({ version: next, bodyEn: newEn, bodyFr: newFr });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the front desk reads the forms and their history, with no edit form (desktop)", async () => {
    const desk = await t.app.addSignedInStaff("front-desk", { name: "Dana at the desk" });
    const { context, page } = await t.signedInPage(DESKTOP, desk.cookie);
    await page.goto(`${t.app.url}/staff/consent-forms`);
    await page.getByText("Only the owner can publish a new version.", { exact: false }).waitFor();
    await page.getByRole("heading", { name: "Consent to photographs" }).waitFor();
    expect(await page.getByRole("button", { name: "Publish new version" }).count()).toBe(0);
    await page
      .getByText(/Read version \d+ in French/)
      .first()
      .click();
    await page.locator('#form-procedure .prose[lang="fr"] h3', { hasText: "Les risques" }).waitFor();
    await expectNoAxeViolations(page, "consent forms, read only");
    await context.close();
  });
});
