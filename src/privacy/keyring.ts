// Encryption at rest by the application: AES-256-GCM with a random 96-bit IV
// per value and the key's id stored with every ciphertext, so keys can rotate.
//
//   v1:<keyId>:<iv>:<tag>:<data>      (iv, tag and data in base64url)
//
// The additional authenticated data binds a value to where it is stored (table,
// column, row, client), so a ciphertext copied into another row fails to
// decrypt instead of showing one client's notes on another's record.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const KEY_FILE_NAME = "data-keys.json";
const FORMAT = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^k[0-9a-f]{16}$/;

/** The configuration is wrong (bad DATA_KEY, unreadable key file): the server must not start. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyRingError";
  }
}

/** A stored value names a key this process does not have. */
export class MissingKeyError extends Error {
  readonly keyId: string;
  constructor(keyId: string) {
    super(
      `Encrypted data names the key ${keyId}, which is not in the key ring. ` +
        `Restore the key (DATA_KEY / DATA_KEY_PREVIOUS or ${KEY_FILE_NAME}) before reading this data.`,
    );
    this.name = "MissingKeyError";
    this.keyId = keyId;
  }
}

/** The stored value is malformed or fails authentication: it was altered, damaged or moved. */
export class DecryptionError extends Error {
  constructor(detail: string) {
    super(`An encrypted value could not be decrypted (${detail}). It has been altered or damaged; nothing was shown in its place.`);
    this.name = "DecryptionError";
  }
}

/** A stored value that cannot be read: it failed its integrity check, or it names a key this process does not have. */
export function isUnreadable(error: unknown): error is DecryptionError | MissingKeyError {
  return error instanceof DecryptionError || error instanceof MissingKeyError;
}

export interface KeyRing {
  /** The key new values are encrypted with. */
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  /** Where the keys came from, for messages. */
  readonly source: "env" | "file" | "memory";
  has(keyId: string): boolean;
  encrypt(plaintext: string, context: string): string;
  decrypt(value: string, context: string): string;
}

/**
 * A key's id is derived from the key itself, so the same key has the same id
 * whether it comes from DATA_KEY or from the key file (moving from one to the
 * other needs no re-encryption). 64 bits of a domain-separated hash reveal
 * nothing usable about a 256-bit random key.
 */
export function keyIdOf(key: Buffer): string {
  return `k${createHash("sha256").update("dermaplan data key id\0").update(key).digest("hex").slice(0, 16)}`;
}

/** Which key a stored value names, or null when it is not one of ours. */
export function keyIdOfCiphertext(value: string): string | null {
  const parts = value.split(":");
  return parts.length === 5 && parts[0] === FORMAT && KEY_ID.test(parts[1]!) ? parts[1]! : null;
}

export function createKeyRing(keys: readonly Buffer[], options: { activeKeyId?: string; source?: KeyRing["source"] } = {}): KeyRing {
  const byId = new Map<string, Buffer>();
  for (const key of keys) {
    if (key.length !== KEY_BYTES) throw new KeyRingError(`A data key must be ${KEY_BYTES} bytes; one is ${key.length}.`);
    byId.set(keyIdOf(key), Buffer.from(key));
  }
  const first = keys[0];
  if (!first) throw new KeyRingError("The key ring holds no key.");
  const activeKeyId = options.activeKeyId ?? keyIdOf(first);
  const active = byId.get(activeKeyId);
  if (!active) throw new KeyRingError(`The active key ${activeKeyId} is not among the keys.`);

  const aad = (keyId: string, context: string) => Buffer.from(`${FORMAT}:${keyId}:${context}`, "utf8");

  return {
    activeKeyId,
    keyIds: [...byId.keys()],
    source: options.source ?? "memory",
    has: (keyId) => byId.has(keyId),
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", active, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(activeKeyId, context));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [FORMAT, activeKeyId, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(":");
    },
    decrypt(value, context) {
      const parts = value.split(":");
      if (parts.length !== 5 || parts[0] !== FORMAT) throw new DecryptionError("not in the v1 format");
      const [, keyId, ivText, tagText, dataText] = parts as [string, string, string, string, string];
      if (!KEY_ID.test(keyId)) throw new DecryptionError("malformed key id");
      const key = byId.get(keyId);
      if (!key) throw new MissingKeyError(keyId);
      const b64url = /^[A-Za-z0-9_-]*$/;
      if (![ivText, tagText, dataText].every((p) => b64url.test(p))) throw new DecryptionError("malformed encoding");
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("malformed IV or tag");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(keyId, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptionError("authentication failed");
      }
    },
  };
}

/** A fresh random data key. */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function parseBase64Key(text: string, name: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new KeyRingError(`${name} is not base64. Generate a key with: node -e "console.log(crypto.randomBytes(32).toString('base64'))"`);
  }
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== KEY_BYTES) {
    throw new KeyRingError(
      `${name} must be ${KEY_BYTES} random bytes in base64 (44 characters); it decodes to ${key.length} bytes. ` +
        `Generate one with: node -e "console.log(crypto.randomBytes(32).toString('base64'))"`,
    );
  }
  return key;
}

// ---------------------------------------------------------------------------
// The key file: DATA_DIR/data-keys.json, mode 0600, created on first start.

