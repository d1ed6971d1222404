import type { PlanFormValues } from "../../lib/plan-form.ts";
import type { SetPlanValues } from "./context.ts";

/** The plan's values that are one typed string. */
export type PlanTextName = { [K in keyof PlanFormValues]: PlanFormValues[K] extends string ? K : never }[keyof PlanFormValues];

/** The props a field of the editor takes for one of the plan's text values: its name, value and errors, and a change that sets it. */
export const planField = (values: PlanFormValues, errors: Record<string, string>, set: SetPlanValues) => (name: PlanTextName) => ({
  name,
  value: values[name],
  errors,
  onChange: (value: string) => set({ [name]: value }),
});
