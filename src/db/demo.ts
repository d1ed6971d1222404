// The demo clinic loaded on an empty database: the first clinic's spa in
// Kitchener-Waterloo with two practitioners, two rooms, a free consultation and
// microneedling treatments, each named and described in English and French.
// Staff change all of it from the staff screens.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { Temporal } from "temporal-polyfill";
import { clinicDevices, planGlides, planNumbingProducts, planProducts, supplyLots } from "../plans/tables.ts";
import type { Db, DbOrTx } from "./open.ts";
import { insertClinic, insertPractitioner } from "./clinic-rows.ts";
import { authAccounts, authUsers, servicePrices, services, staffMembers } from "./schema.ts";

export const DEMO_ORGANIZATION_SLUG = "jolantas-european-spa";
export const DEMO_OWNER_EMAIL = "owner@demo.dermaplan.test";

type Hours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string]>>;

const DEMO_PRACTITIONERS: { name: string; title: string; titleFr: string; hours: Hours }[] = [
  {
    name: "Maja Kowalska",
    title: "Medical aesthetician",
    titleFr: "Esthéticienne médicale",
    hours: { 1: ["09:00", "17:00"], 2: ["09:00", "17:00"], 3: ["09:00", "17:00"], 4: ["09:00", "17:00"], 5: ["09:00", "17:00"] },
  },
  {
    name: "Elena Marchetti",
    title: "Skin therapist",
    titleFr: "Thérapeute en soins de la peau",
    hours: { 2: ["11:00", "19:00"], 3: ["11:00", "19:00"], 4: ["11:00", "19:00"], 5: ["10:00", "18:00"], 6: ["10:00", "16:00"] },
  },
];

/** The demo's prices are in force from this day (and, being the first, on any earlier day too). */
export const DEMO_PRICES_FROM = "2026-01-01";

export const DEMO_SERVICES = [
  {
    slug: "consultation",
    name: "Microneedling consultation",
    kind: "consultation" as const,
    description:
      "A free half hour with a practitioner: your skin type and concerns, your health history and medications, and a plan that fits you.",
    nameFr: "Consultation en microneedling",
    descriptionFr:
      "Une demi-heure gratuite avec une praticienne ou un praticien : votre type de peau et vos préoccupations, vos antécédents de santé et vos médicaments, et un plan qui vous convient.",
    durationMinutes: 30,
    bufferAfterMinutes: 0,
    priceCents: 0,
    requiresEligibility: false,
  },
  {
    slug: "microneedling-face",
    name: "Microneedling — face",
    kind: "treatment" as const,
    description: "Collagen induction treatment of the face, numbing cream included.",
    nameFr: "Microneedling — visage",
    descriptionFr: "Traitement du visage par induction de collagène, crème anesthésiante comprise.",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    priceCents: 29900,
    requiresEligibility: true,
  },
  {
    slug: "microneedling-face-neck",
    name: "Microneedling — face and neck",
    kind: "treatment" as const,
    description: "Face and neck in one visit, numbing cream included.",
    nameFr: "Microneedling — visage et cou",
    descriptionFr: "Le visage et le cou en une seule visite, crème anesthésiante comprise.",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    priceCents: 34900,
    requiresEligibility: true,
  },
  {
    slug: "microneedling-scalp",
    name: "Microneedling — scalp",
    kind: "treatment" as const,
    description: "Scalp treatment for thinning areas.",
    nameFr: "Microneedling — cuir chevelu",
    descriptionFr: "Traitement du cuir chevelu pour les zones où les cheveux se raréfient.",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    priceCents: 29900,
    requiresEligibility: true,
  },
  {
    slug: "microneedling-body",
    name: "Microneedling — body area",
    kind: "treatment" as const,
    description: "One body area such as stretch marks or a scar, numbing cream included.",
    nameFr: "Microneedling — zone du corps",
    descriptionFr: "Une zone du corps, comme des vergetures ou une cicatrice, crème anesthésiante comprise.",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    priceCents: 34900,
    requiresEligibility: true,
  },
];

/** The post-needling products the demo clinic allows, each with its reason (Staff → Plan settings). */
const DEMO_PLAN_PRODUCTS = [
  {
    name: "Sterile hyaluronic acid gel, single-use vial",
    reason:
      "Sterile, preservative-free and opened for one client only; the maker labels it for use right after microneedling. Soothes and hydrates without acids or fragrance.",
  },
  {
    name: "Sterile post-procedure recovery balm, single-use sachet",
    reason:
      "Sterile and single use, made for skin after resurfacing procedures; no retinoids, acids, vitamin C or fragrance, which can irritate open micro-channels.",
  },
];

export type ServiceRow = (typeof DEMO_SERVICES)[number];

/** A clinic's services (the demo's by default) in list order, each with its first price from `pricesFrom`. */
export async function insertServices(
  tx: DbOrTx,
  organizationId: string,
  list: readonly ServiceRow[] = DEMO_SERVICES,
  pricesFrom: string = DEMO_PRICES_FROM,
): Promise<(typeof services.$inferSelect)[]> {
  const inserted = await tx
    .insert(services)
    .values(list.map(({ priceCents: _price, ...s }, i) => ({ ...s, organizationId, sortOrder: i + 1 })))
    .returning();
  // Each service's first price (it also covers the days before it: migration 0025).
  await tx.insert(servicePrices).values(
    inserted.map((s, i) => ({
      organizationId,
      serviceId: s.id,
      effectiveFrom: pricesFrom,
      priceCents: list[i]!.priceCents,
      currency: "CAD",
    })),
  );
  return inserted;
}

