import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan-settings";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { can } from "../../../src/auth/permissions.ts";
import { ForbiddenError } from "../../../src/auth/roles.ts";
import { formatMm } from "../../../src/plans/zones.ts";
import { LIMIT_REASON_MIN, PRODUCT_NAME_MAX, PRODUCT_REASON_MAX } from "../../../src/plans/limits.ts";
import { addProduct, getPlanSettings, setDepthLimit, updateProduct } from "../../../src/plans/settings.ts";
import { FieldError, NotFoundError } from "../../../src/scheduling/errors.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { getServices, getStaff } from "../../context.ts";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });
export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Plan settings — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const FLASH: Record<string, string> = {
  added: "The product is on the list.",
  product: "The product is saved.",
  limit: "The depth maximum is saved.",
  unchanged: "Nothing had changed.",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  const settings = await getPlanSettings(services.db, { staff });
  const clinic = await loadClinic(services.db, staff.organizationId);
  const flash = new URL(request.url).searchParams.get("saved");
  return {
    flash: flash && flash in FLASH ? FLASH[flash]! : null,
    canEdit: can(staff.role, "plans.manage"),
    products: settings.products,
    limits: settings.limits.map((l) => ({ ...l, updated: l.updatedAt ? formatDateTime(l.updatedAt, clinic.location.timeZone) : null })),
  };
}

type Result = { target: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const target = intent === "limit" ? `limit-${text("zone")}` : intent === "product" ? `product-${text("id")}` : "new-product";
  const values = { name: text("name"), reason: text("reason"), maxMm: text("maxMm") };
  const unsafe = formTextErrors(form, { texts: ["reason"] });
  if (unsafe) {
    const rename = (k: string) =>
      intent === "limit" ? (k === "reason" ? "limitReason" : k) : intent === "product" ? `${k}-${text("id")}` : k;
    return data<Result>(
      { target, errors: Object.fromEntries(Object.entries(unsafe).map(([k, v]) => [rename(k), v])), values },
      { status: 422 },
    );
  }
  try {
    if (intent === "add") {
      await addProduct(services.db, { staff, input: { name: values.name, reason: values.reason } });
      return redirect("/staff/plan-settings?saved=added", 303);
    }
    if (intent === "product") {
      const r = await updateProduct(services.db, {
        staff,
        id: text("id"),
        input: { name: values.name, reason: values.reason, active: form.get("active") === "on" },
      });
      return redirect(`/staff/plan-settings?saved=${r.changed ? "product" : "unchanged"}`, 303);
    }
    if (intent === "limit") {
      const r = await setDepthLimit(services.db, { staff, zone: text("zone"), maxMm: values.maxMm, reason: values.reason });
      return redirect(`/staff/plan-settings?saved=${r.changed ? "limit" : "unchanged"}#limit-${text("zone")}`, 303);
    }
  } catch (error) {
    if (error instanceof FieldError) {
      // Each form's fields have their own ids, so the error summary links to the field that has the error.
      const rename = (k: string) =>
        intent === "limit" ? (k === "reason" ? "limitReason" : k) : intent === "product" ? `${k}-${text("id")}` : k;
      const errors = Object.fromEntries(Object.entries(error.errors).map(([k, v]) => [rename(k), v]));
      return data<Result>({ target, errors, values }, { status: 422 });
    }
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    if (error instanceof NotFoundError) throw data(`${error.message} was not found.`, { status: 404 });
    throw error;
  }
  throw data("Unknown action", { status: 400 });
}

