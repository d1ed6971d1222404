// Treatment plans against the database: limits refused with their rule and
// nothing written, versions, the client's signature, access and audit,
// encryption at rest, photos, and booking the series from an accepted plan.
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/open.ts";
import { appointments, auditEvents, clients, outboxMessages } from "../db/schema.ts";
import { cleanPhoto } from "../plans/photos.ts";
import { bookSeries, seriesPage } from "../plans/series-booking.ts";
import { addGlide, addNumbingProduct, addProduct, getPlanSettings, setDepthLimit, setNumbingMaximum } from "../plans/settings.ts";
import type { PlanDraft } from "../plans/types.ts";
import { getAvailability } from "../scheduling/availability.ts";
import { PlanWindowError } from "../scheduling/errors.ts";
import { rescheduleBooking } from "../scheduling/manage-booking.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { addDays, localDateTimeToEpoch, todayIn } from "../scheduling/time.ts";
import { ForbiddenError } from "../auth/roles.ts";
import { clientOwnRecord, HealthAccessDeniedError, HealthRecordNotFoundError, toFhirBundle, toJsonExport } from "./health-record.ts";
import {
  acceptPlan,
  addSkinPhoto,
  clientPlan,
  clientPlans,
  contentSha256,
  createPlan,
  listPlansForStaff,
  PlanChangedError,
  PlanRefusedError,
  proposePlan,
  savePlan,
  viewPlanForStaff,
  viewSkinPhoto,
} from "./plan-record.ts";
import { treatmentPlanVersions } from "./health-tables.ts";
import { screenClient } from "./screening-test-fixtures.ts";
import { addAppointment, addStaff, type TestStaff } from "./test-fixtures.ts";

let f: ClinicFixture;
let owner: TestStaff;
let practitioner: TestStaff;
let outsider: TestStaff;
let desk: TestStaff;
let productId: string;
let numbingProductId: string;
let glideId: string;
const NOW = Date.now();

beforeAll(async () => {
  f = await createClinicFixture();
  const org = f.clinic.organizationId;
  owner = await addStaff(f.database.db, { organizationId: org, role: "owner" });
  practitioner = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[0]!.id });
  outsider = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[1]!.id });
  desk = await addStaff(f.database.db, { organizationId: org, role: "front-desk" });
  const settings = await getPlanSettings(f.database.db, { staff: owner });
  productId = settings.products[0]!.id;
  // The demo clinic's numbing cream and sterile single-use glide (src/db/demo.ts).
  numbingProductId = settings.numbingProducts[0]!.id;
  glideId = settings.glides.find((g) => g.sterile && g.singleUse)!.id;
}, 60_000);

afterAll(async () => {
  await f?.database.close();
});

let emailCounter = 0;
/** A screened client in the practitioner's care (a past consultation with them). */
async function careClient(intake: Record<string, unknown> = {}) {
  const today = todayIn(f.clinic.location.timeZone, NOW);
  const { clientId } = await screenClient(f.database.db, f.keyRing, {
    organizationId: f.clinic.organizationId,
    email: `plan-${++emailCounter}-${NOW}@example.test`,
    name: `Plan Client ${emailCounter}`,
    intake,
    asOf: today,
    now: NOW,
  });
  await addAppointment(f, { clientId, practitionerId: f.practitioners[0]!.id, daysFromNow: -3 - emailCounter, status: "completed" });
  return clientId;
}

function draft(overrides: Partial<PlanDraft> = {}): PlanDraft {
  const d = baseDraft(overrides);
  // Unless a test says otherwise, the numbing cream goes on every area of the plan.
  if (!("numbing" in overrides)) d.numbing = { productId: numbingProductId, zones: d.zones.map((z) => z.zone), overMaximumReason: "" };
  return d;
}

