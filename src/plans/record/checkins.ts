// Check-ins after a session (docs/checkins.md): on the clinic's check-in days
// after a completed treatment the client answers "how is your skin?" in their
// portal; an answer outside the expected course (src/plans/checkin.ts) puts a
// follow-up on the list of the session's practitioner and of the owner, who
// closes it with a note and may record it on the chart as an adverse event.
//
// Answers and notes are health information: encrypted like a chart (the
// SHA-256 of an answer is kept and checked on every read), every read and
// change audited. The photo a client may send with an answer is stored with
// it, through the skin-photo pipeline (./checkin-photos.ts). Who sees what:
// - the client: their own completed treatments only, each check-in day once;
// - the follow-up list: the owner sees every open follow-up of the clinic, a
//   practitioner those of the sessions they gave. The list names the client,
//   the session's date and "needs a call", nothing of the answer; each client
//   listed is audited as a view of the list ("follow-up-list");
// - opening a follow-up (the answer) is a view of the health record decided by
//   withAccess: the care team routinely, an owner outside it by breaking the
//   glass (src/privacy/access.ts);
// - closing it with a note: the owner or the session's practitioner, once
//   they reach the record (a break-the-glass owner included: a follow-up must
//   not stay open because its practitioner has left); recording it on the
//   chart is an addendum, under the chart's own rules (the care team only).
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";
import type { Db, DbOrTx, Tx } from "../../db/open.ts";
import { appointments, authUsers, checkinSettings, clients, practitioners, services } from "../../db/schema.ts";
import { can, type Actor } from "../../kernel/access.ts";
import { DomainError, FieldError, ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { isPlainText } from "../../kernel/text.ts";
import {
  HEALTH_ACTIONS,
  auditClientHealth,
  auditStaffHealth,
  clientsLockedAgainst,
  withAccess,
  type ClientActor,
} from "../../privacy/access.ts";
import { checkinResponses, checkinFollowUps, type FollowUpStatus } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import { reencryptRows, type Rotation } from "../../privacy/rotation.ts";
import { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "../../scheduling/appointment-joins.ts";
import { loadClinic } from "../../scheduling/clinic.ts";
import { addDays, localDateOf, localDateTimeToEpoch } from "../../scheduling/time.ts";
import { scheduleJob } from "../../jobs/jobs.ts";
import type { JobHandlers } from "../../jobs/worker.ts";
import { clientLocaleOf, type ClientLocale } from "../../clients/locale.ts";
import { htmlOfLines, type ComposedMessage } from "../../notifications/booking-messages.ts";
import { enqueueMessage } from "../../notifications/outbox.ts";
import { composeCheckinText, enqueueTextFor } from "../../notifications/texts.ts";
import {
  CHECKIN_DAY_MAX,
  CHECKIN_DAY_MIN,
  DEFAULT_CHECKIN_DAYS,
  REASON_LABELS,
  answerLines,
  daysAfter,
  judgeCheckin,
  parseCheckinAnswers,
  type CheckinAnswers,
  type CheckinField,
  type CheckinFieldProblem,
  type CheckinJudgement,
  type CheckinReason,
} from "../checkin.ts";
import { cleanPhoto, PhotoInputError, type CleanPhoto, type PhotoProblem } from "../photos.ts";
import { addChartAddendum } from "./chart.ts";
import { canonicalJson } from "./content.ts";
import { sha256 } from "./chart-read.ts";
import { checkinPhotosOf, reencryptCheckinPhotos, storeCheckinPhoto, type CheckinPhotoSummary } from "./checkin-photos.ts";

/** How many days a check-in stays open (its own day and the next), unless the next check-in day comes first. CLIN. */
export const CHECKIN_OPEN_DAYS = 2;
/** The note a follow-up is closed with. */
export const FOLLOW_UP_NOTE_MIN = 2;
export const FOLLOW_UP_NOTE_MAX = 2000;

export const answersContext = (r: { organizationId: string; id: string }) =>
  `checkin_responses.answers_encrypted/${r.organizationId}/${r.id}`;
export const followUpNoteContext = (r: { organizationId: string; id: string }) => `follow_ups.note_encrypted/${r.organizationId}/${r.id}`;

export interface CheckinDays {
  firstDay: number;
  secondDay: number;
}

// ---------------------------------------------------------------------------
// The clinic's check-in days: clinic data, not health information.

export async function getCheckinDays(db: DbOrTx, organizationId: string): Promise<CheckinDays> {
  const [row] = await db.select().from(checkinSettings).where(eq(checkinSettings.organizationId, organizationId)).limit(1);
  return row ? { firstDay: row.firstDay, secondDay: row.secondDay } : { ...DEFAULT_CHECKIN_DAYS };
}

/** The owner or a manager changes the days; the change and its before/after are audited. */
export async function updateCheckinDays(
  db: Db,
  o: { staff: Pick<Actor, "userId" | "role" | "organizationId">; input: { firstDay?: unknown; secondDay?: unknown }; now?: number },
): Promise<{ changed: boolean; days: CheckinDays }> {
  if (!can(o.staff.role, "settings.manage")) throw new ForbiddenError("change the check-in days");
  const whole = (v: unknown) => {
    const s = typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
    return /^\d{1,2}$/.test(s) ? Number(s) : Number.NaN;
  };
  const firstDay = whole(o.input.firstDay);
  const secondDay = whole(o.input.secondDay);
  const range = `Enter a whole number of days from ${CHECKIN_DAY_MIN} to ${CHECKIN_DAY_MAX}.`;
  const errors: Record<string, string> = {};
  if (!(firstDay >= CHECKIN_DAY_MIN && firstDay <= CHECKIN_DAY_MAX)) errors.firstDay = range;
  if (!(secondDay >= CHECKIN_DAY_MIN && secondDay <= CHECKIN_DAY_MAX)) errors.secondDay = range;
  else if (!errors.firstDay && secondDay <= firstDay) errors.secondDay = "The second check-in comes after the first: choose a later day.";
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  const next = { firstDay, secondDay };
  const now = new Date(o.now ?? Date.now());
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(checkinSettings).where(eq(checkinSettings.organizationId, o.staff.organizationId)).for("update");
    const before = row ? { firstDay: row.firstDay, secondDay: row.secondDay } : { ...DEFAULT_CHECKIN_DAYS };
    if (before.firstDay === firstDay && before.secondDay === secondDay) return { changed: false, days: before };
    await tx
      .insert(checkinSettings)
      .values({ organizationId: o.staff.organizationId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: checkinSettings.organizationId, set: { ...next, updatedAt: now } });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "checkin-settings.update",
      entityType: "checkin_settings",
      entityId: o.staff.organizationId,
      details: { before, after: next },
    });
    return { changed: true, days: next };
  });
}

