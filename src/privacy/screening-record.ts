// Screenings as health information: the answers a client gave (self-check
// carried into a booking, the intake questionnaire, the day-of checklist), the
// engine's result, and practitioners' reviews. Everything is encrypted at rest
// and every read or write by a person goes through the access rules of
// health-record.ts and is audited in the same transaction. The booking gate's
// read (eligibility) is the system's own and answers only allowed / earliest
// date; see docs/decisions/0009-booking-gate.md.
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { can, canClearNotSuitable } from "../auth/permissions.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, authUsers, services, staffMembers } from "../db/schema.ts";
import { screen } from "../screening/engine.ts";
import type { ClinicFacts, EffectiveRules } from "../screening/rules.ts";
import { parseIntake } from "../screening/schema.ts";
import type { NormalizedIntake, PlainDate, ScreeningResult } from "../screening/types.ts";
import {
  HEALTH_ACTIONS,
  HEALTH_RECORD,
  HealthInputError,
  staffActor,
  withAccess,
  type ClientActor,
  type HealthStaff,
} from "./health-record.ts";
import { clientScreenings, pendingSelfChecks, screeningReviews, type ScreeningSource } from "./health-tables.ts";
import { DecryptionError, MissingKeyError, type KeyRing } from "./keyring.ts";
import { confirmClientAppointments } from "../scheduling/confirm-appointments.ts";
import { addDays, localDateOf, todayIn } from "../scheduling/time.ts";

/** How long answers carried from the self-check wait for the booking they were carried into. */
export const SELF_CHECK_CARRY_MS = 2 * 60 * 60_000;
export const REVIEW_NOTE_MIN = 10;
export const REVIEW_NOTE_MAX = 4000;

const answersContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_screenings.answers_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
const resultContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_screenings.result_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
const pendingContext = (r: { organizationId: string; tokenHash: string }) =>
  `pending_self_checks.answers_encrypted/${r.organizationId}/${r.tokenHash}`;
const reviewContext = (r: { organizationId: string; screeningId: string; id: string }) =>
  `screening_reviews.note_encrypted/${r.organizationId}/${r.screeningId}/${r.id}`;

/**
 * Reviews written since decision 0021 keep a JSON body (the note, the
 * physician's written clearance, the authority it was cleared under) under
 * their own context, so a note typed before it can never be read as one.
 */
const reviewContextV2 = (r: { organizationId: string; screeningId: string; id: string }) => `${reviewContext(r)}#v2`;

/** The physician's written clearance a "not suitable" screening needs, kept with the review (encrypted). */
export interface PhysicianClearance {
  physicianName: string;
  /** The date of the clearance letter. */
  letterDate: PlainDate;
  /** What the letter says. */
  letterSays: string;
  /** Who prescribes the blood thinner or manages the bleeding disorder; required for those. */
  prescriberName: string | null;
}

/** Rules whose clearance must name the prescriber. */
export const PRESCRIBER_RULES: readonly string[] = ["bleeding-disorder", "anticoagulant"];
export const CLEARANCE_TEXT_MAX = 4000;
export const CLEARANCE_NAME_MAX = 200;

interface ReviewBody {
  note: string;
  clearance: PhysicianClearance | null;
  clearedAs: "owner" | "medical-director" | null;
}

