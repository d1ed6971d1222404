import { problem } from "../../lib/problem.ts";

export async function loader() {
  return problem("unauthorized", 401, "Sign in as staff to use this endpoint");
}