/** The check-in day (of the clinic's two) open `n` days after a session, or null. */
export function openCheckinDay(days: CheckinDays, n: number): number | null {
  if (n >= days.secondDay && n < days.secondDay + CHECKIN_OPEN_DAYS) return days.secondDay;
  if (n >= days.firstDay && n < Math.min(days.firstDay + CHECKIN_OPEN_DAYS, days.secondDay)) return days.firstDay;
  return null;
}

// ---------------------------------------------------------------------------
// The client's side

export interface DueCheckin {
  appointmentId: string;
  /** The check-in day (days after the session, as the clinic set it). */
  day: number;
  startMs: number;
  serviceName: string;
  serviceNameFr: string;
  practitionerName: string;
}

/** A completed treatment of this client, with what the check-in needs; null when it is not one. */
async function clientTreatment(tx: DbOrTx, client: ClientActor, appointmentId: string) {
  if (!isUuid(appointmentId)) return null;
  const [row] = await completedTreatments(tx, client, eq(appointments.id, appointmentId));
  return row ?? null;
}

/** The client's completed treatments that meet `where`, with their service and practitioner. */
function completedTreatments(db: DbOrTx, client: ClientActor, where: SQL) {
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      practitionerId: appointments.practitionerId,
      serviceName: services.name,
      serviceNameFr: services.nameFr,
      practitionerName: practitioners.name,
    })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
    .where(
      and(
        where,
        eq(appointments.organizationId, client.organizationId),
        eq(appointments.clientId, client.clientId),
        eq(appointments.status, "completed"),
        eq(services.kind, "treatment"),
      ),
    );
}

/**
 * The check-ins open for this client now: each completed treatment whose
 * check-in day (in the clinic's time zone, from the session's local date) has
 * come and that is not answered yet. Reads no answer; writes nothing.
 */
export async function dueCheckins(db: DbOrTx, o: { client: ClientActor; now: number }): Promise<DueCheckin[]> {
  const { organizationId, clientId } = o.client;
  const clinic = await loadClinic(db, organizationId);
  const tz = clinic.location.timeZone;
  const days = await getCheckinDays(db, organizationId);
  // Sessions older than the last check-in day's window cannot have one open.
  const since = new Date(o.now - (days.secondDay + CHECKIN_OPEN_DAYS + 1) * 86_400_000);
  const done = await completedTreatments(db, o.client, sql`${appointments.startsAt} >= ${since}`).orderBy(desc(appointments.startsAt));
  if (done.length === 0) return [];
  const answered = await db
    .select({ appointmentId: checkinResponses.appointmentId, day: checkinResponses.day })
    .from(checkinResponses)
    .where(
      and(
        eq(checkinResponses.organizationId, organizationId),
        eq(checkinResponses.clientId, clientId),
        inArray(
          checkinResponses.appointmentId,
          done.map((a) => a.id),
        ),
      ),
    );
  const today = localDateOf(o.now, tz);
  const due: DueCheckin[] = [];
  for (const a of done) {
    const day = openCheckinDay(days, daysAfter(localDateOf(a.startsAt.getTime(), tz), today));
    if (day === null || answered.some((r) => r.appointmentId === a.id && r.day === day)) continue;
    due.push({
      appointmentId: a.id,
      day,
      startMs: a.startsAt.getTime(),
      serviceName: a.serviceName,
      serviceNameFr: a.serviceNameFr,
      practitionerName: a.practitionerName,
    });
  }
  return due;
}

