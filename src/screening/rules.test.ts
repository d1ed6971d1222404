import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError, problemOf } from "../kernel/errors.ts";
import {
  DEFAULT_RULE_SET,
  RuleOverrideError,
  effectiveRules,
  overrideProblems,
  rulesVersionOf,
  type RuleOverride,
} from "./effective-rules.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { PERIOD_SLOT, RULE_IDS } from "./rule-model.ts";
import { parseRuleOverrides } from "./schema.ts";
import { REASON_OUTCOMES } from "./types.ts";

// The contract's table (shared/contracts/screening.md), restated so that a
// change to the defaults is a deliberate edit in two places.
const CONTRACT_TABLE: [string, string, string | null][] = [
  ["bleeding-disorder", "not-suitable", null],
  ["anticoagulant", "not-suitable", null],
  ["keloid-history", "not-suitable", null],
  ["metal-allergy", "not-suitable", null],
  ["autoimmune", "needs-review", null],
  ["diabetes-uncontrolled", "needs-review", null],
  ["immunosuppression", "needs-review", null],
  ["cancer-treatment", "needs-review", null],
  ["suspicious-lesion", "needs-review", null],
  ["minor", "needs-review", null],
  ["pregnancy", "deferred", null],
  ["breastfeeding", "deferred", null],
  ["isotretinoin", "deferred", "P6M"],
  ["active-infection", "deferred", null],
  ["active-acne", "deferred", null],
  ["cold-sore", "deferred", null],
  ["inflammatory-flare", "deferred", null],
  ["sunburn", "deferred", null],
  ["recent-chemical-peel", "deferred", "P14D"],
  ["recent-laser", "deferred", "P28D"],
  ["recent-neurotoxin", "deferred", "P14D"],
  ["recent-filler", "deferred", "P28D"],
  ["recent-microneedling", "deferred", "P28D"],
  ["topical-retinoid", "deferred", "P3D"],
  ["topical-retinoid-pause", "suitable-with-precautions", null],
  ["diabetes-controlled", "suitable-with-precautions", null],
  ["hsv-history", "suitable-with-precautions", null],
  ["anaesthetic-allergy", "suitable-with-precautions", null],
  ["darker-phototype", "suitable-with-precautions", null],
  ["expectations", "suitable-with-precautions", null],
  // Additions (December 2026): the contract fixes the inputs; ids, outcomes and periods are listed in docs/screening.md.
  ["radiation-therapy", "needs-review", null],
  ["hypertrophic-scars", "needs-review", null],
  ["vitiligo", "needs-review", null],
  ["lichen-planus", "needs-review", null],
  ["collagen-vascular", "needs-review", null],
  ["solar-keratosis", "needs-review", null],
  ["permanent-filler-or-threads", "needs-review", null],
  ["raised-mole-or-wart", "needs-review", null],
  ["tan", "deferred", null],
  ["recent-surgery-or-trauma", "deferred", "P6M"],
  ["recent-hair-removal", "deferred", "P7D"],
  ["otc-blood-thinner", "suitable-with-precautions", null],
];

const iso = (p: { months: number } | { days: number } | null) => (p === null ? null : "months" in p ? `P${p.months}M` : `P${p.days}D`);

