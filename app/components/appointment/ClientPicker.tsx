// Finding an existing client while booking (staff): a search by name, e-mail
// or phone, and a "Choose" button per match that sends the client's id (field
// "client") with the page's own fields. Both are plain forms — GET on the
// first step, POST on the details step, which keeps the chosen time — so it
// works without JavaScript. Contact details only: never health information.
import { Form } from "react-router";

export interface PickerClient {
  id: string;
  name: string;
  email: string;
  phone: string | null;
}

/** What the search found, or why it could not run; null before anything is searched. */
export interface ClientSearch {
  q: string;
  error: string | null;
  clients: PickerClient[];
  /** How many match, of which `clients` are the first. */
  total: number;
}

function Hidden({ fields }: { fields: Record<string, string> }) {
  return <>{Object.entries(fields).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}</>;
}

function statusText(search: ClientSearch): string {
  if (search.error) return "Change the search and try again.";
  if (!search.q.trim()) return "Type part of the client's name, e-mail or phone number.";
  if (search.total === 0) return `No client matches “${search.q}”.`;
  const count = search.total === 1 ? "1 client matches" : `${search.total} clients match`;
  const more = search.total > search.clients.length ? ` The first ${search.clients.length} are shown: type more to narrow it.` : "";
  return `${count} “${search.q}”.${more}`;
}

export function ClientPicker({
  method,
  hidden,
  search,
  heading,
  hint,
}: {
  method: "get" | "post";
  /** The page's own fields, sent again with the search and with the choice. */
  hidden: Record<string, string>;
  search: ClientSearch | null;
  heading: string;
  hint?: string;
}) {
  const error = search?.error ?? null;
  return (
    <section className="client-picker" aria-labelledby="client-picker-heading">
      <h2 id="client-picker-heading">{heading}</h2>
      {hint ? <p className="muted small">{hint}</p> : null}
      <Form method={method} className="client-search" role="search" aria-label="Clients">
        <Hidden fields={hidden} />
        <div className={`field${error ? " has-error" : ""}`}>
          <label htmlFor="client-q">Name, e-mail or phone</label>
          <input
            id="client-q"
            name="q"
            type="search"
            defaultValue={search?.q ?? ""}
            autoComplete="off"
            maxLength={100}
            enterKeyHint="search"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "client-q-error" : undefined}
          />
          {error ? (
            <p id="client-q-error" className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button secondary">
          Find client
        </button>
      </Form>
      {search ? (
        <p role="status" className="muted small">
          {statusText(search)}
        </p>
      ) : null}
      {search && search.clients.length > 0 ? (
        <Form method={method} className="client-results">
          <Hidden fields={hidden} />
          <ul aria-label="Matching clients">
            {search.clients.map((c) => (
              <li key={c.id} className="client-result">
                <div className="client-result-who">
                  <strong>{c.name}</strong>
                  <span className="wrap-anywhere">{c.email}</span>
                  <span>{c.phone ?? <span className="muted">No phone</span>}</span>
                </div>
                <button type="submit" name="client" value={c.id} className="button secondary">
                  Choose<span className="visually-hidden"> {c.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </Form>
      ) : null}
    </section>
  );
}

/** The client the booking is for, once chosen, with the way back to the search. */
export function ChosenClient({ client, change }: { client: PickerClient; change: React.ReactNode }) {
  return (
    <section className="client-picker" aria-labelledby="chosen-client-heading">
      <h2 id="chosen-client-heading">Client</h2>
      <dl className="summary-card details">
        <div>
          <dt>Name</dt>
          <dd>{client.name}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{client.email}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{client.phone ?? "Not given"}</dd>
        </div>
      </dl>
      {change}
    </section>
  );
}
