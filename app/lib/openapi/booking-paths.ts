// The public booking operations: services, free times, and a booking's whole
// life — book, look up, cancel, reschedule — without an account.
import { answers, json, offsetDateTime, parameter, plainDate, problem, problemSchema, PUBLIC, ref } from "./helpers.ts";

const uuid = { type: "string", format: "uuid" };
const manageParameters = [parameter("BookingId"), parameter("ManageToken")];

export const bookingPaths = {
  "/api/v1/services": {
    get: {
      operationId: "listServices",
      summary: "The clinic's bookable services",
      tags: ["Booking"],
      security: PUBLIC,
      responses: answers({
        "200": json("Services", {
          type: "object",
          required: ["services"],
          properties: { services: { type: "array", items: ref("Service") } },
        }),
      }),
    },
  },
  "/api/v1/availability": {
    get: {
      operationId: "getAvailability",
      summary: "Bookable slots for a service between two local dates (inclusive, at most 62 days)",
      tags: ["Booking"],
      security: PUBLIC,
      parameters: [
        { name: "serviceId", in: "query", required: true, description: "A service's id", schema: uuid },
        { name: "from", in: "query", required: true, description: "First local date, YYYY-MM-DD", schema: plainDate },
        { name: "to", in: "query", required: true, description: "Last local date, inclusive", schema: plainDate },
        { name: "practitionerId", in: "query", required: false, description: "Only this practitioner's slots", schema: uuid },
      ],
      responses: answers(
        {
          "200": json("Slots ordered by start", {
            type: "object",
            required: ["timeZone", "slots"],
            properties: {
              timeZone: { type: "string", examples: ["America/Toronto"] },
              slots: { type: "array", items: ref("Slot") },
            },
          }),
        },
        "InvalidInput",
      ),
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
      parameters: [parameter("IdempotencyKey")],
      requestBody: {
        required: true,
        content: { "application/json": { schema: ref("BookingRequest") } },
      },
      responses: answers(
        {
          "201": json("Booked (or, for a retry with the same Idempotency-Key and body, the first answer again)", ref("Booking")),
          "409": problem(
            [
              "Not booked. `slot-unavailable`: the time was taken meanwhile or never offered, with up to three nearest free `alternatives`.",
              "`not-eligible`: the client's screening does not allow a treatment on that date — with `reason` and `earliestDate` for staff",
              "and the signed-in client; for anyone else, the neutral answer (no `reason`, no `earliestDate`, `alternatives: []`), which",
              "also stands for the client having another appointment then. `client-overlap`: the client already has an appointment",
              "then (staff and the signed-in client only).",
            ].join(" "),
            { oneOf: [ref("SlotUnavailableProblem"), ref("ClientOverlapProblem"), ref("NotEligibleProblem")] },
          ),
          "422": problem(
            "A field is wrong (`invalid-input`, `errors` names each one, control characters included), or the Idempotency-Key was used before with a different body (`idempotency-key-reuse`)",
            problemSchema("invalid-input", "idempotency-key-reuse"),
          ),
        },
        "BadRequest",
        "CrossOrigin",
        "UnsupportedMediaType",
        "TooManyRequests",
      ),
    },
  },
  "/api/v1/bookings/{id}": {
    get: {
      operationId: "getBooking",
      summary: "A booking, for the holder of its manage token",
      tags: ["Booking"],
      security: PUBLIC,
      parameters: manageParameters,
      responses: answers({ "200": json("The booking", ref("Booking")) }, "BadAddress", "NotFound"),
    },
  },
  "/api/v1/bookings/{id}/cancel": {
    post: {
      operationId: "cancelBooking",
      summary: "Cancel; the slot is bookable again at once",
      tags: ["Booking"],
      security: PUBLIC,
      parameters: manageParameters,
      responses: answers(
        {
          "200": json("Cancelled", {
            type: "object",
            required: ["id", "status", "lateCancellation"],
            properties: {
              id: { type: "string" },
              status: { const: "cancelled" },
              lateCancellation: { type: "boolean", description: "true inside the clinic's cancellation window" },
            },
          }),
          "404": problem("No such booking, the token does not match, or it can no longer be cancelled", problemSchema("not-found")),
        },
        "BadAddress",
        "CrossOrigin",
      ),
    },
  },
  "/api/v1/bookings/{id}/reschedule": {
    post: {
      operationId: "rescheduleBooking",
      summary: "Move a booking atomically: the old time is released only if the new one is taken",
      tags: ["Booking"],
      security: PUBLIC,
      parameters: manageParameters,
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["start"],
              properties: {
                start: { ...offsetDateTime, description: "Must equal a listed slot's start" },
                practitionerId: { ...uuid, description: "Omitted: the booking's practitioner" },
              },
            },
          },
        },
      },
      responses: answers(
        {
          "200": json("Moved", ref("Booking")),
          "404": problem("No such booking, the token does not match, or it can no longer be moved", problemSchema("not-found")),
          "409": problem(
            [
              "Not moved; the booking keeps its old time. `slot-unavailable`: the new time is not free (with `alternatives`);",
              "`not-eligible`: the client's screening does not allow a treatment on that date (with `reason` and `earliestDate`",
              "only for the client signed in to their portal; anyone else holding the link gets the neutral answer);",
              "`outside-plan-window`: a session",
              "of a treatment plan moved outside its interval window, with `earliestDate` and `latestDate`.",
            ].join(" "),
            { oneOf: [ref("SlotUnavailableProblem"), ref("NotEligibleProblem"), ref("PlanWindowProblem")] },
          ),
        },
        "BadRequest",
        "CrossOrigin",
        "UnsupportedMediaType",
        "InvalidInput",
      ),
    },
  },
};
