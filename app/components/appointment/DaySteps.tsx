import { Form } from "react-router";
import type { DayStep } from "../../../src/scheduling/appointment-day.ts";

export interface DayStepsView {
  /** Where the appointment stands, in words ("Checked in at 9:52 a.m."). */
  stateText: string;
  /** What happened so far today, in order. */
  times: { label: string; at: string }[];
  /** The steps this staff member may take now, with their button words. */
  steps: { step: DayStep; label: string }[];
  /** Why a step someone might expect is not offered (a treatment waits for its day-of check), or null. */
  note: string | null;
  /** "Today", or the appointment's date when it was another day. */
  heading?: string;
  /** A treatment: where the client's consent to microneedling stands, in words; null for a consultation. */
  consent?: {
    text: string;
    ok: boolean;
    /** Offered when the consent is missing, to staff who may act on the appointment's day: the tablet goes to the client. */
    handover?: { clientName: string } | null;
  } | null;
}

/**
 * The appointment's day: its state, the times kept, and a button for each
 * step the signed-in staff member may take now (each a form of its own, so
 * it works without JavaScript).
 */
export function DaySteps({ day, self, error }: { day: DayStepsView; self: string; error: string | null }) {
  return (
    <section aria-labelledby="day-heading" className="day-steps">
      <h2 id="day-heading">{day.heading ?? "Today"}</h2>
      <p role="status">{day.stateText}</p>
      {day.consent ? <p className={day.consent.ok ? "muted" : "alert"}>{day.consent.text}</p> : null}
      {day.consent?.handover ? (
        // A whole page load: the staff pages' state stays behind when the tablet changes hands.
        <Form method="post" action={self} reloadDocument className="desk-handover">
          <input type="hidden" name="intent" value="desk-handover" />
          <p className="muted" id="desk-handover-hint">
            Signs you out on this device. The client signs on the next page; you sign in again to continue.
          </p>
          <button type="submit" className="button secondary" aria-describedby="desk-handover-hint">
            Hand the tablet to {day.consent.handover.clientName} to sign
          </button>
        </Form>
      ) : null}
      {day.times.length > 0 ? (
        <dl className="summary-card details">
          {day.times.map((t) => (
            <div key={t.label}>
              <dt>{t.label}</dt>
              <dd>{t.at}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {error ? (
        <div className="alert" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {day.steps.length > 0 ? (
        <div className="actions">
          {day.steps.map(({ step, label }) => (
            <Form method="post" action={self} key={step}>
              <input type="hidden" name="intent" value="day-step" />
              <input type="hidden" name="step" value={step} />
              <button type="submit" className={`button${step === "undo" || step === "no-show" ? " secondary" : ""}`}>
                {label}
              </button>
            </Form>
          ))}
        </div>
      ) : null}
      {day.note ? <p className="muted">{day.note}</p> : null}
    </section>
  );
}
