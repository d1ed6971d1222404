// POST /candidate/remind: "Tell me when I'm eligible" from the self-check
// result. The answers come back (hidden field) and are screened again here, so
// the reminder date is the engine's earliest date, not one typed by hand; the
// answers themselves are not kept — only the address (encrypted) and the date.
import { data, Form, redirect, useActionData } from "react-router";
import type { Route } from "./+types/candidate.remind";
import { ReminderInputError, requestEligibilityReminder } from "../../src/privacy/eligibility-reminders.ts";
import { loadClinicRules } from "../../src/screening/clinic-rules.ts";
import { screen } from "../../src/screening/engine.ts";
import { parseIntake } from "../../src/screening/schema.ts";
import { loadClinic } from "../../src/scheduling/clinic.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { getServices } from "../context.ts";
import { translator } from "../i18n/catalog.ts";
import { useT } from "../i18n/context.tsx";
import { localeFromPath, localizePath } from "../i18n/locales.ts";
import { formatDateLong } from "../lib/format.ts";
import { readForm } from "../lib/form.ts";

export const handle = { hydrate: false };

// The title is the component's (whether the reminder was set or the address needs a look).
export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request }: Route.LoaderArgs) {
  return redirect(localizePath("/candidate", localeFromPath(new URL(request.url).pathname)));
}

/** The reminder service's field problems (worded in English) in the page's language. */
function reminderErrors(t: ReturnType<typeof translator>, errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (errors.email) out.email = t("booking.contact.emailInvalid");
  if (errors.sendOn) out.sendOn = t("candidate.remind.sendOnInvalid");
  return out;
}

export async function action({ context, request }: Route.ActionArgs) {
  const locale = localeFromPath(new URL(request.url).pathname);
  const t = translator(locale);
  const services = getServices(context);
  const form = await readForm(request);
  const raw = String(form.get("answers") ?? "");
  const email = String(form.get("email") ?? "");
  const clinic = await loadClinic(services.db, services.organizationId);
  const today = todayIn(clinic.location.timeZone, services.now());
  let json: unknown = null;
  try {
    json = raw.length <= 20_000 ? JSON.parse(raw) : null;
  } catch {
    json = null;
  }
  const parsed = json ? parseIntake(json, { today }) : null;
  if (!parsed?.ok) throw data(t("candidate.unreadable"), { status: 400 });
  const result = screen(parsed.intake, await loadClinicRules(services.db, clinic.organizationId));
  if (result.outcome !== "deferred" || !result.earliestDate || result.awaitingResolution) {
    throw data(t("candidate.remind.notDeferred"), { status: 400 });
  }
  try {
    await requestEligibilityReminder(services.db, {
      organizationId: clinic.organizationId,
      keyRing: services.keyRing,
      email,
      sendOn: result.earliestDate,
      timeZone: clinic.location.timeZone,
      now: services.now(),
      // The reminder e-mail is written in the page's language.
      locale,
    });
  } catch (error) {
    if (error instanceof ReminderInputError) {
      return data(
        {
          ok: false as const,
          errors: reminderErrors(t, error.errors),
          answers: raw,
          email,
          date: formatDateLong(result.earliestDate, locale),
        },
        { status: 422 },
      );
    }
    throw error;
  }
  return {
    ok: true as const,
    errors: {} as Record<string, string>,
    answers: "",
    email: "",
    date: formatDateLong(result.earliestDate, locale),
  };
}

export default function CandidateRemind() {
  const { t, href } = useT();
  const r = useActionData<typeof action>();
  if (!r) return null;
  if (r.ok) {
    return (
      <div className="page narrow">
        <title>{t("candidate.remind.setTitle")}</title>
        <h1>{t("candidate.remind.setHeading", { date: r.date })}</h1>
        <div className="success" role="status">
          <p>{t("candidate.remind.setText")}</p>
        </div>
        <p>
          <a href={href("/microneedling")}>{t("candidate.remind.readMore")}</a> ·{" "}
          <a href={href("/book/consultation")}>{t("candidate.remind.bookNow")}</a>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <title>{t("candidate.remind.checkTitle")}</title>
      <h1>{t("candidate.remind.heading", { date: r.date })}</h1>
      <div className="error-summary" role="alert" tabIndex={-1}>
        <p>{t("candidate.remind.checkEmail")}</p>
      </div>
      <Form method="post" action={href("/candidate/remind")} noValidate className="stack">
        <input type="hidden" name="answers" value={r.answers} />
        <div className="field has-error">
          <label htmlFor="field-email">{t("candidate.remindForm.email")}</label>
          <p className="field-error" id="field-email-error">
            {r.errors.email ?? r.errors.sendOn}
          </p>
          <input
            id="field-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={r.email}
            aria-invalid
            aria-describedby="field-email-error"
          />
        </div>
        <button type="submit" className="button primary">
          {t("candidate.remindForm.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  const { t, href } = useT();
  return (
    <div className="page narrow">
      <h1>{t("candidate.remind.failedHeading")}</h1>
      <p>{t("candidate.failed.text")}</p>
      <p>
        <a href={href("/candidate")}>{t("candidate.failed.restart")}</a>
      </p>
    </div>
  );
}
