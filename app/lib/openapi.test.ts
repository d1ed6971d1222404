// The published OpenAPI document: Redocly's recommended rules find no error in
// it, its schemas compile, every API route has its path, and every operation
// declares what any route can answer (405, 413, 500, problem+json errors).
// What the routes really answer is checked over HTTP in
// e2e/openapi-conformance.test.ts.
import { createConfig, lintFromString, type NormalizedProblem } from "@redocly/openapi-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import routes from "../routes.ts";
import { openApiDocument } from "./openapi.ts";

interface Operation {
  operationId: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

const doc = JSON.parse(JSON.stringify(openApiDocument)) as {
  paths: Record<string, Record<string, unknown>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }>; schemas: Record<string, unknown> };
};
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function operations(): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => m in item).map((m) => [path, m, item[m] as Operation] as [string, string, Operation]),
  );
}

function describeProblem(p: NormalizedProblem): string {
  return `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(", ")}: ${p.message}`;
}

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules without an error", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(openApiDocument, null, 2), absoluteRef: "openapi.json", config });
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors.map(describeProblem)).toEqual([]);
    // Warnings may remain (the 1.0.0 SlotProblem schema is kept for generated programs); none is about a response.
    const warnings = problems.filter((p) => p.severity === "warn");
    expect(warnings.filter((p) => p.ruleId.startsWith("operation-")).map(describeProblem)).toEqual([]);
  });

  it("compiles as JSON Schema 2020-12, every $ref resolving", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: "https://dermaplan.test/openapi.json" });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`https://dermaplan.test/openapi.json#/components/schemas/${name}`), name).not.toThrow();
    }
    for (const [path, method, op] of operations()) {
      for (const [status, answer] of Object.entries(op.responses)) {
        const resolved = answer.$ref ? doc.components.responses[answer.$ref.split("/").pop()!]! : answer;
        for (const type of Object.keys(resolved.content ?? {})) {
          const pointer = answer.$ref
            ? `${answer.$ref}/content/${type.replace("/", "~1")}/schema`
            : `#/paths/${path.replaceAll("/", "~1")}/${method}/responses/${status}/content/${type.replace("/", "~1")}/schema`;
          expect(() => ajv.getSchema(`https://dermaplan.test/openapi.json${pointer}`), `${method} ${path} ${status}`).not.toThrow();
        }
      }
    }
  });

  it("takes both answers of a refused treatment: with reason and date (staff, the client) and the neutral one", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: "https://dermaplan.test/openapi.json" });
    const validate = ajv.getSchema(
      "https://dermaplan.test/openapi.json#/paths/~1api~1v1~1bookings/post/responses/409/content/application~1problem+json/schema",
    )!;
    const type = "https://dermaplan.app/problems/not-eligible";
    const told = { type, title: "The client's screening does not allow a treatment on that date", status: 409, alternatives: [] };
    for (const body of [
      { ...told, detail: "Book a consultation first.", reason: "screening-required", earliestDate: null },
      { ...told, reason: "not-yet", earliestDate: "2027-03-01" },
      {
        type,
        title: "This appointment can't be booked online for you yet",
        status: 409,
        detail: "We have e-mailed you what to do.",
        alternatives: [],
      },
    ]) {
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
    // Not the clinical reason, and no alternatives to a refused treatment.
    expect(validate({ ...told, reason: "isotretinoin" })).toBe(false);
    expect(
      validate({ ...told, alternatives: [{ start: "2027-03-15T10:00:00-04:00", end: "2027-03-15T11:00:00-04:00", practitionerId: "p" }] }),
    ).toBe(false);
  });

  it("has a path for every API route", () => {
    const apiPaths: string[] = [];
    const walk = (entries: readonly { path?: string; file: string; children?: readonly unknown[] }[], base: string) => {
      for (const e of entries) {
        const path = e.path ? `${base}/${e.path}`.replace(/\/+/g, "/") : base;
        if (e.file.startsWith("routes/api/") && path.startsWith("/api/v1/") && !path.endsWith("*")) apiPaths.push(path);
        if (e.children) walk(e.children as typeof entries, path);
      }
    };
    walk(routes as never, "");
    expect(apiPaths.length).toBeGreaterThan(8);
    const documented = Object.keys(doc.paths);
    for (const p of apiPaths) expect(documented, p).toContain(p.replace(/:([A-Za-z]+)/g, "{$1}"));
  });

  it("declares on every operation its security, 405, 413, 500 and problem+json for every error", () => {
    for (const [path, method, op] of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(Array.isArray(op.security), `${where}: security`).toBe(true);
      for (const status of ["405", "413", "500"]) expect(op.responses, where).toHaveProperty([status]);
      // The origin check refuses a cross-site POST that carries a cookie.
      if (method === "post") expect(op.responses, where).toHaveProperty(["403"]);
      // A body: not JSON → 400, not application/json → 415, a wrong field → 422.
      if (op.requestBody) for (const status of ["400", "415", "422"]) expect(op.responses, where).toHaveProperty([status]);
      // A path parameter with a broken %-escape → 400 bad-request.
      if (path.includes("{")) expect(op.responses, where).toHaveProperty(["400"]);
      const staffOnly = op.security!.length > 0 && op.security!.every((s) => Object.keys(s as object).length > 0);
      if (staffOnly) expect(op.responses, `${where}: a staff operation answers 401`).toHaveProperty(["401"]);
      for (const [status, answer] of Object.entries(op.responses)) {
        const resolved = answer.$ref ? doc.components.responses[answer.$ref.split("/").pop()!]! : answer;
        const types = Object.keys(resolved.content ?? {});
        if (Number(status) >= 400) expect(types, `${where} ${status}`).toEqual(["application/problem+json"]);
        else expect(types, `${where} ${status}`).toEqual(["application/json"]);
      }
    }
  });
});
