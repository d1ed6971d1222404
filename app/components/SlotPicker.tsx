import { Form, Link } from "react-router";
import { formatDateLong, formatDateShort, type FormatLocale } from "../lib/format.ts";
import type { SlotPickerData } from "../lib/slot-picker.server.ts";

/**
 * The picker's words. Staff screens use the English below; the public pages
 * pass their language's (app/lib/booking-text.ts builds it from the message
 * catalog), so this component, which staff bundles carry, does not pull in
 * every public message.
 */
export interface SlotPickerText {
  locale: FormatLocale;
  weeks: string;
  earlier: string;
  later: string;
  days: string;
  free: (count: number) => string;
  groups: Record<SlotPickerData["groups"][number]["name"], string>;
  noneOn: (date: string) => string;
  noneThisWeek: string;
  nextFree: (date: string) => string;
  practitioner: string;
  showTimes: string;
}

export const SLOT_PICKER_ENGLISH: SlotPickerText = {
  locale: "en",
  weeks: "Weeks",
  earlier: "Earlier",
  later: "Later",
  days: "Days",
  free: (count) => (count === 0 ? "none free" : `${count} free`),
  groups: { Morning: "Morning", Afternoon: "Afternoon", Evening: "Evening" },
  noneOn: (date) => `No free times on ${date}.`,
  noneThisWeek: "No free times this week.",
  nextFree: (date) => `Go to the next free day, ${date}`,
  practitioner: "Practitioner",
  showTimes: "Show times",
};

/**
 * Week strip, then the chosen day's times as buttons. Works as plain links and
 * a plain POST form, so it needs no JavaScript.
 */
export function SlotPicker({
  data,
  hrefFor,
  intent,
  method = "post",
  action,
  hidden = {},
  emptyHint,
  text = SLOT_PICKER_ENGLISH,
}: {
  data: SlotPickerData;
  hrefFor: (params: { date?: string; week?: string }) => string;
  /** What a tapped time does; not sent by a "get" picker. */
  intent: string;
  /**
   * "get": a tapped time opens `action` with `start` and the hidden fields
   * as its query, a step that asks to confirm before anything changes.
   */
  method?: "post" | "get";
  action?: string;
  hidden?: Record<string, string>;
  emptyHint?: React.ReactNode;
  text?: SlotPickerText;
}) {
  const long = (date: string) => formatDateLong(date, text.locale);
  return (
    <div className="slot-picker">
      <nav className="week-nav" aria-label={text.weeks}>
        {data.prevWeek ? (
          <Link to={hrefFor({ week: data.prevWeek })} className="button-link">
            <span aria-hidden="true">←</span> {text.earlier}
          </Link>
        ) : (
          <span />
        )}
        {data.nextWeek ? (
          <Link to={hrefFor({ week: data.nextWeek })} className="button-link">
            {text.later} <span aria-hidden="true">→</span>
          </Link>
        ) : null}
      </nav>
      <ul className="day-strip" aria-label={text.days}>
        {data.days.map((d) => {
          const label = formatDateShort(d.date, text.locale);
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
                <span className="count">{text.free(d.count)}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {data.selectedDate && data.groups.length > 0 ? (
        <Form method={method} action={action} className="times">
          {method === "post" ? <input type="hidden" name="intent" value={intent} /> : null}
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <h2 className="day-heading">{long(data.selectedDate)}</h2>
          {data.groups.map((g) => (
            <fieldset key={g.name} className="time-group">
              <legend>{text.groups[g.name]}</legend>
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
          <p>{data.selectedDate ? text.noneOn(long(data.selectedDate)) : text.noneThisWeek}</p>
          {data.nextAvailableDate ? (
            <p>
              <Link to={hrefFor({ week: data.nextAvailableDate, date: data.nextAvailableDate })}>
                {text.nextFree(long(data.nextAvailableDate))}
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
  text = SLOT_PICKER_ENGLISH,
}: {
  practitioners: { id: string; name: string; title?: string }[];
  value: string;
  hidden?: Record<string, string>;
  action?: string;
  /** Label of an "any practitioner" choice; left out when the booking already has one. */
  anyone?: string;
  text?: Pick<SlotPickerText, "practitioner" | "showTimes">;
}) {
  if (practitioners.length < 2) return null;
  return (
    <Form method="get" action={action} className="filter" key={value}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor="practitioner">{text.practitioner}</label>
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
        {text.showTimes}
      </button>
    </Form>
  );
}
