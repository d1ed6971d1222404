// The public self-check "Am I a candidate?" (docs/self-check.md). One question
// per screen, every screen a POST to /candidate carrying all answers so far in
// hidden fields: nothing is stored, logged, put in the address or in a cookie.
// The last screen runs the screening engine on the server and offers to carry
// the answers into a consultation booking (/candidate/book).
import { Temporal } from "temporal-polyfill";
import { data, useActionData, useLoaderData, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/candidate";
import { loadClinicRules } from "../../src/screening/clinic-rules.ts";
import { screen } from "../../src/screening/engine.ts";
import { parseIntake } from "../../src/screening/schema.ts";
import type { Outcome, ReasonOutcome } from "../../src/screening/types.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDateLong } from "../lib/format.ts";
import {
  describeAnswer,
  fieldNames,
  findStep,
  firstFieldKey,
  move,
  readAnswers,
  readGo,
  stepForIntakeField,
  stepsFor,
  toIntake,
  valuesOf,
  type Answers,
  type Choice,
  type DateQuestion,
  type Errors,
  type Step,
} from "../lib/self-check.ts";

export const handle = { hydrate: false };

// Pages carrying answers are not kept by the browser: on a shared device, the
// browser's own Back button after leaving shows nothing of them.
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ context }: Route.LoaderArgs) {
  const { clinic } = await publicClinic(context);
  return { clinicName: clinic.name, phone: clinic.location.phone };
}

type StepView = {
  kind: "step";
  stepId: string;
  number: number;
  total: number;
  answers: Answers;
  errors: Errors;
  review: boolean;
};

type ReasonView = { ruleId: string; outcome: ReasonOutcome; message: string; until: string | null };

type ResultView = {
  kind: "result";
  answers: Answers;
  outcome: Outcome;
  /** Formatted, e.g. "Tuesday, August 10, 2027"; null when there is no date. */
  earliest: string | null;
  today: string;
  awaitingResolution: boolean;
  reasons: ReasonView[];
  summary: { stepId: string; topic: string; answer: string }[];
  /** The Intake that was screened, as sent on to the booking. */
  intakeJson: string;
};

type View = StepView | ResultView;

function stepView(step: Step, answers: Answers, errors: Errors, review: boolean): StepView {
  const steps = stepsFor(answers);
  return {
    kind: "step",
    stepId: step.id,
    number: steps.findIndex((s) => s.id === step.id) + 1,
    total: steps.length,
    answers,
    errors,
    review,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, clinic } = await publicClinic(context);
  const todayIso = todayIn(clinic.location.timeZone, services.now());
  const today = Temporal.PlainDate.from(todayIso);
  const form = await request.formData();
  const answers = readAnswers(form);
  const next = move({
    answers,
    stepId: String(form.get("step") ?? "") || null,
    go: readGo(form),
    review: form.get("review") === "1",
    today,
  });
  if (next.kind === "step") {
    const failed = Object.keys(next.errors).length > 0;
    return data<View>(stepView(next.step, answers, next.errors, next.review), { status: failed ? 422 : 200 });
  }

  const intake = toIntake(answers, today);
  const parsed = parseIntake(intake, { today: todayIso });
  if (!parsed.ok) {
    // The steps accept only what the schema accepts; should they ever disagree, the person fixes the answer.
    const step = stepForIntakeField(parsed.errors[0]?.field ?? "", answers);
    return data<View>(stepView(step, answers, { [firstFieldKey(step)]: "Please check this answer." }, true), { status: 422 });
  }
  const rules = await loadClinicRules(services.db, clinic.organizationId);
  const result = screen(parsed.intake, rules);
  return data<View>({
    kind: "result",
    answers,
    outcome: result.outcome,
    earliest: result.earliestDate === null ? null : formatDateLong(result.earliestDate),
    today: formatDateLong(todayIso),
    awaitingResolution: result.awaitingResolution,
    reasons: result.reasons.map((r) => ({
      ruleId: r.ruleId,
      outcome: r.outcome,
      message: r.clientMessage,
      until: r.until === null ? null : formatDateLong(r.until),
    })),
    summary: stepsFor(answers).map((s) => ({ stepId: s.id, topic: s.answerLabel ?? s.topic, answer: describeAnswer(s, answers, today) })),
    intakeJson: JSON.stringify(intake),
  });
}

