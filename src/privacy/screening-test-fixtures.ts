// Tests that book treatments need a client whose screening allows them: this
// writes one through the same path a client's intake takes (encrypted,
// audited), with answers the test chooses.
import { eq, and } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { clients } from "../db/schema.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { parseIntake } from "../screening/schema.ts";
import type { Intake, ScreeningResult } from "../screening/types.ts";
import type { KeyRing } from "./keyring.ts";
import { recordClientIntake } from "../screening/record/portal.ts";

/**
 * Makes sure a client with this e-mail exists in the clinic and records an
 * intake screening for them as of `asOf` (default: a clean face treatment).
 */
export async function screenClient(
  db: Db,
  keyRing: KeyRing,
  o: { organizationId: string; email: string; name?: string; intake?: Partial<Intake>; asOf: string; now: number },
): Promise<{ clientId: string; result: ScreeningResult }> {
  const emailNormalized = o.email.trim().toLowerCase();
  await db
    .insert(clients)
    .values({ organizationId: o.organizationId, name: o.name ?? "Screened Client", email: o.email, emailNormalized })
    .onConflictDoNothing();
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.organizationId, o.organizationId), eq(clients.emailNormalized, emailNormalized)));
  const parsed = parseIntake({ treatmentAreas: ["face"], ...o.intake, asOf: o.asOf }, { today: o.asOf });
  if (!parsed.ok) throw new Error(`test intake is invalid: ${JSON.stringify(parsed.errors)}`);
  const { result } = await recordClientIntake(db, {
    client: { organizationId: o.organizationId, clientId: client!.id },
    keyRing,
    intake: parsed.intake,
    response: { resourceType: "QuestionnaireResponse", status: "completed" },
    questionnaire: "test",
    rules: await loadClinicRules(db, o.organizationId),
    now: o.now,
  });
  return { clientId: client!.id, result };
}
