// The dependency rules of the code base, checked on every run (decision 25):
// - no import cycle between files (type-only imports count: a cycle of types
//   is still two files that cannot be understood one without the other);
// - the kernel (src/kernel/) imports nothing of the domains, the database or
//   the web layer: every domain may use it, so it may use none of them;
// - the domain code (src/) never imports the web layer (app/) or the server.
// Imports are read with TypeScript's own pre-processor, so multi-line,
// type-only, re-exporting and dynamic imports are all seen.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const SCANNED = ["src", "app", "server"];
const SOURCE = /\.(ts|tsx)$/;

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "build") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) yield path;
  }
}

/** The project files a module's text imports, relative to ROOT ("src/kernel/errors.ts"). */
export function importsOf(file: string, text: string, exists: (path: string) => boolean): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const found: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const base = resolve(ROOT, dirname(file), fileName);
    const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
    const target = candidates.find((c) => exists(c) && !isDirectory(c));
    if (target) found.push(relative(ROOT, target));
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export type Graph = ReadonlyMap<string, readonly string[]>;

/** Every cycle of the graph, each as its files in import order (strongly connected components of two or more, or one importing itself). */
export function cyclesOf(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative Tarjan: the graph has a few hundred files, but recursion depth is not worth the risk.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || (graph.get(frame.node) ?? []).includes(frame.node)) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}

/** The imports that break a layering rule, as "from → to (rule)". */
export function layeringViolations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      // A kernel test may set up a database to check the kernel against; the kernel itself may not.
      if (from.startsWith("src/kernel/") && !from.endsWith(".test.ts") && !to.startsWith("src/kernel/"))
        found.push(`${from} → ${to} (the kernel imports no domain)`);
      if (from.startsWith("src/") && (to.startsWith("app/") || to.startsWith("server/")))
        found.push(`${from} → ${to} (domain code never imports the web layer or the server)`);
    }
  }
  return found;
}

function projectGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of SCANNED) {
    for (const path of sourceFiles(join(ROOT, dir))) {
      const file = relative(ROOT, path);
      graph.set(file, importsOf(file, readFileSync(path, "utf8"), existsSync));
    }
  }
  return graph;
}

describe("the dependency rules", () => {
  it("reads every kind of import and finds cycles and layering breaks in a made-up graph", () => {
    const exists = (p: string) => ["src/a.ts", "src/b.ts", "src/kernel/k.ts", "app/x.tsx"].some((f) => p === join(ROOT, f));
    const text = [
      `import type { A } from "./a.ts";`,
      `import {\n  b,\n  c,\n} from "./b";`,
      `export * from "./kernel/k.ts";`,
      `const x = await import("../app/x.tsx");`,
      `import { z } from "zod";`,
    ].join("\n");
    expect(importsOf("src/main.ts", text, exists).sort()).toEqual(["app/x.tsx", "src/a.ts", "src/b.ts", "src/kernel/k.ts"]);

    const graph = new Map<string, string[]>([
      ["src/a.ts", ["src/b.ts"]],
      ["src/b.ts", ["src/c.ts"]],
      ["src/c.ts", ["src/a.ts", "src/kernel/k.ts"]],
      ["src/d.ts", ["src/d.ts"]],
      ["src/kernel/k.ts", ["src/a.ts"]],
      ["src/e.ts", ["app/x.tsx"]],
      ["app/x.tsx", ["src/a.ts"]],
    ]);
    const cycles = cyclesOf(graph).map((c) => [...c].sort());
    expect(cycles).toContainEqual(["src/a.ts", "src/b.ts", "src/c.ts", "src/kernel/k.ts"]);
    expect(cycles).toContainEqual(["src/d.ts"]);
    expect(cycles).toHaveLength(2);
    expect(layeringViolations(graph)).toEqual([
      "src/kernel/k.ts → src/a.ts (the kernel imports no domain)",
      "src/e.ts → app/x.tsx (domain code never imports the web layer or the server)",
    ]);
  });

  const graph = projectGraph();

  it("reads the whole project", () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get("src/kernel/errors.ts")).toEqual([]);
  });

  it("has no import cycle between files", () => {
    expect(cyclesOf(graph).map((c) => c.join(" → "))).toEqual([]);
  });

  it("keeps the kernel free of the domains and the domains free of the web layer", () => {
    expect(layeringViolations(graph)).toEqual([]);
  });
});
