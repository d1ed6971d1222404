import { describe, expect, it } from "vitest";
import { screen } from "./engine.ts";
import { CLIENT_MESSAGES_FR, clientMessageFr, clientReasonText, periodTextFr } from "./reasons-fr.ts";
import { DEFAULT_RULE_SET, effectiveRules } from "./effective-rules.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { RULE_IDS } from "./rule-model.ts";
import { FIRES_ALONE, intake } from "./test-fixtures.ts";

const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

// Words that only an English sentence has; none of them is French.
const ENGLISH_WORDS = /\b(the|you|your|we|and|with|before|after|please|treatment|skin|doctor)\b/i;

describe("the French client wording of the screening reasons", () => {
  it("exists for every rule the engine has, and for nothing else", () => {
    // The engine produces reasons from DEFAULT_RULES (overrides change outcomes and periods, never ids).
    const engineIds = DEFAULT_RULES.map((r) => r.id);
    expect(engineIds.length).toBeGreaterThan(0);
    expect([...engineIds].sort()).toEqual([...RULE_IDS].sort());
    for (const id of engineIds) {
      const fr = (CLIENT_MESSAGES_FR as Record<string, string | undefined>)[id];
      expect(typeof fr, `rule ${id} has no French client wording`).toBe("string");
      expect(fr!.trim(), id).not.toBe("");
    }
    expect(Object.keys(CLIENT_MESSAGES_FR).sort()).toEqual([...engineIds].sort());
  });

  it("uses exactly the {parameters} of each English message", () => {
    for (const rule of DEFAULT_RULES) {
      expect(params(CLIENT_MESSAGES_FR[rule.id]), rule.id).toEqual(params(rule.clientMessage));
    }
  });

  it("is French, in the vous form, and not the English sentence", () => {
    for (const rule of DEFAULT_RULES) {
      const fr = CLIENT_MESSAGES_FR[rule.id];
      expect(fr, rule.id).not.toBe(rule.clientMessage);
      expect(fr, rule.id).not.toMatch(ENGLISH_WORDS);
      expect(fr, rule.id).toMatch(/\b(vous|votre|vos)\b/i);
      // Canadian French: no space before ? ! ; and typographic apostrophes.
      expect(fr, rule.id).not.toMatch(/ [?!;]/);
      expect(fr, rule.id).not.toContain("'");
    }
  });

  it("names periods the French way", () => {
    expect(periodTextFr({ months: 6 })).toBe("6\u00a0mois");
    expect(periodTextFr({ months: 1 })).toBe("1\u00a0mois");
    expect(periodTextFr({ days: 14 })).toBe("14\u00a0jours");
    expect(periodTextFr({ days: 1 })).toBe("1\u00a0jour");
  });
});

describe("clientReasonText", () => {
  it("words every reason the engine gives in French, with the default period filled in", () => {
    for (const rule of DEFAULT_RULES) {
      const result = screen(FIRES_ALONE[rule.id], DEFAULT_RULE_SET);
      const [reason] = result.reasons;
      expect(reason?.ruleId, rule.id).toBe(rule.id);
      const fr = clientReasonText(reason!, DEFAULT_RULE_SET, "fr");
      expect(fr.lang, rule.id).toBe("fr");
      expect(fr.text, rule.id).not.toMatch(/[{}]/);
      if (rule.period !== null) expect(fr.text, rule.id).toContain(periodTextFr(rule.period));
    }
  });

  it("follows the clinic's overridden periods, as the English message does", () => {
    const rules = effectiveRules([
      { ruleId: "isotretinoin", period: { months: 3 } },
      { ruleId: "recent-laser", period: { days: 1 } },
    ]);
    const isotretinoin = screen(
      intake({ medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-05-01" } } }),
      rules,
    ).reasons.find((r) => r.ruleId === "isotretinoin")!;
    expect(isotretinoin.clientMessage).toContain("wait 3 months");
    expect(clientReasonText(isotretinoin, rules, "fr").text).toContain("d’attendre 3\u00a0mois après votre dernière dose");

    const laser = screen(intake({ recentProcedures: [{ type: "laser", date: "2026-06-15", areas: null }] }), rules).reasons.find(
      (r) => r.ruleId === "recent-laser",
    )!;
    expect(clientReasonText(laser, rules, "fr").text).toContain("d’attendre 1\u00a0jour après celui-ci");
  });

  it("gives English readers the engine's own message, unchanged", () => {
    for (const rule of DEFAULT_RULES) {
      const [reason] = screen(FIRES_ALONE[rule.id], DEFAULT_RULE_SET).reasons;
      expect(clientReasonText(reason!, DEFAULT_RULE_SET, "en")).toEqual({ text: reason!.clientMessage, lang: "en" });
    }
  });

  it("falls back to the English message, marked English, for a rule it has no French for", () => {
    const stored = { ruleId: "retired-rule", clientMessage: "An old reason." };
    expect(clientReasonText(stored, DEFAULT_RULE_SET, "fr")).toEqual({ text: "An old reason.", lang: "en" });
    expect(clientMessageFr("retired-rule", null)).toBeNull();
    expect(clientMessageFr("isotretinoin", null)).toBeNull();
  });
});
