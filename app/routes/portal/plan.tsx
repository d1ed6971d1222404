import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan";
import plansCss from "../staff/plans.css?url";
import { clientIp } from "../../../src/auth/client-ip.ts";
import { classifyHealthError } from "../../../src/privacy/health-record.ts";
import { SIGNED_NAME_MAX } from "../../../src/plans/limits.ts";
import { acceptPlan, clientPlan, PlanChangedError } from "../../../src/privacy/plan-record.ts";
import { HealthInputError } from "../../../src/privacy/input-error.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { PlanSummary } from "../../components/PlanSummary.tsx";
import { getClient, getServices } from "../../context.ts";
import { formatDateTime } from "../../lib/format.ts";

// Plain HTML like the rest of the portal: reading and signing work without JavaScript.
export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];

export const meta: Route.MetaFunction = ({ matches }) => {
  const clinic =
    (matches.find((m) => m?.id === "routes/portal/layout")?.loaderData as { clinicName?: string } | undefined)?.clinicName ?? "";
  return [{ title: `Your treatment plan — ${clinic}` }, { name: "robots", content: "noindex" }];
};

function fail(error: unknown): never {
  const c = classifyHealthError(error);
  if (c) throw data(c.status === 404 ? "There is no such plan in your portal." : c.message, { status: c.status });
  throw error;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const tz = clinic.location.timeZone;
  const plan = await clientPlan(services.db, { client, keyRing: services.keyRing, planId: params.planId }).catch(fail);
  const proposed = plan.versions.find((v) => v.status === "proposed") ?? null;
  const accepted = plan.accepted;
  return {
    planId: plan.id,
    signed: new URL(request.url).searchParams.has("signed"),
    proposed:
      proposed && proposed.draft
        ? {
            version: proposed.version,
            sha: proposed.contentSha256,
            draft: proposed.draft,
            offered: proposed.proposedAt ? formatDateTime(proposed.proposedAt, tz) : "",
          }
        : null,
    accepted:
      accepted && accepted.draft
        ? {
            version: accepted.version,
            draft: accepted.draft,
            signedName: accepted.acceptance?.signedName ?? "",
            signedAt: accepted.acceptance ? formatDateTime(accepted.acceptance.signedAt, tz) : "",
          }
        : null,
    sessions: plan.sessions
      .filter((s) => s.status === "booked" || s.status === "completed")
      .map((s) => ({ ...s, when: formatDateTime(s.start, tz) })),
    package: plan.package,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const form = await request.formData();
  const signedName = String(form.get("signedName") ?? "");
  const version = /^\d{1,4}$/.test(String(form.get("version") ?? "")) ? Number(form.get("version")) : 0;
  try {
    await acceptPlan(services.db, {
      client,
      keyRing: services.keyRing,
      planId: params.planId,
      version,
      contentSha256: String(form.get("sha") ?? ""),
      signedName,
      consent: form.get("consent") === "on",
      ip: clientIp(request.headers),
      now: services.now(),
    });
  } catch (error) {
    if (error instanceof PlanChangedError) return data({ errors: error.errors, signedName: "" }, { status: 409 });
    if (error instanceof HealthInputError) return data({ errors: error.errors, signedName }, { status: 422 });
    fail(error);
  }
  return redirect(`/portal/plans/${params.planId}?signed=1`, 303);
}

export default function PortalPlan() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/portal">← Your appointments</Link>
      </p>
      <h1>Your treatment plan</h1>
      {d.signed && !result ? (
        <p className="alert success" role="status">
          Thank you — your plan is signed. You can download your copy below; the clinic will book your sessions with you.
        </p>
      ) : null}
      <ErrorSummary errors={errors} unlinked={["plan"]} />

      {d.proposed ? (
        <section aria-labelledby="proposed-heading" className="summary-card">
          <h2 id="proposed-heading">{d.accepted ? `A change to your plan (version ${d.proposed.version})` : "Your plan, ready to read"}</h2>
          <p className="muted small">Offered on {d.proposed.offered}. Please read it all; ask us anything before you sign.</p>
          <PlanSummary draft={d.proposed.draft} audience="client" />
          <Form method="post" className="sign-form">
            <input type="hidden" name="version" value={d.proposed.version} />
            <input type="hidden" name="sha" value={d.proposed.sha} />
            <h3>Sign your plan</h3>
            <div className={`field${errors.consent ? " has-error" : ""}`}>
              {errors.consent ? (
                <p className="field-error" id="field-consent-error">
                  {errors.consent}
                </p>
              ) : null}
              <label className="check-label" htmlFor="field-consent">
                <input
                  className="check-input"
                  type="checkbox"
                  id="field-consent"
                  name="consent"
                  aria-describedby={errors.consent ? "field-consent-error" : undefined}
                  aria-invalid={errors.consent ? true : undefined}
                />
                I have read this plan, my questions were answered, and I agree to it.
              </label>
            </div>
            <div className={`field${errors.signedName ? " has-error" : ""}`}>
              <label htmlFor="field-signedName">Type your full name to sign</label>
              <p className="hint" id="field-signedName-hint">
                Your typed name, the time and your internet address are kept with a fingerprint of exactly this version of the plan.
              </p>
              {errors.signedName ? (
                <p className="field-error" id="field-signedName-error">
                  {errors.signedName}
                </p>
              ) : null}
              <input
                id="field-signedName"
                name="signedName"
                autoComplete="name"
                maxLength={SIGNED_NAME_MAX}
                defaultValue={result?.signedName ?? ""}
                aria-describedby={`field-signedName-hint${errors.signedName ? " field-signedName-error" : ""}`}
                aria-invalid={errors.signedName ? true : undefined}
              />
            </div>
            <button type="submit" className="button primary">
              Sign the plan
            </button>
          </Form>
        </section>
      ) : null}

      {d.accepted ? (
        <section aria-labelledby="accepted-heading" className="summary-card">
          <h2 id="accepted-heading">
            {d.proposed ? `Your signed plan (version ${d.accepted.version}, still in force)` : "Your signed plan"}
          </h2>
          <p>
            Signed by {d.accepted.signedName} on {d.accepted.signedAt}.{" "}
            <a href={`/portal/plans/${d.planId}/pdf`} download>
              Download your copy (PDF)
            </a>
          </p>
          {d.package ? (
            <p>
              Sessions: {d.package.completed} done, {d.package.booked} booked, {d.package.left} still to book.
            </p>
          ) : null}
          {d.sessions.length ? (
            <ol>
              {d.sessions.map((s) => (
                <li key={s.appointmentId}>{s.when}</li>
              ))}
            </ol>
          ) : null}
          <PlanSummary draft={d.accepted.draft} audience="client" />
        </section>
      ) : null}
    </>
  );
}