const TITLE = "Am I a candidate?";

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, "")}`;
}

export default function Candidate() {
  const { clinicName, phone } = useLoaderData<typeof loader>();
  const view = useActionData<typeof action>();
  if (!view) return <Intro clinicName={clinicName} />;
  if (view.kind === "step") return <StepPage view={view} clinicName={clinicName} />;
  return <ResultPage view={view} clinicName={clinicName} phone={phone} />;
}

function PrivacyNote() {
  return (
    <p className="muted small self-check-privacy">
      Your answers aren&rsquo;t saved. We keep them only if you choose to book a consultation.
    </p>
  );
}

function Intro({ clinicName }: { clinicName: string }) {
  return (
    <div className="page narrow self-check">
      <title>{`${TITLE} — ${clinicName}`}</title>
      <h1>Am I a candidate for microneedling?</h1>
      <p className="lead">
        Answer a few short questions about your skin, your health and any recent treatments. We&rsquo;ll tell you whether microneedling
        could suit you, and when you could start.
      </p>
      <ul>
        <li>It takes about two minutes.</li>
        <li>You see one question at a time, and you can go back to change an answer.</li>
        <li>
          Your answers aren&rsquo;t saved. We keep them only if you choose to book a consultation, so you won&rsquo;t have to answer again.
        </li>
      </ul>
      <p>This check is a guide, not a diagnosis. At your consultation, a practitioner goes through everything with you.</p>
      <form method="post" action="/candidate">
        <button type="submit" name="go" value="next" className="button primary">
          Start the check
        </button>
      </form>
    </div>
  );
}

/** Problems linked from the top of the page; it takes focus when the page loads, so screen readers read it first. */
function ErrorSummary({ errors }: { errors: Errors }) {
  const entries = Object.entries(errors);
  return (
    <div className="alert error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">Please check {entries.length === 1 ? "this answer" : "these answers"}</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li key={key}>
            <a href={`#field-${key}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function HiddenAnswers({ answers, except = [] }: { answers: Answers; except?: string[] }) {
  return (
    <>
      {Object.entries(answers)
        .filter(([name]) => !except.includes(name))
        .flatMap(([name, values]) => values.map((value, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={value} />))}
    </>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

const describedBy = (...ids: (string | null | undefined | false)[]) => ids.filter(Boolean).join(" ") || undefined;

function StepPage({ view, clinicName }: { view: StepView; clinicName: string }) {
  const step = findStep(view.stepId)!;
  const failed = Object.keys(view.errors).length > 0;
  return (
    <div className="page narrow self-check">
      <title>{`${failed ? "Error: " : ""}${step.topic} — ${TITLE} — ${clinicName}`}</title>
      {failed ? <ErrorSummary errors={view.errors} /> : null}
      <form method="post" action="/candidate" noValidate>
        <input type="hidden" name="step" value={step.id} />
        {view.review ? <input type="hidden" name="review" value="1" /> : null}
        <HiddenAnswers answers={view.answers} except={fieldNames(step)} />
        <QuestionFields step={step} view={view} focusHeading={!failed} />
        {/* Continue comes first: pressing Enter in a field submits with the first button. */}
        <div className="self-check-actions">
          <button type="submit" name="go" value="next" className="button primary">
            Continue
          </button>
          {view.number > 1 ? (
            <button type="submit" name="go" value="back" className="link-button">
              Back
            </button>
          ) : null}
        </div>
      </form>
      <PrivacyNote />
      <FollowUpScript />
    </div>
  );
}

/**
 * The one enhancement scripts bring: a follow-up question (the date of a last
 * dose, say) shows only once its choice is picked. Without JavaScript every
 * follow-up is visible, and the server ignores one whose choice is not picked.
 */
const FOLLOW_UP_SCRIPT =
  'document.querySelectorAll("[data-follow-up-of]").forEach(function(b){var i=document.getElementById(b.getAttribute("data-follow-up-of"));if(!i)return;' +
  'var s=function(){b.hidden=!i.checked&&!b.classList.contains("has-error")};' +
  'document.querySelectorAll("input[name=\\""+i.name+"\\"]").forEach(function(o){o.addEventListener("change",s)});s()})';

function FollowUpScript() {
  const nonce = useRouteLoaderData("root")?.nonce as string | undefined;
  return <script nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: FOLLOW_UP_SCRIPT }} />;
}

