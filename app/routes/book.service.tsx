import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/book.service";
import { ClientContactSchema } from "../../src/clients/contact.ts";
import { bookAppointment } from "../../src/scheduling/book-appointment.ts";
import { listPractitioners, listServices, type Clinic, type Service } from "../../src/scheduling/clinic.ts";
import { ClientOverlapError, NotEligibleError, notEligibleMessage, SlotUnavailableError } from "../../src/scheduling/errors.ts";
import { holdSlot, releaseHold } from "../../src/scheduling/manage-booking.ts";
import { parseOffsetIso } from "../../src/scheduling/time.ts";
import type { Slot } from "../../src/scheduling/slots.ts";
import { ContactFields, ErrorSummary } from "../components/ContactFields.tsx";
import { PractitionerFilter, SlotPicker } from "../components/SlotPicker.tsx";
import type { AppServices } from "../context.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDateLong, formatDateTime, formatDuration, formatMoney, formatTime, zoned } from "../lib/format.ts";
import { clearSelfCheckCookie, readSelfCheckCookie } from "../lib/self-check-cookie.server.ts";
import { fieldErrors } from "../lib/problem.ts";
import { slotPickerData } from "../lib/slot-picker.server.ts";

export const meta: Route.MetaFunction = ({ loaderData, matches }) => {
  const clinic = (matches[1]?.loaderData as { name?: string } | undefined)?.name ?? "";
  return [{ title: `${loaderData?.service.name ?? "Book"} — ${clinic}` }];
};

async function resolve(context: Route.LoaderArgs["context"], slug: string) {
  const { services, clinic } = await publicClinic(context);
  const service = (await listServices(services.db, clinic.organizationId)).find((s) => s.slug === slug);
  if (!service) throw data("That service is not offered. Please choose one from the list.", { status: 404 });
  const practitioners = await listPractitioners(services.db, clinic.organizationId);
  return { services, clinic, service, practitioners };
}

function practitionerParam(url: URL, known: { id: string }[]): string | undefined {
  const p = url.searchParams.get("practitioner");
  return p && known.some((k) => k.id === p) ? p : undefined;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, clinic, service, practitioners } = await resolve(context, params.serviceSlug);
  const url = new URL(request.url);
  const practitionerId = practitionerParam(url, practitioners);
  const picker = await slotPickerData(services.db, {
    clinic,
    service,
    practitionerId,
    date: url.searchParams.get("date"),
    week: url.searchParams.get("week"),
    now: services.now(),
  });
  return {
    service: {
      slug: service.slug,
      name: service.name,
      description: service.description,
      duration: formatDuration(service.durationMinutes),
      price: formatMoney(service.priceCents, service.currency),
    },
    practitioners: practitioners.map((p) => ({ id: p.id, name: p.name, title: p.title })),
    practitionerId: practitionerId ?? "",
    picker,
  };
}

type Values = { name?: string; email?: string; phone?: string };

type ActionResult =
  | { step: "times"; message: string; alternatives: AltSlot[] }
  | {
      step: "details";
      hold: { id: string; token: string; until: string } | null;
      start: string;
      when: string;
      practitionerName: string;
      values: Values;
      errors: Record<string, string>;
      alternatives: AltSlot[];
      message?: string;
      /** A treatment the client's screening does not allow: where to go next. */
      notEligible?: boolean;
    };

type AltSlot = { start: string; label: string };

function altSlots(slots: Slot[], tz: string): AltSlot[] {
  return slots.map((s) => ({ start: isoLocal(s.start, tz), label: formatDateTime(s.start, tz) }));
}

function isoLocal(ms: number, tz: string): string {
  return zoned(ms, tz).toString({ timeZoneName: "never", smallestUnit: "second" });
}

