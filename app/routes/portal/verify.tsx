import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/verify";
import { checkSignInLink, signInWithLink, type LinkState } from "../../../src/clients/portal.ts";
import { LOGIN_LINK_TTL_MS } from "../../../src/clients/portal-limits.ts";
import { isSecureRequest, readSessionCookie, sessionCookie } from "../../../src/clients/portal-http.ts";
import { TextField } from "../../components/ContactFields.tsx";
import { PortalSignedOutHeader } from "../../components/PortalSignedOutHeader.tsx";
import type { MessageKey } from "../../i18n/catalog.ts";
import { translate } from "../../i18n/catalog.ts";
import { LocaleProvider, useT } from "../../i18n/context.tsx";
import { publicClinic } from "../../lib/clinic.server.ts";
import { signedOutLocale, withLang } from "../../lib/portal-locale.ts";
import { nextOf, withNext } from "../../lib/portal-next.ts";
import portalStyles from "./portal.css?url";
import { readForm } from "../../lib/form.ts";

// pageLanguage: <html lang> follows the language this page chose (from ?lang= or the browser).
export const handle = { hydrate: false, pageLanguage: true };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: translate(loaderData?.locale ?? "en", "portal.title", {
      page: translate(loaderData?.locale ?? "en", "portal.login.title"),
      clinic: loaderData?.clinicName ?? "",
    }),
  },
  // The link's token is in this page's address. same-origin, not no-referrer:
  // no-referrer makes browsers send Origin: null on this page's form, which the CSRF check refuses.
  { name: "referrer", content: "same-origin" },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store", Vary: "Accept-Language" });

type Failure = Exclude<LinkState, "valid">;

// Gone for a link that existed; a bad request for one that never did.
const statusFor = (state: Failure) => (state === "unknown" ? 400 : 410);

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  // The link in a French client's e-mail carries lang=fr.
  const locale = signedOutLocale(request);
  // Looking does not spend the link: mail scanners open links before people do.
  const state = await checkSignInLink(services.db, { organizationId: services.organizationId, token, now: services.now() });
  const page = {
    locale,
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    state,
    token: state === "valid" ? token : "",
    // Where the client was going when they asked for the link (checked again here: the link can be edited).
    next: nextOf(request),
  };
  return state === "valid" ? page : data(page, { status: statusFor(state) });
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services } = await publicClinic(context);
  const form = await readForm(request);
  const token = String(form.get("token") ?? "");
  const result = await signInWithLink(services.db, {
    organizationId: services.organizationId,
    token,
    now: services.now(),
    replacesSessionToken: readSessionCookie(request.headers),
  });
  if (!result.ok) return data({ state: result.reason as Failure }, { status: statusFor(result.reason) });
  const secure = isSecureRequest(request.url, services.baseUrl);
  return redirect(nextOf(request) ?? "/portal", {
    status: 303,
    headers: { "Set-Cookie": sessionCookie(result.sessionToken, secure), "Cache-Control": "no-store" },
  });
}

const EXPLANATION: Record<Failure, MessageKey> = {
  expired: "portal.verify.expired",
  used: "portal.verify.used",
  unknown: "portal.verify.unknown",
};

function VerifyPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale, intl } = useT();
  const state: LinkState = result?.state ?? loaded.state;
  // The switch keeps a working link working: the token goes along, and so does where it leads.
  const here = withNext(state === "valid" && loaded.token ? `/portal/verify?token=${loaded.token}` : "/portal/verify", loaded.next);
  return (
    <>
      <PortalSignedOutHeader clinicName={loaded.clinicName} path={here} />
      <main id="main" className="page narrow" lang={intl}>
        {state === "valid" ? (
          <>
            <h1>{t("portal.login.title")}</h1>
            <p>{t("portal.verify.press")}</p>
            <Form method="post" action={withLang(withNext("/portal/verify", loaded.next), locale)} className="actions">
              <input type="hidden" name="token" value={loaded.token} />
              <button type="submit" className="button primary">
                {t("portal.verify.submit")}
              </button>
            </Form>
            <p className="muted small">{t("portal.verify.shared")}</p>
          </>
        ) : (
          <>
            <h1>{t("portal.verify.failed")}</h1>
            <div className="alert" role="alert">
              <p>{t(EXPLANATION[state], { minutes: Math.round(LOGIN_LINK_TTL_MS / 60_000) })}</p>
            </div>
            <h2>{t("portal.verify.newLink")}</h2>
            <Form method="post" action={withLang(withNext("/portal/login", loaded.next), locale)} noValidate className="stack">
              <TextField name="email" label={t("portal.login.email")} type="email" autoComplete="email" inputMode="email" required />
              <button type="submit" className="button primary">
                {t("portal.verify.submitNew")}
              </button>
            </Form>
            <p className="muted small">{t("portal.verify.trouble", { phone: loaded.clinicPhone })}</p>
          </>
        )}
      </main>
    </>
  );
}

export default function PortalVerify() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={locale}>
      <VerifyPage />
    </LocaleProvider>
  );
}
