// The operations for programs acting with a staff member's signed-in session:
// the client list, and a client's treatment plans (list, and start a draft).
import { answers, json, problem, ref, STAFF } from "./helpers.ts";

export const staffPaths = {
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
      responses: answers(
        {
          "200": json("A page of clients", {
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
          }),
        },
        "Unauthorized",
        "Forbidden",
        "InvalidInput",
      ),
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
      responses: answers(
        {
          "200": json("The client's plans, newest first", {
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
          }),
        },
        "BadAddress",
        "Unauthorized",
        "Forbidden",
        "NotFound",
      ),
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
      responses: answers(
        {
          "201": json(
            "The draft was saved",
            {
              type: "object",
              required: ["planId", "version", "status"],
              properties: { planId: { type: "string" }, version: { type: "integer" }, status: { const: "draft" } },
            },
            { Location: { description: "The plan's staff page", schema: { type: "string" } } },
          ),
          "422": problem(
            "The plan is not valid or breaks a limit: `errors` by field, and `violations` [{ rule, field, message }]",
            ref("PlanProblem"),
          ),
        },
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "UnsupportedMediaType",
      ),
    },
  },
};