/** The check-in asked for is not open: not this client's completed treatment, not its day, or answered already. */
export class CheckinNotOpenError extends DomainError {
  readonly why: "not-found" | "not-due" | "answered";
  constructor(why: "not-found" | "not-due" | "answered") {
    super(why === "not-found" ? "not-found" : "conflict", "This check-in is not open.");
    this.name = "CheckinNotOpenError";
    this.why = why;
  }
}

/** The answers the client sent were not all given, the note was refused, or the photo could not be read; per field, for the page to word. */
export class CheckinAnswersError extends DomainError {
  readonly problems: Partial<Record<CheckinField, CheckinFieldProblem>>;
  readonly photo: PhotoProblem | null;
  constructor(problems: Partial<Record<CheckinField, CheckinFieldProblem>>, photo: PhotoProblem | null = null) {
    super("invalid", photo && Object.keys(problems).length === 0 ? "The photo could not be used." : "Some questions are not answered.");
    this.name = "CheckinAnswersError";
    this.problems = problems;
    this.photo = photo;
  }
}

/** The photo as sent, re-encoded without its metadata (src/plans/photos.ts); null when none was sent. */
async function cleanSentPhoto(photo: Uint8Array | null | undefined): Promise<{ photo: CleanPhoto | null; problem: PhotoProblem | null }> {
  if (!photo || photo.byteLength === 0) return { photo: null, problem: null };
  try {
    return { photo: await cleanPhoto(photo), problem: null };
  } catch (error) {
    if (error instanceof PhotoInputError) return { photo: null, problem: error.problem };
    throw error;
  }
}

/** The open check-in of this session for the questionnaire page, or why there is none. Audited as the client's own view. */
export async function openClientCheckin(
  db: Db,
  o: { client: ClientActor; appointmentId: string; day: number; now: number },
): Promise<DueCheckin> {
  return db.transaction(async (tx) => {
    const a = await clientTreatment(tx, o.client, o.appointmentId);
    if (!a) throw new CheckinNotOpenError("not-found");
    const due = (await dueCheckins(tx, { client: o.client, now: o.now })).find((d) => d.appointmentId === a.id);
    if (!due || due.day !== o.day) {
      const [done] = await tx
        .select({ id: checkinResponses.id })
        .from(checkinResponses)
        .where(and(eq(checkinResponses.appointmentId, a.id), eq(checkinResponses.day, o.day)));
      throw new CheckinNotOpenError(done ? "answered" : "not-due");
    }
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "checkin", appointmentId: a.id, day: o.day });
    return due;
  });
}

/**
 * The client answers a check-in: their own completed treatment, on its open
 * check-in day, once. The answer is judged, stored encrypted and, when it is
 * outside the expected course, a follow-up opens in the same transaction.
 * A photo sent with it (the file's bytes as uploaded) is re-encoded without
 * its metadata first and stored with the answer, or refused with it: nothing
 * is kept of an answer whose photo could not be used.
 */
