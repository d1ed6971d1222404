// POST /candidate/book: the visitor chose to book a consultation with their
// self-check answers. Until now the answers lived only in their browser; from
// here they are kept encrypted on the server under a random token in an
// HttpOnly cookie, and become the client's first screening when the
// consultation is booked (so the intake starts pre-filled and nothing is typed
// twice). Carried answers that are never booked expire after two hours.
import { data, redirect } from "react-router";
import type { Route } from "./+types/candidate.book";
import { carrySelfCheck } from "../../src/privacy/screening-record.ts";
import { parseIntake } from "../../src/screening/schema.ts";
import { loadClinic } from "../../src/scheduling/clinic.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { getServices } from "../context.ts";
import { selfCheckCookie } from "../lib/self-check-cookie.server.ts";

export const handle = { hydrate: false };

const MAX_ANSWERS_CHARS = 20_000;

export async function loader() {
  return redirect("/candidate");
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await request.formData();
  const raw = form.get("answers");
  const clinic = await loadClinic(services.db, services.organizationId);
  let json: unknown = null;
  if (typeof raw === "string" && raw.length <= MAX_ANSWERS_CHARS) {
    try {
      json = JSON.parse(raw);
    } catch {
      json = null;
    }
  }
  const parsed = json ? parseIntake(json, { today: todayIn(clinic.location.timeZone, services.now()) }) : null;
  if (!parsed?.ok) {
    // Never echo the answers back; send the visitor to start again.
    throw data("Your answers could not be read. Please go through the self-check again.", { status: 400 });
  }
  const { token } = await carrySelfCheck(services.db, {
    organizationId: clinic.organizationId,
    keyRing: services.keyRing,
    intake: parsed.intake,
    now: services.now(),
  });
  return redirect("/book/consultation?from=self-check", {
    status: 303,
    headers: { "Set-Cookie": selfCheckCookie(token, services.baseUrl) },
  });
}

export default function CandidateBook() {
  return null;
}

export function ErrorBoundary() {
  return (
    <div className="page narrow">
      <h1>Something went wrong</h1>
      <p>Your answers could not be read, and nothing was saved.</p>
      <p>
        <a href="/candidate">Start the self-check again</a> or <a href="/book/consultation">book a consultation</a>.
      </p>
    </div>
  );
}
