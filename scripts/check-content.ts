// `npm run --silent check-content -- [--brand "Name"]... FILE...`: the
// publishing desk's quality guard on files, before they reach the desk.
//
//   Markdown (.md, .markdown, .txt)  the Markdown guard (repeats, notes to the
//                                    editor, stray list markers, links, alt
//                                    text); images it references by a relative
//                                    path are read beside the file and checked
//                                    like image files
//   anything else                    the image check (unreadable, watermark,
//                                    licence hints)
//   --brand "Name"                   a name the watermark check accepts (the
//                                    clinic's own brand); repeatable
//
// Prints one JSON document on stdout, nothing else:
//   { "files": [ { "file", "kind", "findings": [...], "blocked" } ], "blocked" }
// Exit status: 0 when nothing would block publication, 1 when something would
// (or the command itself failed: no JSON then, the reason on stderr), 2 for a
// usage error (no files, an unknown option; the reason on stderr).
//
// What the command cannot know it says rather than guesses: images from the
// media library are checked by the desk, not here (an "info" finding), and
// links to /articles/<slug>, /pages/<slug> or /book/<slug> count as found only
// when <slug>.md lies beside the file (articles and pages); otherwise the editor
// is asked to confirm the page is published (a "confirm" finding, not a block).
// Staff documentation: docs/content-guard.md.

import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import type { Finding } from "../src/content/findings.ts";
import { report } from "../src/content/findings.ts";
import { checkMarkdown, excerptOf } from "../src/content/guard.ts";
import { classifyUrl, outlineMarkdown } from "../src/content/markdown.ts";
import { contentPathOf, isStaticPublicPath, servicePathOf, sitePathOf } from "../src/content/site-paths.ts";

const USAGE = 'Usage: npm run --silent check-content -- [--brand "Name"]... FILE...';
const MARKDOWN_EXTENSIONS = new Set([".md", ".markdown", ".txt"]);
/** Larger files are not read: no draft or web image comes near this. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

type CheckImage = (bytes: Uint8Array, options?: { fileName?: string; brandAllowList?: readonly string[] }) => Promise<Finding[]>;

interface FileResult {
  file: string;
  kind: "markdown" | "image";
  findings: Finding[];
  blocked: boolean;
}

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { files: string[]; brands: string[] } {
  const files: string[] = [];
  const brands: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyFiles) files.push(arg);
    else if (arg === "--") onlyFiles = true;
    else if (arg === "--brand") {
      const value = argv[++i];
      if (value === undefined || value.trim() === "") usage("--brand needs a name after it.");
      brands.push(value.trim());
    } else if (arg.startsWith("--brand=")) {
      const value = arg.slice("--brand=".length).trim();
      if (value === "") usage("--brand needs a name after it.");
      brands.push(value);
    } else if (arg === "--help" || arg === "-h") usage("Checks Markdown drafts and images as the publishing desk does.");
    else if (arg.startsWith("-") && arg !== "-") usage(`Unknown option ${arg}.`);
    else files.push(arg);
  }
  if (files.length === 0) usage("Give at least one file to check.");
  return { files, brands };
}

/** npm runs scripts from the project folder; paths on the command line are relative to where it was called. */
const callerDir = process.env.INIT_CWD ?? process.cwd();

function unreadable(rule: "file.unreadable" | "image.unreadable", what: string, error: unknown, image?: string): Finding {
  const reason =
    error instanceof Error && "code" in error && error.code === "ENOENT"
      ? "there is no such file"
      : error instanceof Error
        ? error.message
        : String(error);
  return {
    rule,
    severity: "block",
    message: `${what} could not be read (${reason}). Check the path, or export the file again.`,
    ...(image !== undefined ? { image } : {}),
  };
}

