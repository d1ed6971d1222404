import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/record";
import recordsCss from "../staff/records.css?url";
import { actionLabel, roleLabel } from "../../../src/audit/labels.ts";
import { classifyHealthError, clientOwnRecord, requestCorrection } from "../../../src/privacy/health-record.ts";
import { CORRECTION_ANSWER_DAYS, CORRECTION_MAX_CHARS } from "../../../src/privacy/limits.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { getClient, getServices } from "../../context.ts";
import { formatDateTime } from "../../lib/format.ts";

// Plain HTML like the rest of the portal: links and forms work without JavaScript.
export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: recordsCss }];

export const meta: Route.MetaFunction = ({ matches }) => {
  const clinic =
    (matches.find((m) => m?.id === "routes/portal/layout")?.loaderData as { clinicName?: string } | undefined)?.clinicName ?? "";
  // Never the client's name or anything from the record.
  return [{ title: `Your record — ${clinic}` }, { name: "robots", content: "noindex" }];
};

const STATUS: Record<string, string> = { booked: "Booked", cancelled: "Cancelled", completed: "Completed", "no-show": "Missed" };
const CORRECTION_STATUS: Record<string, string> = {
  open: "Waiting for an answer",
  corrected: "Corrected",
  refused: "Not changed (the clinic will explain why)",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const tz = clinic.location.timeZone;
  const record = await clientOwnRecord(services.db, { client, keyRing: services.keyRing, purpose: "view", now: services.now() });
  return {
    sent: new URL(request.url).searchParams.has("sent"),
    clinicName: clinic.name,
    contact: {
      name: record.contact.name,
      email: record.contact.email,
      phone: record.contact.phone,
      since: formatDateTime(record.contact.createdAt, tz),
    },
    appointments: record.appointments.map((a) => ({
      id: a.id,
      when: formatDateTime(a.startMs, tz),
      what: a.serviceName,
      who: a.practitionerName,
      status: STATUS[a.status] ?? a.status,
    })),
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
      status: CORRECTION_STATUS[c.status] ?? c.status,
      body: c.body,
    })),
    lock: record.lock ? { names: record.lock.allowedNames, since: formatDateTime(record.lock.lockedAt, tz) } : null,
    accessLog: record.accessLog.map((e, i) => ({
      key: `${e.at}-${i}`,
      when: formatDateTime(e.at, tz),
      who: e.actorType === "client" ? "You" : e.actorType === "staff" ? (e.actorName ?? "A former staff member") : "The clinic's system",
      role: e.actorType === "staff" ? roleLabel(e.actorRole) : "",
      what: actionLabel(e.action),
      reason: e.reason,
      breakGlass: e.action === "health-record.break-glass",
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const form = await request.formData();
  const body = String(form.get("body") ?? "");
  try {
    await requestCorrection(services.db, { client, keyRing: services.keyRing, body, now: services.now() });
  } catch (error) {
    const c = classifyHealthError(error);
    // The text goes back to its form in this POST's answer, never into a URL.
    if (c?.status === 422) return data({ errors: c.errors ?? {}, body }, { status: 422 });
    throw error;
  }
  return redirect("/portal/record?sent=1#correction", 303);
}

export default function PortalRecord() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <div className="record-page">
      <h1>Your record</h1>
      <p>
        This is everything {d.clinicName} holds about you. Ontario's health privacy law (PHIPA) lets you see it, take a copy, know who has
        looked at it, and ask for corrections.
      </p>

      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">Your contact details</h2>
        <dl className="summary-card details record-details">
          <div>
            <dt>Name</dt>
            <dd>{d.contact.name}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd>{d.contact.email}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{d.contact.phone ?? "Not given"}</dd>
          </div>
          <div>
            <dt>Client since</dt>
            <dd>{d.contact.since}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="appointments-heading">
        <h2 id="appointments-heading">Your appointments</h2>
        {d.appointments.length === 0 ? (
          <p>No appointments.</p>
        ) : (
          <ul className="record-list">
            {d.appointments.map((a) => (
              <li key={a.id} className="record-item">
                <p>{a.when}</p>
                <p className="small muted">
                  {a.what} with {a.who} · {a.status}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Health notes</h2>
        {d.lock ? (
          <p className="notice">
            At your request, only {d.lock.names.join(", ")} may open your health record (since {d.lock.since}). To change this, call the
            clinic.
          </p>
        ) : null}
        {d.notes.length === 0 ? (
          <p>Your practitioners have not written any notes yet.</p>
        ) : (
          <ol className="record-list">
            {d.notes.map((n) => (
              <li key={n.id} className="record-item">
                <p className="small muted">
                  {n.when}
                  {n.author ? ` · ${n.author}` : ""}
                </p>
                {n.damaged ? (
                  <p className="alert">This note cannot be shown: it failed a safety check. Please tell the clinic.</p>
                ) : (
                  <p className="note-body">{n.body}</p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Who has looked at your record</h2>
        <p className="muted small">
          Every time a staff member opens, changes, prints or downloads your health record it is recorded here. Staff outside your care team
          can only open it by “breaking the glass” and giving a reason, which you see below.
        </p>
        {d.accessLog.length === 0 ? (
          <p>Nobody at the clinic has opened your health record.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="access-caption" tabIndex={0}>
            <table>
              <caption id="access-caption" className="visually-hidden">
                Accesses to your health record, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
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
                      {e.reason ? <div className="small">Reason given: “{e.reason}”</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="download-heading">
        <h2 id="download-heading">Download your record</h2>
        <p>A copy of everything above, as a file for you or for another clinic.</p>
        <div className="download-links">
          <a className="button secondary" href="/portal/record/download/json" download>
            Download (JSON)
          </a>
          <a className="button secondary" href="/portal/record/download/fhir" download>
            Download for health software (FHIR)
          </a>
        </div>
      </section>

      <section aria-labelledby="correction">
        <h2 id="correction">Ask for a correction</h2>
        {d.sent ? (
          <div className="success" role="status">
            <p>Your request has been sent to the clinic. It answers within {CORRECTION_ANSWER_DAYS} days.</p>
          </div>
        ) : null}
        {d.corrections.length > 0 ? (
          <ul className="record-list">
            {d.corrections.map((c) => (
              <li key={c.id} className="record-item">
                <p className="small muted">
                  Sent {c.when} · {c.status}
                </p>
                <p className="note-body">{c.body ?? "This request cannot be shown: it failed a safety check."}</p>
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          If something in your record is wrong or missing, tell the clinic what it should say. The clinic answers within{" "}
          {CORRECTION_ANSWER_DAYS} days.
        </p>
        <ErrorSummary errors={errors} />
        <Form method="post" action="/portal/record" noValidate className="stack">
          <div className={`field${errors.body ? " has-error" : ""}`}>
            <label htmlFor="field-body">What should be corrected</label>
            {errors.body ? (
              <p className="field-error" id="field-body-error">
                {errors.body}
              </p>
            ) : null}
            <textarea
              id="field-body"
              name="body"
              rows={5}
              maxLength={CORRECTION_MAX_CHARS}
              defaultValue={result?.body}
              required
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={errors.body ? "field-body-error" : undefined}
            />
          </div>
          <button type="submit" className="button primary">
            Send the request
          </button>
        </Form>
      </section>
    </div>
  );
}
