import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeDumbPassword } from "../../scripts/build-common-passwords.ts";
import { zodFieldErrors } from "./errors.ts";
import { isCommonPassword, newPasswordFields, newPasswordSchema, PASSWORD_MESSAGES } from "./password-policy.ts";

function firstError(value: string): string | null {
  const r = newPasswordSchema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
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
    for (const weak of [
      "Password1234",
      "monkey123456",
      "!!qwerty2024!!",
      "qwertyqwerty",
      "abcabcabcabc",
      "aaaaaaaaaaaa",
      "123456789012",
      "qwertyuiopas",
      "Dragon_2024!!",
    ]) {
      expect(isCommonPassword(weak), weak).toBe(true);
      expect(firstError(weak), weak).toBe(PASSWORD_MESSAGES.common);
    }
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
});
