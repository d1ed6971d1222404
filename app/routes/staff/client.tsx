import { useEffect } from "react";
import { data, Form, Link, redirect, useActionData, useLoaderData, type ShouldRevalidateFunction } from "react-router";
import type { Route } from "./+types/client";
import adminCss from "./admin.css?url";
import recordsCss from "./records.css?url";
import { mayClearNotSuitable } from "../../../src/auth/team.ts";
import { roleLabel } from "../../../src/audit/labels.ts";
import { getClientForStaff } from "../../../src/privacy/client-directory.ts";
import { addHealthNote, viewHealthRecord } from "../../../src/privacy/health-notes.ts";
import { breakGlass, describeHealthAccess } from "../../../src/privacy/staff-access.ts";
import { lockCandidates, lockHealthRecord, unlockHealthRecord } from "../../../src/privacy/record-lock.ts";
import { lockedAgainst } from "../../../src/privacy/access.ts";
import { resolveCorrectionRequest } from "../../../src/privacy/corrections.ts";
import { CORRECTION_ANSWER_DAYS } from "../../../src/privacy/limits.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { displayMobile, getTextPreference, type TextPreference } from "../../../src/notifications/texts.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { isUuid } from "../../../src/kernel/ids.ts";
import { BreakGlassForm } from "../../components/client-record/BreakGlassForm.tsx";
import { CorrectionRequests } from "../../components/client-record/CorrectionRequests.tsx";
import { HealthNotes } from "../../components/client-record/HealthNotes.tsx";
import { LockControls } from "../../components/client-record/LockControls.tsx";
import { NoteForm } from "../../components/client-record/NoteForm.tsx";
import { ScreeningChart } from "../../components/ScreeningChart.tsx";
import { chartScreenings, type ChartScreening } from "../../lib/screening-chart.server.ts";
import { reviewScreening, viewScreenings } from "../../../src/screening/record/review.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { listPlansForStaff } from "../../../src/plans/record/staff-view.ts";
import { plansToBook } from "../../../src/plans/record/series-facts.ts";
import { type PlanSummary } from "../../../src/plans/record/read.ts";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateLong, formatDateTime, formatTime } from "../../lib/format.ts";
import { formErrors, refuse } from "../../lib/refusals.server.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { clientAttendance } from "../../../src/scheduling/appointment-day.ts";
import { attendanceText } from "../../components/appointment/AppointmentSummary.tsx";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: recordsCss },
];

// No client name in the title: titles end up in browser history and tab lists.
export const meta: Route.MetaFunction = () => [{ title: "Client — Dermaplan staff" }, { name: "robots", content: "noindex" }];

/** The client's own choice about text messages, in a line: staff read it, only the client changes it (docs/texts.md). */
function textsLine(p: TextPreference, tz: string): string {
  const on = (ms: number) => formatDateLong(localDateOf(ms, tz));
  if (p.active && p.mobile && p.agreedAt !== null) return `On, to ${displayMobile(p.mobile)} since ${on(p.agreedAt)}`;
  if (p.mobile && p.agreedAt !== null && p.stoppedAt !== null) return `Stopped by the client's STOP reply on ${on(p.stoppedAt)}`;
  return "Off";
}

const STATUS: Record<string, string> = { booked: "Booked", cancelled: "Cancelled", completed: "Completed", "no-show": "No-show" };

