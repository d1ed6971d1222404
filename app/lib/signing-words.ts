// A typed signature's refusal in the signer's language: not their name (with
// the name the clinic has, which is theirs to see), characters a name cannot
// hold, or no name at all.
import { NAME_MISMATCH_MESSAGE } from "../../src/kernel/signature-name.ts";
import { LINE_CONTROL_MESSAGE } from "../../src/kernel/text.ts";
import type { Translate } from "../i18n/catalog.ts";

export function signedNameError(t: Translate, domainMessage: string, nameOnFile: string, max: number): string {
  if (domainMessage === NAME_MISMATCH_MESSAGE) return t("portal.plan.nameMismatch", { name: nameOnFile });
  if (domainMessage === LINE_CONTROL_MESSAGE) return t("portal.errors.controlCharacters");
  if (domainMessage.startsWith("Use at most")) return t("portal.plan.nameTooLong", { max });
  return t("portal.plan.nameMissing");
}
