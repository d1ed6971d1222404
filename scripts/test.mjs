// `npm test`: the type check and the build at the same time (the type check
// is one process on one core, the build uses the other), then the test files
// (the browser suites serve the build). Fails if any step fails. Arguments go
// to `vitest run`. Ctrl-C or SIGTERM stops what runs (the test run then cleans
// up after itself).
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules/.bin", name);
const children = new Set();

function run(command, args, { quiet = false } = {}) {
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
  children.add(child);
  let output = "";
  if (quiet) {
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
  }
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 });
    });
    child.once("error", (error) => {
      children.delete(child);
      resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 });
    });
  });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    process.exitCode = 130;
  });
}

const [typecheck, build] = await Promise.all([
  run("npm", ["run", "--silent", "typecheck"], { quiet: true }),
  run(bin("react-router"), ["build"], { quiet: true }),
]);
for (const [name, step] of [
  ["type check", typecheck],
  ["build", build],
]) {
  process.stdout.write(`${name} (${step.seconds.toFixed(1)} s): ${step.code === 0 ? "passed" : "FAILED"}\n`);
  if (step.code !== 0) process.stderr.write(step.output);
}
if (typecheck.code !== 0 || build.code !== 0) {
  process.stderr.write("\nNo tests were run.\n");
  process.exit(typecheck.code || build.code);
}
const tests = await run(bin("vitest"), ["run", ...process.argv.slice(2)]);
process.exit(tests.code);
