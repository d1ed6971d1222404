import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/appointment-new";
import css from "./calendar.css?url";
import { ClientContactSchema } from "../../../src/clients/contact.ts";
import { isPlausibleInstant, isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { checkSlot, nearestAlternatives } from "../../../src/scheduling/availability.ts";
import { bookAppointment } from "../../../src/scheduling/book-appointment.ts";
import { listPractitioners, listServices, loadClinic, type Clinic, type Service } from "../../../src/scheduling/clinic.ts";
import { ClientOverlapError, NotEligibleError, SlotUnavailableError, type IneligibleReason } from "../../../src/scheduling/errors.ts";
import type { Slot } from "../../../src/scheduling/slots.ts";
import { parseOffsetIso } from "../../../src/scheduling/time.ts";
import { ErrorSummary, FieldFrame, TextField } from "../../components/ContactFields.tsx";
import { SlotPicker } from "../../components/SlotPicker.tsx";
import { fieldProps } from "../../lib/field-props.ts";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateLong, formatDateTime, formatDuration, formatTime, formatMoney, zoned } from "../../lib/format.ts";
import { fieldErrors } from "../../lib/problem.ts";
import { slotPickerData } from "../../lib/slot-picker.server.ts";
import { FieldError, NotFoundError } from "../../../src/kernel/errors.ts";
import { can, type Actor } from "../../../src/kernel/access.ts";
import { clientContact, clientQueryProblem, searchClients } from "../../../src/privacy/client-directory.ts";
import type { DbOrTx } from "../../../src/db/open.ts";
import { ChosenClient, ClientPicker, type ClientSearch, type PickerClient } from "../../components/appointment/ClientPicker.tsx";
import { staffRequest } from "../../lib/staff-route.server.ts";

/** "Thu, Dec 3 at 2:30 p.m.": short enough for a button on a phone. */
function altLabel(ms: number, tz: string): string {
  const day = zoned(ms, tz).toPlainDate().toLocaleString("en-CA", { weekday: "short", month: "short", day: "numeric" });
  return `${day} at ${formatTime(ms, tz)}`;
}

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const meta: Route.MetaFunction = () => [{ title: "New appointment — Dermaplan staff" }, { name: "robots", content: "noindex" }];

type Values = { name: string; email: string; phone: string; eligibilityOverrideReason?: string };
type AltSlot = { start: string; label: string; practitionerName: string };

type ActionResult =
  | { step: "times"; message: string; alternatives: AltSlot[] }
  | {
      step: "details";
      serviceId: string;
      /** The practitioner asked for; "" is anyone available. */
      practitionerId: string;
      start: string;
      when: string;
      serviceName: string;
      practitionerText: string;
      values: Values;
      errors: Record<string, string>;
      alternatives: AltSlot[];
      message?: string;
      /** The client's screening refused this treatment: staff may book anyway with a reason. */
      notEligible?: boolean;
      /** The existing client chosen in the picker; null: a new client's details are typed. */
      client: PickerClient | null;
      /** The picker's search on this step, when one was made. */
      search: ClientSearch | null;
    };
type DetailsResult = Extract<ActionResult, { step: "details" }>;

/** Booking is for the roles that edit the schedule; others see the calendar only. */
const SCHEDULE_EDIT = { permission: "schedule.edit", doing: "book appointments" } as const;

/** The caller, who may book (a 403 page otherwise), and the clinic's lists the form offers. */
async function context(ctx: Route.LoaderArgs["context"]) {
  const { services, staff } = staffRequest(ctx, SCHEDULE_EDIT);
  const clinic = await loadClinic(services.db, services.organizationId);
  const serviceList = await listServices(services.db, clinic.organizationId);
  const practitioners = await listPractitioners(services.db, clinic.organizationId);
  return { services, staff, clinic, serviceList, practitioners };
}

function isoLocal(ms: number, tz: string): string {
  return zoned(ms, tz).toString({ timeZoneName: "never", smallestUnit: "second" });
}