function readReviewBody(
  keyRing: KeyRing,
  r: { noteEncrypted: string; organizationId: string; screeningId: string; id: string },
): ReviewBody | null {
  try {
    return JSON.parse(keyRing.decrypt(r.noteEncrypted, reviewContextV2(r))) as ReviewBody;
  } catch (error) {
    if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
  }
  try {
    return { note: keyRing.decrypt(r.noteEncrypted, reviewContext(r)), clearance: null, clearedAs: null };
  } catch (error) {
    if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
    return null;
  }
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** What is stored as a screening's answers: the normalized intake and, for an intake, the questionnaire response. */
export interface StoredAnswers {
  intake: NormalizedIntake;
  /** FHIR QuestionnaireResponse for the intake questionnaire; null for the self-check and day-of checklist. */
  response: Record<string, unknown> | null;
  /** The day-of checklist's free text (a new medicine or supplement), when there was one. */
  note?: string;
}

// ---------------------------------------------------------------------------
// The self-check, carried into a booking

/**
 * Keeps the self-check answers a visitor chose to carry into a booking, under
 * a random token the visitor holds (a cookie). Nothing identifies the visitor
 * yet; the answers become a screening when the booking is made.
 */
export async function carrySelfCheck(
  db: DbOrTx,
  o: { organizationId: string; keyRing: KeyRing; intake: NormalizedIntake; now: number },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  const expiresAt = o.now + SELF_CHECK_CARRY_MS;
  await db.delete(pendingSelfChecks).where(lt(pendingSelfChecks.expiresAt, new Date(o.now)));
  await db.insert(pendingSelfChecks).values({
    tokenHash,
    organizationId: o.organizationId,
    answersEncrypted: o.keyRing.encrypt(JSON.stringify(o.intake), pendingContext({ organizationId: o.organizationId, tokenHash })),
    expiresAt: new Date(expiresAt),
  });
  return { token, expiresAt };
}

/** Whether carried answers are still waiting under this token (for the booking page to say so). */
export async function hasCarriedSelfCheck(db: DbOrTx, o: { organizationId: string; token: string; now: number }): Promise<boolean> {
  const [row] = await db
    .select({ expiresAt: pendingSelfChecks.expiresAt })
    .from(pendingSelfChecks)
    .where(and(eq(pendingSelfChecks.tokenHash, hashToken(o.token)), eq(pendingSelfChecks.organizationId, o.organizationId)));
  return Boolean(row && row.expiresAt.getTime() > o.now);
}

/** How long answers carried into a booking for a client who already existed wait for that client's confirmation. */
export const SELF_CHECK_AWAIT_CLIENT_MS = 30 * 24 * 60 * 60_000;

/**
 * Inside the booking's transaction: carried self-check answers become the
 * screening of a client the booking itself created — they were typed by the
 * person who made that client. For a client who already existed, anyone could
 * have typed their address: the answers wait, under that client, until the
 * client confirms them in their portal's intake (pre-filled from them), and
 * change nothing until then. Unknown or expired tokens are ignored.
 */
export async function claimCarriedSelfCheck(
  tx: Tx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    token: string;
    clientId: string;
    /** "screening": the client was created by this booking (or is signed in); "await-client": anyone else. */
    mode: "screening" | "await-client";
    rules: EffectiveRules;
    today: PlainDate;
    now: number;
  },
): Promise<string | null> {
  const tokenHash = hashToken(o.token);
  const where = and(eq(pendingSelfChecks.tokenHash, tokenHash), eq(pendingSelfChecks.organizationId, o.organizationId));
  if (o.mode === "await-client") {
    await tx
      .update(pendingSelfChecks)
      .set({ clientId: o.clientId, expiresAt: new Date(o.now + SELF_CHECK_AWAIT_CLIENT_MS) })
      .where(and(where, gt(pendingSelfChecks.expiresAt, new Date(o.now)), isNull(pendingSelfChecks.clientId)));
    return null;
  }
  const [row] = await tx.delete(pendingSelfChecks).where(where).returning();
  if (!row || row.expiresAt.getTime() <= o.now) return null;
  // Answers typed in the self-check never replace what a client or a practitioner recorded.
  const [existing] = await tx
    .select({ id: clientScreenings.id })
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, o.organizationId), eq(clientScreenings.clientId, o.clientId)))
    .limit(1);
  if (existing) return null;
  const intake = readCarriedIntake(o.keyRing, row, o.today);
  if (!intake) return null;
  const id = await insertScreening(tx, {
    organizationId: o.organizationId,
    keyRing: o.keyRing,
    clientId: o.clientId,
    source: "self-check",
    answers: { intake, response: null },
    rules: o.rules,
    createdBy: { type: "public", id: null },
    now: o.now,
  });
  return id;
}

function readCarriedIntake(
  keyRing: KeyRing,
  row: { answersEncrypted: string; organizationId: string; tokenHash: string },
  today: PlainDate,
): NormalizedIntake | null {
  try {
    const parsed = parseIntake({ ...stripAsOf(JSON.parse(keyRing.decrypt(row.answersEncrypted, pendingContext(row)))) }, { today });
    return parsed.ok ? parsed.intake : null;
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * Self-check answers carried into a booking under this client's address and
 * waiting for them (newest first), to pre-fill their intake. Nothing is a
 * screening until the client sends the intake.
 */
async function awaitingSelfCheck(
  tx: DbOrTx,
  o: { keyRing: KeyRing; organizationId: string; clientId: string; now: number },
): Promise<{ intake: NormalizedIntake; createdAt: number } | null> {
  const [row] = await tx
    .select()
    .from(pendingSelfChecks)
    .where(
      and(
        eq(pendingSelfChecks.organizationId, o.organizationId),
        eq(pendingSelfChecks.clientId, o.clientId),
        gt(pendingSelfChecks.expiresAt, new Date(o.now)),
      ),
    )
    .orderBy(desc(pendingSelfChecks.createdAt))
    .limit(1);
  if (!row) return null;
  const intake = readCarriedIntake(o.keyRing, row, row.createdAt.toISOString().slice(0, 10) as PlainDate);
  return intake ? { intake, createdAt: row.createdAt.getTime() } : null;
}

/** A stored intake as an Intake for re-screening on another day: its own asOf goes, the dates stay. */
function stripAsOf(value: unknown): Record<string, unknown> {
  const { asOf: _asOf, ...rest } = (value ?? {}) as Record<string, unknown>;
  return denormalize(rest);
}

/** NormalizedIntake → the contract's Intake (nulls become absent), so parseIntake accepts it again. */
function denormalize(n: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (v === null || v === undefined) continue;
    if (k === "medications" && typeof v === "object") {
      const meds: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) if (mv !== null && mv !== false) meds[mk] = mv;
      out[k] = meds;
    } else if ((k === "skinConditions" || k === "recentProcedures") && Array.isArray(v)) {
      out[k] = v.map((item) => Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, x]) => x !== null)));
    } else out[k] = v;
  }
  return out;
}

