// The intake questionnaire in the client portal (docs/intake.md): seven short
// steps, each a POST to /portal/intake that carries every answer so far in
// hidden fields — never in the address, a cookie or the log — and works
// without JavaScript. The first step is pre-filled from the client's latest
// answers (a previous intake, or the self-check carried into their booking).
// Sending stores the FHIR response with its screening; the result page is a
// GET after a redirect, so reloading it never sends the answers twice.
import { data, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/intake";
import { ReminderInputError, requestEligibilityReminder } from "../../../src/privacy/eligibility-reminders.ts";
import { clientLatestAnswers, recordClientIntake, type ScreeningView } from "../../../src/privacy/screening-record.ts";
import { loadClinicRules } from "../../../src/screening/clinic-rules.ts";
import {
  answerSummary,
  controlOf,
  DATE_PARTS,
  datePartName,
  dayOptional,
  fieldNamesOf,
  fieldOfIntakePath,
  formValuesFromIntake,
  formValuesFromResponse,
  helpOf,
  isExclusive,
  itemOf,
  NONE,
  PROCEDURE_ROWS_FIELD,
  PROCEDURE_ROWS_MAX,
  procedureRowCount,
  QUESTIONNAIRE_CANONICAL,
  questionsOf,
  readFormValues,
  responseFromForm,
  rowField,
  sectionOfField,
  type FormErrors,
  type FormValues,
  type QuestionnaireItem,
} from "../../../src/screening/questionnaire.ts";
import { parseIntake } from "../../../src/screening/schema.ts";
import type { Outcome, ReasonOutcome } from "../../../src/screening/types.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { getClient, getServices } from "../../context.ts";
import { formatDateLong, formatDateTime } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";

// Plain HTML like the rest of the portal: every step is a form post.
export const handle = { hydrate: false };

// The page title is set per screen below (a step's topic, never an answer).
export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

const TITLE = "Your health questions";

interface StepDef {
  id: string;
  /** The top-level groups of the questionnaire this screen asks. */
  sections: readonly string[];
  /** The screen's heading and title: a topic, never an answer. */
  title: string;
}

const STEPS: readonly StepDef[] = [
  { id: "about", sections: ["about"], title: "About you and your treatment" },
  { id: "skin-type", sections: ["skin-type"], title: "Your skin and the sun" },
  { id: "health", sections: ["health"], title: "Your health" },
  { id: "medications", sections: ["medications"], title: "Medicines and supplements" },
  { id: "procedures", sections: ["procedures"], title: "Recent treatments" },
  { id: "finish", sections: ["expectations", "privacy"], title: "Your hopes, and your privacy" },
  { id: "review", sections: [], title: "Check your answers" },
];

const stepIndex = (id: string) => STEPS.findIndex((s) => s.id === id);
const stepOfField = (key: string) => STEPS.find((s) => s.sections.includes(sectionOfField(key) ?? "")) ?? STEPS[0]!;

/** Where the pre-filled answers came from; the step pages say so. */
type Prefilled = "self-check" | "intake" | "day-of" | null;

/** Never carried from one page to the next: each sending is acknowledged afresh. */
const NOT_PREFILLED = new Set(["privacy-acknowledged"]);

function prefillFrom(latest: ScreeningView | null): { values: FormValues; from: Prefilled } {
  if (!latest?.answers) return { values: {}, from: null };
  const { response, intake } = latest.answers;
  const all = response ? formValuesFromResponse(response) : formValuesFromIntake(intake);
  const values = Object.fromEntries(Object.entries(all).filter(([name]) => !NOT_PREFILLED.has(name)));
  return { values, from: response ? "intake" : latest.source === "day-of" ? "day-of" : "self-check" };
}

// ---- loader: the introduction, or the result after sending -------------------------------

type ReasonView = { ruleId: string; outcome: ReasonOutcome; message: string; until: string | null };

type ResultView = {
  kind: "result";
  outcome: Outcome;
  earliest: string | null;
  awaitingResolution: boolean;
  reasons: ReasonView[];
  sentAt: string;
  /** The screening, for "e-mail me when I can book". */
  screeningId: string;
  /** The reminder for the earliest date is set. */
  reminded: boolean;
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const done = new URL(request.url).searchParams.get("done");
  if (done) {
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing });
    if (latest && latest.id === done && latest.source === "intake" && latest.result) {
      const r = latest.result;
      const result: ResultView = {
        kind: "result",
        outcome: r.outcome,
        earliest: r.earliestDate === null ? null : formatDateLong(r.earliestDate),
        awaitingResolution: r.awaitingResolution,
        reasons: r.reasons.map((x) => ({
          ruleId: x.ruleId,
          outcome: x.outcome,
          message: x.clientMessage,
          until: x.until === null ? null : formatDateLong(x.until),
        })),
        sentAt: formatDateTime(latest.createdAt, clinic.location.timeZone),
        screeningId: latest.id,
        reminded: new URL(request.url).searchParams.get("reminded") === "1",
      };
      return { clinicName: clinic.name, phone: clinic.location.phone, view: result };
    }
  }
  return { clinicName: clinic.name, phone: clinic.location.phone, view: { kind: "intro" as const } };
}

