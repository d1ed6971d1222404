import { StaffError } from "../../components/StaffError.tsx";
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/service";
import adminCss from "./admin.css?url";
import { canEditClinic } from "../../../src/scheduling/admin/access.ts";
import { centsToPriceInput, type ServiceInput } from "../../../src/scheduling/admin/service-fields.ts";
import {
  cancelScheduledPrice,
  createService,
  getServiceDetail,
  practitionerChoices,
  updateService,
} from "../../../src/scheduling/admin/services.ts";
import { changesAfter, priceOn, type PriceChange } from "../../../src/scheduling/price-rules.ts";
import { ChoiceFieldset, ErrorSummary, FieldFrame, TextField } from "../../components/ContactFields.tsx";
import { FrenchTextField } from "../../components/FrenchTextField.tsx";
import { StaffDetailHeading } from "../../components/StaffDetailHeading.tsx";
import { fieldProps } from "../../lib/field-props.ts";
import { formatDateMedium, formatDuration, formatMoney } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { ForbiddenError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { addDays } from "../../../src/scheduling/time.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData ? (loaderData.isNew ? "New service" : loaderData.values.name) : "Service"} — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

type Values = Record<string, string>;

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff, scope } = staffRequest(context);
  const canEdit = canEditClinic(staff);
  const url = new URL(request.url);
  const saved = url.searchParams.get("saved");
  const flash =
    saved === "created"
      ? "Service added."
      : saved === "1"
        ? "Service saved."
        : saved === "unchanged"
          ? "Nothing to save: no changes."
          : saved === "price-cancelled"
            ? "Scheduled price change cancelled."
            : null;
  if (params.id === "new") {
    if (!canEdit) throw data(new ForbiddenError("add services").message, { status: 403 });
    const practitioners = await practitionerChoices(services.db, scope);
    const values: Values = {
      name: "",
      nameFr: "",
      slug: "",
      kind: "treatment",
      description: "",
      descriptionFr: "",
      durationMinutes: "60",
      bufferBeforeMinutes: "0",
      bufferAfterMinutes: "0",
      price: "",
      currency: "CAD",
      requiresRoom: "on",
      requiresEligibility: "",
      active: "on",
      sortOrder: "",
    };
    return {
      isNew: true,
      canEdit,
      flash,
      id: null,
      values,
      practitionerIds: [] as string[],
      practitioners,
      summary: null,
      prices: [] as PriceRow[],
      timeZone: "",
    };
  }
  let detail;
  try {
    detail = await getServiceDetail(services.db, { ...scope, serviceId: params.id, now: services.now() });
  } catch (error) {
    formErrors(error);
    throw error;
  }
  const s = detail.service;
  const values: Values = {
    name: s.name,
    nameFr: s.nameFr,
    slug: s.slug,
    kind: s.kind,
    description: s.description,
    descriptionFr: s.descriptionFr,
    durationMinutes: String(s.durationMinutes),
    bufferBeforeMinutes: String(s.bufferBeforeMinutes),
    bufferAfterMinutes: String(s.bufferAfterMinutes),
    price: centsToPriceInput(s.priceCents),
    currency: s.currency,
    priceFrom: detail.today,
    requiresRoom: s.requiresRoom ? "on" : "",
    requiresEligibility: s.requiresEligibility ? "on" : "",
    active: s.active ? "on" : "",
    sortOrder: String(s.sortOrder),
  };
  return {
    isNew: false,
    canEdit,
    flash,
    id: s.id,
    values,
    practitionerIds: detail.practitionerIds,
    practitioners: detail.practitioners,
    summary: {
      duration: formatDuration(s.durationMinutes),
      price: moneyWithCurrency(s.priceCents, s.currency),
    },
    prices: priceRows(s.prices, detail.today),
    timeZone: detail.timeZone,
  };
}

/** "$95 CAD"; the words alone when there is no amount ("Free", "Price on request"). */
function moneyWithCurrency(cents: number | null, currency: string): string {
  const text = formatMoney(cents, currency);
  return cents ? `${text} ${currency}` : text;
}

interface PriceRow {
  from: string;
  when: string;
  price: string;
  state: "earlier" | "now" | "scheduled";
}