async function insertScreening(
  tx: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    clientId: string;
    source: ScreeningSource;
    answers: StoredAnswers;
    rules: EffectiveRules;
    createdBy: { type: "client" | "staff" | "public"; id: string | null };
    appointmentId?: string | null;
    questionnaire?: string | null;
    now: number;
  },
): Promise<string> {
  const result = screen(o.answers.intake, o.rules);
  const id = crypto.randomUUID();
  const ctx = { organizationId: o.organizationId, clientId: o.clientId, id };
  await tx.insert(clientScreenings).values({
    id,
    organizationId: o.organizationId,
    clientId: o.clientId,
    source: o.source,
    appointmentId: o.appointmentId ?? null,
    questionnaire: o.questionnaire ?? null,
    rulesVersion: result.rulesVersion,
    asOf: o.answers.intake.asOf,
    createdAt: new Date(o.now),
    createdByType: o.createdBy.type,
    createdById: o.createdBy.id,
    answersEncrypted: o.keyRing.encrypt(JSON.stringify(o.answers), answersContext(ctx)),
    resultEncrypted: o.keyRing.encrypt(JSON.stringify(result), resultContext(ctx)),
  });
  await recordAuditEvent(tx, {
    organizationId: o.organizationId,
    actor: o.createdBy,
    action: HEALTH_ACTIONS.edit,
    entityType: HEALTH_RECORD,
    entityId: o.clientId,
    details: { kind: "screening", source: o.source, screeningId: id, rulesVersion: result.rulesVersion },
  });
  return id;
}

// ---------------------------------------------------------------------------
// The client's own screenings (intake in the portal)

/** Stores the client's intake (answers and questionnaire response) and its screening. Audited as the client's own change. */
export async function recordClientIntake(
  db: Db,
  o: {
    client: ClientActor;
    keyRing: KeyRing;
    intake: NormalizedIntake;
    response: Record<string, unknown>;
    questionnaire: string;
    rules: EffectiveRules;
    now?: number;
  },
): Promise<{ id: string; result: ScreeningResult }> {
  const now = o.now ?? Date.now();
  return db.transaction(async (tx) => {
    const id = await insertScreening(tx, {
      organizationId: o.client.organizationId,
      keyRing: o.keyRing,
      clientId: o.client.clientId,
      source: "intake",
      answers: { intake: o.intake, response: o.response },
      rules: o.rules,
      createdBy: { type: "client", id: o.client.clientId },
      questionnaire: o.questionnaire,
      now,
    });
    // The review screen says so: sending the intake confirms the client's upcoming appointments booked without signing in.
    await confirmClientAppointments(tx, { organizationId: o.client.organizationId, clientId: o.client.clientId, now, via: "intake" });
    // Answers carried from a self-check have been confirmed or corrected by this intake.
    await tx
      .delete(pendingSelfChecks)
      .where(and(eq(pendingSelfChecks.organizationId, o.client.organizationId), eq(pendingSelfChecks.clientId, o.client.clientId)));
    return { id, result: screen(o.intake, o.rules) };
  });
}

export interface ScreeningView {
  id: string;
  source: ScreeningSource;
  appointmentId: string | null;
  questionnaire: string | null;
  rulesVersion: string;
  asOf: PlainDate;
  createdAt: number;
  answers: StoredAnswers | null;
  result: ScreeningResult | null;
  damaged: boolean;
  reviews: {
    id: string;
    decision: "cleared" | "not-cleared";
    note: string | null;
    /** The physician's written clearance, for a "not suitable" screening cleared by the owner or the medical director. */
    clearance: PhysicianClearance | null;
    /** The authority a "not suitable" clearance was recorded under; null for a practitioner's review. */
    clearedAs: "owner" | "medical-director" | null;
    by: string;
    at: number;
  }[];
}

