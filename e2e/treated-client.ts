// Clients on their way through a treatment, for the browser tests of the
// record: the owner (who also treats) as an actor, a client added straight to
// the database, a screened client with a plan the owner wrote and the client
// signed, a treatment moved to a given time (completed or booked), its chart
// saved and signed by the owner, and the client signed in to their portal by
// the e-mailed link. Everything is written through the same functions the
// clinic uses, so the pages read it as they would a real client's.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { appointments, clients, services, staffMembers } from "../src/db/schema.ts";
import type { Actor } from "../src/kernel/access.ts";
import type { ChartDraft } from "../src/plans/chart.ts";
import { addDevice, addLot } from "../src/plans/lots.ts";
import { saveChart, signChart } from "../src/plans/record/chart.ts";
import { acceptPlan } from "../src/plans/record/portal.ts";
import { proposePlan } from "../src/plans/record/propose.ts";
import { viewPlanForStaff } from "../src/plans/record/staff-view.ts";
import { createPlan } from "../src/plans/record/write.ts";
import { planGlides } from "../src/plans/tables.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { addDays, localDateOf } from "../src/scheduling/time.ts";
import { bookToday } from "./appointment-today.ts";
import { CLINIC_ZONE } from "./days.ts";
import type { InProcessClinic } from "./in-process.ts";
import { linkFromOutbox, markSensitive } from "./server.ts";

const HOUR = 3_600_000;

/** The clinic's owner, who also treats, as the actor the record's functions take. */
export async function ownerActor(app: InProcessClinic): Promise<Actor> {
  const [member] = await app.f.database.db.select().from(staffMembers).where(eq(staffMembers.role, "owner"));
  return {
    userId: member!.userId,
    name: "The owner",
    role: "owner",
    organizationId: app.f.organizationId,
    practitionerId: member!.practitionerId,
  };
}

/** A client added straight to the database, with no account or screening; returns their id. */
export async function addClient(app: InProcessClinic, name: string, email: string): Promise<string> {
  const [row] = await app.f.database.db
    .insert(clients)
    .values({ organizationId: app.f.organizationId, name, email, emailNormalized: email })
    .returning();
  return row!.id;
}

/**
 * A screened client with a plan of both cheeks (acne scars, 0.5–1.0 mm) the
 * owner wrote and proposed and the client signed; a past consultation with
 * the owner's practitioner puts them on the client's care team. The name and
 * e-mail are marked sensitive.
 */
