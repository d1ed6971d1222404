import type { ReactNode } from "react";
import { Link } from "react-router";
import type { ReasonOutcome } from "../../../src/screening/types.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { rich, useT } from "../../i18n/context.tsx";
import type { ResultView } from "../../lib/intake-flow.ts";

const REASON_ORDER: readonly ReasonOutcome[] = ["not-suitable", "needs-review", "deferred", "suitable-with-precautions"];

const REASON_HEADING: Readonly<Record<ReasonOutcome, MessageKey>> = {
  "not-suitable": "intake.reasons.notSuitable",
  "needs-review": "intake.reasons.needsReview",
  deferred: "intake.reasons.deferred",
  "suitable-with-precautions": "intake.reasons.precautions",
};

/** The result's headline, in the questionnaire's words ("intake") or the public self-check's ("candidate"). */
export function resultHeadline(
  words: "intake" | "candidate",
  view: Pick<ResultView, "outcome" | "earliest" | "awaitingResolution">,
): MessageKey {
  switch (view.outcome) {
    case "suitable":
      return `${words}.headline.suitable`;
    case "suitable-with-precautions":
      return `${words}.headline.precautions`;
    case "deferred":
      return view.earliest && !view.awaitingResolution ? `${words}.headline.waitLittle` : `${words}.headline.waitForNow`;
    case "needs-review":
      return `${words}.headline.needsReview`;
    case "not-suitable":
      return `${words}.headline.notSuitable`;
  }
}

/** The earliest date, in bold wherever a message names it. */
const dateTag = { date: (text: string): ReactNode => <strong className="intake-date">{text}</strong> };

function Lead({ view }: { view: ResultView }) {
  const { t, locale } = useT();
  const dated = (key: MessageKey) => rich(locale, key, dateTag, { date: view.earliest ?? "" });
  switch (view.outcome) {
    case "suitable":
      return <p className="lead">{dated("intake.lead.suitable")}</p>;
    case "suitable-with-precautions":
      return <p className="lead">{dated("intake.lead.precautions")}</p>;
    case "deferred":
      if (view.earliest && !view.awaitingResolution) return <p className="lead">{dated("intake.lead.deferredDate")}</p>;
      if (view.earliest) return <p className="lead">{dated("intake.lead.deferredEarliest")}</p>;
      return <p className="lead">{t("intake.lead.deferred")}</p>;
    case "needs-review":
      return <p className="lead">{t("intake.lead.needsReview")}</p>;
    case "not-suitable":
      return <p className="lead">{t("intake.lead.notSuitable")}</p>;
  }
}

/** After sending: the screening's outcome and its reasons in the client's words, and what happens next. */
export function ResultPage({ view, clinicName, phone }: { view: ResultView; clinicName: string; phone: string }) {
  const { t, locale } = useT();
  const groups = REASON_ORDER.map((outcome) => ({ outcome, reasons: view.reasons.filter((r) => r.outcome === outcome) })).filter(
    (g) => g.reasons.length > 0,
  );
  const datedWait = view.outcome === "deferred" && view.earliest !== null;
  // Each reason comes in the client's language (reasons-fr.ts, chosen in the loader); a rule with
  // no wording in it shows the engine's English, marked so screen readers switch voice.
  return (
    <div className="intake intake-result" data-outcome={view.outcome}>
      <title>{`${t("intake.sentTitle")} — ${t("intake.title")} — ${clinicName}`}</title>
      <div className="success" role="status">
        <p>{t("intake.saved", { at: view.sentAt })}</p>
      </div>
      <h1 tabIndex={-1} autoFocus>
        {t(resultHeadline("intake", view))}
      </h1>
      <Lead view={view} />
      {groups.map((g) => (
        <section key={g.outcome} aria-labelledby={`reasons-${g.outcome}`}>
          <h2 id={`reasons-${g.outcome}`}>{t(REASON_HEADING[g.outcome])}</h2>
          <ul className="intake-reasons">
            {g.reasons.map((r) => (
              <li key={r.ruleId}>
                <span lang={r.lang}>{r.message}</span>
                {r.until ? <> {t("intake.until", { date: r.until })}</> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">{t("intake.next.heading")}</h2>
        <p>{t("intake.next.text")}</p>
        {datedWait ? (
          <p>
            {rich(locale, view.awaitingResolution ? "intake.next.bookingAwaiting" : "intake.next.booking", dateTag, {
              date: view.earliest!,
            })}
          </p>
        ) : null}
        {datedWait && !view.awaitingResolution ? (
          view.reminded ? (
            <p role="status" className="notice">
              {t("intake.next.reminded", { date: view.earliest! })}
            </p>
          ) : (
            <form method="post" action="/portal/intake" className="actions">
              <input type="hidden" name="screeningId" value={view.screeningId} />
              <button type="submit" name="go" value="remind" className="button secondary">
                {t("intake.next.remind", { date: view.earliest! })}
              </button>
            </form>
          )
        ) : null}
        <p>
          {rich(locale, "intake.next.changes", { phone: (text) => <a href={`tel:${phone.replace(/[^0-9+]/g, "")}`}>{text}</a> }, { phone })}
        </p>
      </section>
      <p className="actions">
        <Link to="/portal" className="button primary">
          {t("intake.backHome")}
        </Link>
        <Link to="/portal/record" className="button secondary">
          {t("intake.record")}
        </Link>
      </p>
    </div>
  );
}
