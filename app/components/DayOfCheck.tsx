// The day-of check on a treatment appointment: what changed since the intake.
// The engine runs again as of today; a new deferral blocks the session and
// the practitioner is offered to move the appointment.
import { Form, Link } from "react-router";
import { ErrorText, FieldFrame } from "./ContactFields.tsx";
import { DAY_OF_SKIN } from "../../src/screening/day-of.ts";
import { PROCEDURES } from "../../src/screening/types.ts";

// Every procedure the engine knows has words here: the compiler refuses a new one without them.
const PROCEDURE_TEXT: Record<(typeof PROCEDURES)[number], string> = {
  "chemical-peel": "Chemical peel",
  laser: "Laser",
  ipl: "IPL",
  neurotoxin: "Anti-wrinkle injections",
  "dermal-filler": "Dermal filler",
  microneedling: "Microneedling",
  "radiation-therapy": "Radiation therapy",
  "facial-surgery": "Surgery",
  trauma: "An injury",
  waxing: "Waxing",
  electrolysis: "Electrolysis",
  depilatory: "Hair-removal cream",
  "permanent-filler": "Permanent filler",
  threads: "Threads",
};

export interface DayOfOutcome {
  allowed: boolean;
  outcome: string;
  earliest: string | null;
  reasons: { ruleId: string; outcome: string; until: string | null; staffNote: string }[];
}

const yesNo = (name: string, legend: string) => (
  <fieldset className="field inline-choice">
    <legend>{legend}</legend>
    <label className="choice">
      <input type="radio" name={name} value="no" defaultChecked /> No
    </label>
    <label className="choice">
      <input type="radio" name={name} value="yes" /> Yes
    </label>
  </fieldset>
);

/** A date typed as YYYY-MM-DD, `field-${name}`, linked to its error. */
const dateInput = (name: string, errors: Record<string, string>) => (
  <input
    id={`field-${name}`}
    name={name}
    inputMode="numeric"
    aria-invalid={errors[name] ? true : undefined}
    aria-describedby={errors[name] ? `field-${name}-error` : undefined}
  />
);

export function DayOfCheck({
  state,
  self,
  outcome,
  errors,
  canMove,
}: {
  state: "open" | "not-today";
  self: string;
  outcome: DayOfOutcome | null;
  errors: Record<string, string>;
  canMove: boolean;
}) {
  return (
    <section aria-labelledby="day-of-heading" className="day-of">
      <h2 id="day-of-heading">Day-of check</h2>
      {outcome ? (
        outcome.allowed ? (
          <div className="success" role="status">
            <p>
              <strong>Cleared to start.</strong> Nothing that changed since the intake stands in the way today.
              {outcome.reasons.length ? " Precautions still apply — see the client's chart." : ""}
            </p>
          </div>
        ) : (
          <div className="alert" role="alert">
            <p>
              <strong>Do not start this session.</strong>{" "}
              {outcome.earliest
                ? `Treatment is possible from ${outcome.earliest}.`
                : "Treatment waits until the condition has resolved or been reviewed."}
            </p>
            <ul>
              {outcome.reasons.map((r) => (
                <li key={r.ruleId}>
                  <code>{r.ruleId}</code>: {r.staffNote}
                </li>
              ))}
            </ul>
            {canMove ? (
              <p>
                <Link to={`${self}?move=1`}>Move the appointment</Link>
              </p>
            ) : (
              <p>Ask the front desk to move the appointment.</p>
            )}
          </div>
        )
      ) : null}
      {state === "not-today" ? (
        <p className="muted">The day-of check opens on the day of the appointment.</p>
      ) : (
        <Form method="post" action={`${self}#day-of-heading`} className="stack" noValidate>
          <input type="hidden" name="intent" value="day-of" />
          {errors.form ? (
            <p className="field-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <p>Ask the client what has changed since they filled in the intake, and look at the skin.</p>
          <fieldset className="field">
            <legend>Today, the client has</legend>
            {DAY_OF_SKIN.map((s) => (
              <label key={s.value} className="choice">
                <input type="checkbox" name="skin" value={s.value} /> {s.label}
              </label>
            ))}
          </fieldset>
          {yesNo("pregnant", "Pregnant now?")}
          {yesNo("breastfeeding", "Breastfeeding now?")}
          {yesNo("isotretinoin", "Started isotretinoin (Accutane, Epuris, Clarus)?")}
          {yesNo("anticoagulant", "Started a blood thinner?")}
          {yesNo("immunosuppressant", "Started a medicine that lowers immunity?")}
          <FieldFrame
            id="field-topicalRetinoidLastUsed"
            label={
              <>
                Retinoid cream used since the intake: last day used <span className="optional">(optional, YYYY-MM-DD)</span>
              </>
            }
            error={errors.topicalRetinoidLastUsed}
          >
            {dateInput("topicalRetinoidLastUsed", errors)}
          </FieldFrame>
          <fieldset className={`field${errors.procedureType || errors.procedureDate ? " has-error" : ""}`}>
            <legend>A skin procedure since the intake</legend>
            <ErrorText id="field-procedureType" error={errors.procedureType} />
            <ErrorText id="field-procedureDate" error={errors.procedureDate} />
            <label htmlFor="field-procedureType">Procedure</label>
            <select
              id="field-procedureType"
              name="procedureType"
              defaultValue=""
              aria-invalid={errors.procedureType ? true : undefined}
              aria-describedby={errors.procedureType ? "field-procedureType-error" : undefined}
            >
              <option value="">None</option>
              {PROCEDURES.map((p) => (
                <option key={p} value={p}>
                  {PROCEDURE_TEXT[p] ?? p}
                </option>
              ))}
            </select>
            <label htmlFor="field-procedureDate">Date (YYYY-MM-DD)</label>
            {dateInput("procedureDate", errors)}
          </fieldset>
          <div className="field">
            <label htmlFor="field-newMedicationNote">
              Any other new medicine or supplement <span className="optional">(optional)</span>
            </label>
            <textarea id="field-newMedicationNote" name="newMedicationNote" rows={2} />
          </div>
          <button type="submit" className="button primary">
            Run the check
          </button>
        </Form>
      )}
    </section>
  );
}
