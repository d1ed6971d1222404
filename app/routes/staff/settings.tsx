import type { ComponentProps } from "react";
import { StaffError } from "../../components/StaffError.tsx";
import { data, Form, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/settings";
import adminCss from "./admin.css?url";
import { canEditClinic } from "../../../src/scheduling/admin/access.ts";
import { getSettingsForStaff, SETTINGS_LIMITS, updateSettings, type ClinicSettingsValues } from "../../../src/scheduling/admin/settings.ts";
import { ErrorSummary, FieldFrame, TextField } from "../../components/ContactFields.tsx";
import { fieldProps } from "../../lib/field-props.ts";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { zoned } from "../../lib/format.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { getCheckinDays, updateCheckinDays } from "../../../src/plans/record/checkins.ts";
import { REMINDER_SOURCES, getReminderSettings, updateReminderSettings } from "../../../src/notifications/reminders.ts";
import { getClinicEmail, updateClinicEmail } from "../../../src/scheduling/admin/clinic-email.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = () => [{ title: "Settings — Dermaplan staff" }, { name: "robots", content: "noindex" }];

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** 90 → "90 minutes", 120 → "2 hours", 1440 → "24 hours", 0 → "none". */
function minutesText(minutes: number): string {
  if (minutes === 0) return "none";
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  if (minutes > 60 && (minutes * 100) % 60 === 0) return `${(minutes / 60).toString()} hours`;
  return plural(minutes, "minute");
}

const LABELS: Record<keyof ClinicSettingsValues, { label: string; show: (n: number) => string }> = {
  minimumNoticeMinutes: { label: "Minimum notice", show: minutesText },
  horizonDays: { label: "Booking horizon", show: (n) => plural(n, "day") },
  slotStepMinutes: { label: "Slot step", show: (n) => plural(n, "minute") },
  cancellationWindowMinutes: { label: "Cancellation window", show: minutesText },
  holdMinutes: { label: "Hold", show: (n) => plural(n, "minute") },
};

function describeChange(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).map((key) => {
    // The clinic's e-mail address is audited with the booking settings ("settings.update").
    if (key === "email") return `Clinic e-mail: ${String(before[key] || "—")} → ${String(after[key] || "—")}`;
    const spec = LABELS[key as keyof ClinicSettingsValues];
    const show = (v: unknown) => (typeof v === "number" && spec ? spec.show(v) : String(v ?? "—"));
    return `${spec?.label ?? key}: ${show(before[key])} → ${show(after[key])}`;
  });
}

