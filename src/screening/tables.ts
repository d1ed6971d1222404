// The clinic's screening rule changes and the rule sets in use (migration
// 0005_screening.sql). No health information: rules, not answers.
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ReasonOutcome } from "./types.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const screeningRuleOverrides = pgTable(
  "screening_rule_overrides",
  {
    organizationId: uuid("organization_id").notNull(),
    ruleId: text("rule_id").notNull(),
    outcome: text("outcome").$type<ReasonOutcome>(),
    periodMonths: integer("period_months"),
    periodDays: integer("period_days"),
    reason: text("reason").notNull(),
    updatedByUserId: text("updated_by_user_id").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.ruleId] })],
);

/** A rule as stored in a rule-set snapshot. */
export interface StoredRule {
  id: string;
  outcome: ReasonOutcome;
  period: { months: number } | { days: number } | null;
  clientMessage: string;
  staffNote: string;
  citations: string[];
}

export const screeningRuleSets = pgTable(
  "screening_rule_sets",
  {
    organizationId: uuid("organization_id").notNull(),
    version: text("version").notNull(),
    rules: jsonb("rules").$type<StoredRule[]>().notNull(),
    firstUsedAt: ts("first_used_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.version] })],
);
