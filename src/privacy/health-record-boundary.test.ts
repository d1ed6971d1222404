// The audit trail is only complete if nothing reaches health data around the
// audited modules. This test reads the source of the whole app and fails when
// any file other than the health record's own (src/privacy/ with its table
// definitions, the screening storage in src/screening/record/ and the plan
// storage in src/plans/record/, all deciding through src/privacy/access.ts,
// and their tests) imports the health tables or names them in SQL, so a new
// function cannot read or write health information without going through the
// functions that decide access and write the audit row.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SCANNED = ["src", "app", "server", "scripts", "bench", "e2e"];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|jsx|mts|cts)$/;

/** Named files of one folder, as paths from the repository root. */
const filesIn = (folder: string, names: string[]) => names.map((name) => `${folder}/${name}`);

/** The audited modules, their table definitions, and their own tests, file by file. */
const ALLOWED = new Set([
  ...filesIn("src/privacy", [
    "access.ts",
    "access.test.ts",
    "client-record.ts",
    "corrections.ts",
    "eligibility-reminders.ts",
    "eligibility-reminders.test.ts",
    "fhir-export.test.ts",
    "health-notes.ts",
    "health-record.test.ts",
    "health-record-boundary.test.ts",
    "health-tables.ts",
    "key-rotation.ts",
    "record-export.ts",
    "record-lock.ts",
    "staff-access.ts",
  ]),
  ...filesIn("src/screening/record", [
    // The generated scale data set's screenings, audited like insert.ts's (docs/decisions/0041-scale-seed.md).
    "bulk.ts",
    "clearance.test.ts",
    "encryption.ts",
    "gate.test.ts",
    "gate-clinic-sessions.test.ts",
    "insert.ts",
    "key-rotation.ts",
    "portal.ts",
    "read.ts",
    "review.ts",
    "self-check.ts",
  ]),
  ...filesIn("src/plans/record", [
    // The generated scale data set's plans, audited like write.ts's (docs/decisions/0041-scale-seed.md).
    "bulk.ts",
    "chart.ts",
    "chart-read.ts",
    "chart.test.ts",
    "checkin-photos.ts",
    "checkin-photos.test.ts",
    "checkins.ts",
    "checkins.test.ts",
    "recall.ts",
    "content.ts",
    "key-rotation.ts",
    "limits.test.ts",
    "portal.ts",
    "propose.ts",
    "read.ts",
    "series-facts.ts",
    "session-history.ts",
    "session-photos.ts",
    "session-photos.test.ts",
    "session-history.test.ts",
    "skin-photos.ts",
    "staff-view.ts",
    "versions.test.ts",
    "write.ts",
  ]),
  // Names the tables' file to leave their importers to this test.
  "src/dependencies.test.ts",
]);

const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: "imports the health tables", pattern: /health-tables(\.ts|\.js)?["'`]/ },
  {
    what: "uses a health table's Drizzle symbol",
    pattern:
      /\b(clientHealthNotes|clientRecordLocks|recordCorrectionRequests|pendingSelfChecks|clientScreenings|screeningReviews|eligibilityReminders|treatmentPlans|treatmentPlanVersions|treatmentPlanAcceptances|skinPhotos|sessionCharts|sessionChartLots|sessionChartAddenda|checkinResponses|checkinFollowUps|checkinPhotos|ENCRYPTED_COLUMNS)\b/,
  },
  {
    what: "names a health table in SQL",
    pattern:
      /\b(client_health_notes|client_record_locks|record_correction_requests|pending_self_checks|client_screenings|screening_reviews|eligibility_reminders|treatment_plans|treatment_plan_versions|treatment_plan_acceptances|skin_photos|session_charts|session_chart_lots|session_chart_addenda|checkin_responses|follow_ups|checkin_photos)\b/i,
  },
];

function* sourceFiles(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "build") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

/** Every forbidden use in one file's text, as "line: what". */
export function violations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const { what, pattern } of FORBIDDEN) if (pattern.test(line)) found.push(`${i + 1}: ${what}`);
  });
  return found;
}

describe("the health-record boundary", () => {
  it("recognises the ways code could reach the health tables", () => {
    expect(violations(`import { clientHealthNotes } from "../privacy/health-tables.ts";`)).toHaveLength(2);
    expect(violations(`const m = await import("./health-tables.js")`)).toHaveLength(1);
    expect(violations("await db.execute(sql`SELECT * FROM Client_Health_Notes`)")).toHaveLength(1);
    expect(violations(`db.select().from(recordCorrectionRequests)`)).toHaveLength(1);
    expect(violations(`await tx.execute("delete from client_record_locks")`)).toHaveLength(1);
    expect(violations(`import { viewHealthRecord } from "../../src/privacy/health-notes.ts";`)).toEqual([]);
  });

  it("finds no file outside the audited module that imports or queries the health tables", () => {
    const offenders: string[] = [];
    let scanned = 0;
    let module = 0;
    for (const top of SCANNED) {
      for (const path of sourceFiles(join(ROOT, top))) {
        const rel = relative(ROOT, path).split("\\").join("/");
        const found = violations(readFileSync(path, "utf8"));
        scanned++;
        if (ALLOWED.has(rel)) {
          if (found.length) module++;
          continue;
        }
        for (const f of found) offenders.push(`${rel}:${f}`);
      }
    }
    // The scan really read the app, and really sees the module's own access.
    expect(scanned).toBeGreaterThan(50);
    expect(module).toBeGreaterThanOrEqual(2);
    expect(offenders, "health tables reached outside the health record's modules — go through their audited functions").toEqual([]);
  });
});
