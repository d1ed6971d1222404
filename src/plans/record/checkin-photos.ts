// The photo a client may send with a check-in after a session
// (docs/checkins.md, decision 0036). It goes through the same pipeline as a
// session photo (docs/photos.md): re-encoded without metadata by
// src/plans/photos.ts before it reaches here, its bytes encrypted under the
// data key (content.ts), listed without its bytes, every view audited, served
// no-store. It differs in two ways:
// - the client sends it for their own care, so it needs no signed photo
//   consent; it is stored with their answer, once, in the same transaction
//   (answerCheckin in ./checkins.ts);
// - it belongs to the clinical record only: it lives in its own table, which
//   photosForUse() (teaching, marketing) never reads.
// Staff open it through withAccess like any part of the record; the client
// opens only their own.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../db/open.ts";
import type { Actor } from "../../kernel/access.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HEALTH_ACTIONS, auditClientHealth, auditStaffHealth, withAccess, type ClientActor } from "../../privacy/access.ts";
import { checkinPhotos } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { reencryptRows, type Rotation } from "../../privacy/rotation.ts";
import type { CleanPhoto } from "../photos.ts";
import { decryptPhotoBytes, encryptPhotoBytes } from "./content.ts";

/** A photo is large: a rotation moves this many at a time rather than a whole batch of rows. */
const ROTATION_PHOTOS_AT_ONCE = 20;

export const checkinPhotoContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `checkin_photos.bytes_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;

/** A check-in's photo without its bytes. */
export interface CheckinPhotoSummary {
  id: string;
  checkinId: string;
  mediaType: "image/jpeg";
  width: number;
  height: number;
  /** When the client sent it (with their answer). When it was taken is not known: the camera's metadata is dropped. */
  sentAt: number;
}

/** Stores the photo sent with a check-in answer, already re-encoded, in the answer's transaction. */
export async function storeCheckinPhoto(
  tx: Tx,
  keyRing: KeyRing,
  o: { organizationId: string; clientId: string; checkinId: string; photo: CleanPhoto; now: number },
): Promise<string> {
  const id = randomUUID();
  await tx.insert(checkinPhotos).values({
    id,
    organizationId: o.organizationId,
    clientId: o.clientId,
    checkinId: o.checkinId,
    mediaType: "image/jpeg",
    width: o.photo.width,
    height: o.photo.height,
    bytesEncrypted: encryptPhotoBytes(keyRing, o.photo.jpeg, checkinPhotoContext({ ...o, id })),
    createdAt: new Date(o.now),
  });
  return id;
}

/** The photos of these check-ins of a client, by check-in; no bytes. Runs in the caller's audited transaction. */
export async function checkinPhotosOf(
  tx: DbOrTx,
  o: { organizationId: string; clientId: string; checkinIds: readonly string[] },
): Promise<Map<string, CheckinPhotoSummary>> {
  if (o.checkinIds.length === 0) return new Map();
  const rows = await tx
    .select({
      id: checkinPhotos.id,
      checkinId: checkinPhotos.checkinId,
      mediaType: checkinPhotos.mediaType,
      width: checkinPhotos.width,
      height: checkinPhotos.height,
      createdAt: checkinPhotos.createdAt,
    })
    .from(checkinPhotos)
    .where(
      and(
        eq(checkinPhotos.organizationId, o.organizationId),
        eq(checkinPhotos.clientId, o.clientId),
        inArray(checkinPhotos.checkinId, [...o.checkinIds]),
      ),
    );
  return new Map(rows.map(({ createdAt, ...r }) => [r.checkinId, { ...r, sentAt: createdAt.getTime() }]));
}

/** One photo row of this client (of this clinic), or not found. */
async function photoRow(tx: DbOrTx, organizationId: string, clientId: string, photoId: string) {
  if (!isUuid(photoId)) throw new NotFoundError("The photo");
  const [row] = await tx
    .select()
    .from(checkinPhotos)
    .where(and(eq(checkinPhotos.id, photoId), eq(checkinPhotos.organizationId, organizationId), eq(checkinPhotos.clientId, clientId)))
    .limit(1);
  if (!row) throw new NotFoundError("The photo");
  return row;
}

const bytesOf = (keyRing: KeyRing, row: typeof checkinPhotos.$inferSelect) => ({
  jpeg: decryptPhotoBytes(keyRing, row.bytesEncrypted, checkinPhotoContext(row)),
  mediaType: row.mediaType,
});

/** A check-in photo's bytes, of this client, for staff with access to the record. Every view is audited. */
export async function viewCheckinPhoto(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; photoId: string; now?: number },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  const now = o.now ?? Date.now();
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const row = await photoRow(tx, o.staff.organizationId, o.clientId, o.photoId);
    const photo = bytesOf(o.keyRing, row);
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, {
      part: "checkin-photo",
      photoId: row.id,
      checkinId: row.checkinId,
      role: o.staff.role,
      access: via,
    });
    return photo;
  });
}

/** One of the signed-in client's own check-in photos. Audited as their view; another's photo is not found. */
export async function clientCheckinPhoto(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; photoId: string },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  return db.transaction(async (tx) => {
    const row = await photoRow(tx, o.client.organizationId, o.client.clientId, o.photoId);
    const photo = bytesOf(o.keyRing, row);
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "checkin-photo", photoId: row.id, checkinId: row.checkinId });
    return photo;
  });
}

/** Re-encrypts every check-in photo not under the active key (a photo is frozen but for this). */
export function reencryptCheckinPhotos(rotation: Rotation): Promise<number> {
  const { tx } = rotation;
  return reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(checkinPhotos)
        .where(rotation.stale(checkinPhotos.bytesEncrypted))
        .orderBy(asc(checkinPhotos.id))
        .limit(Math.min(limit, ROTATION_PHOTOS_AT_ONCE))
        .for("update"),
    async (r) => {
      await tx
        .update(checkinPhotos)
        .set({ bytesEncrypted: rotation.reencrypt(r.bytesEncrypted, checkinPhotoContext(r), `check-in photo ${r.id}`) })
        .where(and(eq(checkinPhotos.organizationId, r.organizationId), eq(checkinPhotos.id, r.id)));
    },
  );
}
