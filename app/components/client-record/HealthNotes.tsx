export interface HealthNoteView {
  id: string;
  when: string;
  author: string | null;
  body: string | null;
  /** The note failed its integrity check: it is not shown. */
  damaged: boolean;
}

/** The practitioners' notes in the health record, each with its author and time. */
export function HealthNotes({ notes }: { notes: HealthNoteView[] }) {
  return (
    <>
      <h3 id="notes-heading">Practitioner's notes</h3>
      {notes.length === 0 ? (
        <p className="notice">No health notes yet.</p>
      ) : (
        <ol className="record-list" aria-labelledby="notes-heading">
          {notes.map((n) => (
            <li key={n.id} className="record-item">
              <p className="small muted">
                {n.when}
                {n.author ? ` · ${n.author}` : ""}
              </p>
              {n.damaged ? (
                <p className="alert" role="alert">
                  This note could not be decrypted: it has been altered or damaged, so it is not shown. Tell the clinic's owner.
                </p>
              ) : (
                <p className="note-body">{n.body}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
