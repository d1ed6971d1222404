// "How is your skin?" (/portal/checkin/:appointmentId/:day): the check-in of a
// completed treatment on one of the clinic's check-in days (docs/checkins.md).
// The client answers yes/no and none/mild/strong questions and may add a note;
// the answer is judged by the clinic's rules (src/plans/checkin.ts) and the
// page thanks them, or tells them plainly to call the clinic (with its number)
// or to seek care now. Photos are not taken here (said on the page).
// Plain HTML like the rest of the portal: the form works without JavaScript.
import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/checkin";
import { CRUSTING, LEVELS, QUESTION_ORDER, type CheckinField, type CheckinFieldProblem } from "../../../src/plans/checkin.ts";
import {
  CheckinAnswersError,
  CheckinNotOpenError,
  answerCheckin,
  openClientCheckin,
  type DueCheckin,
} from "../../../src/plans/record/checkins.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { PortalError } from "../../components/PortalError.tsx";
import { getClient, getServices } from "../../context.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { rich, useT } from "../../i18n/context.tsx";
import { readForm } from "../../lib/form.ts";
import { formatDateLong, telHref } from "../../lib/format.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";

export const handle = { hydrate: false };

// Names the page only: never the client, a date or an answer.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.checkin.title");

function dayOf(param: string | undefined): number {
  return /^\d{1,2}$/.test(param ?? "") ? Number(param) : -1;
}

async function open(context: Route.LoaderArgs["context"], params: Route.LoaderArgs["params"]) {
  const { services, client, locale, clinic } = await portalPage(context);
  let due: DueCheckin;
  try {
    due = await openClientCheckin(services.db, {
      client: { organizationId: client.organizationId, clientId: client.clientId },
      appointmentId: params.appointmentId,
      day: dayOf(params.day),
      now: services.now(),
    });
  } catch (error) {
    if (error instanceof CheckinNotOpenError) return { open: false as const, clinicPhone: clinic.location.phone };
    throw error;
  }
  return {
    open: true as const,
    clinicPhone: clinic.location.phone,
    day: due.day,
    date: formatDateLong(localDateOf(due.startMs, clinic.location.timeZone), locale),
  };
}

export async function loader({ context, params }: Route.LoaderArgs) {
  return open(context, params);
}

const PROBLEM: Record<CheckinFieldProblem, MessageKey> = {
  required: "portal.checkin.required",
  "too-long": "portal.checkin.tooLong",
  control: "portal.checkin.control",
};

export async function action({ context, request, params }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const form = await readForm(request);
  const input: Record<string, string> = {};
  for (const key of QUESTION_ORDER) {
    const v = form.get(key);
    input[key] = typeof v === "string" ? v : "";
  }
  try {
    const r = await answerCheckin(services.db, {
      client: { organizationId: client.organizationId, clientId: client.clientId },
      keyRing: services.keyRing,
      appointmentId: params.appointmentId,
      day: dayOf(params.day),
      input,
      now: services.now(),
    });
    return { result: r.advice ?? "thanks", problems: null, values: null };
  } catch (error) {
    if (error instanceof CheckinAnswersError) return data({ result: null, problems: error.problems, values: input }, { status: 422 });
    if (error instanceof CheckinNotOpenError) return data({ result: "not-open" as const, problems: null, values: null }, { status: 409 });
    throw error;
  }
}

const QUESTION: Record<Exclude<CheckinField, "note">, MessageKey> = {
  redness: "portal.checkin.q.redness",
  swelling: "portal.checkin.q.swelling",
  swellingWorse: "portal.checkin.q.swellingWorse",
  eyesOrBreathing: "portal.checkin.q.eyesOrBreathing",
  pain: "portal.checkin.q.pain",
  painWorse: "portal.checkin.q.painWorse",
  infection: "portal.checkin.q.infection",
  fever: "portal.checkin.q.fever",
  bumps: "portal.checkin.q.bumps",
  crusting: "portal.checkin.q.crusting",
  coldSore: "portal.checkin.q.coldSore",
};

