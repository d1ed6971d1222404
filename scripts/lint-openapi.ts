// `npm run lint:openapi [-- redocly options]`: writes the OpenAPI document the
// server publishes at /api/v1/openapi.json to a temporary file and lints it
// with Redocly's recommended rules (`redocly lint --extends recommended`).
// Exits with Redocly's status: 0 without errors (warnings are printed), 1 with.
// Telemetry and the update notice are off: nothing leaves the machine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openApiDocument } from "../app/lib/openapi.ts";

const dir = mkdtempSync(join(tmpdir(), "dermaplan-openapi-"));
const file = join(dir, "openapi.json");
try {
  writeFileSync(file, JSON.stringify(openApiDocument, null, 2) + "\n");
  const cli = resolve(import.meta.dirname, "../node_modules/@redocly/cli/bin/cli.js");
  const result = spawnSync(process.execPath, [cli, "lint", "--extends", "recommended", ...process.argv.slice(2), file], {
    stdio: "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
