import { TextField } from "../ContactFields.tsx";
import { EntriesSection } from "./EntriesSection.tsx";
import { IntervalInputs, rowsFor, submittedRows } from "./IntervalInputs.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** Dates with other hours than usual, or closed: the list, and the form to add or change one. */
export function ExceptionsSection({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  return (
    <EntriesSection
      d={d}
      id="exceptions"
      heading="Date exceptions"
      intro="A date with other hours than usual, or closed all day (a holiday). It replaces the weekly hours for that date."
      empty="No date exceptions from the last 30 days on."
      entries={d.exceptions}
      entry={(e) => (
        <>
          <p className="summary-title">{e.dateLabel}</p>
          <p>{e.hours}</p>
          {e.note ? <p className="muted small">{e.note}</p> : null}
        </>
      )}
      remove={{ intent: "delete-exception", idName: "exceptionId", label: (e) => <> the exception on {e.dateLabel}</> }}
      add={{ intent: "exception", heading: "Add or change a date", submit: "Save date exception" }}
      result={result}
    >
      {(errors, v) => {
        const mode = v?.mode ?? "closed";
        const rows = rowsFor([], v ? submittedRows(v, "intervals") : null);
        return (
          <>
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
          </>
        );
      }}
    </EntriesSection>
  );
}
