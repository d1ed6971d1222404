import type { ReactNode } from "react";
import { Form } from "react-router";

/** Why the time asked for was refused, and the nearest free times: each a button that asks for it instead. */
export function TimeAlternatives(props: {
  message: string;
  alternatives: readonly { start: string; label: string }[];
  /** What a chosen time does ("hold", "reschedule"); with `method` "get", nothing is sent but the time. */
  intent?: string;
  /** "get": a chosen time only opens a step that asks to confirm it (`action` must then name the page, hidden fields its query). */
  method?: "post" | "get";
  action?: string;
  /** More hidden fields the form carries. */
  children?: ReactNode;
}) {
  return (
    <div className="alert" role="alert">
      <p>{props.message}</p>
      {props.alternatives.length > 0 ? (
        <Form method={props.method ?? "post"} action={props.action} className="time-buttons">
          {props.intent ? <input type="hidden" name="intent" value={props.intent} /> : null}
          {props.children}
          {props.alternatives.map((a) => (
            <button key={a.start} type="submit" name="start" value={a.start} className="time">
              {a.label}
            </button>
          ))}
        </Form>
      ) : null}
    </div>
  );
}
