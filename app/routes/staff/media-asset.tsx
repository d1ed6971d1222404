// One image of the library: the picture, its texts (alt text required), what
// the watermark check found, the sizes served, the Markdown that places it and
// the pages that use it.
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/media-asset";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import { recheckMediaAsset, updateMediaAsset } from "../../../src/content/media-upload.ts";
import { viewMediaAsset } from "../../../src/content/media-library.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { MediaDescriptionFields, mediaDescriptionValues } from "../../components/MediaUploadForm.tsx";
import { rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { FindingsList, MediaFindingTags } from "../../components/ContentFindings.tsx";
import { imageSnippet } from "../../components/ContentForm.tsx";
import { KIND_TEXT, LOCALE_TEXT } from "../../components/ContentStatus.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData ? loaderData.asset.fileName : "Image"} — Media library — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  try {
    const asset = await viewMediaAsset(services.db, { staff, assetId: params.assetId });
    const zone = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
    return { asset, uploadedText: formatDateTime(asset.createdAt, zone), saved: new URL(request.url).searchParams.get("saved") };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const text = formText(form);
  const values = mediaDescriptionValues(text);
  const unsafe = formTextErrors(form, { texts: ["licenceNote"] });
  if (unsafe) return data({ errors: unsafe, values }, { status: 422 });
  try {
    if (text("intent") === "recheck") {
      await recheckMediaAsset(services.db, { staff, assetId: params.assetId, now: services.now() });
      return redirect(`/staff/media/${params.assetId}?saved=rechecked#findings-title`, 303);
    }
    const r = await updateMediaAsset(services.db, { staff, assetId: params.assetId, input: values, now: services.now() });
    return redirect(`/staff/media/${params.assetId}?saved=${r.changed ? "saved" : "unchanged"}`, 303);
  } catch (error) {
    if (error instanceof FieldError) return data({ errors: error.errors, values }, { status: 422 });
    rethrowAsResponse(error);
  }
}

const FLASH: Record<string, string> = {
  uploaded: "The image is in the library.",
  saved: "Saved.",
  unchanged: "Nothing had changed.",
  rechecked: "Checked again.",
};

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function MediaAsset() {
  const { asset, uploadedText, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {
    alt: asset.altEn,
    altFr: asset.altFr,
    caption: asset.caption,
    credit: asset.credit,
    licenceNote: asset.licenceNote,
  };
  const errors = result?.errors ?? {};
  const preview =
    asset.variants.find((v) => v.file === "960.webp") ?? asset.variants.find((v) => v.file.endsWith(".webp") && v.file !== "original.webp");
  const blocking = asset.findings.some((f) => f.severity === "block");
  return (
    <div className="page">
      <p>
        <Link to="/staff/media">← Media library</Link>
      </p>
      <h1>{asset.fileName}</h1>
      <p className="muted">
        {asset.width} × {asset.height} pixels · uploaded {uploadedText} by {asset.uploadedBy}
      </p>
      {saved && FLASH[saved] && !result ? (
        <p className="alert success" role="status">
          {FLASH[saved]}
        </p>
      ) : null}
      {preview ? (
        <p className="asset-image">
          <img src={`/media/${asset.id}/${preview.file}`} alt={asset.altEn} width={preview.width} height={preview.height} />
        </p>
      ) : null}

      <section aria-labelledby="findings-title">
        <h2 id="findings-title">Watermark check</h2>
        <MediaFindingTags findings={asset.findings} />
        {blocking ? (
          <p className="alert error-summary">
            A page or article that uses this image cannot be published. Keep it only if you will replace the watermarked version with the
            licensed one.
          </p>
        ) : null}
        {asset.findings.length ? (
          <FindingsList findings={asset.findings} />
        ) : (
          <p>The check found nothing: no watermark, no licence hints.</p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="recheck" />
          <button type="submit" className="button small secondary">
            Check again
          </button>
        </Form>
      </section>

      <section className="staff-section" aria-labelledby="texts-title">
        <h2 id="texts-title">Description</h2>
        <ErrorSummary errors={errors} />
        <Form method="post" className="narrow-block">
          <input type="hidden" name="intent" value="texts" />
          <MediaDescriptionFields values={values} errors={errors} />
          <button type="submit" className="button">
            Save the description
          </button>
        </Form>
      </section>

      <section className="staff-section" aria-labelledby="use-title">
        <h2 id="use-title">Using it</h2>
        <div className="field">
          <label htmlFor="asset-snippet">Markdown to place it in a text</label>
          <input id="asset-snippet" className="snippet" readOnly value={imageSnippet({ id: asset.id, alt: asset.altEn })} />
        </div>
        {asset.usedBy.length ? (
          <ul>
            {asset.usedBy.map((u) => (
              <li key={u.documentId}>
                <Link to={`/staff/content/${u.documentId}`}>{u.title}</Link> ({KIND_TEXT[u.kind]}, {LOCALE_TEXT[u.locale]}
                {u.live ? ", on the site" : ""})
              </li>
            ))}
          </ul>
        ) : (
          <p>No page or article uses it yet.</p>
        )}
      </section>

      <section className="staff-section" aria-labelledby="files-title">
        <h2 id="files-title">Files served</h2>
        <p className="muted">Cleaned of metadata (no location, camera or credit fields). Browsers choose the best size and format.</p>
        <div className="table-scroll">
          <table className="files-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Format</th>
                <th scope="col">Size</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {asset.variants.map((v) => (
                <tr key={v.file}>
                  <th scope="row">
                    <a href={`/media/${asset.id}/${v.file}`}>{v.file}</a>
                  </th>
                  <td>{v.contentType.replace("image/", "").toUpperCase()}</td>
                  <td>
                    {v.width} × {v.height}
                  </td>
                  <td>{size(v.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/media" backLabel="Back to the media library" />;
}
