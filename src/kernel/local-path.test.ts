import { describe, expect, it } from "vitest";
import { safeLocalPath } from "./local-path.ts";

// Each of these, put in a Location header or a link by a lenient check, leaves the site or the section.
const HOSTILE = [
  "//evil.example",
  "//evil.example/portal",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "https://evil.example/portal",
  "http:/portal",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "portal/intake",
  "evil.example/portal",
  "/portal//evil.example",
  "/portal/..//evil.example",
  "/portal/../staff",
  "/portal/./intake",
  "/portal/%2e%2e/staff",
  "/portal/%2F%2Fevil.example",
  "/portal%2f..%2fstaff",
  "/portal/%5Cevil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/portal\t/intake",
  "/portal\n/intake",
  "\t//evil.example",
  " /portal",
  "/portal ",
  "/portal/intake\u0000",
  "/portal/int\u00e9ke",
  "/portalx",
  "/portal-evil",
  "/portalevil.example",
  "/staff",
  "/",
  "",
  "/portal/intake#x",
  `/portal/${"a".repeat(600)}`,
];

describe("safeLocalPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    expect(safeLocalPath(value, "/portal")).toBeNull();
  });

  it("refuses what is not a string", () => {
    for (const value of [null, undefined, 42, ["/portal"], { toString: () => "/portal" }]) expect(safeLocalPath(value, "/portal")).toBeNull();
  });

  it("keeps paths of the section as they are, query included", () => {
    for (const value of ["/portal", "/portal/intake", "/portal/intake?done=1", "/portal?x=1", "/portal/plans/8f0c6a8e-2f4a-4d8e-9b7e-0c1d2e3f4a5b"])
      expect(safeLocalPath(value, "/portal")).toBe(value);
  });
});
