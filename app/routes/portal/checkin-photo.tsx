// GET /portal/checkin-photos/:photoId: the photo the signed-in client sent
// with one of their check-ins. Audited as their view; another's photo is not
// found; never cached.
import type { Route } from "./+types/checkin-photo";
import { clientCheckinPhoto } from "../../../src/plans/record/checkin-photos.ts";
import { clientPhoto } from "../../lib/photo-response.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  return clientPhoto(context, ({ services, client }) =>
    clientCheckinPhoto(services.db, { client, keyRing: services.keyRing, photoId: params.photoId }),
  );
}
