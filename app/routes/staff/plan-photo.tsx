// GET /staff/plans/:planId/photos/:photoId: one skin photo, for staff with
// access to the record. Every view is audited; nothing is cached.
import type { Route } from "./+types/plan-photo";
import { viewSkinPhoto } from "../../../src/plans/record/skin-photos.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
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
    refuse(error);
  }
}