function QuestionFields({ step, view, focusHeading }: { step: Step; view: StepView; focusHeading: boolean }) {
  const q = step.question;
  const base = `q-${step.id}`;
  const ownError =
    q.kind === "date" ? Object.entries(view.errors).find(([key]) => key.startsWith(`${q.date.name}-`))?.[1] : view.errors[q.name];
  const hint = step.hint ?? (q.kind === "date" ? q.date.hint : undefined);
  const heading = (
    <legend className="self-check-legend">
      <h1 tabIndex={-1} autoFocus={focusHeading}>
        <span className="self-check-count">
          Question {view.number} of {view.total}
        </span>{" "}
        {step.legend}
      </h1>
    </legend>
  );
  return (
    <fieldset
      className={ownError ? "has-error" : undefined}
      aria-describedby={describedBy(hint && `${base}-hint`, ownError && `${base}-error`)}
    >
      {heading}
      {hint ? (
        <p className="hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${base}-error`} message={ownError} />
      {q.kind === "date" ? (
        <DateInputs date={q.date} answers={view.answers} invalid={Boolean(ownError)} />
      ) : (
        <div className="choices">
          {q.choices.map((choice, index) => (
            <ChoiceRow
              key={choice.value}
              kind={q.kind === "checkboxes" ? "checkbox" : "radio"}
              name={q.name}
              choice={choice}
              first={index === 0}
              checked={valuesOf(view.answers, q.name).includes(choice.value)}
              answers={view.answers}
              errors={view.errors}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}

function ChoiceRow(props: {
  kind: "checkbox" | "radio";
  name: string;
  choice: Choice;
  first: boolean;
  checked: boolean;
  answers: Answers;
  errors: Errors;
}) {
  const { choice } = props;
  // The first choice carries the field's id, so the error summary's link lands on it.
  const id = props.first ? `field-${props.name}` : `field-${props.name}-${choice.value}`;
  const followUp = choice.followUp;
  const followUpError = followUp ? Object.entries(props.errors).find(([key]) => key.startsWith(`${followUp.date.name}-`))?.[1] : undefined;
  const followUpBase = followUp ? `q-${followUp.date.name}` : "";
  return (
    <>
      {choice.exclusive ? <p className="choice-or">or</p> : null}
      <div className="choice">
        <input
          type={props.kind}
          id={id}
          name={props.name}
          value={choice.value}
          defaultChecked={props.checked}
          aria-describedby={choice.hint ? `${id}-hint` : undefined}
        />
        <div>
          <label htmlFor={id}>{choice.label}</label>
          {choice.hint ? (
            <p className="hint" id={`${id}-hint`}>
              {choice.hint}
            </p>
          ) : null}
        </div>
      </div>
      {followUp ? (
        <div className={`choice-follow-up${followUpError ? " has-error" : ""}`} data-follow-up-of={id}>
          <fieldset aria-describedby={describedBy(followUp.date.hint && `${followUpBase}-hint`, followUpError && `${followUpBase}-error`)}>
            <legend>{followUp.legend}</legend>
            {followUp.date.hint ? (
              <p className="hint" id={`${followUpBase}-hint`}>
                {followUp.date.hint}
              </p>
            ) : null}
            <FieldError id={`${followUpBase}-error`} message={followUpError} />
            <DateInputs date={followUp.date} answers={props.answers} invalid={Boolean(followUpError)} />
          </fieldset>
        </div>
      ) : null}
    </>
  );
}

const DATE_PARTS = [
  { part: "day", label: "Day", size: "short", autoComplete: "bday-day" },
  { part: "month", label: "Month", size: "short", autoComplete: "bday-month" },
  { part: "year", label: "Year", size: "long", autoComplete: "bday-year" },
] as const;

function DateInputs({ date, answers, invalid }: { date: DateQuestion; answers: Answers; invalid: boolean }) {
  return (
    <div className="date-inputs">
      {DATE_PARTS.map((p) => {
        const name = `${date.name}-${p.part}`;
        return (
          <div className={`date-part ${p.size}`} key={p.part}>
            <label htmlFor={`field-${name}`}>
              {p.label}
              {p.part === "day" && date.dayOptional ? <span className="optional"> (optional)</span> : null}
            </label>
            <input
              id={`field-${name}`}
              name={name}
              type="text"
              inputMode="numeric"
              defaultValue={valuesOf(answers, name)[0] ?? ""}
              autoComplete={date.autoComplete === "bday" ? p.autoComplete : "off"}
              aria-invalid={invalid ? true : undefined}
            />
          </div>
        );
      })}
    </div>
  );
}

// ---- the result ------------------------------------------------------------------

const REASON_GROUPS: { outcome: ReasonOutcome; heading: string }[] = [
  { outcome: "not-suitable", heading: "Why microneedling isn’t suitable" },
  { outcome: "needs-review", heading: "What we’d like to talk through with you" },
  { outcome: "deferred", heading: "Why it’s best to wait" },
  { outcome: "suitable-with-precautions", heading: "What we’ll take extra care with" },
];

function headline(view: ResultView): string {
  switch (view.outcome) {
    case "suitable":
      return "Microneedling looks like a good fit for you";
    case "suitable-with-precautions":
      return "Microneedling looks like a good fit for you, with a little extra care";
    case "deferred":
      return view.earliest && !view.awaitingResolution ? "It’s best to wait a little" : "It’s best to wait for now";
    case "needs-review":
      return "Let’s look at this together first";
    case "not-suitable":
      return "Microneedling isn’t the right choice for you";
  }
}

function Lead({ view }: { view: ResultView }) {
  switch (view.outcome) {
    case "suitable":
      return (
        <p className="lead">
          Nothing in your answers means you need to wait. You could be treated from today, {view.today}, once you&rsquo;ve had your
          consultation.
        </p>
      );
    case "suitable-with-precautions":
      return (
        <p className="lead">
          You could be treated from today, {view.today}, once you&rsquo;ve had your consultation. There are a few things we&rsquo;ll take
          care with, and they&rsquo;re explained below.
        </p>
      );
    case "deferred":
      if (view.earliest && !view.awaitingResolution) {
        return (
          <p className="lead">
            You can be treated from <strong className="self-check-date">{view.earliest}</strong>. You can still book your consultation now,
            so your plan is ready when the time comes.
          </p>
        );
      }
      if (view.earliest) {
        return (
          <p className="lead">
            The earliest you could be treated is <strong className="self-check-date">{view.earliest}</strong>, once what&rsquo;s described
            below has healed or passed. You can still book your consultation now.
          </p>
        );
      }
      return (
        <p className="lead">
          You can be treated once what&rsquo;s described below has healed or passed. You can still book your consultation now.
        </p>
      );
    case "needs-review":
      return (
        <p className="lead">
          Some of your answers mean we need to go through them with you at a consultation before we can say whether microneedling is right
          for you. We may also ask you to check with your doctor.
        </p>
      );
    case "not-suitable":
      return (
        <p className="lead">
          Based on your answers, microneedling wouldn&rsquo;t be safe for you. That isn&rsquo;t anything you&rsquo;ve done wrong: it&rsquo;s
          about keeping you well.
        </p>
      );
  }
}

function NextSteps({ view, phone }: { view: ResultView; phone: string }) {
  const call = <a href={telHref(phone)}>{phone}</a>;
  if (view.outcome === "not-suitable") {
    return (
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">What you can do</h2>
        <p>We suggest talking it over with your doctor, who knows your health best.</p>
        <p>
          If you have a question, or would like to hear about other treatments that could suit you, call us at {call}. We&rsquo;re happy to
          talk it through.
        </p>
      </section>
    );
  }
  const text: Record<Exclude<Outcome, "not-suitable">, string> = {
    suitable:
      "Book a consultation. A practitioner will look at your skin, talk about what you’d like to change and plan your treatments with you.",
    "suitable-with-precautions":
      "Book a consultation. A practitioner will look at your skin, go through the points above with you and plan your treatments around them.",
    deferred:
      view.earliest && !view.awaitingResolution
        ? "Book a consultation whenever suits you. We’ll plan your first treatment for when the wait is over."
        : "Book a consultation whenever suits you, or come back to this check once things have healed or passed: it only takes two minutes.",
    "needs-review":
      "Book a consultation so we can go through your answers together. If we’d like your doctor’s view, we’ll explain what to ask them.",
  };
  return (
    <section aria-labelledby="next-steps">
      <h2 id="next-steps">What to do next</h2>
      <p>{text[view.outcome]}</p>
      <form method="post" action="/candidate/book" className="self-check-book">
        <input type="hidden" name="answers" value={view.intakeJson} />
        <button type="submit" className="button primary">
          Book a consultation
        </button>
      </form>
      <p className="muted small">When you book, your answers go with your booking, so you won&rsquo;t have to give them again.</p>
      <p>Prefer to talk first? Call us at {call}.</p>
      {view.outcome === "deferred" && view.earliest && !view.awaitingResolution ? (
        <form method="post" action="/candidate/remind" className="stack self-check-remind" aria-labelledby="remind-heading">
          <h3 id="remind-heading">Tell me when I can book</h3>
          <p>We can send you one e-mail on {view.earliest} with a link to book. We keep only your address until then.</p>
          <input type="hidden" name="answers" value={view.intakeJson} />
          <div className="field">
            <label htmlFor="field-remind-email">Your e-mail</label>
            <input id="field-remind-email" name="email" type="email" autoComplete="email" />
          </div>
          <button type="submit" className="button secondary">
            E-mail me on that day
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ResultPage({ view, clinicName, phone }: { view: ResultView; clinicName: string; phone: string }) {
  const groups = REASON_GROUPS.filter((g) => view.outcome !== "not-suitable" || g.outcome === "not-suitable")
    .map((g) => ({ ...g, reasons: view.reasons.filter((r) => r.outcome === g.outcome) }))
    .filter((g) => g.reasons.length > 0);
  return (
    <div className="page narrow self-check self-check-result" data-outcome={view.outcome}>
      <title>{`Your result — ${TITLE} — ${clinicName}`}</title>
      <h1 tabIndex={-1} autoFocus>
        {headline(view)}
      </h1>
      <Lead view={view} />
      {groups.map((g) => (
        <section key={g.outcome} aria-labelledby={`reasons-${g.outcome}`}>
          <h2 id={`reasons-${g.outcome}`}>{g.heading}</h2>
          <ul className="self-check-reasons">
            {g.reasons.map((r) => (
              <li key={r.ruleId}>
                {r.message}
                {r.until ? <> You can be treated from {r.until}.</> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <NextSteps view={view} phone={phone} />
      <section aria-labelledby="your-answers">
        <h2 id="your-answers">Your answers</h2>
        <form method="post" action="/candidate">
          <input type="hidden" name="review" value="1" />
          <HiddenAnswers answers={view.answers} />
          <details className="self-check-answers">
            <summary>See your answers</summary>
            <dl>
              {view.summary.map((row) => (
                <div key={row.stepId}>
                  <dt>{row.topic}</dt>
                  <dd>{row.answer}</dd>
                  <dd>
                    <button type="submit" name="go" value={`change:${row.stepId}`} className="link-button">
                      Change<span className="visually-hidden"> {row.topic.toLowerCase()}</span>
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
          <button type="submit" name="go" value="restart" className="button secondary">
            Change my answers
          </button>
        </form>
      </section>
      <PrivacyNote />
      <p className="muted small">
        This check is a guide, not a diagnosis. At your consultation, your practitioner goes over everything with you and makes the final
        decision.
      </p>
    </div>
  );
}
