import { Form } from "react-router";
import { ErrorSummary, TextField } from "../ContactFields.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** Time off: the list, and the form to add some. */
export function TimeOffSection({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  const mine = result?.intent === "timeoff" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  return (
    <section aria-labelledby="timeoff-heading" className="staff-section">
      <h2 id="timeoff-heading">Time off</h2>
      <p className="muted">Vacation, appointments, training: no bookings between the start and the end. Times are local to {d.timeZone}.</p>
      {d.timeOff.length === 0 ? (
        <p>No time off from the last 30 days on.</p>
      ) : (
        <ul className="service-list">
          {d.timeOff.map((t) => (
            <li key={t.id} className="service-card">
              <div>
                <p>
                  <strong>{t.from}</strong> to <strong>{t.to}</strong>
                </p>
                {t.reason ? <p className="muted small">{t.reason}</p> : null}
              </div>
              {d.canEdit ? (
                <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`}>
                  <input type="hidden" name="intent" value="delete-timeoff" />
                  <input type="hidden" name="timeOffId" value={t.id} />
                  <button type="submit" className="button small secondary">
                    Remove<span className="visually-hidden"> time off from {t.from}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <>
          <h3 id="add-timeoff-heading">Add time off</h3>
          <ErrorSummary errors={errors} />
          <Form
            method="post"
            action={`/staff/practitioners/${d.practitioner.id}`}
            noValidate
            className="stack narrow-block"
            aria-labelledby="add-timeoff-heading"
          >
            <input type="hidden" name="intent" value="timeoff" />
            <TextField
              name="start"
              label="From"
              type="datetime-local"
              value={v?.start}
              error={errors.start}
              hint="Date and time, like 2027-07-05 09:00."
              required
            />
            <TextField
              name="end"
              label="Until"
              type="datetime-local"
              value={v?.end}
              error={errors.end}
              hint="When they are back."
              required
            />
            <TextField name="reason" label="Reason" value={v?.reason} error={errors.reason} hint="For staff only." />
            <button type="submit" className="button primary">
              Save time off
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