function baseDraft(overrides: Partial<PlanDraft>): PlanDraft {
  return {
    assessment: {
      fitzpatrick: 2,
      fitzpatrickFromIntake: 2,
      glogau: 2,
      concerns: [{ zone: "cheek-left", note: "Rolling scars" }],
      notes: "Even tone.",
    },
    zones: [
      { zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
      { zone: "cheek-right", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
    ],
    serviceId: f.services["microneedling-face"]!.id,
    practitionerId: f.practitioners[0]!.id,
    sessions: 3,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    numbingCream: true,
    numbing: { productId: numbingProductId, zones: ["cheek-left", "cheek-right"], overMaximumReason: "" },
    glideId,
    productIds: [productId],
    pricePerSessionCents: 29900,
    packagePriceCents: 79900,
    currency: "CAD",
    noteToClient: "We start gently and go deeper as your skin tells us.",
    ...overrides,
  };
}

/** Offers the latest version as the practitioner saw it (the offer carries the hash of what they looked at). */
async function offer(planId: string, version: number, notify?: { baseUrl: string }) {
  const { plan } = await viewPlanForStaff(f.database.db, { staff: practitioner, keyRing: f.keyRing, planId });
  await proposePlan(f.database.db, {
    staff: practitioner,
    keyRing: f.keyRing,
    planId,
    version,
    contentSha256: plan.open!.contentSha256,
    notify,
  });
}

async function acceptedPlan(overrides: Partial<PlanDraft> = {}, intake: Record<string, unknown> = {}) {
  const clientId = await careClient(intake);
  const db = f.database.db;
  const d = draft(overrides);
  const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d });
  await offer(planId, 1);
  const sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
  await acceptPlan(db, {
    client: { organizationId: f.clinic.organizationId, clientId },
    keyRing: f.keyRing,
    planId,
    version: 1,
    contentSha256: sha,
    signedName: "Plan Client",
    consent: true,
    ip: null,
  });
  return { planId, clientId };
}

async function clientEmail(clientId: string): Promise<string> {
  const [row] = await f.database.db.select({ email: clients.email }).from(clients).where(eq(clients.id, clientId));
  return row!.email;
}

async function auditCount(action: string): Promise<number> {
  const rows = await f.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  return rows.length;
}

describe("plans: limits", () => {
  it("refuses a periorbital depth above 0.3 mm with its rule and writes nothing", async () => {
    const clientId = await careClient();
    const before = await listPlansForStaff(f.database.db, { staff: practitioner, clientId });
    const bad = draft({ zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.35 }] });
    const error = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: bad }).catch((e) => e);
    expect(error).toBeInstanceOf(PlanRefusedError);
    expect((error as PlanRefusedError).violations).toContainEqual(
      expect.objectContaining({ rule: "depth.zone-maximum", field: "zones.0.depthMaxMm" }),
    );
    expect(await listPlansForStaff(f.database.db, { staff: practitioner, clientId })).toEqual(before);
    const ok = draft({
      zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.3 }],
      intervalMinDays: 28,
    });
    await expect(createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: ok })).resolves.toMatchObject({
      version: 1,
    });
  });

  it("refuses an interval below the indication's minimum, a product not on the list, and numbing with an anaesthetic allergy", async () => {
    const clientId = await careClient({ conditions: ["anaesthetic-allergy"] });
    const error = await createPlan(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      draft: draft({ intervalMinDays: 13, productIds: ["00000000-0000-4000-8000-000000000000"], numbingCream: true }),
    }).catch((e) => e);
    const rules = (error as PlanRefusedError).violations.map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(["interval.minimum", "product.not-approved", "numbing.anaesthetic-allergy"]));
  });

  it("follows the clinic's depth maximum, which is audited", async () => {
    const clientId = await careClient();
    await setDepthLimit(f.database.db, {
      staff: owner,
      zone: "cheek-right",
      maxMm: "0.8",
      reason: "Our practitioners stay shallow on cheeks.",
    });
    expect(await auditCount("plan-depth-limit.change")).toBeGreaterThan(0);
    const error = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() }).catch((e) => e);
    expect((error as PlanRefusedError).violations).toContainEqual(
      expect.objectContaining({ rule: "depth.zone-maximum", field: "zones.1.depthMaxMm" }),
    );
    await setDepthLimit(f.database.db, { staff: owner, zone: "cheek-right", maxMm: "", reason: "Back to the default for cheeks." });
    await expect(
      setDepthLimit(f.database.db, { staff: practitioner, zone: "cheek-right", maxMm: "0.5", reason: "Not my call to make." }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      setDepthLimit(f.database.db, { staff: owner, zone: "periorbital-left", maxMm: "0.6", reason: "Deeper than the ceiling." }),
    ).rejects.toThrow(/depth.absolute-ceiling/);
  });
});

