// RFC 9457 problem details. Every API error goes through here, with a stable type URI.
import type { z } from "zod";

const TYPE_BASE = "https://dermaplan.app/problems/";

export type ProblemType =
  | "invalid-input"
  | "not-found"
  | "slot-unavailable"
  | "client-overlap"
  | "idempotency-key-reuse"
  | "not-eligible"
  | "outside-plan-window"
  | "unsupported-media-type"
  | "unauthorized"
  | "forbidden"
  | "cross-origin"
  | "method-not-allowed"
  | "payload-too-large"
  | "rate-limited"
  | "server-error";

export function problem(
  type: ProblemType,
  status: number,
  title: string,
  extra: Record<string, unknown> = {},
  headers: HeadersInit = {},
): Response {
  return new Response(JSON.stringify({ type: TYPE_BASE + type, title, status, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

/** One message per field, keyed by the field's path ("client.email"). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function invalidInput(errors: Record<string, string>, title = "Some of the input is not valid"): Response {
  return problem("invalid-input", 422, title, { errors });
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...(init.headers ?? {}) },
  });
}
