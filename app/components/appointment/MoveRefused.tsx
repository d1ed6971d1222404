import { Form } from "react-router";
import type { MoveRefusal } from "./types.ts";

/** Why the move or cancellation did not happen, with a button for each of the nearest free times. */
export function MoveRefused({ result, self }: { result: MoveRefusal; self: string }) {
  return (
    <div className="alert" role="alert">
      <p>{result.message}</p>
      {result.alternatives.length > 0 ? (
        <Form method="post" action={self} className="time-buttons alt-times">
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="practitionerId" value={result.practitionerId} />
          {result.alternatives.map((alt) => (
            <button key={alt.start} type="submit" name="start" value={alt.start} className="time">
              Move to {alt.label}
            </button>
          ))}
        </Form>
      ) : null}
    </div>
  );
}
