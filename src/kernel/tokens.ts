// Secret link tokens (manage links, holds, portal sign-in). The token travels
// only in the link or cookie given to its holder; the database keeps its
// SHA-256, so a copy of the database cannot act for anyone.
import { createHash, randomBytes } from "node:crypto";

/** A new token: 256 random bits, URL-safe. */
export function newToken(): string {
  // 256 bits; the contract asks for at least 128.
  return randomBytes(32).toString("base64url");
}

/** What is stored for a token and looked up when it comes back. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
