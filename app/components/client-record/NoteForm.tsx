import { Form } from "react-router";
import { NOTE_MAX_CHARS } from "../../../src/privacy/limits.ts";
import { ErrorSummary, TextField } from "../ContactFields.tsx";

/** A new health note; `value` is the text sent back after a refusal, never kept in the address. */
export function NoteForm({ self, errors, value }: { self: string; errors: Record<string, string>; value?: string }) {
  return (
    <section aria-labelledby="add-note-heading" className="no-print">
      <h3 id="add-note-heading">Add a note</h3>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`${self}#health`} noValidate className="stack" key={value === undefined ? "fresh" : "retry"}>
        <input type="hidden" name="intent" value="add-note" />
        <TextField
          name="body"
          label="Note"
          hint="Saved encrypted, with your name and the time. Notes are not changed afterwards: add a new note to correct one."
          value={value}
          error={errors.body}
          multiline
          rows={5}
          maxLength={NOTE_MAX_CHARS}
          required
        />
        <button type="submit" className="button primary">
          Save note
        </button>
      </Form>
    </section>
  );
}
