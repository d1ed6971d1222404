// POST /staff/plans/:planId/photos: a skin photo for the plan. The body limit
// for this path is raised in server/app.ts; the photo is re-encoded without
// metadata before it is encrypted and stored.
import { data, redirect } from "react-router";
import type { Route } from "./+types/plan-photos";
import { PHOTO_CAPTION_MAX } from "../../../src/plans/limits.ts";
import { cleanPhoto, PhotoInputError } from "../../../src/plans/photos.ts";
import { classifyHealthError } from "../../../src/privacy/health-record.ts";
import { addSkinPhoto, viewPlanForStaff } from "../../../src/privacy/plan-record.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { getServices, getStaff } from "../../context.ts";

export async function loader({ params }: Route.LoaderArgs) {
  return redirect(`/staff/plans/${params.planId}`);
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  const now = services.now();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data("The upload could not be read. Choose the photo again.", { status: 400 });
  }
  const file = form.get("photo");
  const caption = String(form.get("caption") ?? "").slice(0, PHOTO_CAPTION_MAX);
  try {
    const { plan } = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
    if (!(file instanceof File) || file.size === 0) throw new PhotoInputError("Choose a photo to upload.");
    const clean = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
    await addSkinPhoto(services.db, { staff, keyRing: services.keyRing, clientId: plan.clientId, planId: plan.id, ...clean, caption, now });
  } catch (error) {
    if (error instanceof PhotoInputError) throw data(error.message, { status: 422 });
    const c = classifyHealthError(error);
    if (c) throw data(c.message, { status: c.status });
    throw error;
  }
  return redirect(`/staff/plans/${params.planId}?saved=photo#photos-title`, 303);
}

export function ErrorBoundary() {
  return <StaffError backTo="." backLabel="Back to the plan" />;
}
