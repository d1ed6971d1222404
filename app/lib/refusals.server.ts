// The domain's refusals (src/kernel/errors.ts) as answers, the same way on
// every page: bad input goes back to the form beside its fields (422); any
// other refusal becomes the page's message with its status (403, 404, 409,
// 429); anything else is rethrown, a real failure (500) logged by kind.
import { data } from "react-router";
import { problemOf } from "../../src/kernel/errors.ts";

/**
 * A refusal from the domain as the page's message with its status; anything
 * else is rethrown (a real failure: 500, logged by kind). Bad input is
 * answered `invalidStatus` (422 unless the page has no form to show it on).
 */
export function refuse(error: unknown, options: { invalidStatus?: number } = {}): never {
  const problem = problemOf(error);
  if (!problem) throw error;
  throw data(problem.message, { status: problem.status === 422 ? (options.invalidStatus ?? 422) : problem.status });
}

/** The field messages of a refusal of bad input, for the form to show; any other refusal becomes its page. */
export function formErrors(error: unknown): Record<string, string> {
  const problem = problemOf(error);
  if (!problem || problem.status !== 422) refuse(error);
  return { ...problem.errors };
}
