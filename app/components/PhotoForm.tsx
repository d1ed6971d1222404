// The skin photo upload form of a plan (the plan page, and the page a refused upload returns to).
import { Form } from "react-router";
import { PHOTO_CAPTION_MAX } from "../../src/plans/limits.ts";

export function PhotoForm({ planId, caption }: { planId: string; caption: string }) {
  return (
    <Form method="post" action={`/staff/plans/${planId}/photos`} encType="multipart/form-data" className="narrow-block">
      <div className="field">
        <label htmlFor="field-photo">Add a photo</label>
        <p className="hint" id="field-photo-hint">
          JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed before it is stored, encrypted.
        </p>
        <input
          id="field-photo"
          name="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          aria-describedby="field-photo-hint"
          required
        />
      </div>
      <div className="field">
        <label htmlFor="field-caption">Caption</label>
        <input
          id="field-caption"
          name="caption"
          maxLength={PHOTO_CAPTION_MAX}
          defaultValue={caption}
          placeholder="Left cheek, before the first session"
        />
      </div>
      <button type="submit" className="button secondary">
        Upload the photo
      </button>
    </Form>
  );
}
