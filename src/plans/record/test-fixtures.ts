// The clinic, staff and helpers the plan tests share: a screened client in a
// practitioner's care, a draft that keeps every limit, offering and signing.
// Each test file calls usePlanTestbed() at its top; its beforeAll gives that
// file a fresh clinic and fills the bindings below (ES modules export them
// live, so the test files read the values of their own run).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { auditEvents, clients } from "../../db/schema.ts";
import { screenClient } from "../../privacy/screening-test-fixtures.ts";
import type { ClientActor } from "../../privacy/access.ts";
import { addAppointment, addStaff, type TestStaff } from "../../privacy/test-fixtures.ts";
import { createClinicFixture, type ClinicFixture } from "../../scheduling/test-fixtures.ts";
import { todayIn } from "../../scheduling/time.ts";
import { getPlanSettings } from "../settings.ts";
import type { PlanDraft } from "../types.ts";
import { acceptPlan } from "./portal.ts";
import { proposePlan } from "./propose.ts";
import { viewPlanForStaff } from "./staff-view.ts";
import { createPlan, savePlan } from "./write.ts";

export let f: ClinicFixture;
export let owner: TestStaff;
export let practitioner: TestStaff;
export let outsider: TestStaff;
export let desk: TestStaff;
export let productId: string;
export let numbingProductId: string;
export let glideId: string;
/** The tests' "now": when the file's clinic was set up. */
export let NOW: number;

export function usePlanTestbed(): void {
  beforeAll(async () => {
    NOW = Date.now();
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
}

let emailCounter = 0;
/** A screened client in the practitioner's care (a past consultation with them). */
export async function careClient(intake: Record<string, unknown> = {}) {
  const today = todayIn(f.clinic.location.timeZone, NOW);
  const { clientId } = await screenClient(f.database.db, f.keyRing, {
    organizationId: f.clinic.organizationId,
    email: `plan-${++emailCounter}-${NOW}@example.test`,
    // The name the helpers below sign with: a signature must match the client's name.
    name: "Plan Client",
    intake,
    asOf: today,
    now: NOW,
  });
  // Its own day in the past, fixed by NOW: an hour counted from the clock could reach the sessions the file books ahead.
  const start = new Date(NOW - (3 + emailCounter) * 86_400_000);
  await addAppointment(f, { clientId, practitionerId: f.practitioners[0]!.id, start, status: "completed" });
  return clientId;
}

export function draft(overrides: Partial<PlanDraft> = {}): PlanDraft {
  const d = baseDraft(overrides);
  // Unless a test says otherwise, the numbing cream goes on every area of the plan.
  if (!("numbing" in overrides)) d.numbing = { productId: numbingProductId, zones: d.zones.map((z) => z.zone), overMaximumReason: "" };
  return d;
}

export function baseDraft(overrides: Partial<PlanDraft>): PlanDraft {
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
export async function offer(planId: string, version: number, notify?: { baseUrl: string }) {
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

/** The client signs a version of a plan: version 1, their name typed and the box ticked, unless `more` says otherwise. */
export function sign(client: ClientActor, planId: string, contentSha256: string, more: Partial<Parameters<typeof acceptPlan>[1]> = {}) {
  return acceptPlan(f.database.db, {
    client,
    keyRing: f.keyRing,
    planId,
    version: 1,
    contentSha256,
    signedName: "Plan Client",
    consent: true,
    ip: null,
    ...more,
  });
}

/** The practitioner saves a draft over the version they looked at. */
export function save(planId: string, draft: PlanDraft, basedOn: { version: number; contentSha256: string }) {
  return savePlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, planId, draft, basedOn });
}

export async function acceptedPlan(overrides: Partial<PlanDraft> = {}, intake: Record<string, unknown> = {}) {
  const clientId = await careClient(intake);
  const db = f.database.db;
  const d = draft(overrides);
  const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d });
  await offer(planId, 1);
  const sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
  await sign({ organizationId: f.clinic.organizationId, clientId }, planId, sha);
  return { planId, clientId };
}

export async function clientEmail(clientId: string): Promise<string> {
  const [row] = await f.database.db.select({ email: clients.email }).from(clients).where(eq(clients.id, clientId));
  return row!.email;
}

export async function auditCount(action: string): Promise<number> {
  const rows = await f.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  return rows.length;
}
