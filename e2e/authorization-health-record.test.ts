// What each staff member sees of a client's health record, over HTTP and in
// the browser: the record kept from the front desk and the manager and behind
// the glass for a practitioner outside the care team; an anonymous booking
// under the client's e-mail changing nobody's access; the owner's export after
// breaking the glass; the practitioner's screening review and day-of check;
// a record the client locked. Who may open which staff page at all is
// authorization.test.ts.
//
// The HTTP application is the one the server process runs (server/app.ts over
// the production build), served in this process over the test database, with
// staff of every role made directly (e2e/authorization-clinic.ts).
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_PASSWORD, type AccountsFixture } from "../src/auth/test-fixtures.ts";
import { appointments, auditEvents, clients, locations, practitioners, services, staffMembers } from "../src/db/schema.ts";
import { lockHealthRecord } from "../src/privacy/record-lock.ts";
import type { KeyRing } from "../src/privacy/keyring.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { CLIENT, deniedAudits, requestAs, staffTheClinic, type StaffedClinic, type Who } from "./authorization-clinic.ts";
import { book, daysAhead, freeSlots } from "./booking-api.ts";
import { expectNoAxeViolations, keepScreenshot, launchBrowser, newContext, PHONE } from "./browser.ts";
import { enrolAndSignIn, startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";

let app: InProcessClinic;
let clinic: StaffedClinic;
let f: AccountsFixture;
let url = "";
let keyRing: KeyRing;
let browser: Browser | null = null;
let cookies: Map<Who, string>;
let ids: Record<string, string>;
let userIds: Partial<Record<Who, string>>;

/** A page request with `who`'s session. */
function request(who: Who, key: string): Promise<Response> {
  return requestAs(clinic, who, key);
}

beforeAll(async () => {
  markSensitive(STAFF_PASSWORD, CLIENT.name, CLIENT.email);
  app = await startInProcessClinic();
  ({ f, url, keyRing } = app);
  clinic = await staffTheClinic(app);
  ({ cookies, ids, userIds } = clinic);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("authorization matrix", () => {
  it("keeps the health record from the front desk and the manager, and behind the glass for a practitioner outside the care team", async () => {
    const texts = Object.fromEntries(
      await Promise.all(
        (["owner", "manager", "practitioner", "other-practitioner", "front-desk"] as const).map(async (who) => [
          who,
          await (await request(who, "GET /staff/clients/:clientId")).text(),
        ]),
      ),
    ) as Record<string, string>;
    expect(texts["practitioner"], "care-team practitioner").toContain("No health notes yet.");
    for (const who of ["owner", "other-practitioner"]) {
      expect(texts[who], who).toContain("Break the glass and open the record");
      expect(texts[who], who).not.toContain("No health notes yet.");
    }
    for (const who of ["manager", "front-desk"]) {
      expect(texts[who], who).toContain("not available to your role");
      expect(texts[who], who).not.toContain("Break the glass and open the record");
    }
  });

  it("leaves every practitioner's access to a client's record as it was after an anonymous booking under the client's e-mail", async () => {
    const { db } = f.database;
    // A practitioner of the clinic who has never seen this client, signed in.
    const all = await db.select().from(practitioners).where(eq(practitioners.organizationId, f.organizationId));
    const second = all.find((p) => p.id !== ids.practitionerId)!;
    const stranger = await f.addStaff("practitioner");
    await db.update(staffMembers).set({ practitionerId: second.id }).where(eq(staffMembers.userId, stranger.userId));
    cookies.set("second-practitioner" as Who, await enrolAndSignIn(f, f.ctx({ ip: "127.0.0.1" }), stranger.email, STAFF_PASSWORD));
    const everyone = ["owner", "manager", "practitioner", "other-practitioner", "front-desk", "second-practitioner"] as const;
    const access = async () =>
      Object.fromEntries(
        await Promise.all(
          everyone.map(async (who) => {
            const page = await (await request(who as Who, "GET /staff/clients/:clientId")).text();
            const kind = page.includes("Break the glass and open the record")
              ? "break-glass"
              : page.includes("not available to your role")
                ? "role"
                : page.includes("No health notes yet.")
                  ? "allowed"
                  : "other";
            return [who, kind];
          }),
        ),
      );
    const [contactBefore] = await db.select().from(clients).where(eq(clients.id, ids.clientId!));
    const before = await access();
    expect(before["second-practitioner"]).toBe("break-glass");

    // Anyone, not signed in, books the second practitioner under the client's address, with other details.
    const [slot] = await freeSlots(url, { serviceId: ids.serviceId!, from: daysAhead(30), to: daysAhead(44), practitionerId: second.id });
    const { manageUrl } = await book(url, {
      serviceId: ids.serviceId!,
      practitionerId: second.id,
      start: slot!.start,
      client: { name: "Not The Client", email: CLIENT.email.toUpperCase(), phone: "(416) 555-0123" },
      locale: "fr",
    });
    expect(await access()).toEqual(before);
    const [contactAfter] = await db.select().from(clients).where(eq(clients.id, ids.clientId!));
    expect(contactAfter).toEqual(contactBefore);

    // Cancelling with the returned token changes nothing either.
    const manage = new URL(manageUrl);
    const cancelled = await fetch(`${url}/api/v1/bookings${manage.pathname.replace("/manage", "")}/cancel${manage.search}`, {
      method: "POST",
    });
    expect(cancelled.status).toBe(200);
    expect(await access()).toEqual(before);
  });

  it("lets the owner export the record as JSON and FHIR only after breaking the glass, audited with the format", async () => {
    const refused = await request("owner", "GET /staff/clients/:clientId/record/fhir");
    expect(refused.status).toBe(403);
    const broke = await fetch(`${url}/staff/clients/${ids.clientId}`, {
      method: "POST",
      headers: { Cookie: cookies.get("owner")!, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "break-glass", reason: "The client asked by letter for a copy of their record" }),
      redirect: "manual",
    });
    expect(broke.status).toBe(303);
    const pageText = await (await request("owner", "GET /staff/clients/:clientId")).text();
    expect(pageText).toContain(`/staff/clients/${ids.clientId}/record/fhir`);

    const fhir = await request("owner", "GET /staff/clients/:clientId/record/fhir");
    expect(fhir.status).toBe(200);
    expect(fhir.headers.get("content-type")).toContain("application/fhir+json");
    expect(fhir.headers.get("cache-control")).toBe("private, no-store");
    expect(fhir.headers.get("content-disposition")).toMatch(/^attachment; filename="health-record-\d{4}-\d{2}-\d{2}\.fhir\.json"$/);
    const bundle = (await fhir.json()) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.entry.map((e) => e.resource.resourceType)).toContain("Patient");
    const json = await request("owner", "GET /staff/clients/:clientId/record/json");
    expect(((await json.json()) as { client: { name: string } }).client.name).toBe(CLIENT.name);

    const exports = await f.database.db
      .select({ actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "health-record.export"), eq(auditEvents.entityId, ids.clientId!)))
      .orderBy(auditEvents.id);
    expect(exports.map((e) => [e.actorId, e.details.format, e.details.access])).toEqual([
      [userIds.owner, "fhir", "break-glass"],
      [userIds.owner, "json", "break-glass"],
    ]);
    // The practitioner who treats the client may read the record but not export it.
    expect((await request("practitioner", "GET /staff/clients/:clientId/record/json")).status).toBe(403);
  });

  it("shows the practitioner the client's screening with rationale and sources, takes their review in the browser, and shows the desk none of it", async () => {
    const { db } = f.database;
    const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
    await screenClient(db, keyRing, {
      organizationId: f.organizationId,
      email: CLIENT.email,
      intake: { conditions: ["autoimmune-lupus"] },
      asOf: today,
      now: Date.now(),
    });
    markSensitive("Letter from the rheumatologist: quiet for two years");

    browser ??= await launchBrowser();
    const context = await newContext(browser, PHONE);
    const [name, value] = cookies.get("practitioner")!.split("; ")[0]!.split("=") as [string, string];
    await context.addCookies([{ name, value, url }]);
    const tab = await context.newPage();
    await tab.goto(`${url}/staff/clients/${ids.clientId}`);
    const chart = tab.locator(".screening-chart");
    await chart.waitFor();
    expect(await chart.textContent()).toContain("Needs review");
    expect(await chart.textContent()).toContain("Rationale");
    expect(await chart.textContent()).toContain("Sources");
    await expectNoAxeViolations(tab, "client chart with a screening");
    await chart.getByRole("button", { name: "Record the review" }).click();
    await tab.locator(".screening-chart .field-error").first().waitFor();
    await chart.getByLabel("Cleared for treatment").check();
    await chart.getByLabel("Reason, and what the physician said").fill("Letter from the rheumatologist: quiet for two years");
    await chart.getByRole("button", { name: "Record the review" }).click();
    await tab.getByText("Your review of the screening is recorded.").waitFor();
    expect(await tab.locator(".screening-chart .review-list").textContent()).toContain("Cleared");
    await keepScreenshot(tab, "dermaplan-screening-chart");
    await context.close();

    const desk = await (await request("front-desk", "GET /staff/clients/:clientId")).text();
    expect(desk).not.toContain("Rationale");
    expect(desk).not.toContain("autoimmune");
  }, 120_000);

  it("runs the day-of check on today's treatment for the practitioner only, and a new deferral says not to start", async () => {
    const { db } = f.database;
    const [face] = await db
      .select()
      .from(services)
      .where(and(eq(services.organizationId, f.organizationId), eq(services.kind, "treatment")))
      .limit(1);
    const [location] = await db.select().from(locations).where(eq(locations.organizationId, f.organizationId)).limit(1);
    // Started a minute ago (or starting in a minute just after midnight): today in the clinic's zone either way.
    const zoneDay = (ms: number) => new Date(ms).toLocaleDateString("en-CA", { timeZone: location!.timeZone });
    const start = zoneDay(Date.now() - 60_000) === zoneDay(Date.now()) ? Date.now() - 60_000 : Date.now() + 60_000;
    const [row] = await db
      .insert(appointments)
      .values({
        organizationId: f.organizationId,
        locationId: location!.id,
        serviceId: face!.id,
        practitionerId: ids.practitionerId!,
        clientId: ids.clientId!,
        status: "booked",
        startsAt: new Date(start),
        endsAt: new Date(start + 60 * 60_000),
        blockedFrom: new Date(start),
        blockedUntil: new Date(start + 75 * 60_000),
        source: "staff",
      })
      .returning({ id: appointments.id });
    const path = `/staff/appointments/${row!.id}`;
    const get = async (who: Who) => (await fetch(`${url}${path}`, { headers: { Cookie: cookies.get(who)! } })).text();
    expect(await get("practitioner")).toContain("Run the check");
    expect(await get("front-desk")).not.toContain("Run the check");

    const post = (who: Who, form: Record<string, string>) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { Cookie: cookies.get(who)!, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "day-of", ...form }),
        redirect: "manual",
      });
    expect((await post("front-desk", {})).status).toBe(403);
    // The client's lupus was cleared by the practitioner (previous test): nothing new, so the session may start.
    const clear = await post("practitioner", {});
    expect(clear.status).toBe(200);
    expect(await clear.text()).toContain("Cleared to start");
    // Sunburn on the face today: do not start, and the way to move it.
    const burnt = await post("practitioner", { skin: "sunburn" });
    const text = await burnt.text();
    expect(text).toContain("Do not start this session");
    expect(text).toContain("sunburn");
    const bad = await post("practitioner", { procedureType: "laser", procedureDate: "last week" });
    expect(bad.status).toBe(422);
  });

  it("refuses a locked record to every staff member the client did not name, in the browser, and audits it", async () => {
    const { db } = f.database;
    const owner = await f.staffSession(cookies.get("owner")!);
    await lockHealthRecord(db, { staff: owner, clientId: ids.clientId!, allowedUserIds: [userIds.practitioner!], clientRequested: true });
    const before = (await deniedAudits(clinic)).length;

    browser ??= await launchBrowser();
    const context = await newContext(browser, PHONE);
    const [name, value] = cookies.get("other-practitioner")!.split("; ")[0]!.split("=") as [string, string];
    await context.addCookies([{ name, value, url }]);
    const tab = await context.newPage();
    await tab.goto(`${url}/staff/clients/${ids.clientId}`);
    await tab.getByRole("heading", { name: CLIENT.name }).waitFor();
    const main = (await tab.locator("main").textContent()) ?? "";
    expect(main).toMatch(/locked/i);
    expect(main).not.toContain("Break the glass and open the record");
    expect(main).not.toContain("No health notes yet.");
    await expectNoAxeViolations(tab, "locked record, other practitioner");
    await keepScreenshot(tab, "dermaplan-locked-record");

    // The named practitioner still opens it; the owner, otherwise able to break the glass, cannot.
    expect(await (await request("practitioner", "GET /staff/clients/:clientId")).text()).toContain("No health notes yet.");
    const ownerPage = await (await request("owner", "GET /staff/clients/:clientId")).text();
    expect(ownerPage).not.toContain("Break the glass and open the record");
    const broke = await fetch(`${url}/staff/clients/${ids.clientId}`, {
      method: "POST",
      headers: { Cookie: cookies.get("other-practitioner")!, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "break-glass", reason: "Covering for a colleague who is away today" }),
      redirect: "manual",
    });
    expect(broke.status).toBe(403);
    const denied = (await deniedAudits(clinic)).slice(before);
    expect(denied.some((d) => d.actorId === userIds["other-practitioner"] && (d.details as { denied: string }).denied === "locked")).toBe(
      true,
    );
  }, 120_000);
});
