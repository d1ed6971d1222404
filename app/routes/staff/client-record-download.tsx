// /staff/clients/:id/record/json and …/fhir: the client's whole record as a
// file for the owner (`health.export`), e.g. to answer a client's request for
// a copy made by mail, or to transfer care. Only within the access rules (the
// client's lock, the care team, or a running break-the-glass access); every
// export and every refusal is audited. Never cached.
import { data } from "react-router";
import type { Route } from "./+types/client-record-download";
import { exportHealthRecordForStaff } from "../../../src/privacy/client-record.ts";
import { DecryptionError, MissingKeyError } from "../../../src/privacy/keyring.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { isRecordFormat, plainResponse, recordDownload } from "../../lib/record-download.server.ts";
import { ForbiddenError, problemOf } from "../../../src/kernel/errors.ts";
import { isUuid } from "../../../src/kernel/ids.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export async function loader({ context, params }: Route.LoaderArgs) {
  const format = params.format;
  if (!isRecordFormat(format)) return plainResponse(404, "There is no download in that format. Choose JSON or FHIR.");
  if (!isUuid(params.id)) return plainResponse(404, "There is no such client in this clinic.");
  const { services, staff } = staffRequest(context);
  let record;
  try {
    record = await exportHealthRecordForStaff(services.db, {
      staff,
      keyRing: services.keyRing,
      clientId: params.id,
      format,
      now: services.now(),
    });
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError) {
      services.logger.error({ clientId: params.id, err: error.name }, "a staff record export failed its integrity check");
      return plainResponse(500, "The record could not be exported: part of it failed its integrity check. Nothing was sent.");
    }
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    const problem = problemOf(error);
    if (problem) return plainResponse(problem.status, problem.message);
    throw error;
  }
  const clinic = await loadClinic(services.db, staff.organizationId);
  return recordDownload(record, clinic.name, format, clinic.location.timeZone);
}
