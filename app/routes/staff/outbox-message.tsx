import { StaffError } from "../../components/StaffError.tsx";
import { data, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/outbox-message";
import adminCss from "./admin.css?url";
import { getOutboxMessage } from "../../../src/scheduling/admin/outbox.ts";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { zoned } from "../../lib/format.ts";
import { outboxMessageFields } from "../../lib/outbox-fields.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: `${loaderData ? (loaderData.message.isText ? "Text message" : `E-mail: ${loaderData.message.subject}`) : "Message"} — Dermaplan staff`,
  },
  { name: "robots", content: "noindex" },
];

async function load(context: Route.LoaderArgs["context"], id: string) {
  const { services, scope } = staffRequest(context);
  try {
    return {
      ...(await getOutboxMessage(services.db, { ...scope, id })),
      mailDescription: services.mailDescription,
      textDescription: services.texts?.describe ?? "the outbox folder",
    };
  } catch (error) {
    refuse(error);
  }
}

// `?download=ics` answers the raw calendar file. A loader cannot do that on a
// page route (its Response body would become loader data), so this route
// middleware answers before the loader runs. It runs after the staff layout's
// middleware, so only signed-in staff of this organization get the file.
const downloadIcs: Route.MiddlewareFunction = async ({ context, params, request }, next) => {
  if (new URL(request.url).searchParams.get("download") !== "ics") return next();
  const { message } = await load(context, params.id);
  if (!message.ics) throw data("This e-mail has no calendar invitation.", { status: 404 });
  return new Response(message.ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="appointment-${message.id.slice(0, 8)}.ics"`,
    },
  });
};

export const middleware: Route.MiddlewareFunction[] = [downloadIcs];

const STATUS: Record<string, string> = {
  pending: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed: not sent (the last error says why)",
};

export async function loader({ context, params }: Route.LoaderArgs) {
  const { message: m, timeZone, mailDescription, textDescription } = await load(context, params.id);
  const when = (ms: number) =>
    zoned(ms, timeZone).toLocaleString("en-CA", { weekday: "short", ...DATE_TIME_TO_MINUTE, second: "2-digit", timeZoneName: "short" });
  return {
    mailDescription: m.channel === "sms" ? `texts go to ${textDescription}` : `mail goes to ${mailDescription}`,
    message: {
      ...outboxMessageFields(m, when),
      status: STATUS[m.status] ?? m.status,
      deliveredTo: m.deliveredTo,
      replyTo: m.replyTo,
      appointmentId: m.appointmentId,
      text: m.bodyText,
      html: m.bodyHtml,
      ics: m.ics,
    },
  };
}

export default function OutboxMessage() {
  const { message: m, mailDescription } = useLoaderData<typeof loader>();
  const rows: [string, React.ReactNode][] = [
    ["To", m.to],
    // A text has no Reply-To; an e-mail queued before the clinic's address was stored with it has none either.
    ...(m.isText ? [] : [["Reply-To", m.replyTo ?? "None (replies go to the sender address)"] as [string, React.ReactNode]]),
    ["Kind", m.kind],
    ["Status", m.status],
    ["Attempts", String(m.attempts)],
    ["Created", m.created],
    ["Sent", m.sent ?? "Not yet"],
    ["Went to", m.deliveredTo ?? `Not delivered yet (${mailDescription})`],
  ];
  if (m.lastError) rows.push(["Last error", m.lastError]);
  if (m.appointmentId) rows.push(["Appointment", <Link to={`/staff/appointments/${m.appointmentId}`}>Open the appointment</Link>]);
  return (
    <div className="page">
      <p className="small">
        <Link to="/staff/outbox">← Outbox</Link>
      </p>
      <h1 className="wrap-anywhere">{m.subject}</h1>
      <dl className="summary-card details message-details">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        The links in this {m.isText ? "text" : "e-mail"} work without signing in: they are the client's own. Do not forward it to anyone
        else.
      </p>

      {m.isText ? (
        <section aria-labelledby="text-heading">
          <h2 id="text-heading">The text</h2>
          <pre className="pre-block">{m.text}</pre>
        </section>
      ) : (
        <>
          <section aria-labelledby="text-heading">
            <h2 id="text-heading">Text version</h2>
            <pre className="pre-block">{m.text}</pre>
          </section>

          <section aria-labelledby="html-heading">
            <h2 id="html-heading">HTML version</h2>
            <p className="muted small">As an e-mail program shows it. Scripts, forms and links are switched off in this preview.</p>
            {/* sandbox with no permissions: the message's HTML cannot run scripts, submit forms or navigate this page. */}
            <iframe
              title={`HTML version of the e-mail “${m.subject}”`}
              sandbox=""
              srcDoc={m.html}
              referrerPolicy="no-referrer"
              className="html-preview"
            />
          </section>

          <section aria-labelledby="ics-heading">
            <h2 id="ics-heading">Calendar invitation</h2>
            {m.ics ? (
              <>
                <p>
                  {/* A plain link: the file comes from the server, not from client-side navigation. */}
                  <a className="button" href={`/staff/outbox/${m.id}?download=ics`} download={`appointment-${m.id.slice(0, 8)}.ics`}>
                    Download the .ics file
                  </a>
                </p>
                <pre className="pre-block">{m.ics}</pre>
              </>
            ) : (
              <p>This e-mail has no calendar invitation.</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/outbox" backLabel="Back to the outbox" />;
}
