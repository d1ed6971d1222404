// The schemas of error bodies: Problem (RFC 9457) and the problems that carry
// more than it, such as the nearest free slots or the rules a plan breaks.
import { problemType, ref } from "./helpers.ts";

export const problemSchemas = {
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
};
