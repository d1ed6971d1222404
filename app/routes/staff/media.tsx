// The media library: every image with its alt text and what the watermark
// check found, the upload form, and the clinic's own brand names the check
// lets through (owner and manager change them).
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/media";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import { listMediaAssets } from "../../../src/content/media-library.ts";
import { setBrandAllowList, viewBrandAllowList } from "../../../src/content/media-brands.ts";
import { uploadMediaAsset } from "../../../src/content/media-upload.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary, FieldFrame } from "../../components/ContactFields.tsx";
import { rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { MediaFindingTags } from "../../components/ContentFindings.tsx";
import { mediaDescriptionValues, MediaUploadForm, type MediaUploadValues } from "../../components/MediaUploadForm.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors } from "../../lib/form.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Media library — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  try {
    const assets = await listMediaAssets(services.db, { staff });
    const brands = await viewBrandAllowList(services.db, staff.organizationId);
    const zone = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
    return {
      assets,
      brands: { ...brands, updatedText: brands.updatedAt ? formatDateTime(brands.updatedAt, zone) : null },
      canEditBrands: can(staff.role, "content.publish"),
      saved: new URL(request.url).searchParams.get("saved"),
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

type Result = { target: "upload" | "brands"; errors: Record<string, string>; values: MediaUploadValues & { brands: string } };

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    const values = { alt: "", altFr: "", caption: "", credit: "", licenceNote: "", brands: "" };
    return data<Result>(
      { target: "upload", errors: { file: "The upload could not be read. Choose the image again." }, values },
      { status: 400 },
    );
  }
  const text = formText(form);
  const intent = text("intent");
  const values = { ...mediaDescriptionValues(text), brands: text("brands") };
  const unsafe = formTextErrors(form, { texts: ["brands", "licenceNote"] });
  if (unsafe) return data<Result>({ target: intent === "brands" ? "brands" : "upload", errors: unsafe, values }, { status: 422 });
  try {
    if (intent === "upload") {
      const file = form.get("file");
      const upload = file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
      const { id } = await uploadMediaAsset(services.db, { staff, file: upload, input: values, now: services.now() });
      return redirect(`/staff/media/${id}?saved=uploaded`, 303);
    }
    if (intent === "brands") {
      const r = await setBrandAllowList(services.db, { staff, text: values.brands, now: services.now() });
      return redirect(`/staff/media?saved=${r.changed ? "brands" : "unchanged"}#brands-title`, 303);
    }
  } catch (error) {
    if (error instanceof FieldError)
      return data<Result>({ target: intent === "brands" ? "brands" : "upload", errors: error.errors, values }, { status: 422 });
    rethrowAsResponse(error);
  }
  throw data("Unknown action", { status: 400 });
}

const FLASH: Record<string, string> = {
  brands: "The brand names are saved. Check older images again from their page if a name was missing.",
  unchanged: "Nothing had changed.",
};

export default function MediaLibrary() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const upload = result?.target === "upload" ? result : null;
  const brands = result?.target === "brands" ? result : null;
  return (
    <div className="page">
      <p>
        <Link to="/staff/content">← Pages and articles</Link>
      </p>
      <h1>Media library</h1>
      <p className="muted">
        Images for pages and articles. Each is checked for stock-agency watermarks when it is uploaded; a page using an image with a
        watermark cannot be published.
      </p>
      {d.saved && FLASH[d.saved] && !result ? (
        <p className="alert success" role="status">
          {FLASH[d.saved]}
        </p>
      ) : null}
      {upload ? <ErrorSummary errors={upload.errors} /> : null}
      <MediaUploadForm
        values={upload?.values ?? { alt: "", altFr: "", caption: "", credit: "", licenceNote: "" }}
        errors={upload?.errors ?? {}}
      />

      <section className="staff-section" aria-labelledby="library-title">
        <h2 id="library-title">Images ({d.assets.length})</h2>
        {d.assets.length === 0 ? (
          <p>No images yet.</p>
        ) : (
          <ul className="media-grid">
            {d.assets.map((a) => (
              <li key={a.id} className="media-card">
                <img
                  src={`/media/${a.id}/${a.thumbnail.file}`}
                  alt=""
                  width={a.thumbnail.width}
                  height={a.thumbnail.height}
                  loading="lazy"
                />
                <p>
                  <Link to={`/staff/media/${a.id}`}>{a.altEn}</Link>
                </p>
                <p className="small muted">
                  {a.fileName} · {a.width} × {a.height}
                </p>
                <MediaFindingTags findings={a.findings} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="staff-section" aria-labelledby="brands-title">
        <h2 id="brands-title">The clinic's own names</h2>
        <p>
          The watermark check lets these through when they appear in an image (the clinic's sign, its products). One per line.
          {d.brands.updatedBy ? ` Last changed by ${d.brands.updatedBy} on ${d.brands.updatedText}.` : ""}
        </p>
        {d.canEditBrands ? (
          <Form method="post" className="narrow-block">
            <input type="hidden" name="intent" value="brands" />
            {brands ? <ErrorSummary errors={brands.errors} /> : null}
            <FieldFrame id="field-brands" label="Brand names" error={brands?.errors.brands}>
              <textarea
                id="field-brands"
                name="brands"
                rows={4}
                defaultValue={brands?.values.brands ?? d.brands.entries.join("\n")}
                aria-describedby={brands?.errors.brands ? "field-brands-error" : undefined}
              />
            </FieldFrame>
            <button type="submit" className="button secondary">
              Save the names
            </button>
          </Form>
        ) : (
          <ul>
            {d.brands.entries.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/content" backLabel="Back to pages and articles" />;
}
