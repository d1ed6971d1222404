// `npm start`: builds the app when the sources are newer than the build, then
// runs the server in this process's Node (24, from the project's own devDependency):
// signals, STOP_WITH_PARENT and the two-step start are server/main.ts's runServer.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { join } from "node:path";

// First of all: Node keeps compiled code and stripped TypeScript in
// os.tmpdir()/node-compile-cache (NODE_COMPILE_CACHE names another folder,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a start after the first
// compiles little (docs/decisions/0023-cold-start.md).
enableCompileCache();

const root = new URL("..", import.meta.url).pathname;
const built = join(root, "build/server/index.js");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sourcesChanged =
  !existsSync(built) ||
  Math.max(newest(join(root, "app")), newest(join(root, "src")), newest(join(root, "public"))) > statSync(built).mtimeMs;

if (sourcesChanged) {
  process.stdout.write("Building Dermaplan…\n");
  const result = spawnSync(process.execPath, [join(root, "node_modules/@react-router/dev/bin.cjs"), "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) {
    process.stderr.write("The build failed; see the messages above.\n");
    process.exit(result.status ?? 1);
  }
}

// Before the server's modules load: the drizzle-orm import shortcut (server/module-loading.ts).
const { registerDrizzleShortcut, saveCompileCache } = await import("../server/module-loading.ts");
registerDrizzleShortcut();
const { runServer } = await import("../server/main.ts");
await runServer();
saveCompileCache();
