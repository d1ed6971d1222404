// GET /staff/clients/:id/photos/:photoId: one of the client's session photos,
// for staff with access to the record. Every view is audited; nothing is cached.
import type { Route } from "./+types/client-photo";
import { viewSessionPhoto } from "../../../src/plans/record/session-photos.ts";
import { staffPhoto } from "../../lib/photo-response.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  return staffPhoto(context, ({ services, staff }) =>
    viewSessionPhoto(services.db, {
      staff,
      keyRing: services.keyRing,
      clientId: params.id,
      photoId: params.photoId,
      now: services.now(),
    }),
  );
}
