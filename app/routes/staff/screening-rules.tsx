// /staff/screening: the clinic's screening rules. Every staff member can read
// each rule (what it asks, what it decides, why, and its sources); the owner
// changes a rule's outcome or waiting period with a reason, or resets it to
// the default. Every change is audited and gives a new rules version; past
// screenings keep the version they were made under.
import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/screening-rules";
import adminCss from "./admin.css?url";
import { roleLabel } from "../../../src/audit/labels.ts";
import { authUsers } from "../../../src/db/schema.ts";
import {
  changeRule,
  changeScreeningValidDays,
  listRuleOverrides,
  loadClinicRules,
  resetRule,
  SCREENING_VALID_DAYS,
} from "../../../src/screening/clinic-rules.ts";
import { periodText } from "../../../src/screening/dates.ts";
import { DEFAULT_RULES } from "../../../src/screening/default-rules.ts";
import { REASON_OUTCOMES, type ReasonOutcome } from "../../../src/screening/types.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { inArray } from "drizzle-orm";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { can } from "../../../src/kernel/access.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];
export const meta: Route.MetaFunction = () => [{ title: "Screening rules — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const OUTCOME_LABEL: Record<ReasonOutcome, string> = {
  "suitable-with-precautions": "Suitable with precautions",
  deferred: "Deferred",
  "needs-review": "Needs review",
  "not-suitable": "Not suitable",
};

const FLASH: Record<string, string> = {
  changed: "The rule is changed. New screenings use it from now on; earlier ones keep the rules they were made under.",
  reset: "The rule is back to its default.",
  days: "The screening validity is saved.",
  unchanged: "Nothing changed.",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const clinic = await loadClinic(services.db, staff.organizationId);
  const rules = await loadClinicRules(services.db, staff.organizationId);
  const overrides = await listRuleOverrides(services.db, staff.organizationId);
  const userIds = [...new Set(overrides.map((o) => o.updatedByUserId))];
  const names = userIds.length
    ? new Map(
        (await services.db.select({ id: authUsers.id, name: authUsers.name }).from(authUsers).where(inArray(authUsers.id, userIds))).map(
          (u) => [u.id, u.name],
        ),
      )
    : new Map<string, string>();
  const tz = clinic.location.timeZone;
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    canEdit: can(staff.role, "screening.manage"),
    editorRole: roleLabel("owner"),
    version: rules.version,
    validDays: clinic.settings.screeningValidDays,
    flash: saved && saved in FLASH ? FLASH[saved]! : null,
    rules: rules.rules.map((r) => {
      const base = DEFAULT_RULES.find((d) => d.id === r.id)!;
      const o = overrides.find((x) => x.ruleId === r.id);
      return {
        id: r.id,
        outcome: r.outcome,
        period: r.period ? periodText(r.period) : null,
        periodUnit: r.period ? ("months" in r.period ? "months" : "days") : null,
        periodValue: r.period ? String("months" in r.period ? r.period.months : r.period.days) : "",
        defaultOutcome: base.outcome,
        defaultPeriod: base.period ? periodText(base.period) : null,
        hasPeriod: base.period !== null,
        clientMessage: r.clientMessage,
        staffNote: r.staffNote,
        citations: [...r.citations],
        override: o
          ? { reason: o.reason, by: names.get(o.updatedByUserId) ?? "A former staff member", at: formatDateTime(o.updatedAt, tz) }
          : null,
      };
    }),
  };
}