function choicesOf(field: Exclude<CheckinField, "note">): { value: string; label: MessageKey }[] {
  if (field === "redness" || field === "swelling" || field === "pain")
    return LEVELS.map((l) => ({ value: l, label: `portal.checkin.level.${l}` as MessageKey }));
  if (field === "crusting") return CRUSTING.map((c) => ({ value: c, label: `portal.checkin.crusting.${c}` as MessageKey }));
  return [
    { value: "no", label: "portal.checkin.no" },
    { value: "yes", label: "portal.checkin.yes" },
  ];
}

function Question({ field, error, value }: { field: Exclude<CheckinField, "note">; error?: string; value?: string }) {
  const { t } = useT();
  const id = `field-${field}`;
  const hint = field === "redness" ? t("portal.checkin.q.rednessHint") : null;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset id={id} className="checkin-question" aria-describedby={describedBy}>
      <legend>{t(QUESTION[field])}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <div className="choices">
        {choicesOf(field).map((c) => (
          <label key={c.value} className="choice">
            <input type="radio" name={field} value={c.value} defaultChecked={value === c.value} required />
            {t(c.label)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export default function PortalCheckin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  const phone = (text: React.ReactNode) => <a href={telHref(d.clinicPhone)}>{text}</a>;
  const back = (
    <p>
      <Link to="/portal/sessions">{t("portal.checkin.back")}</Link>
    </p>
  );

  if (result?.result) {
    const r = result.result;
    return (
      <>
        <h1>{t("portal.checkin.title")}</h1>
        {r === "thanks" ? (
          <p className="alert success" role="status">
            {t("portal.checkin.thanks")}
          </p>
        ) : r === "not-open" ? (
          <p className="alert" role="alert">
            {t("portal.checkin.notOpen")}
          </p>
        ) : (
          <p className="alert" role="alert">
            <strong>
              {rich(
                locale,
                r === "seek-care-now" ? "portal.checkin.seekCare" : "portal.checkin.callClinic",
                { phone },
                { phone: d.clinicPhone },
              )}
            </strong>
          </p>
        )}
        {back}
      </>
    );
  }

  if (!d.open) {
    return (
      <>
        <h1>{t("portal.checkin.title")}</h1>
        <p className="alert" role="status">
          {t("portal.checkin.notOpen")}
        </p>
        {back}
      </>
    );
  }

  const problems = result?.problems ?? {};
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(problems).map(([field, problem]) => [field, t(PROBLEM[problem as CheckinFieldProblem])]),
  );
  const values = result?.values ?? {};
  return (
    <>
      <h1>{t("portal.checkin.title")}</h1>
      <p>{rich(locale, "portal.checkin.intro", { phone }, { day: d.day, date: d.date, phone: d.clinicPhone })}</p>
      <ErrorSummary errors={errors} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />
      <Form method="post" noValidate className="stack checkin-form">
        {QUESTION_ORDER.filter((f): f is Exclude<CheckinField, "note"> => f !== "note").map((field) => (
          <Question key={field} field={field} error={errors[field]} value={values[field]} />
        ))}
        <div className={`field${errors.note ? " has-error" : ""}`}>
          <label htmlFor="field-note">
            {t("portal.checkin.q.note")} <span className="optional">{t("portal.checkin.optional")}</span>
          </label>
          <p className="hint" id="field-note-hint">
            {t("portal.checkin.q.noteHint")}
          </p>
          {errors.note ? (
            <p className="field-error" id="field-note-error">
              {errors.note}
            </p>
          ) : null}
          <textarea
            id="field-note"
            name="note"
            rows={3}
            maxLength={1000}
            defaultValue={values.note ?? ""}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={`field-note-hint${errors.note ? " field-note-error" : ""}`}
          />
        </div>
        <p className="muted small">{t("portal.checkin.photo")}</p>
        <button type="submit" className="button primary">
          {t("portal.checkin.submit")}
        </button>
      </Form>
      {back}
    </>
  );
}

// Inside the portal's header and navigation, like its other pages.
export function ErrorBoundary() {
  return <PortalError />;
}
