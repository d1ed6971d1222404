import { describe, expect, it } from "vitest";
import { portalReturnPath } from "./return-path.ts";

describe("portalReturnPath", () => {
  // The whole list of tricks is in src/kernel/local-path.test.ts; these are the ones a phishing e-mail would use.
  it.each(["//evil.example", "/\\evil.example", "https://evil.example/portal", "/portal/../staff", "/portal/%2F%2Fevil.example", "/staff", "/portalx"])(
    "refuses %j",
    (value) => {
      expect(portalReturnPath(value)).toBeNull();
    },
  );

  it("drops the language (the account speaks the client's) and keeps the rest", () => {
    expect(portalReturnPath("/portal/intake?lang=fr")).toBe("/portal/intake");
    expect(portalReturnPath("/portal/intake?lang=fr&done=1")).toBe("/portal/intake?done=1");
    expect(portalReturnPath("/portal/intake")).toBe("/portal/intake");
    expect(portalReturnPath("/portal")).toBe("/portal");
  });

  it("never goes back to a sign-in page", () => {
    for (const value of ["/portal/login", "/portal/login?next=%2Fportal", "/portal/verify?token=x", "/portal/logout"])
      expect(portalReturnPath(value)).toBeNull();
  });
});
