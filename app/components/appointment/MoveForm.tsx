import { Link } from "react-router";
import type { SlotPickerData } from "../../lib/slot-picker.server.ts";
import { PractitionerFilter, SlotPicker } from "../SlotPicker.tsx";

/** Moving: the free times with the chosen practitioner; the current time stays booked until a new one is taken. */
export function MoveForm({
  self,
  practitioners,
  chosenPractitioner,
  picker,
}: {
  self: string;
  practitioners: { id: string; name: string }[];
  chosenPractitioner: string;
  /** Null when the service is no longer offered. */
  picker: SlotPickerData | null;
}) {
  return (
    <section aria-labelledby="move-heading">
      <h2 id="move-heading">Move to a new time</h2>
      <p>The current time stays booked until a new one is taken. The client gets an e-mail with the new time.</p>
      <PractitionerFilter practitioners={practitioners} value={chosenPractitioner} action={self} hidden={{ move: "1" }} />
      {picker ? (
        <SlotPicker
          data={picker}
          intent="move"
          hidden={{ practitionerId: chosenPractitioner }}
          hrefFor={(p) => {
            const q = new URLSearchParams({ move: "1", practitioner: chosenPractitioner });
            if (p.week) q.set("week", p.week);
            if (p.date) q.set("date", p.date);
            return `${self}?${q.toString()}`;
          }}
        />
      ) : (
        <p className="notice">This service is no longer offered, so the appointment cannot be moved here.</p>
      )}
      <p>
        <Link to={self}>Keep the current time</Link>
      </p>
    </section>
  );
}