describe("the default rules table", () => {
  it("has exactly the contract's rows, in the contract's order, with its outcomes and periods", () => {
    expect(DEFAULT_RULES.map((r) => [r.id, r.outcome, iso(r.period)])).toEqual(CONTRACT_TABLE);
    expect(RULE_IDS).toEqual(CONTRACT_TABLE.map(([id]) => id));
  });

  it("writes the effective period into the messages of dated rules only", () => {
    for (const rule of DEFAULT_RULES) {
      if (rule.period === null) {
        expect(rule.clientMessage, rule.id).not.toContain(PERIOD_SLOT);
        expect(rule.staffNote, rule.id).not.toContain(PERIOD_SLOT);
      } else {
        expect(rule.clientMessage + rule.staffNote, rule.id).toContain(PERIOD_SLOT);
      }
      // No other template slot sneaks in unreplaced.
      expect((rule.clientMessage + rule.staffNote).replaceAll(PERIOD_SLOT, "")).not.toMatch(/[{}]/);
    }
  });

  it("speaks to the client plainly: second person, no jargon, no citations, nothing alarming", () => {
    const jargon =
      /contraindicat|\bPIH\b|\bHSV\b|anticoagul|immunosuppress|neurotoxin|erythema|phototype|Fitzpatrick|\bref-|\bclinic-\d|⚠|\[|\bRCT\b|\bIND\b|\bCLIN\b/i;
    const alarm = /danger|warning|fatal|death|die\b|!|\bmust\b|forbidden|prohibited/i;
    for (const rule of DEFAULT_RULES) {
      expect(rule.clientMessage, rule.id).toMatch(/\byou(r|'re|'ve|'d)?\b/i);
      expect(rule.clientMessage, rule.id).not.toMatch(jargon);
      expect(rule.clientMessage, rule.id).not.toMatch(alarm);
      expect(rule.clientMessage.length, rule.id).toBeLessThanOrEqual(320);
    }
  });

  it("cites in every staff note exactly the keys listed in its citations", () => {
    for (const rule of DEFAULT_RULES) {
      const inNote = new Set([...rule.staffNote.matchAll(/\[((?:ref|clinic)-\d+)\]/g)].map((m) => m[1]));
      expect(rule.citations.length, rule.id).toBeGreaterThan(0);
      expect(new Set(rule.citations), rule.id).toEqual(inNote);
      expect(new Set(rule.citations).size, `${rule.id} repeats a citation`).toBe(rule.citations.length);
    }
  });
});

describe("citations", () => {
  const page = readFileSync(new URL("../../docs/clinical/README.md", import.meta.url), "utf8");
  const anchors = [...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);

  it("every citation key of every rule is an anchor on docs/clinical/README.md", () => {
    const missing = DEFAULT_RULES.flatMap((r) => r.citations.filter((key) => !anchors.includes(key)).map((key) => `${r.id} → ${key}`));
    expect(missing).toEqual([]);
  });

  it("anchors on the page are unique", () => {
    expect(anchors.length).toBeGreaterThan(30);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  it("the page's clinic-policy table lists exactly the rules that cite each clinic key", () => {
    const rows = [...page.matchAll(/^\| <a id="(clinic-\d+)"><\/a>clinic-\d+ \| .* \| (.*) \|$/gm)];
    expect(rows).toHaveLength(10);
    for (const [, key, cell] of rows) {
      const listed = [...cell!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort();
      const citing = DEFAULT_RULES.filter((r) => r.citations.includes(key!))
        .map((r) => r.id)
        .sort();
      expect(listed, key).toEqual(citing);
    }
  });
});

describe("docs/screening.md", () => {
  it("its rules table matches the code: every rule, outcome, default wait and citation, in order", () => {
    const doc = readFileSync(new URL("../../docs/screening.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` +\|[^|]*\| ([a-z-]+) +\|([^|]*)\|([^|]*)\|$/gm)];
    expect(rows.map((r) => r[1])).toEqual([...RULE_IDS]);
    for (const [, id, outcome, wait, cites] of rows) {
      const rule = DEFAULT_RULES.find((r) => r.id === id)!;
      expect(outcome, id).toBe(rule.outcome);
      if (rule.period !== null)
        expect(wait, id).toContain("months" in rule.period ? `${rule.period.months} months` : `${rule.period.days} days`);
      expect(
        [...cites!.matchAll(/\[([a-z]+-\d+)\]\(clinical\/README\.md#\1\)/g)].map((m) => m[1]),
        id,
      ).toEqual(rule.citations);
    }
  });
});

describe("overrides and rulesVersion", () => {
  it("is a short hex fingerprint, the same for the same rules", () => {
    expect(DEFAULT_RULE_SET.version).toMatch(/^[0-9a-f]{12}$/);
    expect(effectiveRules([]).version).toBe(DEFAULT_RULE_SET.version);
    expect(rulesVersionOf(DEFAULT_RULES)).toBe(DEFAULT_RULE_SET.version);
  });

  it("gives the same version for the same overrides, in any order", () => {
    const a: RuleOverride[] = [
      { ruleId: "isotretinoin", period: { months: 12 } },
      { ruleId: "minor", outcome: "not-suitable" },
    ];
    const one = effectiveRules(a);
    const two = effectiveRules([...a].reverse());
    expect(two.version).toBe(one.version);
    expect(two.overrides).toEqual(one.overrides);
    expect(one.version).not.toBe(DEFAULT_RULE_SET.version);
  });

  it("changes the version for every distinct change of outcome or period", () => {
    const versions = new Set<string>([DEFAULT_RULE_SET.version]);
    let changes = 0;
    for (const rule of DEFAULT_RULES) {
      for (const outcome of REASON_OUTCOMES) {
        if (outcome === rule.outcome) continue;
        versions.add(effectiveRules([{ ruleId: rule.id, outcome }]).version);
        changes++;
      }
      if (rule.period !== null) {
        versions.add(effectiveRules([{ ruleId: rule.id, period: { days: 400 } }]).version);
        versions.add(effectiveRules([{ ruleId: rule.id, period: { months: 7 } }]).version);
        changes += 2;
      }
    }
    expect(versions.size).toBe(changes + 1);
  });

  it("tells 6 months from 180 days", () => {
    expect(effectiveRules([{ ruleId: "isotretinoin", period: { days: 180 } }]).version).not.toBe(DEFAULT_RULE_SET.version);
  });

  it("changes when wording, staff notes, citations or the order of rules change", () => {
    const reworded = DEFAULT_RULES.map((r) => (r.id === "sunburn" ? { ...r, clientMessage: `${r.clientMessage} ` } : r));
    const renoted = DEFAULT_RULES.map((r) => (r.id === "sunburn" ? { ...r, staffNote: `${r.staffNote} ` } : r));
    const recited = DEFAULT_RULES.map((r) => (r.id === "sunburn" ? { ...r, citations: [...r.citations, "ref-20"] } : r));
    const reordered = [DEFAULT_RULES[1]!, DEFAULT_RULES[0]!, ...DEFAULT_RULES.slice(2)];
    for (const changed of [reworded, renoted, recited, reordered]) expect(rulesVersionOf(changed)).not.toBe(DEFAULT_RULE_SET.version);
  });

  it("an override that restates the default leaves the rules, and so the version, unchanged", () => {
    expect(effectiveRules([{ ruleId: "isotretinoin", period: { months: 6 }, outcome: "deferred" }]).version).toBe(DEFAULT_RULE_SET.version);
  });

  it("applies outcome and period, and leaves the other rows and the defaults untouched", () => {
    const rules = effectiveRules([{ ruleId: "recent-laser", outcome: "needs-review", period: { days: 42 } }]);
    const laser = rules.rules.find((r) => r.id === "recent-laser")!;
    expect(laser.outcome).toBe("needs-review");
    expect(laser.period).toEqual({ days: 42 });
    expect(rules.rules.filter((r) => r.id !== "recent-laser")).toEqual(DEFAULT_RULES.filter((r) => r.id !== "recent-laser"));
    expect(DEFAULT_RULES.find((r) => r.id === "recent-laser")!.period).toEqual({ days: 28 });
  });

  it("refuses bad overrides, listing every problem with its position", () => {
    const bad = [
      { ruleId: "no-such-rule", outcome: "deferred" },
      { ruleId: "pregnancy", period: { months: 9 } },
      { ruleId: "isotretinoin", period: { months: 0 } },
      { ruleId: "recent-laser", period: { days: 2.5 } },
      { ruleId: "recent-filler", period: { months: 121 } },
      { ruleId: "recent-peel" },
      { ruleId: "minor" },
      { ruleId: "minor", outcome: "suitable" },
      { ruleId: "topical-retinoid", period: { months: 1, days: 2 } },
    ] as unknown as RuleOverride[];
    expect(overrideProblems(bad).map((p) => p.field)).toEqual([
      "[0].ruleId",
      "[1].period",
      "[2].period",
      "[3].period",
      "[4].period",
      "[5].ruleId",
      "[6]",
      "[7].ruleId",
      "[7].outcome",
      "[8].period",
    ]);
    expect(() => effectiveRules(bad)).toThrow(RuleOverrideError);
  });

  it("refuses overrides with the domain's error: invalid input, one message per path", () => {
    const bad = [
      { ruleId: "sunburn", period: { days: 3 } },
      { ruleId: "nonsense", outcome: "deferred" },
    ] as RuleOverride[];
    let thrown: unknown;
    try {
      effectiveRules(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleOverrideError);
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as RuleOverrideError;
    expect(error.name).toBe("RuleOverrideError");
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.errors)).toEqual(["[0].period", "[1].ruleId"]);
    expect(error.errors["[0].period"]).toContain("no waiting period");
    expect(error.message).toMatch(/^Invalid screening rule overrides: \[0\]\.period: .+; \[1\]\.ruleId: Not a screening rule/);
    expect(problemOf(error)).toMatchObject({ status: 422, errors: error.errors });
  });

  it("parses overrides from untrusted JSON with paths, shape first and then meaning", () => {
    expect(parseRuleOverrides([{ ruleId: "isotretinoin", period: { months: 12 } }])).toEqual({
      ok: true,
      overrides: [{ ruleId: "isotretinoin", period: { months: 12 } }],
    });
    const shape = parseRuleOverrides([
      { ruleId: "minor", outcome: "maybe", colour: "red" },
      { ruleId: 3 },
      { ruleId: "minor", period: { weeks: 2 } },
    ]);
    expect(shape.ok).toBe(false);
    if (!shape.ok) expect(shape.errors.map((e) => e.field)).toEqual(["[0].outcome", "[0].colour", "[1].ruleId", "[2].period"]);
    const meaning = parseRuleOverrides([{ ruleId: "sunburn", period: { days: 3 } }]);
    expect(meaning).toEqual({ ok: false, errors: [{ field: "[0].period", message: expect.stringContaining("no waiting period") }] });
    expect(parseRuleOverrides({}).ok).toBe(false);
  });
});