export async function answerCheckin(
  db: Db,
  o: {
    client: ClientActor;
    keyRing: KeyRing;
    appointmentId: string;
    day: number;
    input: Readonly<Record<string, unknown>>;
    photo?: Uint8Array | null;
    now: number;
  },
): Promise<CheckinJudgement & { checkinId: string; followUpId: string | null; photoId: string | null }> {
  const parsed = parseCheckinAnswers(o.input);
  const sent = await cleanSentPhoto(o.photo);
  if (!parsed.ok || sent.problem) throw new CheckinAnswersError(parsed.ok ? {} : parsed.errors, sent.problem);
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const a = await clientTreatment(tx, o.client, o.appointmentId);
    if (!a) throw new CheckinNotOpenError("not-found");
    const clinic = await loadClinic(tx, organizationId);
    const tz = clinic.location.timeZone;
    const n = daysAfter(localDateOf(a.startsAt.getTime(), tz), localDateOf(o.now, tz));
    const open = openCheckinDay(await getCheckinDays(tx, organizationId), n);
    if (open !== o.day) throw new CheckinNotOpenError("not-due");
    // Judged on the day it is answered: a day-1 check-in answered on day 2 is held to day 2.
    const judgement = judgeCheckin(parsed.answers, n, { photo: sent.photo !== null });
    const id = randomUUID();
    const json = canonicalJson(parsed.answers);
    const inserted = await tx
      .insert(checkinResponses)
      .values({
        id,
        organizationId,
        clientId,
        appointmentId: a.id,
        day: o.day,
        answersEncrypted: o.keyRing.encrypt(json, answersContext({ organizationId, id })),
        answersSha256: sha256(json),
        outcome: judgement.outcome,
        createdAt: new Date(o.now),
      })
      .onConflictDoNothing({ target: [checkinResponses.organizationId, checkinResponses.appointmentId, checkinResponses.day] })
      .returning({ id: checkinResponses.id });
    if (inserted.length === 0) throw new CheckinNotOpenError("answered");
    const photoId = sent.photo
      ? await storeCheckinPhoto(tx, o.keyRing, { organizationId, clientId, checkinId: id, photo: sent.photo, now: o.now })
      : null;
    let followUpId: string | null = null;
    if (judgement.outcome === "follow-up") {
      followUpId = randomUUID();
      await tx.insert(checkinFollowUps).values({
        id: followUpId,
        organizationId,
        clientId,
        appointmentId: a.id,
        checkinId: id,
        status: "open",
        createdAt: new Date(o.now),
      });
    }
    // The outcome only: what the client said stays in the encrypted answer.
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.edit, {
      change: "checkin-answered",
      appointmentId: a.id,
      day: o.day,
      outcome: judgement.outcome,
      ...(photoId ? { photoId } : {}),
    });
    return { ...judgement, checkinId: id, followUpId, photoId };
  });
}

// ---------------------------------------------------------------------------
// The staff's side

export interface FollowUpListEntry {
  id: string;
  clientId: string;
  clientName: string;
  appointmentId: string;
  sessionStartMs: number;
  practitionerName: string;
  day: number;
  createdAt: number;
  status: FollowUpStatus;
}

/** Whether this staff member has a follow-up list: the owner (all of the clinic's) or anyone who treats (their sessions'). */
export function hasFollowUpList(staff: Pick<Actor, "role" | "practitionerId">): boolean {
  return staff.role === "owner" || staff.practitionerId !== null;
}

/** Who may see a follow-up of this session at all: the owner, or the practitioner who gave it. */
function mayFollowUp(staff: Pick<Actor, "role" | "practitionerId">, sessionPractitionerId: string): boolean {
  return staff.role === "owner" || (staff.practitionerId !== null && staff.practitionerId === sessionPractitionerId);
}

/**
 * The follow-ups on this staff member's list, newest first: open ones, or the
 * latest closed ones. Client name, session and "needs a call" only; records
 * locked against this staff member are left out. Each client listed is
 * audited as a view of the list.
 */
export async function listFollowUps(
  db: Db,
  o: { staff: Actor; status?: FollowUpStatus; limit?: number; now?: number },
): Promise<FollowUpListEntry[]> {
  if (!hasFollowUpList(o.staff)) return [];
  const status = o.status ?? "open";
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        f: checkinFollowUps,
        clientName: clients.name,
        startsAt: appointments.startsAt,
        practitionerName: practitioners.name,
        day: checkinResponses.day,
      })
      .from(checkinFollowUps)
      .innerJoin(appointments, eq(appointments.id, checkinFollowUps.appointmentId))
      .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
      .innerJoin(clients, eq(clients.id, checkinFollowUps.clientId))
      .innerJoin(checkinResponses, eq(checkinResponses.id, checkinFollowUps.checkinId))
      .where(
        and(
          eq(checkinFollowUps.organizationId, o.staff.organizationId),
          eq(checkinFollowUps.status, status),
          o.staff.role === "owner" ? undefined : eq(appointments.practitionerId, o.staff.practitionerId!),
        ),
      )
      .orderBy(status === "open" ? asc(checkinFollowUps.createdAt) : desc(checkinFollowUps.closedAt), asc(checkinFollowUps.id))
      .limit(o.limit ?? 100);
    const locked = await clientsLockedAgainst(
      tx,
      o.staff,
      rows.map((r) => r.f.clientId),
    );
    const list = rows
      .filter((r) => !locked.has(r.f.clientId))
      .map((r): FollowUpListEntry => ({
        id: r.f.id,
        clientId: r.f.clientId,
        clientName: r.clientName,
        appointmentId: r.f.appointmentId,
        sessionStartMs: r.startsAt.getTime(),
        practitionerName: r.practitionerName,
        day: r.day,
        createdAt: r.f.createdAt.getTime(),
        status: r.f.status,
      }));
    for (const clientId of new Set(list.map((e) => e.clientId)))
      await auditStaffHealth(tx, o.staff, clientId, HEALTH_ACTIONS.view, { part: "follow-up-list", status, role: o.staff.role });
    return list;
  });
}

