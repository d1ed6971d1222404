// The intake questionnaire in the client portal (docs/intake.md): eight short
// steps, each a POST to /portal/intake that carries every answer so far in
// hidden fields — never in the address, a cookie or the log — and works
// without JavaScript. The first step is pre-filled from the client's latest
// answers (a previous intake, or the self-check carried into their booking).
// Sending stores the FHIR response with its screening; the result page is a
// GET after a redirect, so reloading it never sends the answers twice.
// Everything is in the client's language (English or French); the stored
// response stays the English record (docs/intake.md, "Languages").
import { data, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/intake";
import { ReminderInputError, requestEligibilityReminder } from "../../../src/privacy/eligibility-reminders.ts";
import { clientLatestAnswers, recordClientIntake } from "../../../src/screening/record/portal.ts";
import { type ScreeningView } from "../../../src/screening/record/read.ts";
import { loadClinicRules } from "../../../src/screening/clinic-rules.ts";
import { fieldOfIntakePath, responseFromForm } from "../../../src/screening/questionnaire-response.ts";
import { formValuesFromIntake, formValuesFromResponse } from "../../../src/screening/questionnaire-prefill.ts";
import { itemOf, PROCEDURE_ROWS_MAX, QUESTIONNAIRE_CANONICAL } from "../../../src/screening/questionnaire-definition.ts";
import { PROCEDURE_ROWS_FIELD, procedureRowCount, readFormValues } from "../../../src/screening/questionnaire-form.ts";
import { type FormProblems } from "../../../src/screening/questionnaire-problems.ts";
import { type FormValues } from "../../../src/screening/answer-reader.ts";
import { localizedSummary, localizeItem, problemMessages } from "../../../src/screening/questionnaire-fr.ts";
import { clientReasonText } from "../../../src/screening/reasons-fr.ts";
import { parseIntake } from "../../../src/screening/schema.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { IntakeIntro } from "../../components/intake/IntakeIntro.tsx";
import { ResultPage } from "../../components/intake/ResultPage.tsx";
import { StepPage } from "../../components/intake/StepPage.tsx";
import { getClient, getServices } from "../../context.ts";
import { translate } from "../../i18n/catalog.ts";
import { INTL_LOCALE, type Locale } from "../../i18n/locales.ts";
import { formatDateLong, formatDateTime } from "../../lib/format.ts";
import {
  asks,
  CARRIED_FIELD,
  carriedFrom,
  nextStep,
  readCarried,
  STEPS,
  stepIndex,
  stepOfField,
  type Carried,
  type Prefilled,
  type ResultView,
  type StepDef,
  type StepId,
  type StepView,
} from "../../lib/intake-flow.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { readForm } from "../../lib/form.ts";

// Plain HTML like the rest of the portal: every step is a form post.
export const handle = { hydrate: false };

// The page title is set per screen below (a step's topic, never an answer).
export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

/** Never carried from one page to the next: each sending is acknowledged afresh. */
const NOT_PREFILLED = new Set(["privacy-acknowledged"]);

function prefillFrom(latest: ScreeningView | null): { values: FormValues; from: Prefilled; carried: Carried } {
  if (!latest?.answers) return { values: {}, from: null, carried: {} };
  const { response, intake, expectation } = latest.answers;
  const all = response ? formValuesFromResponse(response) : formValuesFromIntake(intake, { expectation });
  const values = Object.fromEntries(Object.entries(all).filter(([name]) => !NOT_PREFILLED.has(name)));
  const from = response ? "intake" : latest.source === "day-of" ? "day-of" : "self-check";
  // What the self-check asked in the same words is shown as said, not asked again.
  return { values, from, carried: from === "self-check" ? carriedFrom(values) : {} };
}

// ---- loader: the introduction, or the result after sending -------------------------------

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const done = new URL(request.url).searchParams.get("done");
  if (done) {
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing, now: services.now() });
    if (latest && latest.id === done && latest.source === "intake" && latest.result) {
      const r = latest.result;
      // The clinic's periods as they stand, for the French wording's "{period}"; the dates shown are the stored result's own.
      const rules = locale === "en" ? null : await loadClinicRules(services.db, client.organizationId);
      const result: ResultView = {
        kind: "result",
        outcome: r.outcome,
        earliest: r.earliestDate === null ? null : formatDateLong(r.earliestDate, locale),
        awaitingResolution: r.awaitingResolution,
        reasons: r.reasons.map((x) => {
          const worded = rules ? clientReasonText(x, rules, locale) : { text: x.clientMessage, lang: locale };
          return {
            ruleId: x.ruleId,
            outcome: x.outcome,
            message: worded.text,
            lang: worded.lang === locale ? undefined : INTL_LOCALE[worded.lang],
            until: x.until === null ? null : formatDateLong(x.until, locale),
          };
        }),
        sentAt: formatDateTime(latest.createdAt, clinic.location.timeZone, locale),
        screeningId: latest.id,
        reminded: new URL(request.url).searchParams.get("reminded") === "1",
      };
      return { clinicName: clinic.name, phone: clinic.location.phone, view: result };
    }
  }
  return { clinicName: clinic.name, phone: clinic.location.phone, view: { kind: "intro" as const } };
}

// ---- action: one step at a time, then sending ------------------------------------------

