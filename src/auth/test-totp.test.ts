import { describe, expect, it } from "vitest";
import { totpCode, wrongCode } from "./test-totp.ts";

describe("the tests' TOTP generator", () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890", last 6 of the 8 digits.
  const key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  it("matches the RFC 6238 test vectors", () => {
    expect(totpCode(key, 59_000)).toBe("287082");
    expect(totpCode(key, 1_111_111_109_000)).toBe("081804");
    expect(totpCode(key, 1_234_567_890_000)).toBe("005924");
    expect(totpCode(key, 20_000_000_000_000)).toBe("353130");
  });
  it("finds a code that is valid in no neighbouring period", () => {
    const wrong = wrongCode(key, 59_000);
    for (const offset of [-1, 0, 1]) expect(wrong).not.toBe(totpCode(key, 59_000, offset));
  });
});