/** The price list as staff read it: what was charged before, what is charged now, what is scheduled, oldest first. */
function priceRows(changes: readonly PriceChange[], today: string): PriceRow[] {
  const current = priceOn(changes, today);
  const scheduled = new Set(changesAfter(changes, today));
  return changes.map((c, i) => {
    const next = changes[i + 1];
    const first = i === 0;
    return {
      from: c.from,
      when:
        first && next
          ? `Until ${formatDateMedium(addDays(next.from, -1))}`
          : first
            ? "Since it was added"
            : `From ${formatDateMedium(c.from)}`,
      price: moneyWithCurrency(c.cents, c.currency),
      state: scheduled.has(c) ? "scheduled" : c === current ? "now" : "earlier",
    };
  });
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff, scope } = staffRequest(context);
  if (!canEditClinic(staff))
    throw data(new ForbiddenError(params.id === "new" ? "add services" : "change services").message, { status: 403 });
  const form = await readForm(request);
  const str = formText(form);
  if (params.id !== "new" && str("intent") === "cancel-price") {
    try {
      await cancelScheduledPrice(services.db, { ...scope, serviceId: params.id, from: str("from"), now: services.now() });
      return redirect(`/staff/services/${params.id}?saved=price-cancelled`, 303);
    } catch (error) {
      return data({ errors: formErrors(error), values: null, practitionerIds: null }, { status: 422 });
    }
  }
  const practitionerIds = form.getAll("practitionerIds").filter((v): v is string => typeof v === "string");
  const unsafe = formTextErrors(form, { texts: ["description", "descriptionFr"] });
  if (unsafe) {
    const values: Values = {};
    for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "practitionerIds") values[k] = v;
    for (const box of ["requiresRoom", "requiresEligibility", "active"]) values[box] = form.has(box) ? "on" : "";
    return data({ errors: unsafe, values, practitionerIds }, { status: 422 });
  }
  const input: ServiceInput = {
    name: str("name"),
    nameFr: str("nameFr"),
    slug: str("slug"),
    kind: str("kind"),
    description: str("description"),
    descriptionFr: str("descriptionFr"),
    durationMinutes: str("durationMinutes"),
    bufferBeforeMinutes: str("bufferBeforeMinutes"),
    bufferAfterMinutes: str("bufferAfterMinutes"),
    price: str("price"),
    currency: str("currency"),
    priceFrom: str("priceFrom"),
    requiresRoom: form.has("requiresRoom"),
    requiresEligibility: form.has("requiresEligibility"),
    active: form.has("active"),
    sortOrder: str("sortOrder"),
    practitionerIds,
  };
  try {
    if (params.id === "new") {
      const { id } = await createService(services.db, { ...scope, input, now: services.now() });
      return redirect(`/staff/services/${id}?saved=created`, 303);
    }
    const r = await updateService(services.db, { ...scope, serviceId: params.id, input, now: services.now() });
    return redirect(`/staff/services/${params.id}?saved=${r.changed ? "1" : "unchanged"}`, 303);
  } catch (error) {
    const errors = formErrors(error);
    const values: Values = {};
    for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "practitionerIds") values[k] = v;
    for (const box of ["requiresRoom", "requiresEligibility", "active"]) values[box] = form.has(box) ? "on" : "";
    return data({ errors, values, practitionerIds }, { status: 422 });
  }
}