export async function clientWithSignedPlan(
  app: InProcessClinic,
  o: { ownerCookie: string; practitionerId: string; name: string; email: string },
): Promise<{ clientId: string; planId: string }> {
  const { db } = app.f.database;
  markSensitive(o.name, o.email);
  const { clientId } = await screenClient(db, app.keyRing, {
    organizationId: app.f.organizationId,
    email: o.email,
    name: o.name,
    asOf: localDateOf(Date.now(), CLINIC_ZONE),
    now: Date.now(),
  });
  const staff = await app.f.staffSession(o.ownerCookie);
  const [face] = await db
    .select()
    .from(services)
    .where(and(eq(services.organizationId, app.f.organizationId), eq(services.slug, "microneedling-face")));
  const [glide] = await db.select().from(planGlides).where(eq(planGlides.organizationId, app.f.organizationId));
  await bookToday(app, { practitionerId: o.practitionerId, clientId, slug: "consultation" }).then((id) =>
    db.update(appointments).set({ status: "completed" }).where(eq(appointments.id, id)),
  );
  const { planId } = await createPlan(db, {
    staff,
    keyRing: app.keyRing,
    clientId,
    draft: {
      glideId: glide!.id,
      assessment: { fitzpatrick: 2, fitzpatrickFromIntake: null, glogau: 2, concerns: [], notes: "" },
      zones: [
        { zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
        { zone: "cheek-right", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
      ],
      serviceId: face!.id,
      practitionerId: o.practitionerId,
      sessions: 3,
      intervalMinDays: 28,
      intervalMaxDays: 42,
      numbingCream: false,
      productIds: [],
      pricePerSessionCents: 29900,
      packagePriceCents: 79900,
      currency: "CAD",
      noteToClient: "",
    },
  });
  const open = (await viewPlanForStaff(db, { staff, keyRing: app.keyRing, planId })).plan.open!;
  await proposePlan(db, { staff, keyRing: app.keyRing, planId, version: 1, contentSha256: open.contentSha256 });
  const offered = (await viewPlanForStaff(db, { staff, keyRing: app.keyRing, planId })).plan.open!;
  await acceptPlan(db, {
    client: { organizationId: app.f.organizationId, clientId },
    keyRing: app.keyRing,
    planId,
    version: 1,
    contentSha256: offered.contentSha256,
    signedName: o.name,
    consent: true,
    ip: null,
  });
  return { clientId, planId };
}

/**
 * A face treatment of the practitioner for the client, an hour long from
 * `startMs` and confirmed then, in the given status: a completed one also
 * arrived, started and ended. With a plan, it is the plan's first session.
 * Booked with `bookToday`, then moved to its time.
 */
export async function treatmentAt(
  app: InProcessClinic,
  o: { practitionerId: string; clientId: string; startMs: number; status: "completed" | "booked"; planId?: string },
): Promise<string> {
  const id = await bookToday(app, { practitionerId: o.practitionerId, clientId: o.clientId, slug: "microneedling-face", planId: o.planId });
  const start = new Date(o.startMs);
  const end = new Date(o.startMs + HOUR);
  await app.f.database.db
    .update(appointments)
    .set({
      status: o.status,
      startsAt: start,
      endsAt: end,
      blockedFrom: start,
      blockedUntil: end,
      clientConfirmedAt: start,
      ...(o.status === "completed" ? { arrivedAt: start, startedAt: start, completedAt: end } : {}),
    })
    .where(eq(appointments.id, id));
  return id;
}

/**
 * The chart of a treatment that started at `startMs`, saved and signed by
 * `staff` an hour later: a new pen (`serial`) and a 12-pin cartridge lot
 * (`lot`, received 30 days before, good for a year), the areas given, no glide
 * or products. With `notify`, the signature e-mails the client their aftercare.
 */
export async function signedChart(
  app: InProcessClinic,
  o: {
    staff: Actor;
    appointmentId: string;
    startMs: number;
    serial: string;
    lot: string;
    areas: ChartDraft["areas"];
    reactions?: ChartDraft["reactions"];
    nextTime?: string;
    notify?: { baseUrl: string };
  },
): Promise<void> {
  const { db } = app.f.database;
  const day = localDateOf(o.startMs, CLINIC_ZONE);
  const device = await addDevice(db, { staff: o.staff, input: { model: "Pen A6", serial: o.serial } });
  const cartridge = await addLot(db, {
    staff: o.staff,
    input: {
      kind: "cartridge",
      name: "12-pin cartridge",
      needleCount: 12,
      lot: o.lot,
      receivedOn: addDays(day, -30),
      expiresOn: addDays(day, 365),
    },
  });
  const base = { staff: o.staff, keyRing: app.keyRing, appointmentId: o.appointmentId, now: o.startMs + HOUR };
  const { contentSha256 } = await saveChart(db, {
    ...base,
    draft: {
      numbing: null,
      deviceId: device.id,
      cartridgeLotId: cartridge.id,
      areas: o.areas,
      glideLotIds: [],
      productLotIds: [],
      reactions: o.reactions ?? [],
      nextTime: o.nextTime ?? "",
    },
    basedOn: null,
  });
  await signChart(db, { ...base, basedOn: contentSha256, ...(o.notify ? { notify: o.notify } : {}) });
}

/** On the portal's sign-in page: asks for a link by e-mail, follows it from the outbox and signs in, landing on the portal. */
export async function signInFromLoginPage(page: Page, app: InProcessClinic, email: string): Promise<void> {
  await page.getByLabel("E-mail").fill(email);
  // Only a link written for this request: a client signed in before has a spent one in the outbox.
  const asked = Date.now() - 1000;
  await page.getByRole("button", { name: /E-mail me a (sign-in|new) link/ }).click();
  await page.waitForURL(/\/portal\/login\?sent=1/);
  const link = await linkFromOutbox(app.dataDir, email, /\/portal\/verify\?token=[A-Za-z0-9_-]+/, { writtenSince: asked });
  await page.goto(`${app.url}${link}`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/portal$/);
}

/** Opens the portal's sign-in page and signs the client in by the e-mailed link. */
export async function signInToPortal(page: Page, app: InProcessClinic, email: string): Promise<void> {
  await page.goto(`${app.url}/portal/login`);
  await signInFromLoginPage(page, app, email);
}
