import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/login";
import { z } from "zod";
import { getClientSession, requestSignInLink } from "../../../src/clients/portal.ts";
import { clientIp, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { LOGIN_LINK_TTL_MS } from "../../../src/clients/portal-limits.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { PortalSignedOutHeader } from "../../components/PortalSignedOutHeader.tsx";
import { translate, translator, type Translate } from "../../i18n/catalog.ts";
import { LocaleProvider, rich, useT } from "../../i18n/context.tsx";
import { publicClinic } from "../../lib/clinic.server.ts";
import { signedOutLocale, withLang } from "../../lib/portal-locale.ts";
import { nextOf, signInReason, withNext } from "../../lib/portal-next.ts";
import portalStyles from "./portal.css?url";
import { readForm } from "../../lib/form.ts";

// pageLanguage: <html lang> follows the language this page chose (from ?lang= or the browser).
export const handle = { hydrate: false, pageLanguage: true };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = ({ loaderData }) => {
  const locale = loaderData?.locale ?? "en";
  return [
    { title: translate(locale, "portal.title", { page: translate(locale, "portal.login.title"), clinic: loaderData?.clinicName ?? "" }) },
    { name: "robots", content: "noindex" },
  ];
};

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store", Vary: "Accept-Language" });

const LINK_MINUTES = Math.round(LOGIN_LINK_TTL_MS / 60_000);

const emailSchema = (t: Translate) =>
  z.object({
    email: z
      .string()
      .trim()
      .min(1, t("portal.login.emailMissing"))
      .max(254, t("portal.login.emailTooLong"))
      .pipe(z.email(t("portal.login.emailInvalid"))),
  });

/**
 * `locale` is the page's language (`?lang=`, else the browser's): the page
 * renders in it, and the document's `lang` follows it. `next` is the account
 * page the visitor was going to: it goes into the e-mailed link, and a
 * visitor already signed in goes straight there.
 */
export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const locale = signedOutLocale(request);
  const token = readSessionCookie(request.headers);
  if (token && (await getClientSession(services.db, { organizationId: services.organizationId, token, now: services.now() }))) {
    throw redirect(nextOf(request) ?? "/portal");
  }
  const url = new URL(request.url);
  return {
    locale,
    next: nextOf(request),
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    notice: url.searchParams.has("sent") ? ("sent" as const) : url.searchParams.has("signed-out") ? ("signed-out" as const) : null,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, clinic } = await publicClinic(context);
  const locale = signedOutLocale(request);
  const t = translator(locale);
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  const parsed = emailSchema(t).safeParse({ email });
  if (!parsed.success) {
    return data({ errors: { email: parsed.error.issues[0]?.message ?? t("portal.login.emailMissing") }, email }, { status: 422 });
  }
  // The e-mail itself is in the client's own language, whatever this page's.
  const result = await requestSignInLink(services.db, {
    organizationId: services.organizationId,
    email: parsed.data.email,
    ip: clientIp(request.headers),
    now: services.now(),
    baseUrl: services.baseUrl,
    clinic: { name: clinic.name, phone: clinic.location.phone },
    next: nextOf(request),
  });
  if (result.outcome === "sent") services.outbox.kick();
  // Never the address itself: a hash is enough to see one address being hammered.
  if (result.outcome === "throttled") services.logger.warn({ emailRef: result.emailRef }, "portal sign-in link throttled");
  return redirect(withLang(withNext("/portal/login?sent=1", nextOf(request)), locale), 303);
}

function LoginPage() {
  const { clinicName, clinicPhone, notice, locale, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, href, intl } = useT();
  const errors: Record<string, string> = result?.errors ?? {};
  const reason = signInReason(next);
  // The form's address carries `next`, so a refused address (422) keeps it too.
  const self = withNext("/portal/login", next);
  return (
    <>
      <PortalSignedOutHeader clinicName={clinicName} path={self} />
      <main id="main" className="page narrow" lang={intl}>
        <h1>{t(reason?.heading ?? "portal.login.title")}</h1>
        {notice === "sent" ? (
          <div className="success" role="status">
            <p>{t("portal.login.neutral", { minutes: LINK_MINUTES })}</p>
            <p className="small">{t("portal.login.junk")}</p>
          </div>
        ) : null}
        {notice === "signed-out" ? (
          <div className="success" role="status">
            <p>{t("portal.login.signedOut")}</p>
          </div>
        ) : null}
        <p>{t(reason?.text ?? "portal.login.intro")}</p>
        <ErrorSummary errors={errors} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />
        <Form method="post" action={withLang(self, locale)} noValidate className="stack">
          <TextField
            name="email"
            label={t("portal.login.email")}
            type="email"
            autoComplete="email"
            inputMode="email"
            hint={t("portal.login.emailHint")}
            value={result?.email}
            error={errors.email}
            required
          />
          <button type="submit" className="button primary">
            {t("portal.login.submit")}
          </button>
        </Form>
        <p className="muted small">
          {rich(locale, "portal.login.notClient", { book: (text) => <Link to={href("/book")}>{text}</Link> }, { phone: clinicPhone })}
        </p>
      </main>
    </>
  );
}

export default function PortalLogin() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={locale}>
      <LoginPage />
    </LocaleProvider>
  );
}