export interface FollowUpView extends FollowUpListEntry {
  /** The answers; null when the stored answer failed its integrity check. */
  answers: CheckinAnswers | null;
  lines: { label: string; answer: string }[];
  reasons: { id: CheckinReason; label: string }[];
  answeredAt: number;
  /** Days after the session when it was answered, the day it was judged on. */
  answeredOnDay: number;
  closedBy: string | null;
  closedAt: number | null;
  /** The closing note; null while open, or when it failed to decrypt. */
  note: string | null;
  /** The photo the client sent with the answer, without its bytes (viewCheckinPhoto serves them). */
  photo: CheckinPhotoSummary | null;
}

async function followUpRow(tx: DbOrTx, staff: Actor, followUpId: string) {
  if (!isUuid(followUpId)) return null;
  const [row] = await tx
    .select({
      f: checkinFollowUps,
      c: checkinResponses,
      clientName: clients.name,
      startsAt: appointments.startsAt,
      practitionerId: appointments.practitionerId,
      practitionerName: practitioners.name,
    })
    .from(checkinFollowUps)
    .innerJoin(checkinResponses, eq(checkinResponses.id, checkinFollowUps.checkinId))
    .innerJoin(appointments, eq(appointments.id, checkinFollowUps.appointmentId))
    .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
    .innerJoin(clients, eq(clients.id, checkinFollowUps.clientId))
    .where(and(eq(checkinFollowUps.id, followUpId), eq(checkinFollowUps.organizationId, staff.organizationId)));
  return row && mayFollowUp(staff, row.practitionerId) ? row : null;
}

/** The follow-up asked for is not one this staff member has on their list. */
class FollowUpNotFoundError extends NotFoundError {
  constructor() {
    super("The follow-up");
  }
}

