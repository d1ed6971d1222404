// Signing a consent form by typing one's name: the client's own page
// (/portal/consent) and the clinic's tablet handed over at the desk
// (/desk/consent) show the same form, in the client's language.
import { Form } from "react-router";
import { SIGNED_NAME_MAX } from "../../../src/consent/consent.ts";
import { PHOTO_SCOPES, type ConsentKind, type PhotoScope } from "../../../src/consent/tables.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import { ErrorText, FieldFrame } from "../ContactFields.tsx";

export const SCOPE_WORDS: Record<PhotoScope, MessageKey> = {
  record: "portal.consent.scope.record",
  teaching: "portal.consent.scope.teaching",
  marketing: "portal.consent.scope.marketing",
};

/** The version of a form the page shows: what the signature covers (its hash) and how the form posts it. */
export interface SignableForm {
  kind: ConsentKind;
  sha: string;
}

export function ConsentSignForm({
  form,
  errors,
  signedName,
  scopes,
  action,
}: {
  form: SignableForm;
  errors: Record<string, string>;
  signedName: string;
  /** The photo consent's choices (checked as they stand), or null for the procedure consent. */
  scopes: readonly PhotoScope[] | null;
  /** Where the form posts; the page itself when left out. */
  action?: string;
}) {
  const { t } = useT();
  const id = (name: string) => `field-${form.kind}-${name}`;
  return (
    <Form method="post" className="sign-form" action={action}>
      <input type="hidden" name="intent" value={`sign-${form.kind}`} />
      <input type="hidden" name="sha" value={form.sha} />
      {scopes ? (
        <fieldset className={errors.scopes ? "has-error" : undefined}>
          <legend>{t("portal.consent.scopesLegend")}</legend>
          <ErrorText id={id("scopes")} error={errors.scopes} />
          {PHOTO_SCOPES.map((s) => (
            <div className="choice" key={s}>
              <input type="checkbox" id={id(`scope-${s}`)} name="scopes" value={s} defaultChecked={scopes.includes(s)} />
              <label htmlFor={id(`scope-${s}`)}>{t(SCOPE_WORDS[s])}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <div className={`field${errors.agree ? " has-error" : ""}`}>
        <ErrorText id={id("agree")} error={errors.agree} />
        <label className="check-label" htmlFor={id("agree")}>
          <input
            className="check-input"
            type="checkbox"
            id={id("agree")}
            name="agree"
            aria-describedby={errors.agree ? `${id("agree")}-error` : undefined}
            aria-invalid={errors.agree ? true : undefined}
          />
          {t("portal.consent.agree")}
        </label>
      </div>
      <FieldFrame id={id("signedName")} label={t("portal.consent.nameLabel")} hint={t("portal.consent.nameHint")} error={errors.signedName}>
        <input
          id={id("signedName")}
          name="signedName"
          autoComplete="name"
          maxLength={SIGNED_NAME_MAX}
          defaultValue={signedName}
          aria-describedby={`${id("signedName")}-hint${errors.signedName ? ` ${id("signedName")}-error` : ""}`}
          aria-invalid={errors.signedName ? true : undefined}
        />
      </FieldFrame>
      <button type="submit" className="button primary">
        {t("portal.consent.submit")}
      </button>
    </Form>
  );
}
