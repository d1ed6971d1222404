import type { CalendarColumn, CalendarRow, GridPlace } from "../../lib/calendar-grid.ts";
import { AppointmentLink } from "./AppointmentLink.tsx";

/** The classes that draw an appointment or a piece of time off at its start, for its length, in its lane (calendar.css; the site's CSP allows no inline styles). */
function placeClass(p: GridPlace): string {
  // calendar-places.css has eight lanes: a ninth overlapping appointment shares the last one.
  return `cal-at-${p.at} cal-len-${p.length} cal-lane-${Math.min(p.lane, 7)} cal-lanes-${Math.min(p.lanes, 8)}`;
}

/**
 * The hour-by-hour table (a column per practitioner, or per day of the week),
 * shaded where someone works, time off drawn as blocks under the
 * appointments, and its legend.
 */
export function HourGrid({
  columns,
  rows,
  week,
  caption,
  showPractitioner,
}: {
  columns: CalendarColumn[];
  rows: CalendarRow[];
  week: boolean;
  /** What the table shows, for screen readers: "Appointments by day and hour, …". */
  caption: string;
  showPractitioner: boolean;
}) {
  return (
    <>
      <div className="cal-grid table-scroll" tabIndex={0} role="region" aria-labelledby="cal-grid-caption">
        <table className={`cal-table${week ? " cal-week" : ""}`}>
          <caption id="cal-grid-caption" className="visually-hidden">
            {caption}. Shaded cells are working hours; time off is drawn as a block.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="cal-hour-col">
                <span className="visually-hidden">Hour</span>
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.today ? "cal-col-today" : undefined}>
                  <span className="cal-col-label">
                    {c.label}
                    {c.today ? <span className="cal-today-tag"> (today)</span> : null}
                  </span>
                  <span className="cal-col-detail">{c.detail}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.hour}>
                <th scope="row" className="cal-hour">
                  {r.label}
                </th>
                {r.cells.map((c, i) => (
                  <td key={columns[i]!.key} className={`cal-cell${c.working ? " is-working" : ""}`}>
                    {c.timeOff.map((o) =>
                      // A block's first piece says what it is; the pieces below it only continue it.
                      o.label ? (
                        <div key={o.key} className={`cal-off ${placeClass(o.place)}`}>
                          {o.label}
                        </div>
                      ) : (
                        <div key={o.key} className={`cal-off ${placeClass(o.place)}`} aria-hidden="true" />
                      ),
                    )}
                    {c.items.length ? (
                      <ul className="cal-items">
                        {c.items.map((item) => (
                          <li key={item.id} className={placeClass(item.place)}>
                            <AppointmentLink item={item} showPractitioner={showPractitioner} />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="cal-legend muted small" aria-hidden="true">
        <span className="swatch is-working" /> Working hours <span className="swatch is-off" /> Time off <span className="swatch" /> Not
        working
      </p>
    </>
  );
}
