// The public booking API as OpenAPI 3.1. Shapes follow the shared booking
// contract; openapi.test.ts checks the routes and this document agree.
import { AREAS, CONDITIONS, OUTCOMES, PROCEDURES, REASON_OUTCOMES, SKIN_CONDITIONS } from "../../src/screening/types.ts";
const problem = {
  description: "Problem details (RFC 9457)",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

const offsetDateTime = {
  type: "string",
  format: "date-time",
  description: "ISO 8601 with the location's UTC offset, e.g. 2027-03-15T10:00:00-04:00",
  examples: ["2027-03-15T10:00:00-04:00"],
};

const tokenParam = {
  name: "token",
  in: "query",
  required: true,
  description: "The booking's manage token, from its manageUrl",
  schema: { type: "string" },
};

const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Dermaplan booking and screening API",
    version: "1.0.0",
    description:
      "Services, availability and bookings of one clinic. A slot listed by /availability is bookable now, and a slot not listed is not. Errors are application/problem+json with a stable type URI.",
  },
  servers: [{ url: "/" }],
  paths: {
    "/api/v1/services": {
      get: {
        operationId: "listServices",
        summary: "The clinic's bookable services",
        responses: {
          "200": {
            description: "Services",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["services"],
                  properties: { services: { type: "array", items: { $ref: "#/components/schemas/Service" } } },
                },
              },
            },
          },
        },
      },
    },
    "/api/v1/availability": {
      get: {
        operationId: "getAvailability",
        summary: "Bookable slots for a service between two local dates (inclusive, at most 62 days)",
        parameters: [
          { name: "serviceId", in: "query", required: true, schema: { type: "string", format: "uuid" } },
          { name: "from", in: "query", required: true, schema: { type: "string", format: "date" } },
          { name: "to", in: "query", required: true, schema: { type: "string", format: "date" } },
          { name: "practitionerId", in: "query", required: false, schema: { type: "string", format: "uuid" } },
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
                    slots: { type: "array", items: { $ref: "#/components/schemas/Slot" } },
                  },
                },
              },
            },
          },
          "422": problem,
        },
      },
    },
    "/api/v1/bookings": {
      post: {
        operationId: "createBooking",
        summary: "Book a listed slot",
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description: "A retry with the same key and body answers the first result again; with another body, 422.",
            schema: { type: "string", maxLength: 200 },
          },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/BookingRequest" } } },
        },
        responses: {
          "201": { description: "Booked", content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } } },
          "400": problem,
          "409": {
            description:
              "The slot was taken meanwhile (type …/slot-unavailable, with up to three alternatives), the client already has an appointment then (…/client-overlap), or the client's screening does not allow that date (…/not-eligible)",
            content: { "application/problem+json": { schema: { $ref: "#/components/schemas/SlotProblem" } } },
          },
          "415": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/bookings/{id}": {
      get: {
        operationId: "getBooking",
        summary: "A booking, for the holder of its manage token",
        parameters: [idParam, tokenParam],
        responses: {
          "200": { description: "The booking", content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } } },
          "404": problem,
        },
      },
    },
    "/api/v1/bookings/{id}/cancel": {
      post: {
        operationId: "cancelBooking",
        summary: "Cancel; the slot is bookable again at once",
        parameters: [idParam, tokenParam],
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
          "404": problem,
        },
      },
    },
    "/api/v1/bookings/{id}/reschedule": {
      post: {
        operationId: "rescheduleBooking",
        summary: "Move a booking atomically: the old time is released only if the new one is taken",
        parameters: [idParam, tokenParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["start"],
                properties: { start: offsetDateTime, practitionerId: { type: "string", format: "uuid" } },
              },
            },
          },
        },
        responses: {
          "200": { description: "Moved", content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } } },
          "404": problem,
          "409": {
            description:
              "Not free, not allowed by the client's screening on that date (…/not-eligible), or a treatment plan session moved outside its interval window (…/outside-plan-window, with earliestDate and latestDate); the booking keeps its old time",
            content: { "application/problem+json": { schema: { $ref: "#/components/schemas/SlotProblem" } } },
          },
          "422": problem,
        },
      },
    },
    "/api/v1/screenings": {
      post: {
        operationId: "screen",
        summary: "Screens an intake against the clinic's rules: may this person be treated, and from which date?",
        description:
          "Public and stateless: nothing is stored and no answer is logged. Dates are calendar dates in the clinic's time zone; asOf defaults to today there. See the screening contract for the rules and their exact meaning.",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Intake" } } } },
        responses: {
          "200": {
            description: "The result",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ScreeningResult" } } },
          },
          "400": problem,
          "413": problem,
          "415": problem,
          "422": { ...problem, description: "Invalid answers, one message per field path (e.g. recentProcedures[0].date)" },
        },
      },
    },
    "/api/v1/clients": {
      get: {
        operationId: "listClients",
        summary: "The clinic's clients, contact details only (staff session required)",
        parameters: [
          { name: "q", in: "query", required: false, description: "Search by name, e-mail or phone", schema: { type: "string" } },
          { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
          { name: "pageSize", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200 } },
        ],
        security: [{ staffSession: [] }],
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
          "401": problem,
          "403": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/clients/{clientId}/plans": {
      parameters: [{ name: "clientId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      get: {
        operationId: "listPlans",
        summary: "A client's treatment plans: status and session counts only (staff session with access to the record; audited)",
        security: [{ staffSession: [] }],
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
          "401": problem,
          "403": problem,
          "404": problem,
        },
      },
      post: {
        operationId: "createPlan",
        summary: "Start a treatment plan as a draft (practitioner with access to the record; audited)",
        description:
          "The body is a PlanDraft (see docs/plans.md). The clinic's limits apply as on the plan screen; a refusal is 422 with `violations`, each naming the rule that refused it (e.g. depth.zone-maximum, interval.minimum, product.not-approved, zone.orbital-rim) and the field.",
        security: [{ staffSession: [] }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
        responses: {
          "201": {
            description: "The draft was saved",
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
          "400": problem,
          "401": problem,
          "403": problem,
          "404": problem,
          "415": problem,
          "422": {
            ...problem,
            description: "The plan breaks a limit: `errors` by field, and `violations` [{ rule, field, message }]",
          },
        },
      },
    },
    "/api/v1/depth-table": {
      get: {
        operationId: "getDepthTable",
        summary: "Zones, concerns and the depth table behind the plan screen's suggestions, with evidence tags and sources",
        responses: {
          "200": {
            description:
              "Zones (default, clinic and absolute maxima), indications (sessions and intervals) and rows (zone × indication → mm)",
            content: { "application/json": { schema: { type: "object", required: ["zones", "indications", "rows"] } } },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      staffSession: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "A staff member's signed-in session" },
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
              name: { type: "string", maxLength: 120 },
              email: { type: "string", format: "email" },
              phone: { type: "string", description: "7 to 15 digits; + ( ) - . and spaces allowed" },
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
      Problem: {
        type: "object",
        required: ["type", "title", "status"],
        properties: {
          type: { type: "string", format: "uri" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          errors: { type: "object", additionalProperties: { type: "string" }, description: "One message per invalid field" },
        },
      },
      SlotProblem: {
        allOf: [
          { $ref: "#/components/schemas/Problem" },
          {
            type: "object",
            properties: {
              alternatives: { type: "array", maxItems: 3, items: { $ref: "#/components/schemas/Slot" } },
              earliestDate: { type: ["string", "null"], format: "date" },
            },
          },
        ],
      },
    },
  },
} as const;
