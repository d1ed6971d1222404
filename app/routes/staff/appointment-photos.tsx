// The photos of a treatment session (docs/photos.md): each area of the session
// in the standard views, taken with the phone's camera from this page (a file
// input with `capture`, no app), after the capture guide. A photo is
// re-encoded without metadata, encrypted and stored only with the client's
// photo consent for their record; a refused upload comes back here with the
// reason beside its area and view.
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/appointment-photos";
import adminCss from "./admin.css?url";
import { cleanPhoto, PhotoInputError } from "../../../src/plans/photos.ts";
import { PhotoConsentMissingError } from "../../../src/consent/consent.ts";
import {
  addSessionPhoto,
  openSessionPhotos,
  PHOTO_VIEW_LABELS,
  PHOTO_VIEWS,
  type PhotoView,
} from "../../../src/plans/record/session-photos.ts";
import { zoneLabel } from "../../../src/plans/zones.ts";
import { problemOf } from "../../../src/kernel/errors.ts";
import { photosStylesheet } from "../../components/photos/PhotoCompare.tsx";
import { CaptureGuide } from "../../components/photos/CaptureGuide.tsx";
import { HeadedSection } from "../../components/HeadedSection.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateLong, formatTime } from "../../lib/format.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: photosStylesheet },
];
// The title names the page, never the client or what was done.
export const meta: Route.MetaFunction = () => [{ title: "Session photos — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  let page;
  try {
    page = await openSessionPhotos(services.db, { staff, keyRing: services.keyRing, appointmentId: params.id, now: services.now() });
  } catch (error) {
    refuse(error, { invalidStatus: 400 });
  }
  const a = page.appointment;
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    appointmentId: a.id,
    clientId: a.clientId,
    clientName: a.clientName,
    date: formatDateLong(a.localDate),
    areas: page.areas.map((z) => ({ id: z, label: zoneLabel(z) })),
    photos: page.photos.map((p) => ({ id: p.id, zone: p.zone, view: p.view, time: formatTime(p.createdAt, a.timeZone) })),
    mayAdd: page.mayAdd,
    notAddingBecause: page.notAddingBecause,
    saved: saved && (PHOTO_VIEWS as readonly string[]).includes(saved.split(":")[1] ?? "") ? saved : null,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data({ zone: "", view: "", error: "The upload could not be read. Take or choose the photo again." }, { status: 400 });
  }
  const zone = String(form.get("zone") ?? "").slice(0, 40);
  const view = String(form.get("view") ?? "").slice(0, 40);
  const file = form.get("photo");
  try {
    // Access to the record first (refused and audited there), before anything of the upload is read.
    await openSessionPhotos(services.db, { staff, keyRing: services.keyRing, appointmentId: params.id, now: services.now() });
    if (!(file instanceof File) || file.size === 0) throw new PhotoInputError("Take or choose a photo to upload.");
    const clean = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
    await addSessionPhoto(services.db, {
      staff,
      keyRing: services.keyRing,
      appointmentId: params.id,
      zone,
      view,
      ...clean,
      now: services.now(),
    });
  } catch (error) {
    // A bad file, a missing consent or a wrong area or view is answered beside the form, on this page.
    if (error instanceof PhotoInputError || error instanceof PhotoConsentMissingError)
      return data({ zone, view, error: error.message }, { status: error instanceof PhotoInputError ? 422 : 409 });
    const problem = problemOf(error);
    if (problem && (problem.status === 422 || problem.status === 409))
      return data({ zone, view, error: Object.values(problem.errors)[0] ?? problem.message }, { status: problem.status });
    refuse(error);
  }
  return redirect(`/staff/appointments/${params.id}/photos?saved=${encodeURIComponent(`${zone}:${view}`)}#photo-${zone}-${view}`, 303);
}

function ViewForm({
  zone,
  zoneText,
  view,
  photos,
  clientId,
  mayAdd,
  error,
}: {
  zone: string;
  zoneText: string;
  view: PhotoView;
  photos: { id: string; time: string }[];
  clientId: string;
  mayAdd: boolean;
  error: string | null;
}) {
  const id = `photo-${zone}-${view}`;
  const label = `${zoneText}, ${PHOTO_VIEW_LABELS[view].toLowerCase()}`;
  return (
    <li className="photo-view" id={id}>
      <h3>{PHOTO_VIEW_LABELS[view]}</h3>
      {photos.length > 0 ? (
        <ul className="photo-thumbs">
          {photos.map((p) => (
            <li key={p.id}>
              <img className="photo-thumb" src={`/staff/clients/${clientId}/photos/${p.id}`} alt={`${label}, taken at ${p.time}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">Not taken yet.</p>
      )}
      {mayAdd ? (
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="zone" value={zone} />
          <input type="hidden" name="view" value={view} />
          {error ? (
            <p className="alert error" role="alert" id={`${id}-error`}>
              {error}
            </p>
          ) : null}
          <label htmlFor={`${id}-file`}>Photo: {label}</label>
          <input
            id={`${id}-file`}
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            aria-describedby={error ? `${id}-error` : undefined}
            required
          />
          <p>
            <button type="submit" className="button secondary">
              Upload {label}
            </button>
          </p>
        </Form>
      ) : null}
    </li>
  );
}

export default function AppointmentPhotos() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const savedLabel = (() => {
    if (!page.saved) return null;
    const [zone, view] = page.saved.split(":") as [string, PhotoView];
    const area = page.areas.find((x) => x.id === zone);
    return area ? `The ${PHOTO_VIEW_LABELS[view].toLowerCase()} photo of ${area.label.toLowerCase()} is saved.` : null;
  })();
  return (
    <div className="page">
      <p className="small">
        <Link to={`/staff/appointments/${page.appointmentId}/chart`}>← Back to the session chart</Link>
      </p>
      <h1>Session photos</h1>
      <p>
        {page.clientName} · {page.date}
      </p>
      <p>
        <Link to={`/staff/clients/${page.clientId}/photos`}>Compare this client's photos across sessions</Link>
      </p>
      {savedLabel ? (
        <div className="success" role="status">
          <p>{savedLabel}</p>
        </div>
      ) : null}
      {result && !(page.areas.some((x) => x.id === result.zone) && (PHOTO_VIEWS as readonly string[]).includes(result.view)) ? (
        <p className="alert error" role="alert">
          {result.error}
        </p>
      ) : null}

      <CaptureGuide />

      {!page.mayAdd && page.notAddingBecause ? <p className="alert">{page.notAddingBecause}</p> : null}

      {page.areas.map((area) => (
        <HeadedSection key={area.id} id={`area-${area.id}`} title={area.label}>
          <ul className="photo-views">
            {PHOTO_VIEWS.map((view) => (
              <ViewForm
                key={view}
                zone={area.id}
                zoneText={area.label}
                view={view}
                clientId={page.clientId}
                photos={page.photos.filter((p) => p.zone === area.id && p.view === view)}
                mayAdd={page.mayAdd}
                error={result && result.zone === area.id && result.view === view ? result.error : null}
              />
            ))}
          </ul>
        </HeadedSection>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
