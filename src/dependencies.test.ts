// The dependency rules of the code base, checked on every run (decision 25):
// - no import cycle between files (type-only imports count: a cycle of types
//   is still two files that cannot be understood one without the other);
// - the kernel (src/kernel/) imports nothing of the domains, the database or
//   the web layer: every domain may use it, so it may use none of them;
// - the domain code (src/) never imports the web layer (app/) or the server;
// - a domain (a folder of src/ with an index.ts) takes from another only the
//   names that domain's index.ts lists, from the file it lists them from.
//   Tests and test fixtures may reach further.
// Imports are read with TypeScript's own pre-processor, so multi-line,
// type-only, re-exporting and dynamic imports are all seen.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
/**
 * Files no surface lists because a stricter test fixes who may import them: the
 * health tables, which only the audited storage of privacy, screening and
 * plans may touch (src/privacy/health-record-boundary.test.ts).
 */
const GUARDED = new Set(["src/privacy/health-tables.ts"]);
/** The domains: each has an index.ts that lists what the others may use of it. */
const DOMAINS = ["audit", "auth", "clients", "consent", "content", "jobs", "notifications", "plans", "privacy", "scheduling", "screening"];
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
    const target = resolveImport(file, fileName, exists);
    if (target) found.push(target);
  }
  return found;
}

/** The project file a relative module name in `file` stands for, or null (packages, missing files). */
function resolveImport(file: string, fileName: string, exists: (path: string) => boolean): string | null {
  if (!fileName.startsWith(".")) return null;
  const base = resolve(ROOT, dirname(file), fileName);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  const target = candidates.find((c) => exists(c) && !isDirectory(c));
  return target ? relative(ROOT, target) : null;
}

/** Each import and re-export of a module with the names it takes ("default"; "*" for a namespace, `export *` or `import()`). */
export function takenNames(file: string, text: string, exists: (path: string) => boolean): { target: string; names: string[] }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { target: string; names: string[] }[] = [];
  const add = (specifier: ts.Node | undefined, names: string[]) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const target = resolveImport(file, specifier.text, exists);
    if (target) found.push({ target, names });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push("default");
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push("*");
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.push((e.propertyName ?? e.name).text);
      add(node.moduleSpecifier, names);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const names = !clause || ts.isNamespaceExport(clause) ? ["*"] : clause.elements.map((e) => (e.propertyName ?? e.name).text);
      add(node.moduleSpecifier, names);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], ["*"]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The domain a file belongs to: the folder of src/ it is in, when that folder has a public surface (index.ts). */
function domainOf(file: string, surfaces: ReadonlyMap<string, Surface>): string | null {
  const match = /^src\/([^/]+)\/./.exec(file);
  return match && surfaces.has(match[1]!) ? match[1]! : null;
}

const isTestSupport = (file: string) => /(\.test\.tsx?|fixtures?[^/]*\.ts|test-[^/]*\.ts)$/.test(file);

/** A domain's public surface: for each of its files, the names index.ts re-exports from it ("*" for all). */
export type Surface = ReadonlyMap<string, ReadonlySet<string>>;