/** What the form shows for stored values: minutes as hours when they are whole hours. */
function formValues(s: ClinicSettingsValues): Record<string, string> {
  const inHours = s.minimumNoticeMinutes > 0 && s.minimumNoticeMinutes % 60 === 0;
  return {
    minimumNotice: String(inHours ? s.minimumNoticeMinutes / 60 : s.minimumNoticeMinutes),
    minimumNoticeUnit: inHours ? "hours" : "minutes",
    horizonDays: String(s.horizonDays),
    slotStepMinutes: String(s.slotStepMinutes),
    cancellationWindowHours: String(Math.round((s.cancellationWindowMinutes / 60) * 100) / 100),
    holdMinutes: String(s.holdMinutes),
  };
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff, scope } = staffRequest(context);
  const { settings, updatedAt, history } = await getSettingsForStaff(services.db, scope);
  const clinic = await loadClinic(services.db, services.organizationId);
  const tz = clinic.location.timeZone;
  const when = (ms: number) => zoned(ms, tz).toLocaleString("en-CA", { ...DATE_TIME_TO_MINUTE, timeZoneName: "short" });
  const saved = new URL(request.url).searchParams.get("saved");
  // The days clients are asked "how is your skin?" after a session (docs/checkins.md).
  const checkinDays = await getCheckinDays(services.db, services.organizationId);
  // Appointment reminders and a treatment's preparation lines (docs/reminders.md).
  const reminders = await getReminderSettings(services.db, services.organizationId);
  return {
    clinicEmail: await getClinicEmail(services.db, scope),
    emailFlash:
      saved === "email" ? "Clinic e-mail saved. E-mails queued from now on name it and send replies to it." : saved === "email-unchanged" ? "Nothing to save: no changes." : null,
    reminders,
    reminderSources: REMINDER_SOURCES,
    reminderFlash: saved === "reminders" ? "Reminder settings saved. Appointments booked or moved from now on follow them." : null,
    checkinDays,
    checkinFlash:
      saved === "checkin" ? "Check-in days saved. Sessions completed from now on follow them, and open check-ins move with them." : null,
    canEdit: canEditClinic(staff),
    flash:
      saved === "1"
        ? "Settings saved. New bookings follow them from now on."
        : saved === "unchanged"
          ? "Nothing to save: no changes."
          : null,
    values: formValues(settings),
    current: Object.fromEntries(
      (Object.keys(LABELS) as (keyof ClinicSettingsValues)[]).map((k) => [k, LABELS[k].show(settings[k])]),
    ) as Record<keyof ClinicSettingsValues, string>,
    updatedAt: when(updatedAt),
    // Sent as data so the page's browser bundle does not pull in the domain module.
    limits: SETTINGS_LIMITS,
    history: history.map((h) => ({
      id: h.id,
      at: when(h.at),
      who: h.actorName || h.actorEmail || "Unknown staff member",
      changes: describeChange(h.before, h.after),
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, scope } = staffRequest(context, { permission: "settings.manage", doing: "change the clinic's settings" });
  const form = await readForm(request);
  if (form.get("intent") === "checkin-days") return checkinDaysAction(services.db, scope.staff, form);
  if (form.get("intent") === "reminders") return remindersAction(services.db, scope.staff, form);
  if (form.get("intent") === "clinic-email") return clinicEmailAction(services.db, scope, form);
  const values: Record<string, string> = {};
  for (const key of ["minimumNotice", "minimumNoticeUnit", "horizonDays", "slotStepMinutes", "cancellationWindowHours", "holdMinutes"]) {
    const v = form.get(key);
    values[key] = typeof v === "string" ? v : "";
  }
  const unsafe = formTextErrors(form);
  if (unsafe) return data({ errors: unsafe, values }, { status: 422 });
  try {
    const r = await updateSettings(services.db, { ...scope, input: values });
    return redirect(`/staff/settings?saved=${r.changed ? "1" : "unchanged"}`, 303);
  } catch (error) {
    return data({ errors: formErrors(error), values }, { status: 422 });
  }
}

/**
 * One section's form: saved, back to the page with `?saved=` what `save`
 * answers; refused, its field errors under `errorsKey` and what was typed under
 * `valuesKey`, so only that section shows them.
 */
async function saveSection<E extends string, K extends string, V>(
  form: FormData,
  keys: { errors: E; values: K },
  values: V,
  save: () => Promise<string>,
) {
  const refused = (errors: Record<string, string>) =>
    data({ [keys.errors]: errors, [keys.values]: values } as Record<E, Record<string, string>> & Record<K, V>, { status: 422 });
  const unsafe = formTextErrors(form);
  if (unsafe) return refused(unsafe);
  try {
    return redirect(`/staff/settings?saved=${await save()}`, 303);
  } catch (error) {
    return refused(formErrors(error));
  }
}

/** The clinic's e-mail address: audited by the domain as a settings change. */
function clinicEmailAction(db: Parameters<typeof updateClinicEmail>[0], scope: Parameters<typeof getClinicEmail>[1], form: FormData) {
  const clinicEmail = String(form.get("email") ?? "");
  return saveSection(form, { errors: "emailErrors", values: "clinicEmail" }, clinicEmail, async () => {
    const r = await updateClinicEmail(db, { ...scope, input: { email: clinicEmail } });
    return r.changed ? "email" : "email-unchanged";
  });
}

/** A saved section's confirmation, until the page answers a post. */
function SavedFlash({ text, shown }: { text: string | null; shown: boolean }) {
  return text && shown ? (
    <div className="success" role="status">
      <p>{text}</p>
    </div>
  ) : null;
}

/** The address clients see in the clinic's e-mails, and where their replies go. */
function ClinicEmailSection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = (result && "emailErrors" in result ? result.emailErrors : null) ?? {};
  const value = (result && "clinicEmail" in result ? result.clinicEmail : null) ?? d.clinicEmail;
  const explain =
    "Replies to the clinic's e-mails go to this address. Clients also see it in the e-mails, on the privacy page and on their plan. Changes are recorded in the audit log.";
  return (
    <section aria-labelledby="clinic-email-heading" className="narrow-block">
      <h2 id="clinic-email-heading">Clinic e-mail</h2>
      <SavedFlash text={d.emailFlash} shown={!result} />
      {d.canEdit ? (
        <Form method="post" action="/staff/settings" noValidate className="stack">
          <input type="hidden" name="intent" value="clinic-email" />
          <TextField
            name="email"
            label="The clinic's e-mail address"
            type="email"
            autoComplete="email"
            required
            value={value}
            error={errors.email}
            hint={explain}
          />
          <button type="submit" className="button primary">
            Save clinic e-mail
          </button>
        </Form>
      ) : (
        <>
          <p>
            Now: <strong>{d.clinicEmail || "none"}</strong>
          </p>
          <p className="muted">{explain}</p>
        </>
      )}
    </section>
  );
}

/** The check-in days' own form: audited by the domain ("checkin-settings.update"). */
function checkinDaysAction(
  db: Parameters<typeof updateCheckinDays>[0],
  staff: Parameters<typeof updateCheckinDays>[1]["staff"],
  form: FormData,
) {
  const checkin = { firstDay: String(form.get("firstDay") ?? ""), secondDay: String(form.get("secondDay") ?? "") };
  return saveSection(form, { errors: "checkinErrors", values: "checkin" }, checkin, async () => {
    await updateCheckinDays(db, { staff, input: checkin });
    return "checkin";
  });
}

/** The reminders' own form: audited by the domain ("reminder-settings.update"). */
function remindersAction(
  db: Parameters<typeof updateReminderSettings>[0],
  staff: Parameters<typeof updateReminderSettings>[1]["staff"],
  form: FormData,
) {
  const reminder = {
    hoursBefore: String(form.get("hoursBefore") ?? ""),
    retinoidPauseDays: String(form.get("retinoidPauseDays") ?? ""),
    arriveWithoutMakeup: form.get("arriveWithoutMakeup") === "on",
  };
  return saveSection(form, { errors: "reminderErrors", values: "reminder" }, reminder, async () => {
    await updateReminderSettings(db, { staff, input: reminder });
    return "reminders";
  });
}

/** The appointment reminders: how long before, and a treatment's preparation lines (clinic protocol defaults to confirm). */
function RemindersSection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = (result && "reminderErrors" in result ? result.reminderErrors : null) ?? {};
  const v = (result && "reminder" in result ? result.reminder : null) ?? {
    hoursBefore: String(d.reminders.hoursBefore),
    retinoidPauseDays: String(d.reminders.retinoidPauseDays),
    arriveWithoutMakeup: d.reminders.arriveWithoutMakeup,
  };
  return (
    <section aria-labelledby="reminders-heading" className="narrow-block">
      <h2 id="reminders-heading">Appointment reminders</h2>
      <p className="muted">
        Every booked appointment gets a reminder e-mail this many hours before it, with its manage link and calendar file. A treatment's
        reminder also carries the lines below, and a link to refresh the health questionnaire when the client's screening will be too old on
        the day. Changes are recorded in the audit log.
      </p>
      <SavedFlash text={d.reminderFlash} shown={!result} />
      {d.canEdit ? (
        <Form method="post" action="/staff/settings" noValidate className="stack">
          <input type="hidden" name="intent" value="reminders" />
          <TextField
            name="hoursBefore"
            label="Send the reminder this many hours before"
            inputMode="numeric"
            required
            value={v.hoursBefore}
            error={errors.hoursBefore}
            hint={d.reminderSources.hoursBefore}
          />
          <TextField
            name="retinoidPauseDays"
            label="Before a treatment: no retinoids from this many days before (0: leave the line out)"
            inputMode="numeric"
            required
            value={v.retinoidPauseDays}
            error={errors.retinoidPauseDays}
            hint={d.reminderSources.retinoidPauseDays}
          />
          <div>
            <label>
              <input type="checkbox" name="arriveWithoutMakeup" defaultChecked={v.arriveWithoutMakeup} /> Before a treatment: ask the client
              to arrive without make-up
            </label>
            <p className="muted">{d.reminderSources.arriveWithoutMakeup}</p>
          </div>
          <button type="submit" className="button primary">
            Save reminder settings
          </button>
        </Form>
      ) : (
        <p>
          Now: {d.reminders.hoursBefore} hours before; no retinoids from {d.reminders.retinoidPauseDays} days before;
          {d.reminders.arriveWithoutMakeup ? " arrive without make-up." : " no make-up line."}
        </p>
      )}
    </section>
  );
}

