import { StaffError } from "../../components/StaffError.tsx";
import { data, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/practitioner";
import adminCss from "./admin.css?url";
import { addTimeOff, deleteTimeOff } from "../../../src/scheduling/admin/time-off.ts";
import { canEditClinic } from "../../../src/scheduling/admin/access.ts";
import {
  deletePractitionerException,
  replacePractitionerHours,
  savePractitionerException,
  type WeeklyHoursInput,
} from "../../../src/scheduling/admin/working-hours.ts";
import { getPractitionerDetail, setPractitionerServices, updatePractitioner } from "../../../src/scheduling/admin/practitioners.ts";
import { intervalRowsFromForm, WEEKDAYS } from "../../../src/scheduling/admin/time-fields.ts";
import { DetailsForm } from "../../components/practitioner/DetailsForm.tsx";
import { ExceptionsSection } from "../../components/practitioner/ExceptionsSection.tsx";
import { HoursForm } from "../../components/practitioner/HoursForm.tsx";
import { ReadOnlyOverview } from "../../components/practitioner/ReadOnlyOverview.tsx";
import { ServicesForm } from "../../components/practitioner/ServicesForm.tsx";
import { StaffDetailHeading } from "../../components/StaffDetailHeading.tsx";
import { BookedInside, TimeOffSection } from "../../components/practitioner/TimeOffSection.tsx";
import type { PractitionerFormIntent } from "../../components/practitioner/types.ts";
import { outOfRangeDateErrors } from "../../../src/kernel/dates.ts";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { formatDateLong, zoned } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors, refuse as refusePage } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.practitioner.name ?? "Practitioner"} — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

const SAVED: Record<string, string> = {
  created: "Practitioner added. Next, set their weekly hours and the services they offer.",
  details: "Details saved.",
  hours: "Weekly hours saved.",
  services: "Services saved.",
  exception: "Date exception saved.",
  "exception-deleted": "Date exception removed.",
  timeoff: "Time off saved.",
  "timeoff-deleted": "Time off removed.",
  unchanged: "Nothing to save: that was already the case.",
};

