// A calendar appointment for the web layer's pure tests: booked, a treatment,
// nothing happened yet; a test says only what differs.
import type { CalendarAppointment } from "../../src/scheduling/calendar.ts";

export function calendarAppointment(more: Partial<CalendarAppointment>): CalendarAppointment {
  return {
    id: "a-1",
    status: "booked",
    startMs: 0,
    endMs: 3_600_000,
    serviceId: "s-1",
    serviceName: "Microneedling",
    practitionerId: "p-1",
    practitionerName: "Ana Roy",
    roomId: null,
    roomName: null,
    clientId: "c-1",
    clientName: "Zoe Tremblay",
    clientEmail: "zoe@example.com",
    clientPhone: null,
    source: "staff",
    lateCancellation: false,
    cancelledAt: null,
    createdAt: 0,
    planSession: null,
    planId: null,
    clientConfirmedAt: null,
    typed: null,
    serviceKind: "treatment",
    arrivedAt: null,
    startedAt: null,
    completedAt: null,
    noShowAt: null,
    dayState: "booked",
    ...more,
  };
}
