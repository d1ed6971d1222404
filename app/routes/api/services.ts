import type { Route } from "./+types/services";
import { listServices, loadClinic } from "../../../src/scheduling/clinic.ts";
import { changesAfter } from "../../../src/scheduling/price-rules.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const today = todayIn(clinic.location.timeZone, services.now());
  const rows = await listServices(services.db, services.organizationId, { on: today });
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
      // Added to the contract's shape: price changes that take effect after today (an appointment costs its day's price).
      scheduledPrices: changesAfter(s.prices, today).map((c) => ({ from: c.from, priceCents: c.cents, currency: c.currency })),
    })),
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