// ---- action: one step at a time, then sending ------------------------------------------

type StepView = {
  kind: "step";
  stepId: string;
  values: FormValues;
  errors: FormErrors;
  /** Came from the review screen: Continue goes back there. */
  review: boolean;
  prefilled: Prefilled;
  /** Today in the clinic's zone, for reading dates back on the review screen. */
  today: string;
};

function stepView(stepId: string, values: FormValues, o: { errors?: FormErrors; review?: boolean; prefilled: Prefilled; today: string }) {
  const failed = Object.keys(o.errors ?? {}).length > 0;
  return data<StepView>(
    { kind: "step", stepId, values, errors: o.errors ?? {}, review: Boolean(o.review), prefilled: o.prefilled, today: o.today },
    { status: failed ? 422 : 200 },
  );
}

/** The problems on one screen, in the order of its questions. */
function errorsOn(step: StepDef, errors: FormErrors): FormErrors {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => step.sections.includes(sectionOfField(key) ?? "")));
}

const readPrefilled = (v: FormDataEntryValue | null): Prefilled => (v === "self-check" || v === "intake" || v === "day-of" ? v : null);

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const now = services.now();
  const today = todayIn(clinic.location.timeZone, now);
  const form = await request.formData();
  const go = String(form.get("go") ?? "next");

  if (go === "remind") {
    // "E-mail me when I can book": the date is the stored result's, never one sent with the form.
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing });
    const id = String(form.get("screeningId") ?? "");
    const r = latest?.id === id ? latest.result : null;
    if (!r || r.outcome !== "deferred" || !r.earliestDate || r.awaitingResolution) {
      throw data("A reminder is for a waiting time that ends on a known date.", { status: 400 });
    }
    try {
      await requestEligibilityReminder(services.db, {
        organizationId: client.organizationId,
        keyRing: services.keyRing,
        email: client.email,
        sendOn: r.earliestDate,
        timeZone: clinic.location.timeZone,
        now,
        // The reminder e-mail is in the client's language, like every other.
        locale: getPortalLocale(context),
      });
    } catch (error) {
      // The date has come (or is more than a year away): nothing to remind of.
      if (error instanceof ReminderInputError)
        throw data("That date has passed or is too far away for a reminder: you can book now.", { status: 409 });
      throw error;
    }
    return redirect(`/portal/intake?done=${encodeURIComponent(id)}&reminded=1`, 303);
  }

  if (go === "start") {
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing });
    const { values, from } = prefillFrom(latest);
    return stepView(STEPS[0]!.id, values, { prefilled: from, today });
  }

  const values = readFormValues(form);
  const prefilled = readPrefilled(form.get("prefilled"));
  const review = form.get("review") === "1";
  const current = STEPS[stepIndex(String(form.get("step") ?? ""))] ?? STEPS[0]!;
  const index = stepIndex(current.id);

  if (go === "back") return stepView(STEPS[Math.max(0, index - 1)]!.id, values, { review, prefilled, today });
  if (go.startsWith("change:")) {
    const target = STEPS[stepIndex(go.slice("change:".length))] ?? STEPS[0]!;
    return stepView(target.id, values, { review: true, prefilled, today });
  }
  if (go === "add-procedure") {
    const rows = Math.min(procedureRowCount(values) + 1, PROCEDURE_ROWS_MAX);
    return stepView("procedures", { ...values, [PROCEDURE_ROWS_FIELD]: [String(rows)] }, { review, prefilled, today });
  }

  const read = responseFromForm(values, {
    today,
    authored: new Date(now).toISOString(),
    subject: `Patient/${client.clientId}`,
  });

  if (go !== "submit" || current.id !== "review") {
    // Continue: this screen's questions must be complete; the others wait their turn.
    const errors = errorsOn(current, read.errors);
    if (Object.keys(errors).length > 0) return stepView(current.id, values, { errors, review, prefilled, today });
    const next = review ? "review" : (STEPS[index + 1] ?? current).id;
    return stepView(next, values, { review, prefilled, today });
  }

  // Send: everything must be complete (a form altered by hand is sent back to the screen at fault).
  const firstWrong = Object.keys(read.errors)[0];
  if (firstWrong) {
    const step = stepOfField(firstWrong);
    return stepView(step.id, values, { errors: errorsOn(step, read.errors), review: true, prefilled, today });
  }
  const parsed = parseIntake(read.intake, { today });
  if (!parsed.ok) {
    // The screens accept only what the screening schema accepts; this is the safety net.
    const errors: FormErrors = {};
    for (const problem of parsed.errors) errors[fieldOfIntakePath(problem.field, read.procedureRows)] ??= "Please check this answer.";
    const step = stepOfField(Object.keys(errors)[0]!);
    return stepView(step.id, values, { errors: errorsOn(step, errors), review: true, prefilled, today });
  }
  const rules = await loadClinicRules(services.db, client.organizationId);
  const { id } = await recordClientIntake(services.db, {
    client: { clientId: client.clientId, organizationId: client.organizationId },
    keyRing: services.keyRing,
    intake: parsed.intake,
    response: read.response as unknown as Record<string, unknown>,
    questionnaire: QUESTIONNAIRE_CANONICAL,
    rules,
    now,
  });
  return redirect(`/portal/intake?done=${encodeURIComponent(id)}`, 303);
}

