// Hostile input in every form, field by field: the public forms (booking,
// self-check, sign-in, invitations, the portal's sign-in), the client portal's
// forms as a signed-in client, and every staff form as the owner. What the
// values are, and what every answer must be, is in e2e/hostile-input.ts; the
// JSON API is hostile-input-api.test.ts, addresses and bodies
// hostile-input-requests.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ABSURD_DATES,
  ABSURD_INSTANTS,
  ARTICLE,
  describeAnswer,
  EXISTING,
  hostileSuite,
  LINE_KINDS,
  RANDOM_UUID,
  SETTINGS_FORM,
  TEXT_KINDS,
  type Answer,
} from "./hostile-input.ts";
import { DEFAULT_CONSENT_FORMS } from "../src/consent/default-forms.ts";
import { QUESTION_ORDER } from "../src/plans/checkin.ts";
import { linkFromOutbox, markSensitive } from "./server.ts";
import { newServiceForm } from "./service-form.ts";

const s = hostileSuite("forms");
const { ids, send, hostile, tag, resolvePath } = s;
let owner = "";

beforeAll(async () => {
  owner = await s.start();
}, 180_000);

afterAll(() => s.stop());

// ---------------------------------------------------------------------------
// Every form, every field, every kind of hostile value.

interface FormCase {
  /** Shown in failures. */
  name: string;
  path: string;
  /** Valid values for the rest of the form (the ":id" parts of the path filled in at run time). */
  base: () => Record<string, string>;
  /** One-line fields to make hostile, one at a time. */
  lines?: string[];
  /** Multi-line fields (textareas). */
  texts?: string[];
  /** Date fields: absurd dates too. */
  dates?: string[];
  /** Date-time fields ("2027-03-15T10:00"). */
  instants?: string[];
  staff?: boolean;
  /** Length of the overlong value (default 100,000). */
  longLength?: Record<string, number>;
  /**
   * Answers other than a 4xx that are right here, with the reason (default:
   * only 4xx). Never a 5xx.
   */
  accept?: { why: string; ok: (a: Answer, field: string) => boolean };
}

/** The answer of a page that stores nothing and only shows its form again. */
const STATELESS_PAGE = { why: "stores nothing: shows the step again", ok: (a: Answer) => a.status === 200 };
const TO_SIGN_IN = {
  why: "no sign-in under way: back to the sign-in page",
  ok: (a: Answer) => a.status === 302 && /^\/login\b/.test(a.location ?? ""),
};