async function readScreenings(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
  limit = 50,
): Promise<ScreeningView[]> {
  const rows = await tx
    .select()
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, organizationId), eq(clientScreenings.clientId, clientId)))
    .orderBy(desc(clientScreenings.createdAt), desc(clientScreenings.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const reviews = await tx
    .select({ review: screeningReviews, by: authUsers.name })
    .from(screeningReviews)
    .leftJoin(authUsers, eq(authUsers.id, screeningReviews.reviewedByUserId))
    .where(
      and(
        eq(screeningReviews.organizationId, organizationId),
        inArray(
          screeningReviews.screeningId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(screeningReviews.reviewedAt));
  return rows.map((r) => {
    let answers: StoredAnswers | null = null;
    let result: ScreeningResult | null = null;
    let damaged = false;
    try {
      answers = JSON.parse(keyRing.decrypt(r.answersEncrypted, answersContext(r))) as StoredAnswers;
      result = JSON.parse(keyRing.decrypt(r.resultEncrypted, resultContext(r))) as ScreeningResult;
    } catch (error) {
      if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
      damaged = true;
    }
    return {
      id: r.id,
      source: r.source,
      appointmentId: r.appointmentId,
      questionnaire: r.questionnaire,
      rulesVersion: r.rulesVersion,
      asOf: r.asOf,
      createdAt: r.createdAt.getTime(),
      answers,
      result,
      damaged,
      reviews: reviews
        .filter((x) => x.review.screeningId === r.id)
        .map((x) => {
          const body = readReviewBody(keyRing, x.review);
          return {
            id: x.review.id,
            decision: x.review.decision,
            note: body?.note ?? null,
            clearance: body?.clearance ?? null,
            clearedAs: body?.clearedAs ?? null,
            by: x.by ?? "A former staff member",
            at: x.review.reviewedAt.getTime(),
          };
        }),
    };
  });
}

/**
 * What a treatment plan needs from the latest screening: the scored
 * Fitzpatrick type, the rules that fired (precautions adjust depth
 * suggestions; an anaesthetic allergy rules out numbing cream) and the
 * outcome. Called inside an access the caller has already decided and
 * audited (plan-record.ts), so it writes no audit row of its own.
 */
export async function latestScreeningFacts(
  tx: DbOrTx,
  o: { keyRing: KeyRing; organizationId: string; clientId: string },
): Promise<{ fitzpatrickType: number | null; ruleIds: string[]; outcome: string | null; createdAt: number } | null> {
  const [latest] = await readScreenings(tx, o.keyRing, o.organizationId, o.clientId, 1);
  if (!latest) return null;
  return {
    fitzpatrickType: latest.result?.fitzpatrickType ?? null,
    ruleIds: (latest.result?.reasons ?? []).map((r) => r.ruleId),
    outcome: latest.result?.outcome ?? null,
    createdAt: latest.createdAt,
  };
}

/**
 * Whether and when the client was last screened, and how — no answers, no
 * result, nothing decrypted (so it is not an access to the record's content
 * and writes no audit row). For the portal home page.
 */
export async function clientScreeningStatus(
  db: DbOrTx,
  o: { client: ClientActor },
): Promise<{ source: ScreeningSource; createdAt: number } | null> {
  const [row] = await db
    .select({ source: clientScreenings.source, createdAt: clientScreenings.createdAt })
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, o.client.organizationId), eq(clientScreenings.clientId, o.client.clientId)))
    .orderBy(desc(clientScreenings.createdAt), desc(clientScreenings.id))
    .limit(1);
  return row ? { source: row.source, createdAt: row.createdAt.getTime() } : null;
}

/**
 * Every screening of the client, decrypted, for the record's export (the
 * caller — health-record.ts — has decided access and writes the audit row).
 */
export async function screeningsForExport(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
): Promise<ScreeningView[]> {
  return readScreenings(tx, keyRing, organizationId, clientId, 1000);
}

/**
 * The client's latest answers (to pre-fill the intake), or null: self-check
 * answers carried into a booking and awaiting the client's confirmation when
 * they are newer than the latest screening. Audited as the client's own view.
 */