interface KeyFile {
  version: 1;
  active: string;
  keys: Record<string, { key: string; createdAt: string }>;
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

function readKeyFile(path: string): { active: string; keys: Buffer[]; createdAt: Map<string, string> } {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
  } catch (error) {
    throw new KeyRingError(`The key file ${path} cannot be read (${error instanceof Error ? error.message : "unknown error"}).`);
  }
  if (!parsed || parsed.version !== 1 || typeof parsed.active !== "string" || !parsed.keys || typeof parsed.keys !== "object") {
    throw new KeyRingError(`The key file ${path} is not a Dermaplan key file (version 1 with "active" and "keys").`);
  }
  const keys: Buffer[] = [];
  const createdAt = new Map<string, string>();
  for (const [id, entry] of Object.entries(parsed.keys)) {
    const key = parseBase64Key(String(entry?.key ?? ""), `The key ${id} in ${path}`);
    if (keyIdOf(key) !== id) throw new KeyRingError(`The key file ${path} lists a key under the wrong id (${id}); it was edited by hand.`);
    keys.push(key);
    createdAt.set(id, String(entry.createdAt ?? ""));
  }
  if (!createdAt.has(parsed.active))
    throw new KeyRingError(`The key file ${path} names an active key (${parsed.active}) it does not hold.`);
  return { active: parsed.active, keys, createdAt };
}

/** Replaces the key file in one step (write a sibling, then rename), never leaving half a file. */
function writeKeyFile(path: string, file: KeyFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600, flag: "w" });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export interface LoadedKeyRing {
  keyRing: KeyRing;
  /** Set when the key file was created by this call. */
  created: string | null;
  /** Things an operator should know (e.g. a key file others can read). */
  warnings: string[];
}

/**
 * The key ring for this process: DATA_KEY (the active key, base64 of 32 bytes)
 * plus DATA_KEY_PREVIOUS (comma-separated older keys still needed to read),
 * or else DATA_DIR/data-keys.json, created with one fresh key when missing.
 */
export function loadKeyRing(options: { env: NodeJS.ProcessEnv; dataDir: string; create?: boolean }): LoadedKeyRing {
  const { env, dataDir } = options;
  const warnings: string[] = [];
  if (env.DATA_KEY !== undefined) {
    const active = parseBase64Key(env.DATA_KEY, "DATA_KEY");
    const previous = (env.DATA_KEY_PREVIOUS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s, i) => parseBase64Key(s, `DATA_KEY_PREVIOUS (key ${i + 1})`));
    return { keyRing: createKeyRing([active, ...previous], { source: "env" }), created: null, warnings };
  }
  if (env.DATA_KEY_PREVIOUS) throw new KeyRingError("DATA_KEY_PREVIOUS is set without DATA_KEY. Set DATA_KEY to the active key.");
  const path = keyFilePath(dataDir);
  if (!existsSync(path)) {
    if (options.create === false) throw new KeyRingError(`There is no key file at ${path} and DATA_KEY is not set.`);
    mkdirSync(dataDir, { recursive: true });
    const key = generateDataKey();
    const id = keyIdOf(key);
    const file: KeyFile = { version: 1, active: id, keys: { [id]: { key: key.toString("base64"), createdAt: new Date().toISOString() } } };
    // "wx": two processes starting at once must not each write their own key.
    try {
      writeFileSync(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600, flag: "wx" });
      return { keyRing: createKeyRing([key], { source: "file" }), created: path, warnings };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
    warnings.push(`The key file ${path} can be read by other users of this machine; run: chmod 600 ${path}`);
  }
  const read = readKeyFile(path);
  return { keyRing: createKeyRing(read.keys, { activeKeyId: read.active, source: "file" }), created: null, warnings };
}

/** Adds a fresh key to the key file and makes it active; the old keys stay until nothing uses them. */
export function addKeyToFile(dataDir: string): { keyId: string; keyRing: KeyRing } {
  const path = keyFilePath(dataDir);
  const read = readKeyFile(path);
  const key = generateDataKey();
  const id = keyIdOf(key);
  const keys: KeyFile["keys"] = {};
  for (const k of read.keys) keys[keyIdOf(k)] = { key: k.toString("base64"), createdAt: read.createdAt.get(keyIdOf(k)) ?? "" };
  keys[id] = { key: key.toString("base64"), createdAt: new Date().toISOString() };
  writeKeyFile(path, { version: 1, active: id, keys });
  return { keyId: id, keyRing: createKeyRing([...read.keys, key], { activeKeyId: id, source: "file" }) };
}

/** Drops keys from the key file (never the active one). */
export function removeKeysFromFile(dataDir: string, keyIds: readonly string[]): string[] {
  const path = keyFilePath(dataDir);
  const read = readKeyFile(path);
  const keys: KeyFile["keys"] = {};
  const removed: string[] = [];
  for (const k of read.keys) {
    const id = keyIdOf(k);
    if (keyIds.includes(id) && id !== read.active) {
      removed.push(id);
      continue;
    }
    keys[id] = { key: k.toString("base64"), createdAt: read.createdAt.get(id) ?? "" };
  }
  if (removed.length) writeKeyFile(path, { version: 1, active: read.active, keys });
  return removed;
}
