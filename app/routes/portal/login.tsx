import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/login";
import { z } from "zod";
import { getClientSession, requestSignInLink } from "../../../src/clients/portal.ts";
import { clientIp, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { publicClinic } from "../../lib/clinic.server.ts";
import portalStyles from "./portal.css?url";

export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Sign in to your account — ${loaderData?.clinicName ?? ""}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

// One answer for every address, so nobody can learn from it who is a client.
const NEUTRAL_ANSWER = "If we have your e-mail, a sign-in link is on its way; it works for 15 minutes, once.";

const EmailSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your e-mail address.")
    .max(254, "That e-mail address is too long.")
    .pipe(z.email("Enter an e-mail address like name@example.com.")),
});

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const token = readSessionCookie(request.headers);
  if (token && (await getClientSession(services.db, { organizationId: services.organizationId, token, now: services.now() }))) {
    throw redirect("/portal");
  }
  const url = new URL(request.url);
  return {
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    notice: url.searchParams.has("sent") ? ("sent" as const) : url.searchParams.has("signed-out") ? ("signed-out" as const) : null,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, clinic } = await publicClinic(context);
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  const parsed = EmailSchema.safeParse({ email });
  if (!parsed.success) {
    return data({ errors: { email: parsed.error.issues[0]?.message ?? "Enter your e-mail address." }, email }, { status: 422 });
  }
  const result = await requestSignInLink(services.db, {
    organizationId: services.organizationId,
    email: parsed.data.email,
    ip: clientIp(request.headers),
    now: services.now(),
    baseUrl: services.baseUrl,
    clinic: { name: clinic.name, phone: clinic.location.phone },
  });
  if (result.outcome === "sent") services.outbox.kick();
  // Never the address itself: a hash is enough to see one address being hammered.
  if (result.outcome === "throttled") services.logger.warn({ emailRef: result.emailRef }, "portal sign-in link throttled");
  return redirect("/portal/login?sent=1", 303);
}

export default function PortalLogin() {
  const { clinicName, clinicPhone, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {clinicName}
          </Link>
        </div>
      </header>
      <main id="main" className="page narrow">
        <h1>Sign in to your account</h1>
        {notice === "sent" ? (
          <div className="success" role="status">
            <p>{NEUTRAL_ANSWER}</p>
            <p className="small">Nothing after a few minutes? Check your junk folder, or ask again below.</p>
          </div>
        ) : null}
        {notice === "signed-out" ? (
          <div className="success" role="status">
            <p>You are signed out.</p>
          </div>
        ) : null}
        <p>See your appointments and your record. No password: we e-mail you a link that signs you in.</p>
        <ErrorSummary errors={errors} />
        <Form method="post" action="/portal/login" noValidate className="stack">
          <TextField
            name="email"
            label="E-mail"
            type="email"
            autoComplete="email"
            inputMode="email"
            hint="The address you gave when you booked."
            value={result?.email}
            error={errors.email}
            required
          />
          <button type="submit" className="button primary">
            E-mail me a sign-in link
          </button>
        </Form>
        <p className="muted small">
          Not a client yet? <Link to="/book">Book a free consultation</Link>. Questions: call {clinicPhone}.
        </p>
      </main>
    </>
  );
}
