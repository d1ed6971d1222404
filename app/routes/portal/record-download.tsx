// /portal/record/download/json and /portal/record/download/fhir: the client's
// whole record as an attachment (PHIPA's right to a copy). A resource route:
// the portal layout's middleware has already checked the client's session.
// Audited as an export by the client; never cached. What it says when it
// cannot send the file is in the account's language.
import type { Route } from "./+types/record-download";
import { clientOwnRecord } from "../../../src/privacy/client-record.ts";
import { DecryptionError, MissingKeyError } from "../../../src/privacy/keyring.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { getClient, getServices } from "../../context.ts";
import { translator } from "../../i18n/catalog.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { isRecordFormat, plainResponse, recordDownload } from "../../lib/record-download.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const t = translator(getPortalLocale(context));
  const format = params.format;
  if (!isRecordFormat(format)) return plainResponse(404, t("portal.record.noSuchFormat"));
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  let record;
  try {
    record = await clientOwnRecord(services.db, { client, keyRing: services.keyRing, purpose: "export", format, now: services.now() });
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError) {
      services.logger.error({ clientId: client.clientId, err: error.name }, "a client's record export failed its integrity check");
      return plainResponse(500, t("portal.record.exportFailed"));
    }
    throw error;
  }
  return recordDownload(record, clinic.name, format, clinic.location.timeZone);
}
