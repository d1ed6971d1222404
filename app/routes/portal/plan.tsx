import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan";
import plansCss from "../staff/plans.css?url";
import { clientIp } from "../../../src/auth/client-ip.ts";
import { SIGNED_NAME_MAX } from "../../../src/plans/limits.ts";
import { acceptPlan, clientPlan } from "../../../src/plans/record/portal.ts";
import { PlanChangedError } from "../../../src/plans/record/errors.ts";
import { FieldError, problemOf } from "../../../src/kernel/errors.ts";
import { ErrorSummary, ErrorText, FieldFrame } from "../../components/ContactFields.tsx";
import { PlanSummary } from "../../components/PlanSummary.tsx";
import { getClient, getServices } from "../../context.ts";
import { translator, type Translate } from "../../i18n/catalog.ts";
import { useLocale, useT } from "../../i18n/context.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { signedNameError } from "../../lib/signing-words.ts";
import { depthReasonsOf } from "../../lib/plan-form.ts";
import { zoneLabelsIn } from "../../../src/plans/client-copy.ts";
import type { PlanDraft } from "../../../src/plans/types.ts";
import { formatMm } from "../../../src/plans/zones.ts";
import { readForm } from "../../lib/form.ts";

// Plain HTML like the rest of the portal: reading and signing work without JavaScript.
export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];

export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.plan.title");

function fail(t: Translate, error: unknown): never {
  const problem = problemOf(error);
  if (problem) throw data(problem.status === 404 ? t("portal.plan.notFound") : problem.message, { status: problem.status });
  throw error;
}

/** The signing form's own checks, in the client's language; a refusal from the plan itself keeps its words. */
function signingErrors(t: Translate, errors: Record<string, string>, signedName: string, nameOnFile: string): Record<string, string> {
  const out = { ...errors };
  const name = signedName.replace(/\s+/g, " ").trim();
  if (out.signedName) {
    out.signedName =
      name.length > SIGNED_NAME_MAX
        ? t("portal.plan.nameTooLong", { max: SIGNED_NAME_MAX })
        : signedNameError(t, out.signedName, nameOnFile, SIGNED_NAME_MAX);
  }
  if (out.consent) out.consent = t("portal.plan.consentMissing");
  return out;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const plan = await clientPlan(services.db, { client, keyRing: services.keyRing, planId: params.planId }).catch((e) => fail(t, e));
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
            offered: proposed.proposedAt ? formatDateTime(proposed.proposedAt, tz, locale) : "",
          }
        : null,
    accepted:
      accepted && accepted.draft
        ? {
            version: accepted.version,
            draft: accepted.draft,
            signedName: accepted.acceptance?.signedName ?? "",
            signedAt: accepted.acceptance ? formatDateTime(accepted.acceptance.signedAt, tz, locale) : "",
          }
        : null,
    sessions: plan.sessions
      .filter((s) => s.status === "booked" || s.status === "completed")
      .map((s) => ({ ...s, when: formatDateTime(s.start, tz, locale) })),
    package: plan.package,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const t = translator(getPortalLocale(context));
  const form = await readForm(request);
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
    if (error instanceof PlanChangedError) return data({ errors: { plan: t("portal.plan.changed") }, signedName: "" }, { status: 409 });
    if (error instanceof FieldError)
      return data({ errors: signingErrors(t, error.errors, signedName, client.name), signedName }, { status: 422 });
    fail(t, error);
  }
  return redirect(`/portal/plans/${params.planId}?signed=1`, 303);
}

