import type { CheckinField } from "../../src/plans/checkin.ts";
import type { MessageKey } from "../i18n/catalog.ts";

/** The check-in's questions in the client's language: as the check-in page asks them, and as the record shows them back. */
export const CHECKIN_QUESTION: Readonly<Record<CheckinField, MessageKey>> = {
  redness: "portal.checkin.q.redness",
  swelling: "portal.checkin.q.swelling",
  swellingWorse: "portal.checkin.q.swellingWorse",
  eyesOrBreathing: "portal.checkin.q.eyesOrBreathing",
  pain: "portal.checkin.q.pain",
  painWorse: "portal.checkin.q.painWorse",
  infection: "portal.checkin.q.infection",
  fever: "portal.checkin.q.fever",
  bumps: "portal.checkin.q.bumps",
  crusting: "portal.checkin.q.crusting",
  coldSore: "portal.checkin.q.coldSore",
  note: "portal.checkin.q.note",
};
