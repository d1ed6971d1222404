// One way to hand out a client's record as a file, for the client (portal) and
// for the owner (staff client page): JSON or a FHIR R4 Bundle, never cached,
// under a generic file name (names end up in download lists and synced folders).
import { toFhirBundle, toJsonExport } from "../../src/privacy/record-export.ts";
import { type ClientRecord } from "../../src/privacy/client-record.ts";
import { localDateOf } from "../../src/scheduling/time.ts";

export const RECORD_FORMATS = {
  json: { type: "application/json; charset=utf-8", suffix: "json" },
  fhir: { type: "application/fhir+json; charset=utf-8", suffix: "fhir.json" },
} as const;

export type RecordFormat = keyof typeof RECORD_FORMATS;

export function isRecordFormat(value: string | undefined): value is RecordFormat {
  return value === "json" || value === "fhir";
}

export function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export function recordDownload(record: ClientRecord, clinicName: string, format: RecordFormat, timeZone: string): Response {
  const body = format === "fhir" ? toFhirBundle(record, clinicName) : toJsonExport(record, clinicName);
  // The clinic's calendar day, as the person downloading it would name it.
  const day = localDateOf(record.generatedAt, timeZone);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": RECORD_FORMATS[format].type,
      "Content-Disposition": `attachment; filename="health-record-${day}.${RECORD_FORMATS[format].suffix}"`,
      "Cache-Control": "no-store",
    },
  });
}
