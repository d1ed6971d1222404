// The authorization matrix over HTTP: every staff page, the staff actions and
// the staff API, requested anonymously and with the session of each role —
// owner, manager, practitioner (in the client's care team and outside it),
// front desk — and of a staff member of another organization. Outcomes must
// match the table below, which follows src/auth/permissions.ts and
// docs/security.md. What each role sees of the health record itself is
// authorization-health-record.test.ts.
//
// The HTTP application is the one the server process runs (server/app.ts over
// the production build), served in this process over the test database, so
// that staff of every role — and a second organization — can be made directly
// instead of through browser sign-ins (e2e/authorization-clinic.ts).
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_PASSWORD, type AccountsFixture } from "../src/auth/test-fixtures.ts";
import { uploadMediaAsset } from "../src/content/media-upload.ts";
import { createDocument } from "../src/content/draft-writing.ts";
import { auditEvents } from "../src/db/schema.ts";
import { CLIENT, deniedAudits, requestAs, resolvePath, staffTheClinic, WHO, type StaffedClinic, type Who } from "./authorization-clinic.ts";
import { SETTINGS_FORM } from "./hostile-input.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";
import { newServiceForm } from "./service-form.ts";

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
  // Everyone reads the consent forms and their versions; only the owner publishes a new version.
  "GET /staff/consent-forms": page({ ...all("view-only"), owner: 200 }),
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
  // Devices and lots: everyone reads them; only the owner changes them (plans.manage).
  "GET /staff/supplies": page({ ...all("view-only"), owner: 200 }),
  // The recall search reads across clients' charts: the owner alone (health.export).
  "GET /staff/supplies/recall?lot=:lotId": page({ ...all(403), owner: 200 }),
  "GET /staff/supplies/recall?device=:deviceId": page({ ...all(403), owner: 200 }),
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
  // An empty English title: the owner reaches the field error; every other role is refused first.
  "POST /staff/consent-forms": page({ ...all(403), owner: 422 }),
  "POST /staff/plan-settings": page({ ...all(403), owner: 422 }),
  // A lot with no name: the owner reaches the field error; taking a lot out of use, the owner does it.
  "POST /staff/supplies": page({ ...all(403), owner: 422 }),
  "POST /staff/supplies?retire": page({ ...all(403), owner: 303 }),
  // No session chosen: those who may book get the field error; practitioners may not book.
  "POST /staff/plans/:planId/series": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
  // A time that is not on offer: same idea for moving an appointment.
  "POST /staff/appointments/:appointmentId": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
  "POST /staff/appointments/new": page({ ...all(422), practitioner: 403, "other-practitioner": 403 }),
  // The appointment's day (checking in here): the desk and the appointment's own practitioner; the appointment is next week, so
  // those who may get "on the day" (409); a practitioner of other clients is refused.
  "POST /staff/appointments/:appointmentId?day-step": page({ ...all(409), "other-practitioner": 403 }),
  // Handing the clinic's tablet to the client (docs/consent.md): the same people as the day's steps, on the appointment's day
  // only (409 here, next week); a successful one would sign the caller out, which the browser test covers.
  "POST /staff/appointments/:appointmentId?desk-handover": page({ ...all(409), "other-practitioner": 403 }),
  // The session chart (docs/session-chart.md) is health information: the care-team practitioner booked for the treatment
  // opens and writes it; the owner and manager outside the care team must break the glass first; the desk never reads it.
  "GET /staff/appointments/:treatmentId/chart": page({ ...all(403), practitioner: 200 }),
  // An empty chart: its practitioner gets the field errors; an addendum before signing: "sign the chart first" (409).
  "POST /staff/appointments/:treatmentId/chart": page({ ...all(403), practitioner: 422 }),
  "POST /staff/appointments/:treatmentId/chart?addendum": page({ ...all(403), practitioner: 409 }),
  // Session photos (docs/photos.md) are health information like the chart: the care-team practitioner takes, compares and
  // opens them; the owner and manager outside the care team must break the glass first; the desk never sees them.
  "GET /staff/appointments/:treatmentId/photos": page({ ...all(403), practitioner: 200 }),
  // No photo in the form: the care-team practitioner reaches "take or choose a photo" (422); everyone else is refused first.
  "POST /staff/appointments/:treatmentId/photos": page({ ...all(403), practitioner: 422 }),
  "GET /staff/clients/:clientId/photos": page({ ...all(403), practitioner: 200 }),
  "GET /staff/clients/:clientId/photos/:sessionPhotoId": page({ ...all(403), practitioner: 200 }),
  // Follow-ups of the check-ins after a session (docs/checkins.md): the owner's list and each treating practitioner's; the
  // manager, the desk and a practitioner account linked to no practitioner (no sessions of their own) have none. An unknown
  // follow-up is "not found" to those with a list; closing needs a note first (422).
  "GET /staff/follow-ups": page({ ...all(403), owner: 200, practitioner: 200 }),
  "GET /staff/follow-ups?id=:randomId": page({ ...all(403), owner: 404, practitioner: 404 }),
  "POST /staff/follow-ups": page({ ...all(403), owner: 422, practitioner: 422 }),
  // The check-in days: editors of the clinic's settings; an empty day is a field error.
  "POST /staff/settings?checkin-days": page(editors(422, 403)),
  // The clinic's e-mail (the Reply-To of its e-mails): editors of the settings; an empty address is a field error.
  "POST /staff/settings?clinic-email": page(editors(422, 403)),
  // The tablet's page answers everyone alike without a handover: nothing to sign, and the way to the staff sign-in;
  // a staff session opens nothing more on it, and a post signs nothing (410).
  "GET /desk/consent": { anonymous: 200, "other-organization": 200, ...all(200) },
  "POST /desk/consent": { anonymous: 410, "other-organization": 410, ...all(410) },
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
  "GET /staff/consent-forms": /value="publish"[^>]*name="intent"|name="intent"[^>]*value="publish"/,
  "GET /staff/plan-settings": /name="intent" value="add"/,
  "GET /staff/supplies": /name="intent" value="lot-add"/,
  "GET /staff/media": /name="brands"/,
};

