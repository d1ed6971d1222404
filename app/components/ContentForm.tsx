// The fields of a page or article on the publishing desk: title, address,
// summary, the Markdown text with a short syntax help, the cover image, and
// the library's images with the Markdown that places each one. Used by the
// new and edit pages; everything works as a plain form, and with JavaScript
// the summary counts its characters and an image goes in at the cursor.
import { useEffect, useRef, useState } from "react";
import { SUMMARY_MAX, SUMMARY_RECOMMENDED, TITLE_MAX } from "../../src/content/limits.ts";
import { FieldFrame, TextField } from "./ContactFields.tsx";

export interface ContentFormValues {
  title: string;
  slug: string;
  summary: string;
  body: string;
  coverAssetId: string;
}

export interface LibraryImage {
  id: string;
  fileName: string;
  /** Alt text in the document's language (French when there is one for a French document). */
  alt: string;
  thumbnail: { file: string; width: number; height: number };
  blocked: boolean;
  needsConfirmation: boolean;
}

/** The Markdown that places a library image. */
export function imageSnippet(image: Pick<LibraryImage, "id" | "alt">): string {
  return `![${image.alt.replace(/[[\]]/g, "")}](/media/${image.id}/original.webp)`;
}

function flagText(image: LibraryImage): string {
  return image.blocked ? " — blocks publishing" : image.needsConfirmation ? " — licence to confirm" : "";
}

export function ContentFields({
  values,
  errors,
  slugLocked,
  pathPrefix,
  library,
  isNew = false,
}: {
  values: ContentFormValues;
  errors: Record<string, string | undefined>;
  slugLocked: boolean;
  /** A new document: the address may be left empty and is then made from the title. */
  isNew?: boolean;
  /** "/articles/" or "/fr/pages/": shown before the address. */
  pathPrefix: string;
  library: readonly LibraryImage[];
}) {
  const [summaryLength, setSummaryLength] = useState(values.summary.length);
  const [cover, setCover] = useState(values.coverAssetId);
  const coverImage = library.find((i) => i.id === cover) ?? null;
  return (
    <>
      <TextField name="title" label="Title" value={values.title} error={errors.title} required maxLength={TITLE_MAX} />
      {slugLocked ? (
        <div className="field">
          <p>
            <strong>Address:</strong> {pathPrefix}
            {values.slug}
          </p>
          <p className="hint">The address stays fixed once published or scheduled, so links to it keep working.</p>
        </div>
      ) : (
        <TextField
          name="slug"
          label="Address"
          value={values.slug}
          error={errors.slug}
          hint={`Lowercase words joined by hyphens, after ${pathPrefix}.${isNew ? " Leave it empty to make it from the title." : ""} A translation uses the same address.`}
          maxLength={80}
          required={!isNew}
        />
      )}
      <FieldFrame
        id="field-summary"
        label={
          <>
            Summary <span className="optional">(shown in search results and shared links)</span>
          </>
        }
        hint={<>One or two sentences; search results show about {SUMMARY_RECOMMENDED} characters.</>}
        error={errors.summary}
      >
        <textarea
          id="field-summary"
          name="summary"
          rows={2}
          maxLength={SUMMARY_MAX}
          defaultValue={values.summary}
          aria-describedby={`field-summary-hint field-summary-count${errors.summary ? " field-summary-error" : ""}`}
          aria-invalid={errors.summary ? true : undefined}
          onInput={(e) => setSummaryLength(e.currentTarget.value.length)}
        />
        <p id="field-summary-count" className={`count${summaryLength > SUMMARY_RECOMMENDED ? " over" : ""}`} aria-live="polite">
          {summaryLength} of about {SUMMARY_RECOMMENDED} characters
        </p>
      </FieldFrame>
      <FieldFrame
        id="field-body"
        label="Text (Markdown)"
        hint="Start sections with “## ”. The quality guard reads it on every save; findings appear beside the text with their line."
        error={errors.body}
      >
        <textarea
          id="field-body"
          name="body"
          className="markdown"
          rows={24}
          defaultValue={values.body}
          spellCheck
          aria-describedby={`field-body-hint${errors.body ? " field-body-error" : ""}`}
          aria-invalid={errors.body ? true : undefined}
        />
        <SyntaxHelp />
      </FieldFrame>
      <FieldFrame
        id="field-coverAssetId"
        label={
          <>
            Cover image <span className="optional">(optional; also the picture of shared links)</span>
          </>
        }
        error={errors.coverAssetId}
      >
        <select
          id="field-coverAssetId"
          name="coverAssetId"
          defaultValue={values.coverAssetId}
          onChange={(e) => setCover(e.currentTarget.value)}
          aria-describedby={errors.coverAssetId ? "field-coverAssetId-error" : undefined}
        >
          <option value="">No cover image</option>
          {library.map((image) => (
            <option key={image.id} value={image.id}>
              {image.alt} ({image.fileName}){flagText(image)}
            </option>
          ))}
        </select>
        {coverImage ? (
          <p className="cover-preview">
            <img
              src={`/media/${coverImage.id}/${coverImage.thumbnail.file}`}
              alt={`Cover: ${coverImage.alt}`}
              width={coverImage.thumbnail.width}
              height={coverImage.thumbnail.height}
            />
          </p>
        ) : null}
      </FieldFrame>
    </>
  );
}

