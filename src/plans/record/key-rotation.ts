// Key rotation of the plans' values: every version's content and every skin
// photo (bytes and caption) moves to the active key, in the rotation's
// transaction (src/privacy/key-rotation.ts).
import { and, asc, eq, or } from "drizzle-orm";
import { skinPhotos, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { reencryptRows, type Rotation } from "../../privacy/rotation.ts";
import { contentContext, photoContext } from "./content.ts";

/** Re-encrypts every plan and photo value not under the active key. */
export async function reencryptPlanData(rotation: Rotation): Promise<number> {
  const { tx } = rotation;
  const versions = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(treatmentPlanVersions)
        .where(rotation.stale(treatmentPlanVersions.contentEncrypted))
        .orderBy(asc(treatmentPlanVersions.planId), asc(treatmentPlanVersions.version))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(treatmentPlanVersions)
        .set({
          contentEncrypted: rotation.reencrypt(r.contentEncrypted, contentContext(r), `treatment plan ${r.planId} version ${r.version}`),
        })
        .where(and(eq(treatmentPlanVersions.planId, r.planId), eq(treatmentPlanVersions.version, r.version)));
    },
  );
  const photos = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(skinPhotos)
        .where(or(rotation.stale(skinPhotos.bytesEncrypted), rotation.stale(skinPhotos.captionEncrypted)))
        .orderBy(asc(skinPhotos.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(skinPhotos)
        .set({
          bytesEncrypted: rotation.reencrypt(r.bytesEncrypted, photoContext(r, "bytes"), `skin photo ${r.id}`),
          captionEncrypted: rotation.reencrypt(r.captionEncrypted, photoContext(r, "caption"), `skin photo ${r.id}`),
        })
        .where(eq(skinPhotos.id, r.id));
    },
  );
  return versions + photos;
}
