import { TextField } from "../ContactFields.tsx";
import { EntriesSection } from "./EntriesSection.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

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
