import type { CalendarColumn, WeekHoursRow } from "../../lib/calendar-grid.ts";

/** Week view: each practitioner's working hours, day by day. */
export function WeekHours({ columns, weekHours, dates }: { columns: CalendarColumn[]; weekHours: WeekHoursRow[]; dates: string[] }) {
  return (
    <section className="cal-week-hours">
      <h2 id="week-hours-heading">Working hours this week</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="week-hours-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">Practitioner</th>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekHours.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                {p.days.map((text, i) => (
                  <td key={dates[i]}>{text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
