// Photos over time (docs/photos.md): at each treatment session, the
// practitioner photographs each area treated in standard views, so that the
// same area and view can be compared from one session to the next. They are
// skin photos like a plan's (src/plans/record/skin-photos.ts): taken only with
// the client's photo consent for their clinical record, re-encoded without
// metadata before they reach here, encrypted, and every view of one audited.
//
// Where a photo may appear beyond the clinical record (teaching, marketing)
// is decided by the client's photo consent in force at the moment it is used,
// never copied out: photosForUse() and viewPhotoForUse() are the only way the
// rest of the product reaches them for such a use, so a withdrawn consent
// removes the client's photos from every such use at once.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/open.ts";
import { appointments, clients, services } from "../../db/schema.ts";
import { consentStanding, requirePhotoConsent, type ConsentStanding } from "../../consent/consent.ts";
import type { PhotoScope } from "../../consent/tables.ts";
import { can, type Actor } from "../../kernel/access.ts";
import { DomainError, FieldError, ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HEALTH_ACTIONS, auditClientHealth, auditStaffHealth, withAccess, type ClientActor } from "../../privacy/access.ts";
import { skinPhotos } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { loadClinic } from "../../scheduling/clinic.ts";
import { localDateOf } from "../../scheduling/time.ts";
import type { ZoneId } from "../types.ts";
import { ZONE_IDS } from "../types.ts";
import { readCharts } from "./chart-read.ts";
import { encryptPhotoBytes, decryptPhotoBytes, photoContext } from "./content.ts";
import { readPlan } from "./read.ts";
import { auditPlanChange, mayEdit } from "./staff-edit.ts";

/** The standard views, in the order they are taken (docs/photos.md). */
export const PHOTO_VIEWS = ["front", "left-45", "right-45", "left-profile", "right-profile", "close-up"] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const PHOTO_VIEW_LABELS: Record<PhotoView, string> = {
  front: "Front",
  "left-45": "Left 45°",
  "right-45": "Right 45°",
  "left-profile": "Left profile",
  "right-profile": "Right profile",
  "close-up": "Close-up",
};

export const isPhotoView = (v: unknown): v is PhotoView => typeof v === "string" && (PHOTO_VIEWS as readonly string[]).includes(v);
const isZoneId = (v: unknown): v is ZoneId => typeof v === "string" && (ZONE_IDS as readonly string[]).includes(v);

/** A session's photo, without its bytes: which session (and its day in the clinic's zone), area and view. */
export interface SessionPhoto {
  id: string;
  appointmentId: string;
  sessionStartMs: number;
  /** The session's day in the clinic's time zone (YYYY-MM-DD). */
  sessionDate: string;
  zone: ZoneId;
  view: PhotoView;
  width: number;
  height: number;
  createdAt: number;
}

/** A treatment session a photo can be taken at or compared from. */
export interface PhotoSession {
  appointmentId: string;
  startMs: number;
  localDate: string;
}

export interface PhotoComparison {
  zone: ZoneId;
  view: PhotoView;
  /** The earlier session's photo first. */
  a: SessionPhoto;
  b: SessionPhoto;
}

/** A photo is taken during a session: once it has started, and not for one that did not take place. */
export class PhotoSessionNotStartedError extends DomainError {
  constructor() {
    super("conflict", "Photos of a session are taken once it has started: check the client in, run the day-of check, then start it.");
    this.name = "PhotoSessionNotStartedError";
  }
}

// ---------------------------------------------------------------------------
// Where a photo may appear

/**
 * Whether a client's photos may appear in this use, given their photo consent
 * in force (consentStanding().photos; null once withdrawn). The clinical
 * record keeps what was taken with consent whatever happens later (records
 * are kept, docs/consent.md); teaching and marketing only within the scopes
 * the client chose and has not withdrawn.
 */
export function photoUsesAllowed(consent: ConsentStanding["photos"], use: PhotoScope): boolean {
  if (use === "record") return true;
  return consent !== null && consent.scopes.includes(use);
}

