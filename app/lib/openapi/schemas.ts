// The schemas of what the API takes and gives: services, slots and bookings,
// the screening intake and its result, and the depth table behind the plan
// screen. The screening enums come from the engine's own types, so the
// document lists exactly the values the engine knows.
import { AREAS, CONDITIONS, OUTCOMES, PROCEDURES, REASON_OUTCOMES, SKIN_CONDITIONS } from "../../../src/screening/types.ts";
import { offsetDateTime, ref } from "./helpers.ts";

export const resourceSchemas = {
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
      priceCents: {
        type: ["integer", "null"],
        description: "Today's price in cents (the clinic's time zone); null is price on request",
      },
      currency: { type: "string", examples: ["CAD"] },
      requiresEligibility: { type: "boolean" },
      scheduledPrices: {
        type: "array",
        description:
          "Price changes that take effect after today, oldest first: an appointment costs the price in force on the local day it starts (from that date on)",
        items: {
          type: "object",
          required: ["from", "priceCents", "currency"],
          properties: {
            from: { type: "string", format: "date", examples: ["2027-03-01"] },
            priceCents: { type: ["integer", "null"] },
            currency: { type: "string", examples: ["CAD"] },
          },
        },
      },
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
};
