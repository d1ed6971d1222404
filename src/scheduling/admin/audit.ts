// What the administration's audit rows hold: only what changed, field by field
// (recordAuditEvent writes them, in the transaction of the change).

/** Only what changed: `{ before: {field: old}, after: {field: new} }`. */
export function diff(before: object, after: object) {
  const was = before as Record<string, unknown>;
  const is = after as Record<string, unknown>;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(is)) {
    if (JSON.stringify(was[key]) !== JSON.stringify(is[key])) {
      b[key] = was[key] ?? null;
      a[key] = is[key] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
