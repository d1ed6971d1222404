// What the portal's test files share: asking for a sign-in link at the demo clinic.
import type { ClinicFixture } from "../scheduling/test-fixtures.ts";
import { requestSignInLink, type RequestSignInLinkOptions } from "./portal.ts";

/** Asks for a sign-in link to `email` at the fixture's clinic, from no known address; `options` say when and from which site, and may change the rest. */
export function askSignInLink(
  f: ClinicFixture,
  email: string,
  options: Pick<RequestSignInLinkOptions, "now" | "baseUrl"> & Partial<RequestSignInLinkOptions>,
) {
  return requestSignInLink(f.database.db, {
    organizationId: f.clinic.organizationId,
    email,
    ip: null,
    clinic: { name: f.clinic.name, phone: f.clinic.location.phone },
    ...options,
  });
}
