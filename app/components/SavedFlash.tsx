/** What the last change did, said once the page comes back from it (nothing when there is no message). */
export function SavedFlash({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="alert success" role="status">
      {message}
    </p>
  ) : null;
}
