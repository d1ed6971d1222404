// Many clients' treatment plans written at once, for the generated scale data
// set (scripts/seed-scale.ts, docs/scale.md): version 1 of each plan, encrypted
// under its row's context as write.ts stores it, proposed or accepted (then with
// the client's signature), and the audit row of each change, over a plain
// node-postgres client in a few statements.
import { HEALTH_ACTIONS, HEALTH_RECORD } from "../../privacy/access.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import type { PlanDraft } from "../types.ts";
import { canonicalJson, contentContext, contentSha256 } from "./content.ts";

/** What runs a statement with parameters: a node-postgres client or pool. */
export interface BulkClient {
  query(text: string, values: unknown[]): Promise<unknown>;
}

export interface BulkPlan {
  id: string;
  organizationId: string;
  clientId: string;
  /** The staff member who wrote it (an auth user of the clinic). */
  createdByUserId: string;
  draft: PlanDraft;
  createdAt: Date;
  /** Signed by the client (typed name) at this time; null leaves it proposed. */
  accepted: { signedName: string; at: Date } | null;
}

/** Writes the plans, their first version and any signature, with the audit rows; returns how many plans. */
export async function insertPlansInBulk(client: BulkClient, o: { keyRing: KeyRing; plans: readonly BulkPlan[] }): Promise<number> {
  if (o.plans.length === 0) return 0;
  const plans: unknown[][] = [[], [], [], [], []];
  const versions: unknown[][] = Array.from({ length: 15 }, () => []);
  const signatures: unknown[][] = [[], [], [], [], [], []];
  const audit: unknown[][] = [[], [], [], [], [], [], []];
  for (const p of o.plans) {
    const d = p.draft;
    const sha = contentSha256(d);
    const at = p.createdAt.toISOString();
    [p.id, p.organizationId, p.clientId, p.createdByUserId, at].forEach((v, i) => plans[i]!.push(v));
    [
      p.id,
      p.organizationId,
      p.accepted ? "accepted" : "proposed",
      o.keyRing.encrypt(canonicalJson(d), contentContext({ organizationId: p.organizationId, planId: p.id, version: 1 })),
      sha,
      d.serviceId,
      d.practitionerId,
      d.sessions,
      d.intervalMinDays,
      d.intervalMaxDays,
      d.pricePerSessionCents,
      d.packagePriceCents,
      d.currency,
      p.createdByUserId,
      at,
    ].forEach((v, i) => versions[i]!.push(v));
    const created = { kind: "plan", change: "plan-created", planId: p.id, version: 1, role: "owner" };
    [p.organizationId, at, "staff", p.createdByUserId, p.clientId, JSON.stringify(created), HEALTH_ACTIONS.edit].forEach((v, i) =>
      audit[i]!.push(v),
    );
    if (p.accepted) {
      const signedAt = p.accepted.at.toISOString();
      [p.id, p.organizationId, p.clientId, p.accepted.signedName, signedAt, sha].forEach((v, i) => signatures[i]!.push(v));
      const accept = { planId: p.id, version: 1, contentSha256: sha };
      [p.organizationId, signedAt, "client", p.clientId, p.clientId, JSON.stringify(accept), "treatment-plan.accept"].forEach((v, i) =>
        audit[i]!.push(v),
      );
    }
  }
  await client.query(
    `INSERT INTO treatment_plans (id, organization_id, client_id, created_by_user_id, created_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])`,
    plans,
  );
  await client.query(
    `INSERT INTO treatment_plan_versions (plan_id, version, organization_id, status, content_encrypted, content_sha256, service_id,
       practitioner_id, sessions, interval_min_days, interval_max_days, price_per_session_cents, package_price_cents, currency,
       created_by_user_id, created_at, updated_at, proposed_at)
     SELECT plan, 1, org, status, content, sha, service, practitioner, sessions, imin, imax, per, pkg, cur, author, at, at, at
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::int[], $9::int[], $10::int[],
       $11::int[], $12::int[], $13::text[], $14::text[], $15::timestamptz[])
       AS t(plan, org, status, content, sha, service, practitioner, sessions, imin, imax, per, pkg, cur, author, at)`,
    versions,
  );
  if (signatures[0]!.length) {
    await client.query(
      `INSERT INTO treatment_plan_acceptances (plan_id, version, organization_id, client_id, signed_name, consent, signed_at, content_sha256)
       SELECT plan, 1, org, client, name, true, at, sha
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[]) AS t(plan, org, client, name, at, sha)`,
      signatures,
    );
  }
  await client.query(
    `INSERT INTO audit_events (organization_id, at, actor_type, actor_id, action, entity_type, entity_id, details)
     SELECT org, at, actor_type, actor, action, $8, entity, details
     FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
       AS t(org, at, actor_type, actor, entity, details, action)`,
    [...audit, HEALTH_RECORD],
  );
  return o.plans.length;
}
