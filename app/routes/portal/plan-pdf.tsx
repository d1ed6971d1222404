// GET /portal/plans/:planId/pdf: the client's own copy of their signed plan.
import { data } from "react-router";
import type { Route } from "./+types/plan-pdf";
import { classifyHealthError } from "../../../src/privacy/health-record.ts";
import { clientPlan, clinicPlanSettings } from "../../../src/privacy/plan-record.ts";
import { listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import { getClient, getServices } from "../../context.ts";
import { planPdf, pdfResponse } from "../../lib/plan-page.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  let plan;
  try {
    plan = await clientPlan(services.db, { client, keyRing: services.keyRing, planId: params.planId, purpose: "export" });
  } catch (error) {
    const c = classifyHealthError(error);
    if (c) throw data("There is no such plan in your portal.", { status: c.status });
    throw error;
  }
  const version = plan.accepted ?? plan.versions.find((v) => v.status === "proposed");
  if (!version?.draft) throw data("This plan cannot be printed; please ask the clinic for a copy.", { status: 409 });
  const clinic = await loadClinic(services.db, client.organizationId);
  const { products } = await clinicPlanSettings(services.db, client.organizationId);
  const practitioners = await listPractitioners(services.db, client.organizationId, { includeInactive: true });
  const practitioner = practitioners.find((p) => p.id === version.draft!.practitionerId)?.name ?? null;
  return pdfResponse(await planPdf(clinic, plan, version, products, practitioner), `treatment-plan-v${version.version}.pdf`);
}
