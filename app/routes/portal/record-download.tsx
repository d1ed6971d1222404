// /portal/record/download/json and /portal/record/download/fhir: the client's
// whole record as an attachment (PHIPA's right to a copy). A resource route:
// the portal layout's middleware has already checked the client's session.
// Audited as an export by the client; never cached.
import type { Route } from "./+types/record-download";
import { clientOwnRecord, toFhirBundle, toJsonExport } from "../../../src/privacy/health-record.ts";
import { DecryptionError, MissingKeyError } from "../../../src/privacy/keyring.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { getClient, getServices } from "../../context.ts";

const FORMATS = {
  json: { type: "application/json; charset=utf-8", suffix: "json" },
  fhir: { type: "application/fhir+json; charset=utf-8", suffix: "fhir.json" },
} as const;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const format = params.format;
  if (format !== "json" && format !== "fhir") return plain(404, "There is no download in that format. Choose JSON or FHIR.");
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  let record;
  try {
    record = await clientOwnRecord(services.db, { client, keyRing: services.keyRing, purpose: "export", format, now: services.now() });
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError) {
      services.logger.error({ clientId: client.clientId, err: error.name }, "a client's record export failed its integrity check");
      return plain(
        500,
        "Your record could not be prepared: part of it failed its integrity check. Nothing was sent. Please call the clinic.",
      );
    }
    throw error;
  }
  const body = format === "fhir" ? toFhirBundle(record, clinic.name) : toJsonExport(record, clinic.name);
  const day = new Date(record.generatedAt).toISOString().slice(0, 10);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": FORMATS[format].type,
      // A generic name: file names end up in download lists and synced folders.
      "Content-Disposition": `attachment; filename="health-record-${day}.${FORMATS[format].suffix}"`,
      "Cache-Control": "no-store",
    },
  });
}
