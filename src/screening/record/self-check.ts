// The self-check, carried into a booking: answers a visitor chose to keep
// wait under a random token (a cookie) and become the screening of the client
// the booking creates — or, for a client who already existed, wait for that
// client to confirm them in their portal's intake. See
// docs/decisions/0009-booking-gate.md.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/open.ts";
import { clientScreenings, pendingSelfChecks } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import { parseIntake } from "../schema.ts";
import { screen } from "../engine.ts";
import { carriedExpectation } from "../questionnaire-prefill.ts";
import type { NormalizedIntake, PlainDate, ScreeningResult } from "../types.ts";
import { pendingContext } from "./encryption.ts";
import { insertScreening } from "./insert.ts";

/** How long answers carried from the self-check wait for the booking they were carried into. */
export const SELF_CHECK_CARRY_MS = 2 * 60 * 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Keeps the self-check answers a visitor chose to carry into a booking, under
 * a random token the visitor holds (a cookie). Nothing identifies the visitor
 * yet; the answers become a screening when the booking is made.
 */
export async function carrySelfCheck(
  db: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    intake: NormalizedIntake;
    /** The self-check's answer to "what are you hoping for", as the intake's code (see StoredAnswers). */
    expectation?: string | null;
    now: number;
  },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  const expiresAt = o.now + SELF_CHECK_CARRY_MS;
  // Kept only as an answer the intake offers that agrees with the Intake (a form sent by hand may say anything).
  const expectation = carriedExpectation(o.intake, o.expectation);
  await db.delete(pendingSelfChecks).where(lt(pendingSelfChecks.expiresAt, new Date(o.now)));
  await db.insert(pendingSelfChecks).values({
    tokenHash,
    organizationId: o.organizationId,
    answersEncrypted: o.keyRing.encrypt(
      JSON.stringify({ intake: o.intake, ...(expectation ? { expectation } : {}) } satisfies CarriedJson),
      pendingContext({ organizationId: o.organizationId, tokenHash }),
    ),
    expiresAt: new Date(expiresAt),
  });
  return { token, expiresAt };
}

/** What a carried row holds, encrypted (rows written before December 2026 hold the intake alone). */
interface CarriedJson {
  intake: NormalizedIntake;
  expectation?: string;
}

/** Carried answers as read back: the Intake, and the self-check's "hoping for" answer when it was kept. */
export interface CarriedSelfCheck {
  intake: NormalizedIntake;
  expectation: string | null;
}

/** Whether carried answers are still waiting under this token (for the booking page to say so). */
export async function hasCarriedSelfCheck(db: DbOrTx, o: { organizationId: string; token: string; now: number }): Promise<boolean> {
  const [row] = await db
    .select({ expiresAt: pendingSelfChecks.expiresAt })
    .from(pendingSelfChecks)
    .where(and(eq(pendingSelfChecks.tokenHash, hashToken(o.token)), eq(pendingSelfChecks.organizationId, o.organizationId)));
  return Boolean(row && row.expiresAt.getTime() > o.now);
}

/** How long answers carried into a booking for a client who already existed wait for that client's confirmation. */
export const SELF_CHECK_AWAIT_CLIENT_MS = 30 * 24 * 60 * 60_000;

/**
 * Inside the booking's transaction: carried self-check answers become the
 * screening of a client the booking itself created — they were typed by the
 * person who made that client. For a client who already existed, anyone could
 * have typed their address: the answers wait, under that client, until the
 * client confirms them in their portal's intake (pre-filled from them), and
 * change nothing until then. Unknown or expired tokens are ignored.
 */
export async function claimCarriedSelfCheck(
  tx: Tx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    token: string;
    clientId: string;
    /** "screening": the client was created by this booking (or is signed in); "await-client": anyone else. */
    mode: "screening" | "await-client";
    rules: EffectiveRules;
    today: PlainDate;
    now: number;
  },
): Promise<string | null> {
  const tokenHash = hashToken(o.token);
  const where = and(eq(pendingSelfChecks.tokenHash, tokenHash), eq(pendingSelfChecks.organizationId, o.organizationId));
  if (o.mode === "await-client") {
    await tx
      .update(pendingSelfChecks)
      .set({ clientId: o.clientId, expiresAt: new Date(o.now + SELF_CHECK_AWAIT_CLIENT_MS) })
      .where(and(where, gt(pendingSelfChecks.expiresAt, new Date(o.now)), isNull(pendingSelfChecks.clientId)));
    return null;
  }
  const [row] = await tx.delete(pendingSelfChecks).where(where).returning();
  if (!row || row.expiresAt.getTime() <= o.now) return null;
  // Answers typed in the self-check never replace what a client or a practitioner recorded.
  const [existing] = await tx
    .select({ id: clientScreenings.id })
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, o.organizationId), eq(clientScreenings.clientId, o.clientId)))
    .limit(1);
  if (existing) return null;
  const carried = readCarried(o.keyRing, row, o.today);
  if (!carried) return null;
  const id = await insertScreening(tx, {
    organizationId: o.organizationId,
    keyRing: o.keyRing,
    clientId: o.clientId,
    source: "self-check",
    answers: { intake: carried.intake, response: null, ...(carried.expectation ? { expectation: carried.expectation } : {}) },
    rules: o.rules,
    createdBy: { type: "public", id: null },
    now: o.now,
  });
  return id;
}

