// The public booking API as OpenAPI 3.1. Shapes follow the shared booking
// contract. Every status a route can send is declared on its operation —
// the route's own answers, the shared helpers' (api.server.ts, problem.ts,
// booking-api.server.ts) and the server's (server/app.ts: 413 for a body over
// 1 MiB on every route; server/security.ts: 403 for a cross-site POST that
// carries a cookie). openapi.test.ts lints this document with Redocly's
// recommended rules; e2e/openapi-conformance.test.ts checks live answers
// against it.
//
// The document is put together here from openapi/: the operations by area
// (*-paths.ts), the schemas, and the shared components; helpers.ts holds the
// building blocks, answers() among them.
import { bookingPaths } from "./openapi/booking-paths.ts";
import { headers, parameters, responses, securitySchemes } from "./openapi/components.ts";
import { problemSchemas } from "./openapi/problem-schemas.ts";
import { referencePaths } from "./openapi/reference-paths.ts";
import { resourceSchemas } from "./openapi/schemas.ts";
import { screeningPaths } from "./openapi/screening-paths.ts";
import { staffPaths } from "./openapi/staff-paths.ts";

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Dermaplan booking and screening API",
    version: "1.1.0",
    description: [
      "Services, availability and bookings of one clinic, the screening engine, and a few endpoints for staff programs.",
      "A slot listed by /availability is bookable now, and a slot not listed is not.",
      "",
      "Every error is `application/problem+json` (RFC 9457) with a stable `type` URI under https://dermaplan.app/problems/, a `title`, the `status` and, for invalid input, `errors` with one message per field.",
      "Any operation answers 405 (with `Allow`) to another method, 413 to a body over 1 MiB, and 500 on a fault.",
      "",
      "Public operations need no credentials. Staff operations need the session cookie of a signed-in staff member;",
      "a state-changing request that carries a cookie must come from the clinic's own site (else 403 `cross-origin`).",
    ].join("\n"),
    license: { name: "Proprietary — all rights reserved", identifier: "LicenseRef-Dermaplan-Proprietary" },
  },
  servers: [{ url: "/", description: "The clinic's own Dermaplan server" }],
  tags: [
    { name: "Booking", description: "Services, free times and bookings, public and without an account" },
    { name: "Screening", description: "The screening engine: may this person be treated, and from which date" },
    { name: "Reference", description: "Clinical reference data behind the plan screen, and this document" },
    { name: "Staff", description: "For programs acting with a staff member's signed-in session" },
  ],
  paths: { ...bookingPaths, ...screeningPaths, ...staffPaths, ...referencePaths },
  components: {
    securitySchemes,
    parameters,
    headers,
    responses,
    schemas: { ...resourceSchemas, ...problemSchemas },
  },
} as const;