/** Drafts on the publishing desk; the forms post them back unchanged. */
const MATRIX_ARTICLE = { title: "Matrix article", summary: "", body: "Plain text for the matrix.\n", coverAssetId: "" };
const BLOCKED_ARTICLE = {
  ...MATRIX_ARTICLE,
  title: "Matrix article with a broken link",
  body: "See [a page that is not there](/pages/nowhere).\n",
};

let app: InProcessClinic;
let clinic: StaffedClinic;
let f: AccountsFixture;
let url = "";
let cookies: Map<Who, string>;
let ids: Record<string, string>;

function formFor(key: string): URLSearchParams {
  if (key === "POST /staff/settings") return new URLSearchParams(SETTINGS_FORM);
  if (key === "POST /staff/services/new")
    return new URLSearchParams(
      newServiceForm(`Matrix check ${Math.random().toString(36).slice(2, 8)}`, "Made by the authorization matrix."),
    );
  if (key === "POST /staff/practitioners/:practitionerId")
    return new URLSearchParams({ intent: "details", name: "Dana Whitfield", sortOrder: "0", active: "on" });
  if (key === "POST /staff/appointments/:appointmentId") return new URLSearchParams({ intent: "move", start: "not a time" });
  if (key === "POST /staff/appointments/:appointmentId?day-step") return new URLSearchParams({ intent: "day-step", step: "arrive" });
  if (key === "POST /staff/appointments/:appointmentId?desk-handover") return new URLSearchParams({ intent: "desk-handover" });
  if (key === "POST /desk/consent")
    return new URLSearchParams({ intent: "sign-procedure", sha: "0".repeat(64), signedName: CLIENT.name, agree: "on" });
  if (key === "POST /staff/appointments/:treatmentId/chart") return new URLSearchParams({ intent: "save", basedOn: "" });
  if (key === "POST /staff/appointments/:treatmentId/chart?addendum")
    return new URLSearchParams({ intent: "addendum", body: "Later words" });
  if (key === "POST /staff/appointments/:treatmentId/photos") return new URLSearchParams({ zone: "forehead", view: "front" });
  if (key === "POST /staff/appointments/new") return new URLSearchParams({ intent: "book", serviceId: "", start: "" });
  if (key === "POST /staff/team") return new URLSearchParams({ intent: "invite", email: "", role: "front-desk" });
  if (key === "POST /staff/team?form=medical-director")
    return new URLSearchParams({ intent: "medical-director", userId: clinic.userIds["front-desk"] ?? "", medicalDirector: "yes" });
  if (key === "POST /staff/screening") return new URLSearchParams({ intent: "change", ruleId: "isotretinoin", reason: "" });
  if (key === "POST /staff/consent-forms")
    return new URLSearchParams({
      intent: "publish",
      kind: "procedure",
      basedOnVersion: "1",
      titleEn: "",
      bodyEn: "",
      titleFr: "",
      bodyFr: "",
    });
  if (key === "POST /staff/plan-settings") return new URLSearchParams({ intent: "add", name: "", reason: "" });
  if (key === "POST /staff/follow-ups")
    return new URLSearchParams({ intent: "close", id: "7d1f7f0e-9a53-4b55-9d43-2f1c8a8f0b11", note: "" });
  if (key === "POST /staff/settings?checkin-days") return new URLSearchParams({ intent: "checkin-days", firstDay: "", secondDay: "3" });
  if (key === "POST /staff/settings?clinic-email") return new URLSearchParams({ intent: "clinic-email", email: "" });
  if (key === "POST /staff/plans/:planId/series") return new URLSearchParams({});
  if (key === "POST /staff/supplies")
    return new URLSearchParams({
      intent: "lot-add",
      kind: "cartridge",
      name: "",
      needleCount: "12",
      lot: "M-1",
      receivedOn: "",
      expiresOn: "",
    });
  if (key === "POST /staff/supplies?retire") return new URLSearchParams({ intent: "lot-retire", kind: "glide", id: ids.spareLotId ?? "" });
  if (key === "POST /staff/content/new") return new URLSearchParams({ kind: "article", locale: "en", title: "", body: "" });
  if (key === "POST /staff/content/:documentId")
    return new URLSearchParams({ intent: "schedule", ...MATRIX_ARTICLE, scheduleDate: "someday", scheduleTime: "09:00" });
  if (key === "POST /staff/content/:blockedDocumentId")
    return new URLSearchParams({ intent: "publish", ...BLOCKED_ARTICLE, override: "on", overrideReason: "short" });
  if (key === "POST /staff/media") return new URLSearchParams({ intent: "brands", brands: "x" });
  throw new Error(`no form for ${key}`);
}

