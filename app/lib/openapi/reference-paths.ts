// The reference operations: the clinical data behind the plan screen, and
// this document itself.
import { answers, json, PUBLIC, ref } from "./helpers.ts";

export const referencePaths = {
  "/api/v1/depth-table": {
    get: {
      operationId: "getDepthTable",
      summary: "Zones, concerns and the depth table behind the plan screen's suggestions, with evidence tags and sources",
      tags: ["Reference"],
      security: PUBLIC,
      responses: answers({
        "200": json(
          "Zones (default, clinic and absolute maxima), indications (sessions and intervals) and rows (zone × indication → mm)",
          ref("DepthTable"),
        ),
      }),
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["Reference"],
      security: PUBLIC,
      responses: answers({
        "200": json("The OpenAPI 3.1 document of this API", {
          type: "object",
          required: ["openapi", "info", "paths"],
          properties: { openapi: { type: "string", pattern: "^3\\.1\\." }, info: { type: "object" }, paths: { type: "object" } },
        }),
      }),
    },
  },
};
