import type { ReactNode } from "react";
import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan-settings";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { formatMm } from "../../../src/plans/zones.ts";
import { LIMIT_REASON_MIN, PRODUCT_NAME_MAX, PRODUCT_REASON_MAX } from "../../../src/plans/limits.ts";
import {
  addGlide,
  addNumbingProduct,
  addProduct,
  getPlanSettings,
  setDepthLimit,
  setNumbingMaximum,
  updateGlide,
  updateNumbingProduct,
  updateProduct,
} from "../../../src/plans/settings.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { getAftercareSettings, setAftercareSetting } from "../../../src/plans/aftercare-settings.ts";
import { AftercareSettingsBlock, type AftercareFormResult } from "../../components/AftercareSettings.tsx";
import { ClinicListEditor, type ListFormResult } from "../../components/ClinicListEditor.tsx";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { SavedFlash } from "../../components/SavedFlash.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { FieldError, ForbiddenError, NotFoundError } from "../../../src/kernel/errors.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest, type StaffRequest } from "../../lib/staff-route.server.ts";

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
  numbing: "The numbing cream list is saved.",
  glide: "The glide list is saved.",
  "numbing-max": "The numbing maximum is saved.",
  aftercare: "The aftercare value is saved.",
};

// Numbing creams, needling glides and the numbing maximum (migration 0013):
// each form's fields get their own ids, as the product forms do.
const NUMBING_INTENTS = ["numbing-add", "numbing-product", "glide-add", "glide", "numbing-max"];

async function numbingAction(
  services: StaffRequest["services"],
  staff: StaffRequest["staff"],
  form: FormData,
  text: (name: string) => string,
  intent: string,
) {
  const id = text("id");
  const target = intent === "numbing-product" || intent === "glide" ? `${intent}-${id}` : intent;
  const values = { name: text("name"), agent: text("agent"), maxCm2: text("maxCm2"), reason: text("reason") };
  const suffix = target === intent ? `-${intent}` : `-${target}`;
  try {
    if (intent === "numbing-add") await addNumbingProduct(services.db, { staff, input: { name: values.name, agent: values.agent } });
    if (intent === "numbing-product") {
      const r = await updateNumbingProduct(services.db, {
        staff,
        id,
        input: { name: values.name, agent: values.agent, active: form.get("active") === "on" },
      });
      if (!r.changed) return redirect("/staff/plan-settings?saved=unchanged#numbing-title", 303);
    }
    const glide = { name: values.name, sterile: form.get("sterile") === "on", singleUse: form.get("singleUse") === "on" };
    if (intent === "glide-add") await addGlide(services.db, { staff, input: glide });
    if (intent === "glide") {
      const r = await updateGlide(services.db, { staff, id, input: { ...glide, active: form.get("active") === "on" } });
      if (!r.changed) return redirect("/staff/plan-settings?saved=unchanged#glides-title", 303);
    }
    if (intent === "numbing-max") {
      const r = await setNumbingMaximum(services.db, { staff, maxCm2: values.maxCm2, reason: values.reason });
      if (!r.changed) return redirect("/staff/plan-settings?saved=unchanged#numbing-max-title", 303);
      return redirect("/staff/plan-settings?saved=numbing-max#numbing-max-title", 303);
    }
    return intent.startsWith("glide")
      ? redirect("/staff/plan-settings?saved=glide#glides-title", 303)
      : redirect("/staff/plan-settings?saved=numbing#numbing-title", 303);
  } catch (error) {
    if (error instanceof FieldError) {
      const errors = Object.fromEntries(Object.entries(error.errors).map(([k, v]) => [`${k}${suffix}`, v]));
      return data<Result>({ target, errors, values }, { status: 422 });
    }
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    if (error instanceof NotFoundError) throw data(`${error.message} was not found.`, { status: 404 });
    throw error;
  }
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const settings = await getPlanSettings(services.db, { staff });
  const clinic = await loadClinic(services.db, staff.organizationId);
  const flash = new URL(request.url).searchParams.get("saved");
  return {
    flash: flash && flash in FLASH ? FLASH[flash]! : null,
    canEdit: can(staff.role, "plans.manage"),
    products: settings.products,
    numbingProducts: settings.numbingProducts,
    glides: settings.glides,
    numbingMaximum: {
      ...settings.numbingMaximum,
      updated: settings.numbingMaximum.updatedAt ? formatDateTime(settings.numbingMaximum.updatedAt, clinic.location.timeZone) : null,
    },
    limits: settings.limits.map((l) => ({ ...l, updated: l.updatedAt ? formatDateTime(l.updatedAt, clinic.location.timeZone) : null })),
    aftercare: await aftercareView(services, staff, clinic.location.timeZone),
  };
}

