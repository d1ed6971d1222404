// GET /portal/plans/:planId/pdf: the client's own copy of their signed plan. Its
// words are in the language the version was offered in (the account's language
// for a version that stored none); the answers around it are in the account's.
import { data } from "react-router";
import type { Route } from "./+types/plan-pdf";
import { problemOf } from "../../../src/kernel/errors.ts";
import { clientPlan } from "../../../src/plans/record/portal.ts";
import { clinicPlanSettings } from "../../../src/plans/record/context.ts";
import { listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import { getClient, getServices } from "../../context.ts";
import { translator } from "../../i18n/catalog.ts";
import { planPdf, pdfResponse } from "../../lib/plan-page.server.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const t = translator(locale);
  let plan;
  try {
    plan = await clientPlan(services.db, { client, keyRing: services.keyRing, planId: params.planId, purpose: "export" });
  } catch (error) {
    const problem = problemOf(error);
    if (problem) throw data(t("portal.plan.notFound"), { status: problem.status });
    throw error;
  }
  const version = plan.accepted ?? plan.versions.find((v) => v.status === "proposed");
  if (!version?.draft) throw data(t("portal.plan.cannotPrint"), { status: 409 });
  const clinic = await loadClinic(services.db, client.organizationId);
  const { products } = await clinicPlanSettings(services.db, client.organizationId);
  const practitioners = await listPractitioners(services.db, client.organizationId, { includeInactive: true });
  const practitioner = practitioners.find((p) => p.id === version.draft!.practitionerId)?.name ?? null;
  return pdfResponse(
    await planPdf(clinic, plan, version, products, practitioner, locale),
    t("portal.plan.pdfFileName", { version: version.version }),
  );
}
