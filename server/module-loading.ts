// What `npm start` sets up in its own process before it loads the server, so
// that loading the server's modules costs less (docs/decisions/0023-cold-start.md):
// a shortcut for drizzle-orm's imports of its own files, and saving Node's
// compile cache (which scripts/start.mjs turns on before any TypeScript loads).
import { readFileSync } from "node:fs";
import { flushCompileCache, registerHooks, type ResolveFnOutput } from "node:module";

/**
 * drizzle-orm's package.json carries an "exports" map of about 130 KB. Node 24
 * parses it again each time it resolves a file inside the package (to learn
 * the package's "type"; `getPackageScopeConfig` spreads a lazy getter), which
 * for the files the server loads is about a thousand times: a second of CPU,
 * the largest single cost of a start before this shortcut. The package's files
 * import one another by relative paths ending in ".js", and the package is
 * "type": "module", so such an import is the file at that path, an ES module.
 * Answers that URL, or null when the import is anything else (left to Node).
 */
export function drizzleRelativeImport(specifier: string, parentURL: string | undefined, packageURL: string): string | null {
  if (!parentURL?.startsWith(packageURL)) return null;
  if (!(specifier.startsWith("./") || specifier.startsWith("../")) || !specifier.endsWith(".js")) return null;
  const url = new URL(specifier, parentURL).href;
  return url.startsWith(packageURL) ? url : null;
}

/** drizzle-orm's folder as Node resolves it (symbolic links followed), when it is an ES module package; otherwise null. */
function drizzlePackageURL(): string | null {
  try {
    const packageURL = new URL("./", import.meta.resolve("drizzle-orm")).href;
    const manifest = JSON.parse(readFileSync(new URL("package.json", packageURL), "utf8")) as { type?: string };
    return manifest.type === "module" ? packageURL : null;
  } catch {
    return null;
  }
}

/** Whether a bare import names drizzle-orm from one of the project's own files, where it always resolves alike. */
export function isDrizzleImportFromProject(specifier: string, parentURL: string | undefined, projectURL: string): boolean {
  return (
    (specifier === "drizzle-orm" || specifier.startsWith("drizzle-orm/")) &&
    !!parentURL?.startsWith(projectURL) &&
    !parentURL.slice(projectURL.length).includes("node_modules/")
  );
}

/**
 * Resolves drizzle-orm's imports of its own files directly (see
 * drizzleRelativeImport), and resolves each drizzle-orm entry point the
 * project's files import once rather than once per importing file (each costs
 * the same parse). Only what is imported after this call benefits.
 */
export function registerDrizzleShortcut(): void {
  const packageURL = drizzlePackageURL();
  if (!packageURL) return;
  const projectURL = new URL("../", import.meta.url).href;
  const entryPoints = new Map<string, ResolveFnOutput>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const url = drizzleRelativeImport(specifier, context.parentURL, packageURL);
      if (url) return { url, format: "module", shortCircuit: true };
      if (!isDrizzleImportFromProject(specifier, context.parentURL, projectURL)) return nextResolve(specifier, context);
      const key = `${specifier} ${context.conditions.join(",")}`;
      let resolved = entryPoints.get(key);
      if (!resolved) entryPoints.set(key, (resolved = nextResolve(specifier, context)));
      return { ...resolved, shortCircuit: true };
    },
  });
}

/**
 * Writes what Node's compile cache gathered (scripts/start.mjs turns it on),
 * so that the next start has it even if this process is killed later.
 */
export function saveCompileCache(): void {
  flushCompileCache();
}