/** The check-in days: when clients are asked how their skin is after a session. */
function CheckinDaysSection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = (result && "checkinErrors" in result ? result.checkinErrors : null) ?? {};
  const v = (result && "checkin" in result ? result.checkin : null) ?? {
    firstDay: String(d.checkinDays.firstDay),
    secondDay: String(d.checkinDays.secondDay),
  };
  return (
    <section aria-labelledby="checkin-days-heading" className="narrow-block">
      <h2 id="checkin-days-heading">Check-ins after a session</h2>
      <p className="muted">
        On these days after a treatment, the client is asked in their account how their skin is. Answers outside the expected course go to
        the practitioner's and the owner's follow-ups. Now: day {d.checkinDays.firstDay} and day {d.checkinDays.secondDay}. Changes are
        recorded in the audit log.
      </p>
      <SavedFlash text={d.checkinFlash} shown={!result} />
      {d.canEdit ? (
        <Form method="post" action="/staff/settings" noValidate className="stack">
          <input type="hidden" name="intent" value="checkin-days" />
          <div className="inline-fields">
            <div>
              <TextField
                name="firstDay"
                label="First check-in: day"
                inputMode="numeric"
                required
                value={v.firstDay}
                error={errors.firstDay}
              />
            </div>
            <div>
              <TextField
                name="secondDay"
                label="Second check-in: day"
                inputMode="numeric"
                required
                value={v.secondDay}
                error={errors.secondDay}
              />
            </div>
          </div>
          <button type="submit" className="button primary">
            Save check-in days
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** A setting typed as one number: its own fieldset, the field required. */
function SettingFieldset({ legend, ...field }: { legend: string } & Omit<ComponentProps<typeof TextField>, "required">) {
  return (
    <fieldset className="settings-fieldset">
      <legend>{legend}</legend>
      <TextField {...field} required />
    </fieldset>
  );
}

export default function Settings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  // The check-in days' form answers with its own fields (CheckinDaysSection).
  const errors: Record<string, string> = (result && "errors" in result ? result.errors : null) ?? {};
  const v = (result && "values" in result ? result.values : null) ?? d.values;
  const field = fieldProps(v, errors);
  const L = d.limits;
  const explain = [
    {
      key: "minimumNoticeMinutes" as const,
      text: "How far ahead a time must be to be offered for booking. With 2 hours, at 10:00 the earliest time offered is 12:00.",
    },
    {
      key: "horizonDays" as const,
      text: `How far into the future clients can book, from ${L.horizonDays.min} to ${L.horizonDays.max} days.`,
    },
    { key: "slotStepMinutes" as const, text: "How often a start time is offered: every 15 minutes gives 9:00, 9:15, 9:30 …" },
    {
      key: "cancellationWindowMinutes" as const,
      text: "A client who cancels later than this before the appointment has a late cancellation. Clients see it in their confirmation e-mail and on their booking page.",
    },
    {
      key: "holdMinutes" as const,
      text: `How long a chosen time is kept for a client while they type their details, ${L.holdMinutes.min} to ${L.holdMinutes.max} minutes.`,
    },
  ];
  const text = (key: keyof ClinicSettingsValues) => explain.find((e) => e.key === key)!.text;

  return (
    <div className="page">
      <h1>Booking settings</h1>
      <p className="muted">Rules for online booking at this clinic. Last changed {d.updatedAt}.</p>
      <SavedFlash text={d.flash} shown={!result} />

      {d.canEdit ? (
        <div key={location.key} className="narrow-block">
          <ErrorSummary errors={errors} />
          <Form method="post" action={"/staff/settings"} noValidate className="stack">
            <fieldset className="settings-fieldset" aria-describedby="minimum-notice-explain">
              <legend>Minimum notice</legend>
              <p className="hint muted fieldset-intro" id="minimum-notice-explain">
                {text("minimumNoticeMinutes")} Up to 14 days (336 hours). Now: <strong>{d.current.minimumNoticeMinutes}</strong>.
              </p>
              <div className="inline-fields">
                <div>
                  <TextField {...field("minimumNotice")} label="Amount" inputMode="decimal" required />
                </div>
                <FieldFrame id="field-minimumNoticeUnit" label="Unit" error={errors.minimumNoticeUnit}>
                  <select
                    id="field-minimumNoticeUnit"
                    name="minimumNoticeUnit"
                    defaultValue={v.minimumNoticeUnit}
                    aria-describedby={errors.minimumNoticeUnit ? "field-minimumNoticeUnit-error" : undefined}
                  >
                    <option value="minutes">minutes</option>
                    <option value="hours">hours</option>
                  </select>
                </FieldFrame>
              </div>
            </fieldset>

            <SettingFieldset
              legend="Booking horizon"
              {...field("horizonDays")}
              label="Days ahead"
              inputMode="numeric"
              hint={`${text("horizonDays")} Now: ${d.current.horizonDays}.`}
            />

            <fieldset className="settings-fieldset">
              <legend>Slot step</legend>
              <FieldFrame
                id="field-slotStepMinutes"
                label="Offer a start time every"
                hint={
                  <>
                    {text("slotStepMinutes")} Now: {d.current.slotStepMinutes}.
                  </>
                }
                error={errors.slotStepMinutes}
              >
                <select
                  id="field-slotStepMinutes"
                  name="slotStepMinutes"
                  defaultValue={v.slotStepMinutes}
                  aria-describedby={`field-slotStepMinutes-hint${errors.slotStepMinutes ? " field-slotStepMinutes-error" : ""}`}
                >
                  {L.slotStepMinutes.choices.map((n) => (
                    <option key={n} value={String(n)}>
                      {n} minutes
                    </option>
                  ))}
                </select>
              </FieldFrame>
            </fieldset>

            <SettingFieldset
              legend="Cancellation window"
              {...field("cancellationWindowHours")}
              label="Hours before the appointment"
              inputMode="decimal"
              hint={`${text("cancellationWindowMinutes")} Whole hours, 0 to 336. Now: ${d.current.cancellationWindowMinutes}.`}
            />

            <SettingFieldset
              legend="Hold while booking"
              {...field("holdMinutes")}
              label="Minutes"
              inputMode="numeric"
              hint={`${text("holdMinutes")} Now: ${d.current.holdMinutes}.`}
            />

            <button type="submit" className="button primary">
              Save settings
            </button>
          </Form>
        </div>
      ) : (
        <>
          <p className="notice">Your role can see the settings but not change them; ask an owner or manager.</p>
          <dl className="summary-card narrow-block settings-summary">
            {explain.map((e) => (
              <div key={e.key}>
                <dt>
                  {LABELS[e.key].label}: {d.current[e.key]}
                </dt>
                <dd className="muted small">{e.text}</dd>
              </div>
            ))}
          </dl>
        </>
      )}

      <ClinicEmailSection />
      <CheckinDaysSection />
      <RemindersSection />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Recent changes</h2>
        {d.history.length === 0 ? (
          <p>No changes recorded yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Table of recent changes" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What changed</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <td>{h.at}</td>
                    <td>{h.who}</td>
                    <td>
                      {h.changes.map((c) => (
                        <div key={c}>{c}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/settings" backLabel="Back to settings" />;
}
