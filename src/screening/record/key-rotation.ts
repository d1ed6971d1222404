// Key rotation of the screenings' values: answers and results, reviews (each
// under the context it was written with) and carried self-check answers move
// to the active key, in the rotation's transaction (src/privacy/key-rotation.ts).
import { and, asc, eq, or } from "drizzle-orm";
import { clientScreenings, pendingSelfChecks, screeningReviews } from "../../privacy/health-tables.ts";
import { isUnreadable } from "../../privacy/keyring.ts";
import { reencryptRows, type Rotation } from "../../privacy/rotation.ts";
import { answersContext, pendingContext, resultContext, reviewContext, reviewContextV2 } from "./encryption.ts";

/** Re-encrypts every screening value not under the active key. */
export async function reencryptScreeningData(rotation: Rotation): Promise<number> {
  const { tx, keyRing } = rotation;
  const screenings = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(clientScreenings)
        .where(or(rotation.stale(clientScreenings.answersEncrypted), rotation.stale(clientScreenings.resultEncrypted)))
        .orderBy(asc(clientScreenings.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(clientScreenings)
        .set({
          answersEncrypted: rotation.reencrypt(r.answersEncrypted, answersContext(r), `screening ${r.id}`),
          resultEncrypted: rotation.reencrypt(r.resultEncrypted, resultContext(r), `screening ${r.id}`),
        })
        .where(and(eq(clientScreenings.organizationId, r.organizationId), eq(clientScreenings.id, r.id)));
    },
  );
  const reviews = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(screeningReviews)
        .where(rotation.stale(screeningReviews.noteEncrypted))
        .orderBy(asc(screeningReviews.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      // A review keeps the context it was written under: a JSON body since decision 0021, a plain note before.
      let context = reviewContextV2(r);
      try {
        keyRing.decrypt(r.noteEncrypted, context);
      } catch (error) {
        if (!isUnreadable(error)) throw error;
        context = reviewContext(r);
      }
      await tx
        .update(screeningReviews)
        .set({ noteEncrypted: rotation.reencrypt(r.noteEncrypted, context, `screening review ${r.id}`) })
        .where(and(eq(screeningReviews.organizationId, r.organizationId), eq(screeningReviews.id, r.id)));
    },
  );
  // Carried self-check answers are short-lived: re-encrypt them too rather than lose them mid-booking.
  const carried = await reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(pendingSelfChecks)
        .where(rotation.stale(pendingSelfChecks.answersEncrypted))
        .orderBy(asc(pendingSelfChecks.tokenHash))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(pendingSelfChecks)
        .set({ answersEncrypted: rotation.reencrypt(r.answersEncrypted, pendingContext(r), "carried self-check answers") })
        .where(and(eq(pendingSelfChecks.organizationId, r.organizationId), eq(pendingSelfChecks.tokenHash, r.tokenHash)));
    },
  );
  return screenings + reviews + carried;
}
