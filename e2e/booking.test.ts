// A visitor books a consultation on a phone, with and without a mouse; the
// booking shows in the staff calendar; axe finds nothing on the way.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, trackPageErrors, expectNoHorizontalScroll, newPhonePage } from "./browser.ts";
import { markSensitive, useServerAndBrowser } from "./server.ts";
import { signInAsOwner } from "./sign-in.ts";
import { fullDay } from "./days.ts";

const suite = useServerAndBrowser();

const phonePage = (javaScript = true) => newPhonePage(suite.browser, { javaScriptEnabled: javaScript });

describe("public booking", () => {
  it("books a consultation on a 360 px phone without JavaScript, and staff see it in the calendar", async () => {
    const page = await phonePage(false);
    await page.goto(`${suite.server.url}/`);
    await expectNoAxeViolations(page, "home");
    await page
      .getByRole("link", { name: /book a free consultation/i })
      .first()
      .click();
    await page.waitForURL(/\/book\/consultation/);
    await expectNoAxeViolations(page, "time picker");
    // No horizontal scrolling on a phone.
    await expectNoHorizontalScroll(page);

    const firstTime = page.locator("button.time").first();
    const timeLabel = (await firstTime.textContent())!.trim();
    await firstTime.click();
    await page.getByLabel("Full name").waitFor();
    await expect.poll(() => page.title()).toContain("Microneedling consultation");

    markSensitive("Amelia Phonebook", "amelia.phonebook@example.test", "519-555-0142");
    await page.getByLabel("Full name").fill("Amelia Phonebook");
    await page.getByLabel("E-mail").fill("amelia@");
    await page.getByLabel(/Phone/).fill("letters");
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectNoAxeViolations(page, "details with errors");
    expect(await page.locator("#field-email-error").textContent()).toContain("e-mail address");
    expect(await page.locator("#field-phone-error").textContent()).toContain("digits");
    // What was typed is still there.
    expect(await page.getByLabel("Full name").inputValue()).toBe("Amelia Phonebook");
    expect(await page.getByLabel("E-mail").inputValue()).toBe("amelia@");

    await page.getByLabel("E-mail").fill("amelia.phonebook@example.test");
    await page.getByLabel(/Phone/).fill("519-555-0142");
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.waitForURL(/\/manage\//);
    await expect.poll(() => page.getByRole("heading", { name: "You are booked" }).isVisible()).toBe(true);
    expect(await page.locator(".details").textContent()).toContain(timeLabel);
    await expectNoAxeViolations(page, "manage page");
    const manageUrl = page.url();
    expect(await page.title()).not.toContain("Amelia");

    // The confirmation e-mail is in the outbox with a calendar attachment.
    const staff = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staffPage = await staff.newPage();
    await staffPage.goto(`${suite.server.url}/staff`);
    await staffPage.waitForURL(/\/login/);
    await signInAsOwner(staffPage, suite.server.url);
    const booked = await fetch(
      `${suite.server.url}/api/v1/bookings/${new URL(manageUrl).pathname.split("/").pop()}?${new URL(manageUrl).searchParams}`,
    ).then((r) => r.json() as Promise<{ start: string }>);
    await staffPage.goto(`${suite.server.url}/staff?date=${booked.start.slice(0, 10)}`);
    await expect.poll(() => staffPage.locator("main").textContent()).toContain("Amelia Phonebook");
    await staff.close();
    await page.context().close();
  });

  it("books by keyboard alone, with JavaScript", async () => {
    const page = await phonePage(true);
    const errors = trackPageErrors(page);
    markSensitive("Kim Keyboard", "kim.keyboard@example.test");
    await page.goto(`${suite.server.url}/book/consultation`);
    // Tab to the first time button and press Enter.
    let focused = "";
    for (let i = 0; i < 60 && !focused.includes("time"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.className ?? "");
    }
    expect(focused).toContain("time");
    await page.keyboard.press("Enter");
    await page.getByLabel("Full name").waitFor();
    await page.getByLabel("Full name").focus();
    await page.keyboard.type("Kim Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kim.keyboard@example.test");
    await page.keyboard.press("Tab");
    await page.keyboard.type("5195550199");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/manage\//);
    await expect.poll(() => page.getByRole("heading", { name: "You are booked" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("keeps what the person typed and offers the nearest times when the slot is gone", async () => {
    const page = await phonePage(false);
    await page.goto(`${suite.server.url}/book/consultation?date=${fullDay()}`);
    await page.locator("button.time").nth(3).click();
    await page.getByLabel("Full name").waitFor();
    // As if the hold had run out and someone else took the time meanwhile.
    await page.evaluate(() => {
      (document.querySelector('input[name="holdToken"]') as HTMLInputElement).value = "expired";
    });
    await page.getByLabel("Full name").fill("Lena Late");
    await page.getByLabel("E-mail").fill("lena.late@example.test");
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.getByText(/taken while you were typing/).waitFor();
    expect(await page.getByLabel("Full name").inputValue()).toBe("Lena Late");
    expect(await page.getByLabel("E-mail").inputValue()).toBe("lena.late@example.test");
    const alternatives = page.locator("button.time");
    expect(await alternatives.count()).toBeGreaterThan(0);
    expect(await alternatives.count()).toBeLessThanOrEqual(3);
    await expectNoAxeViolations(page, "slot taken");
    await alternatives.first().click();
    await page.waitForURL(/\/manage\//);
    await expect.poll(() => page.getByRole("heading", { name: "You are booked" }).isVisible()).toBe(true);
    await page.context().close();
  });

  it("cancels and reschedules from the manage page without an account", async () => {
    const page = await phonePage(false);
    await page.goto(`${suite.server.url}/book/consultation?date=${fullDay()}`);
    await page.locator("button.time").nth(5).click();
    await page.getByLabel("Full name").fill("Mo Mover");
    await page.getByLabel("E-mail").fill("mo.mover@example.test");
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.waitForURL(/\/manage\//);
    const before = await page.locator(".details").textContent();

    await page.getByRole("link", { name: "Change the time" }).click();
    await expectNoAxeViolations(page, "reschedule picker");
    // The booking took the sixth time; the first is another one whatever the day and the hour
    // (late on a short day the last time offered can be the booking's own).
    await page.locator("button.time").first().click();
    // The first tap only asks (e2e/normal-day-client.test.ts tries the rest): nothing has moved yet.
    await page.getByRole("heading", { name: /^Move your appointment from .+ to .+\?$/ }).waitFor();
    expect(await page.locator(".details").textContent()).toBe(before);
    await page.getByRole("button", { name: "Yes, move it" }).click();
    await page.getByText("Your appointment has moved").waitFor();
    expect(await page.locator(".details").textContent()).not.toBe(before);

    await page.getByRole("link", { name: "Cancel the appointment" }).click();
    await expectNoAxeViolations(page, "cancel confirmation");
    await page.getByRole("button", { name: "Yes, cancel it" }).click();
    await page.getByText("Your appointment is cancelled").waitFor();
    expect(await page.locator(".details").textContent()).toContain("Cancelled");

    await page.goto(page.url().replace(/token=[^&]+/, "token=wrong"));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.locator("main").textContent()).toContain("This appointment link does not work");
    await page.context().close();
  });

  it("has no axe violations on the content pages and the service list", async () => {
    const page = await phonePage(false);
    for (const path of ["/microneedling", "/book", "/login"]) {
      await page.goto(suite.server.url + path);
      await expectNoAxeViolations(page, path);
      await expectNoHorizontalScroll(page, path);
    }
    await page.context().close();
  });
});
