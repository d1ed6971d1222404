// Many clients' intake screenings written at once, for the generated scale data
// set (scripts/seed-scale.ts, docs/scale.md): the same rows insert.ts writes one
// at a time (engine result, both encrypted under their row's context) and the
// same audit row each, in two statements over a plain node-postgres client.
import { HEALTH_ACTIONS, HEALTH_RECORD } from "../../privacy/access.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { screen } from "../engine.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import type { NormalizedIntake } from "../types.ts";
import { answersContext, resultContext, type StoredAnswers } from "./encryption.ts";

/** What runs a statement with parameters: a node-postgres client or pool. */
export interface BulkClient {
  query(text: string, values: unknown[]): Promise<unknown>;
}

export interface BulkScreening {
  id: string;
  organizationId: string;
  clientId: string;
  /** The intake as the client gave it; its `asOf` is the screening's date. */
  intake: NormalizedIntake;
  createdAt: Date;
}

/** Writes intake screenings given by their clients, with one health-record audit row each; returns how many. */
export async function insertScreeningsInBulk(
  client: BulkClient,
  o: { keyRing: KeyRing; rules: EffectiveRules; screenings: readonly BulkScreening[] },
): Promise<number> {
  if (o.screenings.length === 0) return 0;
  const cols: unknown[][] = [[], [], [], [], [], [], [], []];
  const audit: unknown[][] = [[], [], [], [], []];
  for (const s of o.screenings) {
    const result = screen(s.intake, o.rules);
    const answers: StoredAnswers = { intake: s.intake, response: { resourceType: "QuestionnaireResponse", status: "completed" } };
    const ctx = { organizationId: s.organizationId, clientId: s.clientId, id: s.id };
    const values = [
      s.id,
      s.organizationId,
      s.clientId,
      result.rulesVersion,
      s.intake.asOf,
      s.createdAt.toISOString(),
      o.keyRing.encrypt(JSON.stringify(answers), answersContext(ctx)),
      o.keyRing.encrypt(JSON.stringify(result), resultContext(ctx)),
    ];
    values.forEach((v, i) => cols[i]!.push(v));
    const details = { kind: "screening", source: "intake", screeningId: s.id, rulesVersion: result.rulesVersion };
    [s.organizationId, s.createdAt.toISOString(), s.clientId, s.clientId, JSON.stringify(details)].forEach((v, i) => audit[i]!.push(v));
  }
  await client.query(
    `INSERT INTO client_screenings (id, organization_id, client_id, source, questionnaire, rules_version, as_of, created_at,
       created_by_type, created_by_id, answers_encrypted, result_encrypted)
     SELECT id, org, client, 'intake', 'intake', rules, as_of, at, 'client', client::text, answers, result
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::timestamptz[], $7::text[], $8::text[])
       AS t(id, org, client, rules, as_of, at, answers, result)`,
    cols,
  );
  await client.query(
    `INSERT INTO audit_events (organization_id, at, actor_type, actor_id, action, entity_type, entity_id, details)
     SELECT org, at, 'client', actor, $6, $7, entity, details
     FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[]) AS t(org, at, actor, entity, details)`,
    [...audit, HEALTH_ACTIONS.edit, HEALTH_RECORD],
  );
  return o.screenings.length;
}