const FLASH: Record<string, string> = {
  opened: "You broke the glass. The record is open to you for a limited time; your reason is recorded and shown to the client.",
  note: "The note is saved to the health record.",
  locked: "The record is locked to the staff you chose.",
  unlocked: "The lock is removed. The record follows the usual rules again.",
  corrected: "The correction request is marked as answered.",
  reviewed: "Your review of the screening is recorded.",
};

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const { db, keyRing, logger } = services;
  const now = services.now();
  if (!isUuid(params.id)) throw data("No such client.", { status: 404 });
  let access;
  try {
    access = await describeHealthAccess(db, { staff, clientId: params.id, now });
  } catch (error) {
    refuse(error);
  }
  let details;
  try {
    details = await getClientForStaff(db, { staff, clientId: params.id });
  } catch (error) {
    refuse(error);
  }
  if (!details) throw data("There is no client with this address in your clinic.", { status: 404 });
  const clinic = await loadClinic(db, staff.organizationId);
  const tz = clinic.location.timeZone;

  let record = null;
  let screenings: ChartScreening[] = [];
  let plans: PlanSummary[] = [];
  if (access.kind === "allowed" || access.kind === "break-glass-active") {
    try {
      record = await viewHealthRecord(db, { staff, keyRing, clientId: params.id, purpose: "view", now });
    } catch (error) {
      refuse(error);
    }
    try {
      screenings = chartScreenings(await viewScreenings(db, { staff, keyRing, clientId: params.id, now }), tz);
    } catch (error) {
      refuse(error);
    }
    try {
      plans = await listPlansForStaff(db, { staff, clientId: params.id, now });
    } catch (error) {
      refuse(error);
    }
    const damaged = [...record.notes, ...record.corrections].filter((n) => n.damaged).map((n) => n.id);
    // Ids only: never the content.
    if (damaged.length) logger.error({ clientId: params.id, damaged }, "health record values failed their integrity check");
  }
  const candidates = access.canLock ? await lockCandidates(db, { staff }) : [];
  // The lock a client put on their record hides even the count of a plan's sessions from other staff.
  const toBook =
    can(staff.role, "schedule.edit") && !(await lockedAgainst(db, staff, params.id))
      ? await plansToBook(db, { organizationId: staff.organizationId, clientId: params.id })
      : [];
  const flash = new URL(request.url).searchParams.get("saved");
  const attendance = await clientAttendance(db, staff.organizationId, params.id);
  const texts = textsLine(await getTextPreference(db, { organizationId: staff.organizationId, clientId: params.id }), tz);
  return {
    attendance: attendanceText(attendance),
    texts,
    flash: flash && Object.hasOwn(FLASH, flash) ? FLASH[flash]! : null,
    canAudit: can(staff.role, "audit.view"),
    canExport: can(staff.role, "health.export"),
    // The owner or the medical director, with the record open: may clear a "not suitable" screening (decision 0021).
    canClearNotSuitable: (access.kind === "allowed" || access.kind === "break-glass-active") && (await mayClearNotSuitable(db, staff)),
    myRole: roleLabel(staff.role),
    contact: { ...details.contact, since: formatDateTime(details.contact.createdAt, tz) },
    appointments: details.appointments.map((a) => ({
      id: a.id,
      when: formatDateTime(a.startMs, tz),
      serviceName: a.serviceName,
      practitionerName: a.practitionerName,
      status: STATUS[a.status] ?? a.status,
      cancelled: a.status === "cancelled",
    })),
    access: {
      kind: access.kind,
      denied: access.denied,
      canEdit: access.canEdit,
      canLock: access.canLock,
      openCorrections: access.openCorrections,
      until: access.breakGlassUntil ? formatTime(access.breakGlassUntil, tz) : null,
      lock: access.lock
        ? {
            allowed: access.lock.allowed.map((a) => ({ userId: a.userId, name: a.name, role: roleLabel(a.role) })),
            since: formatDateTime(access.lock.lockedAt, tz),
            by: access.lock.lockedByName,
          }
        : null,
    },
    record: record
      ? {
          notes: record.notes.map((n) => ({
            id: n.id,
            when: formatDateTime(n.createdAt, tz),
            author: n.authorName,
            body: n.body,
            damaged: n.damaged,
          })),
          corrections: record.corrections.map((c) => ({
            id: c.id,
            when: formatDateTime(c.createdAt, tz),
            due: formatDateTime(c.createdAt + CORRECTION_ANSWER_DAYS * 86_400_000, tz),
            status: c.status,
            resolved: c.resolvedAt ? formatDateTime(c.resolvedAt, tz) : null,
            resolvedBy: c.resolvedByName,
            body: c.body,
            damaged: c.damaged,
          })),
        }
      : null,
    screenings,
    toBook,
    plans: plans.map((p) => ({
      id: p.id,
      created: formatDateTime(p.createdAt, tz),
      status:
        p.acceptedVersion !== null
          ? `version ${p.acceptedVersion} signed${p.latestVersion > p.acceptedVersion ? `, version ${p.latestVersion} ${p.status}` : ""}`
          : `version ${p.latestVersion}, ${p.status === "proposed" ? "offered to the client" : p.status}`,
    })),
    candidates: candidates.map((c) => ({ userId: c.userId, name: c.name, role: roleLabel(c.role) })),
  };
}

// Printing records a print; reloading the page on top would record a second view.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "print" ? false : defaultShouldRevalidate;