// ---- pages ---------------------------------------------------------------------------------

export default function Intake() {
  const { clinicName, phone, view } = useLoaderData<typeof loader>();
  const step = useActionData<typeof action>();
  // The questionnaire is written in English only: marked so, inside an account that may be in French.
  return (
    <div lang="en-CA">
      {step ? (
        <StepPage view={step} clinicName={clinicName} />
      ) : view.kind === "result" ? (
        <ResultPage view={view} clinicName={clinicName} phone={phone} />
      ) : (
        <Intro clinicName={clinicName} />
      )}
    </div>
  );
}

function Intro({ clinicName }: { clinicName: string }) {
  return (
    <div className="intake">
      <title>{`${TITLE} — ${clinicName}`}</title>
      <h1>{TITLE}</h1>
      <p className="lead">
        Before your visit, please answer some questions about your skin, your health and the medicines you take. Your practitioner reads
        them before your consultation, so your time together goes to you.
      </p>
      <ul>
        <li>It takes about ten minutes, in {STEPS.length} short steps. You can go back to change an answer at any time.</li>
        <li>If you&rsquo;ve told us some of this already, we fill it in for you: you just check it.</li>
        <li>Your answers are saved when you send them on the last step. If you stop before then, you&rsquo;ll start again next time.</li>
      </ul>
      <form method="post" action="/portal/intake">
        <button type="submit" name="go" value="start" className="button primary">
          Start
        </button>
      </form>
    </div>
  );
}

