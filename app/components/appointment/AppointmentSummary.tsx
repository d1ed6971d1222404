import type { AppointmentView } from "./types.ts";

/** How often the client missed an appointment or cancelled late (policy fees come later; the counts are kept now). */
export function attendanceText(c: { noShows: number; lateCancellations: number }): string {
  if (c.noShows === 0 && c.lateCancellations === 0) return "No missed appointments or late cancellations";
  const part = (n: number, one: string, many: string) => (n === 0 ? null : `${n} ${n === 1 ? one : many}`);
  return [part(c.noShows, "no-show", "no-shows"), part(c.lateCancellations, "late cancellation", "late cancellations")]
    .filter(Boolean)
    .join(", ");
}

/** The appointment and its client, as booked. */
export function AppointmentSummary({
  a,
  attendance,
}: {
  a: AppointmentView;
  attendance: { noShows: number; lateCancellations: number } | null;
}) {
  const cancelled = a.status === "cancelled";
  return (
    <>
      <h1>Appointment</h1>
      <dl className="summary-card details">
        <div>
          <dt>Service</dt>
          <dd>{a.serviceName}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {cancelled ? <s>{a.when}</s> : a.when} ({a.duration})
          </dd>
        </div>
        <div>
          <dt>Practitioner</dt>
          <dd>{a.practitionerName}</dd>
        </div>
        <div>
          <dt>Room</dt>
          <dd>{a.roomName ?? "No room needed"}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status-tag${cancelled ? " cancelled" : ""}`}>{a.statusText}</span>
            {a.lateCancellation ? <span className="status-tag late">Late cancellation</span> : null}
            {a.cancelledAt ? <span className="muted small"> on {a.cancelledAt}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Booked</dt>
          <dd>
            {a.bookedAt} <span className="muted">via {a.source}</span>
          </dd>
        </div>
      </dl>

      <h2>Client</h2>
      <dl className="summary-card details">
        <div>
          <dt>Name</dt>
          <dd>{a.clientName || "—"}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{a.clientEmail ? <a href={`mailto:${a.clientEmail}`}>{a.clientEmail}</a> : "—"}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{a.clientPhone ? <a href={`tel:${a.clientPhone.replace(/[^0-9+]/g, "")}`}>{a.clientPhone}</a> : "Not given"}</dd>
        </div>
        {attendance ? (
          <div>
            <dt>Attendance</dt>
            <dd>{attendanceText(attendance)}</dd>
          </div>
        ) : null}
      </dl>
      {a.awaitingConfirmation ? (
        <p className="muted small">
          Booked without signing in and not yet confirmed by the client in their account: the practitioner reads the health record through
          this appointment once the client confirms it or it is done.
        </p>
      ) : null}
    </>
  );
}