function readBytes(path: string): Uint8Array {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES)
    throw new Error(`it is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
  return readFileSync(path);
}

let imageCheck: Promise<CheckImage | Error> | null = null;

/** The watermark check is loaded on first use (its OCR models take a moment); a failure to load is reported, never skipped. */
function loadImageCheck(): Promise<CheckImage | Error> {
  imageCheck ??= import("../src/content/watermark.ts").then(
    (module) => module.checkImage as CheckImage,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  return imageCheck;
}

async function checkImageBytes(bytes: Uint8Array, fileName: string, brands: readonly string[]): Promise<Finding[]> {
  const check = await loadImageCheck();
  if (check instanceof Error) {
    return [
      {
        rule: "check.not-run",
        severity: "block",
        message: `The image check could not start (${check.message}), so this image was not checked for watermarks.`,
        image: fileName,
      },
    ];
  }
  try {
    return await check(bytes, { fileName, brandAllowList: brands });
  } catch (error) {
    return [
      {
        rule: "check.not-run",
        severity: "block",
        message: `The image check failed (${error instanceof Error ? error.message : String(error)}), so this image was not checked for watermarks.`,
        image: fileName,
      },
    ];
  }
}

async function checkImageFile(path: string, brands: readonly string[]): Promise<Finding[]> {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(path);
  } catch (error) {
    return [unreadable("file.unreadable", "The file", error, basename(path))];
  }
  return checkImageBytes(bytes, basename(path), brands);
}

/** The file a relative image address names, beside the Markdown file. */
function localImagePath(markdownDir: string, src: string): string {
  const bare = src.replace(/[?#].*$/s, "");
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // keep as written
  }
  return resolve(markdownDir, decoded);
}

function slugFileExists(dir: string, slug: string): boolean {
  return [".md", ".markdown"].some((ext) => existsSync(resolve(dir, `${slug}${ext}`)));
}

async function checkMarkdownFile(path: string, brands: readonly string[]): Promise<Finding[]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readBytes(path));
  } catch (error) {
    const notText = error instanceof TypeError ? new Error("it is not UTF-8 text") : error;
    return [unreadable("file.unreadable", "The file", notText)];
  }
  const dir = dirname(path);
  const outline = outlineMarkdown(text);

  const local = new Map<string, readonly Finding[]>();
  for (const image of outline.images) {
    if (classifyUrl(image.src) !== "relative" || local.has(image.src)) continue;
    const file = localImagePath(dir, image.src);
    let bytes: Uint8Array;
    try {
      bytes = readBytes(file);
    } catch (error) {
      local.set(image.src, [unreadable("image.unreadable", `The image ${image.src}`, error, image.src)]);
      continue;
    }
    local.set(image.src, await checkImageBytes(bytes, basename(file), brands));
  }

  const unverified: Finding[] = [];
  const internalPathExists = (sitePath: string): boolean => {
    if (isStaticPublicPath(sitePath)) return true;
    const content = contentPathOf(sitePath);
    if (content !== null && slugFileExists(dir, content.slug)) return true;
    return content !== null || servicePathOf(sitePath) !== null;
  };
  for (const link of outline.links) {
    const sitePath = classifyUrl(link.href) === "site-path" ? sitePathOf(link.href) : null;
    if (sitePath === null || isStaticPublicPath(sitePath)) continue;
    const content = contentPathOf(sitePath);
    const service = servicePathOf(sitePath);
    if ((content !== null && !slugFileExists(dir, content.slug)) || (content === null && service !== null)) {
      unverified.push({
        rule: "link.unverified",
        severity: "confirm",
        message: `This command cannot see which ${content?.kind === "page" ? "pages" : content ? "articles" : "services"} are published. Make sure ${sitePath} is live before publishing; the desk checks it for you.`,
        line: link.line,
        excerpt: excerptOf(link.raw),
      });
    }
  }

  const findings = checkMarkdown(text, {
    internalPathExists,
    mediaFindings: () => [
      {
        rule: "image.in-library",
        severity: "info",
        message: "This image comes from the media library, which this command cannot see. The desk checks it when the draft is saved.",
      },
    ],
    localImageFindings: (src) => local.get(src) ?? null,
  });
  return [...findings, ...unverified].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

async function main(): Promise<void> {
  const { files, brands } = parseArgs(process.argv.slice(2));
  const results: FileResult[] = [];
  for (const file of files) {
    const path = resolve(callerDir, file);
    const kind = MARKDOWN_EXTENSIONS.has(extname(file).toLowerCase()) ? "markdown" : "image";
    const findings = kind === "markdown" ? await checkMarkdownFile(path, brands) : await checkImageFile(path, brands);
    results.push({ file, kind, findings, blocked: report(findings).blocked });
  }
  const output = { files: results, blocked: results.some((r) => r.blocked) };
  const exitCode = output.blocked ? 1 : 0;
  // The image check's native threads may keep the process alive: exit once the JSON is written.
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`, () => process.exit(exitCode));
}

main().catch((error: unknown) => {
  process.stderr.write(`check-content failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
