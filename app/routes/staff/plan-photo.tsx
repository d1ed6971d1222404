// GET /staff/plans/:planId/photos/:photoId: one skin photo, for staff with
// access to the record. Every view is audited; nothing is cached.
import type { Route } from "./+types/plan-photo";
import { viewSkinPhoto } from "../../../src/plans/record/skin-photos.ts";
import { staffPhoto } from "../../lib/photo-response.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  return staffPhoto(context, ({ services, staff }) =>
    viewSkinPhoto(services.db, { staff, keyRing: services.keyRing, photoId: params.photoId, now: services.now() }),
  );
}