function decryptAnswers(keyRing: KeyRing, c: typeof checkinResponses.$inferSelect): CheckinAnswers | null {
  try {
    const json = keyRing.decrypt(c.answersEncrypted, answersContext(c));
    return sha256(json) === c.answersSha256 ? (JSON.parse(json) as CheckinAnswers) : null;
  } catch (error) {
    if (isUnreadable(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** One follow-up with the client's answer: a view of the health record, decided and audited by withAccess. */
export async function openFollowUp(db: Db, o: { staff: Actor; keyRing: KeyRing; followUpId: string; now?: number }): Promise<FollowUpView> {
  const now = o.now ?? Date.now();
  const row = await followUpRow(db, o.staff, o.followUpId);
  if (!row) throw new FollowUpNotFoundError();
  return withAccess(db, { staff: o.staff, clientId: row.f.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const clinic = await loadClinic(tx, o.staff.organizationId);
    const tz = clinic.location.timeZone;
    const answers = decryptAnswers(o.keyRing, row.c);
    const answeredOnDay = daysAfter(localDateOf(row.startsAt.getTime(), tz), localDateOf(row.c.createdAt.getTime(), tz));
    const photos = await checkinPhotosOf(tx, { organizationId: o.staff.organizationId, clientId: row.f.clientId, checkinIds: [row.c.id] });
    const photo = photos.get(row.c.id) ?? null;
    const judgement = answers ? judgeCheckin(answers, answeredOnDay, { photo: photo !== null }) : null;
    let note: string | null = null;
    if (row.f.noteEncrypted) {
      try {
        note = o.keyRing.decrypt(row.f.noteEncrypted, followUpNoteContext(row.f));
      } catch (error) {
        if (!isUnreadable(error)) throw error;
      }
    }
    const [closer] = row.f.closedByUserId
      ? await tx.select({ name: authUsers.name }).from(authUsers).where(eq(authUsers.id, row.f.closedByUserId))
      : [];
    const closedBy = row.f.closedByUserId ? (closer?.name ?? "A former staff member") : null;
    await auditStaffHealth(tx, o.staff, row.f.clientId, HEALTH_ACTIONS.view, {
      part: "follow-up",
      followUpId: row.f.id,
      appointmentId: row.f.appointmentId,
      role: o.staff.role,
      access: via,
    });
    return {
      id: row.f.id,
      clientId: row.f.clientId,
      clientName: row.clientName,
      appointmentId: row.f.appointmentId,
      sessionStartMs: row.startsAt.getTime(),
      practitionerName: row.practitionerName,
      day: row.c.day,
      createdAt: row.f.createdAt.getTime(),
      status: row.f.status,
      answers,
      lines: answers ? answerLines(answers).map(({ label, answer }) => ({ label, answer })) : [],
      reasons: (judgement?.reasons ?? []).map((id) => ({ id, label: REASON_LABELS[id] })),
      answeredAt: row.c.createdAt.getTime(),
      answeredOnDay,
      closedBy,
      closedAt: row.f.closedAt?.getTime() ?? null,
      note,
      photo,
    };
  });
}

/** The follow-up was closed (by someone else, or in another window). */
export class FollowUpClosedError extends DomainError {
  constructor() {
    super("conflict", "This follow-up is already closed.");
    this.name = "FollowUpClosedError";
  }
}

/** Closes a follow-up with a note of what was done: encrypted, audited as a change of the record. */
export async function closeFollowUp(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; followUpId: string; note: string; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  const note = (typeof o.note === "string" ? o.note : "").replace(/\r\n/g, "\n").trim();
  if (note.length < FOLLOW_UP_NOTE_MIN) throw new FieldError({ note: "Write what was done (who called whom, and what was advised)." });
  if (note.length > FOLLOW_UP_NOTE_MAX) throw new FieldError({ note: `Use at most ${FOLLOW_UP_NOTE_MAX} characters.` });
  if (!isPlainText(note)) throw new FieldError({ note: "Remove the control characters from the text." });
  const row = await followUpRow(db, o.staff, o.followUpId);
  if (!row) throw new FollowUpNotFoundError();
  await withAccess(db, { staff: o.staff, clientId: row.f.clientId, now, attempted: "edit" }, async (tx: Tx, _d, via) => {
    const organizationId = o.staff.organizationId;
    const updated = await tx
      .update(checkinFollowUps)
      .set({
        status: "closed",
        closedAt: new Date(now),
        closedByUserId: o.staff.userId,
        noteEncrypted: o.keyRing.encrypt(note, followUpNoteContext({ organizationId, id: row.f.id })),
      })
      .where(
        and(eq(checkinFollowUps.id, row.f.id), eq(checkinFollowUps.organizationId, organizationId), eq(checkinFollowUps.status, "open")),
      )
      .returning({ id: checkinFollowUps.id });
    if (updated.length === 0) throw new FollowUpClosedError();
    await auditStaffHealth(tx, o.staff, row.f.clientId, HEALTH_ACTIONS.edit, {
      change: "follow-up-closed",
      followUpId: row.f.id,
      appointmentId: row.f.appointmentId,
      role: o.staff.role,
      access: via,
    });
  });
}

/** The addendum that records a check-in on the session's chart as an adverse event. */
export function adverseEventText(v: Pick<FollowUpView, "day" | "answeredOnDay" | "reasons" | "lines">, answeredOn: string): string {
  return [
    `Adverse event reported by the client at the day-${v.day} check-in (answered ${answeredOn}, day ${v.answeredOnDay} after the session).`,
    `Outside the expected course: ${v.reasons.map((r) => r.label).join("; ") || "—"}.`,
    `Answers: ${v.lines.map((l) => `${l.label}: ${l.answer}`).join("; ")}.`,
  ].join("\n");
}

/**
 * Records the check-in on the session's chart as an adverse event: an
 * addendum with the answer's summary, under the chart's rules (a signed
 * chart; the care team). Reading the answer is audited as a view.
 */
export async function recordAdverseEvent(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; followUpId: string; now?: number },
): Promise<{ addendumId: string }> {
  const now = o.now ?? Date.now();
  const view = await openFollowUp(db, { ...o, now });
  if (!view.answers)
    throw new DomainError("conflict", "This answer can't be read (it failed its integrity check): write the addendum yourself.");
  const clinic = await loadClinic(db, o.staff.organizationId);
  const body = adverseEventText(view, localDateOf(view.answeredAt, clinic.location.timeZone));
  const { id } = await addChartAddendum(db, { staff: o.staff, keyRing: o.keyRing, appointmentId: view.appointmentId, body, now });
  return { addendumId: id };
}

// ---------------------------------------------------------------------------
// The client's record and its exports (src/privacy/client-record.ts)

/** One answered check-in as the client's record holds it, with its follow-up. */
export interface CheckinExportView {
  id: string;
  appointmentId: string;
  /** When the session started. */
  sessionStartMs: number;
  /** The check-in day (days after the session, as the clinic set it). */
  day: number;
  answeredAt: number;
  outcome: "expected" | "follow-up";
  /** null when the stored answer failed to decrypt or its SHA-256 check (`damaged`). */
  answers: CheckinAnswers | null;
  damaged: boolean;
  answersSha256: string;
  /** The answers in staff words (English), in the page's order; empty when damaged. */
  lines: { question: CheckinField; label: string; answer: string }[];
  followUp: {
    id: string;
    status: FollowUpStatus;
    createdAt: number;
    closedAt: number | null;
    closedBy: string | null;
    /** The closing note; null while open, or when it failed to decrypt (`noteDamaged`). */
    note: string | null;
    noteDamaged: boolean;
  } | null;
  /** The photo the client sent with the answer: what it is and when it came, never its bytes. */
  photo: CheckinPhotoSummary | null;
}

/**
 * The client's answered check-ins, oldest first, each with its answers
 * (decrypted and checked; `damaged` instead of an error) and its follow-up
 * with the closing note. Runs in the caller's audited transaction (the
 * client's own view or export, or withAccess); writes nothing.
 */
export async function checkinsForExport(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
): Promise<CheckinExportView[]> {
  const rows = await tx
    .select({ c: checkinResponses, f: checkinFollowUps, startsAt: appointments.startsAt, closer: authUsers.name })
    .from(checkinResponses)
    .innerJoin(appointments, eq(appointments.id, checkinResponses.appointmentId))
    .leftJoin(checkinFollowUps, eq(checkinFollowUps.checkinId, checkinResponses.id))
    .leftJoin(authUsers, eq(authUsers.id, checkinFollowUps.closedByUserId))
    .where(and(eq(checkinResponses.organizationId, organizationId), eq(checkinResponses.clientId, clientId)))
    .orderBy(asc(checkinResponses.createdAt), asc(checkinResponses.id));
  const photos = await checkinPhotosOf(tx, { organizationId, clientId, checkinIds: rows.map((r) => r.c.id) });
  return rows.map(({ c, f, startsAt, closer }) => {
    const answers = decryptAnswers(keyRing, c);
    let note: string | null = null;
    let noteDamaged = false;
    if (f?.noteEncrypted) {
      try {
        note = keyRing.decrypt(f.noteEncrypted, followUpNoteContext(f));
      } catch (error) {
        if (!isUnreadable(error)) throw error;
        noteDamaged = true;
      }
    }
    return {
      id: c.id,
      appointmentId: c.appointmentId,
      sessionStartMs: startsAt.getTime(),
      day: c.day,
      answeredAt: c.createdAt.getTime(),
      outcome: c.outcome,
      answers,
      damaged: answers === null,
      answersSha256: c.answersSha256,
      lines: answers ? answerLines(answers) : [],
      followUp: f
        ? {
            id: f.id,
            status: f.status,
            createdAt: f.createdAt.getTime(),
            closedAt: f.closedAt?.getTime() ?? null,
            closedBy: f.closedByUserId ? (closer ?? "A former staff member") : null,
            note,
            noteDamaged,
          }
        : null,
      photo: photos.get(c.id) ?? null,
    };
  });
}

// ---------------------------------------------------------------------------
// Key rotation (called from ./key-rotation.ts)

/** Re-encrypts every check-in answer, photo and follow-up note not under the active key. An answer is frozen but for this. */
export async function reencryptCheckinData(rotation: Rotation): Promise<number> {
  const { tx } = rotation;
  const answers = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(checkinResponses)
        .where(rotation.stale(checkinResponses.answersEncrypted))
        .orderBy(asc(checkinResponses.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(checkinResponses)
        .set({ answersEncrypted: rotation.reencrypt(r.answersEncrypted, answersContext(r), `check-in ${r.id}`) })
        .where(and(eq(checkinResponses.organizationId, r.organizationId), eq(checkinResponses.id, r.id)));
    },
  );
  const notes = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(checkinFollowUps)
        .where(and(sql`${checkinFollowUps.noteEncrypted} IS NOT NULL`, rotation.stale(checkinFollowUps.noteEncrypted)))
        .orderBy(asc(checkinFollowUps.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(checkinFollowUps)
        .set({ noteEncrypted: rotation.reencrypt(r.noteEncrypted!, followUpNoteContext(r), `follow-up ${r.id}`) })
        .where(and(eq(checkinFollowUps.organizationId, r.organizationId), eq(checkinFollowUps.id, r.id)));
    },
  );
  return answers + notes + (await reencryptCheckinPhotos(rotation));
}

// ---------------------------------------------------------------------------
// The invitations (docs/jobs.md): an e-mail on each check-in day with a link
// to the portal. The portal shows open check-ins whether or not the e-mail
// went; the e-mail names no treatment, no skin and no answer.

export const CHECKIN_INVITE = "checkin-invite";
/** The local time the invitation goes out on its day. CLIN: a morning hour, so the clinic can call back the same day. */
export const CHECKIN_INVITE_TIME = "10:00";

/**
 * Schedules the day-1 and day-3 (the clinic's days) invitations of a
 * treatment completed now, in the completing transaction. A consultation or
 * a session that is not a treatment gets none.
 */
export async function scheduleCheckinInvites(tx: Tx, o: { organizationId: string; appointmentId: string }): Promise<void> {
  const [a] = await tx
    .select({ startsAt: appointments.startsAt, kind: services.kind, status: appointments.status })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.organizationId)));
  if (!a || a.kind !== "treatment") return;
  const clinic = await loadClinic(tx, o.organizationId);
  const tz = clinic.location.timeZone;
  const sessionDate = localDateOf(a.startsAt.getTime(), tz);
  const days = await getCheckinDays(tx, o.organizationId);
  for (const day of [days.firstDay, days.secondDay]) {
    // A time skipped by a DST change does not exist that day: an hour later does.
    const date = addDays(sessionDate, day);
    const runAt = localDateTimeToEpoch(date, CHECKIN_INVITE_TIME, tz) ?? localDateTimeToEpoch(date, "11:00", tz)!;
    await scheduleJob(tx, {
      organizationId: o.organizationId,
      kind: CHECKIN_INVITE,
      runAt,
      dedupeKey: `${CHECKIN_INVITE}:${o.appointmentId}:${day}`,
      appointmentId: o.appointmentId,
      payload: { appointmentId: o.appointmentId, day },
    });
  }
}

