// Reading a client's screenings, decrypted, with their reviews. The readers
// here run inside an access the caller has decided and audits (withAccess, a
// client's own transaction, or the booking gate); they write nothing.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { authUsers } from "../../db/schema.ts";
import { clientScreenings, screeningReviews, type ScreeningSource } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { PlainDate, ScreeningResult } from "../types.ts";
import { answersContext, readReviewBody, resultContext, type PhysicianClearance, type StoredAnswers } from "./encryption.ts";

export interface ScreeningView {
  id: string;
  source: ScreeningSource;
  appointmentId: string | null;
  questionnaire: string | null;
  rulesVersion: string;
  asOf: PlainDate;
  createdAt: number;
  answers: StoredAnswers | null;
  result: ScreeningResult | null;
  damaged: boolean;
  reviews: {
    id: string;
    decision: "cleared" | "not-cleared";
    note: string | null;
    /** The physician's written clearance, for a "not suitable" screening cleared by the owner or the medical director. */
    clearance: PhysicianClearance | null;
    /** The authority a "not suitable" clearance was recorded under; null for a practitioner's review. */
    clearedAs: "owner" | "medical-director" | null;
    by: string;
    at: number;
  }[];
}

/** The latest `limit` screenings of the client, newest first. */
export async function readScreenings(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
  limit = 50,
): Promise<ScreeningView[]> {
  const rows = await tx
    .select()
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, organizationId), eq(clientScreenings.clientId, clientId)))
    .orderBy(desc(clientScreenings.createdAt), desc(clientScreenings.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const reviews = await tx
    .select({ review: screeningReviews, by: authUsers.name })
    .from(screeningReviews)
    .leftJoin(authUsers, eq(authUsers.id, screeningReviews.reviewedByUserId))
    .where(
      and(
        eq(screeningReviews.organizationId, organizationId),
        inArray(
          screeningReviews.screeningId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(screeningReviews.reviewedAt));
  return rows.map((r) => {
    let answers: StoredAnswers | null = null;
    let result: ScreeningResult | null = null;
    let damaged = false;
    try {
      answers = JSON.parse(keyRing.decrypt(r.answersEncrypted, answersContext(r))) as StoredAnswers;
      result = JSON.parse(keyRing.decrypt(r.resultEncrypted, resultContext(r))) as ScreeningResult;
    } catch (error) {
      if (!isUnreadable(error)) throw error;
      damaged = true;
    }
    return {
      id: r.id,
      source: r.source,
      appointmentId: r.appointmentId,
      questionnaire: r.questionnaire,
      rulesVersion: r.rulesVersion,
      asOf: r.asOf,
      createdAt: r.createdAt.getTime(),
      answers,
      result,
      damaged,
      reviews: reviews
        .filter((x) => x.review.screeningId === r.id)
        .map((x) => {
          const body = readReviewBody(keyRing, x.review);
          return {
            id: x.review.id,
            decision: x.review.decision,
            note: body?.note ?? null,
            clearance: body?.clearance ?? null,
            clearedAs: body?.clearedAs ?? null,
            by: x.by ?? "A former staff member",
            at: x.review.reviewedAt.getTime(),
          };
        }),
    };
  });
}

/**
 * What a treatment plan needs from the latest screening: the scored
 * Fitzpatrick type, the rules that fired (precautions adjust depth
 * suggestions; an anaesthetic allergy rules out numbing cream) and the
 * outcome. Called inside an access the caller has already decided and
 * audited (src/plans/record/), so it writes no audit row of its own.
 */
export async function latestScreeningFacts(
  tx: DbOrTx,
  o: { keyRing: KeyRing; organizationId: string; clientId: string },
): Promise<{ fitzpatrickType: number | null; ruleIds: string[]; outcome: string | null; createdAt: number } | null> {
  const [latest] = await readScreenings(tx, o.keyRing, o.organizationId, o.clientId, 1);
  if (!latest) return null;
  return {
    fitzpatrickType: latest.result?.fitzpatrickType ?? null,
    ruleIds: (latest.result?.reasons ?? []).map((r) => r.ruleId),
    outcome: latest.result?.outcome ?? null,
    createdAt: latest.createdAt,
  };
}

/**
 * Every screening of the client, decrypted, for the record's export (the
 * caller — src/privacy/client-record.ts — has decided access and writes the audit row).
 */
export async function screeningsForExport(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
): Promise<ScreeningView[]> {
  return readScreenings(tx, keyRing, organizationId, clientId, 1000);
}

/**
 * Whether a day-of check of this appointment was recorded on this date in
 * the clinic's zone (a fact about the appointment's day, not its answers).
 */
export async function dayOfCheckedOn(
  tx: DbOrTx,
  o: { organizationId: string; appointmentId: string; date: PlainDate; timeZone: string },
): Promise<boolean> {
  const recorded = await tx.$count(
    clientScreenings,
    and(
      eq(clientScreenings.organizationId, o.organizationId),
      eq(clientScreenings.appointmentId, o.appointmentId),
      eq(clientScreenings.source, "day-of"),
      sql`(${clientScreenings.createdAt} AT TIME ZONE ${o.timeZone})::date = ${o.date}::date`,
    ),
  );
  return recorded > 0;
}
