import { useT } from "../../i18n/context.tsx";
import { asks, STEPS, type StepView } from "../../lib/intake-flow.ts";

/** The review screen: every answer so far, step by step, each with a button back to its step. */
export function Review({ summary }: { summary: StepView["summary"] }) {
  const { t } = useT();
  return (
    <>
      <p>{t("intake.review.intro")}</p>
      <p>{t("intake.review.shares")}</p>
      {STEPS.filter((s) => s.id !== "review").map((step) => {
        const lines = summary.flatMap((s) => s.lines).filter((line) => asks(step, line.linkId));
        const title = t(step.title);
        return (
          <section key={step.id} className="intake-review" aria-labelledby={`review-${step.id}`}>
            <h2 id={`review-${step.id}`}>{title}</h2>
            {lines.length > 0 ? (
              <dl>
                {lines.map((line, i) => (
                  <div key={`${line.linkId}-${i}`}>
                    <dt>{line.question}</dt>
                    <dd className="intake-answer">{line.answer}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">{t("intake.review.nothing")}</p>
            )}
            <button type="submit" name="go" value={`change:${step.id}`} className="link-button">
              {t("intake.review.change")}
              <span className="visually-hidden">: {title.toLowerCase()}</span>
            </button>
          </section>
        );
      })}
    </>
  );
}
