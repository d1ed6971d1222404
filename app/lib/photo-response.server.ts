// One way to serve a photo from the record (staff and portal photo routes:
// session, plan and check-in photos): its bytes under its media type, never
// cached, never sniffed as another type.
import { data, type RouterContextProvider } from "react-router";
import { getClient, getServices, type AppServices } from "../context.ts";
import { translate } from "../i18n/catalog.ts";
import type { ClientActor } from "../../src/privacy/access.ts";
import { problemOf } from "../../src/kernel/errors.ts";
import { getPortalLocale } from "./portal-locale.ts";
import { refuse } from "./refusals.server.ts";
import { staffRequest, type StaffRequest } from "./staff-route.server.ts";

export interface PhotoBytes {
  jpeg: Uint8Array;
  mediaType: string;
}

export function photoResponse({ jpeg, mediaType }: PhotoBytes): Response {
  return new Response(new Uint8Array(jpeg), {
    headers: { "Content-Type": mediaType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/** A staff photo route's loader body: the (audited) view, served, or its refusal as the route's error. */
export async function staffPhoto(
  context: Readonly<RouterContextProvider>,
  view: (request: StaffRequest) => Promise<PhotoBytes>,
): Promise<Response> {
  const request = staffRequest(context);
  try {
    return photoResponse(await view(request));
  } catch (error) {
    refuse(error);
  }
}

/** A portal photo route's loader body: the signed-in client's own (audited) view, or "not found" in their language. */
export async function clientPhoto(
  context: Readonly<RouterContextProvider>,
  view: (request: { services: AppServices; client: ClientActor }) => Promise<PhotoBytes>,
): Promise<Response> {
  const services = getServices(context);
  const client = getClient(context);
  try {
    return photoResponse(await view({ services, client }));
  } catch (error) {
    const problem = problemOf(error);
    if (problem) throw data(translate(getPortalLocale(context), "portal.photos.notFound"), { status: problem.status });
    throw error;
  }
}
