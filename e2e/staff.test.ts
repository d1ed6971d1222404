// Staff screens in the browser: sign-in, every screen passes axe on a phone,
// and an edit made on a screen changes what the public is offered.
import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations, newContext, PHONE, trackPageErrors, expectNoHorizontalScroll } from "./browser.ts";
import { markSensitive, OWNER_EMAIL, OWNER_PASSWORD, useServerAndBrowser } from "./server.ts";
import { ownerContext, signInAsOwner } from "./sign-in.ts";

const suite = useServerAndBrowser();
let staff: BrowserContext;

async function signIn(context: BrowserContext, password = OWNER_PASSWORD): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/login`);
  await page.getByLabel("E-mail").fill(OWNER_EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

beforeAll(async () => {
  staff = await ownerContext(suite.browser, suite.server.url);
});

describe("staff", () => {
  it("refuses a wrong password with a message, and keeps the e-mail typed", async () => {
    const context = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
    markSensitive("not the password at all", OWNER_PASSWORD);
    const page = await signIn(context, "not the password at all");
    await page.locator("#field-password-error").waitFor();
    expect(await page.locator("#field-password-error").textContent()).toContain("do not match an account");
    expect(await page.getByLabel("E-mail").inputValue()).toBe(OWNER_EMAIL);
    await expectNoAxeViolations(page, "sign-in error");
    expect(suite.server.log()).not.toContain("not the password at all");
    await context.close();
  });

  it("has no axe violations and no horizontal scrolling on any staff screen at 360 px", async () => {
    const page = await staff.newPage();
    const errors = trackPageErrors(page);
    // Book one appointment so the calendar and the appointment page have content.
    const services = (await (await fetch(`${suite.server.url}/api/v1/services`)).json()) as { services: { id: string; kind: string }[] };
    const consultation = services.services.find((s) => s.kind === "consultation")!.id;
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(`${suite.server.url}/api/v1/availability?serviceId=${consultation}&from=${day}&to=${day}`)
    ).json()) as {
      slots: { start: string }[];
    };
    const booked = (await (
      await fetch(`${suite.server.url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          serviceId: consultation,
          start: slots.slots[0]!.start,
          client: { name: "Axe Client", email: "axe@example.test" },
        }),
      })
    ).json()) as { id: string; start: string };

    const paths = [
      `/staff?date=${booked.start.slice(0, 10)}`,
      `/staff?view=week&date=${booked.start.slice(0, 10)}`,
      "/staff/appointments/new",
      `/staff/appointments/${booked.id}`,
      `/staff/appointments/${booked.id}?move=1`,
      `/staff/appointments/${booked.id}?cancel=1`,
      "/staff/practitioners",
      "/staff/services",
      `/staff/services/${consultation}`,
      "/staff/services/new",
      "/staff/settings",
      "/staff/screening",
      "/staff/outbox",
    ];
    for (const path of paths) {
      await page.goto(suite.server.url + path);
      expect(await page.title(), path).toMatch(/Dermaplan staff/);
      expect(await page.title(), path).not.toContain("Axe Client");
      await expectNoAxeViolations(page, path);
      await expectNoHorizontalScroll(page, path);
    }
    await page.goto(`${suite.server.url}/staff/practitioners`);
    await page.locator("main a[href^='/staff/practitioners/']").first().click();
    await page.waitForURL(/\/staff\/practitioners\/[0-9a-f-]{36}/);
    await expectNoAxeViolations(page, "practitioner");
    await page.goto(`${suite.server.url}/staff/outbox`);
    await page.locator("main a[href^='/staff/outbox/']").first().click();
    await page.waitForURL(/\/staff\/outbox\/[0-9a-f-]{36}/);
    await expectNoAxeViolations(page, "outbox message");
    expect(await page.locator("main").textContent()).toContain("BEGIN:VCALENDAR");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("changes a service on its screen, and the public API and pages follow", async () => {
    const page = await staff.newPage();
    await page.goto(`${suite.server.url}/staff/services`);
    await page.locator("main a[href^='/staff/services/']", { hasText: "consultation" }).first().click();
    await page.getByLabel("Length (minutes)").fill("45");
    await page.getByLabel("Length (minutes)").press("Enter");
    await page.getByRole("status").first().waitFor();
    const services = (await (await fetch(`${suite.server.url}/api/v1/services`)).json()) as {
      services: { kind: string; durationMinutes: number }[];
    };
    expect(services.services.find((s) => s.kind === "consultation")!.durationMinutes).toBe(45);

    await page.getByLabel("Length (minutes)").fill("0");
    await page.getByLabel("Length (minutes)").press("Enter");
    await page.locator(".field-error").first().waitFor();
    await expectNoAxeViolations(page, "service with error");
    const after = (await (await fetch(`${suite.server.url}/api/v1/services`)).json()) as {
      services: { kind: string; durationMinutes: number }[];
    };
    expect(after.services.find((s) => s.kind === "consultation")!.durationMinutes).toBe(45);
    await page.close();
  });

  it("changes a screening rule with a reason by keyboard, and the public screening follows with a new rules version", async () => {
    const screenIntake = async () =>
      (await (
        await fetch(`${suite.server.url}/api/v1/screenings`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            asOf: "2027-05-10",
            treatmentAreas: ["face"],
            medications: { isotretinoin: { status: "stopped", stoppedOn: "2027-02-10" } },
          }),
        })
      ).json()) as { outcome: string; earliestDate: string | null; rulesVersion: string };
    const before = await screenIntake();
    expect(before).toMatchObject({ outcome: "deferred", earliestDate: "2027-08-10" });

    const page = await staff.newPage();
    await page.goto(`${suite.server.url}/staff/screening`);
    const rule = page.locator("#rule-isotretinoin");
    await rule.locator("summary").focus();
    await page.keyboard.press("Enter");
    // A reason is required: refused, and nothing typed is lost.
    await rule.getByLabel("Amount").fill("1");
    await rule.getByLabel("Unit").selectOption("months");
    await rule.getByRole("button", { name: "Save the change" }).press("Enter");
    await page.locator("#rule-isotretinoin .field-error").first().waitFor();
    expect(await page.locator("#rule-isotretinoin").getByLabel("Amount").inputValue()).toBe("1");
    await expectNoAxeViolations(page, "screening rule with error");
    await page
      .locator("#rule-isotretinoin")
      .getByLabel("Reason, with its source")
      .fill("2017 ASDS consensus on isotretinoin and procedures");
    await page.locator("#rule-isotretinoin").getByRole("button", { name: "Save the change" }).press("Enter");
    await page.getByText("The rule is changed.", { exact: false }).waitFor();
    expect(await page.locator("#rule-isotretinoin").textContent()).toContain("Changed by the clinic");
    expect(await page.locator("#rule-isotretinoin h3").textContent()).toContain("1 month");
    await expectNoAxeViolations(page, "screening rules after a change");

    const after = await screenIntake();
    expect(after.outcome).toBe("suitable");
    expect(after.rulesVersion).not.toBe(before.rulesVersion);

    await page.locator("#rule-isotretinoin summary").click();
    await page.locator("#rule-isotretinoin").getByRole("button", { name: "Reset to default" }).click();
    await page.getByText("The rule is back to its default.").waitFor();
    expect(await screenIntake()).toEqual(before);
    await page.close();
  });

  it("runs the hydrated staff screens under the Content-Security-Policy without a single refusal", async () => {
    // A context that keeps the site's policy (the others bypass it so axe can run).
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) refusals.push(m.text());
    });
    const response = await page.goto(`${suite.server.url}/book/consultation`);
    const policy = response!.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    await signInAsOwner(page, suite.server.url);
    await page.goto(`${suite.server.url}/staff/services`);
    // Hydrated: React Router's client router is running.
    await expect.poll(() => page.evaluate(() => "__reactRouterRouteModules" in window)).toBe(true);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.waitForURL(/\/staff\/settings/);
    expect(refusals).toEqual([]);
    await context.close();
  });

  it("refuses a form post from another site", async () => {
    const res = await fetch(`${suite.server.url}/staff/settings`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "minimumNoticeMinutes=0",
      redirect: "manual",
    });
    expect(res.status).toBe(403);
  });

  it("signs out, and the staff pages are closed again", async () => {
    const context = await newContext(suite.browser, PHONE);
    const page = await context.newPage();
    await signInAsOwner(page, suite.server.url);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\?signed-out=1/);
    await page.goto(`${suite.server.url}/staff/settings`);
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  });
});
