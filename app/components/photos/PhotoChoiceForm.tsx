// The plain GET form that chooses what a photo page compares: an area, a view
// and two sessions, each a select that keeps the page's current choice, and a
// button to compare (staff and portal pages; the labels are theirs).
import { Form } from "react-router";

export interface ChoiceOption {
  id: string;
  label: string;
}

export interface PhotoChoice {
  zone: string | null;
  view: string | null;
  a: string | null;
  b: string | null;
  zones: ChoiceOption[];
  views: ChoiceOption[];
  sessions: ChoiceOption[];
}

export interface PhotoChoiceLabels {
  area: string;
  view: string;
  first: string;
  second: string;
  compare: string;
}

function Select({ name, label, options, value }: { name: string; label: string; options: ChoiceOption[]; value: string | null }) {
  return (
    <div className="field">
      <label htmlFor={`field-${name}`}>{label}</label>
      <select id={`field-${name}`} name={name} defaultValue={value ?? undefined} key={value ?? ""}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PhotoChoiceForm({ choice, labels }: { choice: PhotoChoice; labels: PhotoChoiceLabels }) {
  return (
    <Form method="get" className="photo-pick">
      <Select name="zone" label={labels.area} options={choice.zones} value={choice.zone} />
      <Select name="view" label={labels.view} options={choice.views} value={choice.view} />
      <Select name="a" label={labels.first} options={choice.sessions} value={choice.a} />
      <Select name="b" label={labels.second} options={choice.sessions} value={choice.b} />
      <p>
        <button type="submit" className="button secondary">
          {labels.compare}
        </button>
      </p>
    </Form>
  );
}
