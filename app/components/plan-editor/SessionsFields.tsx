import { INDICATIONS, indicationLabel } from "../../../src/plans/indications.ts";
import { planField } from "./bind.ts";
import type { PlanEditorContext, PlanFieldsProps } from "./context.ts";
import { NumberField, SelectField } from "./fields.tsx";

/**
 * The series: the usual course for the concerns chosen (one button copies
 * it), the service it is booked as and with whom, the number of sessions and
 * the days between them.
 */
export function SessionsFields({
  values,
  errors,
  set,
  selected,
  context,
}: PlanFieldsProps<Pick<PlanEditorContext, "services" | "practitioners">>) {
  const indications = [...new Set(selected.map((z) => values.zones[z]!.indication).filter((i) => i in INDICATIONS))];
  const protocol = indications.length
    ? {
        sessions: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].defaultSessions)),
        min: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].intervalMinDays)),
        max: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].intervalMaxDays)),
        floor: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].minimumIntervalDays)),
      }
    : null;
  const field = planField(values, errors, set);
  return (
    <fieldset className="plan-block">
      <legend>Sessions</legend>
      {protocol ? (
        <div className="suggestion">
          <p>
            The usual course for {indications.map((i) => indicationLabel(i)).join(" and ")}: {protocol.sessions} sessions, {protocol.min}–
            {protocol.max} days apart. Sessions are never planned closer than {protocol.floor} days.
          </p>
          <button
            type="button"
            className="button secondary"
            onClick={() =>
              set({ sessions: String(protocol.sessions), intervalMinDays: String(protocol.min), intervalMaxDays: String(protocol.max) })
            }
          >
            Use the usual course
          </button>
        </div>
      ) : null}
      <div className="plan-row">
        <SelectField
          name="serviceId"
          label="Booked as"
          value={values.serviceId}
          errors={errors}
          onChange={(serviceId) => {
            const s = context.services.find((x) => x.id === serviceId);
            set({
              serviceId,
              currency: s?.currency ?? values.currency,
              pricePerSession: s?.priceCents != null && !values.pricePerSession ? (s.priceCents / 100).toFixed(2) : values.pricePerSession,
            });
          }}
          options={[{ value: "", label: "Choose a treatment" }, ...context.services.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <SelectField
          {...field("practitionerId")}
          label="With"
          options={[{ value: "", label: "Whoever is free" }, ...context.practitioners.map((p) => ({ value: p.id, label: p.name }))]}
        />
      </div>
      <div className="plan-row">
        <NumberField {...field("sessions")} label="Sessions" />
        <NumberField {...field("intervalMinDays")} label="Days between, at least" />
        <NumberField {...field("intervalMaxDays")} label="Days between, at most" />
      </div>
    </fieldset>
  );
}
