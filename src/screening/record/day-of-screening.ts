// The day-of re-screen, in the treatment room: the latest answers with what
// changed today, screened again and stored as a "day-of" screening tied to
// the appointment.
import type { Db } from "../../db/open.ts";
import { FieldError } from "../../kernel/errors.ts";
import { staffActor } from "../../audit/audit-log.ts";
import { roleMay, withAccess } from "../../privacy/access.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { screen } from "../engine.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import type { NormalizedIntake, ScreeningResult } from "../types.ts";
import { insertScreening } from "./insert.ts";
import { readScreenings } from "./read.ts";
import type { Actor } from "../../kernel/access.ts";

/**
 * The day-of re-screen: the latest answers with what changed today (new
 * medication, sunburn, breakout, cold sore, pregnancy, recent procedures),
 * screened as of today. Stored as a "day-of" screening tied to the
 * appointment. Needs `health.edit` and access to the record; audited.
 */
export async function recordDayOfScreening(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    clientId: string;
    appointmentId: string;
    change: (latest: NormalizedIntake | null) => { ok: true; intake: NormalizedIntake } | { ok: false; errors: Record<string, string> };
    /** Free text from the checklist, kept with its answers (encrypted). */
    note?: string;
    rules: EffectiveRules;
    now?: number;
  },
): Promise<{ id: string; result: ScreeningResult }> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "day-of-screening", require: roleMay(o.staff, "health.edit") },
    async (tx) => {
      const [latest] = await readScreenings(tx, o.keyRing, o.staff.organizationId, o.clientId, 1);
      const changed = o.change(latest?.answers?.intake ?? null);
      if (!changed.ok) throw new FieldError(changed.errors);
      const id = await insertScreening(tx, {
        organizationId: o.staff.organizationId,
        keyRing: o.keyRing,
        clientId: o.clientId,
        source: "day-of",
        answers: { intake: changed.intake, response: null, ...(o.note ? { note: o.note } : {}) },
        rules: o.rules,
        createdBy: staffActor(o.staff),
        appointmentId: o.appointmentId,
        now,
      });
      return { id, result: screen(changed.intake, o.rules) };
    },
  );
}