function request(who: Who, key: string): Promise<Response> {
  return requestAs(clinic, who, key, key.startsWith("POST") ? formFor(key) : undefined);
}

/** Why the response does not match the expected outcome, or null when it does. */
async function mismatch(key: string, expected: Outcome, res: Response): Promise<string | null> {
  const path = resolvePath(clinic, key.split(" ")[1]!);
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

beforeAll(async () => {
  markSensitive(STAFF_PASSWORD, CLIENT.name, CLIENT.email);
  app = await startInProcessClinic();
  ({ f, url } = app);
  clinic = await staffTheClinic(app);
  ({ cookies, ids } = clinic);
  // An id no follow-up has (docs/checkins.md).
  ids.randomId = "7d1f7f0e-9a53-4b55-9d43-2f1c8a8f0b11";
  const { db } = f.database;

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

  it("refuses another clinic's client id with 404 and audits the attempt", async () => {
    const before = (await deniedAudits(clinic)).length;
    for (const who of ["owner", "practitioner", "front-desk"] as const) {
      const res = await fetch(`${url}/staff/clients/${ids.foreignClientId}`, {
        headers: { Cookie: cookies.get(who)! },
        redirect: "manual",
      });
      expect(res.status, `GET another clinic's client as ${who}`).toBe(404);
      expect(await res.text()).not.toContain("Foreign Client");
    }
    const denied = (await deniedAudits(clinic)).slice(before);
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
});