type ActionResult = { intent: string; errors: Record<string, string>; values?: Record<string, string>; print?: boolean };

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const { db, keyRing } = services;
  const now = services.now();
  if (!isUuid(params.id)) throw data("No such client.", { status: 404 });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const self = `/staff/clients/${params.id}`;
  const unsafe = formTextErrors(form, { texts: ["body", "note", "reason"] });
  if (unsafe) return data<ActionResult>({ intent, errors: unsafe }, { status: 422 });
  const invalid = (error: unknown, values?: Record<string, string>) => {
    return data<ActionResult>({ intent, errors: formErrors(error), values }, { status: 422 });
  };
  try {
    switch (intent) {
      case "break-glass": {
        await breakGlass(db, { staff, clientId: params.id, reason: String(form.get("reason") ?? ""), now });
        return redirect(`${self}?saved=opened#health`, 303);
      }
      case "add-note": {
        await addHealthNote(db, { staff, keyRing, clientId: params.id, body: String(form.get("body") ?? ""), now });
        return redirect(`${self}?saved=note#health`, 303);
      }
      case "print": {
        await viewHealthRecord(db, { staff, keyRing, clientId: params.id, purpose: "print", now });
        return data<ActionResult>({ intent, errors: {}, print: true });
      }
      case "lock": {
        await lockHealthRecord(db, {
          staff,
          clientId: params.id,
          allowedUserIds: form.getAll("allowed").map(String),
          clientRequested: form.get("clientRequested") === "yes",
          now,
        });
        return redirect(`${self}?saved=locked#health`, 303);
      }
      case "unlock": {
        await unlockHealthRecord(db, { staff, clientId: params.id, clientRequested: form.get("clientRequested") === "yes", now });
        return redirect(`${self}?saved=unlocked#health`, 303);
      }
      case "review-screening": {
        await reviewScreening(db, {
          staff,
          keyRing,
          clientId: params.id,
          screeningId: String(form.get("screeningId") ?? ""),
          decision: String(form.get("decision") ?? ""),
          note: String(form.get("note") ?? ""),
          clearance: {
            physicianName: String(form.get("physicianName") ?? ""),
            letterDate: String(form.get("letterDate") ?? ""),
            letterSays: String(form.get("letterSays") ?? ""),
            prescriberName: String(form.get("prescriberName") ?? ""),
          },
          now,
        });
        return redirect(`${self}?saved=reviewed#screening-heading`, 303);
      }
      case "resolve-correction": {
        const status = form.get("status") === "refused" ? "refused" : "corrected";
        await resolveCorrectionRequest(db, { staff, clientId: params.id, requestId: String(form.get("requestId") ?? ""), status, now });
        return redirect(`${self}?saved=corrected#health`, 303);
      }
      default:
        return data<ActionResult>({ intent, errors: { form: "Please choose what to do." } }, { status: 400 });
    }
  } catch (error) {
    // The note text goes back to its own form in the POST answer, never into a URL.
    const kept: Record<string, string> | undefined =
      intent === "add-note"
        ? { body: String(form.get("body") ?? "") }
        : intent === "review-screening"
          ? Object.fromEntries(
              ["decision", "note", "physicianName", "letterDate", "letterSays", "prescriberName"].map((k) => [
                k,
                String(form.get(k) ?? ""),
              ]),
            )
          : undefined;
    return invalid(error, kept);
  }
}