export async function clientLatestAnswers(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; now?: number },
): Promise<ScreeningView | null> {
  return db.transaction(async (tx) => {
    const [stored] = await readScreenings(tx, o.keyRing, o.client.organizationId, o.client.clientId, 1);
    const awaiting = await awaitingSelfCheck(tx, {
      keyRing: o.keyRing,
      organizationId: o.client.organizationId,
      clientId: o.client.clientId,
      now: o.now ?? Date.now(),
    });
    const latest: ScreeningView | undefined =
      awaiting && (!stored || awaiting.createdAt > stored.createdAt)
        ? {
            id: "awaiting-confirmation",
            source: "self-check",
            appointmentId: null,
            questionnaire: null,
            rulesVersion: "",
            asOf: awaiting.intake.asOf,
            createdAt: awaiting.createdAt,
            answers: { intake: awaiting.intake, response: null },
            result: null,
            damaged: false,
            reviews: [],
          }
        : stored;
    if (!latest) return null;
    await recordAuditEvent(tx, {
      organizationId: o.client.organizationId,
      actor: { type: "client", id: o.client.clientId },
      action: HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: o.client.clientId,
      details: { part: "screening", screeningId: latest.id },
    });
    return latest;
  });
}

// ---------------------------------------------------------------------------
// Staff: the chart, reviews, the day-of re-screen

/** The client's screenings with their results and reviews, for staff who may open the record. Audited as a view. */
export async function viewScreenings(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; now?: number },
): Promise<ScreeningView[]> {
  const now = o.now ?? Date.now();
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const list = await readScreenings(tx, o.keyRing, o.staff.organizationId, o.clientId);
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: { part: "screenings", role: o.staff.role, access: via, screenings: list.length },
    });
    return list;
  });
}

/**
 * A decision on a screening: cleared or not cleared, with the reason.
 * Needs-review is the practitioner's (`health.edit`, access to the record).
 * Clearing a screening with a "not suitable" reason needs the owner or the
 * clinic's medical director, and the physician's written clearance (name,
 * letter date, what it says; the prescriber for a bleeding disorder or blood
 * thinners). Refusals name the field. Audited as a change.
 */