function ErrorSummary({ errors }: { errors: FormErrors }) {
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

const PREFILL_NOTE: Record<Exclude<Prefilled, null>, string> = {
  "self-check": "We filled in what you told us in the self-check — check it and add the rest.",
  intake: "We filled in your answers from last time — check they're still right, and change anything that's new.",
  "day-of": "We filled in what you told us at your last visit — check it and add the rest.",
};

function HiddenValues({ values, except }: { values: FormValues; except: ReadonlySet<string> }) {
  return (
    <>
      {Object.entries(values)
        .filter(([name]) => !except.has(name))
        .flatMap(([name, list]) => list.map((value, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={value} />))}
    </>
  );
}

function StepPage({ view, clinicName }: { view: StepView; clinicName: string }) {
  const index = Math.max(0, stepIndex(view.stepId));
  const step = STEPS[index]!;
  const failed = Object.keys(view.errors).length > 0;
  const shown = new Set(step.sections.flatMap((s) => fieldNamesOf(itemOf(s))));
  const ctx: FieldContext = { values: view.values, errors: view.errors };
  return (
    <div className="intake">
      <title>{`${failed ? "Error: " : ""}Step ${index + 1} of ${STEPS.length}: ${step.title} — ${TITLE} — ${clinicName}`}</title>
      {failed ? <ErrorSummary errors={view.errors} /> : null}
      <h1 tabIndex={-1} autoFocus={!failed}>
        <span className="intake-count">
          Step {index + 1} of {STEPS.length}
        </span>{" "}
        {step.title}
      </h1>
      {view.prefilled && (index === 0 || step.id === "review") ? (
        <p className="notice intake-prefilled">{PREFILL_NOTE[view.prefilled]}</p>
      ) : null}
      <form method="post" action="/portal/intake" noValidate>
        <input type="hidden" name="step" value={step.id} />
        {view.review ? <input type="hidden" name="review" value="1" /> : null}
        {view.prefilled ? <input type="hidden" name="prefilled" value={view.prefilled} /> : null}
        <HiddenValues values={view.values} except={shown} />
        {step.id === "review" ? (
          <Review values={view.values} today={view.today} />
        ) : (
          step.sections.map((linkId) => <Section key={linkId} group={itemOf(linkId)} ctx={ctx} titled={step.sections.length > 1} />)
        )}
        {/* The first button is the one Enter presses in a field: Continue, never "add another". */}
        <div className="intake-actions">
          {step.id === "review" ? (
            <button type="submit" name="go" value="submit" className="button primary">
              Send my answers
            </button>
          ) : (
            <button type="submit" name="go" value="next" className="button primary">
              {view.review ? "Save and go back to the check" : "Continue"}
            </button>
          )}
          {/* Always offered: whether rows are needed is answered on this same page, and there is no script to wait for it. */}
          {step.id === "procedures" && procedureRowCount(view.values) < PROCEDURE_ROWS_MAX ? (
            <button type="submit" name="go" value="add-procedure" className="button secondary">
              Add another treatment
            </button>
          ) : null}
          {index > 0 ? (
            <button type="submit" name="go" value="back" className="link-button">
              Back
            </button>
          ) : null}
        </div>
      </form>
      <p className="muted small intake-privacy">
        Your answers are kept only when you send them, encrypted, for the practitioners who care for you.{" "}
        <Link to="/privacy">Your privacy</Link>
      </p>
    </div>
  );
}

// ---- questions, rendered from the questionnaire ---------------------------------------------

interface FieldContext {
  values: FormValues;
  errors: FormErrors;
}

const describedBy = (...ids: (string | null | undefined | false)[]) => ids.filter(Boolean).join(" ") || undefined;
const valuesOf = (ctx: FieldContext, name: string) => ctx.values[name] ?? [];

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

function Section({ group, ctx, titled }: { group: QuestionnaireItem; ctx: FieldContext; titled: boolean }) {
  const items = questionsOf(group);
  return (
    <section className="intake-section" aria-labelledby={titled ? `section-${group.linkId}` : undefined}>
      {titled ? <h2 id={`section-${group.linkId}`}>{group.text}</h2> : null}
      {items.map((item) => (isFollowUp(item, items) ? null : <Question key={item.linkId} item={item} ctx={ctx} siblings={items} />))}
    </section>
  );
}

/** A question asked only for one answer of a sibling choice: shown under that answer (always, as there is no script). */
function isFollowUp(item: QuestionnaireItem, siblings: readonly QuestionnaireItem[]): boolean {
  const w = item.enableWhen;
  return item.type !== "group" && w?.length === 1 && siblings.some((s) => s.linkId === w[0]!.question);
}

function followUpsOf(item: QuestionnaireItem, code: string, siblings: readonly QuestionnaireItem[]): QuestionnaireItem[] {
  return siblings.filter((s) => {
    if (!isFollowUp(s, siblings)) return false;
    const w = s.enableWhen![0]!;
    if (w.question !== item.linkId) return false;
    return w.answerCoding ? w.answerCoding.code === code : w.answerBoolean === (code === "yes");
  });
}

function Question({
  item,
  ctx,
  siblings,
  name = item.linkId,
}: {
  item: QuestionnaireItem;
  ctx: FieldContext;
  siblings: readonly QuestionnaireItem[];
  name?: string;
}) {
  if (item.readOnly) return null;
  if (item.type === "display") {
    return (
      <div className="intake-display">
        <p>{item.text}</p>
        {item.linkId === "privacy-notice" ? (
          <p>
            <Link to="/privacy">Read our full privacy notice</Link> to see what we keep, who can see it and your rights.
          </p>
        ) : null}
      </div>
    );
  }
  if (item.linkId === "procedure") return <ProcedureRows group={item} ctx={ctx} />;
  if (item.type === "date") return <DateQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "text" || item.type === "string") return <TextQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "boolean" && controlOf(item) === "check-box") return <SingleCheckbox item={item} ctx={ctx} name={name} />;
  if (item.type === "choice" && controlOf(item) === "drop-down") return <SelectQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "choice" || item.type === "boolean") return <ChoiceQuestion item={item} ctx={ctx} siblings={siblings} name={name} />;
  return null;
}

