// The session chart of a treatment (docs/session-chart.md): opened from the
// appointment once the session has started, saved as a draft, signed and
// locked by the practitioner, then added to by addenda.
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/appointment-chart";
import adminCss from "./admin.css?url";
import chartCss from "./chart.css?url";
import { addChartAddendum, ChartChangedError, openChart, saveChart, signChart } from "../../../src/plans/record/chart.ts";
import { PlanRefusedError } from "../../../src/plans/record/errors.ts";
import { ADDENDUM_MAX } from "../../../src/plans/chart.ts";
import { formatMm, zoneLabel } from "../../../src/plans/zones.ts";
import { ChartForm } from "../../components/chart/ChartForm.tsx";
import { ChartRecord } from "../../components/chart/ChartRecord.tsx";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { HeadedSection } from "../../components/HeadedSection.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { chartDraftFrom, chartFormErrors, chartValuesFrom, chartValuesOf, type ChartFormValues } from "../../lib/chart-form.ts";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateTime } from "../../lib/format.ts";
import { formErrors, refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: chartCss },
];
// The title names the page, never the client or what was done.
export const meta: Route.MetaFunction = () => [{ title: "Session chart — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const FLASH: Record<string, string> = {
  saved: "The chart is saved as a draft.",
  signed: "The chart is signed and locked.",
  addendum: "The addendum is added to the chart.",
};

const TEXTS = ["nextTime", "body", "depthReason", "reactionAction"];
const isText = (name: string) => TEXTS.some((t) => name === t || name.startsWith(`${t}-`));

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  let page;
  try {
    page = await openChart(services.db, { staff, keyRing: services.keyRing, appointmentId: params.id, now: services.now() });
  } catch (error) {
    refuse(error, { invalidStatus: 400 });
  }
  const flash = new URL(request.url).searchParams.get("done");
  const planned = (page.plan?.zones ?? []).map((z) => ({ zone: z.zone, depthMaxMm: z.depthMaxMm }));
  return {
    ...page,
    planned,
    values: chartValuesOf(page.chart?.chart ?? null, planned),
    flash: flash && FLASH[flash] ? FLASH[flash] : null,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const intent = form.get("intent");
  const base = { staff, keyRing: services.keyRing, appointmentId: params.id, now: services.now() };
  const here = `/staff/appointments/${params.id}/chart`;
  if (intent === "addendum") {
    const body = typeof form.get("body") === "string" ? (form.get("body") as string) : "";
    const bad = formTextErrors(form, { texts: ["body"] });
    if (bad) return data({ target: "addendum" as const, errors: bad, body, values: null }, { status: 422 });
    try {
      await addChartAddendum(services.db, { ...base, body });
    } catch (error) {
      return data({ target: "addendum" as const, errors: formErrors(error), body, values: null }, { status: 422 });
    }
    return redirect(`${here}?done=addendum`);
  }
  if (intent !== "save" && intent !== "sign") throw data("This form could not be read: send it from the page.", { status: 400 });
  const values = chartValuesFrom(form);
  const bad = formTextErrors(form, { texts: [...form.keys()].filter(isText) });
  if (bad) return data({ target: "chart" as const, errors: bad, values, body: "" }, { status: 422 });
  const draft = chartDraftFrom(values);
  const basedOn = typeof form.get("basedOn") === "string" && form.get("basedOn") !== "" ? (form.get("basedOn") as string) : null;
  try {
    const saved = await saveChart(services.db, { ...base, draft, basedOn });
    if (intent === "sign") {
      // The client is e-mailed their aftercare (docs/aftercare.md): a link into the portal, nothing about their health.
      await signChart(services.db, { ...base, basedOn: saved.contentSha256, notify: { baseUrl: services.baseUrl } });
      services.outbox.kick();
    }
  } catch (error) {
    // Saved meanwhile from another window: what was typed here is kept, to check and save again over the new copy.
    if (error instanceof ChartChangedError)
      return data(
        {
          target: "chart" as const,
          errors: {
            form: "This chart was saved from another window since you opened it. What you typed is kept below: check it and save again.",
          },
          values,
          body: "",
        },
        { status: 409 },
      );
    const errors = error instanceof PlanRefusedError ? chartFormErrors(error.violations, draft) : formErrors(error);
    return data({ target: "chart" as const, errors, values, body: "" }, { status: 422 });
  }
  return redirect(`${here}?done=${intent === "sign" ? "signed" : "saved"}`);
}

export default function AppointmentChart() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const a = page.appointment;
  const tz = a.timeZone;
  const chartErrors = result?.target === "chart" ? result.errors : {};
  const values: ChartFormValues = result?.target === "chart" && result.values ? result.values : page.values;
  return (
    <div className="page">
      <p className="small">
        <Link to={`/staff/appointments/${a.id}`}>← Back to the appointment</Link>
      </p>
      <h1>Session chart</h1>
      <p>
        {a.clientName} · {a.serviceName} · {formatDateTime(a.startsAt, tz)}
        {page.plan ? (
          <>
            {" "}
            · <Link to={`/staff/plans/${page.plan.id}`}>plan version {page.plan.version}</Link>
            {a.planSession ? `, session ${a.planSession}` : ""}
          </>
        ) : null}
      </p>
      {page.flash ? (
        <div className="success" role="status">
          <p>{page.flash}</p>
        </div>
      ) : null}
      <p>
        <Link to={`/staff/appointments/${a.id}/photos`}>Photos of this session</Link> (by area and view, with the capture guide)
      </p>
      {page.plan ? (
        <p className="small">
          Planned: {page.plan.zones.map((z) => `${zoneLabel(z.zone)} ${formatMm(z.depthMinMm)}–${formatMm(z.depthMaxMm)} mm`).join(" · ")}
        </p>
      ) : (
        <p className="alert">This treatment is not part of a signed plan: each area is held to its zone's maximum only.</p>
      )}

      {page.mayChart ? (
        <ChartForm
          values={values}
          errors={chartErrors}
          limits={page.limits}
          planned={page.planned}
          basedOn={page.chart?.contentSha256 ?? ""}
        />
      ) : page.chart ? (
        <ChartRecord view={page.chart} timeZone={tz} />
      ) : (
        <p>{page.notChartingBecause ?? "There is no chart for this session yet."}</p>
      )}

      {page.mayAddAddendum ? (
        <HeadedSection id="addendum-title" title="Add an addendum">
          {/* A new form after each addendum: what was added does not stay typed in the box. */}
          <Form method="post" noValidate key={page.chart?.addenda.length ?? 0}>
            {result?.target === "addendum" ? <ErrorSummary errors={result.errors} /> : null}
            <TextField
              name="body"
              label="Addendum"
              hint="Added under your name and today's time; the signed chart stays as it was."
              value={result?.target === "addendum" ? result.body : ""}
              error={result?.target === "addendum" ? result.errors.body : undefined}
              multiline
              maxLength={ADDENDUM_MAX}
              required
            />
            <button type="submit" name="intent" value="addendum" className="button">
              Add addendum
            </button>
          </Form>
        </HeadedSection>
      ) : null}
    </div>
  );
}

export function ErrorBoundary({ params }: Route.ErrorBoundaryProps) {
  return <StaffError backTo={`/staff/appointments/${params.id}`} backLabel="Back to the appointment" />;
}
