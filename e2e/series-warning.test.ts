// The series screen marks a session moved before the client's screening allows
// a treatment at once, on its own card and in words, with the date as people
// write it; booking it anyway is refused beside that session, with the same
// kind of date (never an ISO one). At 360 px and on a desktop, with axe.
import { join } from "node:path";
import { addDays, localDateOf } from "../src/scheduling/time.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { DESKTOP } from "./appointment-today.ts";
import { expectNoAxeViolations, expectNoHorizontalScroll, PHONE } from "./browser.ts";
import { clinicAndBrowser } from "./clinic-and-browser.ts";
import { clientWithSignedPlan, ownerActor } from "./treated-client.ts";

const ZONE = "America/Toronto";
const SHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;
const t = clinicAndBrowser();
const long = (date: string) =>
  Temporal.PlainDate.from(date).toLocaleString("en-CA", { weekday: "long", month: "long", day: "numeric", year: "numeric" });

describe("the series screen and a session moved too early", () => {
  for (const [label, options] of [
    ["at 360 px", PHONE],
    ["on a desktop", DESKTOP],
  ] as const) {
    it(`marks the session at once and refuses it in words, ${label}`, async () => {
      const owner = await ownerActor(t.app);
      const ownerCookie = await t.app.ownerCookie();
      const email = `series.${label.replace(/\W/g, "")}@example.test`;
      const { planId } = await clientWithSignedPlan(t.app, {
        ownerCookie,
        practitionerId: owner.practitionerId!,
        name: "Sora Series",
        email,
      });
      // Then a chemical peel yesterday: the screening asks for a wait of two weeks.
      const today = localDateOf(Date.now(), ZONE);
      const { result } = await screenClient(t.app.f.database.db, t.app.keyRing, {
        organizationId: t.app.f.organizationId,
        email,
        asOf: today,
        now: Date.now(),
        intake: { recentProcedures: [{ type: "chemical-peel", date: addDays(today, -1), areas: ["face"] }] },
      });
      expect(result.earliestDate).not.toBeNull();
      const earliest = result.earliestDate!;

      const { page, context, errors } = await t.signedInPage(options);
      await page.goto(`${t.app.url}/staff/plans/${planId}/series`);
      expect(await page.locator("main").textContent()).toContain(`The client's screening allows treatment from ${long(earliest)}.`);
      expect(await page.locator(".series-item.has-problem").count()).toBe(0);

      // Session 1 moved to a weekday before that date: its card says so before anything is submitted.
      let day = addDays(today, 2);
      while ([6, 7].includes(Temporal.PlainDate.from(day).dayOfWeek)) day = addDays(day, 1);
      expect(day < earliest).toBe(true);
      await page.getByLabel("Session", { exact: true }).selectOption("1");
      await page.getByLabel("New date").fill(day);
      await page.getByLabel("Time", { exact: true }).fill("11:00");
      await page.getByRole("button", { name: "Show the sessions with this move" }).click();
      await page.waitForURL(/move=1/);
      const first = page.locator("#field-session-1");
      // The page is hydrated: the address changes before the new proposal is drawn.
      await page.getByText("Session 1 moved;").waitFor();
      expect(await first.getAttribute("class")).toContain("has-problem");
      expect(await first.textContent()).toContain(`Too early: the client's screening allows treatment from ${long(earliest)}.`);
      expect(await page.locator(".series-item.has-problem").count()).toBe(1);
      await expectNoAxeViolations(page, `series with a session too early, ${label}`);
      if (options === PHONE) await expectNoHorizontalScroll(page, "series with a session too early");

      // Booking anyway: refused beside that session, the date in words.
      await page.getByRole("button", { name: /^Book \d+ sessions?$/ }).click();
      await page.getByRole("heading", { name: /Please check/ }).waitFor();
      const refusal = (await first.locator(".field-error").first().textContent())!;
      expect(refusal).toContain(`before ${long(earliest)}`);
      expect(refusal).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(await first.getAttribute("class")).toContain("has-problem");
      expect(await page.locator(".error-summary").textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      await expectNoAxeViolations(page, `series refused, ${label}`);
      if (SHOTS) await first.screenshot({ path: join(SHOTS, `series-too-early-${options === PHONE ? "phone" : "desktop"}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
