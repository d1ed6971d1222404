// The scale data set (docs/scale.md): many clinics made the way the demo clinic
// is (src/db/demo.ts, clinic-rows.ts), each with 2–6 practitioners, their weekly
// hours and rooms, and months of appointments filling about 70 % of their working
// time, with the clients, intake screenings and treatment plans behind them.
// Each clinic is written in one transaction: its few clinic rows through the
// same functions as the demo, the many rows as one INSERT … SELECT FROM unnest()
// per table. Everything is drawn from a seeded generator, so a seed and a clinic
// number give the same clinic (ids included) every time; only the encrypted
// values differ (a fresh IV each).
import { createHash } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { Temporal } from "temporal-polyfill";
import { insertPlansInBulk, type BulkPlan, type PlanDraft } from "../plans/index.ts";
import type { KeyRing } from "../privacy/index.ts";
import { insertScreeningsInBulk, loadClinicRules, type BulkScreening, type NormalizedIntake } from "../screening/index.ts";
import { insertClinic, insertPractitioner } from "./clinic-rows.ts";
import { DEMO_SERVICES, insertPlanLists, insertServices } from "./demo.ts";
import type { Db } from "./open.ts";
import * as schema from "./schema.ts";
import { authAccounts, authUsers, staffMembers } from "./schema.ts";

/** Every generated clinic's slug starts with this: how a run recognises an earlier run's clinics. */
export const SCALE_SLUG_PREFIX = "scale-";

/** Busy share of each practitioner's working time. */
export const TARGET_OCCUPANCY = 0.7;

export interface ScaleSeedOptions {
  clinics: number;
  /** Months of appointments, half of them before `now` and half after. */
  months: number;
  seed: number;
  /** The instant the months are centred on. */
  now: number;
  /** Encrypts the screenings and plans: the key ring the app will read them with. */
  keyRing: KeyRing;
  /** The owners' password hash (one for all: hashing a thousand passwords would take minutes); null: owners cannot sign in. */
  ownerPasswordHash: string | null;
  /** Clinics written at once, each on its own connection. */
  concurrency?: number;
  /** The first clinic's number (slugs are scale-0001, scale-0002, …). */
  firstNumber?: number;
  onClinic?: (done: number, total: number) => void;
}

export interface ScaleClinic {
  number: number;
  slug: string;
  organizationId: string;
  timeZone: string;
  practitionerIds: string[];
  services: { id: string; slug: string; kind: "consultation" | "treatment" }[];
  /** Rows written for this clinic, by table (of the bulk tables). */
  rows: Record<string, number>;
  /** Busy minutes over working minutes of its practitioners. */
  occupancy: number;
}

// Canadian time zones in rough proportion to where clinics are.
const PLACES: { city: string; region: string; timeZone: string; area: string }[] = [
  { city: "Toronto", region: "ON", timeZone: "America/Toronto", area: "416" },
  { city: "Ottawa", region: "ON", timeZone: "America/Toronto", area: "613" },
  { city: "Kitchener", region: "ON", timeZone: "America/Toronto", area: "519" },
  { city: "Montréal", region: "QC", timeZone: "America/Toronto", area: "514" },
  { city: "Québec", region: "QC", timeZone: "America/Toronto", area: "418" },
  { city: "Vancouver", region: "BC", timeZone: "America/Vancouver", area: "604" },
  { city: "Victoria", region: "BC", timeZone: "America/Vancouver", area: "250" },
  { city: "Calgary", region: "AB", timeZone: "America/Edmonton", area: "403" },
  { city: "Edmonton", region: "AB", timeZone: "America/Edmonton", area: "780" },
  { city: "Winnipeg", region: "MB", timeZone: "America/Winnipeg", area: "204" },
  { city: "Regina", region: "SK", timeZone: "America/Regina", area: "306" },
  { city: "Halifax", region: "NS", timeZone: "America/Halifax", area: "902" },
  { city: "Moncton", region: "NB", timeZone: "America/Moncton", area: "506" },
  { city: "St. John's", region: "NL", timeZone: "America/St_Johns", area: "709" },
];
const FIRST = [
  "Amira",
  "Ben",
  "Chloé",
  "Daniel",
  "Elena",
  "Farah",
  "Gabriel",
  "Hana",
  "Isaac",
  "Jade",
  "Karim",
  "Léa",
  "Maja",
  "Noah",
  "Olivia",
  "Priya",
  "Quinn",
  "Rosa",
  "Samuel",
  "Talia",
  "Umar",
  "Valérie",
  "William",
  "Yara",
  "Zoé",
  "Mei",
  "Arjun",
  "Nadia",
];
const LAST = [
  "Tremblay",
  "Nguyen",
  "Kowalska",
  "Singh",
  "Martin",
  "Roy",
  "Chen",
  "Gagnon",
  "Patel",
  "Côté",
  "Wilson",
  "Marchetti",
  "Bouchard",
  "Li",
  "Campbell",
  "Ahmed",
  "Morin",
  "Fraser",
  "Okafor",
  "Lavoie",
  "Kim",
  "Hassan",
  "MacDonald",
  "Pelletier",
];
const SPA = ["Skin Studio", "Aesthetics", "Day Spa", "Skin Clinic", "Medical Spa", "Skin & Co."];
const TITLES: [string, string][] = [
  ["Medical aesthetician", "Esthéticienne médicale"],
  ["Skin therapist", "Thérapeute en soins de la peau"],
  ["Registered nurse", "Infirmière autorisée"],
];

