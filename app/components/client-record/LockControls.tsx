import { Form } from "react-router";
import { ErrorSummary } from "../ContactFields.tsx";

/** What the page's action answered; the lock forms show the errors of their own intent only. */
export interface LockFormResult {
  intent: string;
  errors: Record<string, string>;
}

/** The client's consent directive: lock the health record to named staff, change the lock, or remove it. */
export function LockControls({
  self,
  locked,
  candidates,
  current,
  result,
}: {
  self: string;
  locked: boolean;
  candidates: { userId: string; name: string; role: string }[];
  current: string[];
  result: LockFormResult | undefined;
}) {
  const lockErrors = result?.intent === "lock" ? result.errors : {};
  const unlockErrors = result?.intent === "unlock" ? result.errors : {};
  return (
    <section aria-labelledby="lock-heading" className="no-print lock-controls">
      <h3 id="lock-heading">{locked ? "Change or remove the lock" : "Lock the record (client's consent directive)"}</h3>
      <p className="muted small">
        A client may ask that only named staff see their health record. Record it here only at the client's request; the lock and every
        change to it are audited and shown to the client.
      </p>
      <ErrorSummary errors={lockErrors} />
      <Form method="post" action={`${self}#health`} noValidate className="stack">
        <input type="hidden" name="intent" value="lock" />
        <fieldset
          className={`settings-fieldset${lockErrors.allowed ? " has-error" : ""}`}
          id="field-allowed"
          aria-describedby={lockErrors.allowed ? "field-allowed-error" : undefined}
        >
          <legend>Who may open the record</legend>
          {lockErrors.allowed ? (
            <p className="field-error" id="field-allowed-error">
              {lockErrors.allowed}
            </p>
          ) : null}
          {candidates.map((c) => (
            <div className="check-field" key={c.userId}>
              <label className="check-label" htmlFor={`allowed-${c.userId}`}>
                <input
                  className="check-input"
                  type="checkbox"
                  id={`allowed-${c.userId}`}
                  name="allowed"
                  value={c.userId}
                  defaultChecked={current.includes(c.userId)}
                />
                {c.name}&nbsp;<span className="muted">({c.role})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <ClientRequested id="lock-requested" error={lockErrors.clientRequested} />
        <button type="submit" className="button primary">
          {locked ? "Save the lock" : "Lock the record"}
        </button>
      </Form>
      {locked ? (
        <Form method="post" action={`${self}#health`} noValidate className="stack unlock-form">
          <input type="hidden" name="intent" value="unlock" />
          <ErrorSummary errors={unlockErrors} />
          <ClientRequested id="unlock-requested" error={unlockErrors.clientRequested} />
          <button type="submit" className="button secondary">
            Remove the lock
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function ClientRequested({ id, error }: { id: string; error?: string }) {
  // The error summary links to #field-clientRequested; both forms never show an error at once.
  const fieldId = error ? "field-clientRequested" : id;
  return (
    <div className={`field check-field${error ? " has-error" : ""}`}>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {error}
        </p>
      ) : null}
      <label className="check-label" htmlFor={fieldId}>
        <input
          className="check-input"
          type="checkbox"
          id={fieldId}
          name="clientRequested"
          value="yes"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
        The client asked for this
      </label>
    </div>
  );
}
