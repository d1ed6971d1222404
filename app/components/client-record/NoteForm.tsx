import { Form } from "react-router";
import { NOTE_MAX_CHARS } from "../../../src/privacy/limits.ts";
import { ErrorSummary, FieldFrame } from "../ContactFields.tsx";

/** A new health note; `value` is the text sent back after a refusal, never kept in the address. */
export function NoteForm({ self, errors, value }: { self: string; errors: Record<string, string>; value?: string }) {
  return (
    <section aria-labelledby="add-note-heading" className="no-print">
      <h3 id="add-note-heading">Add a note</h3>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`${self}#health`} noValidate className="stack" key={value === undefined ? "fresh" : "retry"}>
        <input type="hidden" name="intent" value="add-note" />
        <FieldFrame
          id="field-body"
          label="Note"
          hint="Saved encrypted, with your name and the time. Notes are not changed afterwards: add a new note to correct one."
          error={errors.body}
        >
          <textarea
            id="field-body"
            name="body"
            rows={5}
            maxLength={NOTE_MAX_CHARS}
            defaultValue={value}
            required
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? "field-body-hint field-body-error" : "field-body-hint"}
          />
        </FieldFrame>
        <button type="submit" className="button primary">
          Save note
        </button>
      </Form>
    </section>
  );
}
