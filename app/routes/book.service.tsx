import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/book.service";
import { ClientContactSchema } from "../../src/clients/contact.ts";
import { bookAppointment } from "../../src/scheduling/book-appointment.ts";
import { clinicFacts, type Clinic, type PricedService } from "../../src/scheduling/clinic.ts";
import { priceOn } from "../../src/scheduling/price-rules.ts";
import { localizedText } from "../../src/scheduling/clinic-text.ts";
import { ClientOverlapError, NotBookableOnlineError, NotEligibleError, SlotUnavailableError } from "../../src/scheduling/errors.ts";
import { RateLimitedError } from "../../src/scheduling/request-limits.ts";
import { holdSlot, releaseHold } from "../../src/scheduling/manage-booking.ts";
import { localDateOf, parseOffsetIso, todayIn } from "../../src/scheduling/time.ts";
import type { Slot } from "../../src/scheduling/slots.ts";
import { ContactFields, ErrorSummary } from "../components/ContactFields.tsx";
import { PractitionerFilter, SlotPicker } from "../components/SlotPicker.tsx";
import { TimeAlternatives } from "../components/public/TimeAlternatives.tsx";
import type { AppServices } from "../context.ts";
import { translate, translator, type Translate } from "../i18n/catalog.ts";
import { useT } from "../i18n/context.tsx";
import { localeFromPath, localizePath, type Locale } from "../i18n/locales.ts";
import {
  contactErrors,
  contactFieldsText,
  errorSummaryHeading,
  notEligibleText,
  scheduledPriceText,
  slotPickerText,
} from "../lib/booking-text.ts";
import { bookingActor, limitAnonymous } from "../lib/booking-api.server.ts";
import { clearHoldCookie, holdCookie, readHoldCookie } from "../lib/hold-cookie.server.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDateMedium, formatDateTime, formatDuration, formatMoney, formatTime, zoned } from "../lib/format.ts";
import { pageMeta, siteDataFrom } from "../lib/seo.ts";
import { clearSelfCheckCookie, readSelfCheckCookie, selfCheckWaitCookie } from "../lib/self-check-cookie.server.ts";
import { carriedWait } from "../lib/booking-confirmation.server.ts";
import { fieldErrors } from "../lib/problem.ts";
import { slotPickerData } from "../lib/slot-picker.server.ts";
import { readForm } from "../lib/form.ts";

// A refusal past the limits says when to come back.
export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  const cacheControl = loaderHeaders.get("Cache-Control");
  return { ...(retryAfter ? { "Retry-After": retryAfter } : {}), ...(cacheControl ? { "Cache-Control": cacheControl } : {}) };
};

export const meta: Route.MetaFunction = ({ loaderData, matches, location }) => {
  if (!loaderData) return [];
  const locale = localeFromPath(location.pathname);
  const clinic = siteDataFrom(matches)?.name ?? "";
  const { duration, currentPrice: price } = loaderData.service;
  const service = loaderData.service.name.text;
  return pageMeta({
    title: translate(locale, "booking.service.title", { service, clinic }),
    description: translate(locale, "booking.service.description", { service, clinic, duration, price }),
  });
};

async function resolve(context: Route.LoaderArgs["context"], slug: string, t: Translate) {
  const { services, clinic } = await publicClinic(context);
  const on = todayIn(clinic.location.timeZone, services.now());
  // The services and practitioners as the process keeps them, under one read of the clinic's version (the booking's reminder settings too).
  const facts = await clinicFacts(services.db, clinic.organizationId);
  const service = (await facts.services({ on })).find((s) => s.slug === slug);
  if (!service) throw data(t("booking.error.noService"), { status: 404 });
  const practitioners = await facts.practitioners();
  return { services, clinic, service, practitioners, facts };
}

