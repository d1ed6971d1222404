// Backup codes are typed from paper: no look-alike characters, enough entropy, forgiving input.
import { describe, expect, it } from "vitest";
import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_BITS,
  BACKUP_CODE_COUNT,
  generateBackupCode,
  generateBackupCodes,
  normalizeBackupCode,
} from "./backup-codes.ts";

describe("two-factor backup codes", () => {
  it("use an alphabet without 0, O, 1, I or l (nor L, o, i)", () => {
    for (const lookAlike of "0O1Il" + "Loi") expect(BACKUP_CODE_ALPHABET).not.toContain(lookAlike);
    expect(new Set(BACKUP_CODE_ALPHABET).size).toBe(BACKUP_CODE_ALPHABET.length);
    expect(BACKUP_CODE_ALPHABET).toHaveLength(31);
  });

  it("carry at least 59 bits each, as many as the codes they replace", () => {
    expect(BACKUP_CODE_BITS).toBeGreaterThan(59);
    expect(BACKUP_CODE_BITS).toBeCloseTo(59.45, 1);
  });

  it("are made of that alphabet only, in three groups of four, ten different ones a set", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generateBackupCode();
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      for (const ch of code.replace(/-/g, "")) seen.add(ch);
    }
    // 6,000 draws reach every symbol: none is left out by a biased draw.
    expect([...seen].sort().join("")).toBe([...BACKUP_CODE_ALPHABET].sort().join(""));
    const set = generateBackupCodes();
    expect(set).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(set).size).toBe(BACKUP_CODE_COUNT);
  });

  it("read back what was typed: any case, spaces or hyphens; old codes keep their case; anything else is refused", () => {
    expect(normalizeBackupCode("7kqm 2xhd pw9r")).toBe("7KQM-2XHD-PW9R");
    expect(normalizeBackupCode(" 7KQM-2XHD-PW9R ")).toBe("7KQM-2XHD-PW9R");
    expect(normalizeBackupCode("7KQM2XHDPW9R")).toBe("7KQM-2XHD-PW9R");
    expect(normalizeBackupCode("aBcDe12345")).toBe("aBcDe-12345");
    expect(normalizeBackupCode("aBcDe-12345")).toBe("aBcDe-12345");
    for (const bad of ["", "7KQM-2XHD-PW9", "7KQM-2XHD-PW0R", "7KQM-2XHD-PWOR", "abc", "7KQM-2XHD-PW9R-AAAA"]) {
      expect(normalizeBackupCode(bad)).toBeNull();
    }
  });
});
