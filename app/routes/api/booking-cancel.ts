import type { Route } from "./+types/booking-cancel";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { cancelBooking } from "../../../src/scheduling/manage-booking.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { bookingProblem } from "../../lib/booking-api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader() {
  return methodNotAllowed("POST");
}

export async function action({ context, params, request }: Route.ActionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    const result = await cancelBooking(services.db, {
      clinic,
      id: params.id,
      access: { token },
      now: services.now(),
      actor: { type: "client", id: null },
    });
    services.outbox.kick();
    return json(result);
  } catch (error) {
    return bookingProblem(error, clinic);
  }
}
