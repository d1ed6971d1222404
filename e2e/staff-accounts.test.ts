// Staff accounts in the browser: two-factor set-up and sign-in, an invitation
// from e-mail to first sign-in, signing someone out, throttling, and axe on
// every page involved, on a 360 px phone.
import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { totpCode, wrongCode } from "../src/auth/test-totp.ts";
import { enrolmentFromUri } from "../src/auth/two-factor.ts";
import { withQr } from "../app/lib/totp-qr.server.ts";
import { expectNoAxeViolations, keepScreenshot, newContext, PHONE, trackPageErrors, expectNoHorizontalScroll } from "./browser.ts";
import {
  markSensitive,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  serverDatabaseEnv,
  startServer,
  linkFromOutbox,
  useServerAndBrowser,
} from "./server.ts";
import { ownerTotpSecret, signInAsOwner } from "./sign-in.ts";

const suite = useServerAndBrowser();
let owner: BrowserContext;

const DESK_EMAIL = "nadia.desk@example.test";
const DESK_PASSWORD = "sunlit harbour copper maple";

beforeAll(async () => {
  owner = await newContext(suite.browser, PHONE);
  markSensitive(OWNER_PASSWORD, DESK_PASSWORD);
});

async function noSideScroll(page: Page, label: string) {
  await expectNoHorizontalScroll(page, label);
}

const invitationLinkFor = (address: string) =>
  linkFromOutbox(suite.server.dataDir, address, /https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]{43}/);

