// POST /staff/plans/:planId/photos: a skin photo for the plan. The body limit
// for this path is raised in server/app.ts; the photo is re-encoded without
// metadata before it is encrypted and stored. A refused upload comes back to
// this page with the reason and the caption as typed.
import { data, Link, redirect, useActionData, useParams } from "react-router";
import type { Route } from "./+types/plan-photos";
import adminCss from "./admin.css?url";
import { PHOTO_CAPTION_MAX } from "../../../src/plans/limits.ts";
import { PhotoForm } from "../../components/PhotoForm.tsx";
import { cleanPhoto, PhotoInputError } from "../../../src/plans/photos.ts";
import { addSkinPhoto } from "../../../src/plans/record/skin-photos.ts";
import { PhotoConsentMissingError } from "../../../src/consent/consent.ts";
import { viewPlanForStaff } from "../../../src/plans/record/staff-view.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { formTextErrors } from "../../lib/form.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { isUuid } from "../../../src/kernel/ids.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];
export const meta: Route.MetaFunction = () => [{ title: "Add a photo — Dermaplan staff" }, { name: "robots", content: "noindex" }];

// Shown after a refused upload (with the reason and the caption as typed), or opened directly.
export async function loader({ params }: Route.LoaderArgs) {
  if (!isUuid(params.planId)) throw data("No such plan.", { status: 404 });
  return null;
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data({ error: "The upload could not be read. Choose the photo again.", caption: "" }, { status: 400 });
  }
  if (!isUuid(params.planId)) throw data("No such plan.", { status: 404 });
  const unsafe = formTextErrors(form);
  if (unsafe) return data({ error: Object.values(unsafe)[0]!, caption: "" }, { status: 422 });
  const file = form.get("photo");
  const caption = String(form.get("caption") ?? "").slice(0, PHOTO_CAPTION_MAX);
  try {
    const { plan } = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
    if (!(file instanceof File) || file.size === 0) throw new PhotoInputError("Choose a photo to upload.");
    const clean = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
    await addSkinPhoto(services.db, { staff, keyRing: services.keyRing, clientId: plan.clientId, planId: plan.id, ...clean, caption, now });
  } catch (error) {
    // Bad files and a missing photo consent are answered on the form, with the caption kept.
    if (error instanceof PhotoInputError || error instanceof PhotoConsentMissingError)
      return data({ error: error.message, caption }, { status: error instanceof PhotoInputError ? 422 : 409 });
    refuse(error);
  }
  return redirect(`/staff/plans/${params.planId}?saved=photo#photos-title`, 303);
}

export default function PlanPhotoRefused() {
  const result = useActionData<typeof action>();
  const { planId } = useParams();
  return (
    <div className="page narrow">
      <p>
        <Link to={`/staff/plans/${planId}`}>← Back to the plan</Link>
      </p>
      <h1>Add a photo</h1>
      {result?.error ? (
        <p className="alert error" role="alert">
          {result.error}
        </p>
      ) : null}
      <PhotoForm planId={planId ?? ""} caption={result?.caption ?? ""} />
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}
