// The intake questionnaire in the client portal (docs/intake.md): seven short
// steps, each a POST to /portal/intake that carries every answer so far in
// hidden fields — never in the address, a cookie or the log — and works
// without JavaScript. The first step is pre-filled from the client's latest
// answers (a previous intake, or the self-check carried into their booking).
// Sending stores the FHIR response with its screening; the result page is a
// GET after a redirect, so reloading it never sends the answers twice.
// Everything is in the client's language (English or French); the stored
// response stays the English record (docs/intake.md, "Languages").
import type { ReactNode } from "react";
import { data, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/intake";
import { ReminderInputError, requestEligibilityReminder } from "../../../src/privacy/eligibility-reminders.ts";
import { clientLatestAnswers, recordClientIntake, type ScreeningView } from "../../../src/privacy/screening-record.ts";
import { loadClinicRules } from "../../../src/screening/clinic-rules.ts";
import {
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
  type FormProblems,
  type FormValues,
  type QuestionnaireItem,
} from "../../../src/screening/questionnaire.ts";
import { localizedSummary, localizeItem, problemMessages } from "../../../src/screening/questionnaire-fr.ts";
import { clientReasonText } from "../../../src/screening/reasons-fr.ts";
import { parseIntake } from "../../../src/screening/schema.ts";
import type { Outcome, ReasonOutcome } from "../../../src/screening/types.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { getClient, getServices } from "../../context.ts";
import { useT } from "../../i18n/context.tsx";
import { INTL_LOCALE, type Locale } from "../../i18n/locales.ts";
import { formatDateLong, formatDateTime } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { readForm } from "../../lib/form.ts";

// Plain HTML like the rest of the portal: every step is a form post.
export const handle = { hydrate: false };

// The page title is set per screen below (a step's topic, never an answer).
export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

type StepId = "about" | "skin-type" | "health" | "medications" | "procedures" | "finish" | "review";

interface StepDef {
  id: StepId;
  /** The top-level groups of the questionnaire this screen asks. */
  sections: readonly string[];
}

const STEPS: readonly StepDef[] = [
  { id: "about", sections: ["about"] },
  { id: "skin-type", sections: ["skin-type"] },
  { id: "health", sections: ["health"] },
  { id: "medications", sections: ["medications"] },
  { id: "procedures", sections: ["procedures"] },
  { id: "finish", sections: ["expectations", "privacy"] },
  { id: "review", sections: [] },
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

/** `lang`: the language `message` is in, when it is not the page's (a rule with no wording in the client's language). */
type ReasonView = { ruleId: string; outcome: ReasonOutcome; message: string; lang: string | undefined; until: string | null };

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

type StepView = {
  kind: "step";
  stepId: StepId;
  values: FormValues;
  /** The problems on this screen, in the client's language. */
  errors: FormErrors;
  /** Came from the review screen: Continue goes back there. */
  review: boolean;
  prefilled: Prefilled;
  /** The questionnaire's sections this screen asks, worded in the client's language. */
  sections: QuestionnaireItem[];
  /** The review screen: every answer so far in words, in the client's language. */
  summary: ReturnType<typeof localizedSummary>;
};

interface StepOptions {
  problems?: FormProblems;
  review?: boolean;
  prefilled: Prefilled;
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
    { kind: "step", stepId, values, errors, review: Boolean(o.review), prefilled: o.prefilled, sections, summary },
    { status: Object.keys(errors).length > 0 ? 422 : 200 },
  );
}

/** The problems on one screen, in the order of its questions. */
function problemsOn(step: StepDef, problems: FormProblems): FormProblems {
  return Object.fromEntries(Object.entries(problems).filter(([key]) => step.sections.includes(sectionOfField(key) ?? "")));
}

const readPrefilled = (v: FormDataEntryValue | null): Prefilled => (v === "self-check" || v === "intake" || v === "day-of" ? v : null);

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const words = WORDS[locale];
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
      throw data(words.reminderRefused, { status: 400 });
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
      if (error instanceof ReminderInputError) throw data(words.reminderOutOfRange, { status: 409 });
      throw error;
    }
    return redirect(`/portal/intake?done=${encodeURIComponent(id)}&reminded=1`, 303);
  }

  if (go === "start") {
    const latest = await clientLatestAnswers(services.db, { client, keyRing: services.keyRing, now: services.now() });
    const { values, from } = prefillFrom(latest);
    return stepView(STEPS[0]!.id, values, { prefilled: from, today, locale });
  }

  const values = readFormValues(form);
  const prefilled = readPrefilled(form.get("prefilled"));
  const review = form.get("review") === "1";
  const current = STEPS[stepIndex(String(form.get("step") ?? ""))] ?? STEPS[0]!;
  const index = stepIndex(current.id);

  if (go === "back") return stepView(STEPS[Math.max(0, index - 1)]!.id, values, { review, prefilled, today, locale });
  if (go.startsWith("change:")) {
    const target = STEPS[stepIndex(go.slice("change:".length))] ?? STEPS[0]!;
    return stepView(target.id, values, { review: true, prefilled, today, locale });
  }
  if (go === "add-procedure") {
    const rows = Math.min(procedureRowCount(values) + 1, PROCEDURE_ROWS_MAX);
    return stepView("procedures", { ...values, [PROCEDURE_ROWS_FIELD]: [String(rows)] }, { review, prefilled, today, locale });
  }

  const read = responseFromForm(values, {
    today,
    authored: new Date(now).toISOString(),
    subject: `Patient/${client.clientId}`,
  });

  if (go !== "submit" || current.id !== "review") {
    // Continue: this screen's questions must be complete; the others wait their turn.
    const problems = problemsOn(current, read.problems);
    if (Object.keys(problems).length > 0) return stepView(current.id, values, { problems, review, prefilled, today, locale });
    const next = review ? "review" : (STEPS[index + 1] ?? current).id;
    return stepView(next, values, { review, prefilled, today, locale });
  }

  // Send: everything must be complete (a form altered by hand is sent back to the screen at fault).
  const firstWrong = Object.keys(read.problems)[0];
  if (firstWrong) {
    const step = stepOfField(firstWrong);
    return stepView(step.id, values, { problems: problemsOn(step, read.problems), review: true, prefilled, today, locale });
  }
  const parsed = parseIntake(read.intake, { today });
  if (!parsed.ok) {
    // The screens accept only what the screening schema accepts; this is the safety net.
    const problems: FormProblems = {};
    for (const problem of parsed.errors) problems[fieldOfIntakePath(problem.field, read.procedureRows)] ??= { code: "check-answer" };
    const step = stepOfField(Object.keys(problems)[0]!);
    return stepView(step.id, values, { problems: problemsOn(step, problems), review: true, prefilled, today, locale });
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

// ---- words ---------------------------------------------------------------------------------

// The page's own words in each language the portal speaks. The questions and
// their answers come with the data (questionnaire-fr.ts in French); these are
// the steps, buttons and result around them. The page never hydrates, so they
// are rendered on the server only.

type Dated = (date: ReactNode) => ReactNode;

interface Words {
  title: string;
  steps: Readonly<Record<StepId, string>>;
  intro: { lead: string; points: readonly ((steps: number) => string)[]; start: string };
  checkAnswers: (count: number) => string;
  error: string;
  stepOf: (n: number, of: number) => string;
  /** The page title of a step: "Step 4 of 7: Medicines and supplements". */
  stepTitle: (n: number, of: number, title: string) => string;
  prefilled: Readonly<Record<Exclude<Prefilled, null>, string>>;
  send: string;
  saveAndReview: string;
  next: string;
  addProcedure: string;
  back: string;
  keptNote: string;
  privacyNotice: (link: (text: string) => ReactNode) => ReactNode;
  yes: string;
  no: string;
  or: string;
  chooseTreatment: string;
  optional: string;
  dateParts: Readonly<Record<(typeof DATE_PARTS)[number], string>>;
  proceduresHint: string;
  treatment: (row: number) => string;
  reviewIntro: string;
  /** Sending the intake confirms the upcoming appointments booked without signing in. */
  reviewShares: string;
  change: string;
  reasons: Readonly<Record<ReasonOutcome, string>>;
  headline: Readonly<Record<"suitable" | "precautions" | "waitLittle" | "waitForNow" | "needsReview" | "notSuitable", string>>;
  lead: {
    suitable: Dated;
    precautions: Dated;
    deferredDate: Dated;
    deferredEarliest: Dated;
    deferred: string;
    needsReview: string;
    notSuitable: string;
  };
  sentTitle: string;
  saved: (at: string) => string;
  until: (date: string) => string;
  nextHeading: string;
  nextText: string;
  booking: (date: ReactNode, awaiting: boolean) => ReactNode;
  reminded: (date: string) => string;
  remind: (date: string) => string;
  changes: (phone: ReactNode) => ReactNode;
  backHome: string;
  record: string;
  reminderRefused: string;
  reminderOutOfRange: string;
}

const WORDS: Readonly<Record<Locale, Words>> = {
  en: {
    title: "Your health questions",
    steps: {
      about: "About you and your treatment",
      "skin-type": "Your skin and the sun",
      health: "Your health",
      medications: "Medicines and supplements",
      procedures: "Recent treatments",
      finish: "Your hopes, and your privacy",
      review: "Check your answers",
    },
    intro: {
      lead: "Before your visit, please answer some questions about your skin, your health and the medicines you take. Your practitioner reads them before your consultation, so your time together goes to you.",
      points: [
        (steps) => `It takes about ten minutes, in ${steps} short steps. You can go back to change an answer at any time.`,
        () => "If you’ve told us some of this already, we fill it in for you: you just check it.",
        () => "Your answers are saved when you send them on the last step. If you stop before then, you’ll start again next time.",
      ],
      start: "Start",
    },
    checkAnswers: (count) => `Please check ${count === 1 ? "this answer" : "these answers"}`,
    error: "Error: ",
    stepOf: (n, of) => `Step ${n} of ${of}`,
    stepTitle: (n, of, title) => `Step ${n} of ${of}: ${title}`,
    prefilled: {
      "self-check": "We filled in what you told us in the self-check — check it and add the rest.",
      intake: "We filled in your answers from last time — check they're still right, and change anything that's new.",
      "day-of": "We filled in what you told us at your last visit — check it and add the rest.",
    },
    send: "Send my answers",
    saveAndReview: "Save and go back to the check",
    next: "Continue",
    addProcedure: "Add another treatment",
    back: "Back",
    keptNote: "Your answers are kept only when you send them, encrypted, for the practitioners who care for you.",
    privacyNotice: (link) => <>{link("Read our full privacy notice")} to see what we keep, who can see it and your rights.</>,
    yes: "Yes",
    no: "No",
    or: "or",
    chooseTreatment: "Choose a treatment",
    optional: " (optional)",
    dateParts: { day: "Day", month: "Month", year: "Year" },
    proceduresHint: "If you answered yes, tell us about each treatment below. Leave any rows you don’t need empty.",
    treatment: (row) => `Treatment ${row}`,
    reviewIntro: "Here is everything you told us. If something isn’t right, change it before you send your answers.",
    reviewShares:
      "When you send your answers, your upcoming appointments are confirmed as yours, and the practitioner you will see can read these answers before your visit.",
    change: "Change",
    reasons: {
      "not-suitable": "Why microneedling may not be safe for you",
      "needs-review": "What we'd like to talk through with you",
      deferred: "Why it's best to wait",
      "suitable-with-precautions": "What we'll take extra care with",
    },
    headline: {
      suitable: "Thank you. Microneedling looks like a good fit for you",
      precautions: "Thank you. Microneedling looks like a good fit, with a little extra care",
      waitLittle: "Thank you. It's best to wait a little",
      waitForNow: "Thank you. It's best to wait for now",
      needsReview: "Thank you. Let's look at this together first",
      notSuitable: "Thank you. Microneedling may not be right for you",
    },
    lead: {
      suitable: (date) => (
        <>Nothing in your answers means you need to wait. You could be treated from {date}, once you’ve had your consultation.</>
      ),
      precautions: (date) => (
        <>
          You could be treated from {date}, once you’ve had your consultation. There are a few things we’ll take care with; they’re
          explained below.
        </>
      ),
      deferredDate: (date) => <>The earliest you can be treated is {date}.</>,
      deferredEarliest: (date) => <>The earliest you could be treated is {date}, once what’s described below has healed or passed.</>,
      deferred: "You can be treated once what’s described below has healed or passed.",
      needsReview:
        "Some of your answers mean your practitioner needs to go through them with you before deciding whether microneedling is right for you. They may ask you to check with your doctor.",
      notSuitable:
        "Based on your answers, microneedling might not be safe for you. That isn’t anything you’ve done wrong: it’s about keeping you well. Your practitioner will talk it through with you.",
    },
    sentTitle: "Your answers are sent",
    saved: (at) => `Your answers are saved (${at}).`,
    until: (date) => `You can be treated from ${date}.`,
    nextHeading: "What happens next",
    nextText:
      "Your practitioner reads your answers before your consultation and goes through them with you there. They look at your skin too, and make the final decision with you — this result is a first guide, not a diagnosis.",
    booking: (date, awaiting) => (
      <>
        Your consultation can go ahead as booked. Treatment sessions can be booked for {date} or later
        {awaiting ? ", once what's described above has healed or passed" : ""}.
      </>
    ),
    reminded: (date) => `We will e-mail you on ${date} with a link to book.`,
    remind: (date) => `E-mail me on ${date}`,
    changes: (phone) => (
      <>
        If anything changes before your visit — a new medicine, a treatment elsewhere, a breakout or sunburn — answer the questions again,
        or call us at {phone}.
      </>
    ),
    backHome: "Back to your appointments",
    record: "Your record",
    reminderRefused: "A reminder is for a waiting time that ends on a known date.",
    reminderOutOfRange: "That date has passed or is too far away for a reminder: you can book now.",
  },
  fr: {
    title: "Vos questions de santé",
    steps: {
      about: "Vous et votre traitement",
      "skin-type": "Votre peau et le soleil",
      health: "Votre santé",
      medications: "Médicaments et suppléments",
      procedures: "Traitements récents",
      finish: "Vos attentes et la protection de vos renseignements",
      review: "Vérifiez vos réponses",
    },
    intro: {
      lead: "Avant votre visite, veuillez répondre à quelques questions sur votre peau, votre santé et les médicaments que vous prenez. Votre praticienne ou praticien les lit avant votre consultation, pour que le temps passé ensemble vous soit consacré.",
      points: [
        (steps) =>
          `Cela prend environ dix minutes, en ${steps} courtes étapes. Vous pouvez revenir en arrière pour changer une réponse à tout moment.`,
        () =>
          "Si vous nous avez déjà donné certains de ces renseignements, nous les remplissons pour vous\u00a0: vous n’avez qu’à les vérifier.",
        () =>
          "Vos réponses sont enregistrées quand vous les envoyez, à la dernière étape. Si vous arrêtez avant, vous recommencerez la prochaine fois.",
      ],
      start: "Commencer",
    },
    checkAnswers: (count) => `Veuillez vérifier ${count === 1 ? "cette réponse" : "ces réponses"}`,
    error: "Erreur\u00a0: ",
    stepOf: (n, of) => `Étape ${n} sur ${of}`,
    stepTitle: (n, of, title) => `Étape ${n} sur ${of}\u00a0: ${title}`,
    prefilled: {
      "self-check": "Nous avons rempli ce que vous nous avez dit dans l’autoévaluation — vérifiez-le et ajoutez le reste.",
      intake:
        "Nous avons rempli vos réponses de la dernière fois — vérifiez qu’elles sont toujours exactes, et changez ce qui est nouveau.",
      "day-of": "Nous avons rempli ce que vous nous avez dit lors de votre dernière visite — vérifiez-le et ajoutez le reste.",
    },
    send: "Envoyer mes réponses",
    saveAndReview: "Enregistrer et revenir à la vérification",
    next: "Continuer",
    addProcedure: "Ajouter un autre traitement",
    back: "Retour",
    keptNote:
      "Vos réponses sont conservées seulement quand vous les envoyez, chiffrées, pour les praticiennes et les praticiens qui vous soignent.",
    privacyNotice: (link) => (
      <>
        {link("Lisez notre politique de confidentialité complète")} pour savoir ce que nous conservons, qui peut le consulter et quels sont
        vos droits.
      </>
    ),
    yes: "Oui",
    no: "Non",
    or: "ou",
    chooseTreatment: "Choisissez un traitement",
    optional: " (facultatif)",
    dateParts: { day: "Jour", month: "Mois", year: "Année" },
    proceduresHint:
      "Si vous avez répondu oui, parlez-nous de chaque traitement ci-dessous. Laissez vides les lignes dont vous n’avez pas besoin.",
    treatment: (row) => `Traitement ${row}`,
    reviewIntro: "Voici tout ce que vous nous avez dit. Si quelque chose n’est pas exact, modifiez-le avant d’envoyer vos réponses.",
    reviewShares:
      "En envoyant vos réponses, vous confirmez que vos prochains rendez-vous sont les vôtres, et la personne qui vous recevra pourra lire ces réponses avant votre visite.",
    change: "Modifier",
    reasons: {
      "not-suitable": "Pourquoi le microneedling pourrait ne pas être sécuritaire pour vous",
      "needs-review": "Ce dont nous aimerions discuter avec vous",
      deferred: "Pourquoi il vaut mieux attendre",
      "suitable-with-precautions": "Ce à quoi nous porterons une attention particulière",
    },
    headline: {
      suitable: "Merci. Le microneedling semble bien vous convenir",
      precautions: "Merci. Le microneedling semble bien vous convenir, avec quelques précautions",
      waitLittle: "Merci. Il vaut mieux attendre un peu",
      waitForNow: "Merci. Il vaut mieux attendre pour l’instant",
      needsReview: "Merci. Regardons d’abord cela ensemble",
      notSuitable: "Merci. Le microneedling pourrait ne pas vous convenir",
    },
    lead: {
      suitable: (date) => (
        <>
          Rien dans vos réponses ne vous oblige à attendre. Vous pourriez recevoir un traitement à partir du {date}, une fois votre
          consultation passée.
        </>
      ),
      precautions: (date) => (
        <>
          Vous pourriez recevoir un traitement à partir du {date}, une fois votre consultation passée. Nous porterons une attention
          particulière à quelques points, expliqués ci-dessous.
        </>
      ),
      deferredDate: (date) => <>Vous pouvez recevoir un traitement au plus tôt le {date}.</>,
      deferredEarliest: (date) => (
        <>Vous pourriez recevoir un traitement au plus tôt le {date}, une fois que ce qui est décrit ci-dessous aura guéri ou disparu.</>
      ),
      deferred: "Vous pourrez recevoir un traitement une fois que ce qui est décrit ci-dessous aura guéri ou disparu.",
      needsReview:
        "Certaines de vos réponses doivent être revues avec vous par votre praticienne ou praticien avant de décider si le microneedling vous convient. On pourrait vous demander d’en parler à votre médecin.",
      notSuitable:
        "D’après vos réponses, le microneedling pourrait ne pas être sécuritaire pour vous. Vous n’avez rien fait de mal\u00a0: il s’agit de préserver votre santé. Votre praticienne ou praticien en discutera avec vous.",
    },
    sentTitle: "Vos réponses sont envoyées",
    saved: (at) => `Vos réponses sont enregistrées (${at}).`,
    until: (date) => `Vous pourrez recevoir un traitement à partir du ${date}.`,
    nextHeading: "La suite",
    nextText:
      "Votre praticienne ou praticien lit vos réponses avant votre consultation et les passe en revue avec vous sur place. Votre peau est aussi examinée, et la décision finale est prise avec vous — ce résultat est un premier repère, pas un diagnostic.",
    booking: (date, awaiting) => (
      <>
        Votre consultation peut avoir lieu comme prévu. Les séances de traitement peuvent être réservées à partir du {date}
        {awaiting ? ", une fois que ce qui est décrit ci-dessus aura guéri ou disparu" : ""}.
      </>
    ),
    reminded: (date) => `Nous vous enverrons un courriel le ${date} avec un lien pour réserver.`,
    remind: (date) => `M’envoyer un courriel le ${date}`,
    changes: (phone) => (
      <>
        Si quelque chose change avant votre visite — un nouveau médicament, un traitement ailleurs, une poussée d’acné ou un coup de soleil
        —, répondez de nouveau aux questions, ou appelez-nous au {phone}.
      </>
    ),
    backHome: "Retour à vos rendez-vous",
    record: "Votre dossier",
    reminderRefused: "Un rappel n’est possible que pour une attente qui se termine à une date connue.",
    reminderOutOfRange: "Cette date est passée ou trop lointaine pour un rappel\u00a0: vous pouvez réserver dès maintenant.",
  },
};

function useWords(): Words {
  return WORDS[useT().locale];
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
    <Intro clinicName={clinicName} />
  );
}

