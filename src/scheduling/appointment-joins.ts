// How an appointment row meets its service and its practitioner. Each join
// repeats the organization, so a row can never pick up another clinic's names
// even if an id were shared.
import { and, eq } from "drizzle-orm";
import { appointments, practitioners, services } from "../db/schema.ts";

/** `innerJoin(services, SERVICE_OF_APPOINTMENT)`. */
export const SERVICE_OF_APPOINTMENT = and(
  eq(services.id, appointments.serviceId),
  eq(services.organizationId, appointments.organizationId),
);

/** `innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)`. */
export const PRACTITIONER_OF_APPOINTMENT = and(
  eq(practitioners.id, appointments.practitionerId),
  eq(practitioners.organizationId, appointments.organizationId),
);