function practitionerParam(url: URL, known: { id: string }[]): string | undefined {
  const p = url.searchParams.get("practitioner");
  return p && known.some((k) => k.id === p) ? p : undefined;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const locale = localeFromPath(url.pathname);
  const t = translator(locale);
  const { services, clinic, service, practitioners } = await resolve(context, params.serviceSlug, t);
  const practitionerId = practitionerParam(url, practitioners);
  const picker = await slotPickerData(services.db, {
    clinic,
    service,
    practitionerId,
    date: url.searchParams.get("date"),
    week: url.searchParams.get("week"),
    now: services.now(),
    locale,
  });
  // The price of the day shown (an appointment costs its day's price); with a change scheduled, the day is named.
  const today = todayIn(clinic.location.timeZone, services.now());
  const shownDay = picker.selectedDate ?? today;
  const scheduled = scheduledPriceText(t, locale, service.prices, today);
  const shown = priceOn(service.prices, shownDay);
  const price = formatMoney(shown.cents, shown.currency, locale);
  return {
    service: {
      slug: service.slug,
      name: localizedText(service, "name", locale),
      description: localizedText(service, "description", locale),
      duration: formatDuration(service.durationMinutes, locale),
      price: scheduled.length ? t("booking.price.onDay", { price, date: formatDateMedium(shownDay, locale) }) : price,
      currentPrice: formatMoney(service.priceCents, service.currency, locale),
      scheduled,
    },
    practitioners: practitioners.map((p) => ({ id: p.id, name: p.name, title: localizedText(p, "title", locale).text })),
    practitionerId: practitionerId ?? "",
    picker,
  };
}

type Values = { name?: string; email?: string; phone?: string };

type DetailsResult = {
  step: "details";
  hold: { id: string; token: string; until: string } | null;
  start: string;
  when: string;
  practitionerName: string;
  price: string;
  values: Values;
  errors: Record<string, string>;
  alternatives: AltSlot[];
  message?: string;
  /** A treatment the client's screening does not allow: where to go next. */
  notEligible?: boolean;
};

type ActionResult = { step: "times"; message: string; alternatives: AltSlot[] } | DetailsResult;

type AltSlot = { start: string; label: string };

function tooManyText(t: Translate, error: RateLimitedError): string {
  return t("booking.error.tooMany", { minutes: String(Math.max(1, Math.ceil(error.retryAfterSeconds / 60))) });
}

function altSlots(slots: Slot[], tz: string, locale: Locale): AltSlot[] {
  return slots.map((s) => ({ start: isoLocal(s.start, tz), label: formatDateTime(s.start, tz, locale) }));
}

function isoLocal(ms: number, tz: string): string {
  return zoned(ms, tz).toString({ timeZoneName: "never", smallestUnit: "second" });
}

