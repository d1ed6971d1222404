// Adding an image to the media library. Works as a plain multipart form (the
// server refuses what is not an image, too large or damaged, with the reason
// beside the field); with JavaScript a file over the limit is refused before
// it is sent. The upload path has its own body limit in server/app.ts, like
// the plan photo upload.
import { useState } from "react";
import { Form, useNavigation } from "react-router";
import { TextField } from "./ContactFields.tsx";

export const MEDIA_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/gif";

export interface MediaUploadValues {
  alt: string;
  altFr: string;
  caption: string;
  credit: string;
  licenceNote: string;
}

/** What was typed in MediaDescriptionFields, read with the form's text reader. */
export function mediaDescriptionValues(text: (name: keyof MediaUploadValues) => string): MediaUploadValues {
  return { alt: text("alt"), altFr: text("altFr"), caption: text("caption"), credit: text("credit"), licenceNote: text("licenceNote") };
}

/** The words that go with an image, in the order the form asks for them. */
const DESCRIPTION_FIELDS: readonly {
  name: keyof MediaUploadValues;
  label: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  maxLength: number;
}[] = [
  {
    name: "alt",
    label: "Alt text (English)",
    hint: "What the image shows, for people who cannot see it: one sentence.",
    required: true,
    maxLength: 300,
  },
  { name: "altFr", label: "Alt text (French)", maxLength: 300 },
  { name: "caption", label: "Caption", maxLength: 500 },
  { name: "credit", label: "Credit", hint: "Who made it, if it should be credited.", maxLength: 200 },
  {
    name: "licenceNote",
    label: "Licence note",
    hint: "Where it comes from and on what terms, e.g. “Taken by Maja in the clinic, 2027”.",
    multiline: true,
    maxLength: 500,
  },
];

/** The words that go with an image, the same on upload and on the asset's own page. */
export function MediaDescriptionFields({ values, errors }: { values: MediaUploadValues; errors: Record<string, string | undefined> }) {
  return DESCRIPTION_FIELDS.map((field) => <TextField key={field.name} {...field} value={values[field.name]} error={errors[field.name]} />);
}

export function MediaUploadForm({ values, errors }: { values: MediaUploadValues; errors: Record<string, string | undefined> }) {
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "upload";
  const fileError = tooLarge ?? errors.file;
  return (
    <Form
      method="post"
      action="/staff/media"
      encType="multipart/form-data"
      className="narrow-block stack"
      aria-labelledby="upload-title"
      onSubmit={(e) => {
        const input = e.currentTarget.elements.namedItem("file");
        const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
        if (file && file.size > MEDIA_UPLOAD_MAX_BYTES) {
          e.preventDefault();
          setTooLarge(
            `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB. Export it smaller (2,000 to 3,000 pixels wide is plenty) and choose it again.`,
          );
          if (input instanceof HTMLInputElement) input.focus();
        } else setTooLarge(null);
      }}
    >
      <h2 id="upload-title">Add an image</h2>
      <input type="hidden" name="intent" value="upload" />
      <div className={`field${fileError ? " has-error" : ""}`}>
        <label htmlFor="field-file">Image file</label>
        <p className="hint" id="field-file-hint">
          JPEG, PNG, WebP, AVIF or GIF (its first frame), up to 10 MB. Location, camera and other hidden details are removed before it is
          stored; the watermark check reads it first.
        </p>
        {fileError ? (
          <p className="field-error" id="field-file-error" role={tooLarge ? "alert" : undefined}>
            {fileError}
          </p>
        ) : null}
        <input
          id="field-file"
          name="file"
          type="file"
          accept={ACCEPT}
          required
          aria-invalid={fileError ? true : undefined}
          aria-describedby={`field-file-hint${fileError ? " field-file-error" : ""}`}
          onChange={() => setTooLarge(null)}
        />
      </div>
      <MediaDescriptionFields values={values} errors={errors} />
      <p>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Uploading and checking…" : "Upload and check"}
        </button>
      </p>
    </Form>
  );
}