/** A photo usable beyond the record: no name, no client id, nothing but the picture's facts. */
export interface PhotoForUse {
  photoId: string;
  zone: ZoneId;
  view: PhotoView;
  width: number;
  height: number;
  sessionDate: string;
}

/** Teaching and marketing are the clinic's publishing: the roles that publish decide what is used. */
function mayUsePhotos(staff: Actor, use: PhotoScope): void {
  if (use === "record") throw new DomainError("invalid", "Photos in the clinical record are read through the client's record.");
  if (!can(staff.role, "content.publish")) throw new ForbiddenError("use clients' photos for teaching or marketing");
}

/**
 * The session photos that may be used for teaching or marketing right now:
 * only those of clients whose photo consent in force includes that use. This
 * is the one list the rest of the product takes such photos from; nothing is
 * copied, so a consent withdrawn (or a scope not chosen) leaves the client's
 * photos out from the next call on. Audited on each client's record.
 */
export async function photosForUse(db: Db, o: { staff: Actor; use: "teaching" | "marketing"; now?: number }): Promise<PhotoForUse[]> {
  mayUsePhotos(o.staff, o.use);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: skinPhotos.id,
        clientId: skinPhotos.clientId,
        zone: skinPhotos.zone,
        view: skinPhotos.view,
        width: skinPhotos.width,
        height: skinPhotos.height,
        startsAt: appointments.startsAt,
      })
      .from(skinPhotos)
      .innerJoin(appointments, and(eq(appointments.id, skinPhotos.appointmentId), eq(appointments.organizationId, organizationId)))
      .where(and(eq(skinPhotos.organizationId, organizationId), isNotNull(skinPhotos.appointmentId)))
      .orderBy(asc(appointments.startsAt), asc(skinPhotos.createdAt), asc(skinPhotos.id));
    if (rows.length === 0) return [];
    const tz = (await loadClinic(tx, organizationId)).location.timeZone;
    const allowed = new Set<string>();
    for (const clientId of new Set(rows.map((r) => r.clientId))) {
      const { photos } = await consentStanding(tx, organizationId, clientId);
      if (photoUsesAllowed(photos, o.use)) allowed.add(clientId);
    }
    for (const clientId of allowed) {
      await auditStaffHealth(tx, o.staff, clientId, HEALTH_ACTIONS.view, { part: "photo-use-list", use: o.use, role: o.staff.role });
    }
    return rows
      .filter((r) => allowed.has(r.clientId) && isZoneId(r.zone) && isPhotoView(r.view))
      .map((r) => ({
        photoId: r.id,
        zone: r.zone as ZoneId,
        view: r.view as PhotoView,
        width: r.width,
        height: r.height,
        sessionDate: localDateOf(r.startsAt.getTime(), tz),
      }));
  });
}

/**
 * One photo's bytes for teaching or marketing, decided again at this moment
 * from the client's consent in force: outside it, the photo is not found.
 * Audited on the client's record.
 */
export async function viewPhotoForUse(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; photoId: string; use: "teaching" | "marketing"; now?: number },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  mayUsePhotos(o.staff, o.use);
  const organizationId = o.staff.organizationId;
  if (!isUuid(o.photoId)) throw new NotFoundError("The photo");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(skinPhotos)
      .where(and(eq(skinPhotos.id, o.photoId), eq(skinPhotos.organizationId, organizationId), isNotNull(skinPhotos.appointmentId)))
      .limit(1);
    if (!row) throw new NotFoundError("The photo");
    const { photos } = await consentStanding(tx, organizationId, row.clientId);
    if (!photoUsesAllowed(photos, o.use)) throw new NotFoundError("The photo");
    const jpeg = decryptPhotoBytes(o.keyRing, row.bytesEncrypted, photoContext(row, "bytes"));
    await auditStaffHealth(tx, o.staff, row.clientId, HEALTH_ACTIONS.view, {
      part: "photo",
      photoId: row.id,
      use: o.use,
      role: o.staff.role,
    });
    return { jpeg, mediaType: row.mediaType };
  });
}

