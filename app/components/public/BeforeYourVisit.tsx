import type { ReactNode } from "react";
import { rich, useT } from "../../i18n/context.tsx";
import type { BeforeTheVisit } from "../../lib/booking-confirmation.server.ts";

/**
 * Under a booking just made: the health questionnaire to fill in (worded the
 * same for anyone, unless the client is signed in), and a reminder of what the
 * visitor's own self-check said about waiting.
 */
export function BeforeYourVisit({ next }: { next: BeforeTheVisit }) {
  const { t, locale } = useT();
  const q = next.questionnaire;
  const wait = next.wait;
  const date = { date: (text: string): ReactNode => <strong>{text}</strong> };
  return (
    <section className="page narrow before-visit" aria-labelledby="before-visit-heading">
      <h2 id="before-visit-heading">{t("booked.next.heading")}</h2>
      <div className="summary-card before-visit-step">
        <h3>{t("booked.next.questionnaire")}</h3>
        <p>
          {q.kind === "current"
            ? t("booked.next.current", { date: q.answeredOn })
            : q.kind === "needed"
              ? t("booked.next.needed")
              : t("booked.next.unlessRecent", { days: q.validDays })}
        </p>
        {/* The client portal keeps this address through its sign-in. */}
        <p>
          <a href="/portal/intake" className={`button ${q.kind === "current" ? "secondary" : "primary"}`}>
            {t(q.kind === "current" ? "booked.next.update" : "booked.next.fill")}
          </a>
        </p>
        {q.kind === "unless-recent" ? <p className="muted small">{t("booked.next.signIn")}</p> : null}
      </div>
      {wait ? (
        <div className="notice before-visit-wait">
          <h3>{t("booked.wait.heading")}</h3>
          <p>
            {wait.until === null
              ? t("booked.wait.undated")
              : rich(locale, wait.awaitingResolution ? "booked.wait.dateAwaiting" : "booked.wait.date", date, { date: wait.until })}
          </p>
        </div>
      ) : null}
    </section>
  );
}
