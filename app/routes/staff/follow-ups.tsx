// Follow-ups of the check-ins after a session (/staff/follow-ups,
// docs/checkins.md): a client's answer outside the expected course puts the
// session on the list of its practitioner and of the owner. The list names
// the client, the session and "needs a call" (each client listed is audited);
// opening one (?id=) shows the answer and the photo the client sent with it (if
// any, served by its own audited, no-store address), a view of the health
// record decided by the care team or the broken glass; it is closed with a
// note, and may be added to the session's chart as an adverse event (an addendum).
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/follow-ups";
import adminCss from "./admin.css?url";
import {
  FOLLOW_UP_NOTE_MAX,
  closeFollowUp,
  hasFollowUpList,
  listFollowUps,
  openFollowUp,
  recordAdverseEvent,
  type FollowUpView,
} from "../../../src/plans/record/checkins.ts";
import { HealthAccessDeniedError } from "../../../src/privacy/access.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateLong, formatDateTime } from "../../lib/format.ts";
import { formErrors, refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

// No client name in the title: titles end up in browser history and tab lists.
export const meta: Route.MetaFunction = () => [{ title: "Follow-ups — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const NO_LIST = "Follow-ups go to the owner and to the practitioner who gave the session: your role has no list.";

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  if (!hasFollowUpList(staff)) throw data(NO_LIST, { status: 403 });
  const url = new URL(request.url);
  const id = url.searchParams.get("id");
  const clinic = await loadClinic(services.db, staff.organizationId);
  const tz = clinic.location.timeZone;
  const session = (ms: number) => formatDateLong(localDateOf(ms, tz), "en");
  const done = url.searchParams.get("done");
  const flash = done === "closed" ? "Follow-up closed." : done === "recorded" ? "Added to the session's chart as an adverse event." : null;
  if (id !== null) {
    let view: FollowUpView;
    try {
      view = await openFollowUp(services.db, { staff, keyRing: services.keyRing, followUpId: id, now: services.now() });
    } catch (error) {
      if (error instanceof HealthAccessDeniedError && error.reason === "break-glass-required") {
        // The owner outside the care team: the list already named the client, the answer stays behind the glass.
        const entry = (await listFollowUps(services.db, { staff, now: services.now() })).find((e) => e.id === id);
        return {
          kind: "glass" as const,
          message: error.message,
          clientHref: entry ? `/staff/clients/${entry.clientId}` : "/staff/clients",
        };
      }
      refuse(error);
    }
    return {
      kind: "one" as const,
      flash,
      noteMax: FOLLOW_UP_NOTE_MAX,
      f: {
        id: view.id,
        clientName: view.clientName,
        clientHref: `/staff/clients/${view.clientId}`,
        chartHref: `/staff/appointments/${view.appointmentId}/chart`,
        session: session(view.sessionStartMs),
        practitionerName: view.practitionerName,
        day: view.day,
        answeredOnDay: view.answeredOnDay,
        answeredAt: formatDateTime(view.answeredAt, tz, "en"),
        readable: view.answers !== null,
        reasons: view.reasons.map((r) => r.label),
        lines: view.lines,
        status: view.status,
        closedBy: view.closedBy,
        closedAt: view.closedAt === null ? null : formatDateTime(view.closedAt, tz, "en"),
        note: view.note,
        photo: view.photo
          ? {
              src: `/staff/clients/${view.clientId}/checkin-photos/${view.photo.id}`,
              width: view.photo.width,
              height: view.photo.height,
              sentAt: formatDateTime(view.photo.sentAt, tz, "en"),
            }
          : null,
      },
    };
  }
  const open = await listFollowUps(services.db, { staff, now: services.now() });
  return {
    kind: "list" as const,
    flash,
    scope: staff.role === "owner" ? "every session of the clinic" : "the sessions you gave",
    open: open.map((e) => ({
      id: e.id,
      clientName: e.clientName,
      session: session(e.sessionStartMs),
      practitionerName: e.practitionerName,
      day: e.day,
      raised: formatDateTime(e.createdAt, tz, "en"),
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  if (!hasFollowUpList(staff)) throw data(NO_LIST, { status: 403 });
  const form = await readForm(request);
  const id = String(form.get("id") ?? "");
  const intent = String(form.get("intent") ?? "");
  const note = typeof form.get("note") === "string" ? String(form.get("note")) : "";
  const unsafe = formTextErrors(form, { texts: ["note"] });
  if (unsafe) return data({ errors: unsafe, note }, { status: 422 });
  const back = (done: string) => redirect(`/staff/follow-ups?id=${encodeURIComponent(id)}&done=${done}`, 303);
  try {
    if (intent === "close") {
      await closeFollowUp(services.db, { staff, keyRing: services.keyRing, followUpId: id, note, now: services.now() });
      return redirect("/staff/follow-ups?done=closed", 303);
    }
    if (intent === "adverse-event") {
      await recordAdverseEvent(services.db, { staff, keyRing: services.keyRing, followUpId: id, now: services.now() });
      return back("recorded");
    }
  } catch (error) {
    return data({ errors: formErrors(error), note }, { status: 422 });
  }
  throw data("This form could not be read: send it from the page.", { status: 400 });
}

function FollowUpList({ d }: { d: Extract<Awaited<ReturnType<typeof loader>>, { kind: "list" }> }) {
  return (
    <>
      <p className="muted">
        Clients whose answer to a check-in after a session was outside the expected course, for {d.scope}. Each one needs a call. Opening
        one shows the answer and is recorded in the client's record.
      </p>
      {d.open.length === 0 ? (
        <p>No follow-up is open.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Open follow-ups" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Session</th>
                <th scope="col">Check-in</th>
                <th scope="col">Raised</th>
              </tr>
            </thead>
            <tbody>
              {d.open.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/staff/follow-ups?id=${e.id}`}>{e.clientName}</Link>
                    <div className="muted small">Needs a call</div>
                  </td>
                  <td>
                    {e.session}
                    <div className="muted small">{e.practitionerName}</div>
                  </td>
                  <td>Day {e.day}</td>
                  <td>{e.raised}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function OneFollowUp({ d }: { d: Extract<Awaited<ReturnType<typeof loader>>, { kind: "one" }> }) {
  const result = useActionData<typeof action>();
  const location = useLocation();
  const errors: Record<string, string> = result?.errors ?? {};
  const f = d.f;
  return (
    <>
      <p>
        <Link to="/staff/follow-ups">← All follow-ups</Link>
      </p>
      <h2>
        <Link to={f.clientHref}>{f.clientName}</Link>: day-{f.day} check-in
      </h2>
      <p className="muted">
        Session of {f.session} with {f.practitionerName}. Answered {f.answeredAt} (day {f.answeredOnDay} after the session).{" "}
        <Link to={f.chartHref}>Open the session's chart</Link>
      </p>
      {f.readable ? (
        <>
          <h3>Outside the expected course</h3>
          <ul>
            {f.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <h3>The client's answers</h3>
          <dl className="summary-card">
            {f.lines.map((l) => (
              <div key={l.label}>
                <dt>{l.label}</dt>
                <dd>{l.answer}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="alert" role="alert">
          This answer can't be shown: it failed its integrity check. Call the client and tell the clinic's owner.
        </p>
      )}
      {f.photo ? (
        <section aria-labelledby="photo-heading">
          <h3 id="photo-heading">The client's photo</h3>
          <figure className="record-photo">
            <a href={f.photo.src}>
              <img
                src={f.photo.src}
                width={f.photo.width}
                height={f.photo.height}
                alt={`Photo ${f.clientName} sent with the day-${f.day} check-in`}
              />
            </a>
            <figcaption className="muted small">
              Sent with the answer on {f.photo.sentAt}; opens at full size. Kept in the client's record only (not for teaching or
              marketing); each view is recorded.
            </figcaption>
          </figure>
        </section>
      ) : null}
      {f.status === "closed" ? (
        <section aria-labelledby="closed-heading">
          <h3 id="closed-heading">Closed</h3>
          <p>
            By {f.closedBy} on {f.closedAt}.
          </p>
          <p className="prose">{f.note ?? "The note can't be shown: it failed to decrypt."}</p>
        </section>
      ) : (
        <div key={location.key} className="narrow-block">
          <ErrorSummary errors={errors} unlinked={["form"]} />
          <section aria-labelledby="close-heading">
            <h3 id="close-heading">Close this follow-up</h3>
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="id" value={f.id} />
              <input type="hidden" name="intent" value="close" />
              <TextField
                name="note"
                label="What was done"
                hint="Who called whom, what was advised, and what happens next. Kept in the client's record."
                multiline
                required
                maxLength={d.noteMax}
                value={result?.note ?? ""}
                error={errors.note}
              />
              <button type="submit" className="button primary">
                Close with this note
              </button>
            </Form>
          </section>
          <section aria-labelledby="adverse-heading">
            <h3 id="adverse-heading">Record on the chart</h3>
            <p className="muted">Adds the answer's summary to the session's signed chart as an addendum, under your name.</p>
            <Form method="post">
              <input type="hidden" name="id" value={f.id} />
              <input type="hidden" name="intent" value="adverse-event" />
              <button type="submit" className="button secondary">
                Add to the chart as an adverse event
              </button>
            </Form>
          </section>
        </div>
      )}
    </>
  );
}

export default function FollowUps() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>Follow-ups</h1>
      {"flash" in d && d.flash && !result ? (
        <div className="success" role="status">
          <p>{d.flash}</p>
        </div>
      ) : null}
      {d.kind === "glass" ? (
        <>
          <p className="notice">{d.message}</p>
          <p>
            <Link to={d.clientHref}>Open the client's record</Link> · <Link to="/staff/follow-ups">All follow-ups</Link>
          </p>
        </>
      ) : d.kind === "one" ? (
        <OneFollowUp d={d} />
      ) : (
        <FollowUpList d={d} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/follow-ups" backLabel="Back to follow-ups" />;
}