export async function reviewScreening(
  db: Db,
  o: {
    staff: HealthStaff;
    keyRing: KeyRing;
    clientId: string;
    screeningId: string;
    decision: string;
    note?: string;
    clearance?: { physicianName?: string; letterDate?: string; letterSays?: string; prescriberName?: string };
    now?: number;
  },
): Promise<void> {
  const now = o.now ?? Date.now();
  await withAccess(
    db,
    {
      staff: o.staff,
      clientId: o.clientId,
      now,
      attempted: "review-screening",
      require: () => (can(o.staff.role, "health.edit") || can(o.staff.role, "screening.clear-not-suitable") ? null : "role"),
    },
    async (tx, _d, via) => {
      // Checked once access is granted, so a refused role is refused (and audited) whatever it sent.
      const note = (o.note ?? "").replace(/\r\n/g, "\n").trim();
      const errors: Record<string, string> = {};
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(o.screeningId)) {
        errors.screeningId = "There is no such screening for this client.";
      }
      if (o.decision !== "cleared" && o.decision !== "not-cleared") errors.decision = "Choose cleared or not cleared.";
      if (note.length < REVIEW_NOTE_MIN)
        errors.note = `Write the reason for the decision — for a clearance, what the physician said (at least ${REVIEW_NOTE_MIN} characters).`;
      else if (note.length > REVIEW_NOTE_MAX) errors.note = `Use at most ${REVIEW_NOTE_MAX} characters.`;
      if (errors.screeningId) throw new HealthInputError(errors);

      const [s] = await tx
        .select()
        .from(clientScreenings)
        .where(
          and(
            eq(clientScreenings.id, o.screeningId),
            eq(clientScreenings.clientId, o.clientId),
            eq(clientScreenings.organizationId, o.staff.organizationId),
          ),
        );
      if (!s) throw new HealthInputError({ ...errors, screeningId: "There is no such screening for this client." });
      let result: ScreeningResult | null = null;
      try {
        result = JSON.parse(o.keyRing.decrypt(s.resultEncrypted, resultContext(s))) as ScreeningResult;
      } catch (error) {
        if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
      }
      const notSuitable = (result?.reasons ?? []).filter((r) => r.outcome === "not-suitable").map((r) => r.ruleId);
      const [member] = await tx
        .select({ medicalDirector: staffMembers.medicalDirector })
        .from(staffMembers)
        .where(and(eq(staffMembers.organizationId, o.staff.organizationId), eq(staffMembers.userId, o.staff.userId)));
      const authority = canClearNotSuitable({ role: o.staff.role, medicalDirector: member?.medicalDirector ?? false })
        ? o.staff.role === "owner"
          ? ("owner" as const)
          : ("medical-director" as const)
        : null;

      if (!can(o.staff.role, "health.edit") && result !== null && notSuitable.length === 0)
        errors.decision = "A screening that needs review is reviewed by a practitioner in the client's care team.";
      let clearance: PhysicianClearance | null = null;
      if (o.decision === "cleared" && (notSuitable.length > 0 || result === null)) {
        if (result === null)
          errors.decision = "This screening cannot be read, so it cannot be cleared: ask the client to fill in the intake again.";
        else if (!authority)
          errors.decision =
            "A “not suitable” screening can be cleared only by the owner or the clinic's medical director, with the physician's written clearance. You can record “not cleared”, or ask them to review it.";
        else {
          const c = o.clearance ?? {};
          const text = (v: string | undefined) => (v ?? "").replace(/\r\n/g, "\n").trim();
          const physicianName = text(c.physicianName);
          const letterDate = text(c.letterDate);
          const letterSays = text(c.letterSays);
          const prescriberName = text(c.prescriberName);
          if (physicianName.length < 2) errors.physicianName = "Give the name of the physician who wrote the clearance.";
          else if (physicianName.length > CLEARANCE_NAME_MAX) errors.physicianName = `Use at most ${CLEARANCE_NAME_MAX} characters.`;
          const today = new Date(now).toISOString().slice(0, 10);
          if (
            !/^\d{4}-\d{2}-\d{2}$/.test(letterDate) ||
            Number.isNaN(Date.parse(`${letterDate}T00:00:00Z`)) ||
            new Date(`${letterDate}T00:00:00Z`).toISOString().slice(0, 10) !== letterDate
          )
            errors.letterDate = "Give the date of the clearance letter, for example 2027-03-01.";
          else if (letterDate > addDays(today, 1)) errors.letterDate = "The clearance letter's date cannot be in the future.";
          if (letterSays.length < REVIEW_NOTE_MIN)
            errors.letterSays = `Write what the clearance letter says (at least ${REVIEW_NOTE_MIN} characters).`;
          else if (letterSays.length > CLEARANCE_TEXT_MAX) errors.letterSays = `Use at most ${CLEARANCE_TEXT_MAX} characters.`;
          const needsPrescriber = notSuitable.some((id) => PRESCRIBER_RULES.includes(id));
          if (needsPrescriber && prescriberName.length < 2)
            errors.prescriberName =
              "For a bleeding disorder or blood thinners, name the prescriber (the physician who prescribes the blood thinner or manages the condition).";
          else if (prescriberName.length > CLEARANCE_NAME_MAX) errors.prescriberName = `Use at most ${CLEARANCE_NAME_MAX} characters.`;
          clearance = { physicianName, letterDate, letterSays, prescriberName: prescriberName || null };
        }
      }
      if (Object.keys(errors).length) throw new HealthInputError(errors);

      const id = crypto.randomUUID();
      const body: ReviewBody = { note, clearance, clearedAs: clearance ? authority : null };
      await tx.insert(screeningReviews).values({
        id,
        organizationId: o.staff.organizationId,
        screeningId: s.id,
        decision: o.decision as "cleared" | "not-cleared",
        noteEncrypted: o.keyRing.encrypt(
          JSON.stringify(body),
          reviewContextV2({ organizationId: o.staff.organizationId, screeningId: s.id, id }),
        ),
        reviewedByUserId: o.staff.userId,
        reviewedAt: new Date(now),
      });
      await recordAuditEvent(tx, {
        organizationId: o.staff.organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS.edit,
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: {
          kind: "screening-review",
          screeningId: s.id,
          decision: o.decision,
          role: o.staff.role,
          access: via,
          ...(body.clearedAs ? { clearedAs: body.clearedAs, physicianClearance: true } : {}),
        },
      });
    },
  );
}

/**
 * The day-of re-screen: the latest answers with what changed today (new
 * medication, sunburn, breakout, cold sore, pregnancy, recent procedures),
 * screened as of today. Stored as a "day-of" screening tied to the
 * appointment. Needs `health.edit` and access to the record; audited.
 */
export async function recordDayOfScreening(
  db: Db,
  o: {
    staff: HealthStaff;
    keyRing: KeyRing;
    clientId: string;
    appointmentId: string;
    change: (latest: NormalizedIntake | null) => { ok: true; intake: NormalizedIntake } | { ok: false; errors: Record<string, string> };
    /** Free text from the checklist, kept with its answers (encrypted). */
    note?: string;
    rules: EffectiveRules;
    now?: number;
  },
): Promise<{ id: string; result: ScreeningResult }> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    {
      staff: o.staff,
      clientId: o.clientId,
      now,
      attempted: "day-of-screening",
      require: () => (can(o.staff.role, "health.edit") ? null : "role"),
    },
    async (tx) => {
      const [latest] = await readScreenings(tx, o.keyRing, o.staff.organizationId, o.clientId, 1);
      const changed = o.change(latest?.answers?.intake ?? null);
      if (!changed.ok) throw new HealthInputError(changed.errors);
      const id = await insertScreening(tx, {
        organizationId: o.staff.organizationId,
        keyRing: o.keyRing,
        clientId: o.clientId,
        source: "day-of",
        answers: { intake: changed.intake, response: null, ...(o.note ? { note: o.note } : {}) },
        rules: o.rules,
        createdBy: staffActor(o.staff),
        appointmentId: o.appointmentId,
        now,
      });
      return { id, result: screen(changed.intake, o.rules) };
    },
  );
}

