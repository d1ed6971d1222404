// GET /staff/plans/:planId/photos/:photoId: one skin photo, for staff with
// access to the record. Every view is audited; nothing is cached.
import { data } from "react-router";
import type { Route } from "./+types/plan-photo";
import { classifyHealthError } from "../../../src/privacy/health-record.ts";
import { viewSkinPhoto } from "../../../src/privacy/plan-record.ts";
import { getServices, getStaff } from "../../context.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  try {
    const { jpeg, mediaType } = await viewSkinPhoto(services.db, {
      staff,
      keyRing: services.keyRing,
      photoId: params.photoId,
      now: services.now(),
    });
    return new Response(new Uint8Array(jpeg), {
      headers: { "Content-Type": mediaType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    const c = classifyHealthError(error);
    if (c) throw data(c.message, { status: c.status });
    throw error;
  }
}
