// GET /api/v1/clients: the staff client list as JSON, for programs acting with
// a staff member's session cookie. Contact details only (no health
// information), scoped to the staff member's organization.
import type { Route } from "./+types/clients";
import { getStaffSession } from "../../../src/auth/auth.ts";
import { CLIENTS_PAGE_SIZE, clientQueryProblem, searchClients } from "../../../src/privacy/client-directory.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { invalidInput, json, problem } from "../../lib/problem.ts";
import { can } from "../../../src/kernel/access.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const staff = await getStaffSession(services.auth, services.db, request.headers, services.organizationId);
  if (!staff) return problem("unauthorized", 401, "Sign in as staff to use this endpoint");
  if (!can(staff.role, "clients.view")) return problem("forbidden", 403, "Your role may not see the clinic's clients");

  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const pageText = url.searchParams.get("page") ?? "1";
  const sizeText = url.searchParams.get("pageSize") ?? String(CLIENTS_PAGE_SIZE);
  const errors: Record<string, string> = {};
  const qProblem = clientQueryProblem(q);
  if (qProblem) errors.q = qProblem;
  if (!/^[1-9][0-9]{0,5}$/.test(pageText)) errors.page = "A whole number from 1";
  if (!/^[1-9][0-9]{0,2}$/.test(sizeText) || Number(sizeText) > 200) errors.pageSize = "A whole number from 1 to 200";
  if (Object.keys(errors).length) return invalidInput(errors);

  const result = await searchClients(services.db, { staff, query: q, page: Number(pageText), pageSize: Number(sizeText) });
  return json({
    clients: result.clients.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      createdAt: new Date(c.createdAt).toISOString(),
    })),
    page: result.page,
    pageCount: result.pageCount,
    total: result.total,
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