// ---------------------------------------------------------------------------
// The booking gate

export type Eligibility =
  | { allowed: true; screeningId: string }
  | {
      allowed: false;
      /** Why, in the terms the booking pages and the API explain. */
      reason: "no-screening" | "screening-expired" | "needs-review" | "not-suitable" | "deferred" | "awaiting-resolution" | "unreadable";
      /** The first day a treatment could be booked on these answers, when there is one. */
      earliestDate: PlainDate | null;
    };

/** How many of the latest screenings are searched for the review that cleared them. */
const REVIEW_LOOKBACK = 20;

/**
 * Whether a practitioner's clearance covers this result: the latest review of
 * any recent screening is "cleared", and every needs-review / not-suitable
 * rule firing now was among those of the screening it cleared. So a day-of
 * re-screen or a refreshed intake keeps a clearance for the same concerns,
 * and a new concern needs a new review.
 */
function clearedFor(result: ScreeningResult, recent: readonly ScreeningView[]): boolean {
  let last: { decision: string; at: number; screening: ScreeningView; review: ScreeningView["reviews"][number] } | null = null;
  for (const s of recent)
    for (const r of s.reviews) if (!last || r.at > last.at) last = { decision: r.decision, at: r.at, screening: s, review: r };
  if (!last || last.decision !== "cleared") return false;
  // "Not suitable" is cleared only by the owner or the medical director, with the physician's written clearance (decision 0021):
  // a practitioner's clearance, including one recorded before that rule, covers needs-review only.
  const notSuitableNow = result.reasons.some((x) => x.outcome === "not-suitable");
  if (notSuitableNow && !(last.review.clearedAs && last.review.clearance)) return false;
  const blocking = (r: ScreeningResult | null) =>
    new Set((r?.reasons ?? []).filter((x) => x.outcome === "needs-review" || x.outcome === "not-suitable").map((x) => x.ruleId));
  const reviewed = blocking(last.screening.result);
  return [...blocking(result)].every((id) => reviewed.has(id));
}

/**
 * The clinic's own last completed treatment session on or before `date` (in
 * the clinic's zone), which the engine counts as microneedling, and whether a
 * signed plan governs the wait after it: only when the appointment checked is
 * a session of that same plan.
 */
async function clinicFacts(
  tx: DbOrTx,
  o: {
    organizationId: string;
    clientId: string;
    date: PlainDate;
    timeZone: string;
    appointment?: { id?: string | null; plan?: { planId: string; intervalMinDays: number } | null };
  },
): Promise<ClinicFacts> {
  const done = await tx
    .select({ id: appointments.id, startsAt: appointments.startsAt, planId: appointments.planId })
    .from(appointments)
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .where(
      and(
        eq(appointments.organizationId, o.organizationId),
        eq(appointments.clientId, o.clientId),
        eq(appointments.status, "completed"),
        eq(services.kind, "treatment"),
        o.appointment?.id ? ne(appointments.id, o.appointment.id) : undefined,
      ),
    )
    .orderBy(desc(appointments.startsAt));
  const last = done.find((a) => localDateOf(a.startsAt.getTime(), o.timeZone) <= o.date);
  if (!last) return { lastSession: null, planIntervalMinDays: null };
  const plan = o.appointment?.plan;
  return {
    lastSession: localDateOf(last.startsAt.getTime(), o.timeZone),
    planIntervalMinDays: plan && last.planId === plan.planId ? plan.intervalMinDays : null,
  };
}

/**
 * May this client have a treatment on `date` (a calendar date in the clinic's
 * zone)? Reads the latest screening: none, or one older than `validDays`,
 * asks for a (new) screening; otherwise its answers are screened again as of
 * `date` under the clinic's current rules, and the treatment is allowed
 * exactly when that result allows the date — or, for needs-review and
 * not-suitable, when a practitioner has cleared the screening and no deferral
 * stands in the way on that date.
 */