async function describe(
  services: AppServices,
  clinic: Clinic,
  service: Service,
  start: number,
  practitionerId: string,
  practitioners: { id: string; name: string }[],
) {
  const tz = clinic.location.timeZone;
  return {
    start: isoLocal(start, tz),
    when: `${formatDateTime(start, tz)} (${formatDuration(service.durationMinutes)})`,
    practitionerName: practitioners.find((p) => p.id === practitionerId)?.name ?? "",
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, clinic, service, practitioners } = await resolve(context, params.serviceSlug);
  const url = new URL(request.url);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const tz = clinic.location.timeZone;
  const now = services.now();
  const practitionerId = practitionerParam(url, practitioners);
  const start = parseOffsetIso(String(form.get("start") ?? ""));

  if (intent === "release") {
    const id = String(form.get("holdId") ?? "");
    const token = String(form.get("holdToken") ?? "");
    if (id && token) await releaseHold(services.db, clinic, { id, token });
    return redirect(url.pathname + url.search, 303);
  }

  if (start === null) {
    return data<ActionResult>({ step: "times", message: "Please choose one of the times shown.", alternatives: [] }, { status: 422 });
  }

  if (intent === "hold") {
    try {
      const hold = await holdSlot(services.db, { clinic, service, start, practitionerId, now });
      return data<ActionResult>({
        step: "details",
        hold: { id: hold.id, token: hold.token, until: formatTime(hold.expiresAt, tz) },
        ...(await describe(services, clinic, service, start, hold.practitionerId, practitioners)),
        values: {},
        errors: {},
        alternatives: [],
      });
    } catch (error) {
      if (!(error instanceof SlotUnavailableError)) throw error;
      return data<ActionResult>(
        {
          step: "times",
          message: "Someone took that time a moment ago. These are the nearest free times:",
          alternatives: altSlots(error.alternatives, tz),
        },
        { status: 409 },
      );
    }
  }

  if (intent !== "book") {
    return data<ActionResult>({ step: "times", message: "Please choose a time.", alternatives: [] }, { status: 400 });
  }

  const holdId = String(form.get("holdId") ?? "");
  const holdToken = String(form.get("holdToken") ?? "");
  const hold = holdId && holdToken ? { id: holdId, token: holdToken, until: String(form.get("holdUntil") ?? "") } : null;
  const values: Values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    phone: String(form.get("phone") ?? ""),
  };
  const chosenPractitioner = String(form.get("practitionerId") ?? "") || practitionerId || "";
  const described = await describe(services, clinic, service, start, chosenPractitioner, practitioners);
  const parsed = ClientContactSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionResult>(
      { step: "details", hold, ...described, values, errors: fieldErrors(parsed.error), alternatives: [] },
      { status: 422 },
    );
  }
  const selfCheckToken = readSelfCheckCookie(request.headers);
  try {
    const { booking } = await bookAppointment(services.db, {
      clinic,
      keyRing: services.keyRing,
      service,
      start,
      practitionerId,
      client: parsed.data,
      source: "online",
      now,
      baseUrl: services.baseUrl,
      actor: { type: "public", id: null },
      hold: hold ? { id: hold.id, token: hold.token } : undefined,
      selfCheckToken: selfCheckToken ?? undefined,
    });
    services.outbox.kick();
    const manage = new URL(booking.manageUrl);
    // The carried answers are now the client's screening: the cookie has done its job.
    const headers = selfCheckToken ? { "Set-Cookie": clearSelfCheckCookie(services.baseUrl) } : undefined;
    return redirect(`${manage.pathname}${manage.search}&booked=1`, { status: 303, headers });
  } catch (error) {
    if (error instanceof NotEligibleError) {
      // The time is not for this person: let it go for others at once.
      if (hold) await releaseHold(services.db, clinic, { id: hold.id, token: hold.token });
      return data<ActionResult>(
        {
          step: "details",
          hold: null,
          ...described,
          values,
          errors: {},
          alternatives: [],
          message: notEligibleMessage(error, error.earliestDate ? formatDateLong(error.earliestDate) : null),
          notEligible: true,
        },
        { status: 409 },
      );
    }
    if (error instanceof SlotUnavailableError) {
      return data<ActionResult>(
        {
          step: "details",
          hold: null,
          ...described,
          values,
          errors: {},
          alternatives: altSlots(error.alternatives, tz),
          message: "Sorry — that time was taken while you were typing. Your details are kept: pick one of the nearest free times below.",
        },
        { status: 409 },
      );
    }
    if (error instanceof ClientOverlapError) {
      return data<ActionResult>(
        {
          step: "details",
          hold,
          ...described,
          values,
          errors: { email: "You already have an appointment at this time. Check your e-mail for it, or choose another time." },
          alternatives: [],
        },
        { status: 409 },
      );
    }
    throw error;
  }
}

