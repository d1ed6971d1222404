// The health tables (migration 0004_health_records.sql). Kept out of
// src/db/schema.ts on purpose: only the audited health record (the modules
// beside this file, src/screening/record/ for the screening tables and
// src/plans/record/ for the plan tables, all deciding through access.ts) may
// import them, and health-record-boundary.test.ts fails
// the build when anything else does or names them in SQL.
import { boolean, date, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const clientHealthNotes = pgTable(
  "client_health_notes",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    authorUserId: text("author_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    bodyEncrypted: text("body_encrypted").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const clientRecordLocks = pgTable(
  "client_record_locks",
  {
    clientId: uuid("client_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    allowedUserIds: text("allowed_user_ids").array().notNull(),
    lockedByUserId: text("locked_by_user_id").notNull(),
    lockedAt: ts("locked_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.clientId] })],
);

export type CorrectionStatus = "open" | "corrected" | "refused";

export const recordCorrectionRequests = pgTable(
  "record_correction_requests",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    bodyEncrypted: text("body_encrypted").notNull(),
    status: text("status").$type<CorrectionStatus>().notNull().default("open"),
    resolvedByUserId: text("resolved_by_user_id"),
    resolvedAt: ts("resolved_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

/** Every encrypted column, for the start-up key check and key rotation. */
export const ENCRYPTED_COLUMNS = [
  { table: "client_health_notes", column: "body_encrypted" },
  { table: "record_correction_requests", column: "body_encrypted" },
  { table: "pending_self_checks", column: "answers_encrypted" },
  { table: "client_screenings", column: "answers_encrypted" },
  { table: "client_screenings", column: "result_encrypted" },
  { table: "screening_reviews", column: "note_encrypted" },
  { table: "eligibility_reminders", column: "email_encrypted" },
  { table: "treatment_plan_versions", column: "content_encrypted" },
  { table: "skin_photos", column: "bytes_encrypted" },
  { table: "skin_photos", column: "caption_encrypted" },
  { table: "session_charts", column: "content_encrypted" },
  { table: "session_chart_addenda", column: "body_encrypted" },
  { table: "checkin_responses", column: "answers_encrypted" },
  { table: "follow_ups", column: "note_encrypted" },
  { table: "checkin_photos", column: "bytes_encrypted" },
  // Not health information, but under the same keys: a replayed booking's manage-link token.
  { table: "idempotency_keys", column: "manage_token_encrypted" },
] as const;

// Screening (migration 0005_screening.sql): only src/screening/record/ reads or writes these.

export const pendingSelfChecks = pgTable(
  "pending_self_checks",
  {
    tokenHash: text("token_hash").notNull(),
    organizationId: uuid("organization_id").notNull(),
    answersEncrypted: text("answers_encrypted").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    /** Answers carried into a booking for a client who already existed: they wait for that client to confirm them (migration 0010). */
    clientId: uuid("client_id"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.tokenHash] })],
);

export type ScreeningSource = "self-check" | "intake" | "day-of";

export const clientScreenings = pgTable(
  "client_screenings",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    source: text("source").$type<ScreeningSource>().notNull(),
    appointmentId: uuid("appointment_id"),
    questionnaire: text("questionnaire"),
    rulesVersion: text("rules_version").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdByType: text("created_by_type").$type<"client" | "staff" | "public">().notNull(),
    createdById: text("created_by_id"),
    answersEncrypted: text("answers_encrypted").notNull(),
    resultEncrypted: text("result_encrypted").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const screeningReviews = pgTable(
  "screening_reviews",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    screeningId: uuid("screening_id").notNull(),
    decision: text("decision").$type<"cleared" | "not-cleared">().notNull(),
    noteEncrypted: text("note_encrypted").notNull(),
    reviewedByUserId: text("reviewed_by_user_id").notNull(),
    reviewedAt: ts("reviewed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const eligibilityReminders = pgTable(
  "eligibility_reminders",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    emailEncrypted: text("email_encrypted").notNull(),
    sendOn: date("send_on", { mode: "string" }).notNull(),
    /** The language of the reminder e-mail (migration 0008). */
    locale: text("locale").$type<"en" | "fr">().notNull().default("en"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

// Treatment plans (migration 0006_plans.sql): only src/plans/record/ reads or writes these.

export const treatmentPlans = pgTable(
  "treatment_plans",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    createdByUserId: text("created_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export type PlanVersionStatus = "draft" | "proposed" | "accepted" | "superseded";

export const treatmentPlanVersions = pgTable(
  "treatment_plan_versions",
  {
    planId: uuid("plan_id").notNull(),
    version: integer("version").notNull(),
    organizationId: uuid("organization_id").notNull(),
    status: text("status").$type<PlanVersionStatus>().notNull(),
    contentEncrypted: text("content_encrypted").notNull(),
    contentSha256: text("content_sha256").notNull(),
    serviceId: uuid("service_id").notNull(),
    practitionerId: uuid("practitioner_id"),
    sessions: integer("sessions").notNull(),
    intervalMinDays: integer("interval_min_days").notNull(),
    intervalMaxDays: integer("interval_max_days").notNull(),
    pricePerSessionCents: integer("price_per_session_cents").notNull(),
    packagePriceCents: integer("package_price_cents").notNull(),
    currency: text("currency").notNull(),
    createdByUserId: text("created_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    proposedAt: ts("proposed_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.planId, t.version] })],
);

export const treatmentPlanAcceptances = pgTable(
  "treatment_plan_acceptances",
  {
    planId: uuid("plan_id").notNull(),
    version: integer("version").notNull(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    signedName: text("signed_name").notNull(),
    consent: boolean("consent").notNull(),
    signedAt: ts("signed_at").notNull().defaultNow(),
    ip: text("ip"),
    contentSha256: text("content_sha256").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.planId, t.version] })],
);

export const skinPhotos = pgTable(
  "skin_photos",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    planId: uuid("plan_id"),
    mediaType: text("media_type").$type<"image/jpeg">().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytesEncrypted: text("bytes_encrypted").notNull(),
    captionEncrypted: text("caption_encrypted").notNull(),
    takenByUserId: text("taken_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    /** A session photo's treatment, area and standard view (migration 0019); null on a plan photo. */
    appointmentId: uuid("appointment_id"),
    zone: text("zone"),
    view: text("view").$type<"front" | "left-45" | "right-45" | "left-profile" | "right-profile" | "close-up">(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

// Session charts (migration 0016_session_charts.sql): only src/plans/record/ reads or writes these.
export type ChartStatus = "draft" | "signed";

export const sessionCharts = pgTable(
  "session_charts",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    appointmentId: uuid("appointment_id").notNull(),
    planId: uuid("plan_id"),
    planVersion: integer("plan_version"),
    deviceId: uuid("device_id"),
    status: text("status").$type<ChartStatus>().notNull(),
    contentEncrypted: text("content_encrypted").notNull(),
    contentSha256: text("content_sha256").notNull(),
    authorUserId: text("author_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    signedByUserId: text("signed_by_user_id"),
    signedAt: ts("signed_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const sessionChartLots = pgTable(
  "session_chart_lots",
  {
    chartId: uuid("chart_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    lotId: uuid("lot_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.chartId, t.lotId] })],
);

export const sessionChartAddenda = pgTable(
  "session_chart_addenda",
  {
    id: uuid("id").notNull().defaultRandom(),
    chartId: uuid("chart_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    authorUserId: text("author_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    bodyEncrypted: text("body_encrypted").notNull(),
    bodySha256: text("body_sha256").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

// Check-ins after a session (migration 0020_checkins.sql): only src/plans/record/checkins.ts reads or writes these.
export type CheckinOutcome = "expected" | "follow-up";
export type FollowUpStatus = "open" | "closed";

export const checkinResponses = pgTable(
  "checkin_responses",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    appointmentId: uuid("appointment_id").notNull(),
    day: smallint("day").notNull(),
    answersEncrypted: text("answers_encrypted").notNull(),
    answersSha256: text("answers_sha256").notNull(),
    outcome: text("outcome").$type<CheckinOutcome>().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const checkinFollowUps = pgTable(
  "follow_ups",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    appointmentId: uuid("appointment_id").notNull(),
    checkinId: uuid("checkin_id").notNull(),
    status: text("status").$type<FollowUpStatus>().notNull().default("open"),
    closedByUserId: text("closed_by_user_id"),
    closedAt: ts("closed_at"),
    noteEncrypted: text("note_encrypted"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

// A photo the client sent with a check-in (migration 0027_checkin_photos.sql, decision 0036):
// only src/plans/record/checkin-photos.ts reads or writes it.
export const checkinPhotos = pgTable(
  "checkin_photos",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    checkinId: uuid("checkin_id").notNull(),
    mediaType: text("media_type").$type<"image/jpeg">().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytesEncrypted: text("bytes_encrypted").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);
