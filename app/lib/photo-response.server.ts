// One way to serve a photo from the record (staff and portal photo routes):
// its bytes under its media type, never cached, never sniffed as another type.
import type { RouterContextProvider } from "react-router";
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
