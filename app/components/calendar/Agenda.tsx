import type { AgendaGroup } from "../../lib/calendar-grid.ts";
import { AppointmentLink } from "./AppointmentLink.tsx";

/** The calendar as a list, one group per practitioner (day) or per date (week): what phones and screen readers use. */
export function Agenda({ groups, week }: { groups: AgendaGroup[]; week: boolean }) {
  return (
    <div className="cal-agenda">
      {groups.map((g) => {
        const id = `agenda-${g.key}`;
        return (
          <section key={g.key} className="agenda-group" aria-labelledby={id}>
            <h3 id={id}>{g.heading}</h3>
            <p className="agenda-hours">
              <span className="visually-hidden">Working hours: </span>
              {g.hours}
            </p>
            {g.notes.length ? (
              <ul className="agenda-notes">
                {g.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            {g.items.length ? (
              <ol className="agenda-list">
                {g.items.map((item) => (
                  <li key={item.id}>
                    <AppointmentLink item={item} showPractitioner={week} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No appointments.</p>
            )}
            {g.cancelled.length ? (
              <>
                <h4 className="agenda-cancelled-heading">Cancelled</h4>
                <ul className="agenda-list agenda-cancelled">
                  {g.cancelled.map((item) => (
                    <li key={item.id}>
                      <AppointmentLink item={item} showPractitioner={week} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