function altSlots(slots: Slot[], tz: string, practitioners: { id: string; name: string }[]): AltSlot[] {
  return slots.map((s) => ({
    start: isoLocal(s.start, tz),
    label: altLabel(s.start, tz),
    practitionerName: practitioners.find((p) => p.id === s.practitionerId)?.name ?? "",
  }));
}

function newHref(p: { service?: string; practitioner?: string; week?: string; date?: string; client?: string }): string {
  const q = new URLSearchParams();
  if (p.client) q.set("client", p.client);
  if (p.service) q.set("service", p.service);
  if (p.practitioner) q.set("practitioner", p.practitioner);
  if (p.week) q.set("week", p.week);
  if (p.date) q.set("date", p.date);
  const s = q.toString();
  return s ? `/staff/appointments/new?${s}` : "/staff/appointments/new";
}

/** How many matches the picker lists: enough for a common surname, few enough to read on a phone. */
const PICKER_SIZE = 8;

/** The clinic's clients matching what was typed (the clients list's own search), or null when nothing was searched. */
async function findClients(db: DbOrTx, staff: Actor, q: string | null): Promise<ClientSearch | null> {
  if (q === null) return null;
  // The query is not echoed back when refused: it may hold what the field refuses.
  const error = clientQueryProblem(q);
  if (error) return { q: "", error, clients: [], total: 0 };
  if (!q.trim()) return { q: "", error: null, clients: [], total: 0 };
  const found = await searchClients(db, { staff, query: q, pageSize: PICKER_SIZE });
  return { q, error: null, clients: found.clients.map(pickerClient), total: found.total };
}

function pickerClient(c: PickerClient): PickerClient {
  return { id: c.id, name: c.name, email: c.email, phone: c.phone };
}

/** The chosen client as stored in this clinic, or null (none chosen, unknown, another clinic's). */
async function chosenClient(db: DbOrTx, staff: Actor, id: string): Promise<PickerClient | null> {
  if (!id || !can(staff.role, "clients.view")) return null;
  const c = await clientContact(db, staff.organizationId, id);
  return c ? pickerClient(c) : null;
}

const CLIENT_GONE = "The client chosen is not in the clinic's list any more. Search again, or type a new client's details.";

export async function loader({ context: ctx, request }: Route.LoaderArgs) {
  const { services, staff, clinic, serviceList, practitioners } = await context(ctx);
  const url = new URL(request.url);
  const mayPick = can(staff.role, "clients.view");
  const askedClient = url.searchParams.get("client") ?? "";
  const client = await chosenClient(services.db, staff, askedClient);
  const search = mayPick && !client ? await findClients(services.db, staff, url.searchParams.get("q")) : null;
  const service = serviceList.find((s) => s.id === url.searchParams.get("service")) ?? null;
  const askedPractitioner = url.searchParams.get("practitioner") ?? "";
  const practitionerId = practitioners.some((p) => p.id === askedPractitioner) ? askedPractitioner : "";
  const askedDate = url.searchParams.get("date");
  const date = askedDate && isPlausiblePlainDate(askedDate) ? askedDate : null;
  const picker = service
    ? await slotPickerData(services.db, {
        clinic,
        service,
        practitionerId: practitionerId || undefined,
        date,
        week: url.searchParams.get("week"),
        now: services.now(),
      })
    : null;
  const page = {
    mayPick,
    client,
    clientMissing: askedClient !== "" && !client && mayPick,
    search,
    week: url.searchParams.get("week") ?? "",
    services: serviceList.map((s) => ({
      id: s.id,
      name: s.name,
      facts: `${formatDuration(s.durationMinutes)} · ${formatMoney(s.priceCents, s.currency)}`,
    })),
    practitioners: practitioners.map((p) => ({ id: p.id, name: p.name, title: p.title })),
    serviceId: service?.id ?? "",
    serviceName: service?.name ?? "",
    practitionerId,
    date: date ?? "",
    picker,
  };
  return search?.error ? data(page, { status: 422 }) : page;
}

/** The shared contact schema speaks to the client; these screens speak to staff. */
function staffErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.replace(/^Enter your /, "Enter the client's ")]));
}