describe("plans: versions, signature and access", () => {
  it("edits a draft in place, proposes, is signed by the client, and a later change is a new version", async () => {
    const clientId = await careClient();
    const db = f.database.db;
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    let { plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId });
    const changed = draft({ sessions: 4 });
    await savePlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      planId,
      draft: changed,
      basedOn: { version: 1, contentSha256: plan.open!.contentSha256 },
    });
    // Someone working from the old content is refused rather than overwriting.
    await expect(
      savePlan(db, {
        staff: practitioner,
        keyRing: f.keyRing,
        planId,
        draft: draft(),
        basedOn: { version: 1, contentSha256: plan.open!.contentSha256 },
      }),
    ).rejects.toBeInstanceOf(PlanChangedError);
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.versions).toHaveLength(1);
    expect(plan.open!.draft!.sessions).toBe(4);

    // The client sees nothing until it is proposed.
    const client = { organizationId: f.clinic.organizationId, clientId };
    expect(await clientPlans(db, { client, keyRing: f.keyRing })).toEqual([]);
    await offer(planId, 1, { baseUrl: "https://spa.example" });
    const [offered] = await clientPlans(db, { client, keyRing: f.keyRing });
    // The client is told where to read it, and nothing of what it says.
    const [mail] = await db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "plan-ready"), eq(outboxMessages.toAddress, await clientEmail(clientId))));
    expect(mail!.bodyText).toContain("https://spa.example/portal/login");
    for (const word of ["cheek", "acne", "scar", "mm", "gently", "Rolling"])
      expect(`${mail!.subject}\n${mail!.bodyText}\n${mail!.bodyHtml}`.toLowerCase()).not.toContain(word.toLowerCase());
    expect(offered!.open!.status).toBe("proposed");

    // A signature on content other than what is stored is refused.
    await expect(
      acceptPlan(db, {
        client,
        keyRing: f.keyRing,
        planId,
        version: 1,
        contentSha256: "0".repeat(64),
        signedName: "Plan Client",
        consent: true,
        ip: "203.0.113.9",
      }),
    ).rejects.toBeInstanceOf(PlanChangedError);
    await expect(
      acceptPlan(db, {
        client,
        keyRing: f.keyRing,
        planId,
        version: 1,
        contentSha256: offered!.open!.contentSha256,
        signedName: " ",
        consent: false,
        ip: null,
      }),
    ).rejects.toThrow(/Type your full name/);
    // Another client cannot sign it.
    const stranger = { organizationId: f.clinic.organizationId, clientId: await careClient() };
    await expect(
      acceptPlan(db, {
        client: stranger,
        keyRing: f.keyRing,
        planId,
        version: 1,
        contentSha256: offered!.open!.contentSha256,
        signedName: "Someone Else",
        consent: true,
        ip: null,
      }),
    ).rejects.toBeInstanceOf(HealthRecordNotFoundError);

    await acceptPlan(db, {
      client,
      keyRing: f.keyRing,
      planId,
      version: 1,
      contentSha256: offered!.open!.contentSha256,
      signedName: "Plan Client",
      consent: true,
      ip: "203.0.113.9",
      now: NOW,
    });
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.accepted!.acceptance).toMatchObject({
      signedName: "Plan Client",
      ip: "203.0.113.9",
      contentSha256: offered!.open!.contentSha256,
    });
    // The stored content names the products as the list had them, and the hash covers that too.
    expect(plan.accepted!.draft!.products).toEqual([expect.objectContaining({ id: productId })]);
    expect(contentSha256(plan.accepted!.draft!)).toBe(plan.accepted!.contentSha256);
    expect(plan.package).toEqual({ total: 4, completed: 0, booked: 0, left: 4 });

    // A change after acceptance is version 2; version 1 stays in force until version 2 is signed.
    const v2 = draft({ sessions: 5 });
    await savePlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      planId,
      draft: v2,
      basedOn: { version: 1, contentSha256: plan.accepted!.contentSha256 },
    });
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "draft"],
      [1, "accepted"],
    ]);
    await offer(planId, 2);
    const v2sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
    await acceptPlan(db, {
      client,
      keyRing: f.keyRing,
      planId,
      version: 2,
      contentSha256: v2sha,
      signedName: "Plan Client",
      consent: true,
      ip: null,
    });
    const mine = await clientPlan(db, { client, keyRing: f.keyRing, planId });
    // The client's record and its exports carry every version offered to them, with the signatures.
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    const exported = toJsonExport(record, "Spa").treatmentPlans.find((p) => p.id === planId)!;
    expect(exported.versions.map((v) => [v.version, v.status, v.signature?.signedName ?? null])).toEqual([
      [2, "accepted", "Plan Client"],
      [1, "superseded", "Plan Client"],
    ]);
    const carePlan = toFhirBundle(record, "Spa").entry.find((e) => e.resource.resourceType === "CarePlan" && e.resource.id === planId);
    expect(carePlan!.resource).toMatchObject({ status: "active", intent: "plan" });
    expect(mine.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "accepted"],
      [1, "superseded"],
    ]);

    // Stored encrypted: the note to the client is nowhere in the table in clear.
    const raw = rowsOf<{ c: string }>(
      await db.execute(sql`SELECT content_encrypted AS c FROM treatment_plan_versions WHERE plan_id = ${planId}`),
    );
    expect(raw.every((r) => r.c.startsWith("v1:") && !r.c.includes("gently"))).toBe(true);
    // The acceptance row cannot be changed afterwards.
    await expect(db.execute(sql`UPDATE treatment_plan_acceptances SET signed_name = 'Forged' WHERE plan_id = ${planId}`)).rejects.toThrow();
  });

  it("refuses a practitioner outside the care team and the front desk, and audits the attempts", async () => {
    const clientId = await careClient();
    const { planId } = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    const denied = await auditCount("health-record.denied");
    await expect(viewPlanForStaff(f.database.db, { staff: outsider, keyRing: f.keyRing, planId })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    await expect(viewPlanForStaff(f.database.db, { staff: desk, keyRing: f.keyRing, planId })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    await expect(createPlan(f.database.db, { staff: desk, keyRing: f.keyRing, clientId, draft: draft() })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    expect(await auditCount("health-record.denied")).toBe(denied + 3);
  });

  it("stores photos without metadata, encrypted, and audits every view", async () => {
    const clientId = await careClient();
    const { planId } = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    const input = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#d9a" } })
      .jpeg()
      .withExifMerge({ IFD0: { Make: "PhoneMaker" } })
      .toBuffer();
    const clean = await cleanPhoto(input);
    const { id } = await addSkinPhoto(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      planId,
      ...clean,
      caption: "Left cheek, before",
    });
    const views = await auditCount("health-record.view");
    const { jpeg } = await viewSkinPhoto(f.database.db, { staff: practitioner, keyRing: f.keyRing, photoId: id });
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined();
    expect(await auditCount("health-record.view")).toBe(views + 1);
    await expect(viewSkinPhoto(f.database.db, { staff: outsider, keyRing: f.keyRing, photoId: id })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
  });
});

describe("plans: the series", () => {
  it("proposes every session inside its window and books them all in one go; the package counts them", async () => {
    const { planId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const page = await seriesPage(f.database.db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: NOW });
    expect(page.proposal!.complete).toBe(true);
    const placed = page.proposal!.sessions.map((s) => (s.status === "unplaced" ? null : s.slot));
    expect(placed.every(Boolean)).toBe(true);
    const outbox = (await f.database.db.select().from(outboxMessages)).length;
    // The desk books; a practitioner may not (schedule.edit).
    const choices = placed.map((slot, i) => ({ session: i + 1, start: slot!.start, practitionerId: slot!.practitionerId }));
    await expect(
      bookSeries(f.database.db, {
        staff: practitioner,
        clinic: f.clinic,
        keyRing: f.keyRing,
        planId,
        choices,
        now: NOW,
        baseUrl: "http://x",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const result = await bookSeries(f.database.db, {
      staff: desk,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      choices,
      now: NOW,
      baseUrl: "http://x",
    });
    expect(result).toEqual({ booked: 3, moved: 0 });
    const rows = await f.database.db.select().from(appointments).where(eq(appointments.planId, planId));
    expect(rows.map((r) => r.planSession).sort()).toEqual([1, 2, 3]);
    expect((await f.database.db.select().from(outboxMessages)).length).toBe(outbox + 3);
    const { plan } = await viewPlanForStaff(f.database.db, { staff: practitioner, keyRing: f.keyRing, planId });
    expect(plan.package).toEqual({ total: 3, completed: 0, booked: 3, left: 0 });
  });

  it("moving a session re-flows the later ones; outside its window it needs a reason; a conflict books nothing", async () => {
    const { planId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const db = f.database.db;
    const first = await seriesPage(db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: NOW });
    const s = first.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot!));
    const tz = f.clinic.location.timeZone;
    const day2 = addDays(todayIn(tz, s[1]!.start), 7);
    // Move session 2 a week later, at 10:00 on a weekday the practitioner works.
    let date = day2;
    while (![1, 2, 3, 4, 5].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
    const moved = await seriesPage(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      now: NOW,
      move: { session: 2, date, time: "10:00", practitionerId: f.practitioners[0]!.id },
    });
    const m = moved.proposal!.sessions;
    expect(m[1]!.status).toBe("fixed");
    expect(m[2]!.status).toBe("proposed");
    const third = m[2]!.status === "unplaced" ? null : m[2]!.slot;
    expect(third!.start).toBeGreaterThan(s[2]!.start);

    const s2 = localDateTimeToEpoch(date, "10:00", tz)!;
    const at = (days: number) => localDateTimeToEpoch(addDays(date, days), "10:00", tz)!;
    const choices = [
      { session: 1, start: s[0]!.start, practitionerId: s[0]!.practitionerId },
      { session: 2, start: s2, practitionerId: f.practitioners[0]!.id },
      { session: 3, start: at(50), practitionerId: f.practitioners[0]!.id },
    ];
    const attempt = (c: { session: number; start: number; practitionerId: string; outsideWindowReason?: string }[], allowPartial = false) =>
      bookSeries(db, {
        staff: owner,
        clinic: f.clinic,
        keyRing: f.keyRing,
        planId,
        choices: c,
        allowPartial,
        now: NOW,
        baseUrl: "http://x",
      }).then(
        () => ({ errors: {} as Record<string, string> }),
        (e: { errors: Record<string, string> }) => e,
      );
    // Beyond the window (50 days after session 2, the plan allows 28–42): only with a reason.
    expect((await attempt(choices)).errors["reason-3"]).toMatch(/interval.window/);
    // Closer than the minimum: refused even with a reason; so is a session before the one it follows.
    const reason = "Client away for three weeks in the spring";
    const soon = await attempt([choices[0]!, choices[1]!, { ...choices[2]!, start: at(7), outsideWindowReason: reason }]);
    expect(soon.errors["session-3"]).toMatch(/at least 28 .*interval.minimum/);
    const before = await attempt([choices[0]!, choices[1]!, { ...choices[2]!, start: at(-3), outsideWindowReason: reason }]);
    expect(before.errors["session-3"]).toMatch(/interval.order/);
    // Sessions 1 and 3 with none between: two intervals, so at least 56 days.
    const skipped = await attempt([choices[0]!, { ...choices[2]!, start: s[0]!.start + 2 * 86_400_000 }], true);
    expect(skipped.errors["session-3"]).toMatch(/interval.minimum/);
    // Leaving a session out needs the person's say-so.
    expect((await attempt([choices[0]!, choices[1]!])).errors["confirmPartial"]).toMatch(/Session 3 has no time/);
    expect(await db.select().from(appointments).where(eq(appointments.planId, planId))).toEqual([]);

    // A conflict in session 3's time: nothing at all is booked.
    const blocker = await addAppointment(f, {
      clientId: (await careClient()).toString(),
      practitionerId: f.practitioners[0]!.id,
      daysFromNow: 0,
    });
    await db
      .update(appointments)
      .set({
        startsAt: new Date(third!.start),
        endsAt: new Date(third!.end),
        blockedFrom: new Date(third!.start),
        blockedUntil: new Date(third!.end),
      })
      .where(eq(appointments.id, blocker.id));
    const conflict = await bookSeries(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      choices: [choices[0]!, choices[1]!, { session: 3, start: third!.start, practitionerId: third!.practitionerId }],
      now: NOW,
      baseUrl: "http://x",
    }).catch((e) => e);
    expect(Object.keys(conflict.errors)).toContain("session-3");
    expect(await db.select().from(appointments).where(eq(appointments.planId, planId))).toEqual([]);
  });

  it("starts no earlier than the client's screening allows", async () => {
    const tz = f.clinic.location.timeZone;
    const today = todayIn(tz, NOW);
    // Stopped isotretinoin three months ago: treatment from six months after stopping.
    const stopped = addDays(today, -90);
    const { planId } = await acceptedPlan({}, { medications: { isotretinoin: { status: "stopped", stoppedOn: stopped } } });
    const page = await seriesPage(f.database.db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: NOW });
    expect("earliestDate" in page.eligibility).toBe(true);
    const earliest = (page.eligibility as { earliestDate: string }).earliestDate;
    expect(earliest > today).toBe(true);
    for (const s of page.proposal!.sessions) if (s.status !== "unplaced") expect(todayIn(tz, s.slot.start) >= earliest).toBe(true);
    const [row] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "treatment-plan.accept")))
      .limit(1);
    expect(row).toBeDefined();
  });
});

