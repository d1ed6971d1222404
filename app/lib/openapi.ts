// The public booking API as OpenAPI 3.1. Shapes follow the shared booking
// contract. Every status a route can send is declared on its operation —
// the route's own answers, the shared helpers' (api.server.ts, problem.ts,
// booking-api.server.ts) and the server's (server/app.ts: 413 for a body over
// 1 MiB on every route; server/security.ts: 403 for a cross-site POST that
// carries a cookie). openapi.test.ts lints this document with Redocly's
// recommended rules; e2e/openapi-conformance.test.ts checks live answers
// against it.
import { AREAS, CONDITIONS, OUTCOMES, PROCEDURES, REASON_OUTCOMES, SKIN_CONDITIONS } from "../../src/screening/types.ts";

const PROBLEM_BASE = "https://dermaplan.app/problems/";
const problemType = (name: string) => PROBLEM_BASE + name;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** A problem whose `type` is one of these names (under https://dermaplan.app/problems/). */
const problemOf = (...names: string[]) => ({
  allOf: [
    ref("Problem"),
    { type: "object", properties: { type: names.length === 1 ? { const: problemType(names[0]!) } : { enum: names.map(problemType) } } },
  ],
});

const problemContent = (schema: object) => ({ "application/problem+json": { schema } });

const offsetDateTime = {
  type: "string",
  format: "date-time",
  description: "ISO 8601 with the location's UTC offset, e.g. 2027-03-15T10:00:00-04:00",
  examples: ["2027-03-15T10:00:00-04:00"],
};

const plainDate = { type: "string", format: "date", examples: ["2027-03-15"] };

/** What every operation can answer besides its own statuses. */
const always = {
  "405": response("MethodNotAllowed"),
  "413": response("PayloadTooLarge"),
  "500": response("ServerError"),
};

const PUBLIC: never[] = [];
const STAFF = [{ staffSession: [] }];

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
  paths: {
    "/api/v1/services": {
      get: {
        operationId: "listServices",
        summary: "The clinic's bookable services",
        tags: ["Booking"],
        security: PUBLIC,
        responses: {
          "200": {
            description: "Services",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["services"],
                  properties: { services: { type: "array", items: ref("Service") } },
                },
              },
            },
          },
          ...always,
        },
      },
    },
    "/api/v1/availability": {
      get: {
        operationId: "getAvailability",
        summary: "Bookable slots for a service between two local dates (inclusive, at most 62 days)",
        tags: ["Booking"],
        security: PUBLIC,
        parameters: [
          { name: "serviceId", in: "query", required: true, description: "A service's id", schema: { type: "string", format: "uuid" } },
          { name: "from", in: "query", required: true, description: "First local date, YYYY-MM-DD", schema: plainDate },
          { name: "to", in: "query", required: true, description: "Last local date, inclusive", schema: plainDate },
          {
            name: "practitionerId",
            in: "query",
            required: false,
            description: "Only this practitioner's slots",
            schema: { type: "string", format: "uuid" },
          },
        ],
        responses: {
          "200": {
            description: "Slots ordered by start",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["timeZone", "slots"],
                  properties: {
                    timeZone: { type: "string", examples: ["America/Toronto"] },
                    slots: { type: "array", items: ref("Slot") },
                  },
                },
              },
            },
          },
          "422": response("InvalidInput"),
          ...always,
        },
      },
    },
    "/api/v1/bookings": {
      post: {
        operationId: "createBooking",
        summary: "Book a listed slot",
        description: [
          "Public: no credentials are needed. A caller signed in as staff, or as the client the booking is for, is told why a",
          "treatment cannot be booked (`reason`, `earliestDate`) and that the client already has an appointment then",
          "(`client-overlap`); anyone else gets one neutral `not-eligible` answer for every cause that concerns the client,",
          "and the clinic e-mails the client, at the stored address, what to do and from when.",
        ].join(" "),
        tags: ["Booking"],
        // Optional: public, or with a staff or client session (which only widens what a refusal says).
        security: [{}, { staffSession: [] }, { clientSession: [] }],
        parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("BookingRequest") } },
        },
        responses: {
          "201": {
            description: "Booked (or, for a retry with the same Idempotency-Key and body, the first answer again)",
            content: { "application/json": { schema: ref("Booking") } },
          },
          "400": response("BadRequest"),
          "403": response("CrossOrigin"),
          "409": {
            description: [
              "Not booked. `slot-unavailable`: the time was taken meanwhile or never offered, with up to three nearest free `alternatives`.",
              "`not-eligible`: the client's screening does not allow a treatment on that date — with `reason` and `earliestDate` for staff",
              "and the signed-in client; for anyone else, the neutral answer (no `reason`, no `earliestDate`, `alternatives: []`), which",
              "also stands for the client having another appointment then. `client-overlap`: the client already has an appointment",
              "then (staff and the signed-in client only).",
            ].join(" "),
            content: problemContent({ oneOf: [ref("SlotUnavailableProblem"), ref("ClientOverlapProblem"), ref("NotEligibleProblem")] }),
          },
          "413": response("PayloadTooLarge"),
          "415": response("UnsupportedMediaType"),
          "422": {
            description:
              "A field is wrong (`invalid-input`, `errors` names each one, control characters included), or the Idempotency-Key was used before with a different body (`idempotency-key-reuse`)",
            content: problemContent(problemOf("invalid-input", "idempotency-key-reuse")),
          },
          "429": response("TooManyRequests"),
          "405": response("MethodNotAllowed"),
          "500": response("ServerError"),
        },
      },
    },
    "/api/v1/bookings/{id}": {
      get: {
        operationId: "getBooking",
        summary: "A booking, for the holder of its manage token",
        tags: ["Booking"],
        security: PUBLIC,
        parameters: [{ $ref: "#/components/parameters/BookingId" }, { $ref: "#/components/parameters/ManageToken" }],
        responses: {
          "200": { description: "The booking", content: { "application/json": { schema: ref("Booking") } } },
          "400": response("BadAddress"),
          "404": response("NotFound"),
          ...always,
        },
      },
    },
    "/api/v1/bookings/{id}/cancel": {
      post: {
        operationId: "cancelBooking",
        summary: "Cancel; the slot is bookable again at once",
        tags: ["Booking"],
        security: PUBLIC,
        parameters: [{ $ref: "#/components/parameters/BookingId" }, { $ref: "#/components/parameters/ManageToken" }],
        responses: {
          "200": {
            description: "Cancelled",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "status", "lateCancellation"],
                  properties: {
                    id: { type: "string" },
                    status: { const: "cancelled" },
                    lateCancellation: { type: "boolean", description: "true inside the clinic's cancellation window" },
                  },
                },
              },
            },
          },
          "400": response("BadAddress"),
          "403": response("CrossOrigin"),
          "404": {
            description: "No such booking, the token does not match, or it can no longer be cancelled",
            content: problemContent(problemOf("not-found")),
          },
          ...always,
        },
      },
    },
    "/api/v1/bookings/{id}/reschedule": {
      post: {
        operationId: "rescheduleBooking",
        summary: "Move a booking atomically: the old time is released only if the new one is taken",
        tags: ["Booking"],
        security: PUBLIC,
        parameters: [{ $ref: "#/components/parameters/BookingId" }, { $ref: "#/components/parameters/ManageToken" }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["start"],
                properties: {
                  start: { ...offsetDateTime, description: "Must equal a listed slot's start" },
                  practitionerId: { type: "string", format: "uuid", description: "Omitted: the booking's practitioner" },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Moved", content: { "application/json": { schema: ref("Booking") } } },
          "400": response("BadRequest"),
          "403": response("CrossOrigin"),
          "404": {
            description: "No such booking, the token does not match, or it can no longer be moved",
            content: problemContent(problemOf("not-found")),
          },
          "409": {
            description: [
              "Not moved; the booking keeps its old time. `slot-unavailable`: the new time is not free (with `alternatives`);",
              "`not-eligible`: the client's screening does not allow a treatment on that date (with `reason` and `earliestDate`",
              "only for the client signed in to their portal; anyone else holding the link gets the neutral answer);",
              "`outside-plan-window`: a session",
              "of a treatment plan moved outside its interval window, with `earliestDate` and `latestDate`.",
            ].join(" "),
            content: problemContent({
              oneOf: [ref("SlotUnavailableProblem"), ref("NotEligibleProblem"), ref("PlanWindowProblem")],
            }),
          },
          "413": response("PayloadTooLarge"),
          "415": response("UnsupportedMediaType"),
          "422": response("InvalidInput"),
          "405": response("MethodNotAllowed"),
          "500": response("ServerError"),
        },
      },
    },
    "/api/v1/screenings": {
      post: {
        operationId: "screen",
        summary: "Screens an intake against the clinic's rules: may this person be treated, and from which date?",
        description:
          "Public and stateless: nothing is stored and no answer is logged. Dates are calendar dates in the clinic's time zone; asOf defaults to today there. See the screening contract for the rules and their exact meaning.",
        tags: ["Screening"],
        security: PUBLIC,
        requestBody: { required: true, content: { "application/json": { schema: ref("Intake") } } },
        responses: {
          "200": {
            description: "The result",
            content: { "application/json": { schema: ref("ScreeningResult") } },
          },
          "400": response("BadRequest"),
          "403": response("CrossOrigin"),
          "413": response("PayloadTooLarge"),
          "415": response("UnsupportedMediaType"),
          "422": {
            description: "Invalid answers, one message per field path (e.g. recentProcedures[0].date)",
            content: problemContent(problemOf("invalid-input")),
          },
          "405": response("MethodNotAllowed"),
          "500": response("ServerError"),
        },
      },
    },
    "/api/v1/clients": {
      get: {
        operationId: "listClients",
        summary: "The clinic's clients, contact details only (staff session required)",
        tags: ["Staff"],
        security: STAFF,
        parameters: [
          {
            name: "q",
            in: "query",
            required: false,
            description: "Search by name, e-mail or phone",
            schema: { type: "string", maxLength: 100 },
          },
          { name: "page", in: "query", required: false, description: "From 1", schema: { type: "integer", minimum: 1 } },
          {
            name: "pageSize",
            in: "query",
            required: false,
            description: "Clients per page, 1 to 200",
            schema: { type: "integer", minimum: 1, maximum: 200 },
          },
        ],
        responses: {
          "200": {
            description: "A page of clients",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["clients", "page", "pageCount", "total"],
                  properties: {
                    clients: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["id", "name", "email"],
                        properties: {
                          id: { type: "string" },
                          name: { type: "string" },
                          email: { type: "string" },
                          phone: { type: ["string", "null"] },
                          createdAt: { type: "string", format: "date-time" },
                        },
                      },
                    },
                    page: { type: "integer" },
                    pageCount: { type: "integer" },
                    total: { type: "integer" },
                  },
                },
              },
            },
          },
          "401": response("Unauthorized"),
          "403": response("Forbidden"),
          "422": response("InvalidInput"),
          ...always,
        },
      },
    },
    "/api/v1/clients/{clientId}/plans": {
      parameters: [
        { name: "clientId", in: "path", required: true, description: "A client's id", schema: { type: "string", format: "uuid" } },
      ],
      get: {
        operationId: "listPlans",
        summary: "A client's treatment plans: status and session counts only (staff session with access to the record; audited)",
        tags: ["Staff"],
        security: STAFF,
        responses: {
          "200": {
            description: "The client's plans, newest first",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["plans"],
                  properties: {
                    plans: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["id", "createdAt", "latestVersion", "status", "acceptedVersion", "sessions"],
                        properties: {
                          id: { type: "string" },
                          createdAt: { type: "string", format: "date-time" },
                          latestVersion: { type: "integer" },
                          status: { enum: ["draft", "proposed", "accepted", "superseded"] },
                          acceptedVersion: { type: ["integer", "null"] },
                          sessions: { type: "integer" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          "400": response("BadAddress"),
          "401": response("Unauthorized"),
          "403": response("Forbidden"),
          "404": response("NotFound"),
          ...always,
        },
      },
      post: {
        operationId: "createPlan",
        summary: "Start a treatment plan as a draft (practitioner with access to the record; audited)",
        description:
          "The body is a PlanDraft (see docs/plans.md). The clinic's limits apply as on the plan screen; a refusal is 422 with `violations`, each naming the rule that refused it (e.g. depth.zone-maximum, interval.minimum, product.not-approved, zone.orbital-rim) and the field.",
        tags: ["Staff"],
        security: STAFF,
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", description: "A PlanDraft (docs/plans.md)" } } },
        },
        responses: {
          "201": {
            description: "The draft was saved",
            headers: {
              Location: { description: "The plan's staff page", schema: { type: "string" } },
            },
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["planId", "version", "status"],
                  properties: { planId: { type: "string" }, version: { type: "integer" }, status: { const: "draft" } },
                },
              },
            },
          },
          "400": response("BadRequest"),
          "401": response("Unauthorized"),
          "403": response("Forbidden"),
          "404": response("NotFound"),
          "413": response("PayloadTooLarge"),
          "415": response("UnsupportedMediaType"),
          "422": {
            description: "The plan is not valid or breaks a limit: `errors` by field, and `violations` [{ rule, field, message }]",
            content: problemContent(ref("PlanProblem")),
          },
          "405": response("MethodNotAllowed"),
          "500": response("ServerError"),
        },
      },
    },
    "/api/v1/depth-table": {
      get: {
        operationId: "getDepthTable",
        summary: "Zones, concerns and the depth table behind the plan screen's suggestions, with evidence tags and sources",
        tags: ["Reference"],
        security: PUBLIC,
        responses: {
          "200": {
            description:
              "Zones (default, clinic and absolute maxima), indications (sessions and intervals) and rows (zone × indication → mm)",
            content: { "application/json": { schema: ref("DepthTable") } },
          },
          ...always,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        tags: ["Reference"],
        security: PUBLIC,
        responses: {
          "200": {
            description: "The OpenAPI 3.1 document of this API",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["openapi", "info", "paths"],
                  properties: { openapi: { type: "string", pattern: "^3\\.1\\." }, info: { type: "object" }, paths: { type: "object" } },
                },
              },
            },
          },
          ...always,
        },
      },
    },
  },
  components: {
    securitySchemes: {
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
    },
    parameters: {
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
    },
    headers: {
      Allow: { description: "The methods this path answers", required: true, schema: { type: "string", examples: ["GET, POST"] } },
      RetryAfter: {
        description: "Seconds to wait before trying again",
        required: true,
        schema: { type: "integer", minimum: 0, examples: [120] },
      },
    },
    responses: {
      BadRequest: {
        description:
          "The body is not valid JSON, not a JSON object, or nested too deeply (`invalid-input`), or the address could not be percent-decoded (`bad-request`)",
        content: problemContent(problemOf("invalid-input", "bad-request")),
      },
      BadAddress: {
        description: "The address could not be percent-decoded, e.g. a path parameter with a broken %-escape (`bad-request`)",
        content: problemContent(problemOf("bad-request")),
      },
      Unauthorized: {
        description: "No staff session (`unauthorized`)",
        content: problemContent(problemOf("unauthorized")),
      },
      Forbidden: {
        description:
          "The staff member's role or access to the record does not allow it (`forbidden`), or the request came from another site with a cookie (`cross-origin`)",
        content: problemContent(problemOf("forbidden", "cross-origin")),
      },
      CrossOrigin: {
        description:
          "The request carried a cookie and came from another site (`cross-origin`); send it without cookies or from the clinic's site",
        content: problemContent(problemOf("cross-origin")),
      },
      NotFound: {
        description: "No such resource, or the token does not match (`not-found`)",
        content: problemContent(problemOf("not-found")),
      },
      MethodNotAllowed: {
        description:
          "Another method than this path answers (`method-not-allowed`); `Allow` lists the ones it does (for a method the site serves nowhere, such as TRACE, the ones the site serves)",
        headers: { Allow: { $ref: "#/components/headers/Allow" } },
        content: problemContent(problemOf("method-not-allowed")),
      },
      PayloadTooLarge: {
        description: "A body over 1 MiB, by its Content-Length (`payload-too-large`)",
        content: problemContent(problemOf("payload-too-large")),
      },
      UnsupportedMediaType: {
        description: "A body that is not application/json (`unsupported-media-type`)",
        content: problemContent(problemOf("unsupported-media-type")),
      },
      InvalidInput: {
        description: "Invalid input (`invalid-input`): `errors` names each field",
        content: problemContent(problemOf("invalid-input")),
      },
      TooManyRequests: {
        description:
          "Too many requests from this address or for this e-mail address (`rate-limited`); try again after `Retry-After` seconds",
        headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
        content: problemContent(ref("RateLimitProblem")),
      },
      ServerError: {
        description: "An unexpected fault on the server (`server-error`)",
        content: problemContent(ref("Problem")),
      },
    },
    schemas: {
      Service: {
        type: "object",
        required: ["id", "name", "kind", "durationMinutes", "priceCents", "currency", "requiresEligibility"],
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          nameFr: {
            type: "string",
            description: "The name in French, for French-speaking clients; present only when the clinic entered one (otherwise show name)",
          },
          kind: { enum: ["consultation", "treatment"] },
          durationMinutes: { type: "integer" },
          priceCents: { type: ["integer", "null"] },
          currency: { type: "string", examples: ["CAD"] },
          requiresEligibility: { type: "boolean" },
        },
      },
      Slot: {
        type: "object",
        required: ["start", "end", "practitionerId"],
        properties: { start: offsetDateTime, end: offsetDateTime, practitionerId: { type: "string" } },
      },
      BookingRequest: {
        type: "object",
        required: ["serviceId", "start", "client"],
        properties: {
          serviceId: { type: "string" },
          start: { ...offsetDateTime, description: "Must equal a listed slot's start" },
          practitionerId: { type: "string", description: "Omitted: any practitioner free at that start" },
          client: {
            type: "object",
            required: ["name", "email"],
            properties: {
              name: { type: "string", minLength: 1, maxLength: 120 },
              email: { type: "string", format: "email", maxLength: 254 },
              phone: { type: "string", maxLength: 30, description: "7 to 15 digits; + ( ) - . and spaces allowed" },
            },
          },
          locale: {
            enum: ["en", "fr"],
            description:
              "The client's language: their e-mails (this booking's confirmation included) and their account are in it. Omitted: a known client keeps theirs, a new client gets English.",
          },
        },
      },
      Booking: {
        type: "object",
        required: ["id", "status", "serviceId", "practitionerId", "start", "end", "manageUrl"],
        properties: {
          id: { type: "string" },
          status: { enum: ["booked", "cancelled", "completed", "no-show"] },
          serviceId: { type: "string" },
          practitionerId: { type: "string" },
          start: offsetDateTime,
          end: offsetDateTime,
          manageUrl: { type: "string", format: "uri", description: "Opens a page to cancel or reschedule without an account" },
          lateCancellation: { type: "boolean" },
        },
      },
      Intake: {
        type: "object",
        required: ["treatmentAreas"],
        additionalProperties: false,
        properties: {
          asOf: { type: "string", format: "date", description: "The day treatment would happen; default: today in the clinic's zone" },
          birthDate: { type: "string", format: "date" },
          treatmentAreas: { type: "array", minItems: 1, items: { enum: [...AREAS] } },
          fitzpatrickType: { type: "integer", minimum: 1, maximum: 6 },
          fitzpatrickAnswers: {
            type: "array",
            minItems: 10,
            maxItems: 10,
            items: { type: "integer", minimum: 0, maximum: 4 },
            description: "The ten-item questionnaire; used when fitzpatrickType is absent",
          },
          conditions: { type: "array", items: { enum: [...CONDITIONS] } },
          skinConditions: {
            type: "array",
            items: {
              type: "object",
              required: ["type"],
              properties: { type: { enum: [...SKIN_CONDITIONS] }, areas: { type: "array", items: { enum: [...AREAS] } } },
            },
          },
          medications: {
            type: "object",
            properties: {
              isotretinoin: {
                oneOf: [
                  { type: "object", required: ["status"], properties: { status: { const: "current" } } },
                  {
                    type: "object",
                    required: ["status", "stoppedOn"],
                    properties: { status: { const: "stopped" }, stoppedOn: { type: "string", format: "date" } },
                  },
                ],
              },
              anticoagulant: { type: "boolean" },
              otcBloodThinner: {
                type: "boolean",
                description: "Regular NSAIDs or blood-thinning supplements (fish oil, vitamin E, ginkgo, garlic); absent means no",
              },
              immunosuppressant: { type: "boolean" },
              topicalRetinoidLastUsed: { type: "string", format: "date" },
            },
          },
          recentProcedures: {
            type: "array",
            items: {
              type: "object",
              required: ["type", "date"],
              properties: {
                type: { enum: [...PROCEDURES] },
                date: { type: "string", format: "date" },
                areas: { type: "array", items: { enum: [...AREAS] } },
              },
            },
          },
          expectsCompleteRemoval: { type: "boolean" },
        },
      },
      ScreeningResult: {
        type: "object",
        required: ["outcome", "earliestDate", "awaitingResolution", "fitzpatrickType", "reasons", "rulesVersion"],
        properties: {
          outcome: { enum: [...OUTCOMES] },
          earliestDate: { type: ["string", "null"], format: "date" },
          awaitingResolution: { type: "boolean" },
          fitzpatrickType: { type: ["integer", "null"], minimum: 1, maximum: 6 },
          reasons: {
            type: "array",
            description: "One per rule that fired, most severe first",
            items: {
              type: "object",
              required: ["ruleId", "outcome", "until", "clientMessage", "staffNote", "citations"],
              properties: {
                ruleId: { type: "string" },
                outcome: { enum: [...REASON_OUTCOMES] },
                until: {
                  type: ["string", "null"],
                  format: "date",
                  description: "Deferrals: first day treatment is allowed; null = once resolved",
                },
                clientMessage: { type: "string" },
                staffNote: { type: "string" },
                citations: { type: "array", items: { type: "string" } },
              },
            },
          },
          rulesVersion: { type: "string" },
        },
      },
      DepthLimitSource: {
        type: "object",
        description: "What a zone's default maximum or ceiling rests on",
        required: ["evidence", "clinicDefault", "citations", "note"],
        properties: {
          evidence: ref("EvidenceTag"),
          clinicDefault: { type: "boolean", description: 'No measurement or study sets it for this site: "clinic default — confirm"' },
          citations: { type: "array", items: { type: "string" } },
          note: { type: "string", description: "The figure and how strong the evidence is" },
        },
      },
      DepthTable: {
        type: "object",
        required: ["zones", "indications", "rows"],
        properties: {
          zones: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "label", "group", "defaultMaxMm", "clinicMaxMm", "ceilingMm"],
              properties: {
                id: { type: "string", examples: ["cheek-left"] },
                label: { type: "string" },
                group: { enum: ["face", "neck", "decollete", "hands", "scalp", "body"] },
                defaultMaxMm: { type: "number", description: "The default maximum needle depth" },
                clinicMaxMm: { type: ["number", "null"], description: "The clinic's own maximum, when it set one" },
                ceilingMm: { type: "number", description: "No clinic setting may exceed this" },
                maxInForceMm: {
                  type: "number",
                  description: "What plans are held to: the clinic's maximum held under the ceiling, or the default",
                },
                clinicMaxAboveCeiling: {
                  type: "boolean",
                  description: "The clinic's saved maximum is deeper than the ceiling and is not applied",
                },
                defaultMax: ref("DepthLimitSource"),
                ceiling: ref("DepthLimitSource"),
              },
            },
          },
          indications: {
            type: "array",
            items: {
              type: "object",
              required: [
                "id",
                "label",
                "sessions",
                "intervalMinDays",
                "intervalMaxDays",
                "minimumIntervalDays",
                "evidence",
                "clinicDefault",
                "citations",
              ],
              properties: {
                id: { type: "string", examples: ["acne-scars"] },
                label: { type: "string" },
                sessions: { type: "integer" },
                intervalMinDays: { type: "integer" },
                intervalMaxDays: { type: "integer" },
                minimumIntervalDays: { type: "integer" },
                evidence: ref("EvidenceTag"),
                clinicDefault: { type: "boolean", description: 'The clinic\'s own default: shown as "clinic default — confirm"' },
                citations: { type: "array", items: { type: "string" } },
              },
            },
          },
          rows: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "zone", "indication", "minMm", "maxMm", "evidence", "clinicDefault", "citations"],
              properties: {
                id: { type: "string", examples: ["cheek-left.acne-scars"] },
                zone: { type: "string" },
                indication: { type: "string" },
                minMm: { type: "number" },
                maxMm: { type: "number" },
                evidence: ref("EvidenceTag"),
                clinicDefault: { type: "boolean" },
                citations: { type: "array", items: { type: "string" }, description: "Anchors on docs/clinical/README.md" },
              },
            },
          },
        },
      },
      EvidenceTag: {
        enum: ["PR", "REG", "IND", "CLIN"],
        description: "PR peer-reviewed · REG regulator or labelling · IND industry chart · CLIN clinic protocol",
      },
      Problem: {
        type: "object",
        description: "Problem details (RFC 9457)",
        required: ["type", "title", "status"],
        properties: {
          type: { type: "string", format: "uri", examples: ["https://dermaplan.app/problems/invalid-input"] },
          title: { type: "string" },
          status: { type: "integer", minimum: 400, maximum: 599 },
          detail: { type: "string" },
          errors: {
            type: "object",
            additionalProperties: { type: "string" },
            description: "One message per invalid field, keyed by its path (client.email, recentProcedures[0].date)",
          },
        },
      },
      SlotUnavailableProblem: {
        allOf: [
          ref("Problem"),
          {
            type: "object",
            required: ["alternatives"],
            properties: {
              type: { const: problemType("slot-unavailable") },
              alternatives: { type: "array", maxItems: 3, items: ref("Slot"), description: "Up to three nearest free slots" },
            },
          },
        ],
      },
      ClientOverlapProblem: {
        allOf: [ref("Problem"), { type: "object", properties: { type: { const: problemType("client-overlap") } } }],
      },
      NotEligibleProblem: {
        description: [
          "To staff and the client signed in: `reason` and `earliestDate`. To anyone else one neutral answer, whatever the",
          'cause (title "This appointment can\'t be booked online for you yet"), without `reason` or `earliestDate`; the clinic',
          "e-mails the client what to do. The clinical reason is never given.",
        ].join(" "),
        allOf: [
          ref("Problem"),
          {
            type: "object",
            required: ["alternatives"],
            properties: {
              type: { const: problemType("not-eligible") },
              reason: {
                enum: ["screening-required", "not-yet"],
                description: "screening-required: none yet, or too old; not-yet: allowed from earliestDate (or once resolved)",
              },
              earliestDate: { type: ["string", "null"], format: "date", description: "null when no date can be given" },
              alternatives: { type: "array", maxItems: 0 },
            },
          },
        ],
      },
      PlanWindowProblem: {
        allOf: [
          ref("Problem"),
          {
            type: "object",
            required: ["earliestDate", "latestDate", "alternatives"],
            properties: {
              type: { const: problemType("outside-plan-window") },
              earliestDate: { type: ["string", "null"], format: "date" },
              latestDate: { type: ["string", "null"], format: "date" },
              alternatives: { type: "array", maxItems: 0 },
            },
          },
        ],
      },
      SlotProblem: {
        description: "Any 409 of the booking operations (kept for programs generated from version 1.0.0 of this document)",
        oneOf: [ref("SlotUnavailableProblem"), ref("ClientOverlapProblem"), ref("NotEligibleProblem"), ref("PlanWindowProblem")],
      },
      RateLimitProblem: {
        allOf: [
          ref("Problem"),
          {
            type: "object",
            required: ["retryAfterSeconds"],
            properties: {
              type: { const: problemType("rate-limited") },
              retryAfterSeconds: { type: "integer", minimum: 0, description: "The same as the Retry-After header" },
            },
          },
        ],
      },
      PlanProblem: {
        allOf: [
          ref("Problem"),
          {
            type: "object",
            properties: {
              type: { const: problemType("invalid-input") },
              violations: {
                type: "array",
                items: {
                  type: "object",
                  required: ["rule", "field", "message"],
                  properties: {
                    rule: { type: "string", examples: ["depth.zone-maximum"] },
                    field: { type: "string", examples: ["zones.0.depthMaxMm"] },
                    message: { type: "string" },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
} as const;
