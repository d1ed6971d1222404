import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { CHECKIN_QUESTION } from "../../lib/checkin-questions.ts";
import type { Route } from "./+types/record";
import recordsCss from "../staff/records.css?url";
import { actionLabel, roleLabel } from "../../../src/audit/labels.ts";
import { clientOwnRecord } from "../../../src/privacy/client-record.ts";
import { requestCorrection } from "../../../src/privacy/corrections.ts";
import { problemOf } from "../../../src/kernel/errors.ts";
import { CORRECTION_ANSWER_DAYS, CORRECTION_MAX_CHARS, CORRECTION_MIN_CHARS } from "../../../src/privacy/limits.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { getClient, getServices } from "../../context.ts";
import { translator, type MessageKey } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import { formatDateLong, formatDateTime } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { localizedText } from "../../../src/scheduling/clinic-text.ts";
import { isPlainText } from "../../../src/kernel/text.ts";
import { readForm } from "../../lib/form.ts";
import { QUESTION_ORDER, type CheckinAnswers, type CheckinField } from "../../../src/plans/checkin.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";

// Plain HTML like the rest of the portal: links and forms work without JavaScript.
export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: recordsCss }];

// Never the client's name or anything from the record.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.nav.record");

const STATUS: Record<string, MessageKey> = {
  booked: "portal.status.booked",
  cancelled: "portal.status.cancelled",
  completed: "portal.status.completed",
  "no-show": "portal.status.noShow",
};
const CORRECTION_STATUS: Record<string, MessageKey> = {
  open: "portal.record.correctionOpen",
  corrected: "portal.record.correctionCorrected",
  refused: "portal.record.correctionRefused",
};
// What the client may see in their access log; anything else keeps the audit page's words.
const ACTION: Record<string, MessageKey> = {
  "health-record.view": "portal.action.view",
  "health-record.edit": "portal.action.edit",
  "health-record.print": "portal.action.print",
  "health-record.export": "portal.action.export",
  "health-record.break-glass": "portal.action.breakGlass",
  "health-record.denied": "portal.action.denied",
  "health-record.lock": "portal.action.lock",
  "health-record.unlock": "portal.action.unlock",
  "health-record.correction-request": "portal.action.correctionRequest",
  "treatment-plan.accept": "portal.action.planAccept",
};
const ROLE: Record<string, MessageKey> = {
  owner: "portal.role.owner",
  manager: "portal.role.manager",
  practitioner: "portal.role.practitioner",
  "front-desk": "portal.role.frontDesk",
};

/** The photo sent with a check-in, shown small (it opens whole from its link); its address is the client's own, audited on each view. */
const checkinPhotoThumb = (photo: { id: string; width: number; height: number }, alt: string) => ({
  src: `/portal/checkin-photos/${photo.id}`,
  width: photo.width,
  height: photo.height,
  alt,
});

