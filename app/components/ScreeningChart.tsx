// The screening part of a client's chart (staff): the latest screening open,
// earlier ones folded; each reason with what the client was told, the
// rationale and the sources; reviews; and the review form for practitioners.
import { Form } from "react-router";
import { FieldFrame } from "./ContactFields.tsx";
import type { ChartScreening } from "../lib/screening-chart.server.ts";

export function ScreeningChart({
  screenings,
  self,
  canReview,
  canClearNotSuitable = false,
  errors,
  values,
}: {
  screenings: ChartScreening[];
  self: string;
  canReview: boolean;
  /** The owner or the medical director (decision 0021): may clear a "not suitable" screening. */
  canClearNotSuitable?: boolean;
  errors: Record<string, string>;
  values?: Record<string, string>;
}) {
  return (
    <section aria-labelledby="screening-heading" className="screening-chart">
      <h3 id="screening-heading">Screening</h3>
      {screenings.length === 0 ? (
        <p className="notice">No screening yet. The client fills in the intake questionnaire in their account before a treatment.</p>
      ) : (
        screenings.map((s, i) => (
          <details key={s.id} open={i === 0} className="screening">
            <summary>
              <span className={`outcome outcome-${s.outcome ?? "unknown"}`}>{s.outcomeText}</span> — {s.heading}
            </summary>
            {s.damaged ? (
              <p className="alert" role="alert">
                This screening could not be decrypted: it has been altered or damaged, so it is not shown. Tell the clinic&apos;s owner.
              </p>
            ) : (
              <>
                <p>
                  {s.earliest ? `Earliest treatment date: ${s.earliest}. ` : ""}
                  {s.awaitingResolution ? "Waiting for a condition to resolve. " : ""}
                  <span className="small muted">Rules version {s.rulesVersion}.</span>
                </p>
                {s.reasons.length === 0 ? (
                  <p>No rule fired.</p>
                ) : (
                  <ol className="reason-list">
                    {s.reasons.map((r) => (
                      <li key={r.ruleId} className="reason">
                        <p>
                          <strong>{r.outcomeText}</strong> · <code>{r.ruleId}</code>
                          {r.until ? ` · until ${r.until}` : ""}
                        </p>
                        <p>
                          <span className="small muted">Rationale: </span>
                          {r.staffNote}
                        </p>
                        <p>
                          <span className="small muted">The client was told: </span>
                          {r.clientMessage}
                        </p>
                        <p className="small">
                          Sources:{" "}
                          {r.sources.map((c, n) => (
                            <span key={c.key}>
                              {n > 0 ? "; " : ""}
                              <span className="muted">[{c.key}]</span> {c.text}
                            </span>
                          ))}
                        </p>
                      </li>
                    ))}
                  </ol>
                )}
                <details className="small">
                  <summary>Answers</summary>
                  <dl className="answer-list">
                    {s.answers.map((a) => (
                      <div key={a.label}>
                        <dt>{a.label}</dt>
                        <dd>{a.value}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
                {s.response.length ? (
                  <details className="small">
                    <summary>The intake questionnaire, answer by answer</summary>
                    {s.response.map((section) => (
                      <div key={section.title}>
                        <h4>{section.title}</h4>
                        <dl className="answer-list">
                          {section.lines.map((l, n) => (
                            <div key={n}>
                              <dt>{l.question}</dt>
                              <dd>{l.answer || "—"}</dd>
                            </div>
                          ))}
                        </dl>
                      </div>
                    ))}
                  </details>
                ) : null}
                {s.reviews.length ? (
                  <ul className="review-list">
                    {s.reviews.map((v, n) => (
                      <li key={n}>
                        <strong>{v.decision === "cleared" ? "Cleared" : "Not cleared"}</strong> by {v.by}, {v.when}:{" "}
                        {v.note ?? "(unreadable)"}
                        {v.clearance ? <p className="muted">{v.clearance}</p> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {i === 0 &&
                (canReview || (canClearNotSuitable && s.outcome === "not-suitable")) &&
                (s.outcome === "needs-review" || s.outcome === "not-suitable") ? (
                  <ReviewForm
                    self={self}
                    screeningId={s.id}
                    errors={errors}
                    values={values}
                    physician={s.needsPhysicianClearance ? { canClear: canClearNotSuitable, prescriber: s.needsPrescriber } : null}
                  />
                ) : null}
              </>
            )}
          </details>
        ))
      )}
    </section>
  );
}

function ReviewForm({
  self,
  screeningId,
  errors,
  values,
  physician,
}: {
  self: string;
  screeningId: string;
  errors: Record<string, string>;
  values?: Record<string, string>;
  /** Set for a "not suitable" screening: the physician's written clearance is asked for (and who may give it). */
  physician: { canClear: boolean; prescriber: boolean } | null;
}) {
  const text = (name: string, label: string, hint?: string, type = "text") => (
    <FieldFrame id={`field-review-${name}`} label={label} hint={hint} error={errors[name]}>
      <input
        id={`field-review-${name}`}
        name={name}
        type={type}
        defaultValue={values?.[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={
          [errors[name] ? `field-review-${name}-error` : "", hint ? `field-review-${name}-hint` : ""].join(" ").trim() || undefined
        }
      />
    </FieldFrame>
  );
  const longText = (name: string, label: string) => (
    <FieldFrame id={`field-review-${name}`} label={label} error={errors[name]}>
      <textarea
        id={`field-review-${name}`}
        name={name}
        rows={3}
        defaultValue={values?.[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `field-review-${name}-error` : undefined}
      />
    </FieldFrame>
  );
  return (
    <Form method="post" action={`${self}#screening-heading`} className="stack no-print" noValidate>
      <input type="hidden" name="intent" value="review-screening" />
      <input type="hidden" name="screeningId" value={screeningId} />
      <fieldset className={`field${errors.decision ? " has-error" : ""}`}>
        <legend>Your review</legend>
        {errors.decision ? <p className="field-error">{errors.decision}</p> : null}
        <label className="choice">
          <input type="radio" name="decision" value="cleared" defaultChecked={values?.decision === "cleared"} /> Cleared for treatment
        </label>
        <label className="choice">
          <input type="radio" name="decision" value="not-cleared" defaultChecked={values?.decision === "not-cleared"} /> Not cleared
        </label>
      </fieldset>
      {longText("note", "Reason, and what the physician said")}
      {physician && !physician.canClear ? (
        <p className="notice">
          This screening is “not suitable”: only the owner or the clinic's medical director can clear it, with the physician's written
          clearance. You can record “not cleared”.
        </p>
      ) : null}
      {physician?.canClear ? (
        <fieldset className="stack">
          <legend>The physician's written clearance (needed to clear)</legend>
          {text("physicianName", "Physician's name")}
          {text("letterDate", "Date of the clearance letter", undefined, "date")}
          {longText("letterSays", "What the letter says")}
          {physician.prescriber || errors.prescriberName
            ? text(
                "prescriberName",
                "Prescriber",
                "Who prescribes the blood thinner or manages the bleeding disorder (may be the physician above).",
              )
            : null}
        </fieldset>
      ) : null}
      <button type="submit" className="button primary">
        Record the review
      </button>
    </Form>
  );
}
