// What a booking is asked with and what it answers, shared by every step of
// bookAppointment (and by the refusal e-mail, which names the same caller).
import type { ClientLocale } from "../../clients/locale.ts";
import type { StaffRole } from "../../db/schema.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import type { Clinic, ClinicFacts, Service } from "../clinic.ts";
import type { AuditActor } from "../../audit/audit-log.ts";

/**
 * Who books. "public": nobody signed in — the booking page and the API for
 * anyone; such a booking changes nothing stored about a client who already
 * exists and widens nobody's access to their record. "client": the client
 * signed in to their portal, with their own address (id: their client id).
 */
export type { AuditActor };

export interface ClientDetails {
  name: string;
  email: string;
  phone?: string | null;
}

/** A client already stored, chosen by staff (the client picker): the booking uses what is stored and changes none of it. */
export interface ExistingClient {
  id: string;
}

export interface BookAppointmentOptions {
  clinic: Clinic;
  /** What the process keeps of the clinic, read with `clinic` (clinic.ts): the booking takes the reminder settings from it. */
  facts?: ClinicFacts;
  service: Service;
  start: number;
  /** Omitted: the first practitioner free at that start. */
  practitionerId?: string;
  /** The details typed (a new client, or one found by e-mail address), or, for staff only, a stored client's id. */
  client: ClientDetails | ExistingClient;
  source: "online" | "staff" | "api";
  /** For source "staff": who books (needs `schedule.edit`). */
  staff?: { role: StaffRole; userId?: string };
  /** Reads the client's screening for a treatment, and stores carried self-check answers. */
  keyRing: KeyRing;
  /** The visitor's token for self-check answers carried into this booking: they become the client's screening. */
  selfCheckToken?: string;
  /** Staff only: book a treatment the screening does not allow on that date, for a stated reason (audited). */
  eligibilityOverride?: { reason: string };
  now: number;
  /** Where manage links point, e.g. https://spa.example */
  baseUrl: string;
  actor: AuditActor;
  /** A hold the person took when they picked the time; it becomes the booking. */
  hold?: { id: string; token: string };
  idempotency?: { key: string; requestHash: string };
  /** A session of a treatment plan's series. */
  plan?: { planId: string; session: number };
  /**
   * The language the person booked in (the booking page's, or the API's
   * `locale`): stored as the client's preferred language, which their e-mails
   * and account then use. Omitted (staff bookings): the client's stays as it was.
   */
  locale?: ClientLocale;
}

export interface BookingResult {
  id: string;
  status: "booked";
  serviceId: string;
  practitionerId: string;
  start: string;
  end: string;
  manageUrl: string;
}

export function manageUrlFor(baseUrl: string, appointmentId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/manage/${appointmentId}?token=${token}`;
}

/** Whether the caller is signed in as staff or as the client the booking is for. */
export function isTrustedBooking(o: Pick<BookAppointmentOptions, "source" | "actor">): boolean {
  return o.source === "staff" || o.actor.type === "staff" || o.actor.type === "client";
}
