import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addKeyToFile,
  createKeyRing,
  DecryptionError,
  generateDataKey,
  KEY_FILE_NAME,
  keyIdOf,
  keyIdOfCiphertext,
  KeyRingError,
  loadKeyRing,
  MissingKeyError,
  removeKeysFromFile,
} from "./keyring.ts";

const CONTEXT = "notes.body/org/client/row";

function flip(value: string, part: number): string {
  const parts = value.split(":");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("AES-256-GCM values", () => {
  const ring = createKeyRing([generateDataKey()]);

  it("round-trips text, including non-ASCII and empty strings", () => {
    for (const text of ["Allergic to lidocaine; isotretinoin stopped 2026-01.", "Réaction à l’anesthésique — ½ dose 💉", ""]) {
      const stored = ring.encrypt(text, CONTEXT);
      expect(stored).not.toContain("lidocaine");
      expect(ring.decrypt(stored, CONTEXT)).toBe(text);
    }
  });

  it("stores the format version, the key id, a 96-bit IV and a 128-bit tag with every value", () => {
    const stored = ring.encrypt("note", CONTEXT);
    const [version, keyId, iv, tag] = stored.split(":");
    expect(version).toBe("v1");
    expect(keyId).toBe(ring.activeKeyId);
    expect(keyIdOfCiphertext(stored)).toBe(ring.activeKeyId);
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
  });

  it("uses a fresh IV for every value, so equal notes do not look equal", () => {
    const a = ring.encrypt("same", CONTEXT);
    const b = ring.encrypt("same", CONTEXT);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("refuses tampered data, IV, tag, key id and format with a clear error, never wrong text", () => {
    const stored = ring.encrypt("Client is pregnant", CONTEXT);
    for (const part of [2, 3, 4]) expect(() => ring.decrypt(flip(stored, part), CONTEXT)).toThrow(DecryptionError);
    expect(() => ring.decrypt(stored.replace(/^v1:/, "v2:"), CONTEXT)).toThrow(/not in the v1 format/);
    expect(() => ring.decrypt(stored.slice(0, -2), CONTEXT)).toThrow(DecryptionError);
    expect(() => ring.decrypt("plain text", CONTEXT)).toThrow(DecryptionError);
    expect(() => ring.decrypt(stored + ":extra", CONTEXT)).toThrow(DecryptionError);
    expect(() => ring.decrypt(flip(stored, 2), CONTEXT)).toThrow(/altered or damaged/);
  });

  it("refuses a value moved to another row or client (the context is authenticated)", () => {
    const stored = ring.encrypt("note", CONTEXT);
    expect(() => ring.decrypt(stored, CONTEXT.replace("client", "other"))).toThrow(DecryptionError);
  });

  it("names a missing key instead of failing vaguely", () => {
    const other = createKeyRing([generateDataKey()]);
    const stored = other.encrypt("note", CONTEXT);
    expect(() => ring.decrypt(stored, CONTEXT)).toThrow(MissingKeyError);
    expect(() => ring.decrypt(stored, CONTEXT)).toThrow(other.activeKeyId);
  });

  it("refuses a value re-labelled with another key's id", () => {
    const k1 = generateDataKey();
    const k2 = generateDataKey();
    const both = createKeyRing([k1, k2]);
    const stored = both.encrypt("note", CONTEXT);
    const relabelled = stored.replace(keyIdOf(k1), keyIdOf(k2));
    expect(() => both.decrypt(relabelled, CONTEXT)).toThrow(DecryptionError);
  });
});

describe("the key ring's sources", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "dermaplan-keys-"));

  it("creates DATA_DIR/data-keys.json with mode 0600 on first start and reads the same key afterwards", () => {
    const d = dir();
    const first = loadKeyRing({ env: {}, dataDir: d });
    expect(first.created).toBe(join(d, KEY_FILE_NAME));
    expect(statSync(join(d, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const stored = first.keyRing.encrypt("note", CONTEXT);
    const again = loadKeyRing({ env: {}, dataDir: d });
    expect(again.created).toBeNull();
    expect(again.keyRing.activeKeyId).toBe(first.keyRing.activeKeyId);
    expect(again.keyRing.decrypt(stored, CONTEXT)).toBe("note");
    const file = JSON.parse(readFileSync(join(d, KEY_FILE_NAME), "utf8"));
    expect(file.active).toBe(first.keyRing.activeKeyId);
  });

  it("warns when the key file is readable by others", () => {
    const d = dir();
    loadKeyRing({ env: {}, dataDir: d });
    chmodSync(join(d, KEY_FILE_NAME), 0o644);
    expect(loadKeyRing({ env: {}, dataDir: d }).warnings.join()).toMatch(/chmod 600/);
  });

  it("refuses a damaged or hand-edited key file clearly", () => {
    const d = dir();
    writeFileSync(join(d, KEY_FILE_NAME), "{not json", { mode: 0o600 });
    expect(() => loadKeyRing({ env: {}, dataDir: d })).toThrow(KeyRingError);
    const e = dir();
    const key = generateDataKey();
    writeFileSync(
      join(e, KEY_FILE_NAME),
      JSON.stringify({ version: 1, active: "k0000000000000000", keys: { k0000000000000000: { key: key.toString("base64") } } }),
    );
    expect(() => loadKeyRing({ env: {}, dataDir: e })).toThrow(/wrong id/);
  });

  it("takes DATA_KEY (base64 of 32 bytes) over the file, with DATA_KEY_PREVIOUS for older keys, and creates no file", () => {
    const d = dir();
    const key = generateDataKey();
    const previous = generateDataKey();
    const { keyRing } = loadKeyRing({
      env: { DATA_KEY: key.toString("base64"), DATA_KEY_PREVIOUS: previous.toString("base64") },
      dataDir: d,
    });
    expect(keyRing.activeKeyId).toBe(keyIdOf(key));
    expect(keyRing.has(keyIdOf(previous))).toBe(true);
    expect(keyRing.source).toBe("env");
    expect(existsSync(join(d, KEY_FILE_NAME))).toBe(false);
  });

  it("gives the same key the same id from DATA_KEY and from the file, so moving between them needs no re-encryption", () => {
    const d = dir();
    const fromFile = loadKeyRing({ env: {}, dataDir: d }).keyRing;
    const file = JSON.parse(readFileSync(join(d, KEY_FILE_NAME), "utf8"));
    const fromEnv = loadKeyRing({ env: { DATA_KEY: file.keys[file.active].key }, dataDir: dir() }).keyRing;
    expect(fromEnv.activeKeyId).toBe(fromFile.activeKeyId);
    expect(fromEnv.decrypt(fromFile.encrypt("x", CONTEXT), CONTEXT)).toBe("x");
  });

  it("stops with a clear message for an invalid DATA_KEY", () => {
    const d = dir();
    expect(() => loadKeyRing({ env: { DATA_KEY: "not a key!" }, dataDir: d })).toThrow(/DATA_KEY is not base64/);
    expect(() => loadKeyRing({ env: { DATA_KEY: Buffer.alloc(16).toString("base64") }, dataDir: d })).toThrow(/32 random bytes.*16 bytes/);
    expect(() => loadKeyRing({ env: { DATA_KEY: "" }, dataDir: d })).toThrow(KeyRingError);
    expect(() => loadKeyRing({ env: { DATA_KEY_PREVIOUS: generateDataKey().toString("base64") }, dataDir: d })).toThrow(/without DATA_KEY/);
  });

  it("adds a key to the file as the active one and removes unused old keys, never the active one", () => {
    const d = dir();
    const first = loadKeyRing({ env: {}, dataDir: d }).keyRing;
    const stored = first.encrypt("note", CONTEXT);
    const { keyId, keyRing } = addKeyToFile(d);
    expect(keyRing.activeKeyId).toBe(keyId);
    expect(keyRing.decrypt(stored, CONTEXT)).toBe("note");
    const reloaded = loadKeyRing({ env: {}, dataDir: d }).keyRing;
    expect(reloaded.activeKeyId).toBe(keyId);
    expect(reloaded.keyIds).toHaveLength(2);
    expect(statSync(join(d, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(removeKeysFromFile(d, [first.activeKeyId, keyId])).toEqual([first.activeKeyId]);
    expect(loadKeyRing({ env: {}, dataDir: d }).keyRing.keyIds).toEqual([keyId]);
  });
});