/** The aftercare periods (docs/aftercare.md), with when each was changed in the clinic's zone. */
async function aftercareView(services: StaffRequest["services"], staff: StaffRequest["staff"], timeZone: string) {
  const v = await getAftercareSettings(services.db, { staff });
  return {
    ...v,
    periods: v.periods.map((p) => ({
      ...p,
      changeNotes: p.changes.map((c) => ({ ...c, updated: formatDateTime(c.updatedAt, timeZone) })),
    })),
    deeperFrom: { ...v.deeperFrom, updated: v.deeperFrom.updatedAt ? formatDateTime(v.deeperFrom.updatedAt, timeZone) : null },
  };
}

async function aftercareAction(
  services: StaffRequest["services"],
  staff: StaffRequest["staff"],
  form: FormData,
  text: (name: string) => string,
) {
  const values = { key: text("key"), value: text("value"), reason: text("reason") };
  const suffixed = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-aftercare`, v]));
  const unsafe = formTextErrors(form, { texts: ["reason"] });
  if (unsafe) return data<AftercareFormResult>({ target: "aftercare", errors: suffixed(unsafe), values }, { status: 422 });
  try {
    const r = await setAftercareSetting(services.db, { staff, key: values.key, value: values.value, reason: values.reason });
    return redirect(`/staff/plan-settings?saved=${r.changed ? "aftercare" : "unchanged"}#aftercare-title`, 303);
  } catch (error) {
    if (error instanceof FieldError)
      return data<AftercareFormResult>({ target: "aftercare", errors: suffixed(error.errors), values }, { status: 422 });
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    if (error instanceof NotFoundError) throw data(`${error.message} was not found.`, { status: 404 });
    throw error;
  }
}

type Result = ListFormResult;

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  if (intent === "aftercare") return aftercareAction(services, staff, form, text);
  if (NUMBING_INTENTS.includes(intent)) {
    const unsafeText = formTextErrors(form, { texts: ["reason"] });
    if (unsafeText) {
      const target = intent === "numbing-product" || intent === "glide" ? `${intent}-${text("id")}` : intent;
      const suffix = target === intent ? `-${intent}` : `-${target}`;
      return data<Result>(
        { target, errors: Object.fromEntries(Object.entries(unsafeText).map(([k, v]) => [`${k}${suffix}`, v])), values: {} },
        { status: 422 },
      );
    }
    return numbingAction(services, staff, form, text, intent);
  }
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
      <SavedFlash message={result ? null : d.flash} />
      {result ? <ErrorSummary errors={result.errors} /> : null}

      <PlanBlock id="products-title" title="Products after needling">
        <p>
          Only sterile products approved for use right after microneedling: anything else put on freshly needled skin can be driven into it
          and cause granulomas. Each plan shows the client why a product is allowed.
        </p>
        <ClinicListEditor
          items={d.products}
          canEdit={d.canEdit}
          mine={mine}
          editIntent="product"
          itemKey={(id) => id}
          addIntent="add"
          addTarget="new-product"
          addKey=""
          fields={[
            { name: "name", label: "Name", maxLength: PRODUCT_NAME_MAX },
            {
              name: "reason",
              label: "Why it is allowed",
              addHint: "For example: sterile, single use, labelled by its maker for use right after microneedling.",
              multiline: true,
              maxLength: PRODUCT_REASON_MAX,
            },
          ]}
          readOnly={(p) => (
            <>
              <h3 className="item-heading">
                {p.name}
                {p.active ? "" : " (no longer offered)"}
              </h3>
              <p>{p.reason}</p>
            </>
          )}
          addHeading="Add a product"
          addButton="Add the product"
        />
      </PlanBlock>

      <NumbingAndGlideSettings d={d} mine={mine} />

      <AftercareSettingsBlock view={d.aftercare} canEdit={d.canEdit} result={mine("aftercare")} reasonMin={LIMIT_REASON_MIN} />

      <PlanBlock id="limits-title" title="Depth maximum per zone">
        <p>
          No plan may go deeper than the maximum for its zone. The clinic may set its own, never above the absolute limit, which keeps
          needling within the skin. Leave the field empty to go back to the default.
        </p>
        {d.limits.some((l) => l.aboveCeiling) ? (
          <div className="notice" role="status" id="limits-above-ceiling">
            <p>
              <strong>Some saved maxima are deeper than the absolute limit.</strong> The limits are now set from the skin thickness measured
              at each zone, so that needling stays within the dermis. Plans are held to the absolute limit until the maximum is set again:
            </p>
            <ul>
              {d.limits
                .filter((l) => l.aboveCeiling)
                .map((l) => (
                  <li key={l.zone}>
                    {l.label}: saved {formatMm(l.clinicMm ?? 0)} mm, applied {formatMm(l.inForceMm)} mm
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
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
                  <td>
                    {formatMm(l.ceilingMm)} mm <span className="hint">— {l.ceilingNote}</span>
                  </td>
                  <td>
                    {l.clinicMm !== null ? `${formatMm(l.clinicMm)} mm` : "Default"}
                    {l.aboveCeiling ? <strong> (above the absolute limit: {formatMm(l.inForceMm)} mm applies)</strong> : null}
                    <ChangeNote change={l} />
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
                  <ReasonField id="field-limitReason" value={r?.values.reason} error={r?.errors.limitReason} />
                </>
              );
            })()}
            <button type="submit" className="button">
              Save the maximum
            </button>
          </Form>
        ) : null}
      </PlanBlock>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}

