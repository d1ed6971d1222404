import { Form } from "react-router";
import type { AppointmentView } from "./types.ts";

/** Details typed at booking that differ from the client's record: kept on the booking until staff adopt or dismiss them. */
export function TypedDetailsForm({
  typed,
  self,
  canEdit,
}: {
  typed: NonNullable<AppointmentView["typed"]>;
  self: string;
  canEdit: boolean;
}) {
  return (
    <section aria-labelledby="typed-heading" className="summary-card">
      <h3 id="typed-heading">Details typed at booking</h3>
      <p className="small">
        Whoever booked typed details that differ from the client's record. They were kept on this booking only; adopt the ones you have
        checked with the client.
      </p>
      <Form method="post" action={self} className="stack">
        <input type="hidden" name="intent" value="adopt-details" />
        <fieldset>
          <legend className="visually-hidden">Details to adopt</legend>
          {(
            [
              ["name", "Name", typed.name],
              ["phone", "Phone", typed.phone],
              ["locale", "Language", typed.locale === null ? null : typed.locale === "fr" ? "French" : "English"],
            ] as const
          ).map(([field, label, value]) =>
            value ? (
              <div className="check-field" key={field}>
                <label className="check-label" htmlFor={`adopt-${field}`}>
                  <input className="check-input" type="checkbox" id={`adopt-${field}`} name="adopt" value={field} />
                  {label}: {value}
                </label>
              </div>
            ) : null,
          )}
        </fieldset>
        {canEdit ? (
          <button type="submit" className="button">
            Adopt the ticked details and dismiss the rest
          </button>
        ) : null}
      </Form>
    </section>
  );
}