describe("plans: what is offered is what is signed, and stays safe", () => {
  it("offers only the content the practitioner looked at, with the Fitzpatrick type confirmed, and fixes the client's words in the hash", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const unconfirmed = draft({ assessment: { fitzpatrick: null, fitzpatrickFromIntake: null, glogau: null, concerns: [], notes: "" } });
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: unconfirmed });
    const refused = (await offer(planId, 1).catch((e: unknown) => e)) as PlanRefusedError;
    expect(refused.violations.map((v) => v.rule)).toEqual(["assessment.fitzpatrick-unconfirmed"]);

    const { plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId });
    const looked = plan.open!.contentSha256;
    await savePlan(db, { staff: practitioner, keyRing: f.keyRing, planId, draft: draft(), basedOn: { version: 1, contentSha256: looked } });
    // Offering what someone saw before the last save is refused.
    await expect(
      proposePlan(db, { staff: practitioner, keyRing: f.keyRing, planId, version: 1, contentSha256: looked }),
    ).rejects.toBeInstanceOf(PlanChangedError);
    await offer(planId, 1);
    const offered = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    expect(offered.draft!.clientCopy).toMatchObject({
      practitionerName: f.practitioners[0]!.name,
      zones: [{ label: "Cheek, left" }, { label: "Cheek, right" }],
    });
    expect(offered.draft!.clientCopy!.aftercare.length).toBeGreaterThan(0);
    // The fingerprint covers the words the client reads.
    expect(contentSha256(offered.draft!)).toBe(offered.contentSha256);
    expect(contentSha256({ ...offered.draft!, clientCopy: { ...offered.draft!.clientCopy!, price: "Free" } })).not.toBe(
      offered.contentSha256,
    );
  });

  it("refuses a signature when the client's screening has since ruled part of the plan out", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft({ numbingCream: true }) });
    await offer(planId, 1);
    const sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
    // A new intake records an allergy to local anaesthetics.
    await screenClient(db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: await clientEmail(clientId),
      intake: { conditions: ["anaesthetic-allergy"] },
      asOf: todayIn(f.clinic.location.timeZone, NOW),
      now: NOW + 1000,
    });
    const client = { organizationId: f.clinic.organizationId, clientId };
    await expect(
      acceptPlan(db, {
        client,
        keyRing: f.keyRing,
        planId,
        version: 1,
        contentSha256: sha,
        signedName: "Plan Client",
        consent: true,
        ip: null,
      }),
    ).rejects.toThrow(/practitioner needs to look at it again/);
    expect((await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.accepted).toBeNull();
  });

  it("keeps a booked session inside its window when it is moved on its own", async () => {
    const db = f.database.db;
    const { planId } = await acceptedPlan({ sessions: 2, practitionerId: f.practitioners[0]!.id });
    const page = await seriesPage(db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: NOW });
    const slots = page.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot)!);
    await bookSeries(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      choices: slots.map((slot, i) => ({ session: i + 1, start: slot.start, practitionerId: slot.practitionerId })),
      now: NOW,
      baseUrl: "http://x",
    });
    const [second] = await db
      .select()
      .from(appointments)
      .where(and(eq(appointments.planId, planId), eq(appointments.planSession, 2)));
    // Five days after session 1: refused, whoever moves it (here the desk's own move on the appointment page).
    const service = f.services["microneedling-face"]!;
    const free = await getAvailability(db, {
      clinic: f.clinic,
      service,
      practitionerId: f.practitioners[0]!.id,
      from: addDays(todayIn(f.clinic.location.timeZone, slots[0]!.start), 5),
      to: addDays(todayIn(f.clinic.location.timeZone, slots[0]!.start), 9),
      now: NOW,
    });
    const move = (start: number) =>
      rescheduleBooking(db, {
        clinic: f.clinic,
        id: second!.id,
        access: { staff: { role: "owner" } },
        start,
        now: NOW,
        actor: { type: "staff", id: owner.userId },
        baseUrl: "http://x",
        keyRing: f.keyRing,
      });
    await expect(move(free[0]!.start)).rejects.toBeInstanceOf(PlanWindowError);
    const [still] = await db.select().from(appointments).where(eq(appointments.id, second!.id));
    expect(still!.startsAt.getTime()).toBe(second!.startsAt.getTime());
  });
});

