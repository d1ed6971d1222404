// The authorization matrix over HTTP: every staff page, the staff actions and
// the staff API, requested anonymously and with the session of each role —
// owner, manager, practitioner (in the client's care team and outside it),
// front desk — and of a staff member of another organization. Outcomes must
// match the table below, which follows src/auth/permissions.ts and
// docs/security.md.
//
// The HTTP application is the one the server process runs (server/app.ts over
// the production build), served in this process over the test database, so
// that staff of every role — and a second organization — can be made directly
// instead of through browser sign-ins. Sessions are real better-auth sessions,
// obtained through the same sign-in functions the login page calls (with
// two-factor codes for the roles that require them).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_PASSWORD, type AccountsFixture } from "../src/auth/test-fixtures.ts";
import {
  appointments,
  auditEvents,
  authAccounts,
  authUsers,
  clients,
  locations,
  outboxMessages,
  practitioners,
  services,
  staffMembers,
} from "../src/db/schema.ts";
import sharp from "sharp";
import { uploadMediaAsset } from "../src/content/media.ts";
import { createDocument } from "../src/content/store.ts";
import { confirmClientAppointments } from "../src/scheduling/confirm-appointments.ts";
import { lockHealthRecord } from "../src/privacy/health-record.ts";
import type { KeyRing } from "../src/privacy/keyring.ts";
import { acceptPlan, createPlan, proposePlan, viewPlanForStaff } from "../src/privacy/plan-record.ts";
import { planGlides } from "../src/plans/tables.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { addClient, addOrganization, addStaff as addStaffElsewhere } from "../src/privacy/test-fixtures.ts";
import { hashPassword } from "better-auth/crypto";
import { expectNoAxeViolations, launchBrowser, newContext, PHONE } from "./browser.ts";
import { enrolAndSignIn, startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";

type Who = "anonymous" | "owner" | "manager" | "practitioner" | "other-practitioner" | "front-desk" | "other-organization";
const WHO: readonly Who[] = ["anonymous", "owner", "manager", "practitioner", "other-practitioner", "front-desk", "other-organization"];

/**
 * Expected outcome per request and per session:
 * - a number: that HTTP status;
 * - "login": 302 to /login?next=<the path> (no staff session);
 * - "view-only": 200, but the page offers no edit form (read-only roles).
 */
type Outcome = number | "login" | "view-only";
type Row = Record<Exclude<Who, "anonymous" | "other-organization">, Outcome>;

const all = (o: Outcome): Row => ({ owner: o, manager: o, practitioner: o, "other-practitioner": o, "front-desk": o });
/** Owners and managers edit the clinic; everyone else may look. */
const editors = (yes: Outcome, no: Outcome): Row => ({
  owner: yes,
  manager: yes,
  practitioner: no,
  "other-practitioner": no,
  "front-desk": no,
});

/** The publishing desk's writers: owner, manager and front desk; practitioners are refused. */
const writers = (yes: Outcome): Row => ({ owner: yes, manager: yes, practitioner: 403, "other-practitioner": 403, "front-desk": yes });

/**
 * Staff pages: anonymous → sign-in; a member of another organization has a
 * valid session but no place in this clinic, so the staff area sends them to
 * sign in here (their session opens nothing).
 */
const page = (row: Row) => ({ anonymous: "login" as Outcome, "other-organization": "login" as Outcome, ...row });
/** The staff API: 401 without a staff session of this clinic. */
const api = (row: Row) => ({ anonymous: 401 as Outcome, "other-organization": 401 as Outcome, ...row });

const MATRIX: Record<string, Record<Who, Outcome>> = {
  "GET /staff": page(all(200)),
  "GET /staff?view=week": page(all(200)),
  "GET /staff/appointments/new": page({ ...all(200), practitioner: 403, "other-practitioner": 403 }),
  "GET /staff/appointments/:appointmentId": page(all(200)),
  "GET /staff/practitioners": page(editors(200, "view-only")),
  "GET /staff/practitioners/:practitionerId": page(editors(200, "view-only")),
  "GET /staff/services": page(editors(200, "view-only")),
  "GET /staff/services/:serviceId": page(editors(200, "view-only")),
  "GET /staff/services/new": page(editors(200, 403)),
  "GET /staff/settings": page(editors(200, "view-only")),
  // Everyone reads the screening rules; only the owner changes them.
  "GET /staff/screening": page({ ...all("view-only"), owner: 200 }),
  "GET /staff/outbox": page(all(200)),
  "GET /staff/outbox/:messageId": page(all(200)),
  "GET /staff/clients": page(all(200)),
  "GET /staff/clients/:clientId": page(all(200)),
  // Exporting needs health.export (the owner) and access to the record: the owner outside the care team must break the glass first.
  "GET /staff/clients/:clientId/record/json": page(all(403)),
  "GET /staff/clients/:clientId/record/fhir": page(all(403)),
  "GET /staff/audit": page(editors(200, 403)),
  "GET /staff/audit?clientId=:clientId": page(editors(200, 403)),
  "GET /staff/team": page(editors(200, "view-only")),
  "GET /staff/account": page(all(200)),
  // Plan settings: everyone reads them; only the owner changes them.
  "GET /staff/plan-settings": page({ ...all("view-only"), owner: 200 }),
  // A plan is health information: the care team's practitioner only (the owner must break the glass; the desk and managers never).
  "GET /staff/clients/:clientId/plans/new": page({ ...all(403), practitioner: 200 }),
  "GET /staff/plans/:planId": page({ ...all(403), practitioner: 200 }),
  "GET /staff/plans/:planId/pdf": page({ ...all(403), practitioner: 200 }),
  // The series shows dates and practitioners only, like the calendar.
  "GET /staff/plans/:planId/series": page(all(200)),
  "GET /api/v1/clients/:clientId/plans": api({ ...all(403), practitioner: 200 }),
  "GET /api/v1/clients": api(all(200)),
  "GET /api/v1/clients?q=avery": api(all(200)),
  // The publishing desk: the front desk, managers and the owner write drafts and upload images; practitioners have no part in it.
  "GET /staff/content": page(writers(200)),
  "GET /staff/content/new": page(writers(200)),
  "GET /staff/content/:documentId": page(writers(200)),
  "GET /staff/content/:documentId/preview": page(writers(200)),
  "GET /staff/content/:documentId/revisions": page(writers(200)),
  // Everyone who writes sees the library; owners and managers also change the brand names the watermark check lets through.
  "GET /staff/media": page({ ...writers(200), "front-desk": "view-only" }),
  "GET /staff/media/:assetId": page(writers(200)),
  // An empty title: writers reach the field error.
  "POST /staff/content/new": page(writers(422)),
  // A date that is not one: those who may publish reach the field error; the desk may write but not schedule.
  "POST /staff/content/:documentId": page({ ...writers(422), "front-desk": 403 }),
  // Publishing over a blocking finding: the owner alone (here refused for a reason that is too short).
  "POST /staff/content/:blockedDocumentId": page({ ...writers(403), owner: 422 }),
  "POST /staff/media": page({ ...writers(422), "front-desk": 403 }),
  "POST /staff/settings": page(editors(303, 403)),
  "POST /staff/services/new": page(editors(303, 403)),
  "POST /staff/practitioners/:practitionerId": page(editors(303, 403)),
  // An empty e-mail: editors get past the permission check to the field error; other roles are refused first.
  "POST /staff/team": page(editors(422, 403)),
  // Naming the medical director (decision 0021) is the owner's alone; here the front desk, so the owner reaches the field error.
  "POST /staff/team?form=medical-director": page({ ...all(403), owner: 422 }),
  "POST /staff/screening": page({ ...all(403), owner: 422 }),
  "POST /staff/plan-settings": page({ ...all(403), owner: 422 }),
  // No session chosen: those who may book get the field error; practitioners may not book.
  "POST /staff/plans/:planId/series": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
  // A time that is not on offer: same idea for moving an appointment.
  "POST /staff/appointments/:appointmentId": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
  "POST /staff/appointments/new": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
};

/** How each page shows that it can be edited: present for editors, absent on a view-only page. */
const EDIT_MARKERS: Record<string, RegExp> = {
  "GET /staff/practitioners": /href="\/staff\/practitioners\/new"|name="name"/,
  "GET /staff/practitioners/:practitionerId": /name="intent" value="[a-z-]*hours/,
  "GET /staff/services": /href="\/staff\/services\/new"/,
  "GET /staff/services/:serviceId": /name="priceCents"|name="price"/,
  "GET /staff/settings": /name="holdMinutes"/,
  "GET /staff/team": /Send invitation/,
  "GET /staff/screening": /name="intent" value="change"/,
  "GET /staff/plan-settings": /name="intent" value="add"/,
  "GET /staff/media": /name="brands"/,
};

const SETTINGS_FORM = {
  minimumNotice: "2",
  minimumNoticeUnit: "hours",
  horizonDays: "60",
  slotStepMinutes: "15",
  cancellationWindowHours: "24",
  holdMinutes: "10",
};

const CLIENT = { name: "Avery Authzcheck", email: "avery.authzcheck@example.test" };
/** Drafts on the publishing desk; the forms post them back unchanged. */
const MATRIX_ARTICLE = { title: "Matrix article", summary: "", body: "Plain text for the matrix.\n", coverAssetId: "" };
const BLOCKED_ARTICLE = {
  ...MATRIX_ARTICLE,
  title: "Matrix article with a broken link",
  body: "See [a page that is not there](/pages/nowhere).\n",
};

let app: InProcessClinic;
let f: AccountsFixture;
let url = "";
let keyRing: KeyRing;
let browser: Browser | null = null;
const cookies = new Map<Who, string>();
const ids: Record<string, string> = {};
const userIds: Partial<Record<Who, string>> = {};

async function userIdFor(email: string): Promise<string> {
  const [row] = await f.database.db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, email));
  return row!.id;
}

