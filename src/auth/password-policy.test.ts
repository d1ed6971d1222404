import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeDumbPassword } from "../../scripts/build-common-passwords.ts";
import { zodFieldErrors } from "../kernel/errors.ts";
import {
  contextWords,
  isCommonPassword,
  newPasswordFields,
  newPasswordFieldsFor,
  newPasswordSchema,
  newPasswordSchemaFor,
  PASSWORD_MESSAGES,
  usesContextWords,
  type PasswordContext,
} from "./password-policy.ts";
import { OWNER_PASSWORD, STAFF_PASSWORD } from "./test-fixtures.ts";

function firstError(value: string): string | null {
  const r = newPasswordSchema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
}

/** Each of the passwords is caught by `check` and refused with `message`. */
function expectCaught(passwords: string[], check: (value: string) => boolean, message: string): void {
  for (const weak of passwords) {
    expect(check(weak), weak).toBe(true);
    expect(firstError(weak), weak).toBe(message);
  }
}

describe("password policy", () => {
  it("ships the decoded list of 10,000 common passwords, one per line", () => {
    const lines = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(10_000);
    expect(lines.slice(0, 3)).toEqual(["password", "123456", "12345678"]);
    expect(decodeDumbPassword("ufxxbtwi")).toBe("password");
  });

  it("needs at least 12 characters and at most 128", () => {
    expect(firstError("")).toBe(PASSWORD_MESSAGES.empty);
    expect(firstError("short pass")).toBe(PASSWORD_MESSAGES.tooShort);
    expect(firstError("eleven char")).toBe(PASSWORD_MESSAGES.tooShort);
    expect(firstError("twelve chars")).toBeNull();
    expect(firstError("x".repeat(64) + "y".repeat(65))).toBe(PASSWORD_MESSAGES.tooLong);
  });

  it("refuses passwords on the list, whatever their case", () => {
    expect(firstError("unbelievable")).toBe(PASSWORD_MESSAGES.common);
    expect(firstError("UnBelievable")).toBe(PASSWORD_MESSAGES.common);
    expect(firstError("MOTHERFUCKER")).toBe(PASSWORD_MESSAGES.common);
  });

  it("refuses a listed password with digits or symbols around it, repeated, or a run of keys", () => {
    expectCaught(
      [
        "Password1234",
        "monkey123456",
        "!!qwerty2024!!",
        "qwertyqwerty",
        "abcabcabcabc",
        "aaaaaaaaaaaa",
        "123456789012",
        "qwertyuiopas",
        "Dragon_2024!!",
      ],
      isCommonPassword,
      PASSWORD_MESSAGES.common,
    );
  });

  it("accepts long passwords made of ordinary words", () => {
    for (const good of [
      "correct horse battery staple",
      "violet tractor pebble lantern",
      "Kitchener-Waterloo 2027 spa",
      "e2e-owner-password-123",
    ]) {
      expect(firstError(good), good).toBeNull();
    }
  });

  it("asks for the new password twice and names the field that is wrong", () => {
    const mismatch = newPasswordFields.safeParse({
      password: "violet tractor pebble lantern",
      confirmPassword: "violet tractor pebble lanter",
    });
    expect(mismatch.success).toBe(false);
    if (!mismatch.success) expect(zodFieldErrors(mismatch.error.issues)).toEqual({ confirmPassword: PASSWORD_MESSAGES.mismatch });
    const both = newPasswordFields.safeParse({ password: "short", confirmPassword: "" });
    expect(both.success).toBe(false);
    if (!both.success)
      expect(zodFieldErrors(both.error.issues)).toEqual({
        password: PASSWORD_MESSAGES.tooShort,
        confirmPassword: PASSWORD_MESSAGES.confirmEmpty,
      });
    expect(
      newPasswordFields.safeParse({ password: "violet tractor pebble lantern", confirmPassword: "violet tractor pebble lantern" }).success,
    ).toBe(true);
  });

  describe("words of the account's own context", () => {
    const alice: PasswordContext = { email: "alice.smith@x.example", name: "Alice Smith", clinicName: "Glow Day Spa" };
    const errorFor = (value: string, context: PasswordContext) => {
      const r = newPasswordSchemaFor(context).safeParse(value);
      return r.success ? null : r.error.issues[0]!.message;
    };

    it("refuses the product's name, whoever the account is, however disguised", () => {
      expectCaught(
        ["dermaplan123", "Dermaplan123!", "DERMAPLAN-2026", "!!D3rm4p1an!!2024", "derma plan rocks", "my d€rmaplan account"],
        usesContextWords,
        PASSWORD_MESSAGES.personal,
      );
    });

    it("refuses the e-mail's local part and the domain's name", () => {
      expect(errorFor("alice.smith2024", alice)).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("2024!AliceSmith", alice)).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("sm1th-family-rules", alice)).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("the example of it", { email: "bob@example.com" })).toBe(PASSWORD_MESSAGES.personal);
      // The top-level domain is not a word of the account.
      expect(contextWords({ email: "bob@example.com" })).not.toContain("com");
    });

    it("refuses each part of the person's name of three letters or more", () => {
      expect(errorFor("Smith!2024secure", { name: "Alice Smith" })).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("violet hélène pebble", { name: "Hélène Roy" })).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("violet roy pebble", { name: "Hélène Roy" })).toBe(PASSWORD_MESSAGES.personal);
      // A part shorter than three letters is not a word to refuse.
      expect(errorFor("violet tractor pebble", { name: "Jo Li" })).toBeNull();
    });

    it("refuses the clinic's words of four letters or more", () => {
      expect(errorFor("GlowSpa2026!!", alice)).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("gl0w and shine forever", { clinicName: "Glow Day Spa" })).toBe(PASSWORD_MESSAGES.personal);
      expect(errorFor("violet tractor pebble", { clinicName: "Glow Day Spa" })).toBeNull();
    });

    it("says why, in the words the form shows", () => {
      expect(PASSWORD_MESSAGES.personal).toMatch(
        /does not contain your e-mail address, your name, the clinic's name or the product's name/,
      );
      const r = newPasswordFieldsFor(alice).safeParse({ password: "Alice-Smith-2024", confirmPassword: "Alice-Smith-2024" });
      expect(r.success).toBe(false);
      if (!r.success) expect(zodFieldErrors(r.error.issues)).toEqual({ password: PASSWORD_MESSAGES.personal });
    });

    it("still accepts the passwords the fixtures and end-to-end tests sign in with", () => {
      const owner: PasswordContext = { email: "owner@demo.dermaplan.test", name: "Clinic owner", clinicName: "Jolanta's European Spa" };
      expect(errorFor(OWNER_PASSWORD, owner)).toBeNull();
      expect(errorFor(STAFF_PASSWORD, { ...owner, email: "staff@demo.dermaplan.test", name: "Staff Member" })).toBeNull();
      expect(
        errorFor("sunlit harbour copper maple", { email: "newdesk@example.test", name: "Nadia Desk", clinicName: owner.clinicName }),
      ).toBeNull();
      expect(errorFor("correct horse battery staple", alice)).toBeNull();
    });
  });
});
