import { Form } from "react-router";
import { ErrorSummary } from "../ContactFields.tsx";
import type { PractitionerFormIntent, PractitionerFormResult, PractitionerPageData } from "./types.ts";

/**
 * A practitioner's dated entries (date exceptions, time off): the list, each
 * with its remove button, and for those who may edit, the form to add one,
 * which shows again what was typed and why it was refused.
 */
export function EntriesSection<T extends { id: string }>({
  d,
  id,
  heading,
  intro,
  empty,
  entries,
  entry,
  remove,
  add,
  result,
  children,
}: {
  d: PractitionerPageData;
  /** Names the section's heading `${id}-heading`. */
  id: string;
  heading: string;
  intro: React.ReactNode;
  /** Said when there are no entries. */
  empty: string;
  entries: T[];
  /** What the card shows of one entry. */
  entry: (e: T) => React.ReactNode;
  /** The remove form's intent, the field naming the entry, and the button's words for a screen reader. */
  remove: { intent: string; idName: string; label: (e: T) => React.ReactNode };
  /** The add form: its intent (its heading is `add-${intent}-heading`), heading and button. */
  add: { intent: PractitionerFormIntent; heading: string; submit: string };
  result: PractitionerFormResult;
  /** The add form's fields, given the errors and the values of this form when it was refused. */
  children: (errors: Record<string, string>, values: Record<string, string> | undefined) => React.ReactNode;
}) {
  const mine = result?.intent === add.intent ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const action = `/staff/practitioners/${d.practitioner.id}`;
  const addHeadingId = `add-${add.intent}-heading`;
  return (
    <section aria-labelledby={`${id}-heading`} className="staff-section">
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p className="muted">{intro}</p>
      {entries.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="service-list">
          {entries.map((e) => (
            <li key={e.id} className="service-card">
              <div>{entry(e)}</div>
              {d.canEdit ? (
                <Form method="post" action={action}>
                  <input type="hidden" name="intent" value={remove.intent} />
                  <input type="hidden" name={remove.idName} value={e.id} />
                  <button type="submit" className="button small secondary">
                    Remove<span className="visually-hidden">{remove.label(e)}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <>
          <h3 id={addHeadingId}>{add.heading}</h3>
          <ErrorSummary errors={errors} />
          <Form method="post" action={action} noValidate className="stack narrow-block" aria-labelledby={addHeadingId}>
            <input type="hidden" name="intent" value={add.intent} />
            {children(errors, mine?.values)}
            <button type="submit" className="button primary">
              {add.submit}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
