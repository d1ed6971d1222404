import { Form } from "react-router";

export interface CorrectionRequestView {
  id: string;
  when: string;
  /** When the clinic must have answered by. */
  due: string;
  status: string;
  resolved: string | null;
  resolvedBy: string | null;
  body: string | null;
  /** The request failed its integrity check: it is not shown. */
  damaged: boolean;
}

/** The client's requests to correct their record, each answered (corrected or refused) from here. */
export function CorrectionRequests({ corrections, self }: { corrections: CorrectionRequestView[]; self: string }) {
  return (
    <>
      <h3 id="corrections-heading">Correction requests from the client</h3>
      {corrections.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol className="record-list" aria-labelledby="corrections-heading">
          {corrections.map((c) => (
            <li key={c.id} className="record-item">
              <p className="small muted">
                Asked {c.when} ·{" "}
                {c.status === "open"
                  ? `open, answer by ${c.due}`
                  : `${c.status === "corrected" ? "corrected" : "refused"} ${c.resolved ?? ""}${c.resolvedBy ? ` by ${c.resolvedBy}` : ""}`}
              </p>
              {c.damaged ? (
                <p className="alert" role="alert">
                  This request could not be decrypted: it has been altered or damaged.
                </p>
              ) : (
                <p className="note-body">{c.body}</p>
              )}
              {c.status === "open" ? (
                <Form method="post" action={self} className="actions no-print">
                  <input type="hidden" name="intent" value="resolve-correction" />
                  <input type="hidden" name="requestId" value={c.id} />
                  <button type="submit" name="status" value="corrected" className="button small">
                    Mark as corrected
                  </button>
                  <button type="submit" name="status" value="refused" className="button small secondary">
                    Mark as refused
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