type ActionResult = { target: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context, { permission: "screening.manage", doing: "change the screening rules" });
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const values = { outcome: text("outcome"), periodValue: text("periodValue"), periodUnit: text("periodUnit"), reason: text("reason") };
  const unsafe = formTextErrors(form, { texts: ["reason"] });
  if (unsafe) {
    return data<ActionResult>(
      {
        target: intent === "valid-days" ? "valid-days" : text("ruleId"),
        errors: unsafe,
        values: { ...values, screeningValidDays: text("screeningValidDays") },
      },
      { status: 422 },
    );
  }
  try {
    if (intent === "change") {
      await changeRule(services.db, {
        staff,
        input: {
          ruleId: text("ruleId"),
          outcome: (REASON_OUTCOMES as readonly string[]).includes(values.outcome) ? (values.outcome as ReasonOutcome) : "",
          periodValue: values.periodValue,
          periodUnit: values.periodUnit === "months" || values.periodUnit === "days" ? values.periodUnit : "",
          reason: values.reason,
        },
      });
      return redirect(`/staff/screening?saved=changed#rule-${text("ruleId")}`, 303);
    }
    if (intent === "reset") {
      const r = await resetRule(services.db, { staff, ruleId: text("ruleId") });
      return redirect(`/staff/screening?saved=${r ? "reset" : "unchanged"}#rule-${text("ruleId")}`, 303);
    }
    if (intent === "valid-days") {
      const r = await changeScreeningValidDays(services.db, { staff, value: text("screeningValidDays") });
      return redirect(`/staff/screening?saved=${r.changed ? "days" : "unchanged"}`, 303);
    }
  } catch (error) {
    return data<ActionResult>(
      {
        target: intent === "valid-days" ? "valid-days" : text("ruleId"),
        errors: formErrors(error),
        values: { ...values, screeningValidDays: text("screeningValidDays") },
      },
      { status: 422 },
    );
  }
  throw data("Unknown action", { status: 400 });
}

