// GET /staff/clients/:id/checkin-photos/:photoId: the photo a client sent with
// a check-in after a session (docs/checkins.md), for staff with access to the
// record. Every view is audited; nothing is cached.
import type { Route } from "./+types/checkin-photo";
import { viewCheckinPhoto } from "../../../src/plans/record/checkin-photos.ts";
import { staffPhoto } from "../../lib/photo-response.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  return staffPhoto(context, ({ services, staff }) =>
    viewCheckinPhoto(services.db, {
      staff,
      keyRing: services.keyRing,
      clientId: params.id,
      photoId: params.photoId,
      now: services.now(),
    }),
  );
}
