// What the publishing desk's routes share on the server: how a refusal is
// answered (a role that may not: 403; a page or image that is gone: 404; a
// step that does not fit the workflow: 409), and the library's images for the
// editor.
import { data } from "react-router";
import { listMediaAssets } from "../../src/content/media-library.ts";
import { type StaffActor } from "../../src/kernel/access.ts";
import { ContentStateError } from "../../src/content/errors.ts";
import type { DbOrTx } from "../../src/db/open.ts";
import type { LibraryImage } from "./ContentForm.tsx";
import { ForbiddenError, NotFoundError } from "../../src/kernel/errors.ts";

export function rethrowAsResponse(error: unknown): never {
  if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
  if (error instanceof NotFoundError) throw data(`${error.message}. It may have been removed meanwhile.`, { status: 404 });
  if (error instanceof ContentStateError) throw data(error.message, { status: 409 });
  throw error;
}

/** The library's images for the cover picker and the insert helper, alt text in the document's language. */
export async function libraryForEditor(db: DbOrTx, staff: StaffActor, locale: "en" | "fr"): Promise<LibraryImage[]> {
  const assets = await listMediaAssets(db, { staff });
  return assets.map((a) => ({
    id: a.id,
    fileName: a.fileName,
    alt: locale === "fr" && a.altFr ? a.altFr : a.altEn,
    thumbnail: a.thumbnail,
    blocked: a.findings.some((f) => f.severity === "block"),
    needsConfirmation: a.findings.some((f) => f.severity === "confirm"),
  }));
}
