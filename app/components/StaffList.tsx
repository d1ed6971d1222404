// The staff lists' pieces (clients, audit log, outbox): a table that scrolls
// sideways on a phone and is announced by its caption, and the links to the
// pages before and after.
import { Link } from "react-router";

/** A table in a scrolling region named by its caption (`${id}-caption`, read by screen readers only); `children` are its rows. */
export function ListTable({
  id,
  caption,
  columns,
  children,
}: {
  id: string;
  caption: React.ReactNode;
  columns: string[];
  children: React.ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table>
        <caption id={`${id}-caption`} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The links to the page before and after this one, where there is one. */
export function PageLinks({
  label,
  before,
  after,
}: {
  label: string;
  before: { to: string; text: string } | null;
  after: { to: string; text: string } | null;
}) {
  return (
    <nav aria-label={label} className="actions">
      {before ? (
        <Link className="button secondary" to={before.to}>
          {before.text}
        </Link>
      ) : null}
      {after ? (
        <Link className="button secondary" to={after.to}>
          {after.text}
        </Link>
      ) : null}
    </nav>
  );
}