function resolvePath(pattern: string): string {
  return pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = ids[name];
    if (!value) throw new Error(`no id for :${name}`);
    return value;
  });
}

function formFor(key: string): URLSearchParams {
  if (key === "POST /staff/settings") return new URLSearchParams(SETTINGS_FORM);
  if (key === "POST /staff/services/new")
    return new URLSearchParams({
      name: `Matrix check ${Math.random().toString(36).slice(2, 8)}`,
      kind: "treatment",
      durationMinutes: "60",
      bufferBeforeMinutes: "0",
      bufferAfterMinutes: "15",
      price: "100.00",
      currency: "CAD",
      description: "Made by the authorization matrix.",
    });
  if (key === "POST /staff/practitioners/:practitionerId")
    return new URLSearchParams({ intent: "details", name: "Dana Whitfield", sortOrder: "0", active: "on" });
  if (key === "POST /staff/appointments/:appointmentId") return new URLSearchParams({ intent: "move", start: "not a time" });
  if (key === "POST /staff/appointments/new") return new URLSearchParams({ intent: "book", serviceId: "", start: "" });
  if (key === "POST /staff/team") return new URLSearchParams({ intent: "invite", email: "", role: "front-desk" });
  if (key === "POST /staff/team?form=medical-director")
    return new URLSearchParams({ intent: "medical-director", userId: userIds["front-desk"] ?? "", medicalDirector: "yes" });
  if (key === "POST /staff/screening") return new URLSearchParams({ intent: "change", ruleId: "isotretinoin", reason: "" });
  if (key === "POST /staff/plan-settings") return new URLSearchParams({ intent: "add", name: "", reason: "" });
  if (key === "POST /staff/plans/:planId/series") return new URLSearchParams({});
  if (key === "POST /staff/content/new") return new URLSearchParams({ kind: "article", locale: "en", title: "", body: "" });
  if (key === "POST /staff/content/:documentId")
    return new URLSearchParams({ intent: "schedule", ...MATRIX_ARTICLE, scheduleDate: "someday", scheduleTime: "09:00" });
  if (key === "POST /staff/content/:blockedDocumentId")
    return new URLSearchParams({ intent: "publish", ...BLOCKED_ARTICLE, override: "on", overrideReason: "short" });
  if (key === "POST /staff/media") return new URLSearchParams({ intent: "brands", brands: "x" });
  throw new Error(`no form for ${key}`);
}

