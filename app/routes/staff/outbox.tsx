import { StaffError } from "../../components/StaffError.tsx";
import { ListTable, PageLinks } from "../../components/StaffList.tsx";
import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/outbox";
import adminCss from "./admin.css?url";
import { listOutboxMessages } from "../../../src/scheduling/admin/outbox.ts";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { zoned } from "../../lib/format.ts";
import { outboxMessageFields } from "../../lib/outbox-fields.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = () => [{ title: "Outbox — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const STATUS: Record<string, string> = {
  pending: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const pageParam = Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10);
  const { messages, page, hasMore, timeZone } = await listOutboxMessages(services.db, {
    staff,
    organizationId: services.organizationId,
    page: Number.isSafeInteger(pageParam) ? pageParam : 1,
  });
  const when = (ms: number) => zoned(ms, timeZone).toLocaleString("en-CA", DATE_TIME_TO_MINUTE);
  return {
    mailDescription: services.mailDescription,
    smtp: services.mailDescription === "SMTP",
    textDescription: services.texts?.describe ?? null,
    timeZone,
    page,
    hasMore,
    messages: messages.map((m) => ({
      ...outboxMessageFields(m, when),
      status: m.status,
      statusText: STATUS[m.status] ?? m.status,
    })),
  };
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Outbox</h1>
      <p className="muted">
        Every e-mail and text message the system has sent or is about to send to clients, newest first. Times are in {d.timeZone}.
      </p>
      <div className={d.smtp ? "notice" : "alert"}>
        <p className="notice-line">
          <strong>Where mail goes:</strong> {d.mailDescription}.
          {d.textDescription ? (
            <>
              {" "}
              <strong>Texts:</strong> {d.textDescription}.
            </>
          ) : null}
        </p>
        {d.smtp ? null : (
          <p className="notice-line">
            No SMTP server is set up, so these e-mails are written to files on the server and do not reach clients. Open a message here to
            read it, or to download its calendar invitation.
          </p>
        )}
      </div>
      {d.messages.length === 0 ? (
        <p>{d.page > 1 ? "No more messages." : "No e-mails yet. Confirmations appear here as soon as someone books."}</p>
      ) : (
        <ListTable id="outbox" caption={<>Messages, newest first{d.page > 1 ? `, page ${d.page}` : ""}</>} columns={["Message", "Status"]}>
          {d.messages.map((m) => (
            <tr key={m.id}>
              <td className="outbox-message-cell">
                <div className="small muted">{m.created}</div>
                <Link to={`/staff/outbox/${m.id}`} className="outbox-subject">
                  {m.subject}
                </Link>
                <div className="small wrap-anywhere">
                  <span className="muted">To</span> {m.to}
                </div>
                <div className="small muted">{m.kind}</div>
              </td>
              <td className="outbox-status-cell">
                {m.status === "failed" ? <strong className="status-failed">{m.statusText}</strong> : m.statusText}
                <div className="small muted">{m.attempts === 1 ? "1 attempt" : `${m.attempts} attempts`}</div>
                {m.sent ? <div className="small muted">at {m.sent}</div> : null}
                {m.lastError && m.status !== "sent" ? <div className="small wrap-anywhere">{m.lastError}</div> : null}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {d.page > 1 || d.hasMore ? (
        <PageLinks
          label="Outbox pages"
          before={d.page > 1 ? { to: d.page === 2 ? "/staff/outbox" : `/staff/outbox?page=${d.page - 1}`, text: "Newer" } : null}
          after={d.hasMore ? { to: `/staff/outbox?page=${d.page + 1}`, text: "Older" } : null}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
