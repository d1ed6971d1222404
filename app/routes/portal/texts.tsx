// Text messages (/portal/texts, docs/texts.md): the client agrees to texts at a
// mobile number, changes it, or turns texts off. Only the client can agree, in
// their own account: the form is never pre-ticked, the number is only
// suggested (the phone they booked with), and staff see the choice but cannot
// make it. A STOP replied to the clinic's number shows here plainly, with the
// two ways back. Plain HTML like the rest of the portal: both forms post and
// redirect (?saved=1, ?off=1), so reloading never sends them twice.
import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/texts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { agreeToTexts, displayMobile, getTextPreference, suggestedMobile, withdrawFromTexts } from "../../../src/notifications/texts.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ErrorSummary, ErrorText } from "../../components/ContactFields.tsx";
import { PortalError } from "../../components/PortalError.tsx";
import { getClient, getServices } from "../../context.ts";
import { translator } from "../../i18n/catalog.ts";
import { rich, useT } from "../../i18n/context.tsx";
import { readForm } from "../../lib/form.ts";
import { formatDateLong } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";

export const handle = { hydrate: false };

// Names the page only: never the client or their number.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.texts.title");

/** Longer than any number a person types; the field's own limit, so a pasted paragraph is cut short in the browser. */
const MOBILE_MAX = 32;

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const ref = { organizationId: client.organizationId, clientId: client.clientId };
  const pref = await getTextPreference(services.db, ref);
  const date = (ms: number) => formatDateLong(localDateOf(ms, tz), locale);
  const number = pref.mobile ? displayMobile(pref.mobile) : null;
  const status =
    pref.active && number && pref.agreedAt !== null
      ? { kind: "on" as const, number, date: date(pref.agreedAt) }
      : number && pref.agreedAt !== null && pref.stoppedAt !== null
        ? { kind: "stopped" as const, number, date: date(pref.stoppedAt) }
        : { kind: "off" as const, number: "", date: "" };
  // The number texts go to, or else the phone they booked with: a suggestion only, the box stays unticked.
  const suggestion = pref.mobile ?? (await suggestedMobile(services.db, ref));
  const flash = new URL(request.url).searchParams;
  return {
    clinicName: clinic.name,
    status,
    mobile: suggestion ? displayMobile(suggestion) : "",
    flash: flash.get("saved") === "1" ? t("portal.texts.saved") : flash.get("off") === "1" ? t("portal.texts.turnedOff") : null,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const t = translator(getPortalLocale(context));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const ref = { organizationId: client.organizationId, clientId: client.clientId };
  if (intent === "withdraw") {
    await withdrawFromTexts(services.db, { ...ref, now: services.now() });
    return redirect("/portal/texts?off=1", 303);
  }
  if (intent !== "agree") {
    return data({ errors: { form: t("portal.texts.chooseAction") } as Record<string, string>, mobile: "", agreed: false }, { status: 400 });
  }
  const mobileField = form.get("mobile");
  const mobile = typeof mobileField === "string" ? mobileField : "";
  const agreed = form.get("agree") === "yes";
  try {
    await agreeToTexts(services.db, {
      ...ref,
      mobile,
      agreed,
      now: services.now(),
      messages: {
        mobileRequired: t("portal.texts.mobileRequired"),
        mobileInvalid: t("portal.texts.mobileInvalid"),
        agreeRequired: t("portal.texts.agreeRequired"),
      },
    });
  } catch (error) {
    // What was typed comes back in the answer to this POST, never in an address.
    if (error instanceof FieldError) {
      return data({ errors: error.errors as Record<string, string>, mobile: mobile.slice(0, MOBILE_MAX), agreed }, { status: 422 });
    }
    throw error;
  }
  return redirect("/portal/texts?saved=1", 303);
}

export default function PortalTexts() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  const errors = result?.errors ?? {};
  const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "form"));
  const on = d.status.kind === "on";
  const heading =
    d.status.kind === "on"
      ? t("portal.texts.formOn")
      : d.status.kind === "stopped"
        ? t("portal.texts.formStopped")
        : t("portal.texts.formOff");
  return (
    <>
      <h1>{t("portal.texts.title")}</h1>
      <p>{t("portal.texts.intro")}</p>
      {d.flash && !result ? (
        <p className="alert success" role="status">
          {d.flash}
        </p>
      ) : null}
      {errors.form ? (
        <p className="alert" role="alert">
          {errors.form}
        </p>
      ) : null}
      <ErrorSummary errors={fieldErrors} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />

      <section aria-labelledby="texts-status-heading" className="summary-card portal-intake-card">
        <h2 id="texts-status-heading">{t("portal.texts.statusHeading")}</h2>
        <p className={on ? "alert success" : d.status.kind === "stopped" ? "alert" : undefined}>
          {d.status.kind === "off"
            ? t("portal.texts.off")
            : rich(
                locale,
                d.status.kind === "on" ? "portal.texts.on" : "portal.texts.stopped",
                { number: (n) => <span className="texts-number">{n}</span> },
                { number: d.status.number, date: d.status.date },
              )}
        </p>
        {d.status.kind !== "off" ? (
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="button secondary" aria-describedby="texts-off-hint">
              {t("portal.texts.turnOff")}
            </button>
            <p className="muted small" id="texts-off-hint">
              {t("portal.texts.turnOffHint")}
            </p>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="texts-form-heading">
        <h2 id="texts-form-heading">{heading}</h2>
        <Form method="post" noValidate className="stack texts-form">
          <input type="hidden" name="intent" value="agree" />
          <div className={`field${errors.mobile ? " has-error" : ""}`}>
            <label htmlFor="field-mobile">{t("portal.texts.mobile")}</label>
            <p className="hint" id="field-mobile-hint">
              {t("portal.texts.mobileHint")}
            </p>
            <ErrorText id="field-mobile" error={errors.mobile} />
            <input
              id="field-mobile"
              name="mobile"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              maxLength={MOBILE_MAX}
              defaultValue={result ? result.mobile : d.mobile}
              aria-describedby={`field-mobile-hint${errors.mobile ? " field-mobile-error" : ""}`}
              aria-invalid={errors.mobile ? true : undefined}
            />
          </div>
          <div className={`field${errors.agree ? " has-error" : ""}`}>
            <ErrorText id="field-agree" error={errors.agree} />
            <label className="check-label" htmlFor="field-agree">
              <input
                className="check-input"
                type="checkbox"
                id="field-agree"
                name="agree"
                value="yes"
                // Never ticked for the client: only their own tick in this sending, kept when something else was wrong.
                defaultChecked={result?.agreed ?? false}
                aria-describedby={`texts-what${errors.agree ? " field-agree-error" : ""}`}
                aria-invalid={errors.agree ? true : undefined}
              />
              {t("portal.texts.agree")}
            </label>
          </div>
          <p className="muted small" id="texts-what">
            {t("portal.texts.what", { clinic: d.clinicName })}
          </p>
          <button type="submit" className="button primary">
            {on ? t("portal.texts.submitOn") : t("portal.texts.submitOff")}
          </button>
        </Form>
      </section>
    </>
  );
}

// Inside the portal's header and navigation, like its other pages.
export function ErrorBoundary() {
  return <PortalError />;
}
