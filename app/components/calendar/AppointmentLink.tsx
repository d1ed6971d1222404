import { Link } from "react-router";
import type { CalendarItem } from "../../lib/calendar-grid.ts";

/**
 * One appointment in the calendar's grid or agenda: its time, client and
 * service, struck through when cancelled, and tagged in words when it is
 * booked inside its practitioner's time off.
 */
export function AppointmentLink({ item, showPractitioner }: { item: CalendarItem; showPractitioner: boolean }) {
  const body = (
    <>
      {item.clash ? <span className="appt-clash-tag">Clashes with time off</span> : null}
      <span className="appt-time">{item.time}</span>
      <span className="appt-client">{item.client}</span>
      <span className="appt-service">{item.service}</span>
      {showPractitioner ? <span className="appt-practitioner">with {item.practitioner}</span> : null}
    </>
  );
  return (
    <Link
      to={`/staff/appointments/${item.id}`}
      className={`appt${item.cancelled ? " appt-cancelled" : ""}${item.over ? " appt-done" : ""}${item.here ? " appt-here" : ""}${item.clash ? " appt-clash" : ""}`}
    >
      {item.badge ? <span className="appt-badge">{item.badge}</span> : null}
      {item.cancelled ? <s>{body}</s> : body}
    </Link>
  );
}
