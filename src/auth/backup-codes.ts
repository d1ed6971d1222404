// Two-factor backup codes: written down on paper and typed back by hand,
// often months later, so their alphabet has no look-alikes: no 0/O, no 1/I/l
// (better-auth's default mixes upper and lower case letters and digits). Each code is
// 12 symbols from 31, shown in groups of four: 12 × log2(31) ≈ 59.4 bits,
// about what the default gave (10 × log2(62) ≈ 59.5), and far beyond what
// single-use codes behind the sign-in throttle need.
import { randomInt } from "node:crypto";

/** Digits 2–9 and capital letters without I, L and O. */
export const BACKUP_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const BACKUP_CODE_LENGTH = 12;
export const BACKUP_CODE_COUNT = 10;
const GROUP = 4;

/** The entropy of one code in bits. */
export const BACKUP_CODE_BITS = BACKUP_CODE_LENGTH * Math.log2(BACKUP_CODE_ALPHABET.length);

const NEW_CODE = new RegExp(`^[${BACKUP_CODE_ALPHABET}]{${BACKUP_CODE_LENGTH}}$`);
/** A code better-auth made before this alphabet (10 letters and digits, case-sensitive, "abcde-12345"): still valid until used or replaced. */
const OLD_CODE = /^[A-Za-z0-9]{10}$/;

function grouped(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, "g"))!.join("-");
}

/** One code, like "7KQM-2XHD-PW9R": each symbol drawn uniformly (crypto.randomInt has no modulo bias). */
export function generateBackupCode(): string {
  let code = "";
  for (let i = 0; i < BACKUP_CODE_LENGTH; i++) code += BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)];
  return grouped(code);
}

/** A fresh set of codes for better-auth's two-factor plugin (its customBackupCodesGenerate). */
export function generateBackupCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < BACKUP_CODE_COUNT) codes.add(generateBackupCode());
  return [...codes];
}

/**
 * A typed code as it is stored, or null when it cannot be one. Spaces and
 * hyphens anywhere, and lower case, are forgiven for the new codes; a code of
 * the old kind keeps its case, as it was stored that way.
 */
export function normalizeBackupCode(typed: string): string | null {
  const bare = typed.replace(/[\s-]/g, "");
  if (NEW_CODE.test(bare.toUpperCase())) return grouped(bare.toUpperCase());
  if (OLD_CODE.test(bare)) return `${bare.slice(0, 5)}-${bare.slice(5)}`;
  return null;
}
