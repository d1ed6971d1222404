// Which clinic a Host header names when one deployment serves several
// (CLINICS_BY_HOST=1), and the addresses written for each.
import { describe, expect, it } from "vitest";
import { clinicBaseUrl, clinicOriginPattern, handlersByClinic, slugOfHost } from "../server/clinic-hosts.ts";
import type { JobHandlers } from "../src/jobs/worker.ts";

const publicUrl = new URL("https://clinics.example:8443/");

describe("slugOfHost", () => {
  it("reads a clinic's slug from the first label under the deployment's host, whatever the case or port", () => {
    expect(slugOfHost("north-spa.clinics.example:8443", publicUrl)).toBe("north-spa");
    expect(slugOfHost("NORTH-SPA.Clinics.Example", publicUrl)).toBe("north-spa");
    expect(slugOfHost("north-spa.clinics.example.", publicUrl)).toBe("north-spa");
  });

  it("answers null (the default clinic) for the deployment's own host or no Host at all", () => {
    expect(slugOfHost("clinics.example:8443", publicUrl)).toBeNull();
    expect(slugOfHost("clinics.example", publicUrl)).toBeNull();
    expect(slugOfHost(undefined, publicUrl)).toBeNull();
  });

  it("answers undefined for another site, a deeper name, or a label no slug could be", () => {
    expect(slugOfHost("evil.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("clinics.example.evil.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("xclinics.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("a.b.clinics.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("-bad.clinics.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("bad-.clinics.example", publicUrl)).toBeUndefined();
    expect(slugOfHost("under_score.clinics.example", publicUrl)).toBeUndefined();
    expect(slugOfHost(".clinics.example", publicUrl)).toBeUndefined();
  });
});

describe("the addresses of the clinics", () => {
  it("puts the slug in front of the deployment's host, keeping its scheme and port", () => {
    expect(clinicBaseUrl(publicUrl, "north-spa")).toBe("https://north-spa.clinics.example:8443");
    expect(clinicBaseUrl(new URL("http://localhost:3000"), "a")).toBe("http://a.localhost:3000");
    expect(clinicOriginPattern(publicUrl)).toBe("https://*.clinics.example:8443");
  });

  it("runs each job with the handlers built for its own clinic's address", async () => {
    const seen: string[] = [];
    const make = (base: string): JobHandlers => ({
      remind: async (_tx, job) => {
        seen.push(`${job.organizationId} ${base}`);
      },
    });
    const bases: Record<string, string> = { a: "https://a.clinics.example", b: "https://b.clinics.example" };
    const handlers = handlersByClinic(make, async (org) => bases[org]!);
    expect(Object.keys(handlers)).toEqual(["remind"]);
    const job = (organizationId: string) => ({ organizationId }) as Parameters<JobHandlers[string]>[1];
    const ctx = { now: 0, workerId: "w" };
    await handlers.remind!({} as never, job("a"), ctx);
    await handlers.remind!({} as never, job("b"), ctx);
    expect(seen).toEqual(["a https://a.clinics.example", "b https://b.clinics.example"]);
  });
});
