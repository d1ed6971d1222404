import { Form, Link } from "react-router";
import { ErrorSummary } from "../ContactFields.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** The services clients can book this practitioner for. */
export function ServicesForm({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  const mine = result?.intent === "services" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const chosen = new Set(mine ? mine.serviceIds : d.serviceIds);
  return (
    <section aria-labelledby="services-heading" className="staff-section">
      <h2 id="services-heading">Services offered</h2>
      <ErrorSummary errors={errors} />
      {d.services.length === 0 ? (
        <p className="notice">
          The clinic has no services yet. <Link to="/staff/services/new">Add a service</Link>.
        </p>
      ) : (
        <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate>
          <input type="hidden" name="intent" value="services" />
          <fieldset aria-describedby={errors.serviceIds ? "field-serviceIds-error" : undefined} id="field-serviceIds">
            <legend>Clients can book {d.practitioner.name} for</legend>
            {errors.serviceIds ? (
              <p className="field-error" id="field-serviceIds-error">
                {errors.serviceIds}
              </p>
            ) : null}
            {d.services.map((s) => (
              <div key={s.id} className="field check-field">
                <label className="check-label">
                  <input type="checkbox" name="serviceIds" value={s.id} defaultChecked={chosen.has(s.id)} className="check-input" />
                  {s.name}
                  {s.active ? null : <span className="muted">&nbsp;(inactive service)</span>}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button primary">
            Save services
          </button>
        </Form>
      )}
    </section>
  );
}
