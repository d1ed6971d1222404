// The public self-check "Am I a candidate?" (docs/self-check.md). One question
// per screen, every screen a POST to /candidate carrying all answers so far in
// hidden fields: nothing is stored, logged, put in the address or in a cookie.
// The last screen runs the screening engine on the server and offers to carry
// the answers into a consultation booking (/candidate/book).
import { Temporal } from "temporal-polyfill";
import type { ReactNode } from "react";
import { data, useActionData, useLoaderData, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/candidate";
import { loadClinicRules } from "../../src/screening/clinic-rules.ts";
import { screen } from "../../src/screening/engine.ts";
import { clientReasonText } from "../../src/screening/reasons-fr.ts";
import { parseIntake } from "../../src/screening/schema.ts";
import type { Outcome, ReasonOutcome } from "../../src/screening/types.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { translate, translator, type MessageKey } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { localeFromPath } from "../i18n/locales.ts";
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
  STEP_TEXT_PARAMS,
  stepsFor,
  toIntake,
  valuesOf,
  type Answers,
  type Choice,
  type DateQuestion,
  type Errors,
  type Step,
} from "../lib/self-check.ts";
import { readForm } from "../lib/form.ts";
import { resultHeadline } from "../components/intake/ResultPage.tsx";
import { ErrorSummary, HiddenValues } from "../components/intake/StepParts.tsx";

export const handle = { hydrate: false };

// The title is the component's: it names the question on screen, which only the action knows.
export const meta: Route.MetaFunction = ({ location }) => [
  { name: "description", content: translate(localeFromPath(location.pathname), "candidate.description") },
];

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

type ReasonView = {
  ruleId: string;
  outcome: ReasonOutcome;
  message: string;
  /** Set only when the message is not in the page's language (a rule with no wording in it). */
  lang: string | null;
  until: string | null;
};

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
  const locale = localeFromPath(new URL(request.url).pathname);
  const t = translator(locale);
  const todayIso = todayIn(clinic.location.timeZone, services.now());
  const today = Temporal.PlainDate.from(todayIso);
  const form = await readForm(request);
  const answers = readAnswers(form);
  const next = move({
    answers,
    stepId: String(form.get("step") ?? "") || null,
    go: readGo(form),
    review: form.get("review") === "1",
    today,
    t,
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
    return data<View>(stepView(step, answers, { [firstFieldKey(step)]: t("candidate.checkThisAnswer") }, true), { status: 422 });
  }
  const rules = await loadClinicRules(services.db, clinic.organizationId);
  const result = screen(parsed.intake, rules);
  return data<View>({
    kind: "result",
    answers,
    outcome: result.outcome,
    earliest: result.earliestDate === null ? null : formatDateLong(result.earliestDate, locale),
    today: formatDateLong(todayIso, locale),
    awaitingResolution: result.awaitingResolution,
    // Worded in the page's language by rule id; the engine's own `clientMessage` is the English one.
    reasons: result.reasons.map((r) => {
      const message = clientReasonText(r, rules, locale);
      return {
        ruleId: r.ruleId,
        outcome: r.outcome,
        message: message.text,
        lang: message.lang === locale ? null : message.lang,
        until: r.until === null ? null : formatDateLong(r.until, locale),
      };
    }),
    summary: stepsFor(answers).map((s) => ({
      stepId: s.id,
      topic: t(s.answerLabel ?? s.topic, STEP_TEXT_PARAMS),
      answer: describeAnswer(s, answers, today, t, locale),
    })),
    intakeJson: JSON.stringify(intake),
  });
}

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

/** "{page} — Am I a candidate? — {clinic}", in the page's language. */
function PageTitle({ page, clinicName, error = false }: { page?: string; clinicName: string; error?: boolean }) {
  const { t } = useT();
  const title = page ? t("candidate.pageTitle", { page, clinic: clinicName }) : `${t("candidate.title")} — ${clinicName}`;
  return <title>{error ? `${t("candidate.errorPrefix")} ${title}` : title}</title>;
}