describe("plans: after the first sessions", () => {
  it("keeps an offered plan offered when it is saved unchanged", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    await offer(planId, 1);
    const open = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    // The editor posts the content without the client's words; nothing changed, so nothing happens.
    const { clientCopy: _copy, ...asEdited } = open.draft!;
    const r = await savePlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      planId,
      draft: asEdited,
      basedOn: { version: 1, contentSha256: open.contentSha256 },
    });
    expect(r).toEqual({ version: 1, changed: false });
    expect((await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.status).toBe("proposed");
  });

  it("books the rest of a series once its first session has taken place", async () => {
    const db = f.database.db;
    const { planId, clientId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const page = await seriesPage(db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: NOW });
    const slots = page.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot)!);
    await bookSeries(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      choices: [{ session: 1, start: slots[0]!.start, practitionerId: slots[0]!.practitionerId }],
      allowPartial: true,
      now: NOW,
      baseUrl: "http://x",
    });
    // A month and a day later session 1 is done; the page posts it back as it is, with the two still to book.
    const later = slots[0]!.start + 31 * 86_400_000;
    await db
      .update(appointments)
      .set({ status: "completed" })
      .where(and(eq(appointments.planId, planId), eq(appointments.planSession, 1)));
    // The day-of check at that session screened the client again, so the screening is current.
    await screenClient(db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: await clientEmail(clientId),
      asOf: todayIn(f.clinic.location.timeZone, later),
      now: later,
    });
    const next = await seriesPage(db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now: later });
    const rest = next.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot)!);
    const result = await bookSeries(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      choices: rest.map((slot, i) => ({ session: i + 1, start: slot.start, practitionerId: slot.practitionerId })),
      now: later,
      baseUrl: "http://x",
    });
    expect(result).toEqual({ booked: 2, moved: 0 });
  });
});