// ---------------------------------------------------------------------------
// Staff: taking, listing and comparing

interface PhotoAppointment {
  id: string;
  clientId: string;
  clientName: string;
  practitionerId: string;
  planId: string | null;
  startsAt: number;
  startedAt: number | null;
  status: string;
  timeZone: string;
  localDate: string;
}

/** The treatment appointment, of this clinic; anything else is not found. */
async function photoAppointment(db: Db | Tx, organizationId: string, appointmentId: string): Promise<PhotoAppointment> {
  if (!isUuid(appointmentId)) throw new NotFoundError("The treatment appointment");
  const [row] = await db
    .select({ a: appointments, kind: services.kind, clientName: clients.name })
    .from(appointments)
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .where(and(eq(appointments.id, appointmentId), eq(appointments.organizationId, organizationId)))
    .limit(1);
  if (!row || row.kind !== "treatment" || !row.a.clientId) throw new NotFoundError("The treatment appointment");
  const tz = (await loadClinic(db, organizationId)).location.timeZone;
  return {
    id: row.a.id,
    clientId: row.a.clientId,
    clientName: row.clientName,
    practitionerId: row.a.practitionerId,
    planId: row.a.planId,
    startsAt: row.a.startsAt.getTime(),
    startedAt: row.a.startedAt?.getTime() ?? null,
    status: row.a.status,
    timeZone: tz,
    localDate: localDateOf(row.a.startsAt.getTime(), tz),
  };
}

const hasTakenPlace = (a: Pick<PhotoAppointment, "startedAt" | "status">) =>
  a.startedAt !== null && (a.status === "booked" || a.status === "completed");

/** The areas a session's photos may show: those of its chart, and of the signed plan it was booked under. */
async function sessionAreas(tx: Tx, keyRing: KeyRing, organizationId: string, a: PhotoAppointment): Promise<ZoneId[]> {
  const zones = new Set<ZoneId>();
  const [chart] = await readCharts(tx, keyRing, organizationId, { appointmentIds: [a.id] });
  for (const area of chart?.chart?.areas ?? []) zones.add(area.zone);
  if (a.planId) {
    const plan = await readPlan(tx, keyRing, organizationId, a.planId);
    const signed = chart?.planVersion ? plan.versions.find((v) => v.version === chart.planVersion) : plan.accepted;
    for (const z of (signed ?? plan.accepted)?.draft?.zones ?? []) zones.add(z.zone);
  }
  return ZONE_IDS.filter((z) => zones.has(z));
}

const SESSION_PHOTO_COLUMNS = {
  id: skinPhotos.id,
  appointmentId: skinPhotos.appointmentId,
  zone: skinPhotos.zone,
  view: skinPhotos.view,
  width: skinPhotos.width,
  height: skinPhotos.height,
  createdAt: skinPhotos.createdAt,
  startsAt: appointments.startsAt,
};

