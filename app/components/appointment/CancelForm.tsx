import { Form, Link } from "react-router";

/** Cancelling: who asked, which decides whether it counts as a late cancellation. */
export function CancelForm({
  self,
  insideWindow,
  lateWindow,
}: {
  self: string;
  /** It starts within the cancellation window: the client's cancelling counts as late. */
  insideWindow: boolean;
  /** The window in words, "24 hours". */
  lateWindow: string;
}) {
  return (
    <section aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this appointment?</h2>
      <p>The time becomes free at once, and the client gets an e-mail saying it is cancelled.</p>
      <Form method="post" action={self}>
        <input type="hidden" name="intent" value="cancel" />
        <fieldset>
          <legend>Who asked to cancel?</legend>
          <div className="choice">
            <input type="radio" id="requested-client" name="requestedBy" value="client" defaultChecked />
            <label htmlFor="requested-client">
              The client
              {insideWindow
                ? ` — it starts in less than ${lateWindow}, so it counts as a late cancellation`
                : " — not late, it is more than " + lateWindow + " away"}
            </label>
          </div>
          <div className="choice">
            <input type="radio" id="requested-clinic" name="requestedBy" value="clinic" />
            <label htmlFor="requested-clinic">The clinic — never counted against the client</label>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button danger">
            Yes, cancel it
          </button>
          <Link to={self} className="button secondary">
            Keep it
          </Link>
        </div>
      </Form>
    </section>
  );
}
