// The staff's side of the screenings: the chart (decrypted for whoever may
// open the record, audited as a view) and the review of a screening — cleared
// or not cleared, with the reason, and for "not suitable" the physician's
// written clearance recorded by the owner or the medical director
// (docs/decisions/0021-who-may-clear-not-suitable.md).
import { and, eq } from "drizzle-orm";
import { canClearNotSuitable } from "../../auth/permissions.ts";
import type { Db } from "../../db/open.ts";
import { staffMembers } from "../../db/schema.ts";
import { FieldError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HEALTH_ACTIONS, mayOnRecord, withAccess, auditStaffHealth } from "../../privacy/access.ts";
import { clientScreenings, screeningReviews } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import { addDays } from "../../scheduling/time.ts";
import type { ScreeningResult } from "../types.ts";
import { resultContext, reviewContextV2, type PhysicianClearance, type ReviewBody } from "./encryption.ts";
import { readScreenings, type ScreeningView } from "./read.ts";
import type { Actor } from "../../kernel/access.ts";
import { can } from "../../kernel/access.ts";

export const REVIEW_NOTE_MIN = 10;
export const REVIEW_NOTE_MAX = 4000;

/** Rules whose clearance must name the prescriber. */
export const PRESCRIBER_RULES: readonly string[] = ["bleeding-disorder", "anticoagulant"];
export const CLEARANCE_TEXT_MAX = 4000;
export const CLEARANCE_NAME_MAX = 200;

/** The client's screenings with their results and reviews, for staff who may open the record. Audited as a view. */
export async function viewScreenings(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; now?: number },
): Promise<ScreeningView[]> {
  const now = o.now ?? Date.now();
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const list = await readScreenings(tx, o.keyRing, o.staff.organizationId, o.clientId);
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, {
      part: "screenings",
      role: o.staff.role,
      access: via,
      screenings: list.length,
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
    staff: Actor;
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
  // A practitioner's review (health.edit on this record), or the owner clearing a "not suitable" screening.
  const mayReview = (d: Parameters<typeof mayOnRecord>[2]) =>
    mayOnRecord(o.staff, "health.edit", d) || can(o.staff.role, "screening.clear-not-suitable");
  await withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "review-screening", require: (d) => (mayReview(d) ? null : "role") },
    async (tx, d, via) => {
      // Checked once access is granted, so a refused role is refused (and audited) whatever it sent.
      const note = (o.note ?? "").replace(/\r\n/g, "\n").trim();
      const errors: Record<string, string> = {};
      if (!isUuid(o.screeningId)) {
        errors.screeningId = "There is no such screening for this client.";
      }
      if (o.decision !== "cleared" && o.decision !== "not-cleared") errors.decision = "Choose cleared or not cleared.";
      if (note.length < REVIEW_NOTE_MIN)
        errors.note = `Write the reason for the decision — for a clearance, what the physician said (at least ${REVIEW_NOTE_MIN} characters).`;
      else if (note.length > REVIEW_NOTE_MAX) errors.note = `Use at most ${REVIEW_NOTE_MAX} characters.`;
      if (errors.screeningId) throw new FieldError(errors);

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
      if (!s) throw new FieldError({ ...errors, screeningId: "There is no such screening for this client." });
      let result: ScreeningResult | null = null;
      try {
        result = JSON.parse(o.keyRing.decrypt(s.resultEncrypted, resultContext(s))) as ScreeningResult;
      } catch (error) {
        if (!isUnreadable(error)) throw error;
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

      if (!mayOnRecord(o.staff, "health.edit", d) && result !== null && notSuitable.length === 0)
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
      if (Object.keys(errors).length) throw new FieldError(errors);

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
      await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.edit, {
        kind: "screening-review",
        screeningId: s.id,
        decision: o.decision,
        role: o.staff.role,
        access: via,
        ...(body.clearedAs ? { clearedAs: body.clearedAs, physicianClearance: true } : {}),
      });
    },
  );
}