/** The reason a clinic maximum is changed, kept in the audit log. */
function ReasonField({ id, value, error }: { id: string; value: string | undefined; error: string | undefined }) {
  return (
    <TextField
      required
      id={id}
      name="reason"
      label="Reason"
      hint={`At least ${LIMIT_REASON_MIN} characters; kept in the audit log.`}
      value={value ?? ""}
      error={error}
      multiline
    />
  );
}

/** One part of the page, under its heading. */
function PlanBlock({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="plan-block">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Why the clinic's own value was set, by whom and when; nothing while the default applies. */
function ChangeNote({ change }: { change: { reason: string | null; updatedBy: string | null; updated: string | null } }) {
  return change.reason ? (
    <span className="hint">
      {" "}
      — {change.reason} ({change.updatedBy}, {change.updated})
    </span>
  ) : null;
}

type SettingsData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Numbing creams, needling glides and the largest area numbed at once. */
function NumbingAndGlideSettings({ d, mine }: { d: SettingsData; mine: (target: string) => Result | null }) {
  const m = d.numbingMaximum;
  const max = mine("numbing-max");
  return (
    <>
      <PlanBlock id="numbing-title" title="Numbing creams">
        <p>
          A plan with numbing cream names one of these, with its agent and strength as on the label. The FDA advises against strong
          lidocaine (over 4 %) bought over the counter, against numbing large areas, and against covering or wrapping the cream: seizures
          and deaths were reported (FDA advisories, read through secondary copies ⚠ [ref-38]).
        </p>
        <ClinicListEditor
          items={d.numbingProducts}
          canEdit={d.canEdit}
          mine={mine}
          editIntent="numbing-product"
          addIntent="numbing-add"
          fields={[
            { name: "name", label: "Name" },
            {
              name: "agent",
              label: "Agent and strength",
              addHint: "As on the label, e.g. lidocaine 4 %, or lidocaine 2.5 % + prilocaine 2.5 %.",
            },
          ]}
          readOnly={(p) => (
            <p>
              <strong>{p.name}</strong> — {p.agent}
              {p.active ? "" : " (no longer offered)"}
            </p>
          )}
          addHeading="Add a numbing cream"
          addButton="Add the numbing cream"
        />
      </PlanBlock>

      <PlanBlock id="numbing-max-title" title="Largest area numbed at once">
        <p>
          {m.clinicCm2 !== null ? `This clinic: ${m.clinicCm2} cm²` : `Default: ${m.defaultCm2} cm² (about a whole face; clinic default ⚠)`}
          <ChangeNote change={m} />. A plan that numbs more in one application needs a stated reason (rule numbing.area-over-maximum).
        </p>
        <details>
          <summary>Estimated area of each zone</summary>
          <p className="hint">Rough estimates for an average adult (clinic default), used only to compare a plan with this maximum.</p>
          <table className="limits-table">
            <thead>
              <tr>
                <th scope="col">Zone</th>
                <th scope="col">About</th>
              </tr>
            </thead>
            <tbody>
              {m.zoneAreas.map((z) => (
                <tr key={z.zone}>
                  <th scope="row">{z.label}</th>
                  <td>{z.cm2} cm²</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {d.canEdit ? (
          <Form method="post" className="narrow-block">
            <input type="hidden" name="intent" value="numbing-max" />
            <TextField
              id="field-maxCm2-numbing-max"
              name="maxCm2"
              label="Maximum (cm²)"
              hint="A whole number from 50 to 5000. Empty: back to the default."
              value={max?.values.maxCm2 ?? ""}
              error={max?.errors["maxCm2-numbing-max"]}
            />
            <ReasonField id="field-reason-numbing-max" value={max?.values.reason} error={max?.errors["reason-numbing-max"]} />
            <button type="submit" className="button">
              Save the numbing maximum
            </button>
          </Form>
        ) : null}
      </PlanBlock>

      <PlanBlock id="glides-title" title="On the skin during needling (glides)">
        <p>
          Products on the skin while the needles work can be driven into it: granulomas were reported after non-sterile products and serums
          not meant for the skin&apos;s inside. A plan may choose only a glide marked both sterile and single-use.
        </p>
        <ClinicListEditor
          items={d.glides}
          canEdit={d.canEdit}
          mine={mine}
          editIntent="glide"
          addIntent="glide-add"
          fields={[{ name: "name", label: "Name" }]}
          checks={[
            { name: "sterile", label: "Sterile" },
            { name: "singleUse", label: "Single use" },
          ]}
          readOnly={(g) => (
            <p>
              <strong>{g.name}</strong> —{" "}
              {g.sterile && g.singleUse ? "sterile, single use" : "not marked sterile and single-use: plans can't choose it"}
              {g.active ? "" : " (no longer offered)"}
            </p>
          )}
          addHeading="Add a glide"
          addButton="Add the glide"
        />
      </PlanBlock>
    </>
  );
}
