// Building blocks of the OpenAPI document (../openapi.ts): references, the
// shapes several schemas share, and answers() that writes an operation's
// response table from its own answers and the names of the standard ones.

const PROBLEM_BASE = "https://dermaplan.app/problems/";
export const problemType = (name: string) => PROBLEM_BASE + name;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/**
 * A problem schema whose `type` is one of these names (under https://dermaplan.app/problems/).
 * Not the kernel's problemOf(), which turns a thrown error into a problem body.
 */
export const problemSchema = (...names: string[]) => ({
  allOf: [
    ref("Problem"),
    { type: "object", properties: { type: names.length === 1 ? { const: problemType(names[0]!) } : { enum: names.map(problemType) } } },
  ],
});

/** An error answer: its description and the schema of its application/problem+json body. */
export const problem = (description: string, schema: object, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/problem+json": { schema } },
});

/** A success answer: its description and the schema of its application/json body. */
export const json = (description: string, schema: object, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema } },
});

export const offsetDateTime = {
  type: "string",
  format: "date-time",
  description: "ISO 8601 with the location's UTC offset, e.g. 2027-03-15T10:00:00-04:00",
  examples: ["2027-03-15T10:00:00-04:00"],
};

export const plainDate = { type: "string", format: "date", examples: ["2027-03-15"] };

export const PUBLIC: never[] = [];
export const STAFF = [{ staffSession: [] }];

/**
 * The shared answers in components/responses, by the status each one is. Their
 * descriptions live there, written once; an operation names the ones it sends.
 */
export const STANDARD_STATUS = {
  BadRequest: "400",
  BadAddress: "400",
  Unauthorized: "401",
  Forbidden: "403",
  CrossOrigin: "403",
  NotFound: "404",
  MethodNotAllowed: "405",
  PayloadTooLarge: "413",
  UnsupportedMediaType: "415",
  InvalidInput: "422",
  TooManyRequests: "429",
  ServerError: "500",
} as const;

export type StandardAnswer = keyof typeof STANDARD_STATUS;

/** What every operation can answer besides its own statuses: the server sends these on every route. */
const ALWAYS: StandardAnswer[] = ["MethodNotAllowed", "PayloadTooLarge", "ServerError"];

/**
 * An operation's responses: its own answers by status (success bodies, and the
 * errors whose description is particular to it), the standard answers it names,
 * and 405, 413 and 500, which every operation has.
 */
export function answers(own: Record<string, object>, ...standard: StandardAnswer[]): Record<string, object> {
  const table: Record<string, object> = { ...own };
  for (const name of [...standard, ...ALWAYS]) {
    const status = STANDARD_STATUS[name];
    // Two answers for one status would silently drop one of them from the document.
    if (status in table) throw new Error(`OpenAPI: status ${status} is declared twice (${name})`);
    table[status] = { $ref: `#/components/responses/${name}` };
  }
  return table;
}