function SyntaxHelp() {
  return (
    <details className="syntax-help">
      <summary>How to write it (Markdown)</summary>
      <dl>
        <dt>
          <code>## Aftercare</code>
        </dt>
        <dd>A section heading (### for a sub-section)</dd>
        <dt>
          <code>**gentle**</code>
        </dt>
        <dd>Bold; *gentle* for italics</dd>
        <dt>
          <code>- Day one</code>
        </dt>
        <dd>A bulleted list; “1. ” for a numbered one. Every item needs text.</dd>
        <dt>
          <code>[Book a visit](/book)</code>
        </dt>
        <dd>A link; site pages start with “/” (/fr/… in French)</dd>
        <dt>
          <code>![Alt text](/media/…)</code>
        </dt>
        <dd>An image from the library (copy its line from “Images” below)</dd>
        <dt>
          <code>&gt; A quote</code>
        </dt>
        <dd>A quotation</dd>
      </dl>
      <p className="hint">A blank line separates paragraphs. HTML is shown as text, not used.</p>
    </details>
  );
}

/** The library's images with the Markdown that places each; with JavaScript, a button puts it at the cursor. */
export function ImageInsertHelper({ library, textareaId }: { library: readonly LibraryImage[]; textareaId: string }) {
  const [hydrated, setHydrated] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => setHydrated(true), []);
  if (library.length === 0)
    return (
      <p>
        The library has no images yet. <a href="/staff/media">Upload one</a>.
      </p>
    );
  const insert = (image: LibraryImage) => {
    const area = document.getElementById(textareaId);
    if (!(area instanceof HTMLTextAreaElement)) return;
    const snippet = imageSnippet(image);
    const before = area.value.slice(0, area.selectionStart);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    area.focus();
    area.setRangeText(`${lead}${snippet}\n\n`, area.selectionStart, area.selectionEnd, "end");
    if (status.current) status.current.textContent = `Inserted the image “${image.alt}”.`;
  };
  return (
    <>
      <p className="hint">
        {hydrated ? "Put the cursor where the image goes, then choose Insert; or copy its line." : "Copy an image's line into the text."}{" "}
        <a href="/staff/media">Upload images</a> in the library.
      </p>
      <ul className="insert-list">
        {library.map((image) => (
          <li key={image.id} className="insert-item">
            <img src={`/media/${image.id}/${image.thumbnail.file}`} alt="" width={image.thumbnail.width} height={image.thumbnail.height} />
            <div>
              <p>
                {image.alt}
                {flagText(image)}
              </p>
              <label className="visually-hidden" htmlFor={`snippet-${image.id}`}>
                Markdown for the image “{image.alt}”
              </label>
              <input id={`snippet-${image.id}`} readOnly value={imageSnippet(image)} onFocus={(e) => e.currentTarget.select()} />
              {hydrated ? (
                <button type="button" className="button small secondary" onClick={() => insert(image)}>
                  Insert <span className="visually-hidden">“{image.alt}”</span>
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <p ref={status} className="visually-hidden" role="status" />
    </>
  );
}
