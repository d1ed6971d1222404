import type { Route } from "./+types/auth";
import { getServices } from "../../context.ts";

// better-auth's own endpoints (session, sign-out) under /api/auth.
export async function loader({ context, request }: Route.LoaderArgs) {
  return getServices(context).auth.handler(request);
}

export async function action({ context, request }: Route.ActionArgs) {
  return getServices(context).auth.handler(request);
}