export default function PlanSettings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = (target: string) => (result?.target === target ? result : null);
  return (
    <div className="page">
      <h1>Plan settings</h1>
      <p className="muted">
        What treatment plans may contain.{" "}
        {d.canEdit ? "Every change is recorded in the audit log with its reason." : "Only the owner can change these."}
      </p>
      {d.flash && !result ? (
        <p className="alert success" role="status">
          {d.flash}
        </p>
      ) : null}
      {result ? <ErrorSummary errors={result.errors} /> : null}

      <section aria-labelledby="products-title" className="plan-block">
        <h2 id="products-title">Products after needling</h2>
        <p>
          Only sterile products approved for use right after microneedling: anything else put on freshly needled skin can be driven into it
          and cause granulomas. Each plan shows the client why a product is allowed.
        </p>
        <ul className="settings-list">
          {d.products.map((p) => {
            const r = mine(`product-${p.id}`);
            return (
              <li key={p.id} className="service-card">
                {d.canEdit ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="product" />
                    <input type="hidden" name="id" value={p.id} />
                    <TextField
                      required
                      id={`field-name-${p.id}`}
                      name="name"
                      label="Name"
                      value={r?.values.name ?? p.name}
                      error={r?.errors[`name-${p.id}`]}
                      maxLength={PRODUCT_NAME_MAX}
                    />
                    <TextField
                      required
                      id={`field-reason-${p.id}`}
                      name="reason"
                      label="Why it is allowed"
                      value={r?.values.reason ?? p.reason}
                      error={r?.errors[`reason-${p.id}`]}
                      multiline
                      maxLength={PRODUCT_REASON_MAX}
                    />
                    <label className="check-label">
                      <input className="check-input" type="checkbox" name="active" defaultChecked={p.active} />
                      On the list (untick to stop offering it; plans that have it keep it)
                    </label>
                    <button type="submit" className="button secondary">
                      Save {p.name}
                    </button>
                  </Form>
                ) : (
                  <>
                    <h3 className="item-heading">
                      {p.name}
                      {p.active ? "" : " (no longer offered)"}
                    </h3>
                    <p>{p.reason}</p>
                  </>
                )}
              </li>
            );
          })}
        </ul>
        {d.canEdit ? (
          <Form method="post" className="narrow-block">
            <h3>Add a product</h3>
            <input type="hidden" name="intent" value="add" />
            <TextField
              required
              id="field-name"
              name="name"
              label="Name"
              value={mine("new-product")?.values.name ?? ""}
              error={mine("new-product")?.errors.name}
              maxLength={PRODUCT_NAME_MAX}
            />
            <TextField
              required
              id="field-reason"
              name="reason"
              label="Why it is allowed"
              hint="For example: sterile, single use, labelled by its maker for use right after microneedling."
              value={mine("new-product")?.values.reason ?? ""}
              error={mine("new-product")?.errors.reason}
              multiline
              maxLength={PRODUCT_REASON_MAX}
            />
            <button type="submit" className="button">
              Add the product
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="limits-title" className="plan-block">
        <h2 id="limits-title">Depth maximum per zone</h2>
        <p>
          No plan may go deeper than the maximum for its zone. The clinic may set its own, never above the absolute limit, which keeps
          needling within the skin. Leave the field empty to go back to the default.
        </p>
        <div className="table-scroll">
          <table className="limits-table">
            <thead>
              <tr>
                <th scope="col">Zone</th>
                <th scope="col">Default</th>
                <th scope="col">Absolute limit</th>
                <th scope="col">This clinic</th>
              </tr>
            </thead>
            <tbody>
              {d.limits.map((l) => (
                <tr key={l.zone} id={`limit-${l.zone}`}>
                  <th scope="row">{l.label}</th>
                  <td>{formatMm(l.defaultMm)} mm</td>
                  <td>{formatMm(l.ceilingMm)} mm</td>
                  <td>
                    {l.clinicMm !== null ? `${formatMm(l.clinicMm)} mm` : "Default"}
                    {l.reason ? (
                      <span className="hint">
                        {" "}
                        — {l.reason} ({l.updatedBy}, {l.updated})
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.canEdit ? (
          <Form method="post" className="narrow-block">
            <h3>Change a zone's maximum</h3>
            <input type="hidden" name="intent" value="limit" />
            <div className="field">
              <label htmlFor="field-zone">Zone</label>
              <select id="field-zone" name="zone">
                {d.limits.map((l) => (
                  <option key={l.zone} value={l.zone}>
                    {l.label}
                  </option>
                ))}
              </select>
            </div>
            {(() => {
              const r = result?.target.startsWith("limit-") ? result : null;
              return (
                <>
                  <TextField
                    id="field-maxMm"
                    name="maxMm"
                    label="Maximum (mm)"
                    hint="In steps of 0.05 mm, e.g. 0.25. Empty: back to the default."
                    value={r?.values.maxMm ?? ""}
                    error={r?.errors.maxMm}
                  />
                  <TextField
                    required
                    id="field-limitReason"
                    name="reason"
                    label="Reason"
                    hint={`At least ${LIMIT_REASON_MIN} characters; kept in the audit log.`}
                    value={r?.values.reason ?? ""}
                    error={r?.errors.limitReason}
                    multiline
                  />
                </>
              );
            })()}
            <button type="submit" className="button">
              Save the maximum
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
