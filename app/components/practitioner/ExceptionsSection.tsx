import { Form } from "react-router";
import { ErrorSummary, TextField } from "../ContactFields.tsx";
import { IntervalInputs, rowsFor, submittedRows } from "./IntervalInputs.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** Dates with other hours than usual, or closed: the list, and the form to add or change one. */
export function ExceptionsSection({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  const mine = result?.intent === "exception" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  const mode = v?.mode ?? "closed";
  const rows = rowsFor([], mine ? submittedRows(mine.values, "intervals") : null);
  return (
    <section aria-labelledby="exceptions-heading" className="staff-section">
      <h2 id="exceptions-heading">Date exceptions</h2>
      <p className="muted">
        A date with other hours than usual, or closed all day (a holiday). It replaces the weekly hours for that date.
      </p>
      {d.exceptions.length === 0 ? (
        <p>No date exceptions from the last 30 days on.</p>
      ) : (
        <ul className="service-list">
          {d.exceptions.map((e) => (
            <li key={e.id} className="service-card">
              <div>
                <p className="summary-title">{e.dateLabel}</p>
                <p>{e.hours}</p>
                {e.note ? <p className="muted small">{e.note}</p> : null}
              </div>
              {d.canEdit ? (
                <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`}>
                  <input type="hidden" name="intent" value="delete-exception" />
                  <input type="hidden" name="exceptionId" value={e.id} />
                  <button type="submit" className="button small secondary">
                    Remove<span className="visually-hidden"> the exception on {e.dateLabel}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <>
          <h3 id="add-exception-heading">Add or change a date</h3>
          <ErrorSummary errors={errors} />
          <Form
            method="post"
            action={`/staff/practitioners/${d.practitioner.id}`}
            noValidate
            className="stack narrow-block"
            aria-labelledby="add-exception-heading"
          >
            <input type="hidden" name="intent" value="exception" />
            <TextField
              name="date"
              label="Date"
              type="date"
              value={v?.date}
              error={errors.date}
              hint="An existing entry for the same date is replaced."
              required
            />
            <fieldset>
              <legend>On this date</legend>
              <div className="field">
                <label className="check-label">
                  <input type="radio" name="mode" value="closed" defaultChecked={mode === "closed"} className="check-input" />
                  Closed all day
                </label>
                <label className="check-label">
                  <input type="radio" name="mode" value="hours" defaultChecked={mode === "hours"} className="check-input" />
                  Working these hours (HH:MM; ignored when closed):
                </label>
              </div>
              {rows.map((r, i) => (
                <IntervalInputs key={i} prefix="intervals" index={i} context="exception" start={r.start} end={r.end} errors={errors} />
              ))}
            </fieldset>
            <TextField name="note" label="Note" value={v?.note} error={errors.note} hint="For staff, like “Statutory holiday”." />
            <button type="submit" className="button primary">
              Save date exception
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
