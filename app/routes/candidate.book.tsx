// POST /candidate/book: the visitor chose to book a consultation with their
// self-check answers. Until now the answers lived only in their browser; from
// here they are kept encrypted on the server under a random token in an
// HttpOnly cookie, and become the client's first screening when the
// consultation is booked (so the intake starts pre-filled and nothing is typed
// twice). Carried answers that are never booked expire after two hours.
import { data, redirect } from "react-router";
import type { Route } from "./+types/candidate.book";
import { carrySelfCheck } from "../../src/screening/record/self-check.ts";
import { parseIntake } from "../../src/screening/schema.ts";
import { loadClinic } from "../../src/scheduling/clinic.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { getServices } from "../context.ts";
import { translate } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { localeFromPath, localizePath } from "../i18n/locales.ts";
import { selfCheckCookie } from "../lib/self-check-cookie.server.ts";
import { readForm } from "../lib/form.ts";

export const handle = { hydrate: false };

const MAX_ANSWERS_CHARS = 20_000;

export async function loader({ request }: Route.LoaderArgs) {
  return redirect(localizePath("/candidate", localeFromPath(new URL(request.url).pathname)));
}

export async function action({ context, request }: Route.ActionArgs) {
  const locale = localeFromPath(new URL(request.url).pathname);
  const services = getServices(context);
  const form = await readForm(request);
  const raw = form.get("answers");
  const hoped = form.get("expectation");
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
    throw data(translate(locale, "candidate.unreadable"), { status: 400 });
  }
  const { token } = await carrySelfCheck(services.db, {
    organizationId: clinic.organizationId,
    keyRing: services.keyRing,
    intake: parsed.intake,
    expectation: typeof hoped === "string" ? hoped : null,
    now: services.now(),
  });
  return redirect(localizePath("/book/consultation?from=self-check", locale), {
    status: 303,
    headers: { "Set-Cookie": selfCheckCookie(token, services.baseUrl) },
  });
}

export default function CandidateBook() {
  return null;
}

export function ErrorBoundary() {
  const { t, locale, href } = useT();
  return (
    <div className="page narrow">
      <h1>{t("candidate.failed.heading")}</h1>
      <p>{t("candidate.failed.text")}</p>
      <p>
        {rich(locale, "candidate.failed.links", {
          restart: (text) => <a href={href("/candidate")}>{text}</a>,
          book: (text) => <a href={href("/book/consultation")}>{text}</a>,
        })}
      </p>
    </div>
  );
}