describe("plans: numbing cream and the glide on the skin", () => {
  it("keeps the clinic's numbing creams, glides and numbing maximum as owner settings, each change audited", async () => {
    const db = f.database.db;
    await expect(
      addGlide(db, { staff: practitioner, input: { name: "Any glide", sterile: true, singleUse: true } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setNumbingMaximum(db, { staff: desk, maxCm2: "800", reason: "We numb face and neck" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(addNumbingProduct(db, { staff: owner, input: { name: "Mystery cream", agent: "strong" } })).rejects.toThrow();
    const { id } = await addNumbingProduct(db, { staff: owner, input: { name: "Topical lidocaine 5 %", agent: "lidocaine 5 %" } });
    const settings = await getPlanSettings(db, { staff: desk });
    expect(settings.numbingProducts.find((p) => p.id === id)).toMatchObject({ agent: "lidocaine 5 %", active: true });
    expect(settings.numbingMaximum).toMatchObject({ defaultCm2: 400, clinicCm2: null });
    expect(settings.numbingMaximum.zoneAreas.find((z) => z.zone === "forehead")?.cm2).toBe(90);
    const audited = rowsOf<{ action: string }>(
      await db.execute(sql`SELECT action FROM audit_events WHERE entity_id = ${id} AND action = 'plan-numbing-product.add'`),
    );
    expect(audited).toHaveLength(1);
  });

  it("refuses numbing cream without its agent, and over the clinic's maximum area without a reason; saves and shows the reason", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const refusal = (d: PlanDraft) =>
      createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d }).then(
        () => [],
        (e: PlanRefusedError) => e.violations.map((v) => `${v.field}:${v.rule}`),
      );
    expect(await refusal(draft({ numbing: null }))).toEqual(["numbing.productId:numbing.agent-required"]);
    expect(await refusal(draft({ numbing: undefined }))).toEqual(["numbing.productId:numbing.agent-required"]);
    // The clinic numbs at most 150 cm² at once; both cheeks are about 160 cm².
    await setNumbingMaximum(db, { staff: owner, maxCm2: "150", reason: "Small areas only while we audit our numbing" });
    const big = (overMaximumReason: string) =>
      draft({ numbing: { productId: numbingProductId, zones: ["cheek-left", "cheek-right"], overMaximumReason } });
    expect(await refusal(big(""))).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
    expect(await refusal(big("short"))).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
    const reason = "Both cheeks at once: the client could not tolerate a second application.";
    const withReason = big(reason);
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: withReason });
    const stored = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    expect(stored.numbing?.overMaximumReason).toBe(reason);
    expect(stored.numbingDetail).toMatchObject({ areaCm2: 160, maxAreaCm2: 150, product: { agent: "lidocaine 4 %" } });
    await offer(planId, 1);
    const offered = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    expect(offered.clientCopy?.numbing).toContain(reason);
    expect(offered.clientCopy?.numbing).toContain("not covered or wrapped");
    expect(offered.clientCopy?.glide).toContain("sterile, single-use");
    const audited = rowsOf<{ details: { after: { maxAreaCm2: number } } }>(
      await db.execute(sql`SELECT details FROM audit_events WHERE action = 'plan-numbing-maximum.change' ORDER BY id DESC LIMIT 1`),
    );
    expect(audited[0]?.details.after.maxAreaCm2).toBe(150);
    await setNumbingMaximum(db, { staff: owner, maxCm2: "", reason: "Back to the default for the other tests" });
  });

  it("refuses a glide not on the list, or not marked sterile and single-use; an anaesthetic allergy still refuses numbing", async () => {
    const db = f.database.db;
    const { id: jar } = await addGlide(db, { staff: owner, input: { name: "Vitamin C serum, jar", sterile: false, singleUse: false } });
    const { id: vial } = await addGlide(db, {
      staff: owner,
      input: { name: "Sterile serum, multi-dose vial", sterile: true, singleUse: false },
    });
    const clientId = await careClient({ conditions: ["anaesthetic-allergy"] });
    const rules = (d: PlanDraft) =>
      createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d }).then(
        () => [],
        (e: PlanRefusedError) => e.violations.map((v) => v.rule),
      );
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: undefined }))).toEqual(["glide.required"]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: "00000000-0000-4000-8000-000000000000" }))).toEqual([
      "glide.not-approved",
    ]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: jar }))).toEqual(["glide.not-sterile"]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: vial }))).toEqual(["glide.not-sterile"]);
    expect(await rules(draft({ numbingCream: true }))).toEqual(["numbing.anaesthetic-allergy"]);
    const { planId } = await createPlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      draft: draft({ numbingCream: false, numbing: { productId: numbingProductId, zones: ["cheek-left"], overMaximumReason: "" } }),
    });
    const stored = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    // Without numbing cream, no numbing detail is kept; the glide is stored as it stood on the list.
    expect(stored.numbing).toBeNull();
    expect(stored.glide).toMatchObject({ id: glideId, sterile: true, singleUse: true });
  });

  it("reads and signs a plan offered before numbing detail and glides were recorded; a change to it needs them", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    await offer(planId, 1);
    // Rewrite the offered version as a version stored before migration 0013 would be: no numbing, numbingDetail, glideId or glide.
    const org = f.clinic.organizationId;
    const current = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    const { numbing: _n, numbingDetail: _d, glideId: _g, glide: _gl, ...old } = current;
    const { clientCopy, ...oldWithoutCopy } = old;
    const { numbing: _cn, glide: _cg, ...oldCopy } = clientCopy!;
    const legacy: PlanDraft = { ...oldWithoutCopy, clientCopy: oldCopy };
    const { canonicalJson } = await import("./plan-record.ts");
    const sha = contentSha256(legacy);
    await db
      .update(treatmentPlanVersions)
      .set({
        contentEncrypted: f.keyRing.encrypt(canonicalJson(legacy), `treatment_plan_versions.content_encrypted/${org}/${planId}/1`),
        contentSha256: sha,
      })
      .where(and(eq(treatmentPlanVersions.planId, planId), eq(treatmentPlanVersions.version, 1)));
    const read = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    expect(read.damaged).toBe(false);
    expect(read.draft!.glideId).toBeUndefined();
    await acceptPlan(db, {
      client: { organizationId: org, clientId },
      keyRing: f.keyRing,
      planId,
      version: 1,
      contentSha256: sha,
      signedName: "Plan Client",
      consent: true,
      ip: null,
    });
    const signed = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.accepted!;
    expect(signed.contentSha256).toBe(sha);
    // Editing it into a new draft asks for what it lacked.
    const { clientCopy: _c, ...edited } = signed.draft!;
    const error = await savePlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      planId,
      draft: { ...edited, sessions: 4 },
      basedOn: { version: 1, contentSha256: sha },
    }).catch((e) => e);
    expect((error as PlanRefusedError).violations.map((v) => v.rule)).toEqual(["numbing.agent-required", "glide.required"]);
  });
});
