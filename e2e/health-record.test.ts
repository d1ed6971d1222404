// The health record in the browser: the owner finds a client (booked through
// the API), is offered break-the-glass, gives a reason and sees the (empty)
// record; the audit log shows it; the client signs in to the portal, sees who
// looked and why, downloads the record and asks for a correction; the staff
// client list answers as JSON; axe finds nothing on the new pages. Then the
// data key: rotation re-encrypts what is stored, and a missing key stops the
// server at start.
import { existsSync, readFileSync, renameSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { expectNoAxeViolations, launchBrowser, newContext, PHONE, trackPageErrors, expectNoHorizontalScroll } from "./browser.ts";
import { bookConsultation } from "./booking-api.ts";
import { markSensitive, ROOT, serverDatabaseEnv, startServer, type RunningServer } from "./server.ts";
import { ownerContext } from "./sign-in.ts";
import { outboxMailsTo } from "./outbox.ts";

const CLIENT = { name: "Rowan Recordholder", email: "rowan.recordholder@example.test" };
const REASON = "Client phoned about a reaction after her last visit";
const CORRECTION = "My allergy to lidocaine is missing from the record";

let server: RunningServer;
let databaseEnv: Record<string, string>;
let browser: Browser;
let staff: BrowserContext;
let clientId: string;

/** Books the consultation through the API: the client the owner then looks up. */
async function book(client: { name: string; email: string }) {
  await bookConsultation(server.url, client, { fromDays: 7, toDays: 14 });
}

async function signInLink(address: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const mails = outboxMailsTo(server.dataDir, address)
      .map((m) => m.body)
      .filter((m) => m.includes("/portal/verify?token="));
    const last = mails.at(-1);
    if (last) {
      const token = /\/portal\/verify\?token=([A-Za-z0-9_-]+)/.exec(last)![1]!;
      markSensitive(token);
      return `${server.url}/portal/verify?token=${token}`;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("No sign-in e-mail reached the outbox");
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

beforeAll(async () => {
  markSensitive(CLIENT.name, CLIENT.email, REASON, CORRECTION);
  databaseEnv = await serverDatabaseEnv();
  [server, browser] = await Promise.all([startServer({ env: databaseEnv }), launchBrowser()]);
  await book(CLIENT);
  staff = await ownerContext(browser, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("health record (staff)", () => {
  it("lets the owner find a client, break the glass with a reason and see the empty record, all audited", async () => {
    const page = await staff.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${server.url}/staff/clients`);
    await expect.poll(() => page.title()).toBe("Clients — Dermaplan staff");
    await expectNoAxeViolations(page, "clients");
    await page.getByLabel("Name, e-mail or phone").fill("recordholder");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/staff\/clients\?q=recordholder/);
    await page.getByText("1 client match “recordholder”.").waitFor();
    await page.getByRole("link", { name: CLIENT.name }).click();
    await page.waitForURL(/\/staff\/clients\/[0-9a-f-]{36}$/);
    clientId = page.url().split("/").at(-1)!;
    await page.getByRole("heading", { level: 1, name: CLIENT.name }).waitFor();
    await expect.poll(() => page.title()).toBe("Client — Dermaplan staff");
    expect(await page.locator("main").textContent()).toContain(CLIENT.email);
    expect(await page.locator("main").textContent()).toContain("Microneedling consultation");
    await page.getByRole("button", { name: "Break the glass and open the record" }).waitFor();
    await expectNoAxeViolations(page, "client, break the glass offered");
    await expectNoHorizontalScroll(page);

    // Too short a reason: refused with a field error, nothing opened.
    await page.getByLabel("Reason for opening this record").fill("just cos");
    await page.getByRole("button", { name: "Break the glass and open the record" }).click();
    await page.locator("#field-reason-error").waitFor();
    expect(await page.locator("#field-reason-error").textContent()).toContain("at least 10 characters");
    await expectNoAxeViolations(page, "break the glass, error");

    await page.getByLabel("Reason for opening this record").fill(REASON);
    await page.getByRole("button", { name: "Break the glass and open the record" }).click();
    await page.waitForURL(/\?saved=opened/);
    await page.getByText("No health notes yet.").waitFor();
    await page.getByRole("heading", { name: "Practitioner's notes" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("You opened this record by breaking the glass");
    expect(page.url()).not.toContain("phoned");
    expect(await page.title()).not.toContain("Rowan");
    await expectNoAxeViolations(page, "client, record open");
    await expectNoHorizontalScroll(page);

    // Printing is recorded too (the print dialog itself does nothing in a headless browser).
    await page.getByRole("button", { name: "Print the record" }).click();
    await page.getByText("The print is recorded in the audit log.").waitFor();

    // The owner may lock the record at the client's request: the controls are there (not used here).
    expect(await page.getByRole("button", { name: "Lock the record" }).count()).toBe(1);

    await page.goto(`${server.url}/staff/audit?clientId=${clientId}`);
    await expect.poll(() => page.title()).toBe("Audit log — Dermaplan staff");
    const audit = (await page.locator("main table").textContent())!;
    expect(audit).toContain("Broke the glass to open the health record");
    expect(audit).toContain(REASON);
    expect(audit).toContain("Viewed the health record");
    expect(audit).toContain("Printed the health record");
    await expectNoAxeViolations(page, "audit log");
    await page.getByLabel("Action").selectOption("health-record.break-glass");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/action=health-record.break-glass/);
    await expect.poll(() => page.locator("main tbody tr").count()).toBe(1);
    await expectNoAxeViolations(page, "audit log, filtered");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers the staff client list as JSON with a staff session, and 401 without one", async () => {
    const anonymous = await fetch(`${server.url}/api/v1/clients`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    expect(((await anonymous.json()) as { type: string }).type).toBe("https://dermaplan.app/problems/unauthorized");

    const res = await fetch(`${server.url}/api/v1/clients?q=rowan`, { headers: { Cookie: await cookieHeader(staff) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = (await res.json()) as { clients: Record<string, unknown>[]; total: number };
    expect(body.total).toBe(1);
    expect(body.clients[0]).toEqual({ id: clientId, name: CLIENT.name, email: CLIENT.email, phone: null, createdAt: expect.any(String) });
    const bad = await fetch(`${server.url}/api/v1/clients?page=0`, { headers: { Cookie: await cookieHeader(staff) } });
    expect(bad.status).toBe(422);
  });
});

describe("health record (client portal)", () => {
  let portal: BrowserContext;

  it("shows the client their record, who looked and why, takes a correction and gives the record as JSON and FHIR", async () => {
    portal = await newContext(browser, { ...PHONE, javaScriptEnabled: false });
    const page = await portal.newPage();
    await page.goto(`${server.url}/portal/login`);
    await page.getByLabel("E-mail").fill(CLIENT.email);
    await page.getByRole("button", { name: /E-mail me a (sign-in|new) link/ }).click();
    await page.waitForURL(/\/portal\/login\?sent=1/);
    await page.goto(await signInLink(CLIENT.email));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal$/);

    await page.goto(`${server.url}/portal/record`);
    await expect.poll(() => page.title()).toMatch(/^Your record — /);
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain(CLIENT.email);
    expect(main).toContain("Who has looked at your record");
    const log = (await page
      .locator("section", { has: page.getByRole("heading", { name: "Who has looked at your record" }) })
      .textContent())!;
    expect(log).toContain("Clinic owner");
    expect(log).toContain("Owner");
    expect(log).toContain("Broke the glass to open the health record");
    expect(log).toContain(`Reason given: “${REASON}”`);
    await expectNoAxeViolations(page, "portal record");
    await expectNoHorizontalScroll(page);

    await page.getByLabel("What should be corrected").fill("short");
    await page.getByRole("button", { name: "Send the request" }).click();
    await page.locator("#field-body-error").waitFor();
    await expectNoAxeViolations(page, "portal correction error");
    await page.getByLabel("What should be corrected").fill(CORRECTION);
    await page.getByRole("button", { name: "Send the request" }).click();
    await page.waitForURL(/\/portal\/record\?sent=1/);
    expect(page.url()).not.toContain("lidocaine");
    expect(await page.locator("main").textContent()).toContain(CORRECTION);
    await expectNoAxeViolations(page, "portal correction sent");

    const cookie = await cookieHeader(portal);
    const json = await fetch(`${server.url}/portal/record/download/json`, { headers: { Cookie: cookie } });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename="health-record-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(json.headers.get("cache-control")).toContain("no-store");
    const record = (await json.json()) as {
      client: { email: string };
      appointments: unknown[];
      correctionRequests: { text: string }[];
      accessLog: { reason: string | null }[];
    };
    expect(record.client.email).toBe(CLIENT.email);
    expect(record.appointments).toHaveLength(1);
    expect(record.correctionRequests[0]!.text).toBe(CORRECTION);
    expect(record.accessLog.some((e) => e.reason === REASON)).toBe(true);

    const fhir = await fetch(`${server.url}/portal/record/download/fhir`, { headers: { Cookie: cookie } });
    expect(fhir.status).toBe(200);
    expect(fhir.headers.get("content-type")).toContain("application/fhir+json");
    expect(fhir.headers.get("content-disposition")).toMatch(/^attachment; filename="health-record-[\d-]+\.fhir\.json"$/);
    expect(fhir.headers.get("cache-control")).toContain("no-store");
    const bundle = (await fhir.json()) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(bundle.entry.map((e) => e.resource.resourceType).sort()).toEqual(["Appointment", "Patient", "Task"]);

    expect((await fetch(`${server.url}/portal/record/download/pdf`, { headers: { Cookie: cookie } })).status).toBe(404);
    const stranger = await fetch(`${server.url}/portal/record/download/json`, { redirect: "manual" });
    expect(stranger.status).toBe(302);
    expect(stranger.headers.get("location")).toBe("/portal/login");
  });

  it("shows the correction request to the owner inside the opened record, and the client's downloads in the audit log", async () => {
    const page = await staff.newPage();
    await page.goto(`${server.url}/staff/clients/${clientId}`);
    expect(await page.locator("main").textContent()).toContain(CORRECTION);
    await page.goto(`${server.url}/staff/audit?clientId=${clientId}&action=health-record.export`);
    expect(await page.locator("main tbody tr").count()).toBe(2);
    expect(await page.locator("main tbody").textContent()).toContain("The client");
    await page.close();
    await portal.close();
  });
});

describe("data keys", () => {
  it("rotates the key with npm run rotate-key, still reads the record, and refuses to start without the key", async () => {
    await server.stop();
    const env = { ...process.env, DATA_DIR: server.dataDir, ...databaseEnv };
    const rotated = spawnSync(process.execPath, [join(ROOT, "scripts/rotate-key.ts")], { cwd: ROOT, env, encoding: "utf8" });
    expect(rotated.stderr).toBe("");
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain("Re-encrypted 0 health notes and 1 correction request in one transaction.");
    expect(rotated.stdout).toMatch(/Removed 1 old key nothing uses any more: k[0-9a-f]{16}\./);
    expect(rotated.stdout).not.toContain("lidocaine");
    const keyFile = JSON.parse(readFileSync(join(server.dataDir, "data-keys.json"), "utf8")) as {
      active: string;
      keys: Record<string, unknown>;
    };
    expect(Object.keys(keyFile.keys)).toEqual([keyFile.active]);
    expect(statSync(join(server.dataDir, "data-keys.json")).mode & 0o777).toBe(0o600);

    server = await startServer({ dataDir: server.dataDir, env: databaseEnv });
    const page = await staff.newPage();
    await page.goto(`${server.url}/staff/clients/${clientId}`);
    expect(await page.locator("main").textContent()).toContain(CORRECTION);
    await page.close();
    await server.stop();

    renameSync(join(server.dataDir, "data-keys.json"), join(server.dataDir, "data-keys.moved"));
    const refused = await startServer({ dataDir: server.dataDir, env: databaseEnv }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/Dermaplan cannot start: the database holds encrypted health information under key k[0-9a-f]{16} \(1 value\)/);
    expect(existsSync(join(server.dataDir, "data-keys.json"))).toBe(false);
    renameSync(join(server.dataDir, "data-keys.moved"), join(server.dataDir, "data-keys.json"));

    const invalid = await startServer({ dataDir: server.dataDir, env: { ...databaseEnv, DATA_KEY: "too-short" } }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(invalid).toMatch(/Dermaplan cannot start: DATA_KEY must be 32 random bytes in base64|DATA_KEY is not base64/);

    server = await startServer({ dataDir: server.dataDir, env: databaseEnv });
  });
});
