// What the staff appointment page's loader hands its parts
// (app/routes/staff/appointment.tsx): the appointment in words.

export interface AppointmentView {
  id: string;
  status: string;
  statusText: string;
  serviceName: string;
  practitionerName: string;
  roomName: string | null;
  clientName: string;
  clientEmail: string;
  clientPhone: string | null;
  when: string;
  duration: string;
  lateCancellation: boolean;
  cancelledAt: string | null;
  /** How it was booked: "Online booking page", "Staff", "Booking API". */
  source: string;
  bookedAt: string;
  /** Booked without signing in and not confirmed by the client yet. */
  awaitingConfirmation: boolean;
  /** Details typed at booking that differ from the client's record. */
  typed: { name: string | null; phone: string | null; locale: "en" | "fr" | null } | null;
}

/** A move or cancellation refused, with the nearest free times when the one chosen was taken. */
export interface MoveRefusal {
  message: string;
  alternatives: { start: string; label: string }[];
  practitionerId: string;
}
