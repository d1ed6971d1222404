// The clinic the authorization suites question (authorization.test.ts, the
// permission table; authorization-health-record.test.ts, the health record):
// the in-process app (e2e/in-process.ts) with staff of every role signed in —
// owner, manager, a practitioner in the client's care team and one outside
// it, front desk — and a staff member of another organization; a client who
// booked through the public API and confirmed, and a plan they signed.
// Sessions are real better-auth sessions from the same sign-in functions the
// login page calls (two-factor codes for the roles that require them).
import { hashPassword } from "better-auth/crypto";
import { and, eq, ne } from "drizzle-orm";
import { STAFF_PASSWORD } from "../src/auth/test-fixtures.ts";
import {
  appointments,
  auditEvents,
  authAccounts,
  authUsers,
  clients,
  outboxMessages,
  practitioners,
  services,
  staffMembers,
} from "../src/db/schema.ts";
import sharp from "sharp";
import { signCurrentConsent } from "../src/consent/test-fixtures.ts";
import { cleanPhoto } from "../src/plans/photos.ts";
import { addSessionPhoto } from "../src/plans/record/session-photos.ts";
import { acceptPlan } from "../src/plans/record/portal.ts";
import { createPlan } from "../src/plans/record/write.ts";
import { proposePlan } from "../src/plans/record/propose.ts";
import { viewPlanForStaff } from "../src/plans/record/staff-view.ts";
import { addClient, addOrganization, addStaff as addStaffElsewhere } from "../src/privacy/test-fixtures.ts";
import { clinicDevices, planGlides, supplyLots } from "../src/plans/tables.ts";
import { confirmClientAppointments } from "../src/scheduling/confirm-appointments.ts";
import { book, daysAhead, freeSlots } from "./booking-api.ts";
import { enrolAndSignIn, type InProcessClinic } from "./in-process.ts";

export type Who = "anonymous" | "owner" | "manager" | "practitioner" | "other-practitioner" | "front-desk" | "other-organization";
export const WHO: readonly Who[] = [
  "anonymous",
  "owner",
  "manager",
  "practitioner",
  "other-practitioner",
  "front-desk",
  "other-organization",
];

export const CLIENT = { name: "Avery Authzcheck", email: "avery.authzcheck@example.test" };

export interface StaffedClinic {
  app: InProcessClinic;
  /** Each session's cookie ("anonymous" has none). */
  cookies: Map<Who, string>;
  /**
   * What a ":name" in a request's path stands for: practitionerId, serviceId, clientId, appointmentId, messageId, planId,
   * foreignClientId; deviceId, lotId and spareLotId (the demo's device and lots).
   */
  ids: Record<string, string>;
  userIds: Partial<Record<Who, string>>;
}

async function userIdFor(app: InProcessClinic, email: string): Promise<string> {
  const [row] = await app.f.database.db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, email));
  return row!.id;
}

/**
 * Fills the running app with the staff, the client and the plan above. The
 * caller started `app` and closes it, so a set-up that fails half-way leaves
 * nothing running.
 */
