// Photos over time, on the database: a session photo is taken of an area of
// the session in a standard view, only with the client's photo consent for
// their record; two sessions' photos of one area and view are compared; every
// view is audited; and the client's consent scope decides where a photo may
// appear beyond the record — at once, when they withdraw it.
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.ts";
import { signCurrentConsent } from "../../consent/test-fixtures.ts";
import { PhotoConsentMissingError, withdrawPhotoConsent } from "../../consent/consent.ts";
import { FieldError, ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import { HealthRecordNotFoundError } from "../../privacy/access.ts";
import { addAppointment, addOrganization, addStaff } from "../../privacy/test-fixtures.ts";
import { takeDayStep } from "../../scheduling/appointment-day.ts";
import { cleanPhoto } from "../photos.ts";
import { clearForTreatment, startedSession } from "./chart-test-fixtures.ts";
import {
  addSessionPhoto,
  clientComparePhotos,
  clientPhotoSeries,
  clientSessionPhoto,
  compareSessionPhotos,
  listSessionPhotos,
  openSessionPhotos,
  PhotoSessionNotStartedError,
  photosForUse,
  photoUsesAllowed,
  viewPhotoForUse,
  viewSessionPhoto,
} from "./session-photos.ts";
import { f, owner, practitioner, usePlanTestbed } from "./test-fixtures.ts";

usePlanTestbed();

const DAY = 86_400_000;

async function jpeg(colour: string) {
  const input = await sharp({ create: { width: 60, height: 80, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  return cleanPhoto(input);
}

/** A client with a started treatment of their signed plan (both cheeks), and a photo consent of these scopes. */
async function photographedClient(scopes: string[] | null = ["record"]) {
  const s = await startedSession();
  if (scopes)
    await signCurrentConsent(f.database.db, {
      organizationId: f.clinic.organizationId,
      clientId: s.clientId,
      name: "Plan Client",
      kind: "photos",
      scopes,
      now: s.at,
    });
  return s;
}

/** A second treatment of the same plan, `days` after the first, started. */
async function laterSession(s: { clientId: string; planId: string; at: number }, days: number) {
  const at = s.at + days * DAY;
  const a = await addAppointment(f, {
    clientId: s.clientId,
    practitionerId: practitioner.practitionerId!,
    start: new Date(at),
    slug: "microneedling-face",
    minutes: 60,
    planId: s.planId,
    planSession: 2,
  });
  await clearForTreatment({ appointmentId: a.id, clientId: s.clientId, at });
  await takeDayStep(f.database.db, { actor: practitioner, appointmentId: a.id, step: "start", keyRing: f.keyRing, now: at });
  return { appointmentId: a.id, at };
}

const add = async (s: { appointmentId: string; at: number }, zone: string, view: string, colour = "#c9a08c") =>
  addSessionPhoto(f.database.db, {
    staff: practitioner,
    keyRing: f.keyRing,
    appointmentId: s.appointmentId,
    zone,
    view,
    ...(await jpeg(colour)),
    now: s.at + 60_000,
  });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

async function photoViews(clientId: string) {
  const rows = await f.database.db
    .select({ actorType: auditEvents.actorType, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, clientId), eq(auditEvents.action, "health-record.view")))
    .orderBy(auditEvents.id);
  return rows.map((r) => ({ actorType: r.actorType, part: (r.details as { part?: string }).part }));
}

describe("session photos", () => {
  it("are taken by area and standard view, stored encrypted, and compared across two sessions with their dates", async () => {
    const db = f.database.db;
    const first = await photographedClient();
    const second = await laterSession(first, 35);
    const page = await openSessionPhotos(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      appointmentId: first.appointmentId,
      now: first.at,
    });
    expect(page.areas).toEqual(["cheek-left", "cheek-right"]);
    expect(page.mayAdd).toBe(true);
    expect(page.photos).toEqual([]);

    const a = await add(first, "cheek-left", "front", "#c9a08c");
    await add(first, "cheek-left", "left-45");
    const b = await add(second, "cheek-left", "front", "#d8b4a0");

    // Stored encrypted: no JPEG in clear.
    const raw = JSON.stringify(
      await db.execute(sql`SELECT bytes_encrypted, zone, view, appointment_id FROM skin_photos WHERE id = ${a.id}`),
    );
    expect(raw).toContain('"bytes_encrypted":"v1:');
    expect(raw).not.toContain("/9j/"); // the start of a JPEG in base64
    for (const clear of ['"zone":"cheek-left"', '"view":"front"', first.appointmentId]) expect(raw).toContain(clear);

    const series = await listSessionPhotos(db, { staff: practitioner, clientId: first.clientId, zone: "cheek-left", view: "front" });
    expect(series.photos.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(series.sessions.map((x) => x.appointmentId)).toEqual([first.appointmentId, second.appointmentId]);

    // Asked in either order, the earlier session comes first, each with its session's date.
    const compared = await compareSessionPhotos(db, {
      staff: practitioner,
      clientId: first.clientId,
      zone: "cheek-left",
      view: "front",
      sessionA: second.appointmentId,
      sessionB: first.appointmentId,
    });
    expect([compared.a.id, compared.b.id]).toEqual([a.id, b.id]);
    expect(compared.a.sessionDate).toBe(first.today);
    expect(compared.b.sessionDate > compared.a.sessionDate).toBe(true);

    const bytes = await viewSessionPhoto(db, { staff: practitioner, keyRing: f.keyRing, clientId: first.clientId, photoId: b.id });
    expect(bytes.mediaType).toBe("image/jpeg");
    expect((await sharp(bytes.jpeg).metadata()).format).toBe("jpeg");

    // Every look is on the record's audit: the page, the list, the comparison and the photo.
    const parts = (await photoViews(first.clientId)).map((v) => v.part);
    expect(parts).toEqual(expect.arrayContaining(["session-photos", "photo-comparison", "photo"]));
    const edits = await db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, first.clientId), eq(auditEvents.action, "health-record.edit")))
      .orderBy(auditEvents.id);
    const edit = edits.find((e) => (e.details as { change?: string }).change === "session-photo-added");
    expect(edit?.details).toMatchObject({ change: "session-photo-added", photoId: a.id, zone: "cheek-left", view: "front" });

    // The client sees their own photos and the same comparison in their portal, audited as their view.
    const client = { organizationId: f.clinic.organizationId, clientId: first.clientId };
    const mine = await clientPhotoSeries(db, { client });
    expect(mine.photos).toHaveLength(3);
    expect(mine.photos.map((p) => p.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const theirs = await clientComparePhotos(db, {
      client,
      zone: "cheek-left",
      view: "front",
      sessionA: first.appointmentId,
      sessionB: second.appointmentId,
    });
    expect([theirs.a.id, theirs.b.id]).toEqual([a.id, b.id]);
    expect((await clientSessionPhoto(db, { client, keyRing: f.keyRing, photoId: a.id })).jpeg.length).toBeGreaterThan(100);
    const clientViews = (await photoViews(first.clientId)).filter((v) => v.actorType === "client").map((v) => v.part);
    expect(clientViews).toEqual(["session-photos", "photo-comparison", "photo"]);
  });

  it("refuses an area outside the session, a view that is not standard, a session not started, and no consent for the record", async () => {
    const db = f.database.db;
    const s = await photographedClient();
    const e1 = await refusal(add(s, "forehead", "front"));
    expect(e1).toBeInstanceOf(FieldError);
    expect((e1 as FieldError).errors).toHaveProperty("zone");
    const e2 = await refusal(add(s, "cheek-left", "top-down"));
    expect(e2).toBeInstanceOf(FieldError);
    expect((e2 as FieldError).errors).toHaveProperty("view");

    const waiting = await startedSession({ start: false });
    await signCurrentConsent(db, {
      organizationId: f.clinic.organizationId,
      clientId: waiting.clientId,
      name: "Plan Client",
      kind: "photos",
      scopes: ["record"],
      now: waiting.at,
    });
    expect(await refusal(add(waiting, "cheek-left", "front"))).toBeInstanceOf(PhotoSessionNotStartedError);

    const unconsented = await photographedClient(null);
    expect(await refusal(add(unconsented, "cheek-left", "front"))).toBeInstanceOf(PhotoConsentMissingError);
    const page = await openSessionPhotos(db, { staff: practitioner, keyRing: f.keyRing, appointmentId: unconsented.appointmentId });
    expect(page.mayAdd).toBe(false);
    expect(page.recordConsent).toBe(false);
    // Nothing was stored by any refusal.
    const stored = await listSessionPhotos(db, { staff: practitioner, clientId: unconsented.clientId });
    expect(stored.photos).toEqual([]);
  });

  it("are not found from another clinic, whatever id is tried", async () => {
    const db = f.database.db;
    const s = await photographedClient();
    const photo = await add(s, "cheek-right", "close-up");
    const other = await addOrganization(db);
    const stranger = await addStaff(db, { organizationId: other.organizationId, role: "owner" });
    const asStranger = {
      staff: stranger,
      keyRing: f.keyRing,
      appointmentId: s.appointmentId,
      zone: "cheek-right",
      view: "front",
      ...(await jpeg("#fff")),
    };
    expect(await refusal(addSessionPhoto(db, asStranger))).toBeInstanceOf(NotFoundError);
    expect(await refusal(openSessionPhotos(db, asStranger))).toBeInstanceOf(NotFoundError);
    expect(
      await refusal(viewSessionPhoto(db, { staff: stranger, keyRing: f.keyRing, clientId: s.clientId, photoId: photo.id })),
    ).toBeInstanceOf(HealthRecordNotFoundError);
    expect(await refusal(listSessionPhotos(db, { staff: stranger, clientId: s.clientId }))).toBeInstanceOf(HealthRecordNotFoundError);
    const strangerClient = { organizationId: other.organizationId, clientId: s.clientId };
    expect(await refusal(clientSessionPhoto(db, { client: strangerClient, keyRing: f.keyRing, photoId: photo.id }))).toBeInstanceOf(
      NotFoundError,
    );
    expect((await clientPhotoSeries(db, { client: strangerClient })).photos).toEqual([]);
    // Not even through a use the other clinic's owner may make.
    expect(await refusal(viewPhotoForUse(db, { staff: stranger, keyRing: f.keyRing, photoId: photo.id, use: "teaching" }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("consent scope decides where a photo may appear", () => {
  it("follows the scopes of the consent in force", () => {
    const consent = (scopes: ("record" | "teaching" | "marketing")[]) => ({ signedVersion: 1, signedAt: 0, scopes, current: true });
    expect(photoUsesAllowed(consent(["record"]), "record")).toBe(true);
    expect(photoUsesAllowed(consent(["record"]), "teaching")).toBe(false);
    expect(photoUsesAllowed(consent(["record", "teaching"]), "teaching")).toBe(true);
    expect(photoUsesAllowed(consent(["record", "teaching"]), "marketing")).toBe(false);
    expect(photoUsesAllowed(consent(["record", "marketing"]), "marketing")).toBe(true);
    // Withdrawn: what the record holds stays in the record, and nowhere else.
    expect(photoUsesAllowed(null, "record")).toBe(true);
    expect(photoUsesAllowed(null, "teaching")).toBe(false);
    expect(photoUsesAllowed(null, "marketing")).toBe(false);
  });

  it("teaching lists a client who chose it, never a record-only one, and drops them the moment they withdraw", async () => {
    const db = f.database.db;
    const teaching = await photographedClient(["record", "teaching"]);
    const recordOnly = await photographedClient(["record"]);
    const marketing = await photographedClient(["record", "marketing"]);
    const t = await add(teaching, "cheek-left", "front");
    const r = await add(recordOnly, "cheek-left", "front");
    const m = await add(marketing, "cheek-left", "front");
    const ids = async (use: "teaching" | "marketing") =>
      (await photosForUse(db, { staff: owner, use })).map((p) => p.photoId).filter((id) => [t.id, r.id, m.id].includes(id));

    expect(await ids("teaching")).toEqual([t.id]);
    expect(await ids("marketing")).toEqual([m.id]);
    // What is listed carries no name or client id.
    const [listed] = (await photosForUse(db, { staff: owner, use: "teaching" })).filter((p) => p.photoId === t.id);
    expect(Object.keys(listed!).sort()).toEqual(["height", "photoId", "sessionDate", "view", "width", "zone"]);
    expect((await viewPhotoForUse(db, { staff: owner, keyRing: f.keyRing, photoId: t.id, use: "teaching" })).jpeg.length).toBeGreaterThan(
      100,
    );
    expect(await refusal(viewPhotoForUse(db, { staff: owner, keyRing: f.keyRing, photoId: r.id, use: "teaching" }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await refusal(viewPhotoForUse(db, { staff: owner, keyRing: f.keyRing, photoId: t.id, use: "marketing" }))).toBeInstanceOf(
      NotFoundError,
    );

    // The client withdraws: gone from teaching at once, still in their clinical record and their portal.
    await withdrawPhotoConsent(db, { client: { organizationId: f.clinic.organizationId, clientId: teaching.clientId }, now: Date.now() });
    expect(await ids("teaching")).toEqual([]);
    expect(await refusal(viewPhotoForUse(db, { staff: owner, keyRing: f.keyRing, photoId: t.id, use: "teaching" }))).toBeInstanceOf(
      NotFoundError,
    );
    const record = await listSessionPhotos(db, { staff: practitioner, clientId: teaching.clientId });
    expect(record.photos.map((p) => p.id)).toEqual([t.id]);
    expect(record.uses).toEqual({ teaching: false, marketing: false });
    const portal = await clientPhotoSeries(db, { client: { organizationId: f.clinic.organizationId, clientId: teaching.clientId } });
    expect(portal.photos.map((p) => p.id)).toEqual([t.id]);
    // And no new photo is taken without the consent.
    expect(await refusal(add(teaching, "cheek-left", "left-45"))).toBeInstanceOf(PhotoConsentMissingError);

    // Only the roles that publish choose photos for teaching or marketing.
    expect(await refusal(photosForUse(db, { staff: practitioner, use: "teaching" }))).toBeInstanceOf(ForbiddenError);
  });
});
