// The reusable parts of the OpenAPI document besides its schemas: how staff
// and clients authenticate, the shared parameters and headers, and the
// standard answers an operation names through answers() (helpers.ts).
import { problem, problemSchema, ref, type StandardAnswer } from "./helpers.ts";

export const securitySchemes = {
  staffSession: {
    type: "apiKey",
    in: "cookie",
    name: "better-auth.session_token",
    description:
      "A staff member's signed-in session, as the sign-in page sets it (named __Secure-better-auth.session_token when the site is served over HTTPS). Staff with two-factor enrolment must have completed it.",
  },
  clientSession: {
    type: "apiKey",
    in: "cookie",
    name: "dp_client",
    description: "A client's signed-in portal session (from the sign-in link e-mailed to them)",
  },
};

export const parameters = {
  BookingId: { name: "id", in: "path", required: true, description: "The booking's id", schema: { type: "string", format: "uuid" } },
  ManageToken: {
    name: "token",
    in: "query",
    required: true,
    description: "The booking's manage token, from its manageUrl",
    schema: { type: "string" },
  },
  IdempotencyKey: {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description: "A retry with the same key and body answers the first result again; with another body, 422.",
    schema: { type: "string", minLength: 1, maxLength: 200 },
  },
};

export const headers = {
  Allow: { description: "The methods this path answers", required: true, schema: { type: "string", examples: ["GET, POST"] } },
  RetryAfter: {
    description: "Seconds to wait before trying again",
    required: true,
    schema: { type: "integer", minimum: 0, examples: [120] },
  },
};

// Every name answers() accepts has its answer here, and nothing else does.
export const responses: Record<StandardAnswer, object> = {
  BadRequest: problem(
    "The body is not valid JSON, not a JSON object, or nested too deeply (`invalid-input`), or the address could not be percent-decoded (`bad-request`)",
    problemSchema("invalid-input", "bad-request"),
  ),
  BadAddress: problem(
    "The address could not be percent-decoded, e.g. a path parameter with a broken %-escape (`bad-request`)",
    problemSchema("bad-request"),
  ),
  Unauthorized: problem("No staff session (`unauthorized`)", problemSchema("unauthorized")),
  Forbidden: problem(
    "The staff member's role or access to the record does not allow it (`forbidden`), or the request came from another site with a cookie (`cross-origin`)",
    problemSchema("forbidden", "cross-origin"),
  ),
  CrossOrigin: problem(
    "The request carried a cookie and came from another site (`cross-origin`); send it without cookies or from the clinic's site",
    problemSchema("cross-origin"),
  ),
  NotFound: problem("No such resource, or the token does not match (`not-found`)", problemSchema("not-found")),
  MethodNotAllowed: problem(
    "Another method than this path answers (`method-not-allowed`); `Allow` lists the ones it does (for a method the site serves nowhere, such as TRACE, the ones the site serves)",
    problemSchema("method-not-allowed"),
    { Allow: { $ref: "#/components/headers/Allow" } },
  ),
  PayloadTooLarge: problem("A body over 1 MiB, by its Content-Length (`payload-too-large`)", problemSchema("payload-too-large")),
  UnsupportedMediaType: problem("A body that is not application/json (`unsupported-media-type`)", problemSchema("unsupported-media-type")),
  InvalidInput: problem("Invalid input (`invalid-input`): `errors` names each field", problemSchema("invalid-input")),
  TooManyRequests: problem(
    "Too many requests from this address or for this e-mail address (`rate-limited`); try again after `Retry-After` seconds",
    ref("RateLimitProblem"),
    { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
  ),
  ServerError: problem("An unexpected fault on the server (`server-error`)", ref("Problem")),
};