export default function ScreeningRules() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (target: string) => (result?.target === target ? result.errors : {});
  const valuesFor = (target: string) => (result?.target === target ? result.values : null);

  return (
    <div className="page">
      <h1>Screening rules</h1>
      <p className="muted">
        What the screening asks and decides, rule by rule, with the reasoning and sources. Rules version <code>{d.version}</code>: every
        screening records the version it was made under.
        {d.canEdit ? null : ` Only the ${d.editorRole.toLowerCase()} can change them.`}
      </p>
      {d.flash && !result ? (
        <div className="success" role="status">
          <p>{d.flash}</p>
        </div>
      ) : null}

      <section aria-labelledby="valid-heading" className="narrow-block">
        <h2 id="valid-heading">How long a screening stays valid</h2>
        <p>
          A treatment can be booked on a screening made in the last <strong>{d.validDays} days</strong>; an older one must be refreshed
          first.
        </p>
        {d.canEdit ? (
          <Form method="post" action="/staff/screening" noValidate className="stack">
            <ErrorSummary errors={errorsFor("valid-days")} />
            <input type="hidden" name="intent" value="valid-days" />
            <TextField
              name="screeningValidDays"
              label="Days"
              inputMode="numeric"
              value={valuesFor("valid-days")?.screeningValidDays ?? String(d.validDays)}
              error={errorsFor("valid-days").screeningValidDays}
              hint={`${SCREENING_VALID_DAYS.min} to ${SCREENING_VALID_DAYS.max} days.`}
              required
            />
            <button type="submit" className="button secondary">
              Save
            </button>
          </Form>
        ) : null}
      </section>

      <h2>Rules</h2>
      <ol className="rule-list">
        {d.rules.map((r) => {
          const errors = errorsFor(r.id);
          const v = valuesFor(r.id);
          return (
            <li key={r.id} id={`rule-${r.id}`} className="card rule">
              <h3>
                <code>{r.id}</code> — {OUTCOME_LABEL[r.outcome]}
                {r.period ? `, ${r.period}` : null}
              </h3>
              {r.override ? (
                <p className="notice">
                  <strong>Changed by the clinic</strong> (default: {OUTCOME_LABEL[r.defaultOutcome]}
                  {r.defaultPeriod ? `, ${r.defaultPeriod}` : ""}) by {r.override.by} on {r.override.at}. Reason: {r.override.reason}
                </p>
              ) : null}
              <dl className="rule-text">
                <div>
                  <dt>The client reads</dt>
                  <dd>{r.clientMessage}</dd>
                </div>
                <div>
                  <dt>Rationale</dt>
                  <dd>{r.staffNote}</dd>
                </div>
                <div>
                  <dt>Sources</dt>
                  <dd>{r.citations.join(", ")}</dd>
                </div>
              </dl>
              {d.canEdit ? (
                <details open={Boolean(v)}>
                  <summary>Change this rule</summary>
                  <ErrorSummary errors={errors} />
                  <Form method="post" action="/staff/screening" noValidate className="stack">
                    <input type="hidden" name="intent" value="change" />
                    <input type="hidden" name="ruleId" value={r.id} />
                    <div className={`field${errors.outcome ? " has-error" : ""}`}>
                      <label htmlFor={`outcome-${r.id}`}>Outcome</label>
                      {errors.outcome ? (
                        <p className="field-error" id={`outcome-${r.id}-error`}>
                          {errors.outcome}
                        </p>
                      ) : null}
                      <select
                        id={`outcome-${r.id}`}
                        name="outcome"
                        defaultValue={v?.outcome ?? (r.override ? r.outcome : "")}
                        aria-describedby={errors.outcome ? `outcome-${r.id}-error` : undefined}
                      >
                        <option value="">Default ({OUTCOME_LABEL[r.defaultOutcome]})</option>
                        {REASON_OUTCOMES.map((o) => (
                          <option key={o} value={o}>
                            {OUTCOME_LABEL[o]}
                          </option>
                        ))}
                      </select>
                    </div>
                    {r.hasPeriod ? (
                      <fieldset className={`field${errors.period ? " has-error" : ""}`}>
                        <legend>Waiting period (default {r.defaultPeriod})</legend>
                        {errors.period ? (
                          <p className="field-error" id={`period-${r.id}-error`}>
                            {errors.period}
                          </p>
                        ) : null}
                        <div className="inline-fields">
                          <label htmlFor={`period-value-${r.id}`} className="visually-hidden">
                            Amount
                          </label>
                          <input
                            id={`period-value-${r.id}`}
                            name="periodValue"
                            inputMode="numeric"
                            defaultValue={v?.periodValue ?? (r.override ? r.periodValue : "")}
                            aria-invalid={errors.period ? true : undefined}
                            aria-describedby={errors.period ? `period-${r.id}-error` : undefined}
                          />
                          <label htmlFor={`period-unit-${r.id}`} className="visually-hidden">
                            Unit
                          </label>
                          <select id={`period-unit-${r.id}`} name="periodUnit" defaultValue={v?.periodUnit ?? r.periodUnit ?? ""}>
                            <option value="months">months</option>
                            <option value="days">days</option>
                          </select>
                        </div>
                      </fieldset>
                    ) : null}
                    <div className={`field${errors.reason ? " has-error" : ""}`}>
                      <label htmlFor={`reason-${r.id}`}>Reason, with its source</label>
                      <p className="hint" id={`reason-${r.id}-hint`}>
                        For example: “2017 ASDS consensus: no need to wait after isotretinoin for microneedling”.
                      </p>
                      {errors.reason ? (
                        <p className="field-error" id={`reason-${r.id}-error`}>
                          {errors.reason}
                        </p>
                      ) : null}
                      <textarea
                        id={`reason-${r.id}`}
                        name="reason"
                        rows={3}
                        defaultValue={v?.reason ?? ""}
                        aria-invalid={errors.reason ? true : undefined}
                        aria-describedby={errors.reason ? `reason-${r.id}-hint reason-${r.id}-error` : `reason-${r.id}-hint`}
                      />
                    </div>
                    {errors.form ? <p className="field-error">{errors.form}</p> : null}
                    <button type="submit" className="button primary">
                      Save the change
                    </button>
                  </Form>
                  {r.override ? (
                    <Form method="post" action="/staff/screening" className="actions">
                      <input type="hidden" name="intent" value="reset" />
                      <input type="hidden" name="ruleId" value={r.id} />
                      <button type="submit" className="button secondary">
                        Reset to default
                      </button>
                    </Form>
                  ) : null}
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/screening" backLabel="Back to the screening rules" />;
}