function PrivacyNote() {
  const { t } = useT();
  return <p className="muted small self-check-privacy">{t("candidate.privacy")}</p>;
}

function Intro({ clinicName }: { clinicName: string }) {
  const { t, href } = useT();
  return (
    <div className="page narrow self-check">
      <PageTitle clinicName={clinicName} />
      <h1>{t("candidate.intro.heading")}</h1>
      <p className="lead">{t("candidate.intro.lead")}</p>
      <ul>
        <li>{t("candidate.intro.time")}</li>
        <li>{t("candidate.intro.oneAtATime")}</li>
        <li>{t("candidate.intro.notSaved")}</li>
      </ul>
      <p>{t("candidate.intro.guide")}</p>
      <form method="post" action={href("/candidate")}>
        <button type="submit" name="go" value="next" className="button primary">
          {t("candidate.intro.start")}
        </button>
      </form>
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const { t } = useT();
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">{t("candidate.errorPrefix")} </span>
      {message}
    </p>
  );
}

const describedBy = (...ids: (string | null | undefined | false)[]) => ids.filter(Boolean).join(" ") || undefined;

/** A step's text (topic, question, hint, choice) in the page's language. */
function useStepText(): (key: MessageKey) => string {
  const { t } = useT();
  return (key) => t(key, STEP_TEXT_PARAMS);
}