/** A client's session photos (of one area and view, when given), by session then as taken. */
async function sessionPhotosOf(
  tx: Tx,
  organizationId: string,
  clientId: string,
  where: { zone?: ZoneId; view?: PhotoView; appointmentIds?: string[] } = {},
): Promise<SessionPhoto[]> {
  if (where.appointmentIds && where.appointmentIds.length === 0) return [];
  const rows = await tx
    .select(SESSION_PHOTO_COLUMNS)
    .from(skinPhotos)
    .innerJoin(appointments, and(eq(appointments.id, skinPhotos.appointmentId), eq(appointments.organizationId, organizationId)))
    .where(
      and(
        eq(skinPhotos.organizationId, organizationId),
        eq(skinPhotos.clientId, clientId),
        isNotNull(skinPhotos.appointmentId),
        where.zone ? eq(skinPhotos.zone, where.zone) : undefined,
        where.view ? eq(skinPhotos.view, where.view) : undefined,
        where.appointmentIds ? inArray(skinPhotos.appointmentId, where.appointmentIds) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(skinPhotos.createdAt), asc(skinPhotos.id));
  if (rows.length === 0) return [];
  // Dates are the clinic's days; read only once there is a photo to date.
  const timeZone = (await loadClinic(tx, organizationId)).location.timeZone;
  return rows
    .filter((r) => isZoneId(r.zone) && isPhotoView(r.view))
    .map((r) => ({
      id: r.id,
      appointmentId: r.appointmentId!,
      sessionStartMs: r.startsAt.getTime(),
      sessionDate: localDateOf(r.startsAt.getTime(), timeZone),
      zone: r.zone as ZoneId,
      view: r.view as PhotoView,
      width: r.width,
      height: r.height,
      createdAt: r.createdAt.getTime(),
    }));
}

/** The sessions of a client's that hold photos, oldest first. */
function sessionsOf(photos: SessionPhoto[]): PhotoSession[] {
  const seen = new Map<string, PhotoSession>();
  for (const p of photos)
    if (!seen.has(p.appointmentId))
      seen.set(p.appointmentId, { appointmentId: p.appointmentId, startMs: p.sessionStartMs, localDate: p.sessionDate });
  return [...seen.values()].sort((x, y) => x.startMs - y.startMs);
}

export interface SessionPhotoPage {
  appointment: Omit<PhotoAppointment, "practitionerId" | "status"> & { takenPlace: boolean };
  /** The areas photos may show: the chart's and the signed plan's. */
  areas: ZoneId[];
  /** This session's photos so far. */
  photos: SessionPhoto[];
  /** Whether the client's photo consent in force covers their clinical record (without it nothing is taken). */
  recordConsent: boolean;
  /** Whether this staff member may add photos (the role may change the record, and the session has started). */
  mayAdd: boolean;
  notAddingBecause: string | null;
}

/** The photo page of a treatment session: its areas, the photos taken so far, and what this staff member may do. Audited as a view. */
export async function openSessionPhotos(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; appointmentId: string; now?: number },
): Promise<SessionPhotoPage> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const a = await photoAppointment(db, organizationId, o.appointmentId);
  return withAccess(db, { staff: o.staff, clientId: a.clientId, now, attempted: "view" }, async (tx, d, via) => {
    const areas = await sessionAreas(tx, o.keyRing, organizationId, a);
    const photos = await sessionPhotosOf(tx, organizationId, a.clientId, { appointmentIds: [a.id] });
    const { photos: consent } = await consentStanding(tx, organizationId, a.clientId);
    await auditStaffHealth(tx, o.staff, a.clientId, HEALTH_ACTIONS.view, {
      part: "session-photos",
      appointmentId: a.id,
      role: o.staff.role,
      access: via,
    });
    const edit = mayEdit(o.staff)(d) === null;
    const recordConsent = consent !== null && consent.scopes.includes("record");
    const notAddingBecause = !edit
      ? "Your role does not allow you to change this client's health record."
      : !hasTakenPlace(a)
        ? new PhotoSessionNotStartedError().message
        : areas.length === 0
          ? "Save the chart's areas first: photos are taken of the areas treated."
          : !recordConsent
            ? "The client has not consented to photographs for their clinical record, or has withdrawn it. They choose it under Consent forms in their account, or on the clinic's tablet, before a photo is taken."
            : null;
    const { practitionerId: _p, status: _s, ...appointment } = a;
    return {
      appointment: { ...appointment, takenPlace: hasTakenPlace(a) },
      areas,
      photos,
      recordConsent,
      mayAdd: notAddingBecause === null,
      notAddingBecause,
    };
  });
}

/**
 * Stores a session photo already re-encoded without metadata
 * (src/plans/photos.ts): of the appointment's client, at a started or
 * completed treatment, of an area of its chart or signed plan, in a standard
 * view, with the client's photo consent for their record. Audited as a change.
 */
