import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/manage";
import { getService, listPractitioners } from "../../src/scheduling/clinic.ts";
import { localizedText } from "../../src/scheduling/clinic-text.ts";
import { NotBookableOnlineError, NotEligibleError, PlanWindowError, SlotUnavailableError } from "../../src/scheduling/errors.ts";
import { cancelBooking, checkRescheduleSlot, getBooking, moveWindowOf, rescheduleBooking } from "../../src/scheduling/manage-booking.ts";
import type { Slot } from "../../src/scheduling/slots.ts";
import { parseOffsetIso, toOffsetIso } from "../../src/scheduling/time.ts";
import { PractitionerFilter, SlotPicker } from "../components/SlotPicker.tsx";
import { TimeAlternatives } from "../components/public/TimeAlternatives.tsx";
import { translate, translator, type MessageKey, type Translate } from "../i18n/catalog.ts";
import { useT } from "../i18n/context.tsx";
import { localeFromPath, localizePath, type Locale } from "../i18n/locales.ts";
import { cancellationWindowText, notEligibleText, planWindowText, slotPickerText } from "../lib/booking-text.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDateTime, formatDateTimeShort, formatDuration } from "../lib/format.ts";
import { siteDataFrom } from "../lib/seo.ts";
import { slotPickerData } from "../lib/slot-picker.server.ts";
import { readForm } from "../lib/form.ts";
import { signedInClientId } from "../lib/booking-api.server.ts";
import { NotFoundError } from "../../src/kernel/errors.ts";

// The link carries the booking's token: never kept by a browser or a proxy (the page's meta keeps it from other sites as a referrer).
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: Route.MetaFunction = ({ matches, location }) => {
  const clinic = siteDataFrom(matches)?.name ?? "";
  // The manage token is in this page's address; no link may pass it on.
  return [
    { title: translate(localeFromPath(location.pathname), "manage.title", { clinic }) },
    { name: "referrer", content: "same-origin" },
    { name: "robots", content: "noindex" },
  ];
};

const notFound = (t: Translate) => data(t("manage.notFound"), { status: 404 });

const STATUS: Record<string, MessageKey> = {
  booked: "manage.status.booked",
  cancelled: "manage.status.cancelled",
  completed: "manage.status.completed",
  "no-show": "manage.status.noShow",
};

/** Free times offered instead of a refused one: each opens the step that asks to confirm it. */
function alternativesFor(slots: readonly Slot[], tz: string, locale: Locale) {
  return slots.map((s) => ({
    start: toOffsetIso(s.start, tz),
    label: formatDateTime(s.start, tz, locale),
    practitionerId: s.practitionerId,
  }));
}

/**
 * The time tapped on the picker (`?start=`), before anything moves: free, with
 * the question to ask, or taken since, with the nearest free times. Picking a
 * time holds nothing: the booking keeps its own time until the client says yes.
 */