function StepPage({ view, clinicName }: { view: StepView; clinicName: string }) {
  const { t, href } = useT();
  const text = useStepText();
  const step = findStep(view.stepId)!;
  const failed = Object.keys(view.errors).length > 0;
  return (
    <div className="page narrow self-check">
      <PageTitle page={text(step.topic)} clinicName={clinicName} error={failed} />
      {failed ? <ErrorSummary errors={view.errors} one="candidate.checkAnswer" many="candidate.checkAnswers" /> : null}
      <form method="post" action={href("/candidate")} noValidate>
        <input type="hidden" name="step" value={step.id} />
        {view.review ? <input type="hidden" name="review" value="1" /> : null}
        <HiddenValues values={view.answers} except={new Set(fieldNames(step))} />
        <QuestionFields step={step} view={view} focusHeading={!failed} />
        {/* Continue comes first: pressing Enter in a field submits with the first button. */}
        <div className="self-check-actions">
          <button type="submit" name="go" value="next" className="button primary">
            {t("candidate.continue")}
          </button>
          {view.number > 1 ? (
            <button type="submit" name="go" value="back" className="link-button">
              {t("candidate.back")}
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
  const { t } = useT();
  const text = useStepText();
  const q = step.question;
  const base = `q-${step.id}`;
  const ownError =
    q.kind === "date" ? Object.entries(view.errors).find(([key]) => key.startsWith(`${q.date.name}-`))?.[1] : view.errors[q.name];
  const hint = step.hint ?? (q.kind === "date" ? q.date.hint : undefined);
  const heading = (
    <legend className="self-check-legend">
      <h1 tabIndex={-1} autoFocus={focusHeading}>
        <span className="self-check-count">{t("candidate.questionCount", { number: view.number, total: view.total })}</span>{" "}
        {text(step.legend)}
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
          {text(hint)}
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
  const { t } = useT();
  const text = useStepText();
  const { choice } = props;
  // The first choice carries the field's id, so the error summary's link lands on it.
  const id = props.first ? `field-${props.name}` : `field-${props.name}-${choice.value}`;
  const followUp = choice.followUp;
  const followUpError = followUp ? Object.entries(props.errors).find(([key]) => key.startsWith(`${followUp.date.name}-`))?.[1] : undefined;
  const followUpBase = followUp ? `q-${followUp.date.name}` : "";
  return (
    <>
      {choice.exclusive ? <p className="choice-or">{t("candidate.or")}</p> : null}
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
          <label htmlFor={id}>{text(choice.label)}</label>
          {choice.hint ? (
            <p className="hint" id={`${id}-hint`}>
              {text(choice.hint)}
            </p>
          ) : null}
        </div>
      </div>
      {followUp ? (
        <div className={`choice-follow-up${followUpError ? " has-error" : ""}`} data-follow-up-of={id}>
          <fieldset aria-describedby={describedBy(followUp.date.hint && `${followUpBase}-hint`, followUpError && `${followUpBase}-error`)}>
            <legend>{text(followUp.legend)}</legend>
            {followUp.date.hint ? (
              <p className="hint" id={`${followUpBase}-hint`}>
                {text(followUp.date.hint)}
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
  { part: "day", label: "candidate.date.day", size: "short", autoComplete: "bday-day" },
  { part: "month", label: "candidate.date.month", size: "short", autoComplete: "bday-month" },
  { part: "year", label: "candidate.date.year", size: "long", autoComplete: "bday-year" },
] as const;

function DateInputs({ date, answers, invalid }: { date: DateQuestion; answers: Answers; invalid: boolean }) {
  const { t } = useT();
  return (
    <div className="date-inputs">
      {DATE_PARTS.map((p) => {
        const name = `${date.name}-${p.part}`;
        return (
          <div className={`date-part ${p.size}`} key={p.part}>
            <label htmlFor={`field-${name}`}>
              {t(p.label)}
              {p.part === "day" && date.dayOptional ? <span className="optional"> {t("booking.form.optional")}</span> : null}
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

const REASON_GROUPS: { outcome: ReasonOutcome; heading: MessageKey }[] = [
  { outcome: "not-suitable", heading: "candidate.reasons.notSuitable" },
  { outcome: "needs-review", heading: "candidate.reasons.needsReview" },
  { outcome: "deferred", heading: "candidate.reasons.deferred" },
  { outcome: "suitable-with-precautions", heading: "candidate.reasons.precautions" },
];

function Lead({ view }: { view: ResultView }) {
  const { t, locale } = useT();
  const date = (chunk: string) => <strong className="self-check-date">{chunk}</strong>;
  switch (view.outcome) {
    case "suitable":
      return <p className="lead">{t("candidate.lead.suitable", { today: view.today })}</p>;
    case "suitable-with-precautions":
      return <p className="lead">{t("candidate.lead.precautions", { today: view.today })}</p>;
    case "deferred":
      if (view.earliest && !view.awaitingResolution) {
        return <p className="lead">{rich(locale, "candidate.lead.deferredDate", { date }, { date: view.earliest })}</p>;
      }
      if (view.earliest) {
        return <p className="lead">{rich(locale, "candidate.lead.deferredEarliest", { date }, { date: view.earliest })}</p>;
      }
      return <p className="lead">{t("candidate.lead.deferred")}</p>;
    case "needs-review":
      return <p className="lead">{t("candidate.lead.needsReview")}</p>;
    case "not-suitable":
      return <p className="lead">{t("candidate.lead.notSuitable")}</p>;
  }
}

const NEXT_STEP: Record<Exclude<Outcome, "not-suitable" | "deferred">, MessageKey> = {
  suitable: "candidate.next.suitable",
  "suitable-with-precautions": "candidate.next.precautions",
  "needs-review": "candidate.next.needsReview",
};

function NextSteps({ view, phone }: { view: ResultView; phone: string }) {
  const { t, locale, href } = useT();
  const call = { phone: (chunk: string): ReactNode => <a href={telHref(phone)}>{chunk}</a> };
  if (view.outcome === "not-suitable") {
    return (
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">{t("candidate.next.canDo")}</h2>
        <p>{t("candidate.next.doctor")}</p>
        <p>{rich(locale, "candidate.next.callQuestion", call, { phone })}</p>
      </section>
    );
  }
  const waitEnds = view.outcome === "deferred" && view.earliest !== null && !view.awaitingResolution;
  const next: MessageKey =
    view.outcome === "deferred" ? (waitEnds ? "candidate.next.deferredDate" : "candidate.next.deferred") : NEXT_STEP[view.outcome];
  return (
    <section aria-labelledby="next-steps">
      <h2 id="next-steps">{t("candidate.next.heading")}</h2>
      <p>{t(next)}</p>
      <form method="post" action={href("/candidate/book")} className="self-check-book">
        <input type="hidden" name="answers" value={view.intakeJson} />
        {/* What they hope for, as they said it: the Intake keeps only whether complete removal is expected. */}
        {view.answers.expectations?.[0] ? <input type="hidden" name="expectation" value={view.answers.expectations[0]} /> : null}
        <button type="submit" className="button primary">
          {t("candidate.next.book")}
        </button>
      </form>
      <p className="muted small">{t("candidate.next.carried")}</p>
      <p>{rich(locale, "candidate.next.talkFirst", call, { phone })}</p>
      {waitEnds && view.earliest ? (
        <form method="post" action={href("/candidate/remind")} className="stack self-check-remind" aria-labelledby="remind-heading">
          <h3 id="remind-heading">{t("candidate.remindForm.heading")}</h3>
          <p>{t("candidate.remindForm.text", { date: view.earliest })}</p>
          <input type="hidden" name="answers" value={view.intakeJson} />
          <div className="field">
            <label htmlFor="field-remind-email">{t("candidate.remindForm.email")}</label>
            <input id="field-remind-email" name="email" type="email" autoComplete="email" />
          </div>
          <button type="submit" className="button secondary">
            {t("candidate.remindForm.submit")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ResultPage({ view, clinicName, phone }: { view: ResultView; clinicName: string; phone: string }) {
  const { t, locale, href } = useT();
  const groups = REASON_GROUPS.filter((g) => view.outcome !== "not-suitable" || g.outcome === "not-suitable")
    .map((g) => ({ ...g, reasons: view.reasons.filter((r) => r.outcome === g.outcome) }))
    .filter((g) => g.reasons.length > 0);
  return (
    <div className="page narrow self-check self-check-result" data-outcome={view.outcome}>
      <PageTitle page={t("candidate.result.title")} clinicName={clinicName} />
      <h1 tabIndex={-1} autoFocus>
        {t(resultHeadline("candidate", view))}
      </h1>
      <Lead view={view} />
      {groups.map((g) => (
        <section key={g.outcome} aria-labelledby={`reasons-${g.outcome}`}>
          <h2 id={`reasons-${g.outcome}`}>{t(g.heading)}</h2>
          <ul className="self-check-reasons">
            {g.reasons.map((r) => (
              <li key={r.ruleId}>
                <span lang={r.lang ?? undefined}>{r.message}</span>
                {r.until ? <> {t("candidate.reason.until", { date: r.until })}</> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <NextSteps view={view} phone={phone} />
      <section aria-labelledby="your-answers">
        <h2 id="your-answers">{t("candidate.answers.heading")}</h2>
        <form method="post" action={href("/candidate")}>
          <input type="hidden" name="review" value="1" />
          <HiddenValues values={view.answers} />
          <details className="self-check-answers">
            <summary>{t("candidate.answers.see")}</summary>
            <dl>
              {view.summary.map((row) => (
                <div key={row.stepId}>
                  <dt>{row.topic}</dt>
                  <dd>{row.answer}</dd>
                  <dd>
                    <button type="submit" name="go" value={`change:${row.stepId}`} className="link-button">
                      {t("candidate.answers.change")}
                      <span className="visually-hidden"> {row.topic.toLocaleLowerCase(locale)}</span>
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
          <button type="submit" name="go" value="restart" className="button secondary">
            {t("candidate.answers.restart")}
          </button>
        </form>
      </section>
      <PrivacyNote />
      <p className="muted small">{t("candidate.result.guide")}</p>
    </div>
  );
}
