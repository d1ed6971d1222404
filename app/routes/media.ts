// GET /media/:assetId/:file — a library image ("960.avif", "480.webp",
// "original.webp"). Images a published page uses are public; the rest (a
// draft's images, the library) only for signed-in staff. Bytes never change
// under a name, so they are cached for a year. (X-Content-Type-Options:
// nosniff comes with every response, from server/security.ts.)
import type { Route } from "./+types/media";
import { getStaffSession } from "../../src/auth/auth.ts";
import { readMediaFile } from "../../src/content/media-files.ts";
import { getServices } from "../context.ts";

const YEAR = 365 * 24 * 60 * 60;

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const where = { organizationId: services.organizationId, assetId: params.assetId.toLowerCase(), file: params.file };
  let found = await readMediaFile(services.db, { ...where, staff: false });
  if (!found && request.headers.get("cookie")) {
    const staff = await getStaffSession(services.auth, services.db, request.headers, services.organizationId);
    if (staff) found = await readMediaFile(services.db, { ...where, staff: true });
  }
  if (!found) return notFound();
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      "Content-Type": found.contentType,
      "Content-Length": String(found.bytes.byteLength),
      "Cache-Control": `${found.public ? "public" : "private"}, max-age=${YEAR}, immutable`,
    },
  });
}
