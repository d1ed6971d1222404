// Several writes as one statement: each but the last in a WITH clause of the
// last. PostgreSQL runs them together, in one round trip, and checks every
// constraint (foreign keys included) as for separate statements, at the end
// of the statement; none sees another's rows, so each must be written with
// everything it needs known beforehand (ids chosen by the caller).
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

export function asOneStatement(writes: readonly SQLWrapper[]): SQL {
  if (writes.length === 0) throw new RangeError("asOneStatement needs at least one write");
  // Each write's own SQL: a query builder put in a template as it is would be parenthesised as a subquery.
  const statements = writes.map((w) => w.getSQL());
  const last = statements[statements.length - 1]!;
  if (statements.length === 1) return last;
  const ctes = statements.slice(0, -1).map((w, i) => sql`${sql.raw(`w${i}`)} AS (${w})`);
  return sql`WITH ${sql.join(ctes, sql`, `)} ${last}`;
}
