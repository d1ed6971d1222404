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
import { FieldError } from "../../../src/kernel/errors.ts";
import { can } from "../../../src/kernel/access.ts";
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

function newHref(p: { service?: string; practitioner?: string; week?: string; date?: string }): string {
  const q = new URLSearchParams();
  if (p.service) q.set("service", p.service);
  if (p.practitioner) q.set("practitioner", p.practitioner);
  if (p.week) q.set("week", p.week);
  if (p.date) q.set("date", p.date);
  const s = q.toString();
  return s ? `/staff/appointments/new?${s}` : "/staff/appointments/new";
}

export async function loader({ context: ctx, request }: Route.LoaderArgs) {
  const { services, clinic, serviceList, practitioners } = await context(ctx);
  const url = new URL(request.url);
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
  return {
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
  const CONTACT = ["name", "email", "phone", "eligibilityOverrideReason"];
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
    return data<ActionResult>({
      step: "details",
      ...(await describe(clinic, service, start, practitionerId, slot.practitionerId, practitioners)),
      values: { name: "", email: "", phone: "" },
      errors: {},
      alternatives: [],
    });
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
  ) => data<ActionResult>({ step: "details", ...(await described()), values, ...answer }, { status });
  const overrideReason = String(form.get("eligibilityOverrideReason") ?? "").trim();
  const parsed = ClientContactSchema.safeParse(values);
  if (!parsed.success || unsafe) {
    const errors = { ...(parsed.success ? {} : staffErrors(fieldErrors(parsed.error))), ...unsafe };
    return backToDetails({ errors, alternatives: [] }, 422);
  }
  try {
    const { booking } = await bookAppointment(services.db, {
      clinic,
      keyRing: services.keyRing,
      service,
      start,
      practitionerId: practitionerId || undefined,
      client: parsed.data,
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
      return backToDetails(
        {
          errors: {
            email:
              "This client already has an appointment at this time. Choose another time, or look up their appointment in the calendar.",
          },
          alternatives: [],
        },
        409,
      );
    }
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

function Details({ result, backHref }: { result: DetailsResult; backHref: string }) {
  const field = fieldProps(result.values, result.errors);
  return (
    <div className="page narrow appt-page">
      <p>
        <Link to={backHref}>← Choose another time</Link>
      </p>
      <h1>New appointment: client details</h1>
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
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="intent" value="book" />
        <input type="hidden" name="serviceId" value={result.serviceId} />
        <input type="hidden" name="practitionerId" value={result.practitionerId} />
        {result.alternatives.length === 0 ? <input type="hidden" name="start" value={result.start} /> : null}
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
            Book appointment
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
  const hrefFor = (p: { date?: string; week?: string }) =>
    newHref({ service: d.serviceId, practitioner: d.practitionerId, week: p.week, date: p.date });

  if (result?.step === "details") {
    return (
      <Details
        result={result}
        backHref={newHref({ service: result.serviceId, practitioner: result.practitionerId, date: result.start.slice(0, 10) })}
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
        <li>Service and practitioner</li>
        <li>Day and time</li>
        <li>Client details</li>
      </ol>

      {result?.step === "times" ? (
        <div className="alert" role="alert">
          <p>{result.message}</p>
          {result.alternatives.length > 0 ? (
            <Form method="post" className="time-buttons alt-times">
              <input type="hidden" name="intent" value="pick" />
              <input type="hidden" name="serviceId" value={d.serviceId} />
              <input type="hidden" name="practitionerId" value={d.practitionerId} />
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

      <Form method="get" action="/staff/appointments/new" className="stack" key={`${d.serviceId}|${d.practitionerId}`}>
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

      {d.picker ? (
        <section aria-labelledby="times-heading">
          <h2 id="times-heading">Free times for {d.serviceName}</h2>
          <p className="muted small">The same times clients see online. Choosing one goes on to the client's details.</p>
          <SlotPicker
            data={d.picker}
            hrefFor={hrefFor}
            intent="pick"
            hidden={{ serviceId: d.serviceId, practitionerId: d.practitionerId }}
            emptyHint={d.practitionerId ? <p>Try “Anyone available”, or another practitioner.</p> : undefined}
          />
        </section>
      ) : null}
    </div>
  );
}