async function request(who: Who, key: string): Promise<Response> {
  const [method, pattern] = key.split(" ") as [string, string];
  const headers: Record<string, string> = {};
  const cookie = cookies.get(who);
  if (cookie) headers["Cookie"] = cookie;
  if (method === "POST") {
    headers["Origin"] = url;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return fetch(`${url}${resolvePath(pattern)}`, { method, headers, body: formFor(key), redirect: "manual" });
  }
  return fetch(`${url}${resolvePath(pattern)}`, { headers, redirect: "manual" });
}

/** Why the response does not match the expected outcome, or null when it does. */
async function mismatch(key: string, expected: Outcome, res: Response): Promise<string | null> {
  const path = resolvePath(key.split(" ")[1]!);
  const body = await res.text();
  const location = res.headers.get("location");
  const got = `${res.status}${location ? ` → ${location}` : ""}`;
  if (expected === "login") {
    const wanted = `/login?next=${encodeURIComponent(path)}`;
    return res.status === 302 && location === wanted ? null : `expected 302 to ${wanted}, got ${got}`;
  }
  if (expected === "view-only") {
    if (res.status !== 200) return `expected 200 (view only), got ${got}`;
    if (EDIT_MARKERS[key]?.test(body)) return `expected a view-only page, but it offers the edit form (${EDIT_MARKERS[key]})`;
    return null;
  }
  if (res.status !== expected) return `expected ${expected}, got ${got}`;
  if (expected === 200 && EDIT_MARKERS[key] && !EDIT_MARKERS[key].test(body)) {
    return `expected the edit form (${EDIT_MARKERS[key]}) for an editing role, but it is missing`;
  }
  if (key.includes("/api/") && expected === 401 && !res.headers.get("content-type")?.includes("application/problem+json")) {
    return `expected problem+json, got ${res.headers.get("content-type")}`;
  }
  return null;
}