async function describe(
  clinic: Clinic,
  service: Service,
  start: number,
  practitionerId: string,
  freeWith: string | null,
  practitioners: { id: string; name: string }[],
) {
  const tz = clinic.location.timeZone;
  const nameOf = (id: string | null) => practitioners.find((p) => p.id === id)?.name ?? "";
  return {
    serviceId: service.id,
    practitionerId,
    start: isoLocal(start, tz),
    when: `${formatDateTime(start, tz)} (${formatDuration(service.durationMinutes)})`,
    serviceName: service.name,
    practitionerText: practitionerId
      ? nameOf(practitionerId)
      : freeWith
        ? `Anyone available (${nameOf(freeWith)} is free now)`
        : "Anyone available",
  };
}

export async function action({ context: ctx, request }: Route.ActionArgs) {
  const { services, staff, clinic, serviceList, practitioners } = await context(ctx);
  const tz = clinic.location.timeZone;
  const now = services.now();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const service = serviceList.find((s) => s.id === String(form.get("serviceId") ?? ""));
  const askedPractitioner = String(form.get("practitionerId") ?? "");
  const practitionerId = practitioners.some((p) => p.id === askedPractitioner) ? askedPractitioner : "";
  const asked = parseOffsetIso(String(form.get("start") ?? ""));
  // A time the calendar could never show (year 0, year 9999) is no time at all.
  const start = asked !== null && isPlausibleInstant(asked) ? asked : null;
  // Control characters: beside the contact field that holds them; in any other field the form is not one this page drew.
  const unsafe = formTextErrors(form, { texts: ["eligibilityOverrideReason"] });
  const CONTACT = ["name", "email", "phone", "eligibilityOverrideReason", "q"];
  if (unsafe && Object.keys(unsafe).some((k) => !CONTACT.includes(k))) {
    return data<ActionResult>(
      { step: "times", message: "The form held characters it cannot take. Please choose the service and time again.", alternatives: [] },
      { status: 422 },
    );
  }

  if (!service) {
    return data<ActionResult>({ step: "times", message: "Please choose a service first.", alternatives: [] }, { status: 422 });
  }
  if (start === null) {
    return data<ActionResult>({ step: "times", message: "Please choose one of the times shown.", alternatives: [] }, { status: 422 });
  }
  const query = { clinic, service, practitionerId: practitionerId || undefined, now };

  // The existing client chosen in the picker, by id: the booking uses the stored client, never retyped fields.
  const askedClient = String(form.get("client") ?? "");
  const client = await chosenClient(services.db, staff, askedClient);

  if (intent === "pick") {
    // The time may have gone since the page was drawn; say so now, not after typing.
    const slot = await checkSlot(services.db, query, start);
    if (!slot) {
      return data<ActionResult>(
        {
          step: "times",
          message: "That time is no longer free. The nearest free times:",
          alternatives: altSlots(await nearestAlternatives(services.db, query, start), tz, practitioners),
        },
        { status: 409 },
      );
    }
    // A search from this step: a query with control characters is answered beside its field.
    const search = client
      ? null
      : unsafe?.q
        ? { q: "", error: unsafe.q, clients: [], total: 0 }
        : can(staff.role, "clients.view")
          ? await findClients(services.db, staff, form.has("q") ? String(form.get("q")) : null)
          : null;
    return data<ActionResult>(
      {
        step: "details",
        ...(await describe(clinic, service, start, practitionerId, slot.practitionerId, practitioners)),
        values: { name: "", email: "", phone: "" },
        errors: {},
        alternatives: [],
        client,
        search,
        ...(askedClient && !client ? { message: CLIENT_GONE } : {}),
      },
      { status: search?.error ? 422 : 200 },
    );
  }

  if (intent !== "book") {
    return data<ActionResult>({ step: "times", message: "Please choose a time.", alternatives: [] }, { status: 400 });
  }

  const values: Values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    phone: String(form.get("phone") ?? ""),
  };
  // Only needed when the form comes back; who is free is looked up again then.
  const described = async () =>
    describe(
      clinic,
      service,
      start,
      practitionerId,
      practitionerId ? null : ((await checkSlot(services.db, query, start))?.practitionerId ?? null),
      practitioners,
    );
  // The details form again, with what was typed and why it came back.
  const backToDetails = async (
    answer: Pick<DetailsResult, "errors" | "alternatives"> & Partial<Pick<DetailsResult, "values" | "message" | "notEligible">>,
    status: number,
  ) => data<ActionResult>({ step: "details", ...(await described()), values, client, search: null, ...answer }, { status });
  const overrideReason = String(form.get("eligibilityOverrideReason") ?? "").trim();
  if (askedClient && !client) return backToDetails({ errors: {}, alternatives: [], message: CLIENT_GONE }, 404);
  // A chosen client is booked as stored: the contact fields are not on the form, nor read.
  const parsed = client ? null : ClientContactSchema.safeParse(values);
  if ((parsed && !parsed.success) || unsafe) {
    const errors = { ...(parsed && !parsed.success ? staffErrors(fieldErrors(parsed.error)) : {}), ...unsafe };
    return backToDetails({ errors, alternatives: [] }, 422);
  }
  try {
    const { booking } = await bookAppointment(services.db, {
      clinic,
      keyRing: services.keyRing,
      service,
      start,
      practitionerId: practitionerId || undefined,
      client: client ? { id: client.id } : parsed!.data!,
      source: "staff",
      staff,
      eligibilityOverride: overrideReason ? { reason: overrideReason } : undefined,
      now,
      baseUrl: services.baseUrl,
      actor: { type: "staff", id: staff.userId },
    });
    services.outbox.kick();
    return redirect(`/staff/appointments/${booking.id}?booked=1`, 303);
  } catch (error) {
    if (error instanceof NotEligibleError || (error instanceof FieldError && error.errors.eligibilityOverrideReason)) {
      const mayOverride = can(staff.role, "screening.override");
      const refusal = error instanceof NotEligibleError ? error : null;
      return backToDetails(
        {
          values: { ...values, eligibilityOverrideReason: overrideReason },
          errors: error instanceof FieldError ? error.errors : {},
          alternatives: [],
          message: refusal
            ? `Not booked: ${STAFF_REFUSAL[refusal.reason]}${refusal.earliestDate ? ` before ${formatDateLong(refusal.earliestDate)}` : ""}. ${
                mayOverride
                  ? "Choose another day, or book anyway with a reason — it is recorded in the audit log."
                  : "Choose another day, or ask the client to complete their intake; the owner can book against the screening."
              }`
            : "Not booked: give the reason for booking against the screening.",
          notEligible: mayOverride,
        },
        409,
      );
    }
    if (error instanceof SlotUnavailableError) {
      return backToDetails(
        {
          errors: {},
          alternatives: altSlots(error.alternatives, tz, practitioners),
          message:
            error.alternatives.length > 0
              ? "That time was taken meanwhile. Nothing was booked. The client's details are kept: book one of the nearest free times below, or choose another time."
              : "That time was taken meanwhile and there is nothing free near it. Nothing was booked. Please choose another time.",
        },
        409,
      );
    }
    if (error instanceof ClientOverlapError) {
      const overlap =
        "This client already has an appointment at this time. Choose another time, or look up their appointment in the calendar.";
      return backToDetails(
        client ? { errors: {}, alternatives: [], message: overlap } : { errors: { email: overlap }, alternatives: [] },
        409,
      );
    }
    // The chosen client was removed while the form was open.
    if (error instanceof NotFoundError && client) return backToDetails({ errors: {}, alternatives: [], message: CLIENT_GONE }, 404);
    throw error;
  }
}

