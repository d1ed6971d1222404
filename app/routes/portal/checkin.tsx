// "How is your skin?" (/portal/checkin/:appointmentId/:day): the check-in of a
// completed treatment on one of the clinic's check-in days (docs/checkins.md).
// The client answers yes/no and none/mild/strong questions and may add a note
// and one photo; the answer is judged by the clinic's rules
// (src/plans/checkin.ts) and the page thanks them, or tells them plainly to
// call the clinic (with its number) or to seek care now.
// Plain HTML like the rest of the portal: the form, its photo included, works
// without JavaScript (a multipart post). A photo that cannot be used comes
// back with every answer kept; a few lines of script only spare a phone from
// sending a file over the size limit (docs/checkins.md).
import { CHECKIN_QUESTION } from "../../lib/checkin-questions.ts";
import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/checkin";
import { CRUSTING, LEVELS, QUESTION_ORDER, type CheckinField, type CheckinFieldProblem } from "../../../src/plans/checkin.ts";
import { PHOTO_ACCEPT, PHOTO_MAX_BYTES, type PhotoProblem } from "../../../src/plans/photos.ts";
import {
  CheckinAnswersError,
  CheckinNotOpenError,
  answerCheckin,
  openClientCheckin,
  type DueCheckin,
} from "../../../src/plans/record/checkins.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ErrorSummary, FieldFrame, describedBy } from "../../components/ContactFields.tsx";
import { InlineScript } from "../../components/InlineScript.tsx";
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
  const file = form.get("photo");
  const photo = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  const answered = (result: "thanks" | "call-clinic" | "seek-care-now" | "not-open", photoId: string | null = null) => ({
    result,
    photoId,
    problems: null,
    photoProblem: null,
    values: null,
  });
  try {
    const r = await answerCheckin(services.db, {
      client: { organizationId: client.organizationId, clientId: client.clientId },
      keyRing: services.keyRing,
      appointmentId: params.appointmentId,
      day: dayOf(params.day),
      input,
      photo,
      now: services.now(),
    });
    return answered(r.advice ?? "thanks", r.photoId);
  } catch (error) {
    if (error instanceof CheckinAnswersError) {
      // A file input cannot be filled again: a good photo sent with a refused answer is asked for again.
      const photoProblem: PhotoProblem | "again" | null = error.photo ?? (photo ? "again" : null);
      return data({ result: null, photoId: null, problems: error.problems, photoProblem, values: input }, { status: 422 });
    }
    if (error instanceof CheckinNotOpenError) return data(answered("not-open"), { status: 409 });
    throw error;
  }
}

const PHOTO_PROBLEM: Record<PhotoProblem | "again", MessageKey> = {
  again: "portal.checkinPhoto.again",
  empty: "portal.checkinPhoto.empty",
  "too-large": "portal.checkinPhoto.tooLarge",
  unreadable: "portal.checkinPhoto.unreadable",
  damaged: "portal.checkinPhoto.damaged",
};

// With JavaScript, a file over the limit is refused as soon as it is chosen: sent, it would pass
// the server's body limit for this page and the answers typed would be lost with it.
const PHOTO_SIZE_SCRIPT =
  '(function(){var i=document.getElementById("field-photo"),m=document.getElementById("field-photo-size");if(!i||!m)return;' +
  'i.addEventListener("change",function(){var f=i.files&&i.files[0],big=!!f&&f.size>Number(i.dataset.maxBytes);' +
  'if(big)i.value="";m.hidden=!big})})()';

/** The optional photo: a plain file input (a phone offers its camera or its photos), its hint, and why a photo was refused. */
function PhotoField({ error }: { error?: string }) {
  const { t } = useT();
  const label = (
    <>
      {t("portal.checkinPhoto.label")} <span className="optional">{t("portal.checkin.optional")}</span>
    </>
  );
  return (
    <FieldFrame id="field-photo" label={label} hint={t("portal.checkinPhoto.hint")} error={error}>
      <p className="field-error" id="field-photo-size" role="alert" hidden>
        {t("portal.checkinPhoto.tooLarge")}
      </p>
      <input
        id="field-photo"
        name="photo"
        type="file"
        accept={PHOTO_ACCEPT}
        data-max-bytes={PHOTO_MAX_BYTES}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy("field-photo", true, error)}
      />
      <InlineScript code={PHOTO_SIZE_SCRIPT} />
    </FieldFrame>
  );
}

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
      <legend>{t(CHECKIN_QUESTION[field])}</legend>
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
        {result.photoId ? (
          <figure className="record-photo">
            <img src={`/portal/checkin-photos/${result.photoId}`} alt={t("portal.checkinPhoto.sent")} />
            <figcaption>{t("portal.checkinPhoto.received")}</figcaption>
          </figure>
        ) : null}
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
  if (result?.photoProblem) errors.photo = t(PHOTO_PROBLEM[result.photoProblem]);
  const values = result?.values ?? {};
  return (
    <>
      <h1>{t("portal.checkin.title")}</h1>
      <p>{rich(locale, "portal.checkin.intro", { phone }, { day: d.day, date: d.date, phone: d.clinicPhone })}</p>
      <ErrorSummary errors={errors} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />
      <Form method="post" encType="multipart/form-data" noValidate className="stack checkin-form">
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
        <PhotoField error={errors.photo} />
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