function answerKey(answers: CheckinAnswers, field: Exclude<CheckinField, "note">): MessageKey {
  const value = answers[field];
  if (typeof value === "boolean") return value ? "portal.checkin.yes" : "portal.checkin.no";
  return (field === "crusting" ? `portal.checkin.crusting.${value}` : `portal.checkin.level.${value}`) as MessageKey;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const record = await clientOwnRecord(services.db, { client, keyRing: services.keyRing, purpose: "view", now: services.now() });
  return {
    sent: new URL(request.url).searchParams.has("sent"),
    clinicName: clinic.name,
    contact: {
      name: record.contact.name,
      email: record.contact.email,
      phone: record.contact.phone,
      since: formatDateTime(record.contact.createdAt, tz, locale),
    },
    appointments: record.appointments.map((a) => ({
      id: a.id,
      when: formatDateTime(a.startMs, tz, locale),
      what: localizedText({ name: a.serviceName, nameFr: a.serviceNameFr }, "name", locale).text,
      who: a.practitionerName,
      status: a.status in STATUS ? t(STATUS[a.status]!) : a.status,
    })),
    notes: record.notes.map((n) => ({
      id: n.id,
      when: formatDateTime(n.createdAt, tz, locale),
      author: n.authorName,
      body: n.body,
      damaged: n.damaged,
    })),
    corrections: record.corrections.map((c) => ({
      id: c.id,
      when: formatDateTime(c.createdAt, tz, locale),
      status: c.status in CORRECTION_STATUS ? t(CORRECTION_STATUS[c.status]!) : c.status,
      body: c.body,
    })),
    lock: record.lock ? { names: record.lock.allowedNames, since: formatDateTime(record.lock.lockedAt, tz, locale) } : null,
    checkins: record.checkins.map((c) => {
      const f = c.followUp;
      const closed = f?.status === "closed" && f.closedAt !== null ? f : null;
      const answers = c.answers;
      return {
        id: c.id,
        heading: t("portal.record.checkinHeading", { day: c.day, date: formatDateLong(localDateOf(c.sessionStartMs, tz), locale) }),
        answered: t("portal.record.checkinAnswered", { when: formatDateTime(c.answeredAt, tz, locale) }),
        outcome: t(
          c.outcome === "expected"
            ? "portal.record.checkinExpected"
            : closed
              ? "portal.record.checkinFollowedUp"
              : "portal.record.checkinFollowUpOpen",
        ),
        damaged: c.damaged,
        answers: answers
          ? QUESTION_ORDER.map((q) => ({
              question: q,
              text: t(CHECKIN_QUESTION[q]),
              answer: q === "note" ? answers.note || t("portal.record.checkinNoNote") : t(answerKey(answers, q)),
            }))
          : [],
        note: closed
          ? {
              heading: t("portal.record.checkinNote", {
                name: closed.closedBy ?? t("portal.record.formerStaff"),
                when: formatDateTime(closed.closedAt!, tz, locale),
              }),
              text: closed.note,
            }
          : null,
        photo: c.photo ? checkinPhotoThumb(c.photo, t("portal.checkinPhoto.alt", { day: c.day })) : null,
      };
    }),
    accessLog: record.accessLog.map((e, i) => ({
      key: `${e.at}-${i}`,
      when: formatDateTime(e.at, tz, locale),
      who:
        e.actorType === "client"
          ? t("portal.record.you")
          : e.actorType === "staff"
            ? (e.actorName ?? t("portal.record.formerStaff"))
            : t("portal.record.system"),
      role: e.actorType !== "staff" ? "" : e.actorRole && e.actorRole in ROLE ? t(ROLE[e.actorRole]!) : roleLabel(e.actorRole),
      what: e.action in ACTION ? t(ACTION[e.action]!) : actionLabel(e.action),
      reason: e.reason,
      breakGlass: e.action === "health-record.break-glass",
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const t = translator(getPortalLocale(context));
  const form = await readForm(request);
  const body = String(form.get("body") ?? "");
  try {
    await requestCorrection(services.db, { client, keyRing: services.keyRing, body, now: services.now() });
  } catch (error) {
    const problem = problemOf(error);
    // The text goes back to its form in this POST's answer, never into a URL.
    if (problem?.status === 422) {
      const errors: Record<string, string> = { ...problem.errors };
      // The request's one field, in the client's language.
      if (errors.body) {
        const length = body.replace(/\r\n/g, "\n").trim().length;
        errors.body = !isPlainText(body)
          ? t("portal.record.correctionControl")
          : length > CORRECTION_MAX_CHARS
            ? t("portal.record.correctionTooLong", { max: CORRECTION_MAX_CHARS })
            : t("portal.record.correctionTooShort", { min: CORRECTION_MIN_CHARS });
      }
      return data({ errors, body }, { status: 422 });
    }
    throw error;
  }
  return redirect("/portal/record?sent=1#correction", 303);
}

export default function PortalRecord() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const { t } = useT();
  return (
    <div className="record-page">
      <h1>{t("portal.nav.record")}</h1>
      <p>{t("portal.record.intro", { clinic: d.clinicName })}</p>

      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t("portal.record.contact")}</h2>
        <dl className="summary-card details record-details">
          <div>
            <dt>{t("portal.record.name")}</dt>
            <dd>{d.contact.name}</dd>
          </div>
          <div>
            <dt>{t("portal.record.email")}</dt>
            <dd>{d.contact.email}</dd>
          </div>
          <div>
            <dt>{t("portal.record.phone")}</dt>
            <dd>{d.contact.phone ?? t("portal.record.notGiven")}</dd>
          </div>
          <div>
            <dt>{t("portal.record.since")}</dt>
            <dd>{d.contact.since}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="appointments-heading">
        <h2 id="appointments-heading">{t("portal.nav.appointments")}</h2>
        {d.appointments.length === 0 ? (
          <p>{t("portal.record.noAppointments")}</p>
        ) : (
          <ul className="record-list">
            {d.appointments.map((a) => (
              <li key={a.id} className="record-item">
                <p>{a.when}</p>
                <p className="small muted">
                  {t("portal.record.appointmentLine", { service: a.what, practitioner: a.who, status: a.status })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t("portal.record.notes")}</h2>
        {d.lock ? <p className="notice">{t("portal.record.lock", { names: d.lock.names.join(", "), since: d.lock.since })}</p> : null}
        {d.notes.length === 0 ? (
          <p>{t("portal.record.noNotes")}</p>
        ) : (
          <ol className="record-list">
            {d.notes.map((n) => (
              <li key={n.id} className="record-item">
                <p className="small muted">
                  {n.when}
                  {n.author ? ` · ${n.author}` : ""}
                </p>
                {n.damaged ? <p className="alert">{t("portal.record.noteDamaged")}</p> : <p className="note-body">{n.body}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="checkins-heading">
        <h2 id="checkins-heading">{t("portal.record.checkins")}</h2>
        <p className="muted small">{t("portal.record.checkinsIntro")}</p>
        {d.checkins.length === 0 ? (
          <p>{t("portal.record.noCheckins")}</p>
        ) : (
          <ol className="record-list">
            {d.checkins.map((c) => (
              <li key={c.id} className="record-item">
                <h3>{c.heading}</h3>
                <p className="small muted">{c.answered}</p>
                <p>
                  <span className="record-status">{c.outcome}</span>
                </p>
                {c.damaged ? (
                  <p className="alert">{t("portal.record.checkinDamaged")}</p>
                ) : (
                  // Twelve answers each: folded, so the list of check-ins stays short on a phone (opens without JavaScript).
                  <details className="record-answers">
                    <summary>{t("portal.record.checkinAnswers")}</summary>
                    <dl className="answer-list">
                      {c.answers.map((a) => (
                        <div key={a.question}>
                          <dt>{a.text}</dt>
                          <dd className="note-body">{a.answer}</dd>
                        </div>
                      ))}
                    </dl>
                  </details>
                )}
                {c.photo ? (
                  <figure className="record-photo small">
                    <a href={c.photo.src}>
                      <img src={c.photo.src} width={c.photo.width} height={c.photo.height} alt={c.photo.alt} loading="lazy" />
                    </a>
                    <figcaption className="small muted">{t("portal.checkinPhoto.sent")}</figcaption>
                  </figure>
                ) : null}
                {c.note ? (
                  <>
                    <h4>{c.note.heading}</h4>
                    {c.note.text === null ? (
                      <p className="alert">{t("portal.record.checkinNoteDamaged")}</p>
                    ) : (
                      <p className="note-body">{c.note.text}</p>
                    )}
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">{t("portal.record.access")}</h2>
        <p className="muted small">{t("portal.record.accessIntro")}</p>
        {d.accessLog.length === 0 ? (
          <p>{t("portal.record.noAccess")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="access-caption" tabIndex={0}>
            <table>
              <caption id="access-caption" className="visually-hidden">
                {t("portal.record.accessCaption")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("portal.record.when")}</th>
                  <th scope="col">{t("portal.record.who")}</th>
                  <th scope="col">{t("portal.record.what")}</th>
                </tr>
              </thead>
              <tbody>
                {d.accessLog.map((e) => (
                  <tr key={e.key}>
                    <td className="small">{e.when}</td>
                    <td>
                      {e.who}
                      {e.role ? <div className="small muted">{e.role}</div> : null}
                    </td>
                    <td>
                      {e.breakGlass ? <strong>{e.what}</strong> : e.what}
                      {e.reason ? <div className="small">{t("portal.record.reason", { reason: e.reason })}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="download-heading">
        <h2 id="download-heading">{t("portal.record.download")}</h2>
        <p>{t("portal.record.downloadIntro")}</p>
        <div className="download-links">
          <a className="button secondary" href="/portal/record/download/json" download>
            {t("portal.record.downloadJson")}
          </a>
          <a className="button secondary" href="/portal/record/download/fhir" download>
            {t("portal.record.downloadFhir")}
          </a>
        </div>
      </section>

      <section aria-labelledby="correction">
        <h2 id="correction">{t("portal.record.correction")}</h2>
        {d.sent ? (
          <div className="success" role="status">
            <p>{t("portal.record.correctionSent", { days: CORRECTION_ANSWER_DAYS })}</p>
          </div>
        ) : null}
        {d.corrections.length > 0 ? (
          <ul className="record-list">
            {d.corrections.map((c) => (
              <li key={c.id} className="record-item">
                <p className="small muted">{t("portal.record.correctionLine", { when: c.when, status: c.status })}</p>
                <p className="note-body">{c.body ?? t("portal.record.correctionDamaged")}</p>
              </li>
            ))}
          </ul>
        ) : null}
        <p>{t("portal.record.correctionIntro", { days: CORRECTION_ANSWER_DAYS })}</p>
        <ErrorSummary errors={errors} heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")} />
        <Form method="post" action="/portal/record" noValidate className="stack">
          <TextField
            name="body"
            label={t("portal.record.correctionLabel")}
            value={result?.body}
            error={errors.body}
            multiline
            rows={5}
            maxLength={CORRECTION_MAX_CHARS}
            required
          />
          <button type="submit" className="button primary">
            {t("portal.record.correctionSubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
