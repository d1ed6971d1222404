import { data, Form, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/clients";
import adminCss from "./admin.css?url";
import recordsCss from "./records.css?url";
import { clientQueryProblem, searchClients } from "../../../src/privacy/client-directory.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { ListTable, PageLinks } from "../../components/StaffList.tsx";
import { ForbiddenError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: recordsCss },
];

export const meta: Route.MetaFunction = () => [{ title: "Clients — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const { db } = services;
  const url = new URL(request.url);
  const asked = url.searchParams.get("q") ?? "";
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const problem = clientQueryProblem(asked);
  if (problem) {
    // Shown beside the search field; the query is not echoed back (it may hold what the field refuses).
    return data({ q: "", error: problem, clients: [], total: 0, page: 1, pageCount: 1 }, { status: 422 });
  }
  const q = asked;
  try {
    const result = await searchClients(db, { staff, query: q, page });
    return { q, error: null, ...result };
  } catch (error) {
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    throw error;
  }
}

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/staff/clients?${s}` : "/staff/clients";
}

export default function Clients() {
  const { q, error, clients, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Clients</h1>
      <p className="muted">Contact details of everyone who has booked. Open a client for their appointments and health record.</p>
      <Form method="get" action="/staff/clients" className="records-search" role="search">
        <div className="field">
          <label htmlFor="client-search">Name, e-mail or phone</label>
          <input
            id="client-search"
            name="q"
            type="search"
            defaultValue={q}
            autoComplete="off"
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "client-search-error" : undefined}
          />
          {error ? (
            <p id="client-search-error" className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary">
          Search
        </button>
      </Form>

      <p role="status" className="muted">
        {error
          ? "Change the search and try again."
          : total === 0
            ? q
              ? `No client matches “${q}”.`
              : "No clients yet. They appear here once they book."
            : `${total === 1 ? "1 client" : `${total} clients`}${q ? ` match “${q}”` : ""}${pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}.`}
      </p>

      {clients.length > 0 ? (
        <ListTable id="clients" caption="Clients" columns={["Name", "E-mail", "Phone"]}>
          {clients.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/staff/clients/${c.id}`}>{c.name}</Link>
              </td>
              <td className="wrap-anywhere">{c.email}</td>
              <td>{c.phone ?? <span className="muted">Not given</span>}</td>
            </tr>
          ))}
        </ListTable>
      ) : null}

      {pageCount > 1 ? (
        <PageLinks
          label="Client list pages"
          before={page > 1 ? { to: pageHref(q, page - 1), text: "Previous page" } : null}
          after={page < pageCount ? { to: pageHref(q, page + 1), text: "Next page" } : null}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
