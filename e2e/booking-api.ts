// Booking through the public JSON API, as the suites do to give a client an
// appointment before the part they test: the demo clinic's consultation, the
// free times GET /api/v1/availability lists and POST /api/v1/bookings. Plain
// HTTP, so it serves a server process and an in-process app alike.
import { Temporal } from "temporal-polyfill";
import { expect } from "vitest";

/** The demo clinic's zone: a day "ahead" is a day of the clinic's calendar. */
const ZONE = "America/Toronto";

export interface ListedService {
  id: string;
  kind: string;
  name: string;
  slug: string;
}

export interface FreeSlot {
  start: string;
  end: string;
  practitionerId: string;
}

export interface BookingRequest {
  serviceId: string;
  start: string;
  practitionerId?: string;
  client: { name: string; email: string; phone?: string };
  locale?: "en" | "fr";
}

/** What the API answers for a new booking, with the token of its manage link. */
export interface Booked {
  id: string;
  status: string;
  serviceId: string;
  practitionerId: string;
  start: string;
  end: string;
  manageUrl: string;
  manageToken: string;
}

/** The clinic's date `days` from today, as the API's `from` and `to` take it. */
export function daysAhead(days: number): string {
  return Temporal.Now.plainDateISO(ZONE).add({ days }).toString();
}

/** The token of a manage link (`/manage/<id>?token=…`). */
export function manageTokenOf(manageUrl: string): string {
  return new URL(manageUrl).searchParams.get("token") ?? "";
}

/** The first consultation GET /api/v1/services lists (the demo clinic has one). */
export async function consultationService(url: string): Promise<ListedService> {
  const res = await fetch(`${url}/api/v1/services`);
  const { services } = (await res.json()) as { services: ListedService[] };
  const consultation = services.find((s) => s.kind === "consultation");
  if (!consultation) throw new Error("GET /api/v1/services lists no consultation");
  return consultation;
}

/** The free times of a service from `from` to `to` (dates, both included), of one practitioner when given. */
export async function freeSlots(
  url: string,
  o: { serviceId: string; from: string; to: string; practitionerId?: string },
): Promise<FreeSlot[]> {
  const q = new URLSearchParams({ serviceId: o.serviceId, from: o.from, to: o.to });
  if (o.practitionerId) q.set("practitionerId", o.practitionerId);
  const res = await fetch(`${url}/api/v1/availability?${q}`);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { slots: FreeSlot[] }).slots;
}

/** Books as an anonymous visitor would and expects the 201. */
export async function book(url: string, request: BookingRequest): Promise<Booked> {
  const res = await fetch(`${url}/api/v1/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const booked = JSON.parse(text) as Omit<Booked, "manageToken">;
  return { ...booked, manageToken: manageTokenOf(booked.manageUrl) };
}

/**
 * Books the consultation for `client` at a free time between `fromDays` and
 * `toDays` ahead: the first one listed, or the one at index `slot` (so two
 * bookings of one test do not take the same time).
 */
export async function bookConsultation(
  url: string,
  client: BookingRequest["client"],
  o: { fromDays: number; toDays: number; slot?: number; locale?: "en" | "fr" },
): Promise<Booked & { serviceName: string }> {
  const consultation = await consultationService(url);
  const slots = await freeSlots(url, { serviceId: consultation.id, from: daysAhead(o.fromDays), to: daysAhead(o.toDays) });
  const slot = slots[o.slot ?? 0];
  if (!slot) throw new Error(`No free consultation time ${o.fromDays} to ${o.toDays} days ahead`);
  const booked = await book(url, { serviceId: consultation.id, start: slot.start, client, ...(o.locale ? { locale: o.locale } : {}) });
  return { ...booked, serviceName: consultation.name };
}
