// Pieces shared by the client's questionnaire (StepPage.tsx) and the public
// self-check (routes/candidate.tsx): both carry every answer from one screen
// to the next in the form, and list a screen's problems at its top (as the
// consent tablet at the front desk does, routes/desk/consent.tsx).
import type { FormErrors } from "../../../src/screening/questionnaire-problems.ts";
import type { FormValues } from "../../../src/screening/answer-reader.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";

/** Problems linked from the top of the page; it takes focus when the page loads, so screen readers read it first. */
export function ErrorSummary({ errors, one, many }: { errors: FormErrors; one: MessageKey; many: MessageKey }) {
  const { t } = useT();
  const entries = Object.entries(errors);
  return (
    <div className="alert error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{t(entries.length === 1 ? one : many)}</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li key={key}>
            <a href={`#field-${key}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every answer given on the other screens, carried in the form (never in the address, a cookie or the log). */
export function HiddenValues({ values, except }: { values: FormValues; except?: ReadonlySet<string> }) {
  return (
    <>
      {Object.entries(values)
        .filter(([name]) => !except?.has(name))
        .flatMap(([name, list]) => list.map((value, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={value} />))}
    </>
  );
}
