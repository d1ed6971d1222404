// The screening engine as an operation: may this person be treated, and from
// which date. Public and stateless.
import { answers, json, problem, problemSchema, PUBLIC, ref } from "./helpers.ts";

export const screeningPaths = {
  "/api/v1/screenings": {
    post: {
      operationId: "screen",
      summary: "Screens an intake against the clinic's rules: may this person be treated, and from which date?",
      description:
        "Public and stateless: nothing is stored and no answer is logged. Dates are calendar dates in the clinic's time zone; asOf defaults to today there. See the screening contract for the rules and their exact meaning.",
      tags: ["Screening"],
      security: PUBLIC,
      requestBody: { required: true, content: { "application/json": { schema: ref("Intake") } } },
      responses: answers(
        {
          "200": json("The result", ref("ScreeningResult")),
          "422": problem("Invalid answers, one message per field path (e.g. recentProcedures[0].date)", problemSchema("invalid-input")),
        },
        "BadRequest",
        "CrossOrigin",
        "UnsupportedMediaType",
      ),
    },
  },
};
