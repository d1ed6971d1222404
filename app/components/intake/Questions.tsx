// The questionnaire's questions as plain HTML form fields, rendered from the
// FHIR items in the client's language: choices, dates in three boxes, free
// text, and the rows of recent treatments. Follow-up questions sit under the
// answer that asks them, always shown, as the page runs no script. An answer
// carried from the self-check is shown as given, with a way to change it.
import type { ReactNode } from "react";
import { Link } from "react-router";
import { controlOf, helpOf, isExclusive, questionsOf } from "../../../src/screening/questionnaire-definition.ts";
import { showsCarried, type Carried } from "../../lib/intake-flow.ts";
import { DATE_PARTS, datePartName, type FormValues } from "../../../src/screening/answer-reader.ts";
import { dayOptional, PROCEDURE_ROWS_FIELD, procedureRowCount, rowField } from "../../../src/screening/questionnaire-form.ts";
import { NONE } from "../../../src/screening/questionnaire-options.ts";
import { type FormErrors } from "../../../src/screening/questionnaire-problems.ts";
import { type QuestionnaireItem } from "../../../src/screening/questionnaire-fhir.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { rich, useT } from "../../i18n/context.tsx";

const DATE_PART_LABEL: Readonly<Record<(typeof DATE_PARTS)[number], MessageKey>> = {
  day: "intake.date.day",
  month: "intake.date.month",
  year: "intake.date.year",
};

export interface FieldContext {
  values: FormValues;
  errors: FormErrors;
  /** Answers carried from the self-check (intake-flow.ts). */
  carried: Carried;
}

const describedBy = (...ids: (string | null | undefined | false)[]) => ids.filter(Boolean).join(" ") || undefined;
const valuesOf = (ctx: FieldContext, name: string) => ctx.values[name] ?? [];

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const { t } = useT();
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">{t("intake.error")}</span>
      {message}
    </p>
  );
}

