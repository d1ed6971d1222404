// Signing the demo owner in from a browser test. Owners must use two-factor
// sign-in: the first sign-in on a server sets it up (the key is read from the
// page and kept here, per server), later ones enter the current code.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { totpCode } from "../src/auth/test-totp.ts";
import { newContext, PHONE } from "./browser.ts";
import { OWNER_EMAIL, OWNER_PASSWORD } from "./server.ts";

const ownerSecrets = new Map<string, string>();

/** The owner's TOTP key on this server, once signInAsOwner has set it up. */
export function ownerTotpSecret(serverUrl: string): string | undefined {
  return ownerSecrets.get(serverUrl);
}

type Step = "enrol" | "code" | "staff" | "error";

async function nextStep(page: Page): Promise<Step> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const url = new URL(page.url());
    if (url.pathname.startsWith("/staff")) return "staff";
    if (url.pathname === "/login/two-factor") return "code";
    if (await page.locator(".secret-key").count()) return "enrol";
    if (await page.locator(".field-error, [role=alert]").count()) return "error";
    if (Date.now() > deadline) return "error";
    await page.waitForTimeout(50);
  }
}

/**
 * Signs in as the demo owner with password and code (setting two-factor up on
 * the first sign-in to this server) and waits until a staff page is shown.
 * `next` is the staff page to land on (default /staff).
 */
export async function signInAsOwner(
  page: Page,
  serverUrl: string,
  options: { next?: string; email?: string; password?: string } = {},
): Promise<void> {
  const email = options.email ?? OWNER_EMAIL;
  const key = email === OWNER_EMAIL ? serverUrl : `${serverUrl} ${email}`;
  await page.goto(`${serverUrl}/login${options.next ? `?next=${encodeURIComponent(options.next)}` : ""}`);
  if (new URL(page.url()).pathname.startsWith("/staff")) return;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(options.password ?? OWNER_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  let step = await nextStep(page);
  if (step === "enrol") {
    const secret = (await page.locator(".secret-key").first().textContent())!.replace(/\s/g, "");
    ownerSecrets.set(key, secret);
    await page.getByLabel("6-digit code").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.getByRole("heading", { name: "Two-factor sign-in is on" }).waitFor();
    await page.getByRole("link", { name: /continue/ }).click();
    step = await nextStep(page);
  } else if (step === "code") {
    const secret = ownerSecrets.get(key);
    if (!secret)
      throw new Error(`${email} already has two-factor sign-in on ${serverUrl}, set up outside signInAsOwner: its key is unknown here.`);
    await page.getByLabel("6-digit code").fill(totpCode(secret));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    step = await nextStep(page);
  }
  if (step !== "staff") {
    throw new Error(
      `Signing in as ${email} did not reach a staff page (at ${page.url()}): ${(await page.locator("main").textContent())?.slice(0, 300)}`,
    );
  }
}

/** A phone-sized browser context with the demo owner signed in: the staff pages of a suite. */
export async function ownerContext(browser: Browser, serverUrl: string): Promise<BrowserContext> {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signInAsOwner(page, serverUrl);
  await page.close();
  return context;
}
