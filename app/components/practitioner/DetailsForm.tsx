import { Form } from "react-router";
import { ErrorSummary, TextField } from "../ContactFields.tsx";
import { FrenchTextField } from "../FrenchTextField.tsx";
import type { PractitionerFormResult, PractitionerPageData } from "./types.ts";

/** Name, titles, whether clients can book them, and their place in lists. */
export function DetailsForm({ d, result }: { d: PractitionerPageData; result: PractitionerFormResult }) {
  const mine = result?.intent === "details" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate className="stack narrow-block">
        <input type="hidden" name="intent" value="details" />
        <TextField name="name" label="Name" value={v?.name ?? d.practitioner.name} error={errors.name} autoComplete="off" required />
        <TextField
          name="title"
          label="Title"
          value={v?.title ?? d.practitioner.title}
          error={errors.title}
          hint="Shown to clients, like “Skin therapist”."
        />
        <FrenchTextField name="titleFr" label="Title in French" value={v?.titleFr ?? d.practitioner.titleFr} error={errors.titleFr} />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="active"
              defaultChecked={v ? v.active === "on" : d.practitioner.active}
              className="check-input inline-check"
            />
            Active: clients can book them
          </label>
          <p className="hint">Untick when someone leaves. Their past appointments stay; booked future ones are not cancelled.</p>
        </div>
        <TextField
          name="sortOrder"
          label="Order in lists"
          inputMode="numeric"
          value={v?.sortOrder ?? String(d.practitioner.sortOrder)}
          error={errors.sortOrder}
          hint="Lower numbers come first."
          required
        />
        <button type="submit" className="button primary">
          Save details
        </button>
      </Form>
    </section>
  );
}