interface StepOptions {
  problems?: FormProblems;
  review?: boolean;
  prefilled: Prefilled;
  carried: Carried;
  /** Today in the clinic's zone, for reading dates back on the review screen. */
  today: string;
  locale: Locale;
}

/**
 * One screen, with everything it shows in the client's language: the
 * questions (questionnaire-fr.ts in French), the problems, the review. The
 * stored response is never worded this way; it stays the English record.
 */
function stepView(stepId: StepId, values: FormValues, o: StepOptions) {
  const errors = problemMessages(o.problems ?? {}, o.locale);
  const step = STEPS[stepIndex(stepId)]!;
  const sections = step.sections.map((linkId) => localizeItem(itemOf(linkId), o.locale));
  const summary = step.id === "review" ? localizedSummary(responseFromForm(values, { today: o.today }).response, o.locale) : [];
  return data<StepView>(
    { kind: "step", stepId, values, errors, review: Boolean(o.review), prefilled: o.prefilled, carried: o.carried, sections, summary },
    { status: Object.keys(errors).length > 0 ? 422 : 200 },
  );
}

/** The problems on one screen, in the order of its questions. */
function problemsOn(step: StepDef, problems: FormProblems): FormProblems {
  return Object.fromEntries(Object.entries(problems).filter(([key]) => asks(step, key)));
}

const readPrefilled = (v: FormDataEntryValue | null): Prefilled => (v === "self-check" || v === "intake" || v === "day-of" ? v : null);

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const now = services.now();
  const today = todayIn(clinic.location.timeZone, now);
  const form = await readForm(request);
  const go = String(form.get("go") ?? "next");

  if (go === "remind") {
    // "E-mail me when I can book": the date is the stored result's, never one sent with the form.
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing, now: services.now() });
    const id = String(form.get("screeningId") ?? "");
    const r = latest?.id === id ? latest.result : null;
    if (!r || r.outcome !== "deferred" || !r.earliestDate || r.awaitingResolution) {
      throw data(translate(locale, "intake.reminderRefused"), { status: 400 });
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
        locale,
      });
    } catch (error) {
      // The date has come (or is more than a year away): nothing to remind of.
      if (error instanceof ReminderInputError) throw data(translate(locale, "intake.reminderOutOfRange"), { status: 409 });
      throw error;
    }
    return redirect(`/portal/intake?done=${encodeURIComponent(id)}&reminded=1`, 303);
  }

  if (go === "start") {
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing, now: services.now() });
    const { values, from, carried } = prefillFrom(latest);
    return stepView(STEPS[0]!.id, values, { prefilled: from, carried, today, locale });
  }

  const values = readFormValues(form);
  const prefilled = readPrefilled(form.get("prefilled"));
  const carried = readCarried(form.getAll(CARRIED_FIELD));
  const review = form.get("review") === "1";
  const current = STEPS[stepIndex(String(form.get("step") ?? ""))] ?? STEPS[0]!;
  const index = stepIndex(current.id);

  if (go === "back") return stepView(STEPS[Math.max(0, index - 1)]!.id, values, { review, prefilled, carried, today, locale });
  if (go.startsWith("change:")) {
    const target = STEPS[stepIndex(go.slice("change:".length))] ?? STEPS[0]!;
    return stepView(target.id, values, { review: true, prefilled, carried, today, locale });
  }
  if (go === "add-procedure") {
    const rows = Math.min(procedureRowCount(values) + 1, PROCEDURE_ROWS_MAX);
    return stepView("procedures", { ...values, [PROCEDURE_ROWS_FIELD]: [String(rows)] }, { review, prefilled, carried, today, locale });
  }

  const read = responseFromForm(values, {
    today,
    authored: new Date(now).toISOString(),
    subject: `Patient/${client.clientId}`,
  });

  if (go !== "submit" || current.id !== "review") {
    // Continue: this screen's questions must be complete; the others wait their turn.
    const problems = problemsOn(current, read.problems);
    if (Object.keys(problems).length > 0) return stepView(current.id, values, { problems, review, prefilled, carried, today, locale });
    return stepView(nextStep(current, review).id, values, { review, prefilled, carried, today, locale });
  }

  // Send: everything must be complete (a form altered by hand is sent back to the screen at fault).
  const firstWrong = Object.keys(read.problems)[0];
  if (firstWrong) {
    const step = stepOfField(firstWrong);
    return stepView(step.id, values, { problems: problemsOn(step, read.problems), review: true, prefilled, carried, today, locale });
  }
  const parsed = parseIntake(read.intake, { today });
  if (!parsed.ok) {
    // The screens accept only what the screening schema accepts; this is the safety net.
    const problems: FormProblems = {};
    for (const problem of parsed.errors) problems[fieldOfIntakePath(problem.field, read.procedureRows)] ??= { code: "check-answer" };
    const step = stepOfField(Object.keys(problems)[0]!);
    return stepView(step.id, values, { problems: problemsOn(step, problems), review: true, prefilled, carried, today, locale });
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
  // Everything here is in the client's language, like the rest of the account (the layout sets `lang`).
  return step ? (
    <StepPage view={step} clinicName={clinicName} />
  ) : view.kind === "result" ? (
    <ResultPage view={view} clinicName={clinicName} phone={phone} />
  ) : (
    <IntakeIntro clinicName={clinicName} />
  );
}