const FORMS: FormCase[] = [
  // Public
  {
    name: "booking page",
    path: "/book/:consultationSlug",
    base: () => ({ intent: "book", start: ids.secondSlotStart, name: "Sam Plain", email: `form.${tag()}@example.test`, phone: "" }),
    lines: ["name", "email", "phone", "start", "holdId", "holdToken", "practitionerId", "intent"],
    instants: ["start"],
    // A hold that cannot be one is not used: the time is booked without it (nothing of the hold's fields is stored).
    accept: { why: "an unreadable hold is ignored", ok: (a, field) => field.startsWith("hold") && a.status === 303 },
  },
  {
    name: "booking page (hold)",
    path: "/fr/book/:consultationSlug",
    base: () => ({ intent: "hold", start: ids.secondSlotStart }),
    lines: ["start"],
    instants: ["start"],
  },
  {
    name: "self-check",
    path: "/candidate",
    base: () => ({ step: "", go: "next" }),
    lines: ["step", "go", "review", "answers"],
    accept: STATELESS_PAGE,
  },
  { name: "self-check booking", path: "/candidate/book", base: () => ({ answers: "{}" }), lines: ["answers", "expectation"] },
  { name: "self-check reminder", path: "/candidate/remind", base: () => ({ answers: "{}", email: "" }), lines: ["answers", "email"] },
  {
    name: "manage booking",
    path: "/manage/:appointmentId?token=:manageToken",
    base: () => ({ intent: "reschedule", start: ids.secondSlotStart }),
    lines: ["start"],
    instants: ["start"],
  },
  {
    name: "sign-in",
    path: "/login",
    base: () => ({ intent: "sign-in", email: "nobody@example.test", password: "x" }),
    lines: ["email", "password"],
  },
  { name: "two-factor", path: "/login/two-factor", base: () => ({ intent: "totp", code: "123456" }), lines: ["code"], accept: TO_SIGN_IN },
  {
    name: "unknown invitation",
    path: `/invite/${RANDOM_UUID}`,
    base: () => ({ name: "A", password: "x", confirmPassword: "x" }),
    lines: ["name"],
  },
  {
    name: "invitation",
    path: "/invite/:inviteToken",
    base: () => ({ name: "Ivy Invited", password: "a long and unusual passphrase 7", confirmPassword: "a long and unusual passphrase 7" }),
    lines: ["name", "password"],
  },
  { name: "portal sign-in", path: "/portal/login", base: () => ({ email: "nobody@example.test" }), lines: ["email"] },
  { name: "portal verify", path: "/portal/verify", base: () => ({ token: "x", email: "nobody@example.test" }), lines: ["token", "email"] },
  // Staff (as the owner)
  {
    name: "new service",
    path: "/staff/services/new",
    staff: true,
    base: () => ({ ...newServiceForm(`Hostile service ${tag()}`, "Made by the hostile-input suite."), slug: "", sortOrder: "9" }),
    lines: ["name", "nameFr", "slug", "price", "currency", "durationMinutes", "kind"],
    texts: ["description", "descriptionFr"],
  },
  {
    name: "service",
    path: "/staff/services/:consultationId",
    staff: true,
    base: () => ({
      name: "Microneedling consultation",
      kind: "consultation",
      durationMinutes: "30",
      bufferBeforeMinutes: "0",
      bufferAfterMinutes: "0",
      price: "0.00",
      currency: "CAD",
      description: "",
      slug: "consultation",
      sortOrder: "0",
      active: "on",
    }),
    lines: ["name", "nameFr", "slug"],
    texts: ["description"],
  },
  {
    name: "new practitioner",
    path: "/staff/practitioners",
    staff: true,
    base: () => ({ name: "Hostile Person", title: "" }),
    lines: ["name", "title"],
  },
  {
    name: "practitioner details",
    path: "/staff/practitioners/:practitionerId",
    staff: true,
    base: () => ({ intent: "details", name: "Maja Kowalska", title: "", titleFr: "", sortOrder: "1", active: "on" }),
    lines: ["name", "title", "titleFr", "sortOrder", "intent"],
  },
  {
    name: "practitioner exception",
    path: "/staff/practitioners/:practitionerId",
    staff: true,
    base: () => ({ intent: "exception", date: "2027-12-24", mode: "closed", note: "" }),
    lines: ["date", "note"],
    dates: ["date"],
  },
  {
    name: "practitioner time off",
    path: "/staff/practitioners/:practitionerId",
    staff: true,
    base: () => ({ intent: "timeoff", start: "2027-12-24T09:00", end: "2027-12-24T10:00", reason: "" }),
    lines: ["start", "end", "reason"],
    instants: ["start", "end"],
  },
  {
    name: "practitioner deletes",
    path: "/staff/practitioners/:practitionerId",
    staff: true,
    base: () => ({ intent: "delete-timeoff", timeOffId: RANDOM_UUID }),
    lines: ["timeOffId"],
  },
  {
    name: "settings",
    path: "/staff/settings",
    staff: true,
    base: () => ({ ...SETTINGS_FORM }),
    lines: ["minimumNotice", "minimumNoticeUnit", "horizonDays", "holdMinutes"],
  },
  {
    name: "the clinic's e-mail",
    path: "/staff/settings",
    staff: true,
    base: () => ({ intent: "clinic-email", email: "hello@demo.dermaplan.test" }),
    lines: ["email"],
  },
  {
    name: "check-in days",
    path: "/staff/settings",
    staff: true,
    base: () => ({ intent: "checkin-days", firstDay: "1", secondDay: "3" }),
    lines: ["firstDay", "secondDay"],
  },
  {
    name: "closing a follow-up",
    path: "/staff/follow-ups",
    staff: true,
    base: () => ({ intent: "close", id: RANDOM_UUID, note: "Called the client back." }),
    lines: ["id", "intent"],
    texts: ["note"],
  },
  {
    name: "a follow-up on the chart",
    path: "/staff/follow-ups",
    staff: true,
    base: () => ({ intent: "adverse-event", id: RANDOM_UUID }),
    lines: ["id", "intent"],
  },
  {
    name: "screening rules",
    path: "/staff/screening",
    staff: true,
    base: () => ({
      intent: "change",
      ruleId: "isotretinoin",
      outcome: "deferred",
      periodValue: "6",
      periodUnit: "months",
      reason: "Hostile suite.",
    }),
    lines: ["ruleId", "outcome", "periodValue", "periodUnit"],
    texts: ["reason"],
  },
  {
    name: "screening validity",
    path: "/staff/screening",
    staff: true,
    base: () => ({ intent: "valid-days", screeningValidDays: "90" }),
    lines: ["screeningValidDays"],
  },
  {
    // A changed text that would publish: one hostile field at a time must stop it (the page is in the snapshot).
    name: "consent form",
    path: "/staff/consent-forms",
    staff: true,
    base: () => ({
      intent: "publish",
      kind: "procedure",
      basedOnVersion: "1",
      ...DEFAULT_CONSENT_FORMS.procedure,
      bodyEn: `${DEFAULT_CONSENT_FORMS.procedure.bodyEn}\nAsk us anything before you sign.\n`,
    }),
    lines: ["intent", "kind", "basedOnVersion", "titleEn", "titleFr"],
    texts: ["bodyEn", "bodyFr"],
  },
  {
    name: "plan settings",
    path: "/staff/plan-settings",
    staff: true,
    base: () => ({ intent: "add", name: "Hostile product", reason: "Hostile suite reason." }),
    lines: ["name", "intent"],
    texts: ["reason"],
  },
  {
    name: "plan depth limit",
    path: "/staff/plan-settings",
    staff: true,
    base: () => ({ intent: "limit", zone: "forehead", maxMm: "0.5", reason: "Hostile suite reason." }),
    lines: ["zone", "maxMm"],
    texts: ["reason"],
  },
  {
    name: "add a cartridge lot",
    path: "/staff/supplies",
    staff: true,
    base: () => ({
      intent: "lot-add",
      kind: "cartridge",
      name: "Hostile cartridge",
      needleCount: "12",
      lot: "H-1",
      receivedOn: "2026-12-01",
      expiresOn: "2028-06-30",
    }),
    lines: ["intent", "kind", "name", "needleCount", "lot", "receivedOn", "expiresOn"],
    dates: ["receivedOn", "expiresOn"],
  },
  {
    name: "add a device",
    path: "/staff/supplies",
    staff: true,
    base: () => ({ intent: "device-add", model: "Hostile pen", serial: "H-2" }),
    lines: ["model", "serial"],
  },
  {
    name: "team",
    path: "/staff/team",
    staff: true,
    base: () => ({ intent: "invite", email: "x@example.test", role: "front-desk" }),
    lines: ["email", "role", "practitionerId"],
  },
  {
    name: "team member",
    path: "/staff/team",
    staff: true,
    base: () => ({ intent: "change-role", userId: RANDOM_UUID, role: "manager" }),
    lines: ["userId", "role"],
  },
  {
    name: "account password",
    path: "/staff/account",
    staff: true,
    base: () => ({ intent: "change-password", currentPassword: "not the password", newPassword: "x", confirmNewPassword: "x" }),
    lines: ["currentPassword", "newPassword"],
  },
  {
    name: "account sessions",
    path: "/staff/account",
    staff: true,
    base: () => ({ intent: "revoke-session", sessionId: "x" }),
    lines: ["sessionId"],
  },
  {
    name: "new content",
    path: "/staff/content/new",
    staff: true,
    base: () => ({ kind: "article", locale: "en", title: "Hostile draft", slug: "", summary: "", body: "Text.", coverAssetId: "" }),
    lines: ["title", "slug", "coverAssetId", "kind", "locale"],
    texts: ["summary", "body"],
    longLength: { body: 250_000 },
  },
  {
    name: "content",
    path: "/staff/content/:documentId",
    staff: true,
    base: () => ({ intent: "save", ...ARTICLE, slug: "", coverAssetId: "" }),
    lines: ["title", "slug", "coverAssetId", "intent"],
    texts: ["summary", "body"],
    longLength: { body: 250_000 },
  },
  {
    name: "content schedule",
    path: "/staff/content/:documentId",
    staff: true,
    base: () => ({ intent: "schedule", ...ARTICLE, slug: "", coverAssetId: "", scheduleDate: "2027-06-01", scheduleTime: "09:00" }),
    lines: ["scheduleDate", "scheduleTime"],
    dates: ["scheduleDate"],
  },
  {
    name: "content override",
    path: "/staff/content/:documentId",
    staff: true,
    base: () => ({ intent: "publish", ...ARTICLE, slug: "", coverAssetId: "", override: "on", overrideReason: "A reason long enough." }),
    texts: ["overrideReason"],
  },
  {
    name: "content revisions",
    path: "/staff/content/:documentId/revisions",
    staff: true,
    base: () => ({ intent: "restore", revisionId: RANDOM_UUID }),
    lines: ["revisionId"],
  },
  { name: "media brands", path: "/staff/media", staff: true, base: () => ({ intent: "brands", brands: "Acme" }), texts: ["brands"] },
  {
    name: "media asset",
    path: `/staff/media/${RANDOM_UUID}`,
    staff: true,
    base: () => ({ intent: "save", alt: "An image" }),
    lines: ["alt", "altFr", "credit", "caption"],
    texts: ["licenceNote"],
  },
  {
    name: "client lock",
    path: "/staff/clients/:clientId",
    staff: true,
    base: () => ({ intent: "break-glass", reason: "A reason long enough to pass." }),
    texts: ["reason"],
    lines: ["intent"],
  },
  {
    name: "client note",
    path: "/staff/clients/:clientId",
    staff: true,
    base: () => ({ intent: "add-note", body: "A note." }),
    texts: ["body"],
  },
  {
    name: "appointment move",
    path: "/staff/appointments/:appointmentId",
    staff: true,
    base: () => ({ intent: "move", start: ids.secondSlotStart, practitionerId: ids.practitionerId }),
    lines: ["start", "practitionerId"],
    instants: ["start"],
  },
  {
    name: "appointment day step",
    path: "/staff/appointments/:appointmentId",
    staff: true,
    base: () => ({ intent: "day-step", step: "arrive" }),
    lines: ["step"],
  },
  {
    // The owner is not this consultation's practitioner and a consultation has no chart: every value must still be read
    // without a failure (4xx), whatever it holds.
    name: "session chart",
    path: "/staff/appointments/:appointmentId/chart",
    staff: true,
    base: () => ({
      intent: "save",
      basedOn: "",
      deviceId: RANDOM_UUID,
      cartridgeLotId: RANDOM_UUID,
      area: "cheek-left",
      "depthMm-cheek-left": "1",
      "passes-cheek-left": "2",
      "technique-cheek-left": "crosshatch",
      "endpoint-cheek-left": "mild-erythema",
      numbingUsed: "on",
      numbingAppliedAt: "09:00",
      numbingRemovedAt: "09:30",
      reaction: "swelling",
      "reactionAction-swelling": "Cold compress",
      nextTime: "Same depths",
    }),
    lines: [
      "intent",
      "basedOn",
      "deviceId",
      "cartridgeLotId",
      "area",
      "depthMm-cheek-left",
      "passes-cheek-left",
      "numbingAppliedAt",
      "reaction",
    ],
    texts: ["nextTime", "depthReason-cheek-left", "reactionAction-swelling"],
  },
  {
    name: "session chart addendum",
    path: "/staff/appointments/:appointmentId/chart",
    staff: true,
    base: () => ({ intent: "addendum", body: "Later words" }),
    texts: ["body"],
  },
  {
    name: "appointment cancel",
    path: "/staff/appointments/:appointmentId",
    staff: true,
    base: () => ({ intent: "cancel", requestedBy: "client" }),
    lines: ["requestedBy"],
  },
  {
    name: "new appointment",
    path: "/staff/appointments/new",
    staff: true,
    base: () => ({
      intent: "book",
      serviceId: ids.consultationId,
      start: ids.secondSlotStart,
      practitionerId: ids.practitionerId,
      name: "Sam Plain",
      email: `desk.${tag()}@example.test`,
      phone: "",
    }),
    lines: ["name", "email", "phone", "start", "serviceId", "practitionerId"],
    texts: ["eligibilityOverrideReason"],
    instants: ["start"],
  },
  {
    name: "series",
    path: `/staff/plans/${RANDOM_UUID}/series`,
    staff: true,
    base: () => ({ session: "1", "start-1": "0" }),
    lines: ["session", "reason-1"],
  },
  {
    name: "plan",
    path: `/staff/plans/${RANDOM_UUID}`,
    staff: true,
    base: () => ({ intent: "propose", version: "1", sha: "x" }),
    lines: ["sha"],
  },
  { name: "new plan", path: "/staff/clients/:clientId/plans/new", staff: true, base: () => ({ intent: "save" }), lines: ["intent"] },
];

