// The set-up shared by the browser tests: a clinic in this process and a
// browser, started before the file's tests (and before the file's own
// beforeAll, registered after it) and closed after them, and pages signed in
// as one of the clinic's staff.
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, newContext, trackPageErrors } from "./browser.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";

/** Starts the clinic and the browser for the tests of the calling file; read them only inside a test. */
export function clinicAndBrowser() {
  let app: InProcessClinic | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startInProcessClinic(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  return {
    get app(): InProcessClinic {
      return app!;
    },
    get browser(): Browser {
      return browser!;
    },
    /** A page in a browser context of its own, signed in with the cookie (the owner's when none is given), its page errors tracked. */
    async signedInPage(options: BrowserContextOptions, cookie?: string) {
      const context = await newContext(browser!, options);
      await app!.useCookie(context, cookie ?? (await app!.ownerCookie()));
      const page = await context.newPage();
      return { context, page, errors: trackPageErrors(page) };
    },
  };
}
