import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/manage";
import { getService, listPractitioners } from "../../src/scheduling/clinic.ts";
import { NotEligibleError, notEligibleMessage, NotFoundError, PlanWindowError, SlotUnavailableError } from "../../src/scheduling/errors.ts";
import { cancelBooking, getBooking, rescheduleBooking } from "../../src/scheduling/manage-booking.ts";
import { parseOffsetIso } from "../../src/scheduling/time.ts";
import { PractitionerFilter, SlotPicker } from "../components/SlotPicker.tsx";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDateLong, formatDateTime, formatDuration, planWindowText, zoned } from "../lib/format.ts";
import { slotPickerData } from "../lib/slot-picker.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => {
  const clinic = (matches[1]?.loaderData as { name?: string } | undefined)?.name ?? "";
  // The manage token is in this page's address; no link may pass it on.
  return [{ title: `Your appointment — ${clinic}` }, { name: "referrer", content: "same-origin" }, { name: "robots", content: "noindex" }];
};

function windowText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

const notFound = () =>
  data(
    "This appointment link does not work. It may be incomplete — try opening it again from your confirmation e-mail, or call the clinic.",
    { status: 404 },
  );

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const now = services.now();
  let booking;
  try {
    booking = await getBooking(services.db, clinic, params.id, { token }, now);
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
  const tz = clinic.location.timeZone;
  const mode = url.searchParams.has("cancel") ? "cancel" : url.searchParams.has("reschedule") ? "reschedule" : "view";
  let picker = null;
  let practitioners: { id: string; name: string }[] = [];
  let chosenPractitioner = booking.practitionerId;
  if (mode === "reschedule" && booking.changeable) {
    const service = await getService(services.db, clinic.organizationId, booking.serviceId);
    practitioners = (await listPractitioners(services.db, clinic.organizationId)).map((p) => ({ id: p.id, name: p.name }));
    const asked = url.searchParams.get("practitioner");
    if (asked && practitioners.some((p) => p.id === asked)) chosenPractitioner = asked;
    if (service) {
      picker = await slotPickerData(services.db, {
        clinic,
        service,
        practitionerId: chosenPractitioner,
        date: url.searchParams.get("date"),
        week: url.searchParams.get("week"),
        now,
        ignoreAppointmentId: booking.id,
      });
    }
  }
  return {
    token,
    mode,
    flash: url.searchParams.has("booked")
      ? "booked"
      : url.searchParams.has("moved")
        ? "moved"
        : url.searchParams.has("cancelled")
          ? "cancelled"
          : null,
    booking: {
      id: booking.id,
      status: booking.status,
      serviceName: booking.serviceName,
      practitionerName: booking.practitionerName,
      clientName: booking.clientName,
      when: formatDateTime(booking.startMs, tz),
      duration: formatDuration(Math.round((booking.endMs - booking.startMs) / 60000)),
      lateCancellation: booking.lateCancellation,
      insideWindow: booking.insideCancellationWindow,
      window: windowText(booking.cancellationWindowMinutes),
      changeable: booking.changeable,
      start: zoned(booking.startMs, tz).toString({ timeZoneName: "never", smallestUnit: "second" }),
    },
    clinicPhone: clinic.location.phone,
    picker,
    practitioners,
    chosenPractitioner,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, clinic } = await publicClinic(context);
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const now = services.now();
  const back = (flag: string) => redirect(`/manage/${params.id}?token=${encodeURIComponent(token)}&${flag}=1`, 303);
  try {
    if (intent === "cancel") {
      await cancelBooking(services.db, { clinic, id: params.id, access: { token }, now, actor: { type: "client", id: null } });
      services.outbox.kick();
      return back("cancelled");
    }
    if (intent === "reschedule") {
      const start = parseOffsetIso(String(form.get("start") ?? ""));
      if (start === null) return data({ message: "Please choose one of the times shown.", alternatives: [] }, { status: 422 });
      const practitionerId = String(form.get("practitionerId") ?? "") || undefined;
      await rescheduleBooking(services.db, {
        keyRing: services.keyRing,
        clinic,
        id: params.id,
        access: { token },
        start,
        practitionerId,
        now,
        actor: { type: "client", id: null },
        baseUrl: services.baseUrl,
      });
      services.outbox.kick();
      return back("moved");
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    if (error instanceof PlanWindowError) {
      return data({ message: `Your appointment has not changed. ${planWindowText(error)}`, alternatives: [] }, { status: 409 });
    }
    if (error instanceof NotEligibleError) {
      const message = notEligibleMessage(error, error.earliestDate ? formatDateLong(error.earliestDate) : null);
      return data({ message: `Your appointment has not changed. ${message}`, alternatives: [] }, { status: 409 });
    }
    if (error instanceof SlotUnavailableError) {
      const tz = clinic.location.timeZone;
      return data(
        {
          message: "That time was taken a moment ago. Your appointment has not changed. The nearest free times:",
          alternatives: error.alternatives.map((s) => ({
            start: zoned(s.start, tz).toString({ timeZoneName: "never", smallestUnit: "second" }),
            label: formatDateTime(s.start, tz),
            practitionerId: s.practitionerId,
          })),
        },
        { status: 409 },
      );
    }
    throw error;
  }
  return data({ message: "Please choose what to do.", alternatives: [] }, { status: 400 });
}

export default function Manage() {
  const { token, mode, flash, booking, clinicPhone, picker, practitioners, chosenPractitioner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const self = `/manage/${booking.id}?token=${encodeURIComponent(token)}`;
  const cancelled = booking.status === "cancelled";

  return (
    <div className="page narrow">
      {flash === "booked" ? (
        <div className="success" role="status">
          <h2>You are booked</h2>
          <p>We have sent a confirmation e-mail with a calendar invitation. Keep it: its link brings you back here.</p>
        </div>
      ) : null}
      {flash === "moved" ? (
        <div className="success" role="status">
          <p>Your appointment has moved. We have sent you an updated invitation.</p>
        </div>
      ) : null}
      {flash === "cancelled" && cancelled ? (
        <div className="success" role="status">
          <p>Your appointment is cancelled. The time is free for someone else now.</p>
        </div>
      ) : null}
      <h1>Your appointment</h1>
      <dl className="summary-card details">
        <div>
          <dt>What</dt>
          <dd>{booking.serviceName}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {booking.when} ({booking.duration})
          </dd>
        </div>
        <div>
          <dt>With</dt>
          <dd>{booking.practitionerName}</dd>
        </div>
        <div>
          <dt>For</dt>
          <dd>{booking.clientName}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            {cancelled
              ? booking.lateCancellation
                ? "Cancelled (late)"
                : "Cancelled"
              : booking.status === "booked"
                ? "Booked"
                : booking.status}
          </dd>
        </div>
      </dl>

      {result?.message ? (
        <div className="alert" role="alert">
          <p>{result.message}</p>
          {result.alternatives.length > 0 ? (
            <Form method="post" action={self} className="time-buttons">
              <input type="hidden" name="intent" value="reschedule" />
              <input type="hidden" name="practitionerId" value={chosenPractitioner} />
              {result.alternatives.map((a) => (
                <button key={a.start} type="submit" name="start" value={a.start} className="time">
                  {a.label}
                </button>
              ))}
            </Form>
          ) : null}
        </div>
      ) : null}

      {booking.changeable && mode === "view" ? (
        <>
          <p>
            Free cancellation until {booking.window} before your appointment.
            {booking.insideWindow ? " That time has passed: you can still cancel, and it will count as a late cancellation." : ""}
          </p>
          <div className="actions">
            <Link className="button" to={`${self}&reschedule=1`}>
              Change the time
            </Link>
            <Link className="button secondary" to={`${self}&cancel=1`}>
              Cancel the appointment
            </Link>
          </div>
        </>
      ) : null}

      {booking.changeable && mode === "cancel" ? (
        <section aria-labelledby="cancel-heading" className="confirm">
          <h2 id="cancel-heading">Cancel this appointment?</h2>
          {booking.insideWindow ? (
            <p>Your appointment is less than {booking.window} away, so this is a late cancellation under the clinic's policy.</p>
          ) : (
            <p>You are cancelling more than {booking.window} ahead. Thank you for letting us know.</p>
          )}
          <Form method="post" action={self} className="actions">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button danger">
              Yes, cancel it
            </button>
            <Link to={self} className="button secondary">
              Keep my appointment
            </Link>
          </Form>
        </section>
      ) : null}

      {booking.changeable && mode === "reschedule" && picker ? (
        <section aria-labelledby="move-heading">
          <h2 id="move-heading">Choose a new time</h2>
          <p>Your current time stays booked until you pick a new one.</p>
          <PractitionerFilter practitioners={practitioners} value={chosenPractitioner} hidden={{ token, reschedule: "1" }} />
          <SlotPicker
            data={picker}
            intent="reschedule"
            hidden={{ practitionerId: chosenPractitioner }}
            hrefFor={(p) => {
              const q = new URLSearchParams({ token, reschedule: "1", practitioner: chosenPractitioner });
              if (p.week) q.set("week", p.week);
              if (p.date) q.set("date", p.date);
              return `/manage/${booking.id}?${q.toString()}`;
            }}
          />
          <p>
            <Link to={self}>Keep the current time</Link>
          </p>
        </section>
      ) : null}

      {!booking.changeable && !cancelled ? <p>This appointment can no longer be changed online. Please call us at {clinicPhone}.</p> : null}
      {cancelled ? (
        <p>
          <Link to="/book" className="button">
            Book another time
          </Link>
        </p>
      ) : null}
    </div>
  );
}