function Intro({ clinicName }: { clinicName: string }) {
  const w = useWords();
  return (
    <div className="intake">
      <title>{`${w.title} — ${clinicName}`}</title>
      <h1>{w.title}</h1>
      <p className="lead">{w.intro.lead}</p>
      <ul>
        {w.intro.points.map((point, i) => (
          <li key={i}>{point(STEPS.length)}</li>
        ))}
      </ul>
      <form method="post" action="/portal/intake">
        <button type="submit" name="go" value="start" className="button primary">
          {w.intro.start}
        </button>
      </form>
    </div>
  );
}

function ErrorSummary({ errors }: { errors: FormErrors }) {
  const w = useWords();
  const entries = Object.entries(errors);
  return (
    <div className="alert error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{w.checkAnswers(entries.length)}</h2>
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
  const w = useWords();
  const { t, href } = useT();
  const index = Math.max(0, stepIndex(view.stepId));
  const step = STEPS[index]!;
  const title = w.steps[step.id];
  const failed = Object.keys(view.errors).length > 0;
  const shown = new Set(view.sections.flatMap(fieldNamesOf));
  const ctx: FieldContext = { values: view.values, errors: view.errors };
  return (
    <div className="intake">
      <title>{`${failed ? w.error : ""}${w.stepTitle(index + 1, STEPS.length, title)} — ${w.title} — ${clinicName}`}</title>
      {failed ? <ErrorSummary errors={view.errors} /> : null}
      <h1 tabIndex={-1} autoFocus={!failed}>
        <span className="intake-count">{w.stepOf(index + 1, STEPS.length)}</span> {title}
      </h1>
      {view.prefilled && (index === 0 || step.id === "review") ? (
        <p className="notice intake-prefilled">{w.prefilled[view.prefilled]}</p>
      ) : null}
      <form method="post" action="/portal/intake" noValidate>
        <input type="hidden" name="step" value={step.id} />
        {view.review ? <input type="hidden" name="review" value="1" /> : null}
        {view.prefilled ? <input type="hidden" name="prefilled" value={view.prefilled} /> : null}
        <HiddenValues values={view.values} except={shown} />
        {step.id === "review" ? (
          <Review summary={view.summary} />
        ) : (
          view.sections.map((group) => <Section key={group.linkId} group={group} ctx={ctx} titled={view.sections.length > 1} />)
        )}
        {/* The first button is the one Enter presses in a field: Continue, never "add another". */}
        <div className="intake-actions">
          {step.id === "review" ? (
            <button type="submit" name="go" value="submit" className="button primary">
              {w.send}
            </button>
          ) : (
            <button type="submit" name="go" value="next" className="button primary">
              {view.review ? w.saveAndReview : w.next}
            </button>
          )}
          {/* Always offered: whether rows are needed is answered on this same page, and there is no script to wait for it. */}
          {step.id === "procedures" && procedureRowCount(view.values) < PROCEDURE_ROWS_MAX ? (
            <button type="submit" name="go" value="add-procedure" className="button secondary">
              {w.addProcedure}
            </button>
          ) : null}
          {index > 0 ? (
            <button type="submit" name="go" value="back" className="link-button">
              {w.back}
            </button>
          ) : null}
        </div>
      </form>
      <p className="muted small intake-privacy">
        {w.keptNote} <Link to={href("/privacy")}>{t("portal.privacy")}</Link>
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
  const w = useWords();
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">{w.error}</span>
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
  const w = useWords();
  const { href } = useT();
  if (item.readOnly) return null;
  if (item.type === "display") {
    return (
      <div className="intake-display">
        <p>{item.text}</p>
        {item.linkId === "privacy-notice" ? (
          <p>
            {w.privacyNotice((text) => (
              <Link to={href("/privacy")}>{text}</Link>
            ))}
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
  const w = useWords();
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const base = `q-${name}`;
  const multiple = item.type === "choice" && Boolean(item.repeats);
  const choices =
    item.type === "boolean"
      ? [
          { code: "yes", label: w.yes, exclusive: false },
          { code: "no", label: w.no, exclusive: false },
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
          // The first choice carries the question's id, so the error summary's link lands on it. The others
          // take a double dash: "isotretinoin" + "stopped" must not take the id of the question "isotretinoin-stopped".
          const id = i === 0 ? `field-${name}` : `field-${name}--${c.code}`;
          const followUps = followUpsOf(item, c.code, siblings);
          return (
            <div key={c.code}>
              {c.exclusive && c.code === NONE ? <p className="choice-or">{w.or}</p> : null}
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
  const w = useWords();
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
        <option value="">{w.chooseTreatment}</option>
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
  const w = useWords();
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const id = `field-${name}`;
  return (
    <div className={`field intake-question${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {item.text}
        {item.required ? null : <span className="optional">{w.optional}</span>}
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

function DateQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const w = useWords();
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
                {w.dateParts[part]}
                {part === "day" && dayOptional(item.linkId) ? <span className="optional">{w.optional}</span> : null}
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
  const w = useWords();
  const rows = procedureRowCount(ctx.values);
  const children = questionsOf(group);
  return (
    <div className="intake-procedures">
      <input type="hidden" name={PROCEDURE_ROWS_FIELD} value={String(rows)} />
      <p className="hint">{w.proceduresHint}</p>
      {Array.from({ length: rows }, (_, i) => i + 1).map((row) => (
        <fieldset key={row} className="intake-row">
          <legend>{w.treatment(row)}</legend>
          {children.map((child) => (
            <Question key={child.linkId} item={child} ctx={ctx} siblings={children} name={rowField(row, child.linkId)} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

// ---- the review screen --------------------------------------------------------------------------

function Review({ summary }: { summary: StepView["summary"] }) {
  const w = useWords();
  return (
    <>
      <p>{w.reviewIntro}</p>
      <p>{w.reviewShares}</p>
      {STEPS.filter((s) => s.id !== "review").map((step) => {
        const lines = summary.filter((s) => step.sections.includes(s.section)).flatMap((s) => s.lines);
        const title = w.steps[step.id];
        return (
          <section key={step.id} className="intake-review" aria-labelledby={`review-${step.id}`}>
            <h2 id={`review-${step.id}`}>{title}</h2>
            <dl>
              {lines.map((line, i) => (
                <div key={`${line.linkId}-${i}`}>
                  <dt>{line.question}</dt>
                  <dd className="intake-answer">{line.answer}</dd>
                </div>
              ))}
            </dl>
            <button type="submit" name="go" value={`change:${step.id}`} className="link-button">
              {w.change}
              <span className="visually-hidden">: {title.toLowerCase()}</span>
            </button>
          </section>
        );
      })}
    </>
  );
}

// ---- the result --------------------------------------------------------------------------------

const REASON_ORDER: readonly ReasonOutcome[] = ["not-suitable", "needs-review", "deferred", "suitable-with-precautions"];

function headline(w: Words, view: ResultView): string {
  switch (view.outcome) {
    case "suitable":
      return w.headline.suitable;
    case "suitable-with-precautions":
      return w.headline.precautions;
    case "deferred":
      return view.earliest && !view.awaitingResolution ? w.headline.waitLittle : w.headline.waitForNow;
    case "needs-review":
      return w.headline.needsReview;
    case "not-suitable":
      return w.headline.notSuitable;
  }
}

function Lead({ view }: { view: ResultView }) {
  const w = useWords();
  const date = <strong className="intake-date">{view.earliest}</strong>;
  switch (view.outcome) {
    case "suitable":
      return <p className="lead">{w.lead.suitable(date)}</p>;
    case "suitable-with-precautions":
      return <p className="lead">{w.lead.precautions(date)}</p>;
    case "deferred":
      if (view.earliest && !view.awaitingResolution) return <p className="lead">{w.lead.deferredDate(date)}</p>;
      if (view.earliest) return <p className="lead">{w.lead.deferredEarliest(date)}</p>;
      return <p className="lead">{w.lead.deferred}</p>;
    case "needs-review":
      return <p className="lead">{w.lead.needsReview}</p>;
    case "not-suitable":
      return <p className="lead">{w.lead.notSuitable}</p>;
  }
}

function ResultPage({ view, clinicName, phone }: { view: ResultView; clinicName: string; phone: string }) {
  const w = useWords();
  const { locale } = useT();
  const groups = REASON_ORDER.map((outcome) => ({ outcome, reasons: view.reasons.filter((r) => r.outcome === outcome) })).filter(
    (g) => g.reasons.length > 0,
  );
  const datedWait = view.outcome === "deferred" && view.earliest !== null;
  // Each reason comes in the client's language (reasons-fr.ts, chosen in the loader); a rule with
  // no wording in it shows the engine's English, marked so screen readers switch voice.
  return (
    <div className="intake intake-result" data-outcome={view.outcome}>
      <title>{`${w.sentTitle} — ${w.title} — ${clinicName}`}</title>
      <div className="success" role="status">
        <p>{w.saved(view.sentAt)}</p>
      </div>
      <h1 tabIndex={-1} autoFocus>
        {headline(w, view)}
      </h1>
      <Lead view={view} />
      {groups.map((g) => (
        <section key={g.outcome} aria-labelledby={`reasons-${g.outcome}`}>
          <h2 id={`reasons-${g.outcome}`}>{w.reasons[g.outcome]}</h2>
          <ul className="intake-reasons">
            {g.reasons.map((r) => (
              <li key={r.ruleId}>
                <span lang={r.lang}>{r.message}</span>
                {r.until ? <> {w.until(r.until)}</> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">{w.nextHeading}</h2>
        <p>{w.nextText}</p>
        {datedWait ? <p>{w.booking(<strong className="intake-date">{view.earliest}</strong>, view.awaitingResolution)}</p> : null}
        {datedWait && !view.awaitingResolution ? (
          view.reminded ? (
            <p role="status" className="notice">
              {w.reminded(view.earliest!)}
            </p>
          ) : (
            <form method="post" action="/portal/intake" className="actions">
              <input type="hidden" name="screeningId" value={view.screeningId} />
              <button type="submit" name="go" value="remind" className="button secondary">
                {w.remind(view.earliest!)}
              </button>
            </form>
          )
        ) : null}
        <p>{w.changes(<a href={`tel:${phone.replace(/[^0-9+]/g, "")}`}>{phone}</a>)}</p>
      </section>
      <p className="actions">
        <Link to="/portal" className="button primary">
          {w.backHome}
        </Link>
        <Link to="/portal/record" className="button secondary">
          {w.record}
        </Link>
      </p>
    </div>
  );
}
