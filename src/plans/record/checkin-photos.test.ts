// The photo a client may send with a check-in, on the test database (PGlite,
// or PostgreSQL when TEST_DATABASE_URL is set): stored re-encoded without the
// camera's metadata and encrypted, with the answer or not at all; it opens a
// follow-up (a person looks at it); the practitioner and the client open it,
// every view audited; another client, another clinic's address and staff
// outside the care team do not; no teaching or marketing list ever holds it;
// a key rotation re-encrypts it and nothing else may change it.
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { signCurrentConsent } from "../../consent/test-fixtures.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { auditEvents } from "../../db/schema.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { HealthAccessDeniedError } from "../../privacy/access.ts";
import { checkinPhotos, checkinResponses } from "../../privacy/health-tables.ts";
import { encryptedValueCounts, reencryptHealthData } from "../../privacy/key-rotation.ts";
import { createKeyRing, generateDataKey, keyIdOf } from "../../privacy/keyring.ts";
import { CAMERA_MAKE, photoWithGps } from "../photo-test-fixtures.ts";
import { PHOTO_MAX_BYTES } from "../photos.ts";
import { answer, CALM, completedSession, DAY } from "./checkin-test-fixtures.ts";
import { checkinPhotoContext, clientCheckinPhoto, viewCheckinPhoto } from "./checkin-photos.ts";
import { CheckinAnswersError, checkinsForExport, dueCheckins, openFollowUp } from "./checkins.ts";
import { photosForUse } from "./session-photos.ts";
import { f, outsider, owner, practitioner, usePlanTestbed } from "./test-fixtures.ts";

usePlanTestbed();
// This file's values are under a key the test holds, so that it can rotate it.
const baseKey = generateDataKey();
beforeAll(() => {
  f.keyRing = createKeyRing([baseKey]);
});

const client = (clientId: string) => ({ organizationId: f.clinic.organizationId, clientId });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

/** A completed treatment whose client answers the day-1 check-in calmly, with a phone photo (300 × 200, to be turned upright). */
async function answeredWithPhoto() {
  const s = await completedSession();
  const r = await answer(s, 1, CALM, s.at + DAY, await photoWithGps(300, 200));
  return { s, r };
}

async function storedRow(photoId: string) {
  const [row] = await f.database.db.select().from(checkinPhotos).where(eq(checkinPhotos.id, photoId));
  return row!;
}

async function views(clientId: string) {
  const rows = await f.database.db
    .select({ actorType: auditEvents.actorType, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, clientId), eq(auditEvents.action, "health-record.view")))
    .orderBy(auditEvents.id);
  return rows.map((r) => ({ actorType: r.actorType, ...(r.details as { part?: string; photoId?: string }) }));
}

