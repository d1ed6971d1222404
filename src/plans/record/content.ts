// What a plan version's content is, byte for byte: the encryption contexts of
// its rows and the canonical SHA-256 the client signs.
import { createHash } from "node:crypto";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { PlanDraft } from "../types.ts";

export const contentContext = (r: { organizationId: string; planId: string; version: number }) =>
  `treatment_plan_versions.content_encrypted/${r.organizationId}/${r.planId}/${r.version}`;
export const photoContext = (r: { organizationId: string; clientId: string; id: string }, part: "bytes" | "caption") =>
  `skin_photos.${part}_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;

/** A photo's bytes as stored: base64, encrypted under the data key in the photo's own context. */
export const encryptPhotoBytes = (keyRing: KeyRing, jpeg: Uint8Array, context: string): string =>
  keyRing.encrypt(Buffer.from(jpeg).toString("base64"), context);
export const decryptPhotoBytes = (keyRing: KeyRing, stored: string, context: string): Buffer =>
  Buffer.from(keyRing.decrypt(stored, context), "base64");

/** The hash of a stored version's content as the editor would produce it (without the words fixed at the offer). */
export function editableSha(
  keyRing: KeyRing,
  row: { contentEncrypted: string; organizationId: string; planId: string; version: number },
): string | null {
  try {
    const { clientCopy: _copy, ...rest } = JSON.parse(keyRing.decrypt(row.contentEncrypted, contentContext(row))) as PlanDraft;
    return contentSha256(rest);
  } catch (error) {
    if (isUnreadable(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * Canonical JSON (keys sorted at every level), so the SHA-256 a client signs
 * is a property of the content, not of how an object happened to be built.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function contentSha256(draft: PlanDraft): string {
  return createHash("sha256").update(canonicalJson(draft)).digest("hex");
}
