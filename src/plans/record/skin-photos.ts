// Skin photos as health information: taken only with the client's photo
// consent for their clinical record (docs/consent.md), stored encrypted (bytes and caption)
// after src/plans/photos.ts has re-encoded them without metadata, listed
// without their bytes, and every view of one audited.
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/open.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HEALTH_ACTIONS, HealthRecordNotFoundError, withAccess, auditStaffHealth } from "../../privacy/access.ts";
import { skinPhotos } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import { encryptPhotoBytes, decryptPhotoBytes, photoContext } from "./content.ts";
import { planClientId } from "./read.ts";
import { auditPlanChange, mayEdit } from "./staff-edit.ts";
import type { Actor } from "../../kernel/access.ts";
import { requirePhotoConsent } from "../../consent/consent.ts";

export interface SkinPhotoSummary {
  id: string;
  planId: string | null;
  caption: string | null;
  width: number;
  height: number;
  createdAt: number;
}

/** Stores a photo already re-encoded without metadata (see src/plans/photos.ts). Audited as a change. */
export async function addSkinPhoto(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    clientId: string;
    planId: string | null;
    jpeg: Uint8Array;
    width: number;
    height: number;
    caption: string;
    now?: number;
  },
): Promise<{ id: string }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  if (o.planId && (await planClientId(db, organizationId, o.planId)) !== o.clientId) throw new HealthRecordNotFoundError();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      // Only with the client's consent to photographs in their clinical record, in force now.
      await requirePhotoConsent(tx, organizationId, o.clientId, "record");
      const id = randomUUID();
      const row = { organizationId, clientId: o.clientId, id };
      await tx.insert(skinPhotos).values({
        id,
        organizationId,
        clientId: o.clientId,
        planId: o.planId,
        mediaType: "image/jpeg",
        width: o.width,
        height: o.height,
        bytesEncrypted: encryptPhotoBytes(o.keyRing, o.jpeg, photoContext(row, "bytes")),
        captionEncrypted: o.keyRing.encrypt(o.caption.trim(), photoContext(row, "caption")),
        takenByUserId: o.staff.userId,
        createdAt: new Date(now),
      });
      await auditPlanChange(tx, o.staff, o.clientId, { change: "photo-added", photoId: id, planId: o.planId, access: via });
      return { id };
    },
  );
}

/** The photos of a plan (or of the client when planId is null): captions and sizes, no image bytes. */
export async function listSkinPhotos(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; planId?: string; now?: number },
): Promise<SkinPhotoSummary[]> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const rows = await tx
      .select({
        id: skinPhotos.id,
        planId: skinPhotos.planId,
        width: skinPhotos.width,
        height: skinPhotos.height,
        createdAt: skinPhotos.createdAt,
        captionEncrypted: skinPhotos.captionEncrypted,
      })
      .from(skinPhotos)
      .where(
        and(
          eq(skinPhotos.organizationId, organizationId),
          eq(skinPhotos.clientId, o.clientId),
          o.planId ? eq(skinPhotos.planId, o.planId) : undefined,
        ),
      )
      .orderBy(asc(skinPhotos.createdAt));
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, { part: "photo-list", role: o.staff.role, access: via });
    return rows.map((r) => {
      let caption: string | null = null;
      try {
        caption = o.keyRing.decrypt(r.captionEncrypted, photoContext({ organizationId, clientId: o.clientId, id: r.id }, "caption"));
      } catch (error) {
        if (!isUnreadable(error)) throw error;
      }
      return { id: r.id, planId: r.planId, caption, width: r.width, height: r.height, createdAt: r.createdAt.getTime() };
    });
  });
}

/** One photo's bytes, for staff with access. Every view is audited. */
export async function viewSkinPhoto(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; photoId: string; now?: number },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  if (!isUuid(o.photoId)) throw new HealthRecordNotFoundError();
  const [meta] = await db
    .select({ clientId: skinPhotos.clientId })
    .from(skinPhotos)
    .where(and(eq(skinPhotos.id, o.photoId), eq(skinPhotos.organizationId, organizationId)))
    .limit(1);
  if (!meta) throw new HealthRecordNotFoundError();
  return withAccess(db, { staff: o.staff, clientId: meta.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const [row] = await tx.select().from(skinPhotos).where(eq(skinPhotos.id, o.photoId)).limit(1);
    if (!row) throw new HealthRecordNotFoundError();
    const jpeg = decryptPhotoBytes(o.keyRing, row.bytesEncrypted, photoContext(row, "bytes"));
    await auditStaffHealth(tx, o.staff, meta.clientId, HEALTH_ACTIONS.view, {
      part: "photo",
      photoId: o.photoId,
      role: o.staff.role,
      access: via,
    });
    return { jpeg, mediaType: row.mediaType };
  });
}