export default function Client() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result && result.intent === intent ? result.errors : {});
  const self = `/staff/clients/${d.contact.id}`;
  const a = d.access;

  useEffect(() => {
    if (result?.print) window.print();
  }, [result]);

  return (
    <div className="page narrow record-page">
      <p className="no-print">
        <Link to="/staff/clients">← All clients</Link>
      </p>
      {d.flash ? (
        <div className="success" role="status">
          <p>{d.flash}</p>
        </div>
      ) : null}
      <h1>{d.contact.name}</h1>
      <dl className="summary-card details record-details">
        <div>
          <dt>E-mail</dt>
          <dd className="wrap-anywhere">
            <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a>
          </dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{d.contact.phone ? <a href={`tel:${d.contact.phone.replace(/[^0-9+]/g, "")}`}>{d.contact.phone}</a> : "Not given"}</dd>
        </div>
        <div>
          <dt>Text messages</dt>
          <dd>{d.texts}</dd>
        </div>
        <div>
          <dt>Client since</dt>
          <dd>{d.contact.since}</dd>
        </div>
        <div>
          <dt>Attendance</dt>
          <dd>{d.attendance}</dd>
        </div>
      </dl>
      {d.canAudit ? (
        <p className="no-print">
          <Link to={`/staff/audit?clientId=${d.contact.id}`}>Audit log for this client</Link>
        </p>
      ) : null}

      <h2 id="appointments-heading">Appointments</h2>
      {d.appointments.length === 0 ? (
        <p className="notice">No appointments.</p>
      ) : (
        <ul className="record-list" aria-labelledby="appointments-heading">
          {d.appointments.map((ap) => (
            <li key={ap.id} className="record-item">
              <Link to={`/staff/appointments/${ap.id}`}>{ap.cancelled ? <s>{ap.when}</s> : ap.when}</Link>
              <div className="small">
                {ap.serviceName} with {ap.practitionerName} ·{" "}
                <span className={`record-status${ap.cancelled ? " cancelled" : ""}`}>{ap.status}</span>
              </div>
            </li>
          ))}
        </ul>
      )}

      {d.toBook.length ? (
        <>
          <h2 id="series-heading">Plan sessions to book</h2>
          <ul className="record-list" aria-labelledby="series-heading">
            {d.toBook.map((p) => (
              <li key={p.planId} className="record-item">
                Signed plan (version {p.version}): {p.sessions} sessions — {p.completed} done, {p.booked} booked.{" "}
                <Link to={`/staff/plans/${p.planId}/series`}>
                  {p.booked + p.completed < p.sessions ? "Book the sessions" : "See or move the sessions"}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <section aria-labelledby="health" className="staff-section health-section">
        <h2 id="health">Health record</h2>
        {a.lock ? (
          <div className="notice lock-notice">
            <p>
              <strong>Locked at the client's request</strong> to{" "}
              {a.lock.allowed.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(", ")}
              {a.lock.by ? `, by ${a.lock.by}` : ""} on {a.lock.since}. Nobody else can open it, not even by breaking the glass.
            </p>
          </div>
        ) : null}

        {a.kind === "denied" && a.denied === "role" ? (
          <p className="notice">
            Health information is not available to your role ({d.myRole}). You can see the client's contact details and appointments.
          </p>
        ) : null}
        {a.kind === "denied" && a.denied === "locked" ? (
          <p className="notice">You are not among the staff this record is locked to.</p>
        ) : null}
        {a.kind !== "allowed" && a.kind !== "break-glass-active" && a.openCorrections > 0 ? (
          <p className="muted">
            The client has asked for a correction ({a.openCorrections === 1 ? "1 open request" : `${a.openCorrections} open requests`}).
            Staff who can open the record answer it.
          </p>
        ) : null}

        {a.kind === "break-glass" ? <BreakGlassForm self={self} errors={errorsFor("break-glass")} /> : null}

        {d.record ? (
          <>
            {a.kind === "break-glass-active" ? (
              <div className="alert" role="note">
                <p>
                  You opened this record by breaking the glass. Your access ends at {a.until}; every view is recorded and the client can see
                  it.
                </p>
              </div>
            ) : null}
            <Form method="post" action={self} className="no-print">
              <input type="hidden" name="intent" value="print" />
              <button type="submit" className="button secondary small">
                Print the record
              </button>
            </Form>
            {result?.print ? (
              <p role="status" className="muted no-print">
                The print is recorded in the audit log. Use your browser's print command if no print window opened.
              </p>
            ) : null}
            {d.canExport ? (
              <p className="no-print">
                Export the whole record for the client or another provider:{" "}
                <a href={`${self}/record/json`} download>
                  JSON
                </a>{" "}
                ·{" "}
                <a href={`${self}/record/fhir`} download>
                  FHIR R4 Bundle
                </a>
                . Each export is recorded in the audit log and shown to the client.
              </p>
            ) : null}

            <HealthNotes notes={d.record.notes} />

            {a.canEdit ? (
              <NoteForm
                self={self}
                errors={errorsFor("add-note")}
                value={result?.intent === "add-note" ? result.values?.body : undefined}
              />
            ) : null}

            <ScreeningChart
              screenings={d.screenings}
              self={self}
              canReview={a.canEdit}
              canClearNotSuitable={d.canClearNotSuitable}
              errors={errorsFor("review-screening")}
              values={result?.intent === "review-screening" ? result.values : undefined}
            />

            <h3 id="plans-heading">Treatment plans</h3>
            {d.plans.length === 0 ? <p className="muted">None yet.</p> : null}
            {d.plans.length ? (
              <ul className="record-list" aria-labelledby="plans-heading">
                {d.plans.map((p) => (
                  <li key={p.id} className="record-item">
                    <Link to={`/staff/plans/${p.id}`}>Plan of {p.created}</Link>: {p.status}
                  </li>
                ))}
              </ul>
            ) : null}
            {a.canEdit ? (
              <p>
                <Link className="button secondary" to={`${self}/plans/new`}>
                  New treatment plan
                </Link>
              </p>
            ) : null}

            <CorrectionRequests corrections={d.record.corrections} self={self} />
          </>
        ) : null}

        {a.canLock ? (
          <LockControls
            self={self}
            locked={Boolean(a.lock)}
            candidates={d.candidates}
            current={a.lock?.allowed.map((p) => p.userId) ?? []}
            result={result}
          />
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}