function Checkbox({ name, label, hint, checked }: { name: string; label: string; hint?: string; checked: boolean }) {
  const id = `field-${name}`;
  return (
    <div className="field check-field">
      <label htmlFor={id} className="check-label">
        <input
          id={id}
          type="checkbox"
          name={name}
          defaultChecked={checked}
          className="check-input"
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        {label}
      </label>
      {hint ? (
        <p className="hint check-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function ServiceForm() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const v: Values = result?.values ?? d.values;
  const field = fieldProps(v, errors);
  const chosen = new Set(result?.practitionerIds ?? d.practitionerIds);
  const descId = "field-description";
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" action={d.isNew ? "/staff/services/new" : `/staff/services/${d.id}`} noValidate className="stack narrow-block">
        <TextField {...field("name")} label="Name" autoComplete="off" required />
        <FrenchTextField {...field("nameFr")} label="Name in French" />
        <TextField
          {...field("slug")}
          label="Web address name"
          autoComplete="off"
          hint={
            d.isNew
              ? "The end of the booking link, /book/…: lowercase letters, digits and hyphens. Leave empty to make one from the name."
              : "The end of the booking link, /book/…: lowercase letters, digits and hyphens. Changing it breaks links already shared."
          }
        />
        <ChoiceFieldset name="kind" legend="Kind" error={errors.kind}>
          <label className="check-label">
            <input type="radio" name="kind" value="consultation" defaultChecked={v.kind === "consultation"} className="check-input" />
            Consultation: a first talk, no treatment
          </label>
          <label className="check-label">
            <input type="radio" name="kind" value="treatment" defaultChecked={v.kind === "treatment"} className="check-input" />
            Treatment
          </label>
        </ChoiceFieldset>
        <FieldFrame
          id={descId}
          label={
            <>
              Description<span className="optional"> (optional)</span>
            </>
          }
          hint="Shown to clients on the booking page."
          error={errors.description}
        >
          <textarea
            id={descId}
            name="description"
            rows={4}
            defaultValue={v.description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={`${descId}-hint${errors.description ? ` ${descId}-error` : ""}`}
          />
        </FieldFrame>
        <FrenchTextField {...field("descriptionFr")} label="Description in French" multiline />
        <TextField
          {...field("durationMinutes")}
          label="Length (minutes)"
          inputMode="numeric"
          hint="The client's time with the practitioner, 5 to 480."
          required
        />
        <fieldset>
          <legend>Buffers (minutes, 0 to 120)</legend>
          <p className="hint muted fieldset-intro">Time kept free for preparation before and cleaning after. Clients do not see it.</p>
          <TextField {...field("bufferBeforeMinutes")} label="Before" inputMode="numeric" required />
          <TextField {...field("bufferAfterMinutes")} label="After" inputMode="numeric" required />
        </fieldset>
        <fieldset>
          <legend>Price</legend>
          <TextField
            {...field("price")}
            label="Price (dollars)"
            inputMode="decimal"
            hint="Like 299 or 299.50. 0 means free; leave empty for “price on request”."
          />
          <TextField {...field("currency")} label="Currency" autoComplete="off" hint="Three-letter code, like CAD." required />
          {d.isNew ? null : (
            <TextField
              {...field("priceFrom")}
              type="date"
              label="New price takes effect on"
              hint={`Today or a later day (${d.timeZone}). Appointments on or after that day cost the new price; earlier ones keep theirs. Clients see a scheduled price on the booking pages.`}
              required
            />
          )}
        </fieldset>
        <fieldset>
          <legend>Booking rules</legend>
          <Checkbox
            name="active"
            label="Active: clients can book it"
            checked={v.active === "on"}
            hint="Untick to stop new bookings; existing ones stay."
          />
          <Checkbox name="requiresRoom" label="Needs a treatment room" checked={v.requiresRoom === "on"} />
          <Checkbox
            name="requiresEligibility"
            label="Needs an eligibility check first"
            checked={v.requiresEligibility === "on"}
            hint="For treatments with contraindications: the client answers the health screening before booking."
          />
        </fieldset>
        <TextField
          {...field("sortOrder")}
          label="Order in lists"
          inputMode="numeric"
          hint="Lower numbers come first on the booking page."
        />
        <ChoiceFieldset name="practitionerIds" legend="Offered by" error={errors.practitionerIds}>
          {d.practitioners.length === 0 ? <p className="muted">No practitioners yet.</p> : null}
          {d.practitioners.map((p) => (
            <label key={p.id} className="check-label">
              <input type="checkbox" name="practitionerIds" value={p.id} defaultChecked={chosen.has(p.id)} className="check-input" />
              {p.name}
              {p.active ? null : <span className="muted">&nbsp;(inactive)</span>}
            </label>
          ))}
        </ChoiceFieldset>
        <div className="actions">
          <button type="submit" className="button primary">
            {d.isNew ? "Add service" : "Save service"}
          </button>
          <Link to="/staff/services" className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

/** The service's prices over time, with a way to take back a change not yet in force. */
function PriceHistory() {
  const d = useLoaderData<typeof loader>();
  if (d.isNew || d.prices.length < 2) return null;
  return (
    <section aria-labelledby="prices-heading">
      <h2 id="prices-heading">Prices</h2>
      <ul className="price-history">
        {d.prices.map((p) => (
          <li key={p.from}>
            <span>
              {p.when}: <strong>{p.price}</strong>
              {p.state === "now" ? (
                <span className="muted"> (now)</span>
              ) : p.state === "scheduled" ? (
                <span className="muted"> (scheduled)</span>
              ) : null}
            </span>
            {p.state === "scheduled" && d.canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="cancel-price" />
                <input type="hidden" name="from" value={p.from} />
                <button type="submit" className="link-button">
                  Cancel this change<span className="visually-hidden"> ({p.when})</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReadOnly() {
  const d = useLoaderData<typeof loader>();
  const v = d.values;
  const names = d.practitioners.filter((p) => d.practitionerIds.includes(p.id)).map((p) => p.name);
  // [label, value, language of the value when it is not English]
  const rows: [string, string, "fr"?][] = [
    v.nameFr ? ["Name in French", v.nameFr, "fr"] : ["Name in French", "—"],
    ["Kind", v.kind === "consultation" ? "Consultation" : "Treatment"],
    ["Booking link", `/book/${v.slug}`],
    ["Length", d.summary?.duration ?? ""],
    ["Buffers", `${v.bufferBeforeMinutes} min before, ${v.bufferAfterMinutes} min after`],
    ["Price", d.summary?.price ?? ""],
    ["Status", v.active === "on" ? "Active" : "Inactive"],
    ["Room", v.requiresRoom === "on" ? "Needs a treatment room" : "No room needed"],
    ["Eligibility", v.requiresEligibility === "on" ? "Screening before booking" : "Not required"],
    ["Offered by", names.length ? names.join(", ") : "Nobody yet"],
  ];
  return (
    <>
      <p className="notice">Your role can see this service but not change it; ask an owner or manager.</p>
      {v.description ? <p>{v.description}</p> : null}
      {v.descriptionFr ? <p lang="fr">{v.descriptionFr}</p> : null}
      <dl className="summary-card details">
        {rows.map(([k, value, lang]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd lang={lang}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export default function ServicePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <div className="page">
      <StaffDetailHeading
        backTo="/staff/services"
        backLabel="← All services"
        title={d.isNew ? "New service" : d.values.name}
        inactive={!d.isNew && d.values.active !== "on"}
        saved={result ? null : d.flash}
      />
      {d.canEdit ? (
        <div key={location.key}>
          <PriceHistory />
          <ServiceForm />
        </div>
      ) : (
        <>
          <ReadOnly />
          <PriceHistory />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/services" backLabel="Back to services" />;
}
