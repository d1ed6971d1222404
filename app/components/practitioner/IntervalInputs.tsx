// The "From – To" rows of working hours, shared by the weekly hours and a date exception.

/** One "From – To" row of a day's hours. Errors sit beside the field they concern. */
export function IntervalInputs({
  prefix,
  index,
  context,
  start,
  end,
  errors,
}: {
  prefix: string;
  index: number;
  context: string;
  start: string;
  end: string;
  errors: Record<string, string>;
}) {
  const field = (part: "start" | "end", label: string, value: string) => {
    const name = `${prefix}.${index}.${part}`;
    const id = `field-${name.replace(/\./g, "-")}`;
    const error = errors[name];
    return (
      <div className={`field${error ? " has-error" : ""}`}>
        <label htmlFor={id}>
          {label}
          <span className="visually-hidden">
            {" "}
            ({context}, interval {index + 1})
          </span>
        </label>
        {error ? (
          <p className="field-error interval-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="HH:MM"
          defaultValue={value}
          className="time-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
    );
  };
  return (
    <div className="interval-row">
      {field("start", "From", start)}
      {field("end", "To", end)}
    </div>
  );
}

/** Saved intervals plus blank rows (at least two rows, one blank) to add more without JavaScript. */
export function rowsFor(saved: { start: string; end: string }[], submitted: { start?: string; end?: string }[] | null) {
  const base = submitted ?? saved;
  const rows = base.map((r) => ({ start: r.start ?? "", end: r.end ?? "" }));
  while (rows.length < 2 || rows[rows.length - 1]!.start !== "" || rows[rows.length - 1]!.end !== "") rows.push({ start: "", end: "" });
  return rows;
}

export function submittedRows(values: Record<string, string>, prefix: string) {
  const rows: { start?: string; end?: string }[] = [];
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d{1,2})\\.(start|end)$`);
  for (const [k, v] of Object.entries(values)) {
    const m = pattern.exec(k);
    if (m) (rows[Number(m[1])] ??= {})[m[2] as "start" | "end"] = v;
  }
  return Array.from(rows, (r) => r ?? {});
}