export async function eligibilityFor(
  tx: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    clientId: string;
    date: PlainDate;
    rules: EffectiveRules;
    now: number;
    validDays: number;
    /** The clinic's zone: validity counts calendar days there. */
    timeZone: string;
    /**
     * The appointment being checked, when known: its own row never counts as
     * the last session, and for a session of a signed plan the plan's minimum
     * interval (days) governs the wait after that plan's last session.
     */
    appointment?: { id?: string | null; plan?: { planId: string; intervalMinDays: number } | null };
  },
): Promise<Eligibility> {
  const recent = await readScreenings(tx, o.keyRing, o.organizationId, o.clientId, REVIEW_LOOKBACK);
  const latest = recent[0];
  if (!latest) return { allowed: false, reason: "no-screening", earliestDate: null };
  if (!latest.answers) return { allowed: false, reason: "unreadable", earliestDate: null };
  // Valid through the clinic-zone calendar day `validDays` after the day it was made.
  if (addDays(localDateOf(latest.createdAt, o.timeZone), o.validDays) < todayIn(o.timeZone, o.now)) {
    return { allowed: false, reason: "screening-expired", earliestDate: null };
  }
  const clinic = await clinicFacts(tx, o);
  const result = screen(latest.answers.intake, o.rules, { asOf: o.date, clinic });
  const cleared = clearedFor(result, recent);
  const deferrals = result.reasons.filter((r) => r.outcome === "deferred");
  const undated = deferrals.some((r) => r.until === null);
  const latestUntil = deferrals.reduce<PlainDate | null>((max, r) => (r.until && (!max || r.until > max) ? r.until : max), null);
  if (result.outcome === "not-suitable" || result.outcome === "needs-review") {
    if (!cleared) return { allowed: false, reason: result.outcome, earliestDate: null };
    if (undated) return { allowed: false, reason: "awaiting-resolution", earliestDate: null };
    if (latestUntil && latestUntil > o.date) return { allowed: false, reason: "deferred", earliestDate: latestUntil };
    return { allowed: true, screeningId: latest.id };
  }
  if (result.outcome === "deferred") {
    if (undated || result.awaitingResolution) return { allowed: false, reason: "awaiting-resolution", earliestDate: latestUntil };
    return { allowed: false, reason: "deferred", earliestDate: result.earliestDate };
  }
  return { allowed: true, screeningId: latest.id };
}

// ---------------------------------------------------------------------------
// Key rotation

/** Re-encrypts every screening value not under the active key (called by reencryptHealthData, in its transaction). */
export async function reencryptScreeningData(
  tx: Tx,
  keyRing: KeyRing,
  decryptOrStop: (value: string, context: string, what: string) => string,
  bump: (organizationId: string) => void,
): Promise<number> {
  const active = keyRing.activeKeyId;
  let n = 0;
  const stale = (column: unknown) => sql`split_part(${column}, ':', 2) <> ${active}`;
  for (const r of await tx
    .select()
    .from(clientScreenings)
    .where(sql`${stale(clientScreenings.answersEncrypted)} OR ${stale(clientScreenings.resultEncrypted)}`)
    .for("update")) {
    const answers = decryptOrStop(r.answersEncrypted, answersContext(r), `screening ${r.id}`);
    const result = decryptOrStop(r.resultEncrypted, resultContext(r), `screening ${r.id}`);
    await tx
      .update(clientScreenings)
      .set({ answersEncrypted: keyRing.encrypt(answers, answersContext(r)), resultEncrypted: keyRing.encrypt(result, resultContext(r)) })
      .where(eq(clientScreenings.id, r.id));
    bump(r.organizationId);
    n++;
  }
  for (const r of await tx.select().from(screeningReviews).where(stale(screeningReviews.noteEncrypted)).for("update")) {
    // A review keeps the context it was written under: a JSON body since decision 0021, a plain note before.
    let context = reviewContextV2(r);
    try {
      keyRing.decrypt(r.noteEncrypted, context);
    } catch (error) {
      if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
      context = reviewContext(r);
    }
    const note = decryptOrStop(r.noteEncrypted, context, `screening review ${r.id}`);
    await tx
      .update(screeningReviews)
      .set({ noteEncrypted: keyRing.encrypt(note, context) })
      .where(eq(screeningReviews.id, r.id));
    bump(r.organizationId);
    n++;
  }
  // Carried self-check answers are short-lived: re-encrypt them too rather than lose them mid-booking.
  for (const r of await tx.select().from(pendingSelfChecks).where(stale(pendingSelfChecks.answersEncrypted)).for("update")) {
    const answers = decryptOrStop(r.answersEncrypted, pendingContext(r), "carried self-check answers");
    await tx
      .update(pendingSelfChecks)
      .set({ answersEncrypted: keyRing.encrypt(answers, pendingContext(r)) })
      .where(eq(pendingSelfChecks.tokenHash, r.tokenHash));
    bump(r.organizationId);
    n++;
  }
  return n;
}
