// GET /staff/plans/:planId/pdf: the signed version (or, before signing, the
// latest version) as the client's PDF copy. Audited as a print of the record.
import { data } from "react-router";
import type { Route } from "./+types/plan-pdf";
import { viewPlanForStaff } from "../../../src/plans/record/staff-view.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { planPdf, pdfResponse } from "../../lib/plan-page.server.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  let result;
  try {
    result = await viewPlanForStaff(services.db, {
      staff,
      keyRing: services.keyRing,
      planId: params.planId,
      purpose: "print",
      now: services.now(),
    });
  } catch (error) {
    refuse(error);
  }
  const { plan, context: ctx } = result;
  const version = plan.accepted ?? plan.versions[0]!;
  if (!version.draft) throw data("This version failed its integrity check and cannot be printed.", { status: 409 });
  const clinic = await loadClinic(services.db, staff.organizationId);
  const practitioner = ctx.practitioners.find((p) => p.id === version.draft!.practitionerId)?.name ?? null;
  const bytes = await planPdf(clinic, plan, version, ctx.products, practitioner);
  return pdfResponse(bytes, `treatment-plan-v${version.version}.pdf`);
}
