// What a screening stores encrypted, and under which context: a ciphertext
// only decrypts in the row it was written for. Shared by every part of the
// screening record (src/screening/record/), which are the only readers.
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { NormalizedIntake, PlainDate } from "../types.ts";

export const answersContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_screenings.answers_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
export const resultContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_screenings.result_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
export const pendingContext = (r: { organizationId: string; tokenHash: string }) =>
  `pending_self_checks.answers_encrypted/${r.organizationId}/${r.tokenHash}`;
export const reviewContext = (r: { organizationId: string; screeningId: string; id: string }) =>
  `screening_reviews.note_encrypted/${r.organizationId}/${r.screeningId}/${r.id}`;

/**
 * Reviews written since decision 0021 keep a JSON body (the note, the
 * physician's written clearance, the authority it was cleared under) under
 * their own context, so a note typed before it can never be read as one.
 */
export const reviewContextV2 = (r: { organizationId: string; screeningId: string; id: string }) => `${reviewContext(r)}#v2`;

/** The physician's written clearance a "not suitable" screening needs, kept with the review (encrypted). */
export interface PhysicianClearance {
  physicianName: string;
  /** The date of the clearance letter. */
  letterDate: PlainDate;
  /** What the letter says. */
  letterSays: string;
  /** Who prescribes the blood thinner or manages the bleeding disorder; required for those. */
  prescriberName: string | null;
}

/** A review's encrypted body (since decision 0021); an older review holds its note alone. */
export interface ReviewBody {
  note: string;
  clearance: PhysicianClearance | null;
  clearedAs: "owner" | "medical-director" | null;
}

/** A review's body under whichever context it was written, or null when it cannot be read. */
export function readReviewBody(
  keyRing: KeyRing,
  r: { noteEncrypted: string; organizationId: string; screeningId: string; id: string },
): ReviewBody | null {
  try {
    return JSON.parse(keyRing.decrypt(r.noteEncrypted, reviewContextV2(r))) as ReviewBody;
  } catch (error) {
    if (!isUnreadable(error)) throw error;
  }
  try {
    return { note: keyRing.decrypt(r.noteEncrypted, reviewContext(r)), clearance: null, clearedAs: null };
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    return null;
  }
}

/** What is stored as a screening's answers: the normalized intake and, for an intake, the questionnaire response. */
export interface StoredAnswers {
  intake: NormalizedIntake;
  /** FHIR QuestionnaireResponse for the intake questionnaire; null for the self-check and day-of checklist. */
  response: Record<string, unknown> | null;
  /** The day-of checklist's free text (a new medicine or supplement), when there was one. */
  note?: string;
  /**
   * The self-check's answer to "what are you hoping for", as the intake's
   * `expectation` code ("gradual", "complete", "unsure"): the Intake keeps only
   * whether complete removal is expected, and the intake shows this answer
   * as given rather than asking again.
   */
  expectation?: string;
}
