import type { Route } from "./+types/booking";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { getBooking } from "../../../src/scheduling/manage-booking.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { bookingJson, bookingProblem } from "../../lib/booking-api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    const b = await getBooking(services.db, clinic, params.id, { token }, services.now());
    return json(bookingJson(b, services.baseUrl, token));
  } catch (error) {
    return bookingProblem(error, clinic);
  }
}

export async function action() {
  return methodNotAllowed("GET");
}
