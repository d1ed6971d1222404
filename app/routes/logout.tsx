import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { getServices } from "../context.ts";

export async function loader() {
  return redirect("/staff");
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const response = await services.auth.api.signOut({ headers: request.headers, asResponse: true });
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return redirect("/login?signed-out=1", { headers, status: 303 });
}