const INVITE: Record<
  ClientLocale,
  { subject: string; hello: string; intro: (clinic: string) => string; worry: (phone: string) => string; button: string }
> = {
  en: {
    subject: "A quick question about your visit",
    hello: "Hello,",
    intro: (clinic) => `${clinic} would like to know how you are doing after your visit. It takes a minute, in your account:`,
    worry: (phone) => `If something worries you, call us at ${phone}.`,
    button: "Answer in your account",
  },
  fr: {
    subject: "Une petite question sur votre visite",
    hello: "Bonjour,",
    intro: (clinic) => `${clinic} aimerait savoir comment vous allez depuis votre visite. Cela prend une minute, dans votre compte\u00a0:`,
    worry: (phone) => `Si quelque chose vous inquiète, appelez-nous au ${phone}.`,
    button: "Répondre dans votre compte",
  },
};

/** The invitation: a link to the check-in in the portal, and nothing about the visit. */
export function composeCheckinInvite(m: {
  to: string;
  clinicName: string;
  clinicPhone: string;
  url: string;
  locale: ClientLocale;
}): ComposedMessage {
  const copy = INVITE[m.locale];
  const lines = [copy.hello, "", copy.intro(m.clinicName), "", m.url, "", copy.worry(m.clinicPhone), "", m.clinicName];
  return {
    to: m.to,
    subject: `${copy.subject} — ${m.clinicName}`,
    text: lines.join("\n"),
    html: htmlOfLines(m.locale, lines, { url: m.url, text: copy.button }, "\n"),
    ics: null,
  };
}