function when(ms: number, timeZone: string): string {
  return zoned(ms, timeZone).toLocaleString("en-CA", { weekday: "short", ...DATE_TIME_TO_MINUTE, timeZoneName: "short" });
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff, scope } = staffRequest(context);
  let detail;
  try {
    detail = await getPractitionerDetail(services.db, { ...scope, practitionerId: params.id, now: services.now() });
  } catch (error) {
    refusePage(error);
  }
  const url = new URL(request.url);
  const savedKey = url.searchParams.get("saved") ?? "";
  const tz = detail.timeZone;
  const p = detail.practitioner;
  const timeOff = detail.timeOff.map((t) => ({
    id: t.id,
    from: when(t.startsAt, tz),
    to: when(t.endsAt, tz),
    reason: t.reason,
    // Where to see it on the calendar: its first day, this practitioner only.
    calendarHref: `/staff?date=${localDateOf(t.startsAt, tz)}&practitioner=${p.id}`,
    bookedInside: t.bookedInside.map((b) => ({
      id: b.appointmentId,
      when: when(b.startMs, tz),
      client: b.clientName || "(no name)",
      service: b.serviceName,
    })),
  }));
  // Just saved over booked appointments: the warning names them.
  const justSaved = savedKey === "timeoff" ? timeOff.find((t) => t.id === url.searchParams.get("timeOff")) : undefined;
  return {
    canEdit: canEditClinic(staff),
    saved: SAVED[savedKey] ?? null,
    clash: justSaved?.bookedInside.length ? justSaved : null,
    timeZone: tz,
    practitioner: { id: p.id, name: p.name, title: p.title, titleFr: p.titleFr, active: p.active, sortOrder: p.sortOrder },
    hours: WEEKDAYS.map(({ day, name }) => ({ day, name, intervals: detail.hours[day] ?? [] })),
    exceptions: detail.exceptions.map((e) => ({
      id: e.id,
      date: e.date,
      dateLabel: formatDateLong(e.date),
      hours: e.intervals.length ? e.intervals.map((i) => `${i.start}–${i.end}`).join(", ") : "Closed all day",
      note: e.note,
    })),
    timeOff,
    services: detail.services,
    serviceIds: detail.serviceIds,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, scope: clinic } = staffRequest(context, { permission: "settings.manage", doing: "change practitioners" });
  const scope = { ...clinic, practitionerId: params.id };
  const db = services.db;
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const str = formText(form);
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "serviceIds") values[k] = v;
  const refuse = (errors: Record<string, string>) =>
    data({ intent: intent as PractitionerFormIntent, errors, values, serviceIds: form.getAll("serviceIds").map(String) }, { status: 422 });
  const unsafe = formTextErrors(form);
  if (unsafe) return refuse(unsafe);
  // Dates the calendar could never show (year 0, year 9999): refused here, beside their field.
  const absurd = outOfRangeDateErrors(
    intent === "exception" ? { date: str("date") } : intent === "timeoff" ? { start: str("start"), end: str("end") } : {},
  );
  if (absurd) return refuse(absurd);
  const back = (saved: string, extra = "") => redirect(`/staff/practitioners/${params.id}?saved=${saved}${extra}`, 303);
  try {
    switch (intent) {
      case "details": {
        const r = await updatePractitioner(db, {
          ...scope,
          input: {
            name: str("name"),
            title: str("title"),
            titleFr: str("titleFr"),
            active: form.has("active"),
            sortOrder: str("sortOrder"),
          },
        });
        return back(r.changed ? "details" : "unchanged");
      }
      case "hours": {
        const hours: WeeklyHoursInput = {};
        for (const { day } of WEEKDAYS) hours[day] = intervalRowsFromForm(form, `hours.${day}`);
        const r = await replacePractitionerHours(db, { ...scope, hours });
        return back(r.changed ? "hours" : "unchanged");
      }
      case "services": {
        const serviceIds = form.getAll("serviceIds").filter((v): v is string => typeof v === "string");
        const r = await setPractitionerServices(db, { ...scope, serviceIds });
        return back(r.changed ? "services" : "unchanged");
      }
      case "exception": {
        await savePractitionerException(db, {
          ...scope,
          input: {
            date: str("date"),
            closed: str("mode") === "closed",
            intervals: intervalRowsFromForm(form, "intervals"),
            note: str("note"),
          },
        });
        return back("exception");
      }
      case "delete-exception": {
        await deletePractitionerException(db, { ...scope, exceptionId: str("exceptionId") });
        return back("exception-deleted");
      }
      case "timeoff": {
        const r = await addTimeOff(db, { ...scope, input: { start: str("start"), end: str("end"), reason: str("reason") } });
        return back("timeoff", r.bookedInside.length ? `&timeOff=${r.id}` : "");
      }
      case "delete-timeoff": {
        await deleteTimeOff(db, { ...scope, timeOffId: str("timeOffId") });
        return back("timeoff-deleted");
      }
    }
  } catch (error) {
    const errors = formErrors(error);
    return data(
      { intent: intent as PractitionerFormIntent, errors, values, serviceIds: form.getAll("serviceIds").map(String) },
      { status: 422 },
    );
  }
  throw data("That form could not be read. Reload the page and try again.", { status: 400 });
}

/** The page's sections, by heading id, as the "On this page" links list them. */
const SECTIONS: [string, string][] = [
  ["details-heading", "Details"],
  ["hours-heading", "Weekly hours"],
  ["services-heading", "Services"],
  ["exceptions-heading", "Date exceptions"],
  ["timeoff-heading", "Time off"],
];

export default function PractitionerPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <div className="page">
      <StaffDetailHeading
        backTo="/staff/practitioners"
        backLabel="← All practitioners"
        title={d.practitioner.name}
        inactive={!d.practitioner.active}
        saved={result ? null : d.saved}
      />
      {d.clash && !result ? (
        <div className="alert" role="status">
          <p>
            {d.clash.bookedInside.length === 1
              ? "1 booked appointment falls inside this time off. Time off does not cancel it: open it to move or cancel it."
              : `${d.clash.bookedInside.length} booked appointments fall inside this time off. Time off does not cancel them: open each to move or cancel it.`}
          </p>
          <BookedInside items={d.clash.bookedInside} />
          <p>
            <Link to={d.clash.calendarHref}>See it on the calendar</Link>
          </p>
        </div>
      ) : null}
      {d.canEdit ? null : <p className="notice">Your role can see this practitioner's setup but not change it; ask an owner or manager.</p>}
      <nav aria-label="On this page" className="small">
        <ul className="nav-list">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      {/* A new location (after a save) remounts the forms with the saved values. */}
      <div key={location.key}>
        {d.canEdit ? (
          <>
            <DetailsForm d={d} result={result} />
            <HoursForm d={d} result={result} />
            <ServicesForm d={d} result={result} />
          </>
        ) : (
          <ReadOnlyOverview d={d} />
        )}
        <ExceptionsSection d={d} result={result} />
        <TimeOffSection d={d} result={result} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/practitioners" backLabel="Back to practitioners" />;
}
