// GET /portal/photos/:photoId: one of the signed-in client's own session
// photos. Audited as their view; another's photo is not found; never cached.
import { data } from "react-router";
import type { Route } from "./+types/photo";
import { problemOf } from "../../../src/kernel/errors.ts";
import { clientSessionPhoto } from "../../../src/plans/record/session-photos.ts";
import { getClient, getServices } from "../../context.ts";
import { translate } from "../../i18n/catalog.ts";
import { photoResponse } from "../../lib/photo-response.server.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  try {
    return photoResponse(await clientSessionPhoto(services.db, { client, keyRing: services.keyRing, photoId: params.photoId }));
  } catch (error) {
    const problem = problemOf(error);
    if (problem) throw data(translate(getPortalLocale(context), "portal.photos.notFound"), { status: problem.status });
    throw error;
  }
}