describe("staff accounts", () => {
  it("the owner sets up two-factor sign-in, signs out, and signs in with password and code; wrong codes are refused", async () => {
    const page = await owner.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${suite.server.url}/login`);
    await expect.poll(() => page.title()).toBe("Staff sign-in — Dermaplan");
    await expectNoAxeViolations(page, "login");
    await noSideScroll(page, "login");

    await page.getByLabel("E-mail").fill(OWNER_EMAIL);
    await page.getByLabel("Password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Set up two-factor sign-in" }).waitFor();
    const secret = (await page.locator(".secret-key").textContent())!.replace(/\s/g, "");
    markSensitive(secret);
    expect(await page.locator("a[href^='otpauth://totp/']").count()).toBe(1);
    // The QR code is drawn on the server for exactly this key (the same otpauth link the page offers).
    const uri = (await page.locator("a[href^='otpauth://totp/']").getAttribute("href"))!;
    const drawn = await page.locator(".totp-qr svg").evaluate((el) => el.outerHTML);
    const paths = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    const expected = paths((await withQr(enrolmentFromUri(uri)!)).qrSvg);
    expect(expected.length).toBeGreaterThan(0);
    expect(paths(drawn)).toEqual(expected);
    await keepScreenshot(page, "dermaplan-totp-enrol");
    await expectNoAxeViolations(page, "two-factor set-up");
    await noSideScroll(page, "two-factor set-up");

    // Until the key is confirmed, no staff page opens: they send back to the set-up.
    await page.goto(`${suite.server.url}/staff/settings`);
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "Set up two-factor sign-in" }).waitFor();
    await page.getByLabel("Password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Continue" }).click();
    const secret2 = (await page.locator(".secret-key").textContent())!.replace(/\s/g, "");
    markSensitive(secret2);

    await page.getByLabel("6-digit code").fill(wrongCode(secret2));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.locator("#field-code-error").waitFor();
    expect(await page.locator("#field-code-error").textContent()).toContain("not right");
    await expectNoAxeViolations(page, "two-factor set-up with a wrong code");

    await page.getByLabel("6-digit code").fill(totpCode(secret2));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.getByRole("heading", { name: "Two-factor sign-in is on" }).waitFor();
    const backupCodes = await page.locator(".backup-codes code").allTextContents();
    expect(backupCodes).toHaveLength(10);
    markSensitive(...backupCodes);
    await expectNoAxeViolations(page, "backup codes");
    await page.getByRole("link", { name: /continue/ }).click();
    await page.waitForURL(/\/staff\/settings$/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\?signed-out=1/);
    await page.getByText("You are signed out.").waitFor();

    await page.getByLabel("E-mail").fill(OWNER_EMAIL);
    await page.getByLabel("Password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // Signed out from a staff page (which hydrates), the sign-in pages are rendered by the
    // client router: the address changes before the page does.
    await page.waitForURL(/\/login\/two-factor/);
    await page.getByRole("heading", { name: "Enter your sign-in code" }).waitFor();
    await expect.poll(() => page.title()).toBe("Two-factor sign-in — Dermaplan");
    await expectNoAxeViolations(page, "two-factor code");
    await noSideScroll(page, "two-factor code");
    await page.getByLabel("6-digit code").fill(wrongCode(secret2));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator("#field-code-error").waitFor();
    expect(await page.locator("#field-code-error").textContent()).toContain("not right");
    await expectNoAxeViolations(page, "two-factor code refused");
    await page.getByLabel("6-digit code").fill(totpCode(secret2));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/staff$/);
    expect(errors).toEqual([]);
    await page.close();
    expect(suite.server.log()).toContain("staff sign-in failed");
    expect(suite.server.log()).not.toContain(OWNER_EMAIL);
  });

  it("invites a front-desk member by e-mail; the link works once; they sign in; the owner signs them out everywhere", async () => {
    const page = await owner.newPage();
    await page.goto(`${suite.server.url}/staff/team`);
    await expect.poll(() => page.title()).toBe("Team — Dermaplan staff");
    await expectNoAxeViolations(page, "team");
    await noSideScroll(page, "team");

    await page.getByLabel("E-mail").fill(DESK_EMAIL);
    await page.getByLabel(/^Front desk/).check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("Invitation sent").waitFor();
    expect(await page.locator("main").textContent()).toContain(DESK_EMAIL);
    await expectNoAxeViolations(page, "team with an invitation");
    await noSideScroll(page, "team with an invitation");

    const link = await invitationLinkFor(DESK_EMAIL);
    const token = link.split("/invite/")[1]!;
    markSensitive(token);
    const inviteUrl = `${suite.server.url}/invite/${token}`;

    const desk = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
    const invite = await desk.newPage();
    const first = await invite.goto(inviteUrl);
    expect(first!.status()).toBe(200);
    expect(await invite.title()).toBe("Join the team — Dermaplan");
    await expectNoAxeViolations(invite, "invitation");
    await noSideScroll(invite, "invitation");
    await invite.getByLabel("Your name").fill("Nadia Desk");
    await invite.getByLabel("Choose a password").fill("Password1234");
    await invite.getByLabel("Type the password again").fill("Password1234");
    await invite.getByRole("button", { name: "Create my account" }).click();
    await invite.locator("#field-password-error").waitFor();
    expect(await invite.locator("#field-password-error").textContent()).toContain("too easy to guess");
    await expectNoAxeViolations(invite, "invitation with a weak password");
    await invite.getByLabel("Choose a password").fill(DESK_PASSWORD);
    await invite.getByLabel("Type the password again").fill(DESK_PASSWORD);
    await invite.getByRole("button", { name: "Create my account" }).click();
    await invite.waitForURL(/\/login\?notice=joined/);
    expect(await invite.locator("main").textContent()).toContain("Your account is ready");

    await invite.getByLabel("E-mail").fill(DESK_EMAIL);
    await invite.getByLabel("Password").fill(DESK_PASSWORD);
    await invite.getByRole("button", { name: "Sign in", exact: true }).click();
    await invite.waitForURL(/\/staff$/);

    const again = await desk.newPage();
    const used = await again.goto(inviteUrl);
    expect(used!.status()).toBe(410);
    expect(await again.locator("h1").textContent()).toBe("This invitation has already been used");
    expect(await again.locator("main").textContent()).toContain("owner or manager");
    await expectNoAxeViolations(again, "used invitation");
    const unknown = await again.goto(`${suite.server.url}/invite/${"x".repeat(43)}`);
    expect(unknown!.status()).toBe(404);
    expect(await again.locator("h1").textContent()).toBe("This invitation link does not work");

    // The front desk sees the team read-only.
    await invite.goto(`${suite.server.url}/staff/team`);
    expect(await invite.locator("main").textContent()).toContain("Only the clinic's owners and managers change the team");
    expect(await invite.getByRole("button", { name: "Send invitation" }).count()).toBe(0);

    // The owner signs the new member out everywhere; their next request lands on /login with a message.
    await page.goto(`${suite.server.url}/staff/team`);
    await page.getByRole("button", { name: "Sign out everywhere (Nadia Desk)" }).click();
    await page.getByText("Signed out everywhere").waitFor();
    await invite.goto(`${suite.server.url}/staff/clients`);
    await invite.waitForURL(/\/login\?next=/);
    expect(await invite.locator("main").textContent()).toContain("Your session has ended");
    await expectNoAxeViolations(invite, "login after the session was ended");
    await desk.close();

    // The owner changes the new member's role, and looks at (then cancels) removing their access.
    const card = page.locator(".account-card", { hasText: "Nadia Desk" });
    await card.getByText("Change role").click();
    await card.getByLabel("Role of Nadia Desk").selectOption("practitioner");
    await card.getByRole("button", { name: "Save role" }).click();
    await page.getByText("Role changed.").waitFor();
    expect(await page.locator(".account-card", { hasText: "Nadia Desk" }).textContent()).toContain("Practitioner");
    await page.getByRole("link", { name: "Remove access… (Nadia Desk)" }).click();
    await page.getByRole("heading", { name: "Remove Nadia Desk's access?" }).waitFor();
    await expect.poll(() => page.title()).toBe("Remove Nadia Desk's access — Dermaplan staff");
    await expectNoAxeViolations(page, "remove access");
    await noSideScroll(page, "remove access");
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.getByRole("heading", { name: "Team" }).waitFor();
    await page.close();
  });

  it("lists your own sessions on the account page, marks this one, and signs another out", async () => {
    const other = await newContext(suite.browser, PHONE);
    const otherPage = await other.newPage();
    await otherPage.goto(`${suite.server.url}/login`);
    await otherPage.getByLabel("E-mail").fill(DESK_EMAIL);
    await otherPage.getByLabel("Password").fill(DESK_PASSWORD);
    await otherPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await otherPage.waitForURL(/\/staff$/);

    const desk = await newContext(suite.browser, PHONE);
    const page = await desk.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${suite.server.url}/login?next=/staff/account`);
    await page.getByLabel("E-mail").fill(DESK_EMAIL);
    await page.getByLabel("Password").fill(DESK_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/staff\/account$/);
    await expect.poll(() => page.title()).toBe("My account — Dermaplan staff");
    await expectNoAxeViolations(page, "account");
    await noSideScroll(page, "account");
    expect(await page.locator(".account-card.current").count()).toBe(1);
    expect(await page.locator("#sessions ~ .account-list > li").count()).toBe(2);

    await page.getByRole("button", { name: "Sign out every other device" }).click();
    await page.getByText("Every other device is signed out").waitFor();
    expect(await page.locator("#sessions ~ .account-list > li").count()).toBe(1);
    await otherPage.goto(`${suite.server.url}/staff`);
    await otherPage.waitForURL(/\/login/);
    expect(await otherPage.locator("main").textContent()).toContain("Your session has ended");

    // A weak new password is refused with the policy's message.
    await page.getByLabel("Current password").fill(DESK_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("qwertyqwerty");
    await page.getByLabel("Type the new password again").fill("qwertyqwerty");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator("#field-newPassword-error").waitFor();
    await expectNoAxeViolations(page, "account with a refused password");

    // Two-factor is offered to every role: on, new backup codes, off.
    await page.getByLabel("Your password").first().fill(DESK_PASSWORD);
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.getByRole("heading", { name: "Set up two-factor sign-in" }).waitFor();
    const secret = (await page.locator(".secret-key").textContent())!.replace(/\s/g, "");
    markSensitive(secret);
    await page.getByLabel("6-digit code").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.getByRole("heading", { name: "Two-factor sign-in is on" }).waitFor();
    await page.getByRole("link", { name: /continue/ }).click();
    await page.waitForURL(/\/staff\/account$/);
    expect(await page.locator("#two-factor-heading + p").textContent()).toContain("On.");
    await page.locator("#field-backupPassword").fill(DESK_PASSWORD);
    await page.getByRole("button", { name: "Show ten new backup codes" }).click();
    await page.getByRole("heading", { name: "Your new backup codes" }).waitFor();
    const codes = await page.locator(".backup-codes code").allTextContents();
    expect(codes).toHaveLength(10);
    markSensitive(...codes);
    await expectNoAxeViolations(page, "account with new backup codes");
    await page.locator("#field-offPassword").fill(DESK_PASSWORD);
    await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
    await page.getByText("Two-factor sign-in is off.").waitFor();
    expect(errors).toEqual([]);
    await other.close();
    await desk.close();
  });

  it("answers 429 with Retry-After after five failed sign-ins for one e-mail within 15 minutes, and says so on the page", async () => {
    const email = "nobody-here@example.test";
    const attempt = () =>
      fetch(`${suite.server.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: suite.server.url },
        body: new URLSearchParams({ email, password: "wrong password number one", next: "/staff" }),
        redirect: "manual",
      });
    markSensitive("wrong password number one");
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    const context = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/login`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("wrong password number one");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Too many failed attempts" }).waitFor();
    await expectNoAxeViolations(page, "login throttled");
    await context.close();

    // The same address is now refused for any account; another address (the server trusts a
    // proxy on the loopback interface, so X-Forwarded-For names the client) is not.
    const sameAddress = await fetch(`${suite.server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: suite.server.url },
      body: new URLSearchParams({ email: "someone-else@example.test", password: "wrong password number one" }),
      redirect: "manual",
    });
    expect(sameAddress.status).toBe(429);
    const otherAddress = await fetch(`${suite.server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: suite.server.url, "X-Forwarded-For": "203.0.113.5" },
      body: new URLSearchParams({ email: "someone-else@example.test", password: "wrong password number one" }),
      redirect: "manual",
    });
    expect(otherAddress.status).toBe(401);

    // Nothing typed reached the log.
    expect(suite.server.log()).toContain("staff sign-in refused: too many failures");
    expect(suite.server.log()).not.toContain(email);
    expect(suite.server.log()).not.toContain("wrong password number one");
  });

  it("signInAsOwner (for the other browser suites) sets the owner's key up on a fresh server, then signs in with codes", async () => {
    const fresh = await startServer({ env: await serverDatabaseEnv() });
    try {
      const context = await newContext(suite.browser, PHONE);
      const page = await context.newPage();
      await signInAsOwner(page, fresh.url);
      expect(new URL(page.url()).pathname).toBe("/staff");
      markSensitive(ownerTotpSecret(fresh.url)!);
      await context.close();
      const again = await newContext(suite.browser, PHONE);
      const second = await again.newPage();
      await signInAsOwner(second, fresh.url, { next: "/staff/account" });
      expect(new URL(second.url()).pathname).toBe("/staff/account");
      await again.close();
    } finally {
      await fresh.stop();
    }
  });
});
