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
import { formatDateLong } from "../lib/format.ts";

export const handle = { hydrate: false };

export const meta: Route.MetaFunction = () => [{ title: "Reminder — Am I a candidate?" }, { name: "robots", content: "noindex" }];

export async function loader() {
  return redirect("/candidate");
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await request.formData();
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
  if (!parsed?.ok) throw data("Your answers could not be read. Please go through the self-check again.", { status: 400 });
  const result = screen(parsed.intake, await loadClinicRules(services.db, clinic.organizationId));
  if (result.outcome !== "deferred" || !result.earliestDate || result.awaitingResolution) {
    throw data("A reminder is for a waiting time that ends on a known date.", { status: 400 });
  }
  try {
    await requestEligibilityReminder(services.db, {
      organizationId: clinic.organizationId,
      keyRing: services.keyRing,
      email,
      sendOn: result.earliestDate,
      timeZone: clinic.location.timeZone,
      now: services.now(),
    });
  } catch (error) {
    if (error instanceof ReminderInputError) {
      return data(
        { ok: false as const, errors: error.errors, answers: raw, email, date: formatDateLong(result.earliestDate) },
        { status: 422 },
      );
    }
    throw error;
  }
  return { ok: true as const, errors: {} as Record<string, string>, answers: "", email: "", date: formatDateLong(result.earliestDate) };
}

export default function CandidateRemind() {
  const r = useActionData<typeof action>();
  if (!r) return null;
  if (r.ok) {
    return (
      <div className="page narrow">
        <title>Reminder set — Am I a candidate?</title>
        <h1>We will e-mail you on {r.date}</h1>
        <div className="success" role="status">
          <p>
            On that morning you will get one e-mail with a link to book. We keep only your address until then, and nothing about your
            answers.
          </p>
        </div>
        <p>
          <a href="/microneedling">Read about the treatment</a> · <a href="/book/consultation">Book a free consultation now</a>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <title>Check your e-mail address — Am I a candidate?</title>
      <h1>Remind me on {r.date}</h1>
      <div className="error-summary" role="alert" tabIndex={-1}>
        <p>Please check your e-mail address.</p>
      </div>
      <Form method="post" action="/candidate/remind" noValidate className="stack">
        <input type="hidden" name="answers" value={r.answers} />
        <div className="field has-error">
          <label htmlFor="field-email">Your e-mail</label>
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
          E-mail me on that day
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page narrow">
      <h1>No reminder was set</h1>
      <p>Your answers could not be read, and nothing was saved.</p>
      <p>
        <a href="/candidate">Start the self-check again</a>
      </p>
    </div>
  );
}
