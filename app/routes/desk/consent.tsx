// The clinic's tablet handed to a client at the desk (/desk/consent): the
// client reads their consent to microneedling in their language and signs it
// by typing their name; or hands the tablet back without signing. A staff
// member opened it from the appointment's page, which signed them out
// (src/consent/desk-handover.ts, decision 0030): this page opens nothing of
// staff and no one else's data, and the way back is the staff sign-in, with
// password and two-factor as always. It works without JavaScript.
import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/consent";
import plansCss from "../staff/plans.css?url";
import portalStyles from "../portal/portal.css?url";
import { clientIp } from "../../../src/auth/client-ip.ts";
import { ConsentChangedError, currentConsentForm } from "../../../src/consent/consent.ts";
import {
  DeskHandoverEndedError,
  readDeskHandover,
  returnDeskHandover,
  signAtDesk,
  type DeskHandoverView,
} from "../../../src/consent/desk-handover.ts";
import { renderMarkdown } from "../../../src/content/markdown-render.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { ConsentSignForm } from "../../components/consent/ConsentSignForm.tsx";
import { ErrorSummary } from "../../components/intake/StepParts.tsx";
import { consentSigningErrors } from "../../components/consent/signing-errors.ts";
import { translate, translator } from "../../i18n/catalog.ts";
import { LocaleProvider, useT } from "../../i18n/context.tsx";
import { INTL_LOCALE, isLocale, type Locale } from "../../i18n/locales.ts";
import { publicClinic } from "../../lib/clinic.server.ts";
import { readForm } from "../../lib/form.ts";
import { formatTime } from "../../lib/format.ts";
import { signedOutLocale, withLang } from "../../lib/portal-locale.ts";
import { readDeskCookie } from "./handover-cookie.server.ts";

const PATH = "/desk/consent";

// No hydration (the page is a plain form); <html lang> follows the language this page chose.
export const handle = { hydrate: false, pageLanguage: true };

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: portalStyles },
  { rel: "stylesheet", href: plansCss },
];

// The title names the page, never the client or the treatment.
export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: translate(loaderData?.locale ?? "en", "desk.title", { clinic: loaderData?.clinicName ?? "" }) },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store", Vary: "Accept-Language" });

/** The page's language: `?lang=` first, then the client's own language while the tablet is theirs, then the browser's. */
function pageLocale(request: Request, view: DeskHandoverView | null): Locale {
  const asked = new URL(request.url).searchParams.get("lang");
  if (isLocale(asked)) return asked;
  return view?.state === "open" ? view.clientLocale : signedOutLocale(request);
}

async function handoverOf(context: Route.LoaderArgs["context"], request: Request) {
  const { services, clinic } = await publicClinic(context);
  const key = readDeskCookie(request.headers);
  const now = services.now();
  const view = key ? await readDeskHandover(services.db, { organizationId: services.organizationId, key, now }) : null;
  return { services, clinic, key, view, now, locale: pageLocale(request, view) };
}