export default function BookService() {
  const { service, practitioners, practitionerId, picker } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/book/${service.slug}`;
  const hrefFor = (p: { date?: string; week?: string }) => {
    const q = new URLSearchParams();
    if (practitionerId) q.set("practitioner", practitionerId);
    if (p.week) q.set("week", p.week);
    if (p.date) q.set("date", p.date);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };

  if (result?.step === "details") {
    return (
      <div className="page narrow">
        <p>
          <Link to={base}>← All times for {service.name}</Link>
        </p>
        <h1>Your details</h1>
        <div className="summary-card">
          <p className="summary-title">{service.name}</p>
          <p>{result.when}</p>
          {result.practitionerName ? <p>With {result.practitionerName}</p> : null}
          {result.hold ? (
            <p className="muted">We are holding this time for you while you fill in your details (until {result.hold.until})</p>
          ) : null}
        </div>
        {result.message ? (
          <div className="alert" role="alert">
            <p>{result.message}</p>
            {result.notEligible ? (
              <p>
                <a href="/candidate">Check whether you are a candidate</a> · <a href="/book/consultation">Book a free consultation</a> ·{" "}
                <a href="/portal">Your intake form</a>
              </p>
            ) : null}
          </div>
        ) : null}
        <ErrorSummary errors={result.errors} />
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="intent" value="book" />
          {result.alternatives.length === 0 ? <input type="hidden" name="start" value={result.start} /> : null}
          {result.hold ? (
            <>
              <input type="hidden" name="holdId" value={result.hold.id} />
              <input type="hidden" name="holdToken" value={result.hold.token} />
              <input type="hidden" name="holdUntil" value={result.hold.until} />
            </>
          ) : null}
          <ContactFields values={result.values} errors={result.errors} />
          <p className="muted small">We use these details to confirm your appointment and to reach you about it. Nothing else.</p>
          {result.alternatives.length > 0 ? (
            <fieldset className="time-group">
              <legend>Nearest free times</legend>
              <div className="time-buttons">
                {result.alternatives.map((a) => (
                  <button key={a.start} type="submit" name="start" value={a.start} className="time">
                    Book {a.label}
                  </button>
                ))}
              </div>
            </fieldset>
          ) : (
            <button type="submit" className="button primary">
              Confirm booking
            </button>
          )}
        </Form>
        {result.hold ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="release" />
            <input type="hidden" name="holdId" value={result.hold.id} />
            <input type="hidden" name="holdToken" value={result.hold.token} />
            <button type="submit" className="link-button">
              Choose a different time
            </button>
          </Form>
        ) : null}
      </div>
    );
  }

  return (
    <div className="page">
      <p>
        <Link to="/book">← All services</Link>
      </p>
      <h1>{service.name}</h1>
      <p className="facts">
        {service.duration} · {service.price}
      </p>
      {service.description ? <p>{service.description}</p> : null}
      {result?.step === "times" ? (
        <div className="alert" role="alert">
          <p>{result.message}</p>
          {result.alternatives.length > 0 ? (
            <Form method="post" className="time-buttons">
              <input type="hidden" name="intent" value="hold" />
              {result.alternatives.map((a) => (
                <button key={a.start} type="submit" name="start" value={a.start} className="time">
                  {a.label}
                </button>
              ))}
            </Form>
          ) : null}
        </div>
      ) : null}
      <PractitionerFilter
        practitioners={practitioners}
        value={practitionerId}
        anyone="Anyone available"
        hidden={picker.selectedDate ? { date: picker.selectedDate } : {}}
      />
      <h2 className="visually-hidden">Choose a day and time</h2>
      <SlotPicker data={picker} hrefFor={hrefFor} intent="hold" emptyHint={<p>You can also call us; we may be able to fit you in.</p>} />
    </div>
  );
}