/** The handler of "checkin-invite" jobs: the e-mail goes only if the check-in is still open and unanswered. */
export function checkinJobHandlers(o: { baseUrl: string }): JobHandlers {
  return {
    [CHECKIN_INVITE]: async (tx, job, ctx) => {
      const appointmentId = typeof job.payload.appointmentId === "string" ? job.payload.appointmentId : "";
      const day = typeof job.payload.day === "number" ? job.payload.day : -1;
      if (!isUuid(appointmentId)) return;
      const [a] = await tx
        .select({ clientId: appointments.clientId, status: appointments.status })
        .from(appointments)
        .where(and(eq(appointments.id, appointmentId), eq(appointments.organizationId, job.organizationId)));
      if (!a?.clientId || a.status !== "completed") return;
      const [c] = await tx
        .select({ email: clients.email, locale: clients.preferredLocale })
        .from(clients)
        .where(and(eq(clients.id, a.clientId), eq(clients.organizationId, job.organizationId)));
      if (!c?.email) return;
      const due = await dueCheckins(tx, { client: { organizationId: job.organizationId, clientId: a.clientId }, now: ctx.now });
      if (!due.some((d) => d.appointmentId === appointmentId && d.day === day)) return;
      const clinic = await loadClinic(tx, job.organizationId);
      const locale = clientLocaleOf(c.locale);
      const path = `/portal/checkin/${appointmentId}/${day}`;
      await enqueueMessage(tx, {
        organizationId: job.organizationId,
        appointmentId,
        kind: CHECKIN_INVITE,
        message: composeCheckinInvite({
          to: c.email,
          clinicName: clinic.name,
          clinicPhone: clinic.location.phone,
          url: `${o.baseUrl}${path}${locale === "fr" ? "?lang=fr" : ""}`,
          locale,
        }),
      });
      // And a text, to a client who agreed to them: a link, nothing about the visit (docs/texts.md).
      await enqueueTextFor(tx, {
        organizationId: job.organizationId,
        clientId: a.clientId,
        appointmentId,
        kind: CHECKIN_INVITE,
        compose: (textLocale) =>
          composeCheckinText({
            clinicName: clinic.name,
            url: `${o.baseUrl}${path}${textLocale === "fr" ? "?lang=fr" : ""}`,
            locale: textLocale,
          }),
      });
    },
  };
}
