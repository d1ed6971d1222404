import type { RouterContextProvider } from "react-router";
import { loadClinic } from "../../src/scheduling/clinic.ts";
import { getServices } from "../context.ts";

/** The public clinic for this request, with the services every loader needs. */
export async function publicClinic(context: Readonly<RouterContextProvider>) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  return { services, clinic };
}
