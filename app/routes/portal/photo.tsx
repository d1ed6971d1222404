// GET /portal/photos/:photoId: one of the signed-in client's own session
// photos. Audited as their view; another's photo is not found; never cached.
import type { Route } from "./+types/photo";
import { clientSessionPhoto } from "../../../src/plans/record/session-photos.ts";
import { clientPhoto } from "../../lib/photo-response.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  return clientPhoto(context, ({ services, client }) =>
    clientSessionPhoto(services.db, { client, keyRing: services.keyRing, photoId: params.photoId }),
  );
}
