import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/verify";
import { checkSignInLink, signInWithLink, type LinkState } from "../../../src/clients/portal.ts";
import { LOGIN_LINK_TTL_MS } from "../../../src/clients/portal-limits.ts";
import { isSecureRequest, readSessionCookie, sessionCookie } from "../../../src/clients/portal-http.ts";
import { TextField } from "../../components/ContactFields.tsx";
import { publicClinic } from "../../lib/clinic.server.ts";
import portalStyles from "./portal.css?url";

export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Sign in to your account — ${loaderData?.clinicName ?? ""}` },
  // The link's token is in this page's address. same-origin, not no-referrer:
  // no-referrer makes browsers send Origin: null on this page's form, which the CSRF check refuses.
  { name: "referrer", content: "same-origin" },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

type Failure = Exclude<LinkState, "valid">;

// Gone for a link that existed; a bad request for one that never did.
const statusFor = (state: Failure) => (state === "unknown" ? 400 : 410);

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  // Looking does not spend the link: mail scanners open links before people do.
  const state = await checkSignInLink(services.db, { organizationId: services.organizationId, token, now: services.now() });
  const page = { clinicName: clinic.name, clinicPhone: clinic.location.phone, state, token: state === "valid" ? token : "" };
  return state === "valid" ? page : data(page, { status: statusFor(state) });
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services } = await publicClinic(context);
  const form = await request.formData();
  const token = String(form.get("token") ?? "");
  const result = await signInWithLink(services.db, {
    organizationId: services.organizationId,
    token,
    now: services.now(),
    replacesSessionToken: readSessionCookie(request.headers),
  });
  if (!result.ok) return data({ state: result.reason as Failure }, { status: statusFor(result.reason) });
  const secure = isSecureRequest(request.url, services.baseUrl);
  return redirect("/portal", {
    status: 303,
    headers: { "Set-Cookie": sessionCookie(result.sessionToken, secure), "Cache-Control": "no-store" },
  });
}

const EXPLANATION: Record<Failure, string> = {
  expired: `This link has expired. Sign-in links work for ${Math.round(LOGIN_LINK_TTL_MS / 60_000)} minutes after we send them.`,
  used: "This link has already been used. Each sign-in link works once.",
  unknown: "We do not recognize this link. It may be incomplete: links sometimes break across lines in e-mail.",
};

export default function PortalVerify() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state: LinkState = result?.state ?? loaded.state;
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {loaded.clinicName}
          </Link>
        </div>
      </header>
      <main id="main" className="page narrow">
        {state === "valid" ? (
          <>
            <h1>Sign in to your account</h1>
            <p>Press the button to finish signing in on this device.</p>
            <Form method="post" action="/portal/verify" className="actions">
              <input type="hidden" name="token" value={loaded.token} />
              <button type="submit" className="button primary">
                Sign in
              </button>
            </Form>
            <p className="muted small">On a shared computer, sign out when you are done.</p>
          </>
        ) : (
          <>
            <h1>This sign-in link does not work</h1>
            <div className="alert" role="alert">
              <p>{EXPLANATION[state]}</p>
            </div>
            <h2>Get a new link</h2>
            <Form method="post" action="/portal/login" noValidate className="stack">
              <TextField name="email" label="E-mail" type="email" autoComplete="email" inputMode="email" required />
              <button type="submit" className="button primary">
                E-mail me a new link
              </button>
            </Form>
            <p className="muted small">Trouble signing in? Call us at {loaded.clinicPhone}.</p>
          </>
        )}
      </main>
    </>
  );
}