/**
 * Why a treatment was refused, as booking staff may read it: whether there is
 * a screening, and a date — the clinical reasons are in the client's chart,
 * for those who may open it.
 */
const STAFF_REFUSAL: Record<IneligibleReason, string> = {
  "no-screening": "the client has no screening yet",
  "screening-expired": "the client's latest screening is too old",
  "needs-review": "the client's screening does not allow it",
  "not-suitable": "the client's screening does not allow it",
  deferred: "the client's screening does not allow it yet",
  "awaiting-resolution": "the client's screening does not allow it yet",
  unreadable: "the client's screening cannot be read",
};

function Details({ result, backHref, mayPick }: { result: DetailsResult; backHref: string; mayPick: boolean }) {
  const field = fieldProps(result.values, result.errors);
  // What the picker's forms send again: this step's service, practitioner and time.
  const again = { intent: "pick", serviceId: result.serviceId, practitionerId: result.practitionerId, start: result.start };
  const client = result.client;
  return (
    <div className="page narrow appt-page">
      <p>
        <Link to={backHref}>← Choose another time</Link>
      </p>
      <h1>New appointment: client</h1>
      <div className="summary-card">
        <p className="summary-title">{result.serviceName}</p>
        <p>{result.when}</p>
        <p>Practitioner: {result.practitionerText}</p>
      </div>
      {result.message ? (
        <div className="alert" role="alert">
          <p>{result.message}</p>
        </div>
      ) : null}
      <ErrorSummary errors={result.errors} />
      {client ? (
        <ChosenClient
          client={client}
          change={
            <Form method="post" className="inline-form">
              {Object.entries(again).map(([k, v]) => (
                <input key={k} type="hidden" name={k} value={v} />
              ))}
              <button type="submit" className="button-link">
                Book for someone else
              </button>
            </Form>
          }
        />
      ) : mayPick ? (
        <ClientPicker
          method="post"
          hidden={again}
          search={result.search}
          heading="An existing client"
          hint="Find them by part of their name, e-mail or phone number, and choose them: the booking uses their details as stored."
        />
      ) : null}
      <Form method="post" noValidate className="stack" aria-labelledby={client ? undefined : "new-client-heading"}>
        <input type="hidden" name="intent" value="book" />
        <input type="hidden" name="serviceId" value={result.serviceId} />
        <input type="hidden" name="practitionerId" value={result.practitionerId} />
        {result.alternatives.length === 0 ? <input type="hidden" name="start" value={result.start} /> : null}
        {client ? (
          <input type="hidden" name="client" value={client.id} />
        ) : (
          <>
            <h2 id="new-client-heading">{mayPick ? "Or a new client" : "The client"}</h2>
            <TextField {...field("name")} label="Client's full name" autoComplete="off" required />
            <TextField
              {...field("email")}
              label="Client's e-mail"
              type="email"
              autoComplete="off"
              inputMode="email"
              hint="The confirmation and the link to change or cancel are sent here."
              required
            />
            <TextField {...field("phone")} label="Client's phone" type="tel" autoComplete="off" inputMode="tel" />
          </>
        )}
        {result.notEligible ? (
          <FieldFrame
            id="field-eligibilityOverrideReason"
            label={
              <>
                Reason for booking against the screening{" "}
                <span className="optional">(only to book anyway; say why, not clinical details)</span>
              </>
            }
            error={result.errors.eligibilityOverrideReason}
          >
            <textarea
              id="field-eligibilityOverrideReason"
              name="eligibilityOverrideReason"
              rows={2}
              defaultValue={result.values.eligibilityOverrideReason ?? ""}
              aria-invalid={result.errors.eligibilityOverrideReason ? true : undefined}
              aria-describedby={result.errors.eligibilityOverrideReason ? "field-eligibilityOverrideReason-error" : undefined}
            />
          </FieldFrame>
        ) : null}
        {result.alternatives.length > 0 ? (
          <fieldset className="time-group">
            <legend>Nearest free times</legend>
            <div className="time-buttons alt-times">
              {result.alternatives.map((a) => (
                <button key={a.start} type="submit" name="start" value={a.start} className="time">
                  Book {a.label}
                  {a.practitionerName && !result.practitionerId ? ` with ${a.practitionerName}` : ""}
                </button>
              ))}
            </div>
          </fieldset>
        ) : (
          <button type="submit" className="button primary">
            {client ? `Book for ${client.name}` : "Book appointment"}
          </button>
        )}
      </Form>
      <p className="muted small">The client gets the same confirmation e-mail as an online booking, with a link to change or cancel.</p>
    </div>
  );
}