export default function PortalPlan() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const { t } = useT();
  return (
    <>
      <p>
        <Link to="/portal">{t("portal.plan.back")}</Link>
      </p>
      <h1>{t("portal.plan.title")}</h1>
      {d.signed && !result ? (
        <p className="alert success" role="status">
          {t("portal.plan.signedThanks")}
        </p>
      ) : null}
      <ErrorSummary errors={errors} unlinked={["plan"]} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />

      {d.proposed ? (
        <section aria-labelledby="proposed-heading" className="summary-card">
          <h2 id="proposed-heading">{d.accepted ? t("portal.plan.change", { version: d.proposed.version }) : t("portal.plan.ready")}</h2>
          <p className="muted small">{t("portal.plan.offered", { date: d.proposed.offered })}</p>
          <PlanSummary draft={d.proposed.draft} audience="client" />
          <DepthReasons draft={d.proposed.draft} />
          <Form method="post" className="sign-form">
            <input type="hidden" name="version" value={d.proposed.version} />
            <input type="hidden" name="sha" value={d.proposed.sha} />
            <h3>{t("portal.plan.sign")}</h3>
            <div className={`field${errors.consent ? " has-error" : ""}`}>
              <ErrorText id="field-consent" error={errors.consent} />
              <label className="check-label" htmlFor="field-consent">
                <input
                  className="check-input"
                  type="checkbox"
                  id="field-consent"
                  name="consent"
                  aria-describedby={errors.consent ? "field-consent-error" : undefined}
                  aria-invalid={errors.consent ? true : undefined}
                />
                {t("portal.plan.consent")}
              </label>
            </div>
            <FieldFrame id="field-signedName" label={t("portal.plan.nameLabel")} hint={t("portal.plan.nameHint")} error={errors.signedName}>
              <input
                id="field-signedName"
                name="signedName"
                autoComplete="name"
                maxLength={SIGNED_NAME_MAX}
                defaultValue={result?.signedName ?? ""}
                aria-describedby={`field-signedName-hint${errors.signedName ? " field-signedName-error" : ""}`}
                aria-invalid={errors.signedName ? true : undefined}
              />
            </FieldFrame>
            <button type="submit" className="button primary">
              {t("portal.plan.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.accepted ? (
        <section aria-labelledby="accepted-heading" className="summary-card">
          <h2 id="accepted-heading">
            {d.proposed ? t("portal.plan.signedStillInForce", { version: d.accepted.version }) : t("portal.plan.signed")}
          </h2>
          <p>
            {t("portal.plan.signedBy", { name: d.accepted.signedName, date: d.accepted.signedAt })}{" "}
            <a href={`/portal/plans/${d.planId}/pdf`} download>
              {t("portal.plan.download")}
            </a>
          </p>
          {d.package ? (
            <p>{t("portal.plan.sessionsCount", { completed: d.package.completed, booked: d.package.booked, left: d.package.left })}</p>
          ) : null}
          {d.sessions.length ? (
            <ol>
              {d.sessions.map((s) => (
                <li key={s.appointmentId}>{s.when}</li>
              ))}
            </ol>
          ) : null}
          <PlanSummary draft={d.accepted.draft} audience="client" />
          <DepthReasons draft={d.accepted.draft} />
        </section>
      ) : null}
    </>
  );
}

// A depth the practitioner chose outside the usual range for the area, with
// their reason in their own words (rule depth.outside-band): the client reads
// it before signing, and it is part of what they sign.
function DepthReasons({ draft }: { draft: PlanDraft }) {
  const locale = useLocale();
  const reasons = depthReasonsOf(draft);
  if (reasons.length === 0) return null;
  const fr = locale === "fr";
  const labels = zoneLabelsIn(fr ? "fr" : "en");
  const mm = (v: number) => (fr ? formatMm(v).replace(".", ",") : formatMm(v));
  return (
    <section className="depth-reasons" aria-labelledby="depth-reasons-heading">
      <h3 id="depth-reasons-heading">
        {fr ? "Profondeurs hors de la plage habituelle, et pourquoi" : "Depths outside the usual range, and why"}
      </h3>
      <ul>
        {reasons.map((r) => (
          <li key={r.zone}>
            <strong>
              {labels[r.zone] ?? r.zone}, {mm(r.depthMinMm)}–{mm(r.depthMaxMm)} mm{fr ? " :" : ":"}
            </strong>{" "}
            <span className="pre-wrap">{r.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
