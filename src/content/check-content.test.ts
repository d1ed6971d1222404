// The `check-content` command, run as a separate process the way staff run it.
// Each run costs about a second (the image case several, for the OCR), so the
// cases are few and each covers several files.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "./findings.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("../../test/fixtures/content/", import.meta.url));

interface Output {
  files: { file: string; kind: "markdown" | "image"; findings: Finding[]; blocked: boolean }[];
  blocked: boolean;
}

function run(args: string[], cwd = fixtures) {
  const result = spawnSync(process.execPath, [join(root, "scripts/check-content.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, INIT_CWD: cwd },
    timeout: 110_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const parse = (stdout: string) => JSON.parse(stdout) as Output;
const ruleIds = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();

const temp = mkdtempSync(join(tmpdir(), "check-content-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("npm run check-content", () => {
  it("passes clean drafts: exit 0, JSON only on stdout", () => {
    const { status, stdout, stderr } = run(["clean-microneedling-article.md", "close-but-fine.md"]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const output = parse(stdout);
    expect(output.blocked).toBe(false);
    expect(output.files.map((f) => [f.file, f.kind, f.blocked])).toEqual([
      ["clean-microneedling-article.md", "markdown", false],
      ["close-but-fine.md", "markdown", false],
    ]);
    // The command cannot see the media library; it says so without blocking.
    expect(output.files[0]!.findings).toMatchObject([{ rule: "image.in-library", severity: "info", line: 7, image: "m-pen-closeup" }]);
    expect(output.files[1]!.findings).toEqual([]);
  });

  it("blocks bad drafts with the rule ids, and reports a missing file instead of failing", () => {
    const { status, stdout } = run(["editor-draft-repeats.md", "editor-notes.md", "no-such-draft.md"]);
    expect(status).toBe(1);
    const output = parse(stdout);
    expect(output.blocked).toBe(true);
    const [repeats, notes, missing] = output.files;
    expect(ruleIds(repeats!.findings)).toEqual(["list.empty-item", "list.stray-marker", "text.repeated-section"]);
    expect(ruleIds(notes!.findings)).toEqual(["text.editor-note"]);
    expect(missing).toMatchObject({
      file: "no-such-draft.md",
      kind: "markdown",
      blocked: true,
      findings: [{ rule: "file.unreadable", severity: "block" }],
    });
    expect(missing!.findings[0]!.message).toContain("there is no such file");
  });

  it("refuses to run without files or with an unknown option: exit 2, nothing on stdout", () => {
    for (const args of [[], ["--fast", "clean-short-page.md"]]) {
      const { status, stdout, stderr } = run(args);
      expect(status, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("Usage: npm run --silent check-content");
    }
  });

  it("checks images: beside a draft and given directly; links it cannot verify ask for confirmation", { timeout: 120_000 }, async () => {
    const width = 480;
    const height = 320;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        pixels[i] = 190 + Math.round((50 * x) / width);
        pixels[i + 1] = 160 + Math.round((60 * y) / height);
        pixels[i + 2] = 150;
      }
    }
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toFile(join(temp, "warm-gradient.png"));
    writeFileSync(join(temp, "aftercare-guide.md"), "# Aftercare\n\nA guide written beside the draft.\n");
    writeFileSync(
      join(temp, "draft.md"),
      [
        "# Your first visit",
        "",
        "![A soft gradient in warm spa colours](warm-gradient.png)",
        "",
        "Read [the aftercare guide](/articles/aftercare-guide), [the gift cards page](/pages/gift-cards) and [book a consultation](/book/consultation).",
        "",
      ].join("\n"),
    );
    const { status, stdout, stderr } = run(["--brand", "Jolanta's European Spa", "draft.md", "warm-gradient.png"], temp);
    expect(stderr).toBe("");
    const output = parse(stdout);
    expect(output.files.map((f) => [f.file, f.kind, f.blocked])).toEqual([
      ["draft.md", "markdown", false],
      ["warm-gradient.png", "image", false],
    ]);
    expect(output.files[0]!.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ["link.unverified", "confirm", 5],
      ["link.unverified", "confirm", 5],
    ]);
    expect(output.files[0]!.findings.map((f) => f.message).join(" ")).toMatch(/\/pages\/gift-cards.*\/book\/consultation/);
    expect(output.files[1]!.findings).toEqual([]);
    expect(status).toBe(0);
  });
});
