import type { Route } from "./+types/booking";
import { manageUrlFor } from "../../../src/scheduling/book-appointment.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { getBooking } from "../../../src/scheduling/manage-booking.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { bookingProblem } from "../../lib/booking-api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    const b = await getBooking(services.db, clinic, params.id, { token }, services.now());
    return json({
      id: b.id,
      status: b.status,
      serviceId: b.serviceId,
      practitionerId: b.practitionerId,
      start: b.start,
      end: b.end,
      manageUrl: manageUrlFor(services.baseUrl, b.id, token),
      lateCancellation: b.lateCancellation,
    });
  } catch (error) {
    return bookingProblem(error, clinic);
  }
}

export async function action() {
  return methodNotAllowed("GET");
}
