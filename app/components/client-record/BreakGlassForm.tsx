import { Form } from "react-router";
import { BREAK_GLASS_MINUTES, BREAK_GLASS_REASON_MIN } from "../../../src/privacy/limits.ts";
import { ErrorSummary, TextField } from "../ContactFields.tsx";

/** For staff outside the client's care team: open the record for a stated reason, recorded and shown to the client. */
export function BreakGlassForm({ self, errors }: { self: string; errors: Record<string, string> }) {
  return (
    <div className="break-glass">
      <p>
        You are not on this client's care team. You may open the record for a good reason, such as an emergency or the client's own request:
        your name, your reason and every view are recorded, shown in the audit log and to the client. The access lasts {BREAK_GLASS_MINUTES}{" "}
        minutes.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`${self}#health`} noValidate className="stack">
        <input type="hidden" name="intent" value="break-glass" />
        <TextField
          name="reason"
          label="Reason for opening this record"
          hint={<>At least {BREAK_GLASS_REASON_MIN} characters. Say why, not what is in the record: do not write health details here.</>}
          error={errors.reason}
          multiline
          maxLength={500}
          required
        />
        <button type="submit" className="button danger">
          Break the glass and open the record
        </button>
      </Form>
    </div>
  );
}