/** Every hostile variant of a form: [field, label, fields]. */
function variants(f: FormCase): [string, string, Record<string, string>][] {
  const out: [string, string, Record<string, string>][] = [];
  for (const field of f.lines ?? [])
    for (const kind of LINE_KINDS) out.push([field, `${field} ${kind}`, { ...f.base(), [field]: hostile(kind) }]);
  for (const field of f.texts ?? [])
    for (const kind of TEXT_KINDS) out.push([field, `${field} ${kind}`, { ...f.base(), [field]: hostile(kind, f.longLength?.[field]) }]);
  for (const field of f.dates ?? []) for (const date of ABSURD_DATES) out.push([field, `${field} ${date}`, { ...f.base(), [field]: date }]);
  for (const field of f.instants ?? []) for (const at of ABSURD_INSTANTS) out.push([field, `${field} ${at}`, { ...f.base(), [field]: at }]);
  return out;
}

describe("every form refuses every hostile value", () => {
  it.each(FORMS.map((f) => [f.name, f] as const))("%s", async (_name, f) => {
    const failures: string[] = [];
    for (const [field, label, form] of variants(f)) {
      const a = await send("POST", resolvePath(f.path), { form, cookie: f.staff ? owner : undefined });
      const refused = a.status >= 400 && a.status < 500;
      if (!refused && !(a.status < 500 && f.accept?.ok(a, field))) failures.push(`${label}: ${describeAnswer(a)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

describe("the client portal refuses every hostile value", () => {
  let client = "";

  beforeAll(async () => {
    // The existing client signs in with the link the portal e-mails them.
    const asked = await send("POST", "/portal/login", { form: { email: EXISTING.email } });
    expect(asked.status, describeAnswer(asked)).toBeLessThan(400);
    const link = await linkFromOutbox(s.server.dataDir, EXISTING.email, /\/portal\/verify\?token=[A-Za-z0-9_-]+/);
    const token = new URL(link, s.url).searchParams.get("token")!;
    markSensitive(token);
    const res = await fetch(`${s.url}/portal/verify`, {
      method: "POST",
      headers: { Origin: s.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }),
      redirect: "manual",
    });
    client = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");
    expect((await send("GET", "/portal", { cookie: client })).status).toBe(200);
  });

  it.each([
    ["a correction request", "/portal/record", () => ({ body: "Please correct my date of birth on the record." }), [], ["body"]],
    ["confirming an appointment", "/portal?index", () => ({ intent: "confirm", appointmentId: ids.appointmentId }), ["appointmentId"], []],
    [
      "opening an appointment",
      "/portal?index",
      () => ({ intent: "manage", appointmentId: ids.appointmentId }),
      ["appointmentId", "intent"],
      [],
    ],
    ["the language", "/portal", () => ({ intent: "language", locale: "fr", returnTo: "/portal" }), ["locale", "returnTo"], []],
    [
      "signing a plan",
      `/portal/plans/${RANDOM_UUID}`,
      () => ({ signedName: "Rowan Keepsake", consent: "on", version: "1", sha: "x" }),
      ["signedName", "sha"],
      [],
    ],
    [
      "signing a consent",
      "/portal/consent",
      () => ({ intent: "sign-procedure", signedName: "Rowan Keepsake", agree: "on", sha: "x" }),
      ["intent", "signedName", "sha"],
      [],
    ],
    ["the intake", "/portal/intake", () => ({ step: "", go: "next" }), ["step", "go", "screeningId", "prefilled", "carried"], []],
    [
      "agreeing to texts",
      "/portal/texts",
      () => ({ intent: "agree", mobile: "519 555 0147", agree: "yes" }),
      ["intent", "mobile", "agree"],
      [],
    ],
    [
      "a check-in after a session",
      `/portal/checkin/${RANDOM_UUID}/1`,
      () => ({
        redness: "mild",
        swelling: "none",
        swellingWorse: "no",
        eyesOrBreathing: "no",
        pain: "none",
        painWorse: "no",
        infection: "no",
        fever: "no",
        bumps: "no",
        crusting: "none",
        coldSore: "no",
        note: "",
      }),
      QUESTION_ORDER.filter((q) => q !== "note"),
      ["note"],
    ],
  ] as const)("%s", async (_label, path, base, lines, texts) => {
    const failures: string[] = [];
    const cases: [string, Record<string, string>][] = [];
    for (const field of lines) for (const kind of LINE_KINDS) cases.push([`${field} ${kind}`, { ...base(), [field]: hostile(kind) }]);
    for (const field of texts) for (const kind of TEXT_KINDS) cases.push([`${field} ${kind}`, { ...base(), [field]: hostile(kind) }]);
    for (const [label, form] of cases) {
      const a = await send("POST", path, { form, cookie: client });
      // Where to go back to is only ever a portal page: anything else sends the client home.
      const home = label.startsWith("returnTo") && a.status === 303 && a.location === "/portal";
      if ((a.status < 400 || a.status >= 500) && !home) failures.push(`${label}: ${describeAnswer(a)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

s.describeAfterEverything();