async function moveStep(
  services: Awaited<ReturnType<typeof publicClinic>>["services"],
  clinic: Awaited<ReturnType<typeof publicClinic>>["clinic"],
  booking: Awaited<ReturnType<typeof getBooking>>,
  o: { token: string; start: number; practitionerId: string; locale: Locale; now: number },
) {
  const tz = clinic.location.timeZone;
  const { slot, alternatives } = await checkRescheduleSlot(services.db, {
    clinic,
    id: booking.id,
    access: { token: o.token },
    start: o.start,
    practitionerId: o.practitionerId,
    now: o.now,
  });
  if (!slot) return { free: false as const, alternatives: alternativesFor(alternatives, tz, o.locale) };
  return {
    free: true as const,
    start: toOffsetIso(slot.start, tz),
    practitionerId: slot.practitionerId,
    from: formatDateTimeShort(booking.startMs, tz, o.locale),
    to: formatDateTimeShort(slot.start, tz, o.locale),
    practitioner: slot.practitionerId === booking.practitionerId ? null : { from: booking.practitionerName, to: slot.practitionerName },
  };
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const url = new URL(request.url);
  const locale = localeFromPath(url.pathname);
  const t = translator(locale);
  const token = url.searchParams.get("token") ?? "";
  const now = services.now();
  let booking;
  try {
    booking = await getBooking(services.db, clinic, params.id, { token }, now);
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(t);
    throw error;
  }
  const tz = clinic.location.timeZone;
  const startAsked = url.searchParams.get("start");
  const mode = url.searchParams.has("cancel")
    ? "cancel"
    : startAsked !== null
      ? "confirm"
      : url.searchParams.has("reschedule")
        ? "reschedule"
        : "view";
  let picker = null;
  let practitioners: { id: string; name: string }[] = [];
  let chosenPractitioner = booking.practitionerId;
  let move = null;
  if ((mode === "reschedule" || mode === "confirm") && booking.changeable) {
    const service = await getService(services.db, clinic.organizationId, booking.serviceId);
    practitioners = (await listPractitioners(services.db, clinic.organizationId)).map((p) => ({ id: p.id, name: p.name }));
    const asked = url.searchParams.get("practitioner");
    if (asked && practitioners.some((p) => p.id === asked)) chosenPractitioner = asked;
    if (service) {
      // A plan session is offered only the days its plan's interval allows.
      const window = await moveWindowOf(services.db, clinic, booking.id);
      picker = await slotPickerData(services.db, {
        window,
        clinic,
        service,
        practitionerId: chosenPractitioner,
        date: url.searchParams.get("date"),
        week: url.searchParams.get("week"),
        now,
        ignoreAppointmentId: booking.id,
        locale,
      });
    }
    const start = startAsked === null ? null : parseOffsetIso(startAsked);
    // An unreadable time shows the picker again.
    if (start !== null) move = await moveStep(services, clinic, booking, { token, start, practitionerId: chosenPractitioner, locale, now });
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
      serviceName: localizedText({ name: booking.serviceName, nameFr: booking.serviceNameFr }, "name", locale),
      practitionerName: booking.practitionerName,
      clientName: booking.clientName,
      when: formatDateTime(booking.startMs, tz, locale),
      duration: formatDuration(Math.round((booking.endMs - booking.startMs) / 60000), locale),
      lateCancellation: booking.lateCancellation,
      insideWindow: booking.insideCancellationWindow,
      window: cancellationWindowText(t, booking.cancellationWindowMinutes),
      changeable: booking.changeable,
      start: toOffsetIso(booking.startMs, tz),
    },
    clinicPhone: clinic.location.phone,
    picker,
    practitioners,
    chosenPractitioner,
    move,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, clinic } = await publicClinic(context);
  const url = new URL(request.url);
  const locale = localeFromPath(url.pathname);
  const t = translator(locale);
  const token = url.searchParams.get("token") ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const now = services.now();
  const back = (flag: string) => redirect(localizePath(`/manage/${params.id}?token=${encodeURIComponent(token)}&${flag}=1`, locale), 303);
  try {
    if (intent === "cancel") {
      await cancelBooking(services.db, { clinic, id: params.id, access: { token }, now, actor: { type: "client", id: null } });
      services.outbox.kick();
      return back("cancelled");
    }
    if (intent === "reschedule") {
      const start = parseOffsetIso(String(form.get("start") ?? ""));
      if (start === null) return data({ message: t("booking.error.chooseShown"), alternatives: [] }, { status: 422 });
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
        signedInClientId: await signedInClientId(services, request),
      });
      services.outbox.kick();
      return back("moved");
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(t);
    if (error instanceof PlanWindowError) {
      const reason = planWindowText(t, locale, error);
      return data({ message: t("manage.unchanged", { reason }), alternatives: [] }, { status: 409 });
    }
    if (error instanceof NotEligibleError || error instanceof NotBookableOnlineError) {
      // Only the client signed in reads why; anyone holding the link reads the same words whatever the cause.
      if (error instanceof NotBookableOnlineError) services.outbox.kick();
      const reason = error instanceof NotEligibleError ? notEligibleText(t, locale, error) : t("booking.error.notBookableOnline");
      return data({ message: t("manage.unchanged", { reason }), alternatives: [] }, { status: 409 });
    }
    if (error instanceof SlotUnavailableError) {
      return data(
        { message: t("manage.justTaken"), alternatives: alternativesFor(error.alternatives, clinic.location.timeZone, locale) },
        { status: 409 },
      );
    }
    throw error;
  }
  return data({ message: t("manage.chooseWhat"), alternatives: [] }, { status: 400 });
}

