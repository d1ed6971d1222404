// `npm start`: builds the app when the sources are newer than the build, then
// runs the server in this process's Node (24, from the project's own devDependency).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

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

await import("../server/main.ts").then(async (m) => {
  const running = await m.startServer();
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
});
