// The browser the tests drive: the Chromium build shipped inside the npm
// package @sparticuz/chromium, unpacked once into node_modules/.cache so every
// worker and every run after the first starts it at once. CHROMIUM_PATH, when
// set, names another Chromium to use instead (a developer's own).
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";

const ROOT = resolve(import.meta.dirname, "../..");

export interface ChromiumInstall {
  executablePath: string;
  /** Environment the browser needs: where its fonts are. */
  env: Record<string, string>;
  /** Flags this build needs on top of the tests' own. */
  args: string[];
}

function packageDir(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@sparticuz/chromium");
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "bin"))) dir = dirname(dir);
  const { version } = require(join(dir, "package.json")) as { version: string };
  return { dir, version };
}

/** Reads a ustar archive's regular files and folders into `target` (the package's archives hold nothing else). */
async function untar(archive: Buffer, target: string): Promise<void> {
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString("latin1").replace(/\0.*$/s, "");
    const name = (field(345, 155) ? `${field(345, 155)}/` : "") + field(0, 100);
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const mode = parseInt(field(100, 8).trim() || "644", 8);
    const path = resolve(target, name);
    if (!path.startsWith(resolve(target))) throw new Error(`The archive names a path outside its folder: ${name}`);
    offset += 512;
    if (type === "5") mkdirSync(path, { recursive: true });
    else if (type === "0") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, archive.subarray(offset, offset + size), { mode });
    }
    offset += Math.ceil(size / 512) * 512;
  }
}

async function inflate(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(createReadStream(file), createBrotliDecompress(), async function* (source) {
    for await (const chunk of source) chunks.push(chunk as Buffer);
  });
  return Buffer.concat(chunks);
}

async function unpack(bin: string, target: string, finalPlace: string): Promise<void> {
  mkdirSync(target, { recursive: true });
  const executable = join(target, "chromium");
  await pipeline(createReadStream(join(bin, "chromium.br")), createBrotliDecompress(), createWriteStream(executable));
  chmodSync(executable, 0o755);
  await untar(await inflate(join(bin, "swiftshader.tar.br")), target);
  await untar(await inflate(join(bin, "fonts.tar.br")), target);
  writeFileSync(
    join(target, "fonts.conf"),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      "<fontconfig>",
      `  <dir>${join(finalPlace, "fonts")}</dir>`,
      "  <dir>/usr/share/fonts</dir>",
      `  <cachedir>${join(finalPlace, "fontconfig-cache")}</cachedir>`,
      "</fontconfig>",
      "",
    ].join("\n"),
  );
}

let installing: Promise<ChromiumInstall> | null = null;

/**
 * The browser to launch. The first call on a machine unpacks the package
 * (about 200 MB, a few seconds) into a folder of its own and renames it into
 * place, so runs and workers side by side never see half a browser.
 */
export function chromiumInstall(): Promise<ChromiumInstall> {
  installing ??= (async (): Promise<ChromiumInstall> => {
    const own = process.env.CHROMIUM_PATH;
    if (own) return { executablePath: own, env: {}, args: [] };
    const { dir, version } = packageDir();
    const target = join(ROOT, "node_modules", ".cache", `dermaplan-chromium-${version}`);
    if (!existsSync(join(target, "fonts.conf"))) {
      const partial = `${target}.partial-${process.pid}-${Date.now()}`;
      try {
        await unpack(join(dir, "bin"), partial, target);
        try {
          renameSync(partial, target);
        } catch (e) {
          // Another run unpacked it first: theirs is as good as ours.
          if (!existsSync(join(target, "fonts.conf"))) throw e;
        }
      } finally {
        rmSync(partial, { recursive: true, force: true });
      }
    }
    return {
      executablePath: join(target, "chromium"),
      env: { FONTCONFIG_PATH: target, FONTCONFIG_FILE: join(target, "fonts.conf") },
      args: ["--no-zygote", "--disable-setuid-sandbox"],
    };
  })();
  const current = installing;
  current.catch(() => {
    if (installing === current) installing = null;
  });
  return current;
}
