// What a signed-in portal page's loader starts from: the services, the
// signed-in client (set by the portal layout's middleware), the account's
// language and its translator, and the client's clinic.
import type { RouterContextProvider } from "react-router";
import { loadClinic } from "../../src/scheduling/clinic.ts";
import { getClient, getServices } from "../context.ts";
import { translator } from "../i18n/catalog.ts";
import { getPortalLocale } from "./portal-locale.ts";

export async function portalPage(context: Readonly<RouterContextProvider>) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const t = translator(locale);
  const clinic = await loadClinic(services.db, client.organizationId);
  return { services, client, locale, t, clinic };
}
