// The server runs React's production build: nothing but server/production-mode.ts
// sets NODE_ENV for `npm start`, and it must come before anything loads React.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./server.ts";

const reactBuild = (imports: string) =>
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `${imports}\nconst React = (await import("react")).default;\nconsole.log("act" in React ? "development" : "production");`,
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" },
  ).trim();

describe("the server's React build", () => {
  it("is the production build when NODE_ENV is not set, and the development one without the server's first import", () => {
    expect(reactBuild(`await import(${JSON.stringify(join(ROOT, "server/production-mode.ts"))});`)).toBe("production");
    // The check itself tells the two apart.
    expect(reactBuild("")).toBe("development");
  });

  it("is chosen before anything else is loaded: production-mode.ts is server/main.ts's first import", () => {
    const firstImport = readFileSync(join(ROOT, "server/main.ts"), "utf8").match(/^import .*$/m)?.[0];
    expect(firstImport).toBe('import "./production-mode.ts";');
  });
});
