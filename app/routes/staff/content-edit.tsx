// Editing a page or article: the fields, the quality guard's findings beside
// the text, and the workflow's steps. Every button saves the form first (a
// new revision when anything changed), so nothing typed is lost when a step
// is refused; then it submits for review, publishes or schedules, each of
// which runs the guard again. Blocking findings stop those steps; an image
// whose licence needs confirming needs the checkbox; the owner alone may
// publish over blocking findings, with a reason. All of it is audited.
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "react-router";
import type { Route } from "./+types/content-edit";
import adminCss from "./admin.css?url";
import { useFocusOnArrival } from "../../lib/focus-on-arrival.ts";
import contentCss from "./content.css?url";
import {
  cancelSchedule,
  publishDocument,
  scheduleDocument,
  submitForReview,
  unpublishDocument,
} from "../../../src/content/document-workflow.ts";
import { ContentStateError, GuardBlockedError } from "../../../src/content/errors.ts";
import { saveDraft } from "../../../src/content/draft-writing.ts";
import { viewDocument } from "../../../src/content/desk-reading.ts";
import type { GuardReport } from "../../../src/content/findings.ts";
import { OVERRIDE_REASON_MIN } from "../../../src/content/limits.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { localDateOf, todayIn } from "../../../src/scheduling/time.ts";
import { ErrorSummary, FieldFrame } from "../../components/ContactFields.tsx";
import { libraryForEditor, rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { FindingsList } from "../../components/ContentFindings.tsx";
import { ContentFields, ImageInsertHelper } from "../../components/ContentForm.tsx";
import { KIND_TEXT, LOCALE_TEXT, StatusTags } from "../../components/ContentStatus.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime, zoned } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData ? `Edit “${loaderData.doc.working.title}”` : "Edit"} — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  try {
    const doc = await viewDocument(services.db, { staff, documentId: params.documentId, now: services.now() });
    const library = await libraryForEditor(services.db, staff, doc.locale);
    const zone = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
    const search = new URL(request.url).searchParams;
    const scheduled = doc.scheduledAt ? zoned(doc.scheduledAt, zone) : null;
    return {
      doc,
      library,
      zone,
      saved: search.get("saved"),
      cancelledSchedule: search.get("cancelled") === "1",
      canPublish: can(staff.role, "content.publish"),
      canOverride: can(staff.role, "content.override"),
      today: todayIn(zone, services.now()),
      scheduledText: doc.scheduledAt ? formatDateTime(doc.scheduledAt, zone) : null,
      scheduledLocal: scheduled
        ? { date: localDateOf(doc.scheduledAt!, zone), time: scheduled.toPlainTime().toString({ smallestUnit: "minute" }) }
        : null,
      liveText: doc.live ? formatDateTime(doc.live.publishedAt, zone) : null,
      failureText: doc.scheduleFailure ? formatDateTime(Date.parse(doc.scheduleFailure.at), zone) : null,
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

type Values = { title: string; slug: string; summary: string; body: string; coverAssetId: string };
type Result = {
  values: Values;
  errors: Record<string, string>;
  /** The form was saved before the step was refused. */
  saved: boolean;
  blocked?: string;
  report?: GuardReport;
  refused?: string;
  gate: { confirmLicences: boolean; override: boolean; overrideReason: string; scheduleDate: string; scheduleTime: string };
};

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const documentId = params.documentId;
  const back = (flash: string, extra = "") => redirect(`/staff/content/${documentId}?saved=${flash}${extra}`, 303);
  const values: Values = {
    title: text("title"),
    slug: text("slug"),
    summary: text("summary"),
    body: text("body"),
    coverAssetId: text("coverAssetId"),
  };
  const gateValues = {
    confirmLicences: form.get("confirmLicences") === "on",
    override: form.get("override") === "on",
    overrideReason: text("overrideReason"),
    scheduleDate: text("scheduleDate"),
    scheduleTime: text("scheduleTime"),
  };
  const gate = {
    confirmLicences: gateValues.confirmLicences,
    override: gateValues.override ? { reason: gateValues.overrideReason } : null,
  };
  const unsafe = formTextErrors(form, { texts: ["summary", "body", "overrideReason"] });
  if (unsafe) return data<Result>({ values, errors: unsafe, saved: false, gate: gateValues }, { status: 422 });
  let saved = false;
  try {
    if (intent === "cancel-schedule") {
      await cancelSchedule(services.db, { staff, documentId, now });
      return back("schedule-cancelled");
    }
    if (intent === "unpublish") {
      await unpublishDocument(services.db, { staff, documentId, now });
      return back("unpublished");
    }
    if (!["save", "submit", "publish", "schedule"].includes(intent)) throw data("Unknown action", { status: 400 });
    const save = await saveDraft(services.db, {
      staff,
      documentId,
      input: { ...values, ...(form.has("slug") ? { slug: values.slug } : { slug: undefined }) },
      now,
    });
    saved = save.changed;
    const cancelled = save.cancelledSchedule ? "&cancelled=1" : "";
    if (intent === "save") return back(save.changed ? "saved" : "unchanged", cancelled);
    if (intent === "submit") {
      await submitForReview(services.db, { staff, documentId, gate, now });
      return back("submitted");
    }
    if (intent === "publish") {
      await publishDocument(services.db, { staff, documentId, gate, now });
      return back("published");
    }
    const zone = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
    await scheduleDocument(services.db, {
      staff,
      documentId,
      date: gateValues.scheduleDate,
      time: gateValues.scheduleTime,
      timeZone: zone,
      gate,
      now,
    });
    return back("scheduled");
  } catch (error) {
    const result = (extra: Partial<Result>): Result => ({ values, errors: {}, saved, gate: gateValues, ...extra });
    if (error instanceof FieldError) return data(result({ errors: error.errors }), { status: 422 });
    if (error instanceof GuardBlockedError) return data(result({ blocked: error.message, report: error.report }), { status: 422 });
    if (error instanceof ContentStateError) return data(result({ refused: error.message }), { status: 409 });
    rethrowAsResponse(error);
  }
}

/** After a refused step the form was often saved: show the new revision and its findings. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  if (actionResult && typeof actionResult === "object" && (actionResult as Partial<Result>).saved) return true;
  return defaultShouldRevalidate;
};

const FLASH: Record<string, string> = {
  created: "The draft is saved.",
  saved: "Saved.",
  unchanged: "Nothing had changed since the last save.",
  submitted: "Submitted for review. A manager or the owner can publish it now.",
  published: "Published: it is on the site now.",
  scheduled: "Scheduled.",
  "schedule-cancelled": "The schedule is cancelled. It is a draft again.",
  unpublished: "Taken off the site. The text is kept; publish it again whenever you like.",
  restored: "The earlier revision is restored as the new draft.",
};

export default function EditContent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  // A refused step scrolls to its message: the buttons are at the bottom of a long page (a new answer each time).
  const blockedRef = useFocusOnArrival<HTMLDivElement>(result?.blocked ? result : null);
  const refusedRef = useFocusOnArrival<HTMLParagraphElement>(result?.refused ? result : null);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const doc = d.doc;
  const errors = result?.errors ?? {};
  const values: Values = result?.values ?? {
    title: doc.working.title,
    slug: doc.slug,
    summary: doc.working.summary,
    body: doc.working.body,
    coverAssetId: doc.working.coverAssetId ?? "",
  };
  const report = result?.report ?? doc.report;
  const imageNames = Object.fromEntries(d.library.map((i) => [i.id, `${i.alt} (${i.fileName})`]));
  const confirmImages = [
    ...new Set(
      report.findings
        .filter((f) => f.severity === "confirm")
        .map((f) => (f.image ? (imageNames[f.image] ?? f.image) : "the images in the text")),
    ),
  ];
  const blocking = report.findings.filter((f) => f.severity === "block").length;
  const flash = d.saved && !result ? FLASH[d.saved] : null;
  const pathPrefix = doc.path.slice(0, doc.path.length - doc.slug.length);
  const gate = result?.gate;
  return (
    <div className="page">
      <p>
        <Link to="/staff/content">← Pages and articles</Link>
      </p>
      <h1>{doc.working.title}</h1>
      <p className="muted">
        {KIND_TEXT[doc.kind]} in {LOCALE_TEXT[doc.locale]} · {doc.path} · revision {doc.working.number}, saved by {doc.working.by}
      </p>
      <StatusTags
        status={doc.status}
        live={!!doc.live}
        changedSinceLive={!!doc.live && doc.live.revisionId !== doc.working.id}
        scheduledText={d.scheduledText}
      />
      <p className="desk-actions">
        <Link to={`/staff/content/${doc.id}/preview`}>Preview</Link>
        <Link to={`/staff/content/${doc.id}/revisions`}>Revisions</Link>
        {doc.live ? <a href={doc.path}>On the site (since {d.liveText})</a> : null}
        {doc.translation ? (
          <Link to={`/staff/content/${doc.translation.id}`}>{LOCALE_TEXT[doc.translation.locale]} version</Link>
        ) : (
          <Link to={`/staff/content/new?from=${doc.id}`}>Translate into {LOCALE_TEXT[doc.locale === "en" ? "fr" : "en"]}</Link>
        )}
      </p>
      {flash ? (
        <p className="alert success" role="status">
          {flash}
          {d.saved === "scheduled" && d.scheduledText ? ` It will be published on ${d.scheduledText}.` : ""}
          {d.cancelledSchedule ? " Saving a change cancelled the schedule: schedule it again when it is ready." : ""}
        </p>
      ) : null}
      {doc.scheduleFailure ? (
        <div className="alert error-summary" role="alert">
          <h2>The scheduled publication did not happen</h2>
          <p>
            At {d.failureText} the quality guard checked the scheduled revision again and found what is listed below. It is a draft again;
            fix the text and publish or schedule it once more.
          </p>
          <FindingsList findings={doc.scheduleFailure.findings} imageNames={imageNames} />
        </div>
      ) : null}
      {result?.blocked ? (
        <div className="alert error-summary" role="alert" tabIndex={-1} ref={blockedRef} id="publish-blocked">
          <h2>{result.blocked}</h2>
          <p>
            <a href="#guard-title">See the quality guard's findings</a>: each says what to change.
          </p>
        </div>
      ) : null}
      {result?.refused ? (
        <p className="alert error-summary" role="alert" tabIndex={-1} ref={refusedRef}>
          {result.refused}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <div className="editor">
        <Form method="post" className="stack" aria-label={`Edit ${doc.working.title}`}>
          <ContentFields values={values} errors={errors} slugLocked={doc.slugLocked} pathPrefix={pathPrefix} library={d.library} />
          {report.needsConfirmation || (report.blocked && d.canOverride) ? (
            <fieldset className="gate">
              <legend>Before it goes out</legend>
              {report.needsConfirmation ? (
                <div className={`field${errors.confirm ? " has-error" : ""}`}>
                  {errors.confirm ? (
                    <p className="field-error" id="field-confirm-error">
                      {errors.confirm}
                    </p>
                  ) : null}
                  <label className="check-label" htmlFor="field-confirm">
                    <input
                      className="check-input"
                      type="checkbox"
                      id="field-confirm"
                      name="confirmLicences"
                      defaultChecked={gate?.confirmLicences}
                      aria-describedby={errors.confirm ? "field-confirm-error" : undefined}
                    />
                    I have confirmed the clinic holds a licence for {confirmImages.join(", ")}.
                  </label>
                </div>
              ) : null}
              {report.blocked && d.canOverride ? (
                <>
                  <label className="check-label" htmlFor="field-override">
                    <input className="check-input" type="checkbox" id="field-override" name="override" defaultChecked={gate?.override} />
                    Publish anyway, over {blocking === 1 ? "the blocking finding" : `the ${blocking} blocking findings`} (owner only)
                  </label>
                  <FieldFrame
                    id="field-overrideReason"
                    label="Reason for publishing anyway"
                    hint={<>At least {OVERRIDE_REASON_MIN} characters. Kept in the audit log with the findings overridden.</>}
                    error={errors.overrideReason}
                  >
                    <textarea
                      id="field-overrideReason"
                      name="overrideReason"
                      rows={2}
                      maxLength={500}
                      defaultValue={gate?.overrideReason}
                      aria-describedby={`field-overrideReason-hint${errors.overrideReason ? " field-overrideReason-error" : ""}`}
                    />
                  </FieldFrame>
                </>
              ) : null}
            </fieldset>
          ) : null}
          {d.canPublish ? (
            <fieldset className="gate">
              <legend>Schedule (clinic time, {d.zone.replace("_", " ")})</legend>
              <div className="schedule-fields">
                <FieldFrame id="field-scheduleDate" label="Date" error={errors.scheduleDate}>
                  <input
                    id="field-scheduleDate"
                    name="scheduleDate"
                    type="date"
                    min={d.today}
                    defaultValue={gate?.scheduleDate ?? d.scheduledLocal?.date ?? ""}
                    aria-describedby={errors.scheduleDate ? "field-scheduleDate-error" : undefined}
                  />
                </FieldFrame>
                <FieldFrame id="field-scheduleTime" label="Time" error={errors.scheduleTime}>
                  <input
                    id="field-scheduleTime"
                    name="scheduleTime"
                    type="time"
                    defaultValue={gate?.scheduleTime ?? d.scheduledLocal?.time ?? ""}
                    aria-describedby={errors.scheduleTime ? "field-scheduleTime-error" : undefined}
                  />
                </FieldFrame>
              </div>
            </fieldset>
          ) : null}
          <p className="desk-actions">
            <button type="submit" name="intent" value="save" className="button" disabled={busy}>
              Save draft
            </button>
            {doc.status !== "review" ? (
              <button type="submit" name="intent" value="submit" className="button secondary" disabled={busy}>
                Submit for review
              </button>
            ) : null}
            {d.canPublish ? (
              <>
                <button type="submit" name="intent" value="publish" className="button primary" disabled={busy}>
                  Publish now
                </button>
                <button type="submit" name="intent" value="schedule" className="button secondary" disabled={busy}>
                  Schedule
                </button>
              </>
            ) : null}
          </p>
        </Form>
        <div>
          <section className="side-panel" aria-labelledby="guard-title">
            <h2 id="guard-title">Quality guard</h2>
            <p role="status">
              {report.blocked
                ? `${blocking === 1 ? "One finding blocks" : `${blocking} findings block`} publishing until the text is fixed.`
                : report.needsConfirmation
                  ? "Nothing blocks publishing; an image's licence needs your confirmation."
                  : "Nothing blocks publishing."}
            </p>
            {report.findings.length ? <FindingsList findings={report.findings} textareaId="field-body" imageNames={imageNames} /> : null}
          </section>
          <section className="side-panel" aria-labelledby="images-title">
            <h2 id="images-title">Images</h2>
            <ImageInsertHelper library={d.library} textareaId="field-body" />
          </section>
        </div>
      </div>
      {d.canPublish && (doc.status === "scheduled" || doc.live) ? (
        <section className="staff-section" aria-labelledby="more-title">
          <h2 id="more-title">On the site</h2>
          <div className="stacked-forms">
            {doc.status === "scheduled" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="cancel-schedule" />
                <button type="submit" className="button secondary">
                  Cancel the schedule
                </button>
              </Form>
            ) : null}
            {doc.live ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unpublish" />
                <button type="submit" className="button danger">
                  Take it off the site
                </button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/content" backLabel="Back to pages and articles" />;
}
