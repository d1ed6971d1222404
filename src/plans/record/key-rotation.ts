// Key rotation of the plans' values: every version's content, every skin
// photo (bytes and caption), every session chart and addendum moves to the active key, in the rotation's
// transaction (src/privacy/key-rotation.ts).
import { and, asc, eq, or } from "drizzle-orm";
import { sessionChartAddenda, sessionCharts, skinPhotos, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { reencryptRows, type Rotation } from "../../privacy/rotation.ts";
import { addendumContext, chartContext } from "./chart-read.ts";
import { reencryptCheckinData } from "./checkins.ts";
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
        .where(and(eq(skinPhotos.organizationId, r.organizationId), eq(skinPhotos.id, r.id)));
    },
  );
  // A signed chart's row accepts only this change (migration 0016): the same content under the active key.
  const charts = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(sessionCharts)
        .where(rotation.stale(sessionCharts.contentEncrypted))
        .orderBy(asc(sessionCharts.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(sessionCharts)
        .set({ contentEncrypted: rotation.reencrypt(r.contentEncrypted, chartContext(r), `session chart ${r.id}`) })
        .where(and(eq(sessionCharts.organizationId, r.organizationId), eq(sessionCharts.id, r.id)));
    },
  );
  const addenda = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(sessionChartAddenda)
        .where(rotation.stale(sessionChartAddenda.bodyEncrypted))
        .orderBy(asc(sessionChartAddenda.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(sessionChartAddenda)
        .set({ bodyEncrypted: rotation.reencrypt(r.bodyEncrypted, addendumContext(r), `chart addendum ${r.id}`) })
        .where(and(eq(sessionChartAddenda.organizationId, r.organizationId), eq(sessionChartAddenda.id, r.id)));
    },
  );
  const checkins = await reencryptCheckinData(rotation);
  return versions + photos + charts + addenda + checkins;
}