describe(`check-in photos on ${testDatabaseKind}`, () => {
  it("are stored re-encoded without EXIF or GPS and encrypted, with the answer, and open a follow-up", async () => {
    const { s, r } = await answeredWithPhoto();
    // Calm answers, but a person looks at a photo: a follow-up, "call the clinic".
    expect(r).toMatchObject({ outcome: "follow-up", reasons: ["photo"], advice: "call-clinic" });
    expect(r.photoId).not.toBeNull();
    expect(r.followUpId).not.toBeNull();

    const row = await storedRow(r.photoId!);
    expect(row).toMatchObject({ checkinId: r.checkinId, clientId: s.clientId, mediaType: "image/jpeg", width: 200, height: 300 });
    // At rest: ciphertext under the data key, nothing of a JPEG or of the camera.
    expect(row.bytesEncrypted).toMatch(/^v1:/);
    expect(row.bytesEncrypted).not.toContain("/9j/");
    expect(row.bytesEncrypted).not.toContain(Buffer.from(CAMERA_MAKE).toString("base64").slice(0, 8));

    // Decrypted: a JPEG re-encoded upright, without EXIF, GPS, XMP or the camera's name.
    const jpeg = Buffer.from(f.keyRing.decrypt(row.bytesEncrypted, checkinPhotoContext(row)), "base64");
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([200, 300]);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(jpeg.includes(Buffer.from(CAMERA_MAKE))).toBe(false);
    expect(jpeg.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(jpeg.includes(Buffer.from("GPS"))).toBe(false);
    // Bound to its row: another photo's context does not open it.
    expect(() => f.keyRing.decrypt(row.bytesEncrypted, checkinPhotoContext({ ...row, id: r.checkinId }))).toThrow();

    // The follow-up shows it (without its bytes) and why it was opened.
    const view = await openFollowUp(f.database.db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, now: s.at + DAY });
    expect(view.photo).toEqual({
      id: r.photoId,
      checkinId: r.checkinId,
      mediaType: "image/jpeg",
      width: 200,
      height: 300,
      sentAt: s.at + DAY,
    });
    expect(view.reasons).toEqual([{ id: "photo", label: "The client sent a photo" }]);
    // The answer's audit row names the photo, never its content.
    const edits = await f.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, s.clientId), eq(auditEvents.action, "health-record.edit")));
    expect(edits.map((e) => e.details).filter((d) => d.change === "checkin-answered")).toEqual([
      { change: "checkin-answered", appointmentId: s.appointmentId, day: 1, outcome: "follow-up", photoId: r.photoId },
    ]);
  });

  it("needs no signed photo consent, and never reaches a teaching or marketing list", async () => {
    const { s, r } = await answeredWithPhoto();
    // Only the procedure consent was signed: the client sent it for their own care.
    expect(r.photoId).not.toBeNull();
    await signCurrentConsent(f.database.db, {
      organizationId: f.clinic.organizationId,
      clientId: s.clientId,
      name: "Plan Client",
      kind: "photos",
      scopes: ["record", "teaching", "marketing"],
      now: s.at + DAY,
    });
    for (const use of ["teaching", "marketing"] as const) {
      const listed = await photosForUse(f.database.db, { staff: owner, use });
      expect(listed.map((p) => p.photoId)).not.toContain(r.photoId);
    }
  });

  it("open for the practitioner and for the client, each view audited; not for another client, another's address or staff outside the care team", async () => {
    const { s, r } = await answeredWithPhoto();
    const other = await completedSession();
    const photoId = r.photoId!;
    const db = f.database.db;

    const staffView = await viewCheckinPhoto(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId: s.clientId,
      photoId,
      now: s.at + DAY,
    });
    expect(staffView.mediaType).toBe("image/jpeg");
    expect((await sharp(staffView.jpeg).metadata()).width).toBe(200);
    const own = await clientCheckinPhoto(db, { client: client(s.clientId), keyRing: f.keyRing, photoId });
    expect(own.jpeg.equals(staffView.jpeg)).toBe(true);
    expect((await views(s.clientId)).filter((v) => v.part === "checkin-photo")).toEqual([
      expect.objectContaining({ actorType: "staff", photoId, checkinId: r.checkinId, access: "care-team" }),
      expect.objectContaining({ actorType: "client", photoId, checkinId: r.checkinId }),
    ]);

    // Another client: not found, whichever way it is asked for.
    expect(await refusal(clientCheckinPhoto(db, { client: client(other.clientId), keyRing: f.keyRing, photoId }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      await refusal(viewCheckinPhoto(db, { staff: practitioner, keyRing: f.keyRing, clientId: other.clientId, photoId, now: s.at + DAY })),
    ).toBeInstanceOf(NotFoundError);
    expect(await refusal(clientCheckinPhoto(db, { client: client(s.clientId), keyRing: f.keyRing, photoId: "not-a-uuid" }))).toBeInstanceOf(
      NotFoundError,
    );
    // Staff outside the care team break the glass first, like any part of the record.
    expect(
      await refusal(viewCheckinPhoto(db, { staff: outsider, keyRing: f.keyRing, clientId: s.clientId, photoId, now: s.at + DAY })),
    ).toBeInstanceOf(HealthAccessDeniedError);
    // None of the refusals left a view on the record.
    expect((await views(s.clientId)).filter((v) => v.part === "checkin-photo")).toHaveLength(2);
    expect((await views(other.clientId)).filter((v) => v.part === "checkin-photo")).toEqual([]);
  });

  it("refuse a file that is not a usable photo with the answer: nothing is stored, the check-in stays open", async () => {
    const s = await completedSession();
    const now = s.at + DAY;
    const problem = (e: unknown) => (e instanceof CheckinAnswersError ? { problems: e.problems, photo: e.photo } : e);
    expect(problem(await refusal(answer(s, 1, CALM, now, new TextEncoder().encode("not a photo"))))).toEqual({
      problems: {},
      photo: "unreadable",
    });
    expect(problem(await refusal(answer(s, 1, CALM, now, new Uint8Array(PHOTO_MAX_BYTES + 1))))).toEqual({
      problems: {},
      photo: "too-large",
    });
    // A good photo with an answer missing: the answer's problem, and nothing kept of either.
    expect(problem(await refusal(answer(s, 1, { ...CALM, fever: "" }, now, await photoWithGps(40, 40))))).toEqual({
      problems: { fever: "required" },
      photo: null,
    });
    expect(await f.database.db.select().from(checkinResponses).where(eq(checkinResponses.appointmentId, s.appointmentId))).toEqual([]);
    expect(await f.database.db.select().from(checkinPhotos).where(eq(checkinPhotos.clientId, s.clientId))).toEqual([]);
    expect(await dueCheckins(f.database.db, { client: client(s.clientId), now })).toMatchObject([
      { appointmentId: s.appointmentId, day: 1 },
    ]);
    // An empty file is no photo: the answer goes without one.
    const r = await answer(s, 1, CALM, now, new Uint8Array());
    expect(r).toMatchObject({ outcome: "expected", photoId: null });
  });

  it("are in the client's record without their bytes, and only the client's own", async () => {
    const { s, r } = await answeredWithPhoto();
    const other = await completedSession();
    await answer(other, 1, CALM, other.at + DAY);
    const mine = await checkinsForExport(f.database.db, f.keyRing, f.clinic.organizationId, s.clientId);
    expect(mine.map((c) => c.photo)).toEqual([
      { id: r.photoId, checkinId: r.checkinId, mediaType: "image/jpeg", width: 200, height: 300, sentAt: s.at + DAY },
    ]);
    const theirs = await checkinsForExport(f.database.db, f.keyRing, f.clinic.organizationId, other.clientId);
    expect(theirs.map((c) => c.photo)).toEqual([null]);
  });

  it("move to a new key with a data-key rotation and still open; nothing else about them may change", async () => {
    const { s, r } = await answeredWithPhoto();
    const db = f.database.db;
    const before = await viewCheckinPhoto(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId: s.clientId,
      photoId: r.photoId!,
      now: s.at + DAY,
    });
    const stored = (await storedRow(r.photoId!)).bytesEncrypted;

    const newKey = generateDataKey();
    await reencryptHealthData(db, { keyRing: createKeyRing([newKey, baseKey], { activeKeyId: keyIdOf(newKey) }) });
    expect([...(await encryptedValueCounts(db)).keys()]).toEqual([keyIdOf(newKey)]);
    f.keyRing = createKeyRing([newKey]);
    const row = await storedRow(r.photoId!);
    expect(row.bytesEncrypted).not.toBe(stored);
    expect(row.bytesEncrypted.split(":")[1]).toBe(keyIdOf(newKey));
    const after = await clientCheckinPhoto(db, { client: client(s.clientId), keyRing: f.keyRing, photoId: r.photoId! });
    expect(after.jpeg.equals(before.jpeg)).toBe(true);

    // What the client sent stays as sent: the database refuses any other change.
    await expect(db.execute(sql`UPDATE checkin_photos SET width = 1 WHERE id = ${r.photoId}`)).rejects.toThrow();
    await expect(
      db.execute(sql`UPDATE checkin_photos SET client_id = ${(await completedSession()).clientId} WHERE id = ${r.photoId}`),
    ).rejects.toThrow();
  });
});