export default function Manage() {
  const { t, locale, href } = useT();
  const { token, mode, flash, booking, clinicPhone, picker, practitioners, chosenPractitioner, move } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const page = href(`/manage/${booking.id}`);
  const self = `${page}?token=${encodeURIComponent(token)}`;
  const pickerHref = (p: { date?: string | null; week?: string }) => {
    const q = new URLSearchParams({ token, reschedule: "1", practitioner: chosenPractitioner });
    if (p.week) q.set("week", p.week);
    if (p.date) q.set("date", p.date);
    return `${page}?${q.toString()}`;
  };
  // A tapped time is asked about first; a refusal (taken meanwhile, or not allowed) offers times again instead.
  const confirming = booking.changeable && mode === "confirm" && move?.free === true && !result;
  const taken = move && !move.free ? move.alternatives : null;
  const cancelled = booking.status === "cancelled";
  const status = cancelled && booking.lateCancellation ? "manage.status.cancelledLate" : STATUS[booking.status];
  const pickerText = slotPickerText(t, locale);

  return (
    <div className="page narrow">
      {flash === "booked" ? (
        <div className="success" role="status">
          <h2>{t("manage.booked.heading")}</h2>
          <p>{t("manage.booked.text")}</p>
        </div>
      ) : null}
      {flash === "moved" ? (
        <div className="success" role="status">
          <p>{t("manage.moved")}</p>
        </div>
      ) : null}
      {flash === "cancelled" && cancelled ? (
        <div className="success" role="status">
          <p>{t("manage.cancelled")}</p>
        </div>
      ) : null}
      <h1>{t("manage.heading")}</h1>
      <dl className="summary-card details">
        <div>
          <dt>{t("manage.what")}</dt>
          <dd lang={booking.serviceName.lang}>{booking.serviceName.text}</dd>
        </div>
        <div>
          <dt>{t("manage.when")}</dt>
          <dd>
            {booking.when} ({booking.duration})
          </dd>
        </div>
        <div>
          <dt>{t("manage.with")}</dt>
          <dd>{booking.practitionerName}</dd>
        </div>
        <div>
          <dt>{t("manage.for")}</dt>
          <dd>{booking.clientName}</dd>
        </div>
        <div>
          <dt>{t("manage.status")}</dt>
          <dd>{status ? t(status) : booking.status}</dd>
        </div>
      </dl>

      {result?.message || taken ? (
        <TimeAlternatives
          message={result?.message ?? t("manage.justTaken")}
          alternatives={result?.alternatives ?? taken ?? []}
          method="get"
          action={page}
        >
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="practitioner" value={chosenPractitioner} />
        </TimeAlternatives>
      ) : null}

      {booking.changeable && mode === "view" ? (
        <>
          <p>
            {t("manage.freeCancellation", { window: booking.window })}
            {booking.insideWindow ? ` ${t("manage.windowPassed")}` : ""}
          </p>
          <div className="actions">
            <Link className="button" to={`${self}&reschedule=1`}>
              {t("manage.change")}
            </Link>
            <Link className="button secondary" to={`${self}&cancel=1`}>
              {t("manage.cancel")}
            </Link>
          </div>
        </>
      ) : null}

      {booking.changeable && mode === "cancel" ? (
        <section aria-labelledby="cancel-heading" className="confirm">
          <h2 id="cancel-heading">{t("manage.cancel.heading")}</h2>
          {booking.insideWindow ? (
            <p>{t("manage.cancel.late", { window: booking.window })}</p>
          ) : (
            <p>{t("manage.cancel.early", { window: booking.window })}</p>
          )}
          <Form method="post" action={self} className="actions">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button danger">
              {t("manage.cancel.yes")}
            </button>
            <Link to={self} className="button secondary">
              {t("manage.cancel.keep")}
            </Link>
          </Form>
        </section>
      ) : null}

      {confirming && move?.free ? (
        <section aria-labelledby="confirm-move-heading" className="confirm">
          <h2 id="confirm-move-heading">{t("manage.confirmMove.heading", { from: move.from, to: move.to })}</h2>
          {move.practitioner ? <p>{t("manage.confirmMove.practitioner", move.practitioner)}</p> : null}
          <p>{t("manage.confirmMove.note")}</p>
          {/* Posted to this very address: if the time is gone by then, the picker comes back on the same day. */}
          <Form method="post" action={location.pathname + location.search} className="actions">
            <input type="hidden" name="intent" value="reschedule" />
            <input type="hidden" name="start" value={move.start} />
            <input type="hidden" name="practitionerId" value={move.practitionerId} />
            <button type="submit" className="button primary">
              {t("manage.confirmMove.yes")}
            </button>
            <Link to={self} className="button secondary">
              {t("manage.confirmMove.keep")}
            </Link>
          </Form>
          <p>
            <Link to={pickerHref({ week: picker?.weekStart, date: picker?.selectedDate })}>{t("manage.confirmMove.other")}</Link>
          </p>
        </section>
      ) : null}

      {booking.changeable && (mode === "reschedule" || (mode === "confirm" && !confirming)) && picker ? (
        <section aria-labelledby="move-heading">
          <h2 id="move-heading">{t("manage.move.heading")}</h2>
          <p>{t("manage.move.note")}</p>
          <PractitionerFilter
            practitioners={practitioners}
            value={chosenPractitioner}
            hidden={{ token, reschedule: "1" }}
            text={pickerText}
          />
          <SlotPicker
            data={picker}
            intent="reschedule"
            method="get"
            action={page}
            hidden={{ token, practitioner: chosenPractitioner, week: picker.weekStart, date: picker.selectedDate ?? "" }}
            text={pickerText}
            hrefFor={pickerHref}
          />
          <p>
            <Link to={self}>{t("manage.move.keep")}</Link>
          </p>
        </section>
      ) : null}

      {!booking.changeable && !cancelled ? <p>{t("manage.locked", { phone: clinicPhone })}</p> : null}
      {cancelled ? (
        <p>
          <Link to={href("/book")} className="button">
            {t("manage.bookAnother")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
