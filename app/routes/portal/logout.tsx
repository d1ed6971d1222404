import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { endClientSession, getClientSessionWithLocale } from "../../../src/clients/portal.ts";
import { clearedSessionCookie, isSecureRequest, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { getServices } from "../../context.ts";
import { withLang } from "../../lib/portal-locale.ts";

// Signing out changes state, so it is a POST; a GET (a prefetch, a pasted link) only goes home.
export async function loader() {
  return redirect("/portal");
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const token = readSessionCookie(request.headers);
  // The sign-in page that follows stays in the client's language.
  const found = token
    ? await getClientSessionWithLocale(services.db, { organizationId: services.organizationId, token, now: services.now() })
    : null;
  if (token) await endClientSession(services.db, { organizationId: services.organizationId, token });
  return redirect(withLang("/portal/login?signed-out=1", found?.locale ?? "en"), {
    status: 303,
    headers: { "Set-Cookie": clearedSessionCookie(isSecureRequest(request.url, services.baseUrl)), "Cache-Control": "no-store" },
  });
}