/** A small fast generator (mulberry32): the same seed gives the same numbers; `stream` keeps one clinic's ids apart from another's. */
function generator(seed: number, stream: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const hex8 = () => (Math.floor(next() * 4294967296) >>> 0).toString(16).padStart(8, "0");
  /**
   * A version-4 shaped uuid, unique by construction: the clinic's number and a
   * counter, then generated bits (seeds share one cycle of the generator, so its
   * bits alone could repeat across clinics).
   */
  let count = 0;
  const uuid = () => {
    const c = (count++ >>> 0).toString(16).padStart(7, "0");
    const h = hex8() + hex8();
    const variant = ((parseInt(h[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${(stream >>> 0).toString(16).padStart(8, "0")}-${c.slice(0, 4)}-4${c.slice(4, 7)}-${variant}${h.slice(1, 4)}-${h.slice(4, 16)}`;
  };
  return { next, int, pick, uuid };
}

/** One clinic's own seed: independent of the order clinics are written in. */
function clinicSeed(seed: number, number: number): number {
  return createHash("sha256").update(`${seed}/${number}`).digest().readUInt32BE(0);
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

type Rng = ReturnType<typeof generator>;

/** A practitioner's week: four or five days, 6–9 hours from 08:00–11:00, sometimes a short Saturday. */
function weeklyHours(rng: Rng): { weekday: number; startTime: string; endTime: string }[] {
  const days = [1, 2, 3, 4, 5];
  if (rng.next() < 0.5) days.splice(rng.int(0, 4), 1);
  const start = rng.pick([480, 540, 540, 600, 660]);
  const length = rng.pick([360, 420, 480, 480, 540]);
  const hours = days.map((weekday) => ({ weekday, startTime: hhmm(start), endTime: hhmm(start + length) }));
  if (rng.next() < 0.3) hours.push({ weekday: 6, startTime: "10:00", endTime: "16:00" });
  return hours;
}

/** The demo's services, prices varied per clinic by up to ±15 % (to the dollar). */
function clinicServices(rng: Rng) {
  const factor = 0.85 + rng.next() * 0.3;
  return DEMO_SERVICES.map((s) => ({ ...s, priceCents: Math.round((s.priceCents * factor) / 100) * 100 }));
}

function intakeOn(asOf: string, rng: Rng): NormalizedIntake {
  return {
    asOf,
    birthDate: `${rng.int(1950, 2002)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
    treatmentAreas: ["face"],
    fitzpatrickType: null,
    fitzpatrickAnswers: null,
    conditions: [],
    skinConditions: [],
    recentProcedures: [],
    expectsCompleteRemoval: false,
    medications: { isotretinoin: null, anticoagulant: false, immunosuppressant: false, topicalRetinoidLastUsed: null },
  };
}

/** Columns of the appointments written in bulk, in the order of APPOINTMENT_SQL's unnest. */
const APPOINTMENT_COLUMNS = [
  ["id", "uuid"],
  ["organization_id", "uuid"],
  ["location_id", "uuid"],
  ["service_id", "uuid"],
  ["practitioner_id", "uuid"],
  ["room_id", "uuid"],
  ["client_id", "uuid"],
  ["status", "text"],
  ["starts_at", "timestamptz"],
  ["ends_at", "timestamptz"],
  ["blocked_from", "timestamptz"],
  ["blocked_until", "timestamptz"],
  ["source", "text"],
  ["client_confirmed_at", "timestamptz"],
  ["arrived_at", "timestamptz"],
  ["started_at", "timestamptz"],
  ["completed_at", "timestamptz"],
  ["no_show_at", "timestamptz"],
  ["cancelled_at", "timestamptz"],
  ["cancelled_by", "text"],
  ["created_at", "timestamptz"],
  ["updated_at", "timestamptz"],
] as const;
const CLIENT_COLUMNS = [
  ["id", "uuid"],
  ["organization_id", "uuid"],
  ["name", "text"],
  ["email", "text"],
  ["email_normalized", "text"],
  ["phone", "text"],
  ["preferred_locale", "text"],
  ["created_at", "timestamptz"],
] as const;

function unnestInsert(table: string, columns: readonly (readonly [string, string])[]): string {
  const names = columns.map(([n]) => n).join(", ");
  const arrays = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
}
const APPOINTMENT_SQL = unnestInsert("appointments", APPOINTMENT_COLUMNS);
const CLIENT_SQL = unnestInsert("clients", CLIENT_COLUMNS);

/** Writes one clinic in the client's open transaction. */
async function writeClinic(client: pg.PoolClient, number: number, o: ScaleSeedOptions): Promise<ScaleClinic> {
  const rng = generator(clinicSeed(o.seed, number), number);
  const db = drizzle(client, { schema }) as unknown as Db;
  const slug = `${SCALE_SLUG_PREFIX}${String(number).padStart(4, "0")}`;
  const place = rng.pick(PLACES);
  const tz = place.timeZone;
  const practitionerCount = rng.int(2, 6);
  const clinicName = `${rng.pick(LAST)} ${rng.pick(SPA)} ${place.city} ${number}`;
  const { organizationId, locationId } = await insertClinic(db, {
    organization: { slug, name: clinicName },
    settings: { minimumNoticeMinutes: 120, horizonDays: 180, slotStepMinutes: 15, cancellationWindowMinutes: 24 * 60, holdMinutes: 10 },
    location: {
      name: place.city,
      street: `${rng.int(10, 2999)} ${rng.pick(["King", "Queen", "Main", "Rue Saint-Denis", "Portage", "Granville"])} St`,
      city: place.city,
      region: place.region,
      postalCode: "",
      country: "CA",
      phone: `(${place.area}) 555-${String(rng.int(0, 9999)).padStart(4, "0")}`,
      email: `hello@${slug}.example.test`,
      timeZone: tz,
    },
    // A room per practitioner: a practitioner's appointments take their own room, so rooms never overlap.
    rooms: Array.from({ length: practitionerCount }, (_, i) => ({ name: `Treatment room ${i + 1}`, sortOrder: i + 1 })),
  });
  const roomRows = await client.query<{ id: string }>("SELECT id FROM rooms WHERE organization_id = $1 ORDER BY sort_order", [
    organizationId,
  ]);
  const roomIds = roomRows.rows.map((r) => r.id);
  const serviceList = clinicServices(rng);
  const services = await insertServices(db, organizationId, serviceList);
  const practitioners: { id: string; hours: ReturnType<typeof weeklyHours> }[] = [];
  for (let i = 0; i < practitionerCount; i++) {
    const hours = weeklyHours(rng);
    const [title, titleFr] = rng.pick(TITLES);
    const id = await insertPractitioner(db, {
      practitioner: { organizationId, locationId, name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`, title, titleFr, sortOrder: i + 1 },
      hours,
      serviceIds: services.map((s) => s.id),
    });
    practitioners.push({ id, hours });
  }
  const { products, glide } = await insertPlanLists(db, organizationId);
  const ownerId = rng.uuid();
  await db
    .insert(authUsers)
    .values({ id: ownerId, name: `Owner of ${clinicName}`, email: `owner@${slug}.example.test`, emailVerified: true });
  if (o.ownerPasswordHash) {
    await db
      .insert(authAccounts)
      .values({ id: rng.uuid(), accountId: ownerId, providerId: "credential", userId: ownerId, password: o.ownerPasswordHash });
  }
  await db.insert(staffMembers).values({ organizationId, userId: ownerId, role: "owner", practitionerId: practitioners[0]!.id });
  // The clinic's rule set as the app records it on first use.
  const rules = await loadClinicRules(db, organizationId);

  // The months: half before now, half after, in the clinic's zone.
  const today = Temporal.Instant.fromEpochMilliseconds(o.now).toZonedDateTimeISO(tz).toPlainDate();
  const first = today.subtract({ months: Math.floor(o.months / 2) });
  const last = first.add({ months: o.months });
  // Local noon of each day as an instant: working hours lie between the DST changes at night, so minutes add on from it.
  const days: { date: string; weekday: number; noon: number }[] = [];
  for (let d = first; Temporal.PlainDate.compare(d, last) < 0; d = d.add({ days: 1 })) {
    days.push({
      date: d.toString(),
      weekday: d.dayOfWeek,
      noon: d.toZonedDateTime({ timeZone: tz, plainTime: "12:00" }).epochMilliseconds,
    });
  }
  const consultation = services.find((s) => s.kind === "consultation")!;
  const treatments = services.filter((s) => s.kind === "treatment");
  const blockedOf = (s: (typeof services)[number]) => s.bufferBeforeMinutes + s.durationMinutes + s.bufferAfterMinutes;

  const appt: unknown[][] = APPOINTMENT_COLUMNS.map(() => []);
  const cli: unknown[][] = CLIENT_COLUMNS.map(() => []);
  const screenings: BulkScreening[] = [];
  const plans: BulkPlan[] = [];
  let busy = 0;
  let working = 0;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  for (const [pi, p] of practitioners.entries()) {
    // This practitioner's appointments, then their own clients: a client sees one practitioner, so no client is in two places at once.
    const mine: { start: number; service: (typeof services)[number] }[] = [];
    const byWeekday = new Map(p.hours.map((h) => [h.weekday, [minutes(h.startTime), minutes(h.endTime)] as const]));
    for (const day of days) {
      const hours = byWeekday.get(day.weekday);
      if (!hours) continue;
      const length = hours[1] - hours[0];
      working += length;
      const chosen: (typeof services)[number][] = [];
      let sum = 0;
      for (;;) {
        const s = rng.next() < 0.3 ? consultation : rng.pick(treatments);
        // Stops nearest the target: the last appointment is taken when at least half of it falls within the target.
        if (sum + blockedOf(s) > length || sum + blockedOf(s) / 2 > TARGET_OCCUPANCY * length) break;
        chosen.push(s);
        sum += blockedOf(s);
      }
      busy += sum;
      // The free time, in 15-minute steps, spread over the gaps before, between and after.
      const gaps = new Array<number>(chosen.length + 1).fill(0);
      for (let free = (length - sum) / 15; free >= 1; free--) gaps[rng.int(0, chosen.length)]! += 15;
      let at = hours[0];
      chosen.forEach((s, i) => {
        at += gaps[i]!;
        mine.push({ start: day.noon + (at - 720) * 60_000, service: s });
        at += blockedOf(s);
      });
    }
    const clientIds = Array.from({ length: Math.max(4, Math.ceil(mine.length / 4)) }, () => rng.uuid());
    const firstVisit = new Map<string, number>();
    const hadTreatment = new Set<string>();
    for (const { start, service } of mine) {
      const clientId = rng.pick(clientIds);
      const blockedFrom = start - service.bufferBeforeMinutes * 60_000;
      const end = start + service.durationMinutes * 60_000;
      const blockedUntil = end + service.bufferAfterMinutes * 60_000;
      const created = Math.min(o.now, start - rng.int(1, 30) * 86_400_000);
      const roll = rng.next();
      let status: string;
      if (end <= o.now) status = roll < 0.08 ? "cancelled" : roll < 0.12 ? "no-show" : "completed";
      else status = roll < 0.05 ? "cancelled" : "booked";
      const done = status === "completed";
      const row = [
        rng.uuid(),
        organizationId,
        locationId,
        service.id,
        p.id,
        roomIds[pi] ?? null,
        clientId,
        status,
        iso(start),
        iso(end),
        iso(blockedFrom),
        iso(blockedUntil),
        rng.next() < 0.6 ? "online" : "staff",
        iso(created),
        done ? iso(start - 5 * 60_000) : null,
        done ? iso(start) : null,
        done ? iso(end) : null,
        status === "no-show" ? iso(start + 15 * 60_000) : null,
        status === "cancelled" ? iso(Math.min(o.now, start - 86_400_000)) : null,
        status === "cancelled" ? "client" : null,
        iso(created),
        iso(created),
      ];
      row.forEach((v, i) => appt[i]!.push(v));
      if (!firstVisit.has(clientId) || firstVisit.get(clientId)! > start) firstVisit.set(clientId, start);
      if (service.kind === "treatment" && status !== "cancelled") hadTreatment.add(clientId);
    }
    for (const clientId of clientIds) {
      const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      const email = `${name
        .toLowerCase()
        .normalize("NFD")
        .replace(/[^a-z ]/g, "")
        .replace(/ /g, ".")}.${clientId.slice(9, 18)}@example.test`;
      const since = Math.min(o.now, (firstVisit.get(clientId) ?? o.now) - rng.int(1, 20) * 86_400_000);
      [
        clientId,
        organizationId,
        name,
        email,
        email,
        `${place.area}-555-${String(rng.int(0, 9999)).padStart(4, "0")}`,
        rng.next() < (place.region === "QC" ? 0.8 : 0.1) ? "fr" : "en",
        iso(since),
      ].forEach((v, i) => cli[i]!.push(v));
      if (!hadTreatment.has(clientId)) continue;
      // A treatment needs a screening: the client's intake a few days before their first visit.
      const screenedAt = since + rng.int(0, 3) * 86_400_000;
      const asOf = Temporal.Instant.fromEpochMilliseconds(screenedAt).toZonedDateTimeISO(tz).toPlainDate().toString();
      screenings.push({ id: rng.uuid(), organizationId, clientId, intake: intakeOn(asOf, rng), createdAt: new Date(screenedAt) });
      if (rng.next() < 0.35) {
        const service = rng.pick(treatments);
        const price = serviceList[services.indexOf(service)]!.priceCents;
        const sessions = rng.int(3, 6);
        const draft: PlanDraft = {
          assessment: {
            fitzpatrick: rng.pick([1, 2, 3, 4] as const),
            fitzpatrickFromIntake: null,
            glogau: rng.pick([1, 2, 3] as const),
            concerns: [],
            notes: "",
          },
          zones: [
            { zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
            { zone: "cheek-right", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1 },
          ],
          serviceId: service.id,
          practitionerId: p.id,
          sessions,
          intervalMinDays: 28,
          intervalMaxDays: 42,
          numbingCream: false,
          numbing: null,
          glideId: glide.id,
          productIds: [products[0]!.id],
          pricePerSessionCents: price,
          packagePriceCents: Math.round((price * sessions * 0.9) / 100) * 100,
          currency: "CAD",
          noteToClient: "",
        };
        const planAt = screenedAt + 86_400_000;
        plans.push({
          id: rng.uuid(),
          organizationId,
          clientId,
          createdByUserId: ownerId,
          draft,
          createdAt: new Date(planAt),
          accepted: rng.next() < 0.7 ? { signedName: name, at: new Date(planAt + 3_600_000) } : null,
        });
      }
    }
  }
  await client.query(CLIENT_SQL, cli);
  await client.query(APPOINTMENT_SQL, appt);
  await insertScreeningsInBulk(client, { keyRing: o.keyRing, rules, screenings });
  await insertPlansInBulk(client, { keyRing: o.keyRing, plans });
  return {
    number,
    slug,
    organizationId,
    timeZone: tz,
    practitionerIds: practitioners.map((p) => p.id),
    services: services.map((s) => ({ id: s.id, slug: s.slug, kind: s.kind })),
    rows: {
      clients: cli[0]!.length,
      appointments: appt[0]!.length,
      screenings: screenings.length,
      plans: plans.length,
      signedPlans: plans.filter((p) => p.accepted).length,
    },
    occupancy: working ? busy / working : 0,
  };
}

/** How many generated clinics the database already holds. */
export async function countScaleClinics(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM organizations WHERE starts_with(slug, $1)", [
    SCALE_SLUG_PREFIX,
  ]);
  return Number(rows[0]!.n);
}

/**
 * Empties a database that holds generated clinics only (refused when it holds
 * any other clinic): every table but the migrations' record.
 */
export async function resetScaleDatabase(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM organizations WHERE NOT starts_with(slug, $1)", [
    SCALE_SLUG_PREFIX,
  ]);
  if (Number(rows[0]!.n) > 0) {
    throw new Error(`This database holds ${rows[0]!.n} clinic(s) that were not generated: --reset empties generated databases only.`);
  }
  const tables = await pool.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
  );
  const client = await pool.connect();
  try {
    // Triggers off for the statement: the audit log refuses TRUNCATE, as it should everywhere else.
    await client.query("SET session_replication_role = replica");
    await client.query(`TRUNCATE ${tables.rows.map((r) => r.name).join(", ")} RESTART IDENTITY CASCADE`);
  } finally {
    await client.query("RESET session_replication_role").catch(() => {});
    client.release();
  }
}

/** Writes `clinics` generated clinics, each in its own transaction, `concurrency` at a time. */
export async function seedScale(pool: pg.Pool, o: ScaleSeedOptions): Promise<ScaleClinic[]> {
  const firstNumber = o.firstNumber ?? 1;
  const made: ScaleClinic[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= o.clinics) return;
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // One transaction per clinic: losing it on a crash costs one clinic, not a run.
        await client.query("SET LOCAL synchronous_commit = off");
        made.push(await writeClinic(client, firstNumber + i, o));
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      o.onClinic?.(made.length, o.clinics);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  return made.sort((a, b) => a.number - b.number);
}
