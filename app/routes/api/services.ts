import type { Route } from "./+types/services";
import { listServices } from "../../../src/scheduling/clinic.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const rows = await listServices(services.db, services.organizationId);
  return json({
    services: rows.map((s) => ({
      id: s.id,
      name: s.name,
      // Added to the contract's shape: the French name, only when the clinic entered one.
      ...(s.nameFr.trim() ? { nameFr: s.nameFr.trim() } : {}),
      kind: s.kind,
      durationMinutes: s.durationMinutes,
      priceCents: s.priceCents,
      currency: s.currency,
      requiresEligibility: s.requiresEligibility,
    })),
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