/** The surface an index.ts declares, and what in it is not a plain re-export of the domain's own files. */
export function surfaceOf(indexFile: string, text: string, exists: (path: string) => boolean): { surface: Surface; problems: string[] } {
  const surface = new Map<string, Set<string>>();
  const problems: string[] = [];
  const folder = dirname(indexFile) + "/";
  const source = ts.createSourceFile(indexFile, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  for (const statement of source.statements) {
    const reExport = ts.isExportDeclaration(statement) && statement.moduleSpecifier;
    if (!reExport) {
      problems.push(
        `${indexFile}: only re-exports belong in a public surface (line ${source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1})`,
      );
    }
  }
  for (const { target, names } of takenNames(indexFile, text, exists)) {
    if (!target.startsWith(folder)) problems.push(`${indexFile} → ${target} (a surface lists its own domain's files only)`);
    const listed = surface.get(target) ?? new Set<string>();
    for (const name of names) listed.add(name);
    surface.set(target, listed);
  }
  return { surface, problems };
}

/** Imports from one domain into another of a name its surface does not list from that file, as "from → to: name". */
export function surfaceViolations(
  imports: ReadonlyMap<string, readonly { target: string; names: readonly string[] }[]>,
  surfaces: ReadonlyMap<string, Surface>,
): string[] {
  const found: string[] = [];
  for (const [from, taken] of imports) {
    const own = domainOf(from, surfaces);
    if (!own || isTestSupport(from)) continue;
    for (const { target, names } of taken) {
      const other = domainOf(target, surfaces);
      if (!other || other === own || target === `src/${other}/index.ts` || GUARDED.has(target)) continue;
      const listed = surfaces.get(other)!.get(target);
      for (const name of names) {
        if (!listed?.has(name) && !listed?.has("*")) found.push(`${from} → ${target}: ${name} (not in src/${other}/index.ts)`);
      }
    }
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

  it("checks a domain's imports from another against that domain's public surface", () => {
    const files = ["src/a/index.ts", "src/a/open.ts", "src/a/inner.ts", "src/b/index.ts", "src/b/use.ts", "src/kernel/k.ts"];
    const exists = (p: string) => files.some((f) => p === join(ROOT, f));
    const a = surfaceOf(
      "src/a/index.ts",
      `export { open, type Shape } from "./open.ts";\nexport const x = 1;\nexport * from "../kernel/k.ts";`,
      exists,
    );
    expect(a.problems).toEqual([
      "src/a/index.ts: only re-exports belong in a public surface (line 2)",
      "src/a/index.ts → src/kernel/k.ts (a surface lists its own domain's files only)",
    ]);
    const surfaces = new Map([
      ["a", a.surface],
      ["b", surfaceOf("src/b/index.ts", "", exists).surface],
    ]);
    const use = [
      `import { open, type Shape } from "../a/open.ts";`,
      `import { hidden } from "../a/open.ts";`,
      `import { inner } from "../a/inner.ts";`,
      `export * from "../a/open.ts";`,
      `const lazy = await import("../a/inner.ts");`,
      `import { fromIndex } from "../a/index.ts";`,
      `import { k } from "../kernel/k.ts";`,
    ].join("\n");
    const imports = new Map([
      ["src/b/use.ts", takenNames("src/b/use.ts", use, exists)],
      // Tests and fixtures may reach a domain's inside; so may a domain its own files.
      ["src/b/use.test.ts", takenNames("src/b/use.test.ts", `import { inner } from "../a/inner.ts";`, exists)],
      ["src/a/open.ts", takenNames("src/a/open.ts", `import { inner } from "./inner.ts";`, exists)],
    ]);
    expect(surfaceViolations(imports, surfaces)).toEqual([
      "src/b/use.ts → src/a/open.ts: hidden (not in src/a/index.ts)",
      "src/b/use.ts → src/a/inner.ts: inner (not in src/a/index.ts)",
      "src/b/use.ts → src/a/open.ts: * (not in src/a/index.ts)",
      "src/b/use.ts → src/a/inner.ts: * (not in src/a/index.ts)",
    ]);
  });

  it("lets a domain use another only through the names its index.ts lists", () => {
    const surfaces = new Map<string, Surface>();
    const problems: string[] = [];
    for (const entry of readdirSync(join(ROOT, "src"), { withFileTypes: true })) {
      const index = join(ROOT, "src", entry.name, "index.ts");
      if (!entry.isDirectory() || !existsSync(index)) continue;
      const found = surfaceOf(relative(ROOT, index), readFileSync(index, "utf8"), existsSync);
      surfaces.set(entry.name, found.surface);
      problems.push(...found.problems);
    }
    expect([...surfaces.keys()].sort()).toEqual(DOMAINS);
    const imports = new Map<string, { target: string; names: string[] }[]>();
    for (const file of graph.keys()) {
      if (file.startsWith("src/")) imports.set(file, takenNames(file, readFileSync(join(ROOT, file), "utf8"), existsSync));
    }
    expect([...problems, ...surfaceViolations(imports, surfaces)]).toEqual([]);
  });

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
