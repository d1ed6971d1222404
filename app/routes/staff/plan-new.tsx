import { data, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan-new";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { createPlan } from "../../../src/plans/record/write.ts";
import { newPlanContext } from "../../../src/plans/record/staff-view.ts";
import { PlanRefusedError } from "../../../src/plans/record/errors.ts";
import { getClientForStaff } from "../../../src/privacy/client-directory.ts";
import { PlanEditor } from "../../components/PlanEditor.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { draftFrom, formErrors, formValuesFrom, type PlanFormValues } from "../../lib/plan-form.ts";
import { editorContext } from "../../lib/plan-page.server.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { isUuid } from "../../../src/kernel/ids.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
];
// No client name in the title: titles end up in browser history and tab lists.
export const meta: Route.MetaFunction = () => [{ title: "New treatment plan — Dermaplan staff" }, { name: "robots", content: "noindex" }];

function fail(error: unknown): never {
  // A page that shows a plan has no form for bad input: it is a bad request.
  refuse(error, { invalidStatus: 400 });
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  if (!isUuid(params.id)) throw data("No such client.", { status: 404 });
  let ctx;
  try {
    ctx = await newPlanContext(services.db, { staff, keyRing: services.keyRing, clientId: params.id, now: services.now() });
  } catch (error) {
    fail(error);
  }
  const details = await getClientForStaff(services.db, { staff, clientId: params.id });
  const treatment = ctx.services[0];
  const initial: PlanFormValues = {
    fitzpatrick: ctx.fitzpatrickFromIntake ? String(ctx.fitzpatrickFromIntake) : "",
    glogau: "",
    assessmentNotes: "",
    zones: {},
    serviceId: treatment?.id ?? "",
    practitionerId: staff.practitionerId && ctx.practitioners.some((p) => p.id === staff.practitionerId) ? staff.practitionerId : "",
    sessions: "",
    intervalMinDays: "",
    intervalMaxDays: "",
    numbingCream: !ctx.anaestheticAllergy,
    // The practitioner chooses the numbing cream and the glide: nothing clinical is pre-chosen.
    numbingProductId: "",
    numbingZones: [],
    numbingReason: "",
    glideId: "",
    productIds: [],
    pricePerSession: treatment?.priceCents != null ? (treatment.priceCents / 100).toFixed(2) : "",
    packagePrice: "",
    currency: treatment?.currency ?? "CAD",
    noteToClient: "",
  };
  return { clientId: params.id, clientName: details?.contact.name ?? "", context: editorContext(ctx), initial };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  if (!isUuid(params.id)) throw data("No such client.", { status: 404 });
  const form = await readForm(request);
  const values = formValuesFrom(form);
  const unsafe = formTextErrors(form, { texts: ["assessmentNotes", "noteToClient"] });
  if (unsafe) return data({ errors: unsafe, values }, { status: 422 });
  let ctx;
  try {
    ctx = await newPlanContext(services.db, { staff, keyRing: services.keyRing, clientId: params.id, now: services.now() });
  } catch (error) {
    fail(error);
  }
  const draft = draftFrom(values, ctx.fitzpatrickFromIntake);
  try {
    const { planId } = await createPlan(services.db, { staff, keyRing: services.keyRing, clientId: params.id, draft, now: services.now() });
    return redirect(`/staff/plans/${planId}?saved=created`, 303);
  } catch (error) {
    if (error instanceof PlanRefusedError) return data({ errors: formErrors(draft, error.violations), values }, { status: 422 });
    fail(error);
  }
}

export default function NewPlan() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to={`/staff/clients/${d.clientId}`}>← {d.clientName || "Client"}</Link>
      </p>
      <h1>New treatment plan</h1>
      <p className="muted">
        Saved as a draft: the client sees it only once you offer it to them. Depths and intervals are checked against the clinic's limits
        when you save.
      </p>
      <PlanEditor
        key={result ? "result" : "initial"}
        initial={result?.values ?? d.initial}
        context={d.context}
        errors={result?.errors ?? {}}
        basedOn={null}
        submitLabel="Save draft"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}
