// One editor for each of the clinic's lists on the plan settings page
// (post-needling products, numbing creams, needling glides): a form per entry
// for the owner (a read-only line for everyone else) and a form to add one.
import type { ReactNode } from "react";
import { Form } from "react-router";
import { TextField } from "./ContactFields.tsx";

/** The action's answer to one form: its target, the errors by field key and what was typed. */
export type ListFormResult = { target: string; errors: Record<string, string>; values: Record<string, string> };

type ListItem = { id: string; name: string; active: boolean };
type KeysOf<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

export interface ListTextField<T> {
  name: KeysOf<T, string>;
  label: string;
  /** Shown under the label in the add form only. */
  addHint?: string;
  multiline?: boolean;
  maxLength?: number;
}

export interface ListCheck<T> {
  name: KeysOf<T, boolean>;
  label: string;
}

const suffixed = (name: string, key: string) => (key ? `${name}-${key}` : name);

/** One text field of an entry's form or of the add form: what was typed wins over the saved value. */
function ListField<T>(p: { field: ListTextField<T>; fieldKey: string; result: ListFormResult | null; value: string; hint?: string }) {
  const key = suffixed(p.field.name, p.fieldKey);
  return (
    <TextField
      required
      id={`field-${key}`}
      name={p.field.name}
      label={p.field.label}
      hint={p.hint}
      value={p.result?.values[p.field.name] ?? p.value}
      error={p.result?.errors[key]}
      multiline={p.field.multiline}
      maxLength={p.field.maxLength}
    />
  );
}

export function ClinicListEditor<T extends ListItem>(p: {
  items: T[];
  canEdit: boolean;
  mine: (target: string) => ListFormResult | null;
  /** An entry's form posts this intent; its target is `${editIntent}-${id}`. */
  editIntent: string;
  /** What an entry's field ids and error keys end in; by default its target. */
  itemKey?: (id: string) => string;
  addIntent: string;
  /** The add form's target; by default its intent. */
  addTarget?: string;
  /** What the add form's field ids and error keys end in ("" for nothing); by default its target. */
  addKey?: string;
  fields: ListTextField<T>[];
  checks?: ListCheck<T>[];
  readOnly: (item: T) => ReactNode;
  addHeading: string;
  addButton: string;
}) {
  const checks = p.checks ?? [];
  const addTarget = p.addTarget ?? p.addIntent;
  const addKey = p.addKey ?? addTarget;
  const added = p.mine(addTarget);
  return (
    <>
      <ul className="settings-list">
        {p.items.map((item) => {
          const target = `${p.editIntent}-${item.id}`;
          const r = p.mine(target);
          const k = p.itemKey ? p.itemKey(item.id) : target;
          return (
            <li key={item.id} className="service-card">
              {p.canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value={p.editIntent} />
                  <input type="hidden" name="id" value={item.id} />
                  {p.fields.map((f) => (
                    <ListField key={f.name} field={f} fieldKey={k} result={r} value={item[f.name] as string} />
                  ))}
                  {checks.map((c) => (
                    <label key={c.name} className="check-label">
                      <input className="check-input" type="checkbox" name={c.name} defaultChecked={item[c.name] as boolean} />
                      {c.label}
                    </label>
                  ))}
                  <label className="check-label">
                    <input className="check-input" type="checkbox" name="active" defaultChecked={item.active} />
                    On the list (untick to stop offering it; plans that have it keep it)
                  </label>
                  <button type="submit" className="button secondary">
                    Save {item.name}
                  </button>
                </Form>
              ) : (
                p.readOnly(item)
              )}
            </li>
          );
        })}
      </ul>
      {p.canEdit ? (
        <Form method="post" className="narrow-block">
          <h3>{p.addHeading}</h3>
          <input type="hidden" name="intent" value={p.addIntent} />
          {p.fields.map((f) => (
            <ListField key={f.name} field={f} fieldKey={addKey} result={added} value="" hint={f.addHint} />
          ))}
          {checks.map((c) => (
            <label key={c.name} className="check-label">
              <input className="check-input" type="checkbox" name={c.name} />
              {c.label}
            </label>
          ))}
          <button type="submit" className="button">
            {p.addButton}
          </button>
        </Form>
      ) : null}
    </>
  );
}
