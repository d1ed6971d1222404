import { Form, Link } from "react-router";
import { formatDateLong, formatDateShort } from "../lib/format.ts";
import type { SlotPickerData } from "../lib/slot-picker.server.ts";

/**
 * Week strip, then the chosen day's times as buttons. Works as plain links and
 * a plain POST form, so it needs no JavaScript.
 */
export function SlotPicker({
  data,
  hrefFor,
  intent,
  hidden = {},
  emptyHint,
}: {
  data: SlotPickerData;
  hrefFor: (params: { date?: string; week?: string }) => string;
  intent: string;
  hidden?: Record<string, string>;
  emptyHint?: React.ReactNode;
}) {
  return (
    <div className="slot-picker">
      <nav className="week-nav" aria-label="Weeks">
        {data.prevWeek ? (
          <Link to={hrefFor({ week: data.prevWeek })} className="button-link">
            <span aria-hidden="true">←</span> Earlier
          </Link>
        ) : (
          <span />
        )}
        {data.nextWeek ? (
          <Link to={hrefFor({ week: data.nextWeek })} className="button-link">
            Later <span aria-hidden="true">→</span>
          </Link>
        ) : null}
      </nav>
      <ul className="day-strip" aria-label="Days">
        {data.days.map((d) => {
          const label = formatDateShort(d.date);
          const selected = d.date === data.selectedDate;
          return (
            <li key={d.date}>
              <Link
                to={hrefFor({ week: data.weekStart, date: d.date })}
                className={`day${selected ? " selected" : ""}${d.count === 0 ? " full" : ""}`}
                aria-current={selected ? "date" : undefined}
              >
                <span className="weekday">{label.weekday}</span>
                <span className="date">{label.day}</span>
                <span className="count">{d.count === 0 ? "none free" : `${d.count} free`}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {data.selectedDate && data.groups.length > 0 ? (
        <Form method="post" className="times">
          <input type="hidden" name="intent" value={intent} />
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <h2 className="day-heading">{formatDateLong(data.selectedDate)}</h2>
          {data.groups.map((g) => (
            <fieldset key={g.name} className="time-group">
              <legend>{g.name}</legend>
              <div className="time-buttons">
                {g.slots.map((s) => (
                  <button key={s.start} type="submit" name="start" value={s.start} className="time">
                    {s.label}
                  </button>
                ))}
              </div>
            </fieldset>
          ))}
        </Form>
      ) : (
        <div className="notice" role="status">
          <p>{data.selectedDate ? `No free times on ${formatDateLong(data.selectedDate)}.` : "No free times this week."}</p>
          {data.nextAvailableDate ? (
            <p>
              <Link to={hrefFor({ week: data.nextAvailableDate, date: data.nextAvailableDate })}>
                Go to the next free day, {formatDateLong(data.nextAvailableDate)}
              </Link>
            </p>
          ) : null}
          {emptyHint}
        </div>
      )}
    </div>
  );
}

/** Choose whose times the picker shows; a plain GET form, so it needs no JavaScript. */
export function PractitionerFilter({
  practitioners,
  value,
  hidden = {},
  action,
  anyone,
}: {
  practitioners: { id: string; name: string; title?: string }[];
  value: string;
  hidden?: Record<string, string>;
  action?: string;
  /** Label of an "any practitioner" choice; left out when the booking already has one. */
  anyone?: string;
}) {
  if (practitioners.length < 2) return null;
  return (
    <Form method="get" action={action} className="filter" key={value}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor="practitioner">Practitioner</label>
      <select id="practitioner" name="practitioner" defaultValue={value}>
        {anyone ? <option value="">{anyone}</option> : null}
        {practitioners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.title ? `, ${p.title}` : ""}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        Show times
      </button>
    </Form>
  );
}