function ChoiceQuestion({
  item,
  ctx,
  siblings,
  name,
}: {
  item: QuestionnaireItem;
  ctx: FieldContext;
  siblings: readonly QuestionnaireItem[];
  name: string;
}) {
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const base = `q-${name}`;
  const multiple = item.type === "choice" && Boolean(item.repeats);
  const choices =
    item.type === "boolean"
      ? [
          { code: "yes", label: "Yes", exclusive: false },
          { code: "no", label: "No", exclusive: false },
        ]
      : item.answerOption!.map((o) => ({
          code: o.valueCoding.code,
          label: o.valueCoding.display ?? o.valueCoding.code,
          exclusive: isExclusive(o),
        }));
  const chosen = valuesOf(ctx, name);
  return (
    <fieldset
      className={`intake-question${error ? " has-error" : ""}`}
      aria-describedby={describedBy(hint && `${base}-hint`, error && `${base}-error`)}
    >
      <legend>
        {item.prefix ? <span className="intake-prefix">{item.prefix} </span> : null}
        {item.text}
      </legend>
      {hint ? (
        <p className="hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${base}-error`} message={error} />
      <div className="choices">
        {choices.map((c, i) => {
          // The first choice carries the question's id, so the error summary's link lands on it.
          const id = i === 0 ? `field-${name}` : `field-${name}-${c.code}`;
          const followUps = followUpsOf(item, c.code, siblings);
          return (
            <div key={c.code}>
              {c.exclusive && c.code === NONE ? <p className="choice-or">or</p> : null}
              <div className="choice">
                <input
                  type={multiple ? "checkbox" : "radio"}
                  id={id}
                  name={name}
                  value={c.code}
                  defaultChecked={chosen.includes(c.code)}
                  aria-invalid={error && i === 0 ? true : undefined}
                />
                <label htmlFor={id}>{c.label}</label>
              </div>
              {followUps.length > 0 ? (
                <div className="choice-follow-up">
                  {followUps.map((f) => (
                    <Question key={f.linkId} item={f} ctx={ctx} siblings={siblings} />
                  ))}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function SingleCheckbox({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const error = ctx.errors[name];
  const id = `field-${name}`;
  return (
    <div className={`intake-question${error ? " has-error" : ""}`}>
      <FieldError id={`${id}-error`} message={error} />
      <div className="choice">
        <input
          type="checkbox"
          id={id}
          name={name}
          value="yes"
          defaultChecked={valuesOf(ctx, name).includes("yes")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label htmlFor={id}>{item.text}</label>
      </div>
    </div>
  );
}

function SelectQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const error = ctx.errors[name];
  const id = `field-${name}`;
  return (
    <div className={`field intake-question${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{item.text}</label>
      <FieldError id={`${id}-error`} message={error} />
      <select
        id={id}
        name={name}
        defaultValue={valuesOf(ctx, name)[0] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">Choose a treatment</option>
        {item.answerOption!.map((o) => (
          <option key={o.valueCoding.code} value={o.valueCoding.code}>
            {o.valueCoding.display}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const id = `field-${name}`;
  return (
    <div className={`field intake-question${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {item.text}
        {item.required ? null : <span className="optional"> (optional)</span>}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
      <textarea
        id={id}
        name={name}
        rows={item.type === "text" ? 4 : 1}
        maxLength={item.maxLength}
        defaultValue={valuesOf(ctx, name)[0] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

const PART_LABELS = { day: "Day", month: "Month", year: "Year" } as const;

function DateQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const base = `q-${name}`;
  const birth = item.linkId === "birth-date";
  return (
    <fieldset
      className={`intake-question${error ? " has-error" : ""}`}
      aria-describedby={describedBy(hint && `${base}-hint`, error && `${base}-error`)}
    >
      <legend>{item.text}</legend>
      {hint ? (
        <p className="hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${base}-error`} message={error} />
      <div className="date-inputs">
        {DATE_PARTS.map((part) => {
          const field = datePartName(name, part);
          // The day input carries the question's id, so the error summary's link lands on the first box.
          const id = part === "day" ? `field-${name}` : `field-${field}`;
          return (
            <div className={`date-part intake-date-${part}`} key={part}>
              <label htmlFor={id}>
                {PART_LABELS[part]}
                {part === "day" && dayOptional(item.linkId) ? <span className="optional"> (optional)</span> : null}
              </label>
              <input
                id={id}
                name={field}
                type="text"
                inputMode="numeric"
                defaultValue={valuesOf(ctx, field)[0] ?? ""}
                autoComplete={birth ? `bday-${part}` : "off"}
                aria-invalid={error ? true : undefined}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function ProcedureRows({ group, ctx }: { group: QuestionnaireItem; ctx: FieldContext }) {
  const rows = procedureRowCount(ctx.values);
  const children = questionsOf(group);
  return (
    <div className="intake-procedures">
      <input type="hidden" name={PROCEDURE_ROWS_FIELD} value={String(rows)} />
      <p className="hint">If you answered yes, tell us about each treatment below. Leave any rows you don&rsquo;t need empty.</p>
      {Array.from({ length: rows }, (_, i) => i + 1).map((row) => (
        <fieldset key={row} className="intake-row">
          <legend>Treatment {row}</legend>
          {children.map((child) => (
            <Question key={child.linkId} item={child} ctx={ctx} siblings={children} name={rowField(row, child.linkId)} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

// ---- the review screen --------------------------------------------------------------------------

function Review({ values, today }: { values: FormValues; today: string }) {
  const { response } = responseFromForm(values, { today });
  const sections = answerSummary(response);
  return (
    <>
      <p>Here is everything you told us. If something isn&rsquo;t right, change it before you send your answers.</p>
      {STEPS.filter((s) => s.id !== "review").map((step) => {
        const lines = sections.filter((s) => step.sections.includes(s.section)).flatMap((s) => s.lines);
        return (
          <section key={step.id} className="intake-review" aria-labelledby={`review-${step.id}`}>
            <h2 id={`review-${step.id}`}>{step.title}</h2>
            <dl>
              {lines.map((line, i) => (
                <div key={`${line.linkId}-${i}`}>
                  <dt>{line.question}</dt>
                  <dd className="intake-answer">{line.answer}</dd>
                </div>
              ))}
            </dl>
            <button type="submit" name="go" value={`change:${step.id}`} className="link-button">
              Change<span className="visually-hidden">: {step.title.toLowerCase()}</span>
            </button>
          </section>
        );
      })}
    </>
  );
}

// ---- the result --------------------------------------------------------------------------------

const REASON_GROUPS: { outcome: ReasonOutcome; heading: string }[] = [
  { outcome: "not-suitable", heading: "Why microneedling may not be safe for you" },
  { outcome: "needs-review", heading: "What we'd like to talk through with you" },
  { outcome: "deferred", heading: "Why it's best to wait" },
  { outcome: "suitable-with-precautions", heading: "What we'll take extra care with" },
];

function headline(view: ResultView): string {
  switch (view.outcome) {
    case "suitable":
      return "Thank you. Microneedling looks like a good fit for you";
    case "suitable-with-precautions":
      return "Thank you. Microneedling looks like a good fit, with a little extra care";
    case "deferred":
      return view.earliest && !view.awaitingResolution ? "Thank you. It's best to wait a little" : "Thank you. It's best to wait for now";
    case "needs-review":
      return "Thank you. Let's look at this together first";
    case "not-suitable":
      return "Thank you. Microneedling may not be right for you";
  }
}

function Lead({ view }: { view: ResultView }) {
  switch (view.outcome) {
    case "suitable":
      return (
        <p className="lead">
          Nothing in your answers means you need to wait. You could be treated from <strong className="intake-date">{view.earliest}</strong>
          , once you&rsquo;ve had your consultation.
        </p>
      );
    case "suitable-with-precautions":
      return (
        <p className="lead">
          You could be treated from <strong className="intake-date">{view.earliest}</strong>, once you&rsquo;ve had your consultation. There
          are a few things we&rsquo;ll take care with; they&rsquo;re explained below.
        </p>
      );
    case "deferred":
      if (view.earliest && !view.awaitingResolution) {
        return (
          <p className="lead">
            The earliest you can be treated is <strong className="intake-date">{view.earliest}</strong>.
          </p>
        );
      }
      if (view.earliest) {
        return (
          <p className="lead">
            The earliest you could be treated is <strong className="intake-date">{view.earliest}</strong>, once what&rsquo;s described below
            has healed or passed.
          </p>
        );
      }
      return <p className="lead">You can be treated once what&rsquo;s described below has healed or passed.</p>;
    case "needs-review":
      return (
        <p className="lead">
          Some of your answers mean your practitioner needs to go through them with you before deciding whether microneedling is right for
          you. They may ask you to check with your doctor.
        </p>
      );
    case "not-suitable":
      return (
        <p className="lead">
          Based on your answers, microneedling might not be safe for you. That isn&rsquo;t anything you&rsquo;ve done wrong: it&rsquo;s
          about keeping you well. Your practitioner will talk it through with you.
        </p>
      );
  }
}

function ResultPage({ view, clinicName, phone }: { view: ResultView; clinicName: string; phone: string }) {
  const groups = REASON_GROUPS.map((g) => ({ ...g, reasons: view.reasons.filter((r) => r.outcome === g.outcome) })).filter(
    (g) => g.reasons.length > 0,
  );
  const datedWait = view.outcome === "deferred" && view.earliest !== null;
  return (
    <div className="intake intake-result" data-outcome={view.outcome}>
      <title>{`Your answers are sent — ${TITLE} — ${clinicName}`}</title>
      <div className="success" role="status">
        <p>Your answers are saved ({view.sentAt}).</p>
      </div>
      <h1 tabIndex={-1} autoFocus>
        {headline(view)}
      </h1>
      <Lead view={view} />
      {groups.map((g) => (
        <section key={g.outcome} aria-labelledby={`reasons-${g.outcome}`}>
          <h2 id={`reasons-${g.outcome}`}>{g.heading}</h2>
          <ul className="intake-reasons">
            {g.reasons.map((r) => (
              <li key={r.ruleId}>
                {r.message}
                {r.until ? <> You can be treated from {r.until}.</> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">What happens next</h2>
        <p>
          Your practitioner reads your answers before your consultation and goes through them with you there. They look at your skin too,
          and make the final decision with you — this result is a first guide, not a diagnosis.
        </p>
        {datedWait ? (
          <p>
            Your consultation can go ahead as booked. Treatment sessions can be booked for{" "}
            <strong className="intake-date">{view.earliest}</strong> or later
            {view.awaitingResolution ? ", once what's described above has healed or passed" : ""}.
          </p>
        ) : null}
        {datedWait && !view.awaitingResolution ? (
          view.reminded ? (
            <p role="status" className="notice">
              We will e-mail you on {view.earliest} with a link to book.
            </p>
          ) : (
            <form method="post" action="/portal/intake" className="actions">
              <input type="hidden" name="screeningId" value={view.screeningId} />
              <button type="submit" name="go" value="remind" className="button secondary">
                E-mail me on {view.earliest}
              </button>
            </form>
          )
        ) : null}
        <p>
          If anything changes before your visit — a new medicine, a treatment elsewhere, a breakout or sunburn — answer the questions again,
          or call us at <a href={`tel:${phone.replace(/[^0-9+]/g, "")}`}>{phone}</a>.
        </p>
      </section>
      <p className="actions">
        <Link to="/portal" className="button primary">
          Back to your appointments
        </Link>
        <Link to="/portal/record" className="button secondary">
          Your record
        </Link>
      </p>
    </div>
  );
}
