import { Link } from "react-router";
import { TextField } from "../ContactFields.tsx";
import { EntriesSection } from "./EntriesSection.tsx";
import type { BookedAppointment, PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** The booked appointments inside a time off, each a link to its page: when, client, service. */
export function BookedInside({ items }: { items: BookedAppointment[] }) {
  return (
    <ul className="booked-inside">
      {items.map((b) => (
        <li key={b.id}>
          <Link to={`/staff/appointments/${b.id}`}>
            {b.when}: {b.client}, {b.service}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Time off: the list, and the form to add some. */
export function TimeOffSection({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  return (
    <EntriesSection
      d={d}
      id="timeoff"
      heading="Time off"
      intro={<>Vacation, appointments, training: no bookings between the start and the end. Times are local to {d.timeZone}.</>}
      empty="No time off from the last 30 days on."
      entries={d.timeOff}
      entry={(t) => (
        <>
          <p>
            <strong>{t.from}</strong> to <strong>{t.to}</strong>
          </p>
          {t.reason ? <p className="muted small">{t.reason}</p> : null}
          {t.bookedInside.length ? (
            <>
              <p className="booked-inside-heading">
                {t.bookedInside.length === 1 ? (
                  <>
                    <strong>1 booked appointment inside it</strong> — time off does not cancel it:
                  </>
                ) : (
                  <>
                    <strong>{t.bookedInside.length} booked appointments inside it</strong> — time off does not cancel them:
                  </>
                )}
              </p>
              <BookedInside items={t.bookedInside} />
            </>
          ) : null}
          <p className="small">
            <Link to={t.calendarHref}>
              On the calendar<span className="visually-hidden"> from {t.from}</span>
            </Link>
          </p>
        </>
      )}
      remove={{ intent: "delete-timeoff", idName: "timeOffId", label: (t) => <> time off from {t.from}</> }}
      add={{ intent: "timeoff", heading: "Add time off", submit: "Save time off" }}
      result={result}
    >
      {(errors, v) => (
        <>
          <TextField
            name="start"
            label="From"
            type="datetime-local"
            value={v?.start}
            error={errors.start}
            hint="Date and time, like 2027-07-05 09:00."
            required
          />
          <TextField name="end" label="Until" type="datetime-local" value={v?.end} error={errors.end} hint="When they are back." required />
          <TextField name="reason" label="Reason" value={v?.reason} error={errors.reason} hint="For staff only." />
        </>
      )}
    </EntriesSection>
  );
}