export async function addSessionPhoto(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    appointmentId: string;
    zone: string;
    view: string;
    jpeg: Uint8Array;
    width: number;
    height: number;
    now?: number;
  },
): Promise<{ id: string }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const a = await photoAppointment(db, organizationId, o.appointmentId);
  return withAccess(
    db,
    { staff: o.staff, clientId: a.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      if (!hasTakenPlace(a)) throw new PhotoSessionNotStartedError();
      const areas = await sessionAreas(tx, o.keyRing, organizationId, a);
      const errors: Record<string, string> = {};
      if (!isZoneId(o.zone) || !areas.includes(o.zone))
        errors.zone =
          areas.length === 0
            ? "Save the chart's areas first: photos are taken of the areas treated."
            : "Choose one of the areas of this session.";
      if (!isPhotoView(o.view)) errors.view = "Choose one of the standard views.";
      if (Object.keys(errors).length > 0) throw new FieldError(errors);
      // Only with the client's consent to photographs in their clinical record, in force now.
      await requirePhotoConsent(tx, organizationId, a.clientId, "record");
      const id = randomUUID();
      const row = { organizationId, clientId: a.clientId, id };
      await tx.insert(skinPhotos).values({
        id,
        organizationId,
        clientId: a.clientId,
        planId: a.planId,
        appointmentId: a.id,
        zone: o.zone,
        view: o.view as PhotoView,
        mediaType: "image/jpeg",
        width: o.width,
        height: o.height,
        bytesEncrypted: encryptPhotoBytes(o.keyRing, o.jpeg, photoContext(row, "bytes")),
        captionEncrypted: o.keyRing.encrypt("", photoContext(row, "caption")),
        takenByUserId: o.staff.userId,
        createdAt: new Date(now),
      });
      await auditPlanChange(tx, o.staff, a.clientId, {
        change: "session-photo-added",
        photoId: id,
        appointmentId: a.id,
        zone: o.zone,
        view: o.view,
        access: via,
      });
      return { id };
    },
  );
}

export interface ClientPhotoSeries {
  clientName: string;
  photos: SessionPhoto[];
  sessions: PhotoSession[];
  /** The uses beyond the record the client's consent in force allows now. */
  uses: { teaching: boolean; marketing: boolean };
}

/** A client's session photos across sessions (of one area and view, when given). Audited as a view. */
export async function listSessionPhotos(
  db: Db,
  o: { staff: Actor; clientId: string; zone?: string; view?: string; now?: number },
): Promise<ClientPhotoSeries> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const zone = isZoneId(o.zone) ? o.zone : undefined;
    const view = isPhotoView(o.view) ? o.view : undefined;
    const photos = await sessionPhotosOf(tx, organizationId, o.clientId, { zone, view });
    const { photos: consent } = await consentStanding(tx, organizationId, o.clientId);
    const [client] = await tx.select({ name: clients.name }).from(clients).where(eq(clients.id, o.clientId)).limit(1);
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, {
      part: "session-photos",
      ...(zone ? { zone } : {}),
      ...(view ? { view } : {}),
      role: o.staff.role,
      access: via,
    });
    return {
      clientName: client?.name ?? "",
      photos,
      sessions: sessionsOf(photos),
      uses: { teaching: photoUsesAllowed(consent, "teaching"), marketing: photoUsesAllowed(consent, "marketing") },
    };
  });
}

/** The photo of this area and view in each of two sessions (the latest one taken there), earlier session first. */
function pickComparison(photos: SessionPhoto[], zone: ZoneId, view: PhotoView, sessionA: string, sessionB: string): PhotoComparison {
  const latestIn = (appointmentId: string) => photos.filter((p) => p.appointmentId === appointmentId).at(-1);
  const a = latestIn(sessionA);
  const b = latestIn(sessionB);
  if (!a || !b || sessionA === sessionB) throw new NotFoundError("A photo of this area and view in each of the two sessions");
  const [first, second] = a.sessionStartMs <= b.sessionStartMs ? [a, b] : [b, a];
  return { zone, view, a: first, b: second };
}

function comparisonInput(o: { zone: string; view: string; sessionA: string; sessionB: string }): {
  zone: ZoneId;
  view: PhotoView;
} {
  const errors: Record<string, string> = {};
  if (!isZoneId(o.zone)) errors.zone = "Choose an area.";
  if (!isPhotoView(o.view)) errors.view = "Choose one of the standard views.";
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  if (!isUuid(o.sessionA) || !isUuid(o.sessionB)) throw new NotFoundError("A photo of this area and view in each of the two sessions");
  return { zone: o.zone as ZoneId, view: o.view as PhotoView };
}