/** The plan lists of a new clinic as the demo has them: post-needling products, numbing creams and a glide. */
export async function insertPlanLists(
  tx: DbOrTx,
  organizationId: string,
): Promise<{ products: (typeof planProducts.$inferSelect)[]; glide: typeof planGlides.$inferSelect }> {
  const products = await tx
    .insert(planProducts)
    .values(DEMO_PLAN_PRODUCTS.map((p) => ({ organizationId, ...p })))
    .returning();
  // Numbing creams (agent and strength) and the sterile single-use glide a plan may name (migration 0013).
  await tx.insert(planNumbingProducts).values([
    { organizationId, name: "Lidocaine 4 % cream", agent: "lidocaine 4 %" },
    { organizationId, name: "Lidocaine–prilocaine cream", agent: "lidocaine 2.5 % + prilocaine 2.5 %" },
  ]);
  const [glide] = await tx
    .insert(planGlides)
    .values([{ organizationId, name: "Sterile hyaluronic glide, single-use ampoule", sterile: true, singleUse: true }])
    .returning();
  return { products, glide: glide! };
}

export interface DemoResult {
  organizationId: string;
  /** Set only when no password was given: shown once, never stored in clear. */
  generatedOwnerPassword: string | null;
}

export async function loadDemoClinic(db: Db, options: { ownerPassword?: string } = {}): Promise<DemoResult> {
  const generatedOwnerPassword = options.ownerPassword ? null : randomBytes(12).toString("base64url");
  const password = options.ownerPassword ?? generatedOwnerPassword!;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const { organizationId, locationId } = await insertClinic(tx, {
      organization: { slug: DEMO_ORGANIZATION_SLUG, name: "Jolanta's European Spa" },
      settings: {
        minimumNoticeMinutes: 120,
        horizonDays: 180,
        slotStepMinutes: 15,
        cancellationWindowMinutes: 24 * 60,
        holdMinutes: 10,
      },
      location: {
        name: "Kitchener-Waterloo",
        street: "",
        city: "Kitchener-Waterloo",
        region: "ON",
        postalCode: "",
        country: "CA",
        phone: "(519) 725-9999",
        email: "hello@demo.dermaplan.test",
        timeZone: "America/Toronto",
      },
      rooms: [
        { name: "Treatment room 1", sortOrder: 1 },
        { name: "Treatment room 2", sortOrder: 2 },
      ],
    });
    const insertedServices = await insertServices(tx, organizationId);
    const practitionerIds: string[] = [];
    for (const [index, p] of DEMO_PRACTITIONERS.entries()) {
      const id = await insertPractitioner(tx, {
        practitioner: { organizationId, locationId, name: p.name, title: p.title, titleFr: p.titleFr, sortOrder: index + 1 },
        hours: Object.entries(p.hours).map(([weekday, [startTime, endTime]]) => ({ weekday: Number(weekday), startTime, endTime })),
        serviceIds: insertedServices.map((s) => s.id),
      });
      practitionerIds.push(id);
    }
    const { products, glide } = await insertPlanLists(tx, organizationId);
    // A device and lots as received (Staff → Devices and lots), dated from the day the demo is loaded so it stays
    // valid: a cartridge lot in use, one already expired (a chart refuses it), a glide lot and an after-care lot.
    const today = Temporal.Now.plainDateISO("America/Toronto");
    const day = (days: number) => today.add({ days }).toString();
    await tx.insert(clinicDevices).values({ organizationId, model: "Microneedling pen", serial: "MP-2026-00417" });
    await tx.insert(supplyLots).values([
      {
        organizationId,
        kind: "cartridge" as const,
        name: "Sterile 12-needle cartridge, single use",
        needleCount: 12,
        lot: "C12-2611-A",
        receivedOn: day(-14),
        expiresOn: day(2 * 365),
      },
      {
        organizationId,
        kind: "cartridge" as const,
        name: "Sterile 12-needle cartridge, single use",
        needleCount: 12,
        lot: "C12-2409-B",
        receivedOn: day(-400),
        expiresOn: day(-10),
      },
      {
        organizationId,
        kind: "glide" as const,
        name: glide.name,
        itemId: glide.id,
        lot: "HG-2610-07",
        receivedOn: day(-30),
        expiresOn: day(365),
      },
      {
        organizationId,
        kind: "product" as const,
        name: products[0]!.name,
        itemId: products[0]!.id,
        lot: "HA-2611-22",
        receivedOn: day(-7),
        expiresOn: day(540),
      },
    ]);
    const userId = randomUUID();
    await tx.insert(authUsers).values({ id: userId, name: "Clinic owner", email: DEMO_OWNER_EMAIL, emailVerified: true });
    await tx.insert(authAccounts).values({
      id: randomUUID(),
      accountId: userId,
      providerId: "credential",
      userId,
      password: passwordHash,
    });
    // A small spa's owner usually treats too: the demo's owner is its first practitioner.
    await tx.insert(staffMembers).values({ organizationId, userId, role: "owner", practitionerId: practitionerIds[0]! });
    return { organizationId, generatedOwnerPassword };
  });
}
