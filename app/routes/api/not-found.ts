import { problem } from "../../lib/problem.ts";

export async function loader() {
  return problem("not-found", 404, "No such API endpoint");
}

export async function action() {
  return problem("not-found", 404, "No such API endpoint");
}
