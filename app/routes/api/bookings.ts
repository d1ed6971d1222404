import { z } from "zod";
import type { Route } from "./+types/bookings";
import { ClientContactSchema } from "../../../src/clients/contact.ts";
import { bookAppointment } from "../../../src/scheduling/book-appointment.ts";
import { clinicFacts } from "../../../src/scheduling/clinic.ts";
import { parseOffsetIso } from "../../../src/scheduling/time.ts";
import { getServices } from "../../context.ts";
import { canonicalHash, methodNotAllowed, readJson } from "../../lib/api.server.ts";
import { bookingActor, bookingProblem, limitAnonymous, OffsetDateTime } from "../../lib/booking-api.server.ts";
import { invalidInput, json } from "../../lib/problem.ts";

const BookingRequestSchema = z.object({
  serviceId: z.string({ error: "Required" }).min(1, "Required"),
  start: OffsetDateTime,
  practitionerId: z.string().min(1).optional(),
  client: ClientContactSchema,
  /** The client's language for e-mails and their account; omitted: unchanged for a known client, English for a new one. */
  locale: z.enum(["en", "fr"], { error: 'Must be "en" or "fr"' }).optional(),
});

export async function loader() {
  return methodNotAllowed("POST");
}

export async function action({ context, request }: Route.ActionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const services = getServices(context);
  const key = request.headers.get("idempotency-key");
  if (key !== null && (key.length < 1 || key.length > 200)) {
    return invalidInput({ "Idempotency-Key": "Must be 1 to 200 characters" });
  }
  const body = await readJson(request, BookingRequestSchema);
  if (!body.ok) return body.response;
  const input = body.data;
  // The clinic, the service and the practitioners as this process keeps them: one read of the clinic's version.
  const facts = await clinicFacts(services.db, services.organizationId);
  const clinic = await facts.clinic();
  const service = await facts.service(input.serviceId);
  if (!service || !service.active) return invalidInput({ serviceId: "No such service" });
  if (input.practitionerId) {
    const known = await facts.practitioners();
    if (!known.some((p) => p.id === input.practitionerId)) {
      return invalidInput({ practitionerId: "No such practitioner" });
    }
  }
  try {
    const actor = await bookingActor(services, request, input.client.email);
    // Per IP address and per e-mail, in the database: a flood of bookings cannot empty a calendar.
    if (actor.type === "public") {
      await limitAnonymous(services, request, { ip: "bookingsPerIp", email: { scope: "bookingsPerEmail", address: input.client.email } });
    }
    const { booking } = await bookAppointment(services.db, {
      clinic,
      facts,
      keyRing: services.keyRing,
      service,
      start: parseOffsetIso(input.start)!,
      practitionerId: input.practitionerId,
      client: input.client,
      locale: input.locale,
      source: "api",
      now: services.now(),
      baseUrl: services.baseUrl,
      actor,
      idempotency: key ? { key, requestHash: canonicalHash(body.raw) } : undefined,
    });
    services.outbox.kick();
    return json(booking, { status: 201 });
  } catch (error) {
    // A refusal may have e-mailed the client what to do.
    services.outbox.kick();
    return bookingProblem(error, clinic);
  }
}
