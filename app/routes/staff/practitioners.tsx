import { StaffError } from "../../components/StaffError.tsx";
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/practitioners";
import adminCss from "./admin.css?url";
import { canEditClinic } from "../../../src/scheduling/admin/access.ts";
import { createPractitioner, listPractitionersForStaff } from "../../../src/scheduling/admin/practitioners.ts";
import { WEEKDAYS } from "../../../src/scheduling/admin/time-fields.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { ForbiddenError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = () => [{ title: "Practitioners — Dermaplan staff" }, { name: "robots", content: "noindex" }];

function scopeOf(context: Route.LoaderArgs["context"]) {
  const { services, staff } = staffRequest(context);
  return { db: services.db, staff, organizationId: services.organizationId };
}

export async function loader({ context }: Route.LoaderArgs) {
  const { db, staff, organizationId } = scopeOf(context);
  const list = await listPractitionersForStaff(db, { staff, organizationId });
  return {
    canEdit: canEditClinic(staff),
    practitioners: list.map((p) => ({
      id: p.id,
      name: p.name,
      title: p.title,
      active: p.active,
      services: p.serviceNames,
      week: WEEKDAYS.map(({ day, name }) => ({
        day: name,
        hours: (p.hours[day] ?? []).map((i) => `${i.start}–${i.end}`).join(", "),
      })).filter((d) => d.hours !== ""),
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { db, staff, organizationId } = scopeOf(context);
  if (!canEditClinic(staff)) throw data(new ForbiddenError("add practitioners").message, { status: 403 });
  const form = await readForm(request);
  const values = { name: String(form.get("name") ?? ""), title: String(form.get("title") ?? "") };
  const unsafe = formTextErrors(form);
  if (unsafe) return data({ errors: unsafe, values }, { status: 422 });
  try {
    const { id } = await createPractitioner(db, { staff, organizationId, input: values });
    return redirect(`/staff/practitioners/${id}?saved=created`, 303);
  } catch (error) {
    return data({ errors: formErrors(error), values }, { status: 422 });
  }
}

export default function Practitioners() {
  const { canEdit, practitioners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="page">
      <h1>Practitioners</h1>
      <p className="muted">
        Who works at the clinic, their weekly hours, days off and the services they offer.
        {canEdit ? null : " Your role can see these but not change them; ask an owner or manager."}
      </p>
      {practitioners.length === 0 ? (
        <p className="notice">No practitioners yet.</p>
      ) : (
        <ul className="service-list">
          {practitioners.map((p) => (
            <li key={p.id} className="service-card">
              <div>
                <h2 className="item-heading">
                  <Link to={`/staff/practitioners/${p.id}`}>{p.name}</Link>
                  {p.active ? null : <span className="muted"> (inactive)</span>}
                </h2>
                {p.title ? <p className="muted">{p.title}</p> : null}
                <p className="small">
                  {p.week.length ? p.week.map((d) => `${d.day.slice(0, 3)} ${d.hours}`).join(" · ") : "No weekly hours set"}
                </p>
                <p className="small muted">
                  {p.services.length ? `Offers: ${p.services.join(", ")}` : "Offers no services yet, so clients cannot book them."}
                </p>
              </div>
              <Link className="button small secondary" to={`/staff/practitioners/${p.id}`}>
                {canEdit ? "Edit" : "View"}
                <span className="visually-hidden"> {p.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}

      {canEdit ? (
        <section aria-labelledby="add-heading" className="narrow-block">
          <h2 id="add-heading">Add a practitioner</h2>
          <p className="muted small">You set their hours and services on the next page. New practitioners are active.</p>
          <ErrorSummary errors={errors} />
          <Form method="post" action={"/staff/practitioners"} noValidate className="stack" key={location.key}>
            <TextField name="name" label="Name" value={result?.values.name} error={errors.name} autoComplete="off" required />
            <TextField
              name="title"
              label="Title"
              value={result?.values.title}
              error={errors.title}
              hint="Shown to clients, like “Medical aesthetician”."
            />
            <button type="submit" className="button primary">
              Add practitioner
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/practitioners" backLabel="Back to practitioners" />;
}