/** A question's hint and its error, under its label: `{base}-hint` and `{base}-error` describe the field. */
function HintAndError({ base, hint, error }: { base: string; hint: string | undefined; error: string | undefined }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${base}-error`} message={error} />
    </>
  );
}

/** A question of several inputs (choices, a date's boxes): its legend, hint and error above them. */
function QuestionFieldset(props: {
  base: string;
  hint: string | undefined;
  error: string | undefined;
  legend: ReactNode;
  /** The question is written just above (a carried answer): the legend is for screen readers only. */
  quietLegend?: boolean;
  children: ReactNode;
}) {
  const { base, hint, error } = props;
  return (
    <fieldset
      className={`intake-question${error ? " has-error" : ""}`}
      aria-describedby={describedBy(hint && `${base}-hint`, error && `${base}-error`)}
    >
      <legend className={props.quietLegend ? "visually-hidden" : undefined}>{props.legend}</legend>
      <HintAndError base={base} hint={hint} error={error} />
      {props.children}
    </fieldset>
  );
}

/** A group's questions this screen asks (`items`, from intake-flow.ts's questionsOnStep), under the group's title when several share the screen. */
export function Section({
  group,
  items,
  ctx,
  titled,
}: {
  group: QuestionnaireItem;
  items: readonly QuestionnaireItem[];
  ctx: FieldContext;
  titled: boolean;
}) {
  return (
    <section className="intake-section" aria-labelledby={titled ? `section-${group.linkId}` : undefined}>
      {titled ? <h2 id={`section-${group.linkId}`}>{group.text}</h2> : null}
      {items.map((item) => (isFollowUp(item, items) ? null : <Question key={item.linkId} item={item} ctx={ctx} siblings={items} />))}
    </section>
  );
}

/** A question asked only for one answer of a sibling choice: shown under that answer (always, as there is no script). */
function isFollowUp(item: QuestionnaireItem, siblings: readonly QuestionnaireItem[]): boolean {
  const w = item.enableWhen;
  return item.type !== "group" && w?.length === 1 && siblings.some((s) => s.linkId === w[0]!.question);
}

function followUpsOf(item: QuestionnaireItem, code: string, siblings: readonly QuestionnaireItem[]): QuestionnaireItem[] {
  return siblings.filter((s) => {
    if (!isFollowUp(s, siblings)) return false;
    const w = s.enableWhen![0]!;
    if (w.question !== item.linkId) return false;
    return w.answerCoding ? w.answerCoding.code === code : w.answerBoolean === (code === "yes");
  });
}

function Question({
  item,
  ctx,
  siblings,
  name = item.linkId,
}: {
  item: QuestionnaireItem;
  ctx: FieldContext;
  siblings: readonly QuestionnaireItem[];
  name?: string;
}) {
  const { locale, href } = useT();
  if (item.readOnly) return null;
  if (item.type === "display") {
    return (
      <div className="intake-display">
        <p>{item.text}</p>
        {item.linkId === "privacy-notice" ? (
          <p>
            {rich(locale, "intake.privacyNotice", {
              link: (text) => <Link to={href("/privacy")}>{text}</Link>,
            })}
          </p>
        ) : null}
      </div>
    );
  }
  if (item.linkId === "procedure") return <ProcedureRows group={item} ctx={ctx} />;
  if (item.type === "date") return <DateQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "text" || item.type === "string") return <TextQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "boolean" && controlOf(item) === "check-box") return <SingleCheckbox item={item} ctx={ctx} name={name} />;
  if (item.type === "choice" && controlOf(item) === "drop-down") return <SelectQuestion item={item} ctx={ctx} name={name} />;
  if (item.type === "choice" && showsCarried(name, ctx.carried, ctx.values, ctx.errors)) return <CarriedQuestion item={item} ctx={ctx} />;
  if (item.type === "choice" || item.type === "boolean") return <ChoiceQuestion item={item} ctx={ctx} siblings={siblings} name={name} />;
  return null;
}

/**
 * A question the self-check asked in the same words: its answer as the
 * client gave it, and the question itself folded away under "Change this
 * answer" (a <details>, which opens without a script). The choices inside
 * are sent like any other, so changing the answer is choosing another.
 */
function CarriedQuestion({ item, ctx }: { item: QuestionnaireItem; ctx: FieldContext }) {
  const { t } = useT();
  const code = ctx.carried[item.linkId]!;
  const answer = item.answerOption?.find((o) => o.valueCoding.code === code)?.valueCoding.display ?? code;
  return (
    <div className="intake-question intake-carried">
      <p className="intake-carried-question">{item.text}</p>
      <p className="intake-carried-answer">
        {t("intake.carried.told")} <strong>{answer}</strong>
      </p>
      <details className="intake-carried-change">
        <summary>{t("intake.carried.change")}</summary>
        <ChoiceQuestion item={item} ctx={ctx} siblings={[]} name={item.linkId} quietLegend />
      </details>
    </div>
  );
}
function ChoiceQuestion({
  item,
  ctx,
  siblings,
  name,
  quietLegend,
}: {
  item: QuestionnaireItem;
  ctx: FieldContext;
  siblings: readonly QuestionnaireItem[];
  name: string;
  quietLegend?: boolean;
}) {
  const { t } = useT();
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const base = `q-${name}`;
  const multiple = item.type === "choice" && Boolean(item.repeats);
  const choices =
    item.type === "boolean"
      ? [
          { code: "yes", label: t("intake.yes"), exclusive: false },
          { code: "no", label: t("intake.no"), exclusive: false },
        ]
      : item.answerOption!.map((o) => ({
          code: o.valueCoding.code,
          label: o.valueCoding.display ?? o.valueCoding.code,
          exclusive: isExclusive(o),
        }));
  const chosen = valuesOf(ctx, name);
  return (
    <QuestionFieldset
      base={base}
      hint={hint}
      error={error}
      quietLegend={quietLegend}
      legend={
        <>
          {item.prefix ? <span className="intake-prefix">{item.prefix} </span> : null}
          {item.text}
        </>
      }
    >
      <div className="choices">
        {choices.map((c, i) => {
          // The first choice carries the question's id, so the error summary's link lands on it. The others
          // take a double dash: "isotretinoin" + "stopped" must not take the id of the question "isotretinoin-stopped".
          const id = i === 0 ? `field-${name}` : `field-${name}--${c.code}`;
          const followUps = followUpsOf(item, c.code, siblings);
          return (
            <div key={c.code}>
              {c.exclusive && c.code === NONE ? <p className="choice-or">{t("intake.or")}</p> : null}
              <div className="choice">
                <input
                  type={multiple ? "checkbox" : "radio"}
                  id={id}
                  name={name}
                  value={c.code}
                  defaultChecked={chosen.includes(c.code)}
                  aria-invalid={error && i === 0 ? true : undefined}
                />
                <label htmlFor={id}>{c.label}</label>
              </div>
              {followUps.length > 0 ? (
                <div className="choice-follow-up">
                  {followUps.map((f) => (
                    <Question key={f.linkId} item={f} ctx={ctx} siblings={siblings} />
                  ))}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </QuestionFieldset>
  );
}

function SingleCheckbox({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const error = ctx.errors[name];
  const id = `field-${name}`;
  return (
    <div className={`intake-question${error ? " has-error" : ""}`}>
      <FieldError id={`${id}-error`} message={error} />
      <div className="choice">
        <input
          type="checkbox"
          id={id}
          name={name}
          value="yes"
          defaultChecked={valuesOf(ctx, name).includes("yes")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label htmlFor={id}>{item.text}</label>
      </div>
    </div>
  );
}

function SelectQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const { t } = useT();
  const error = ctx.errors[name];
  const id = `field-${name}`;
  return (
    <div className={`field intake-question${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{item.text}</label>
      <FieldError id={`${id}-error`} message={error} />
      <select
        id={id}
        name={name}
        defaultValue={valuesOf(ctx, name)[0] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{t("intake.chooseTreatment")}</option>
        {item.answerOption!.map((o) => (
          <option key={o.valueCoding.code} value={o.valueCoding.code}>
            {o.valueCoding.display}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const { t } = useT();
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const id = `field-${name}`;
  return (
    <div className={`field intake-question${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {item.text}
        {/* Required only for an answer on the same screen ("Something else"), which shows it always: say when. */}
        {item.required ? (
          item.enableWhen?.length ? (
            <span className="optional">{t("intake.ifSomethingElse")}</span>
          ) : null
        ) : (
          <span className="optional">{t("intake.optional")}</span>
        )}
      </label>
      <HintAndError base={id} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        rows={item.type === "text" ? 4 : 1}
        maxLength={item.maxLength}
        defaultValue={valuesOf(ctx, name)[0] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

function DateQuestion({ item, ctx, name }: { item: QuestionnaireItem; ctx: FieldContext; name: string }) {
  const { t } = useT();
  const error = ctx.errors[name];
  const hint = helpOf(item);
  const base = `q-${name}`;
  const birth = item.linkId === "birth-date";
  return (
    <QuestionFieldset base={base} hint={hint} error={error} legend={item.text}>
      <div className="date-inputs">
        {DATE_PARTS.map((part) => {
          const field = datePartName(name, part);
          // The day input carries the question's id, so the error summary's link lands on the first box.
          const id = part === "day" ? `field-${name}` : `field-${field}`;
          return (
            <div className={`date-part intake-date-${part}`} key={part}>
              <label htmlFor={id}>
                {t(DATE_PART_LABEL[part])}
                {part === "day" && dayOptional(item.linkId) ? <span className="optional">{t("intake.optional")}</span> : null}
              </label>
              <input
                id={id}
                name={field}
                type="text"
                inputMode="numeric"
                defaultValue={valuesOf(ctx, field)[0] ?? ""}
                autoComplete={birth ? `bday-${part}` : "off"}
                aria-invalid={error ? true : undefined}
              />
            </div>
          );
        })}
      </div>
    </QuestionFieldset>
  );
}

function ProcedureRows({ group, ctx }: { group: QuestionnaireItem; ctx: FieldContext }) {
  const { t } = useT();
  const rows = procedureRowCount(ctx.values);
  const children = questionsOf(group);
  return (
    <div className="intake-procedures">
      <input type="hidden" name={PROCEDURE_ROWS_FIELD} value={String(rows)} />
      <p className="hint">{t("intake.proceduresHint")}</p>
      {Array.from({ length: rows }, (_, i) => i + 1).map((row) => (
        <fieldset key={row} className="intake-row">
          <legend>{t("intake.treatment", { row })}</legend>
          {children.map((child) => (
            <Question key={child.linkId} item={child} ctx={ctx} siblings={children} name={rowField(row, child.linkId)} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}
