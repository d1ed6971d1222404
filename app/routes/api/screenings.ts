// POST /api/v1/screenings: the screening engine over HTTP, public and
// stateless (contracts/screening.md). It stores nothing and logs no answers:
// the request log has the path only, and nothing here writes to the logger.
import { z } from "zod";
import type { Route } from "./+types/screenings";
import { loadClinicRules } from "../../../src/screening/clinic-rules.ts";
import { screen } from "../../../src/screening/engine.ts";
import { parseIntake } from "../../../src/screening/schema.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed, readJson } from "../../lib/api.server.ts";
import { invalidInput, json, problem } from "../../lib/problem.ts";

export async function loader() {
  return methodNotAllowed("POST");
}

export async function action({ context, request }: Route.ActionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const services = getServices(context);
  const body = await readJson(request, z.unknown());
  if (!body.ok) return body.response;
  if (typeof body.raw !== "object" || body.raw === null || Array.isArray(body.raw)) {
    return problem("invalid-input", 400, "The body must be a JSON object (an Intake)", { errors: { body: "Expected a JSON object" } });
  }
  const clinic = await loadClinic(services.db, services.organizationId);
  const parsed = parseIntake(body.raw, { today: todayIn(clinic.location.timeZone, services.now()) });
  if (!parsed.ok) {
    const errors: Record<string, string> = {};
    for (const e of parsed.errors) errors[e.field || "body"] ??= e.message;
    return invalidInput(errors, "Some answers are not valid");
  }
  const rules = await loadClinicRules(services.db, clinic.organizationId);
  return json(screen(parsed.intake, rules));
}
