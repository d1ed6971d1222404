// `npm run rotate-key`: a new data encryption key becomes the active one and
// every encrypted value in the database is re-encrypted with it, in one
// transaction (all values move or none does). Old keys stay in the key ring
// until nothing uses them, and the counts say so.
//
//   npm run rotate-key                    key file (DATA_DIR/data-keys.json): adds a key, re-encrypts, drops unused old keys
//   npm run rotate-key -- --keep-old-keys keeps the old keys in the file (e.g. to read older backups)
//   npm run rotate-key -- --generate      prints a fresh key for DATA_KEY and changes nothing
//
// With DATA_KEY set the script cannot change the environment: set DATA_KEY to
// the new key and DATA_KEY_PREVIOUS to the old one (restart the app with
// both), then run this to move every value to DATA_KEY; it says when
// DATA_KEY_PREVIOUS can go. Stop the server first (the embedded database
// allows one process; with PostgreSQL a running server keeps encrypting with
// the keys it started with).
import { resolve } from "node:path";
import { readEnv } from "../src/config/env.ts";
import { databaseConfigFromEnv, DataDirLockedError, migrate, openDatabase, type Database } from "../src/db/open.ts";
import { encryptedValueCounts, reencryptHealthData } from "../src/privacy/key-rotation.ts";
import {
  addKeyToFile,
  generateDataKey,
  keyFilePath,
  KeyRingError,
  loadKeyRing,
  removeKeysFromFile,
  type KeyRing,
} from "../src/privacy/keyring.ts";

const args = new Set(process.argv.slice(2));
const out = (line = "") => process.stdout.write(`${line}\n`);
const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

if (args.has("--generate")) {
  out(generateDataKey().toString("base64"));
  process.exit(0);
}

const env = readEnv(process.env);
const dataDir = resolve(env.DATA_DIR);

let ring: KeyRing;
try {
  ring = loadKeyRing({ env: process.env, dataDir, create: false }).keyRing;
} catch (error) {
  if (error instanceof KeyRingError) fail(`Cannot rotate: ${error.message}`);
  throw error;
}

let database: Database;
try {
  database = await openDatabase(databaseConfigFromEnv({ ...process.env, DATA_DIR: dataDir }));
} catch (error) {
  if (error instanceof DataDirLockedError) fail(`${error.message}\nStop the server, then run the rotation again.`);
  throw error;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const describeCounts = (counts: Map<string, number>) =>
  counts.size === 0 ? "  (no encrypted values)" : [...counts].map(([id, n]) => `  ${id}: ${plural(n, "value")}`).join("\n");

try {
  await migrate(database);
  const before = await encryptedValueCounts(database.db);
  const unrecognised = before.get("unrecognised") ?? 0;
  if (unrecognised) fail(`Cannot rotate: ${plural(unrecognised, "stored value")} not in the v1 format. Nothing was changed.`);
  const missing = [...before.keys()].filter((id) => !ring.has(id));
  if (missing.length)
    fail(`Cannot rotate: the data uses ${missing.join(", ")}, which the key ring does not hold. Restore it first. Nothing was changed.`);
  out("Encrypted values by key before:");
  out(describeCounts(before));

  if (ring.source === "file") {
    const added = addKeyToFile(dataDir);
    ring = added.keyRing;
    out(`\nAdded key ${added.keyId} to ${keyFilePath(dataDir)} and made it the active key.`);
    if (database.kind === "postgres")
      out("PostgreSQL: every app process must be stopped now and restarted after this, to pick up the new key.");
  } else {
    out(`\nDATA_KEY is the active key (${ring.activeKeyId}); values under DATA_KEY_PREVIOUS keys move to it.`);
  }

  let result;
  try {
    result = await reencryptHealthData(database.db, { keyRing: ring });
  } catch (error) {
    fail(
      `${error instanceof Error ? error.message : String(error)}\n` +
        (ring.source === "file" ? `The new key stays active for new values; the old keys stay in the key file.` : ""),
    );
  }
  out(`Re-encrypted ${plural(result!.notes, "health note")} and ${plural(result!.corrections, "correction request")} in one transaction.`);

  const after = await encryptedValueCounts(database.db);
  out("\nEncrypted values by key after:");
  out(describeCounts(after));
  const unused = ring.keyIds.filter((id) => id !== ring.activeKeyId && !after.has(id));
  if (ring.source === "file") {
    if (args.has("--keep-old-keys")) {
      out(`\nKept ${plural(unused.length, "unused old key")} in the key file (--keep-old-keys): ${unused.join(", ") || "none"}.`);
    } else {
      const removed = removeKeysFromFile(dataDir, unused);
      out(`\nRemoved ${plural(removed.length, "old key")} nothing uses any more: ${removed.join(", ") || "none"}.`);
      if (removed.length) out("Backups made before now need the old key file to be read: keep it with them, apart from the data.");
    }
  } else if (unused.length) {
    out(`\nNothing uses ${unused.join(", ")} any more: remove it from DATA_KEY_PREVIOUS and restart.`);
  }
  const stillOld = ring.keyIds.filter((id) => id !== ring.activeKeyId && after.has(id));
  if (stillOld.length)
    out(
      `Still in use (kept): ${stillOld.join(", ")}. A server may have written during the rotation; run it again with the server stopped.`,
    );
} finally {
  await database.close();
}
