import { z } from "zod";
import type { Route } from "./+types/booking-reschedule";
import { listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import { rescheduleBooking } from "../../../src/scheduling/manage-booking.ts";
import { parseOffsetIso } from "../../../src/scheduling/time.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed, readJson } from "../../lib/api.server.ts";
import { bookingJson, bookingProblem, OffsetDateTime, signedInClientId } from "../../lib/booking-api.server.ts";
import { invalidInput, json } from "../../lib/problem.ts";
import { isUuid } from "../../../src/kernel/ids.ts";

const RescheduleSchema = z.object({ start: OffsetDateTime, practitionerId: z.string().min(1).optional() });

export async function loader() {
  return methodNotAllowed("POST");
}

export async function action({ context, params, request }: Route.ActionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const services = getServices(context);
  const body = await readJson(request, RescheduleSchema);
  if (!body.ok) return body.response;
  const clinic = await loadClinic(services.db, services.organizationId);
  if (body.data.practitionerId) {
    const known = await listPractitioners(services.db, clinic.organizationId);
    if (!isUuid(body.data.practitionerId) || !known.some((p) => p.id === body.data.practitionerId)) {
      return invalidInput({ practitionerId: "No such practitioner" });
    }
  }
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    const b = await rescheduleBooking(services.db, {
      keyRing: services.keyRing,
      clinic,
      id: params.id,
      access: { token },
      start: parseOffsetIso(body.data.start)!,
      practitionerId: body.data.practitionerId,
      now: services.now(),
      actor: { type: "client", id: null },
      baseUrl: services.baseUrl,
      signedInClientId: await signedInClientId(services, request),
    });
    services.outbox.kick();
    return json(bookingJson(b, services.baseUrl, token));
  } catch (error) {
    // A refusal may have e-mailed the client what to do.
    services.outbox.kick();
    return bookingProblem(error, clinic);
  }
}
