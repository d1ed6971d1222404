// Mirrors the SQL migrations in ./migrations (the source of truth, since
// exclusion constraints cannot be expressed in Drizzle). schema.test.ts checks
// that every table and column named here exists after migrating.
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull(),
  name: text("name").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** A number that changes with anything a process keeps of a clinic between requests (migration 0028, src/scheduling/clinic-cache.ts). */
export const clinicVersions = pgTable("clinic_versions", {
  organizationId: uuid("organization_id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
});

export const clinicSettings = pgTable("clinic_settings", {
  organizationId: uuid("organization_id").primaryKey(),
  minimumNoticeMinutes: integer("minimum_notice_minutes").notNull(),
  horizonDays: integer("horizon_days").notNull(),
  slotStepMinutes: integer("slot_step_minutes").notNull(),
  cancellationWindowMinutes: integer("cancellation_window_minutes").notNull(),
  holdMinutes: integer("hold_minutes").notNull(),
  /** How old the latest screening may be when a treatment is booked. */
  screeningValidDays: integer("screening_valid_days").notNull().default(30),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const locations = pgTable(
  "locations",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    name: text("name").notNull(),
    street: text("street").notNull(),
    city: text("city").notNull(),
    region: text("region").notNull(),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull().default("CA"),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    timeZone: text("time_zone").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const practitioners = pgTable(
  "practitioners",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    locationId: uuid("location_id").notNull(),
    name: text("name").notNull(),
    title: text("title").notNull().default(""),
    /** The title on French pages; empty shows the English (migration 0009). */
    titleFr: text("title_fr").notNull().default(""),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const practitionerHours = pgTable(
  "practitioner_hours",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    practitionerId: uuid("practitioner_id").notNull(),
    weekday: smallint("weekday").notNull(),
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const practitionerExceptions = pgTable(
  "practitioner_exceptions",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    practitionerId: uuid("practitioner_id").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    intervals: jsonb("intervals").$type<{ start: string; end: string }[]>().notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const timeOff = pgTable(
  "time_off",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    practitionerId: uuid("practitioner_id").notNull(),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    reason: text("reason").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const rooms = pgTable(
  "rooms",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    locationId: uuid("location_id").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const services = pgTable(
  "services",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<"consultation" | "treatment">().notNull(),
    description: text("description").notNull().default(""),
    /** The name and description on French pages, e-mails and accounts; empty shows the English (migration 0009). */
    nameFr: text("name_fr").notNull().default(""),
    descriptionFr: text("description_fr").notNull().default(""),
    durationMinutes: integer("duration_minutes").notNull(),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    // The price lives in service_prices, with the date each change takes effect (migration 0025).
    requiresRoom: boolean("requires_room").notNull().default(true),
    requiresEligibility: boolean("requires_eligibility").notNull().default(false),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

/**
 * A service's price from a date on (migration 0025, docs/decisions/0035): an appointment costs
 * the latest change on or before the local day it starts; the first change also covers earlier days.
 * Integer cents with the currency; null cents is "price on request".
 */
export const servicePrices = pgTable(
  "service_prices",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    serviceId: uuid("service_id").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    priceCents: integer("price_cents"),
    currency: text("currency").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const practitionerServices = pgTable(
  "practitioner_services",
  {
    practitionerId: uuid("practitioner_id").notNull(),
    serviceId: uuid("service_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.practitionerId, t.serviceId] })],
);

export const clients = pgTable(
  "clients",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    phone: text("phone"),
    /** The language of their e-mails and their account (migration 0008). */
    preferredLocale: text("preferred_locale").$type<"en" | "fr">().notNull().default("en"),
    createdAt: ts("created_at").notNull().defaultNow(),
    /** Texts (migration 0023, docs/texts.md): the mobile number agreed to (E.164), when, and when the client replied STOP. */
    textMobile: text("text_mobile"),
    textsAgreedAt: ts("texts_agreed_at"),
    textsStoppedAt: ts("texts_stopped_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export type AppointmentStatus = "held" | "booked" | "cancelled" | "completed" | "no-show";

export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    locationId: uuid("location_id").notNull(),
    serviceId: uuid("service_id").notNull(),
    practitionerId: uuid("practitioner_id").notNull(),
    roomId: uuid("room_id"),
    clientId: uuid("client_id"),
    status: text("status").$type<AppointmentStatus>().notNull(),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    blockedFrom: ts("blocked_from").notNull(),
    blockedUntil: ts("blocked_until").notNull(),
    holdExpiresAt: ts("hold_expires_at"),
    holdTokenHash: text("hold_token_hash"),
    manageTokenHash: text("manage_token_hash"),
    source: text("source").$type<"online" | "staff" | "api">().notNull().default("online"),
    sequence: integer("sequence").notNull().default(0),
    lateCancellation: boolean("late_cancellation").notNull().default(false),
    cancelledAt: ts("cancelled_at"),
    cancelledBy: text("cancelled_by"),
    /** A session booked from a treatment plan: the plan, and which session of its series (1-based). */
    planId: uuid("plan_id"),
    planSession: integer("plan_session"),
    /**
     * When the client confirmed a booking made without signing in (migration
     * 0010): only then does it put its practitioner on the care team. Staff
     * bookings carry their creation time.
     */
    clientConfirmedAt: ts("client_confirmed_at"),
    /** What an anonymous booking typed for a client who already existed: on this booking only, for staff to adopt. */
    bookedName: text("booked_name"),
    bookedPhone: text("booked_phone"),
    bookedLocale: text("booked_locale").$type<"en" | "fr">(),
    /** The appointment's day (migration 0014): arrival, start and end of the session, a missed appointment marked. */
    arrivedAt: ts("arrived_at"),
    startedAt: ts("started_at"),
    completedAt: ts("completed_at"),
    noShowAt: ts("no_show_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    organizationId: uuid("organization_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    /** The answer to replay, without the manage link's token (migration 0010). */
    response: jsonb("response").notNull(),
    /** The manage link's token, encrypted with the data key, for the replay. */
    manageTokenEncrypted: text("manage_token_encrypted"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] })],
);

/** Anonymous holds and bookings counted per IP address and per e-mail (migration 0010). */
export const requestLimitHits = pgTable(
  "request_limit_hits",
  {
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id").notNull(),
    scope: text("scope").notNull(),
    subjectHash: text("subject_hash").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    appointmentId: uuid("appointment_id"),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html").notNull(),
    ics: text("ics"),
    /** 'sms': a text to the E.164 number in to_address, body_text only (migration 0023). */
    channel: text("channel").$type<"email" | "sms">().notNull().default("email"),
    status: text("status").$type<"pending" | "sending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    deliveredTo: text("delivered_to"),
    createdAt: ts("created_at").notNull().defaultNow(),
    sentAt: ts("sent_at"),
    /** The lease of a message being sent (migration 0018): which worker, and until when no other may take it. */
    claimedBy: text("claimed_by"),
    claimedUntil: ts("claimed_until"),
    /** The e-mail's Reply-To: the clinic's address when it was queued (migration 0026); NULL for a text. */
    replyTo: text("reply_to"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id").notNull(),
    at: ts("at").notNull().defaultNow(),
    actorType: text("actor_type").$type<"staff" | "client" | "system" | "public">().notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    /** The request a view was recorded in: one view row per record per request (migration 0025). */
    requestId: text("request_id"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

/** The columns of auth_users, fresh for each table object that names it (src/auth/tables.ts adds the two-factor plugin's). */
export function authUserColumns() {
  return {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  };
}

export const authUsers = pgTable("auth_users", authUserColumns());

export const authSessions = pgTable("auth_sessions", {
  id: text("id").primaryKey(),
  expiresAt: ts("expires_at").notNull(),
  token: text("token").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  ipAddress: text("ip_address"),
  userAgent: text("user_agent"),
  userId: text("user_id").notNull(),
});

export const authAccounts = pgTable("auth_accounts", {
  id: text("id").primaryKey(),
  accountId: text("account_id").notNull(),
  providerId: text("provider_id").notNull(),
  userId: text("user_id").notNull(),
  accessToken: text("access_token"),
  refreshToken: text("refresh_token"),
  idToken: text("id_token"),
  accessTokenExpiresAt: ts("access_token_expires_at"),
  refreshTokenExpiresAt: ts("refresh_token_expires_at"),
  scope: text("scope"),
  password: text("password"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const authVerifications = pgTable("auth_verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

// The roles are the kernel's (src/kernel/access.ts), with the table of what each may do.
import type { StaffRole } from "../kernel/access.ts";
export type { StaffRole };

export const staffMembers = pgTable(
  "staff_members",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    practitionerId: uuid("practitioner_id"),
    /** The clinic's medical director (migration 0011): may clear a "not suitable" screening. Set by the owner only. */
    medicalDirector: boolean("medical_director").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

/**
 * The clinic's tablet handed to a client to sign their consent (migration
 * 0017, src/consent/desk-handover.ts): used once, for twenty minutes; the
 * browser holds the token, only its hash is stored.
 */
export const deskHandovers = pgTable(
  "desk_handovers",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    appointmentId: uuid("appointment_id").notNull(),
    staffUserId: text("staff_user_id").notNull(),
    tokenSha256: text("token_sha256").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    endedAt: ts("ended_at"),
    outcome: text("outcome").$type<"signed" | "returned">(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

/**
 * The days after a treatment on which the client is asked how their skin is
 * (migration 0020, src/plans/record/checkins.ts). No row: days 1 and 3.
 */
/** Appointment reminders: when, and a treatment's preparation lines (migration 0022, docs/reminders.md). No row: the defaults. */
export const reminderSettings = pgTable("reminder_settings", {
  organizationId: uuid("organization_id").primaryKey(),
  hoursBefore: smallint("hours_before").notNull().default(48),
  retinoidPauseDays: smallint("retinoid_pause_days").notNull().default(7),
  arriveWithoutMakeup: boolean("arrive_without_makeup").notNull().default(true),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const checkinSettings = pgTable("checkin_settings", {
  organizationId: uuid("organization_id").primaryKey(),
  firstDay: smallint("first_day").notNull().default(1),
  secondDay: smallint("second_day").notNull().default(3),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
