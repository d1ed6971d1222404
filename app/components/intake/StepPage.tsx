import { Link } from "react-router";
import { fieldNamesOf, procedureRowCount } from "../../../src/screening/questionnaire-form.ts";
import { PROCEDURE_ROWS_MAX } from "../../../src/screening/questionnaire-definition.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import {
  CARRIED_FIELD,
  carriedFieldValues,
  questionsOnStep,
  STEPS,
  stepIndex,
  type Prefilled,
  type StepView,
} from "../../lib/intake-flow.ts";
import { Section, type FieldContext } from "./Questions.tsx";
import { Review } from "./Review.tsx";
import { ErrorSummary, HiddenValues } from "./StepParts.tsx";

const PREFILLED: Readonly<Record<Exclude<Prefilled, null>, MessageKey>> = {
  "self-check": "intake.prefilled.selfCheck",
  intake: "intake.prefilled.intake",
  "day-of": "intake.prefilled.dayOf",
};

/** One step of the questionnaire, or the review before sending. */
export function StepPage({ view, clinicName }: { view: StepView; clinicName: string }) {
  const { t, href } = useT();
  const index = Math.max(0, stepIndex(view.stepId));
  const step = STEPS[index]!;
  const title = t(step.title);
  const failed = Object.keys(view.errors).length > 0;
  // Only the questions this screen shows: the others' answers travel along in hidden fields.
  const groups = view.sections.map((group) => ({ group, items: questionsOnStep(step, group, view.values) }));
  const shown = new Set(groups.flatMap((g) => g.items.flatMap(fieldNamesOf)));
  const ctx: FieldContext = { values: view.values, errors: view.errors, carried: view.carried };
  const position = { n: index + 1, of: STEPS.length };
  return (
    <div className="intake">
      <title>{`${failed ? t("intake.error") : ""}${t("intake.stepTitle", { ...position, title })} — ${t("intake.title")} — ${clinicName}`}</title>
      {failed ? <ErrorSummary errors={view.errors} one="intake.checkAnswers.one" many="intake.checkAnswers.many" /> : null}
      <h1 tabIndex={-1} autoFocus={!failed}>
        <span className="intake-count">{t("intake.stepOf", position)}</span> {title}
      </h1>
      {view.prefilled && (index === 0 || step.id === "review") ? (
        <p className="notice intake-prefilled">{t(PREFILLED[view.prefilled])}</p>
      ) : null}
      <form method="post" action="/portal/intake" noValidate>
        <input type="hidden" name="step" value={step.id} />
        {view.review ? <input type="hidden" name="review" value="1" /> : null}
        {view.prefilled ? <input type="hidden" name="prefilled" value={view.prefilled} /> : null}
        {carriedFieldValues(view.carried).map((value) => (
          <input key={value} type="hidden" name={CARRIED_FIELD} value={value} />
        ))}
        <HiddenValues values={view.values} except={shown} />
        {step.id === "review" ? (
          <Review summary={view.summary} />
        ) : (
          groups.map(({ group, items }) => (
            <Section key={group.linkId} group={group} items={items} ctx={ctx} titled={view.sections.length > 1} />
          ))
        )}
        {/* The first button is the one Enter presses in a field: Continue, never "add another". */}
        <div className="intake-actions">
          {step.id === "review" ? (
            <button type="submit" name="go" value="submit" className="button primary">
              {t("intake.send")}
            </button>
          ) : (
            <button type="submit" name="go" value="next" className="button primary">
              {view.review ? t("intake.saveAndReview") : t("intake.continue")}
            </button>
          )}
          {/* Always offered: whether rows are needed is answered on this same page, and there is no script to wait for it. */}
          {step.id === "procedures" && procedureRowCount(view.values) < PROCEDURE_ROWS_MAX ? (
            <button type="submit" name="go" value="add-procedure" className="button secondary">
              {t("intake.addProcedure")}
            </button>
          ) : null}
          {index > 0 ? (
            <button type="submit" name="go" value="back" className="link-button">
              {t("intake.back")}
            </button>
          ) : null}
        </div>
      </form>
      <p className="muted small intake-privacy">
        {t("intake.keptNote")} <Link to={href("/privacy")}>{t("portal.privacy")}</Link>
      </p>
    </div>
  );
}
