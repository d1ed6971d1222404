// /api/v1/clients/:clientId/plans, for programs acting with a staff member's
// session: GET lists the client's plans (status and counts only); POST starts
// a plan from a JSON PlanDraft. The same domain limits as the plan screen
// apply, and a refusal names each rule that refused it (422 problem+json with
// `violations`). Access follows the health record's rules and is audited.
import { z } from "zod";
import type { Route } from "./+types/plans";
import { getStaffSession } from "../../../src/auth/auth.ts";
import { parsePlanDraft } from "../../../src/plans/validate.ts";
import { createPlan } from "../../../src/plans/record/write.ts";
import { listPlansForStaff } from "../../../src/plans/record/staff-view.ts";
import { PlanRefusedError } from "../../../src/plans/record/errors.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed, readJson } from "../../lib/api.server.ts";
import { json, problem } from "../../lib/problem.ts";
import { problemOf } from "../../../src/kernel/errors.ts";
import { isUuid } from "../../../src/kernel/ids.ts";

async function staffOf(context: Route.LoaderArgs["context"], request: Request) {
  const services = getServices(context);
  return { services, staff: await getStaffSession(services.auth, services.db, request.headers, services.organizationId) };
}

function refused(error: unknown): Response {
  if (error instanceof PlanRefusedError) {
    return problem("invalid-input", 422, "The plan breaks the clinic's limits", { errors: error.errors, violations: error.violations });
  }
  const p = problemOf(error);
  if (p?.status === 404) return problem("not-found", 404, "There is no such client in this clinic");
  if (p?.status === 403) return problem("forbidden", 403, p.message);
  throw error;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = await staffOf(context, request);
  if (!staff) return problem("unauthorized", 401, "Sign in as staff to use this endpoint");
  if (!isUuid(params.clientId)) return problem("not-found", 404, "There is no such client in this clinic");
  try {
    const plans = await listPlansForStaff(services.db, { staff, clientId: params.clientId, now: services.now() });
    return json({
      plans: plans.map((p) => ({ ...p, createdAt: new Date(p.createdAt).toISOString() })),
    });
  } catch (error) {
    return refused(error);
  }
}

export async function action({ context, params, request }: Route.ActionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const { services, staff } = await staffOf(context, request);
  if (!staff) return problem("unauthorized", 401, "Sign in as staff to use this endpoint");
  if (!isUuid(params.clientId)) return problem("not-found", 404, "There is no such client in this clinic");
  const body = await readJson(request, z.unknown());
  if (!body.ok) return body.response;
  const parsed = parsePlanDraft(body.raw);
  if (!parsed.ok) {
    const errors: Record<string, string> = {};
    for (const v of parsed.violations) errors[v.field || "body"] ??= v.message;
    return problem("invalid-input", 422, "Some of the plan is not valid", { errors, violations: parsed.violations });
  }
  try {
    const created = await createPlan(services.db, {
      staff,
      keyRing: services.keyRing,
      clientId: params.clientId,
      draft: parsed.draft,
      now: services.now(),
    });
    return json(
      { planId: created.planId, version: created.version, status: "draft" },
      { status: 201, headers: { Location: `/staff/plans/${created.planId}` } },
    );
  } catch (error) {
    return refused(error);
  }
}
