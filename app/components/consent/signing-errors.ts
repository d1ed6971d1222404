// A consent signature's refusals in the signer's language (the portal and the
// desk's tablet). The name on file is the signer's own to see.
import { SIGNED_NAME_MAX } from "../../../src/consent/consent.ts";
import type { Translate } from "../../i18n/catalog.ts";
import { signedNameError } from "../../lib/signing-words.ts";

export function consentSigningErrors(t: Translate, errors: Record<string, string>, nameOnFile: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (errors.signedName) out.signedName = signedNameError(t, errors.signedName, nameOnFile, SIGNED_NAME_MAX);
  if (errors.agree) out.agree = t("portal.consent.agreeMissing");
  if (errors.scopes) out.scopes = t("portal.consent.scopesMissing");
  return out;
}