export async function staffTheClinic(app: InProcessClinic): Promise<StaffedClinic> {
  const { f, url, keyRing } = app;
  const { db } = f.database;
  const cookies = new Map<Who, string>();
  const ids: Record<string, string> = {};
  const userIds: Partial<Record<Who, string>> = {};

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
  userIds.owner = await userIdFor(app, f.ownerEmail);
  // The demo's owner also treats (linked to a practitioner). Here they are linked to a practitioner the client
  // never sees, so the "owner" row is an owner outside the client's care team, as the table below expects.
  const [otherPractitioner] = await db
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, f.organizationId), ne(practitioners.id, dana!.id)))
    .limit(1);
  await db.update(staffMembers).set({ practitionerId: otherPractitioner!.id }).where(eq(staffMembers.userId, userIds.owner));
  cookies.set("owner", await enrolAndSignIn(f, ctx, f.ownerEmail, "correct horse battery staple"));
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
  const [slot] = await freeSlots(url, { serviceId: service!.id, from: daysAhead(7), to: daysAhead(21), practitionerId: dana!.id });
  await book(url, { serviceId: service!.id, practitionerId: dana!.id, start: slot!.start, client: CLIENT });
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

  // A treatment of that plan with the care-team practitioner, started two days ago and not charted yet (the session chart's page).
  const treatmentStart = new Date(Date.now() - 2 * 86_400_000);
  const treatmentEnd = new Date(treatmentStart.getTime() + 60 * 60_000);
  const [treatment] = await db
    .insert(appointments)
    .values({
      organizationId: f.organizationId,
      locationId: appointment!.locationId,
      serviceId: face!.id,
      practitionerId: dana!.id,
      clientId: client!.id,
      status: "booked",
      startsAt: treatmentStart,
      endsAt: treatmentEnd,
      blockedFrom: treatmentStart,
      blockedUntil: treatmentEnd,
      source: "staff",
      clientConfirmedAt: treatmentStart,
      planId,
      planSession: 1,
      arrivedAt: treatmentStart,
      startedAt: treatmentStart,
    })
    .returning();
  ids.treatmentId = treatment!.id;

  // A session photo of that treatment (docs/photos.md), with the client's photo consent for their record: the photo route's id.
  await signCurrentConsent(db, {
    organizationId: f.organizationId,
    clientId: client!.id,
    name: CLIENT.name,
    kind: "photos",
    scopes: ["record"],
  });
  const photo = await sharp({ create: { width: 60, height: 80, channels: 3, background: "#c9a08c" } })
    .jpeg()
    .toBuffer();
  ids.sessionPhotoId = (
    await addSessionPhoto(db, {
      staff,
      keyRing,
      appointmentId: treatment!.id,
      zone: "forehead",
      view: "front",
      ...(await cleanPhoto(photo)),
    })
  ).id;

  // The demo clinic's device and lots (src/db/demo.ts): a cartridge lot for the recall search, the glide lot to take out of use.
  const [device] = await db.select().from(clinicDevices).where(eq(clinicDevices.organizationId, f.organizationId));
  ids.deviceId = device!.id;
  const lots = await db.select().from(supplyLots).where(eq(supplyLots.organizationId, f.organizationId));
  ids.lotId = lots.find((l) => l.kind === "cartridge")!.id;
  ids.spareLotId = lots.find((l) => l.kind === "glide")!.id;

  return { app, cookies, ids, userIds };
}

/** A path pattern ("/staff/clients/:clientId") with its ids filled in. */
export function resolvePath(clinic: StaffedClinic, pattern: string): string {
  return pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = clinic.ids[name];
    if (!value) throw new Error(`no id for :${name}`);
    return value;
  });
}

/** A request ("GET /staff/clients/:clientId") with `who`'s session; a POST sends `form` as a staff page's form would. */
export async function requestAs(clinic: StaffedClinic, who: Who, key: string, form?: URLSearchParams): Promise<Response> {
  const [method, pattern] = key.split(" ") as [string, string];
  const { url } = clinic.app;
  const headers: Record<string, string> = {};
  const cookie = clinic.cookies.get(who);
  if (cookie) headers["Cookie"] = cookie;
  if (method === "POST") {
    if (!form) throw new Error(`no form for ${key}`);
    headers["Origin"] = url;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return fetch(`${url}${resolvePath(clinic, pattern)}`, { method, headers, body: form, redirect: "manual" });
  }
  return fetch(`${url}${resolvePath(clinic, pattern)}`, { headers, redirect: "manual" });
}

/** Every refused opening of a health record the audit log holds. */
export async function deniedAudits(
  clinic: StaffedClinic,
): Promise<{ actorId: string | null; entityId: string | null; details: Record<string, unknown> }[]> {
  return (
    clinic.app.f.database.db
      .select({ actorId: auditEvents.actorId, entityId: auditEvents.entityId, details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, "health-record.denied"))
      // In the order they were written: the callers compare the newest with what they just did.
      .orderBy(auditEvents.id)
  );
}
