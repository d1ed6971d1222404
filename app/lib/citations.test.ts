import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../src/screening/default-rules.ts";
import { citation, citationKeys } from "./citations.server.ts";

describe("the clinical reference as staff read it", () => {
  it("resolves every citation of every screening rule to a named source", () => {
    const missing = DEFAULT_RULES.flatMap((r) => r.citations.filter((key) => !citation(key)?.source).map((key) => `${r.id}: ${key}`));
    expect(missing).toEqual([]);
  });

  it("reads sources and uses from the reference table", () => {
    expect(citationKeys().length).toBeGreaterThan(20);
    expect(citation("clinic-2")?.source).toContain("bleeding disorder");
    expect(citation("no-such-key")).toBeNull();
  });
});