/** Two sessions' photos of one area in one view, to compare. Audited as a view of both. */
export async function compareSessionPhotos(
  db: Db,
  o: { staff: Actor; clientId: string; zone: string; view: string; sessionA: string; sessionB: string; now?: number },
): Promise<PhotoComparison> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const { zone, view } = comparisonInput(o);
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const photos = await sessionPhotosOf(tx, organizationId, o.clientId, { zone, view, appointmentIds: [o.sessionA, o.sessionB] });
    const comparison = pickComparison(photos, zone, view, o.sessionA, o.sessionB);
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, {
      part: "photo-comparison",
      zone,
      view,
      photoIds: [comparison.a.id, comparison.b.id],
      role: o.staff.role,
      access: via,
    });
    return comparison;
  });
}

/** One session photo's bytes, of this client, for staff with access. Every view is audited. */
export async function viewSessionPhoto(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; photoId: string; now?: number },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    if (!isUuid(o.photoId)) throw new NotFoundError("The photo");
    const [row] = await tx
      .select()
      .from(skinPhotos)
      .where(and(eq(skinPhotos.id, o.photoId), eq(skinPhotos.organizationId, organizationId), eq(skinPhotos.clientId, o.clientId)))
      .limit(1);
    if (!row) throw new NotFoundError("The photo");
    const jpeg = decryptPhotoBytes(o.keyRing, row.bytesEncrypted, photoContext(row, "bytes"));
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, {
      part: "photo",
      photoId: row.id,
      role: o.staff.role,
      access: via,
    });
    return { jpeg, mediaType: row.mediaType };
  });
}

// ---------------------------------------------------------------------------
// The client, in their portal

/** The signed-in client's own session photos and the sessions they were taken at. Audited as their view when there is one. */
export async function clientPhotoSeries(
  db: Db,
  o: { client: ClientActor; now?: number },
): Promise<{ photos: SessionPhoto[]; sessions: PhotoSession[] }> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const photos = await sessionPhotosOf(tx, organizationId, clientId);
    if (photos.length > 0) await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "session-photos" });
    return { photos, sessions: sessionsOf(photos) };
  });
}

/** The signed-in client's comparison of two of their sessions. Audited as their view. */
export async function clientComparePhotos(
  db: Db,
  o: { client: ClientActor; zone: string; view: string; sessionA: string; sessionB: string; now?: number },
): Promise<PhotoComparison> {
  const { organizationId, clientId } = o.client;
  const { zone, view } = comparisonInput(o);
  return db.transaction(async (tx) => {
    const photos = await sessionPhotosOf(tx, organizationId, clientId, { zone, view, appointmentIds: [o.sessionA, o.sessionB] });
    const comparison = pickComparison(photos, zone, view, o.sessionA, o.sessionB);
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, {
      part: "photo-comparison",
      zone,
      view,
      photoIds: [comparison.a.id, comparison.b.id],
    });
    return comparison;
  });
}

/** One of the signed-in client's own session photos. Audited as their view; another's photo is not found. */
export async function clientSessionPhoto(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; photoId: string },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  const { organizationId, clientId } = o.client;
  if (!isUuid(o.photoId)) throw new NotFoundError("The photo");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(skinPhotos)
      .where(
        and(
          eq(skinPhotos.id, o.photoId),
          eq(skinPhotos.organizationId, organizationId),
          eq(skinPhotos.clientId, clientId),
          isNotNull(skinPhotos.appointmentId),
        ),
      )
      .limit(1);
    if (!row) throw new NotFoundError("The photo");
    const jpeg = decryptPhotoBytes(o.keyRing, row.bytesEncrypted, photoContext(row, "bytes"));
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "photo", photoId: row.id });
    return { jpeg, mediaType: row.mediaType };
  });
}