async function deniedAudits(): Promise<{ actorId: string | null; entityId: string | null; details: Record<string, unknown> }[]> {
  return f.database.db
    .select({ actorId: auditEvents.actorId, entityId: auditEvents.entityId, details: auditEvents.details })
    .from(auditEvents)
    .where(eq(auditEvents.action, "health-record.denied"));
}

beforeAll(async () => {
  markSensitive(STAFF_PASSWORD, CLIENT.name, CLIENT.email);
  app = await startInProcessClinic();
  ({ f, url, keyRing } = app);
  const { db } = f.database;

  // Staff of every role. The practitioner in the care team is linked to the demo practitioner the client books.
  const [dana] = await db.select().from(practitioners).where(eq(practitioners.organizationId, f.organizationId)).limit(1);
  ids.practitionerId = dana!.id;
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, f.organizationId), eq(services.kind, "consultation")))
    .limit(1);
  ids.serviceId = service!.id;

  const ctx = f.ctx({ ip: "127.0.0.1" });
  cookies.set("owner", await enrolAndSignIn(f, ctx, f.ownerEmail, "correct horse battery staple"));
  userIds.owner = await userIdFor(f.ownerEmail);
  for (const role of ["manager", "practitioner", "other-practitioner", "front-desk"] as const) {
    const staff = await f.addStaff(role === "other-practitioner" ? "practitioner" : role);
    userIds[role] = staff.userId;
    if (role === "practitioner")
      await db.update(staffMembers).set({ practitionerId: dana!.id }).where(eq(staffMembers.userId, staff.userId));
    cookies.set(role, await enrolAndSignIn(f, ctx, staff.email, STAFF_PASSWORD));
  }

  // A member of another clinic in the same database, signed in there.
  const elsewhere = await addOrganization(db);
  const outsider = await addStaffElsewhere(db, { organizationId: elsewhere.organizationId, role: "practitioner", name: "Olive Outsider" });
  await db.insert(authAccounts).values({
    id: crypto.randomUUID(),
    accountId: outsider.userId,
    providerId: "credential",
    userId: outsider.userId,
    password: await hashPassword(STAFF_PASSWORD),
  });
  userIds["other-organization"] = outsider.userId;
  cookies.set(
    "other-organization",
    await enrolAndSignIn(f, { ...ctx, organizationId: elsewhere.organizationId }, outsider.email, STAFF_PASSWORD),
  );
  const foreign = await addClient(db, elsewhere.organizationId, "Foreign Client");
  ids.foreignClientId = foreign.id;

  // A client booked with the care-team practitioner through the public API (which also writes the confirmation e-mail).
  const from = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (
    await fetch(`${url}/api/v1/availability?serviceId=${service!.id}&from=${from}&to=${to}&practitionerId=${dana!.id}`)
  ).json()) as { slots: { start: string }[] };
  const booked = await fetch(`${url}/api/v1/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ serviceId: service!.id, practitionerId: dana!.id, start: slots.slots[0]!.start, client: CLIENT }),
  });
  expect(booked.status, await booked.clone().text()).toBe(201);
  const [client] = await db.select().from(clients).where(eq(clients.email, CLIENT.email));
  ids.clientId = client!.id;
  const [appointment] = await db.select().from(appointments).where(eq(appointments.clientId, client!.id));
  ids.appointmentId = appointment!.id;
  // Booked without signing in: the client confirms it in their portal, which puts the practitioner on the care team.
  await confirmClientAppointments(db, { organizationId: f.organizationId, clientId: client!.id, now: Date.now(), via: "portal" });
  const [message] = await db.select({ id: outboxMessages.id }).from(outboxMessages).limit(1);
  ids.messageId = message!.id;

  // A plan the care-team practitioner wrote and the client signed.
  const staff = await f.staffSession(cookies.get("practitioner")!);
  const [face] = await db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, f.organizationId), eq(services.slug, "microneedling-face")));
  const [glide] = await db.select().from(planGlides).where(eq(planGlides.organizationId, f.organizationId));
  const { planId } = await createPlan(db, {
    staff,
    keyRing,
    clientId: client!.id,
    draft: {
      glideId: glide!.id,
      assessment: { fitzpatrick: 3, fitzpatrickFromIntake: null, glogau: 2, concerns: [], notes: "" },
      zones: [{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.25, depthMaxMm: 0.5 }],
      serviceId: face!.id,
      practitionerId: null,
      sessions: 4,
      intervalMinDays: 28,
      intervalMaxDays: 35,
      numbingCream: false,
      productIds: [],
      pricePerSessionCents: 29900,
      packagePriceCents: 99900,
      currency: "CAD",
      noteToClient: "",
    },
  });
  const draft = (await viewPlanForStaff(db, { staff, keyRing, planId })).plan.open!;
  await proposePlan(db, { staff, keyRing, planId, version: 1, contentSha256: draft.contentSha256 });
  const { plan } = await viewPlanForStaff(db, { staff, keyRing, planId });
  await acceptPlan(db, {
    client: { organizationId: f.organizationId, clientId: client!.id },
    keyRing,
    planId,
    version: 1,
    contentSha256: plan.open!.contentSha256,
    signedName: CLIENT.name,
    consent: true,
    ip: null,
  });
  ids.planId = planId;

  // The publishing desk: a draft, one the guard blocks, and a library image.
  const owner = await f.staffSession(cookies.get("owner")!);
  for (const [key, input, slug] of [
    ["documentId", MATRIX_ARTICLE, "matrix-article"],
    ["blockedDocumentId", BLOCKED_ARTICLE, "matrix-blocked"],
  ] as const) {
    ids[key] = (
      await createDocument(db, { staff: owner, input: { ...input, kind: "article", locale: "en", slug }, now: Date.now() })
    ).documentId;
  }
  const image = await sharp({ create: { width: 200, height: 120, channels: 3, background: "#9bb8a8" } })
    .png()
    .toBuffer();
  ids.assetId = (
    await uploadMediaAsset(db, {
      staff: owner,
      file: { bytes: new Uint8Array(image), name: "matrix.png" },
      input: { alt: "A green square" },
      check: async () => [],
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("authorization matrix", () => {
  it("answers every staff page, staff action and staff API request for every role as the permission table says", async () => {
    const failures: string[] = [];
    // Reads first, then the POSTs (which change things).
    const keys = Object.keys(MATRIX).sort((a, b) => Number(a.startsWith("POST")) - Number(b.startsWith("POST")));
    for (const key of keys) {
      for (const who of WHO) {
        const res = await request(who, key);
        const problem = await mismatch(key, MATRIX[key]![who], res);
        if (problem) failures.push(`${key} as ${who}: ${problem}`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

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
    const from = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 44 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(`${url}/api/v1/availability?serviceId=${ids.serviceId}&from=${from}&to=${to}&practitionerId=${second.id}`)
    ).json()) as { slots: { start: string }[] };
    const res = await fetch(`${url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        serviceId: ids.serviceId,
        practitionerId: second.id,
        start: slots.slots[0]!.start,
        client: { name: "Not The Client", email: CLIENT.email.toUpperCase(), phone: "(416) 555-0123" },
        locale: "fr",
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await access()).toEqual(before);
    const [contactAfter] = await db.select().from(clients).where(eq(clients.id, ids.clientId!));
    expect(contactAfter).toEqual(contactBefore);

    // Cancelling with the returned token changes nothing either.
    const { manageUrl } = (await res.json()) as { manageUrl: string };
    const manage = new URL(manageUrl);
    const cancelled = await fetch(`${url}/api/v1/bookings${manage.pathname.replace("/manage", "")}/cancel${manage.search}`, {
      method: "POST",
    });
    expect(cancelled.status).toBe(200);
    expect(await access()).toEqual(before);
  });

  it("refuses another clinic's client id with 404 and audits the attempt", async () => {
    const before = (await deniedAudits()).length;
    for (const who of ["owner", "practitioner", "front-desk"] as const) {
      const res = await fetch(`${url}/staff/clients/${ids.foreignClientId}`, {
        headers: { Cookie: cookies.get(who)! },
        redirect: "manual",
      });
      expect(res.status, `GET another clinic's client as ${who}`).toBe(404);
      expect(await res.text()).not.toContain("Foreign Client");
    }
    const denied = (await deniedAudits()).slice(before);
    expect(denied.map((d) => d.entityId)).toEqual([ids.foreignClientId, ids.foreignClientId, ids.foreignClientId]);
    expect(denied.map((d) => (d.details as { denied: string }).denied)).toEqual([
      "other-organization",
      "other-organization",
      "other-organization",
    ]);
    // Nothing about it was written into the other clinic's log.
    const theirs = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ids.foreignClientId!), eq(auditEvents.organizationId, f.organizationId)));
    expect(theirs).toHaveLength(3);
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
    await tab.screenshot({ path: join(tmpdir(), "dermaplan-screening-chart.png"), fullPage: true });
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
    const before = (await deniedAudits()).length;

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
    await tab.screenshot({ path: join(tmpdir(), "dermaplan-locked-record.png"), fullPage: true });

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
    const denied = (await deniedAudits()).slice(before);
    expect(denied.some((d) => d.actorId === userIds["other-practitioner"] && (d.details as { denied: string }).denied === "locked")).toBe(
      true,
    );
  }, 120_000);
});