export default function NewAppointment() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const clientId = d.client?.id ?? "";
  const hrefFor = (p: { date?: string; week?: string }) =>
    newHref({ service: d.serviceId, practitioner: d.practitionerId, week: p.week, date: p.date, client: clientId });

  if (result?.step === "details") {
    return (
      <Details
        result={result}
        mayPick={d.mayPick}
        backHref={newHref({
          service: result.serviceId,
          practitioner: result.practitionerId,
          date: result.start.slice(0, 10),
          client: result.client?.id,
        })}
      />
    );
  }

  return (
    <div className="page appt-page">
      <p>
        <Link to={d.date ? `/staff?date=${d.date}` : "/staff"}>← Calendar</Link>
      </p>
      <h1>New appointment</h1>
      <ol className="step-list muted">
        {d.mayPick ? <li>The client, if they have booked before</li> : null}
        <li>Service and practitioner</li>
        <li>Day and time</li>
        <li>{d.mayPick ? "A new client's details, and confirm" : "Client details"}</li>
      </ol>

      {d.clientMissing ? (
        <div className="alert" role="alert">
          <p>{CLIENT_GONE}</p>
        </div>
      ) : null}

      {d.client ? (
        <ChosenClient
          client={d.client}
          change={
            <p>
              <Link to={newHref({ service: d.serviceId, practitioner: d.practitionerId, date: d.date, week: d.week })}>
                Book for someone else
              </Link>
            </p>
          }
        />
      ) : d.mayPick ? (
        <ClientPicker
          method="get"
          hidden={{ service: d.serviceId, practitioner: d.practitionerId, date: d.date, week: d.week }}
          search={d.search}
          heading="Client"
          hint="Booking for someone who has been here before? Find them here. A new client's details are typed after choosing the time."
        />
      ) : null}

      {result?.step === "times" ? (
        <div className="alert" role="alert">
          <p>{result.message}</p>
          {result.alternatives.length > 0 ? (
            <Form method="post" className="time-buttons alt-times">
              <input type="hidden" name="intent" value="pick" />
              <input type="hidden" name="serviceId" value={d.serviceId} />
              <input type="hidden" name="practitionerId" value={d.practitionerId} />
              {clientId ? <input type="hidden" name="client" value={clientId} /> : null}
              {result.alternatives.map((a) => (
                <button key={a.start} type="submit" name="start" value={a.start} className="time">
                  {a.label}
                  {a.practitionerName && !d.practitionerId ? ` with ${a.practitionerName}` : ""}
                </button>
              ))}
            </Form>
          ) : null}
        </div>
      ) : null}

      <div className="service-step">
        <h2>Service and practitioner</h2>
        <Form method="get" action="/staff/appointments/new" className="stack" key={`${d.serviceId}|${d.practitionerId}`}>
          {clientId ? <input type="hidden" name="client" value={clientId} /> : null}
          {d.date ? <input type="hidden" name="date" value={d.date} /> : null}
          <div className="field">
            <label htmlFor="field-service">Service</label>
            <select id="field-service" name="service" defaultValue={d.serviceId} required>
              <option value="" disabled>
                Choose a service
              </option>
              {d.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.facts})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="field-practitioner">Practitioner</label>
            <select id="field-practitioner" name="practitioner" defaultValue={d.practitionerId}>
              <option value="">Anyone available</option>
              {d.practitioners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.title ? `, ${p.title}` : ""}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {d.picker ? "Update times" : "Show free times"}
          </button>
        </Form>
      </div>

      {d.picker ? (
        <section aria-labelledby="times-heading">
          <h2 id="times-heading">Free times for {d.serviceName}</h2>
          <p className="muted small">
            The same times clients see online. Choosing one goes on to {d.client ? "confirm the booking" : "the client's details"}.
          </p>
          <SlotPicker
            data={d.picker}
            hrefFor={hrefFor}
            intent="pick"
            hidden={{ serviceId: d.serviceId, practitionerId: d.practitionerId, ...(clientId ? { client: clientId } : {}) }}
            emptyHint={d.practitionerId ? <p>Try “Anyone available”, or another practitioner.</p> : undefined}
          />
        </section>
      ) : null}
    </div>
  );
}