function readCarried(
  keyRing: KeyRing,
  row: { answersEncrypted: string; organizationId: string; tokenHash: string },
  today: PlainDate,
): CarriedSelfCheck | null {
  try {
    const json = JSON.parse(keyRing.decrypt(row.answersEncrypted, pendingContext(row))) as Record<string, unknown> | null;
    if (!json || typeof json !== "object") return null;
    const kept: Partial<CarriedJson> = "intake" in json ? json : { intake: json as unknown as NormalizedIntake };
    const parsed = parseIntake({ ...stripAsOf(kept.intake) }, { today });
    if (!parsed.ok) return null;
    return { intake: parsed.intake, expectation: typeof kept.expectation === "string" ? kept.expectation : null };
  } catch (error) {
    if (isUnreadable(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * Self-check answers carried into a booking under this client's address and
 * waiting for them (newest first), to pre-fill their intake. Nothing is a
 * screening until the client sends the intake.
 */
export async function awaitingSelfCheck(
  tx: DbOrTx,
  o: { keyRing: KeyRing; organizationId: string; clientId: string; now: number },
): Promise<(CarriedSelfCheck & { createdAt: number }) | null> {
  const [row] = await tx
    .select()
    .from(pendingSelfChecks)
    .where(
      and(
        eq(pendingSelfChecks.organizationId, o.organizationId),
        eq(pendingSelfChecks.clientId, o.clientId),
        gt(pendingSelfChecks.expiresAt, new Date(o.now)),
      ),
    )
    .orderBy(desc(pendingSelfChecks.createdAt))
    .limit(1);
  if (!row) return null;
  const carried = readCarried(o.keyRing, row, row.createdAt.toISOString().slice(0, 10) as PlainDate);
  return carried ? { ...carried, createdAt: row.createdAt.getTime() } : null;
}

/**
 * The answers a visitor carried under their own token, screened as of today:
 * what their self-check told them, for the booking's confirmation in the same
 * browser (the wait they already know). Read before the booking uses them;
 * nothing is written, and nothing about anyone else is read.
 */
export async function screenCarriedSelfCheck(
  db: DbOrTx,
  o: { organizationId: string; keyRing: KeyRing; token: string; rules: EffectiveRules; today: PlainDate; now: number },
): Promise<ScreeningResult | null> {
  const [row] = await db
    .select()
    .from(pendingSelfChecks)
    .where(
      and(
        eq(pendingSelfChecks.tokenHash, hashToken(o.token)),
        eq(pendingSelfChecks.organizationId, o.organizationId),
        gt(pendingSelfChecks.expiresAt, new Date(o.now)),
        // Answers already waiting under a client are that client's to confirm, whoever holds the token.
        isNull(pendingSelfChecks.clientId),
      ),
    );
  const carried = row ? readCarried(o.keyRing, row, o.today) : null;
  return carried ? screen(carried.intake, o.rules, { asOf: o.today }) : null;
}

/** A stored intake as an Intake for re-screening on another day: its own asOf goes, the dates stay. */
function stripAsOf(value: unknown): Record<string, unknown> {
  const { asOf: _asOf, ...rest } = (value ?? {}) as Record<string, unknown>;
  return denormalize(rest);
}

/** NormalizedIntake → the contract's Intake (nulls become absent), so parseIntake accepts it again. */
function denormalize(n: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (v === null || v === undefined) continue;
    if (k === "medications" && typeof v === "object") {
      const meds: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) if (mv !== null && mv !== false) meds[mk] = mv;
      out[k] = meds;
    } else if ((k === "skinConditions" || k === "recentProcedures") && Array.isArray(v)) {
      out[k] = v.map((item) => Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, x]) => x !== null)));
    } else out[k] = v;
  }
  return out;
}
