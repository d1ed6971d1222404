import { Form } from "react-router";
import { ErrorSummary } from "../ContactFields.tsx";
import { IntervalInputs, rowsFor, submittedRows } from "./IntervalInputs.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** The whole week's working hours, saved at once, with a blank row per day to add an interval without JavaScript. */
export function HoursForm({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  const mine = result?.intent === "hours" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  return (
    <section aria-labelledby="hours-heading" className="staff-section">
      <h2 id="hours-heading">Weekly hours</h2>
      <p className="muted">
        Local time in {d.timeZone}, 24-hour HH:MM (like 09:00 or 17:30; 24:00 is midnight). A day with no hours is a day off. Several
        intervals a day are fine (a lunch break is the gap between them); they must not overlap. To remove an interval, clear both its
        times. Saving replaces the whole week.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate>
        <input type="hidden" name="intent" value="hours" />
        <div className="hours-grid">
          {d.hours.map((day) => {
            const prefix = `hours.${day.day}`;
            const rows = rowsFor(day.intervals, mine ? submittedRows(mine.values, prefix) : null);
            const dayError = errors[prefix];
            return (
              <fieldset key={day.day} className="day-fieldset">
                <legend>
                  {day.name}
                  {day.intervals.length === 0 ? <span className="muted day-off-note"> (day off)</span> : null}
                </legend>
                {dayError ? (
                  <p className="field-error" id={`field-${prefix.replace(/\./g, "-")}`}>
                    {dayError}
                  </p>
                ) : null}
                {rows.map((r, i) => (
                  <IntervalInputs key={i} prefix={prefix} index={i} context={day.name} start={r.start} end={r.end} errors={errors} />
                ))}
              </fieldset>
            );
          })}
        </div>
        <p className="hint muted small">Need more intervals on a day? Save, and another empty row appears.</p>
        <button type="submit" className="button primary">
          Save weekly hours
        </button>
      </Form>
    </section>
  );
}