/** The staff sign-in, back to the appointment the tablet was handed over from. */
function staffSignIn(appointmentId: string | null): string {
  return appointmentId ? `/login?next=${encodeURIComponent(`/staff/appointments/${appointmentId}`)}` : "/login";
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, clinic, view, locale } = await handoverOf(context, request);
  const tz = clinic.location.timeZone;
  const base = { locale, clinicName: clinic.name, signIn: staffSignIn(view?.appointmentId ?? null) };
  if (view?.state !== "open") return { ...base, state: view?.state ?? ("none" as const), open: null };
  const f = await currentConsentForm(services.db, view.organizationId, "procedure", locale);
  return {
    ...base,
    state: "open" as const,
    open: {
      clientName: view.clientName,
      until: formatTime(view.expiresAt, tz, locale),
      // The form's own headings sit under its title (an h2 on this page): one level down.
      form: f ? { kind: f.kind, sha: f.contentSha256, title: f.title, html: renderMarkdown(f.body.replace(/^(#{1,5}) /gm, "#$1 ")) } : null,
    },
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, key, view, now, locale } = await handoverOf(context, request);
  const t = translator(locale);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const signedName = String(form.get("signedName") ?? "");
  const self = withLang(PATH, locale);
  if (intent === "return") {
    if (key) await returnDeskHandover(services.db, { organizationId: services.organizationId, key, now });
    return redirect(self, 303);
  }
  if (intent !== "sign-procedure") return data({ errors: { form: t("desk.ended") }, signedName: "" }, { status: 400 });
  if (!key || view?.state !== "open") return data({ errors: { form: t("desk.ended") }, signedName: "" }, { status: 410 });
  try {
    await signAtDesk(services.db, {
      organizationId: services.organizationId,
      key,
      contentSha256: String(form.get("sha") ?? ""),
      locale,
      signedName,
      agree: form.get("agree") === "on",
      ip: clientIp(request.headers),
      now,
    });
  } catch (error) {
    if (error instanceof DeskHandoverEndedError) return data({ errors: { form: t("desk.ended") }, signedName: "" }, { status: 410 });
    if (error instanceof ConsentChangedError) return data({ errors: { form: t("portal.consent.changed") }, signedName }, { status: 409 });
    if (error instanceof FieldError)
      return data({ errors: consentSigningErrors(t, error.errors, view.clientName), signedName }, { status: 422 });
    throw error;
  }
  return redirect(self, 303);
}

/** The clinic's name and the language switch: no link anywhere else. */
function TabletHeader({ clinicName }: { clinicName: string }) {
  const { t, locale, intl } = useT();
  const other: Locale = locale === "en" ? "fr" : "en";
  return (
    <header className="site-header" lang={intl}>
      <div className="site-header-inner">
        <span className="brand">{clinicName}</span>
        <a href={`${PATH}?lang=${other}`} lang={INTL_LOCALE[other]} hrefLang={INTL_LOCALE[other]} className="button-link">
          {t("desk.otherLanguage")}
        </a>
      </div>
    </header>
  );
}

const ENDED = {
  signed: { title: "desk.signedTitle", text: "desk.signed" },
  returned: { title: "desk.returnedTitle", text: "desk.returned" },
  expired: { title: "desk.expiredTitle", text: "desk.expired" },
  none: { title: "desk.noneTitle", text: "desk.none" },
} as const;

function DeskPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, intl } = useT();
  const errors: Record<string, string> = result?.errors ?? {};
  const fieldErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k !== "form")
      .map(([k, v]) => [`procedure-${k}`, v]),
  );
  return (
    <>
      <TabletHeader clinicName={d.clinicName} />
      <main id="main" className="page narrow desk-consent" lang={intl}>
        {d.open ? (
          <>
            {errors.form ? (
              <p className="alert" role="alert">
                {errors.form}
              </p>
            ) : null}
            {/* The problems, linked to their fields; it takes focus when the page loads, so a screen reader reads it first (no script needed). */}
            {Object.keys(fieldErrors).length > 0 ? (
              <ErrorSummary errors={fieldErrors} one="portal.errors.one" many="portal.errors.many" />
            ) : null}
            <h1>{t("portal.consent.title")}</h1>
            <p>{t("desk.greeting", { name: d.open.clientName })}</p>
            <p>{t("desk.intro")}</p>
            <p className="muted small">{t("desk.until", { time: d.open.until })}</p>
            {d.open.form ? (
              <section aria-labelledby="procedure-heading" className="summary-card">
                <h2 id="procedure-heading">{d.open.form.title}</h2>
                <div className="prose" dangerouslySetInnerHTML={{ __html: d.open.form.html }} />
                <ConsentSignForm
                  form={d.open.form}
                  errors={errors}
                  signedName={result?.signedName ?? ""}
                  scopes={null}
                  action={withLang(PATH, d.locale)}
                />
              </section>
            ) : (
              <p className="alert">{t("desk.noForm")}</p>
            )}
            <Form method="post" action={withLang(PATH, d.locale)} className="stack">
              <input type="hidden" name="intent" value="return" />
              <p className="muted small" id="return-hint">
                {t("desk.returnHint")}
              </p>
              <button type="submit" className="button secondary" aria-describedby="return-hint">
                {t("desk.return")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <h1>{t(ENDED[d.state].title)}</h1>
            {errors.form && d.state === "none" ? (
              <p className="alert" role="alert">
                {errors.form}
              </p>
            ) : null}
            <p role="status">{t(ENDED[d.state].text)}</p>
            <p>
              <a href={d.signIn} className="button">
                {t("desk.staffSignIn")}
              </a>
            </p>
          </>
        )}
      </main>
    </>
  );
}

export default function DeskConsent() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={locale}>
      <DeskPage />
    </LocaleProvider>
  );
}