async function describe(
  services: AppServices,
  clinic: Clinic,
  service: PricedService,
  start: number,
  practitionerId: string,
  practitioners: { id: string; name: string }[],
  locale: Locale,
) {
  const tz = clinic.location.timeZone;
  // What this appointment costs: the price in force on the local day it starts.
  const price = priceOn(service.prices, localDateOf(start, tz));
  return {
    start: isoLocal(start, tz),
    when: `${formatDateTime(start, tz, locale)} (${formatDuration(service.durationMinutes, locale)})`,
    practitionerName: practitioners.find((p) => p.id === practitionerId)?.name ?? "",
    price: formatMoney(price.cents, price.currency, locale),
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const url = new URL(request.url);
  const locale = localeFromPath(url.pathname);
  const t = translator(locale);
  const { services, clinic, service, practitioners, facts } = await resolve(context, params.serviceSlug, t);
  const form = await readForm(request);
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
    return data<ActionResult>({ step: "times", message: t("booking.error.chooseShown"), alternatives: [] }, { status: 422 });
  }

  if (intent === "hold") {
    try {
      // One live hold per browser: a new time lets go of the one held before.
      const previous = readHoldCookie(request.headers);
      if (previous) await releaseHold(services.db, clinic, previous);
      await limitAnonymous(services, request, { ip: "holdsPerIp" });
      const hold = await holdSlot(services.db, { clinic, service, start, practitionerId, now });
      return data<ActionResult>(
        {
          step: "details",
          hold: { id: hold.id, token: hold.token, until: formatTime(hold.expiresAt, tz, locale) },
          ...(await describe(services, clinic, service, start, hold.practitionerId, practitioners, locale)),
          values: {},
          errors: {},
          alternatives: [],
        },
        { headers: { "Set-Cookie": holdCookie(hold, clinic.settings.holdMinutes * 60, services.baseUrl) } },
      );
    } catch (error) {
      if (error instanceof RateLimitedError) {
        return data<ActionResult>(
          { step: "times", message: tooManyText(t, error), alternatives: [] },
          { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
        );
      }
      if (!(error instanceof SlotUnavailableError)) throw error;
      return data<ActionResult>(
        {
          step: "times",
          message: t("booking.error.justTaken"),
          alternatives: altSlots(error.alternatives, tz, locale),
        },
        { status: 409 },
      );
    }
  }

  if (intent !== "book") {
    return data<ActionResult>({ step: "times", message: t("booking.error.chooseTime"), alternatives: [] }, { status: 400 });
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
  const described = await describe(services, clinic, service, start, chosenPractitioner, practitioners, locale);
  // The details form again, with what went wrong.
  const detailsAgain = (result: Partial<DetailsResult>, init: ResponseInit) =>
    data<ActionResult>({ step: "details", hold, ...described, values, errors: {}, alternatives: [], ...result }, init);
  const parsed = ClientContactSchema.safeParse(values);
  if (!parsed.success) return detailsAgain({ errors: contactErrors(t, locale, fieldErrors(parsed.error)) }, { status: 422 });
  const selfCheckToken = readSelfCheckCookie(request.headers);
  // What this browser's own self-check said about waiting, read before the booking takes the answers: the confirmation reminds them.
  const wait = selfCheckToken ? await carriedWait(services, clinic, selfCheckToken) : null;
  try {
    const actor = await bookingActor(services, request, parsed.data.email);
    if (actor.type === "public") {
      await limitAnonymous(services, request, { ip: "bookingsPerIp", email: { scope: "bookingsPerEmail", address: parsed.data.email } });
    }
    const { booking } = await bookAppointment(services.db, {
      clinic,
      facts,
      keyRing: services.keyRing,
      service,
      start,
      practitionerId,
      client: parsed.data,
      // The language booked in becomes the client's: their e-mails and manage link use it.
      locale,
      source: "online",
      now,
      baseUrl: services.baseUrl,
      actor,
      hold: hold ? { id: hold.id, token: hold.token } : undefined,
      selfCheckToken: selfCheckToken ?? undefined,
    });
    services.outbox.kick();
    const manage = new URL(booking.manageUrl);
    // The carried answers went with the booking: the cookie has done its job; so has the hold's.
    const headers = new Headers();
    if (selfCheckToken) headers.append("Set-Cookie", clearSelfCheckCookie(services.baseUrl));
    if (wait) headers.append("Set-Cookie", selfCheckWaitCookie(services.keyRing, booking.id, wait, services.baseUrl));
    headers.append("Set-Cookie", clearHoldCookie(services.baseUrl));
    return redirect(localizePath(`${manage.pathname}${manage.search}&booked=1`, locale), { status: 303, headers });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return detailsAgain({ message: tooManyText(t, error) }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    if (error instanceof NotBookableOnlineError || error instanceof NotEligibleError) {
      // The time is not for this person: let it go for others at once. A stranger reads the same words
      // whatever the cause (what to do and from when went to the address on file); the client signed in reads why.
      services.outbox.kick();
      if (hold) await releaseHold(services.db, clinic, { id: hold.id, token: hold.token });
      return detailsAgain(
        {
          hold: null,
          message: error instanceof NotEligibleError ? notEligibleText(t, locale, error) : t("booking.error.notBookableOnline"),
          notEligible: true,
        },
        { status: 409 },
      );
    }
    if (error instanceof SlotUnavailableError) {
      return detailsAgain(
        { hold: null, alternatives: altSlots(error.alternatives, tz, locale), message: t("booking.error.takenWhileTyping") },
        { status: 409 },
      );
    }
    if (error instanceof ClientOverlapError) {
      return detailsAgain({ errors: { email: t("booking.error.overlap") } }, { status: 409 });
    }
    throw error;
  }
}

export default function BookService() {
  const { t, locale, href } = useT();
  const { service, practitioners, practitionerId, picker } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = href(`/book/${service.slug}`);
  const hrefFor = (p: { date?: string; week?: string }) => {
    const q = new URLSearchParams();
    if (practitionerId) q.set("practitioner", practitionerId);
    if (p.week) q.set("week", p.week);
    if (p.date) q.set("date", p.date);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const pickerText = slotPickerText(t, locale);
  const name = service.name;

  if (result?.step === "details") {
    return (
      <div className="page narrow">
        <p>
          <Link to={base}>{t("booking.details.allTimes", { service: name.text })}</Link>
        </p>
        <h1>{t("booking.details.heading")}</h1>
        <div className="summary-card">
          <p className="summary-title" lang={name.lang}>
            {name.text}
          </p>
          <p>{result.when}</p>
          {result.practitionerName ? <p>{t("booking.details.with", { name: result.practitionerName })}</p> : null}
          <p>{t("booking.details.price", { price: result.price })}</p>
          {result.hold ? <p className="muted">{t("booking.details.holding", { time: result.hold.until })}</p> : null}
        </div>
        {result.message ? (
          <div className="alert" role="alert">
            <p>{result.message}</p>
            {result.notEligible ? (
              <p>
                <a href={href("/candidate")}>{t("booking.details.checkCandidate")}</a> ·{" "}
                <a href={href("/book/consultation")}>{t("booking.details.bookConsultation")}</a> ·{" "}
                {/* The client portal is in English only. */}
                <a href="/portal">{t("booking.details.intakeForm")}</a>
              </p>
            ) : null}
          </div>
        ) : null}
        <ErrorSummary errors={result.errors} heading={errorSummaryHeading(t)} />
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
          <ContactFields values={result.values} errors={result.errors} text={contactFieldsText(t)} />
          <p className="muted small">{t("booking.details.use")}</p>
          {result.alternatives.length > 0 ? (
            <fieldset className="time-group">
              <legend>{t("booking.details.nearest")}</legend>
              <div className="time-buttons">
                {result.alternatives.map((a) => (
                  <button key={a.start} type="submit" name="start" value={a.start} className="time">
                    {t("booking.details.bookAt", { time: a.label })}
                  </button>
                ))}
              </div>
            </fieldset>
          ) : (
            <button type="submit" className="button primary">
              {t("booking.details.confirm")}
            </button>
          )}
        </Form>
        {result.hold ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="release" />
            <input type="hidden" name="holdId" value={result.hold.id} />
            <input type="hidden" name="holdToken" value={result.hold.token} />
            <button type="submit" className="link-button">
              {t("booking.details.differentTime")}
            </button>
          </Form>
        ) : null}
      </div>
    );
  }

  return (
    <div className="page">
      <p>
        <Link to={href("/book")}>{t("booking.service.allServices")}</Link>
      </p>
      <h1 lang={name.lang}>{name.text}</h1>
      <p className="facts">
        {service.duration} · {service.price}
      </p>
      {service.scheduled.map((line) => (
        <p key={line} className="small">
          {line}
        </p>
      ))}
      {service.description.text ? <p lang={service.description.lang}>{service.description.text}</p> : null}
      {result?.step === "times" ? <TimeAlternatives message={result.message} alternatives={result.alternatives} intent="hold" /> : null}
      <PractitionerFilter
        practitioners={practitioners}
        value={practitionerId}
        anyone={t("booking.service.anyone")}
        hidden={picker.selectedDate ? { date: picker.selectedDate } : {}}
        text={pickerText}
      />
      <h2 className="visually-hidden">{t("booking.service.chooseHeading")}</h2>
      <SlotPicker data={picker} hrefFor={hrefFor} intent="hold" text={pickerText} emptyHint={<p>{t("booking.service.callHint")}</p>} />
    </div>
  );
}
