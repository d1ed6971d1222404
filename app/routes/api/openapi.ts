import { methodNotAllowed } from "../../lib/api.server.ts";
import { openApiDocument } from "../../lib/openapi.ts";
import { json } from "../../lib/problem.ts";

export async function loader() {
  return json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}

export async function action() {
  return methodNotAllowed("GET");
}
