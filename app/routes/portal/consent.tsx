// The client's consent forms (/portal/consent): the consent to microneedling,
// signed before the first treatment, and the consent to photographs with its
// choices, changed or withdrawn at any time. Each form is read in the
// account's language and signed by typing one's name (docs/consent.md).
import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/consent";
import plansCss from "../staff/plans.css?url";
import { clientIp } from "../../../src/auth/client-ip.ts";
import {
  ConsentChangedError,
  consentStanding,
  currentConsentForm,
  SIGNED_NAME_MAX,
  signConsent,
  withdrawPhotoConsent,
} from "../../../src/consent/consent.ts";
import { PHOTO_SCOPES, type ConsentKind, type PhotoScope } from "../../../src/consent/tables.ts";
import { renderMarkdown } from "../../../src/content/markdown-render.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { ErrorSummary, ErrorText, FieldFrame } from "../../components/ContactFields.tsx";
import { getClient, getServices } from "../../context.ts";
import { translator, type MessageKey, type Translate } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import { readForm } from "../../lib/form.ts";
import { formatDateLong } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { signedNameError } from "../../lib/signing-words.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.consent.title");

const SCOPE_WORDS: Record<PhotoScope, MessageKey> = {
  record: "portal.consent.scope.record",
  teaching: "portal.consent.scope.teaching",
  marketing: "portal.consent.scope.marketing",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const standing = await consentStanding(services.db, client.organizationId, client.clientId);
  const form = async (kind: ConsentKind) => {
    const f = await currentConsentForm(services.db, client.organizationId, kind, locale);
    // The form's own headings sit under its title (an h2 on this page): one level down.
    return f
      ? { kind, version: f.version, sha: f.contentSha256, title: f.title, html: renderMarkdown(f.body.replace(/^(#{1,5}) /gm, "#$1 ")) }
      : null;
  };
  const date = (ms: number) => formatDateLong(localDateOf(ms, tz), locale);
  const flash = new URL(request.url).searchParams.get("done");
  return {
    procedure: await form("procedure"),
    photos: await form("photos"),
    procedureSigned: standing.procedure
      ? {
          text: t("portal.consent.signedOn", { version: standing.procedure.signedVersion, date: date(standing.procedure.signedAt) }),
          current: standing.procedure.current,
        }
      : null,
    photosGiven: standing.photos
      ? {
          text: t("portal.consent.photosGiven", {
            scopes: standing.photos.scopes.map((s) => t(SCOPE_WORDS[s])).join("; "),
            date: date(standing.photos.signedAt),
          }),
          scopes: standing.photos.scopes,
          current: standing.photos.current,
        }
      : null,
    flash: flash === "signed" ? t("portal.consent.signedThanks") : flash === "withdrawn" ? t("portal.consent.withdrawn") : null,
  };
}

/** The form's refusals in the client's language; the name on file is theirs to see. */
function signingErrors(t: Translate, errors: Record<string, string>, nameOnFile: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (errors.signedName) out.signedName = signedNameError(t, errors.signedName, nameOnFile, SIGNED_NAME_MAX);
  if (errors.agree) out.agree = t("portal.consent.agreeMissing");
  if (errors.scopes) out.scopes = t("portal.consent.scopesMissing");
  return out;
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const locale = getPortalLocale(context);
  const t = translator(locale);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const actor = { organizationId: client.organizationId, clientId: client.clientId };
  if (intent === "withdraw-photos") {
    await withdrawPhotoConsent(services.db, { client: actor, now: services.now() });
    return redirect("/portal/consent?done=withdrawn", 303);
  }
  const kind: ConsentKind | null = intent === "sign-procedure" ? "procedure" : intent === "sign-photos" ? "photos" : null;
  if (!kind) return data({ kind: null, errors: { form: t("portal.consent.changed") }, signedName: "" }, { status: 400 });
  const signedName = String(form.get("signedName") ?? "");
  try {
    await signConsent(services.db, {
      client: actor,
      kind,
      contentSha256: String(form.get("sha") ?? ""),
      locale,
      signedName,
      agree: form.get("agree") === "on",
      scopes: form.getAll("scopes").map(String),
      ip: clientIp(request.headers),
      channel: "portal",
      now: services.now(),
    });
  } catch (error) {
    if (error instanceof ConsentChangedError)
      return data({ kind, errors: { form: t("portal.consent.changed") }, signedName }, { status: 409 });
    if (error instanceof FieldError)
      return data({ kind, errors: signingErrors(t, error.errors, client.name), signedName }, { status: 422 });
    throw error;
  }
  return redirect("/portal/consent?done=signed", 303);
}

type LoadedForm = NonNullable<Awaited<ReturnType<typeof loader>>["procedure"]>;

function SignForm({
  form,
  errors,
  signedName,
  scopes,
}: {
  form: LoadedForm;
  errors: Record<string, string>;
  signedName: string;
  /** The photo consent's choices (checked as they stand), or null for the procedure consent. */
  scopes: readonly PhotoScope[] | null;
}) {
  const { t } = useT();
  const id = (name: string) => `field-${form.kind}-${name}`;
  return (
    <Form method="post" className="sign-form">
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

export default function PortalConsent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const errorsFor = (kind: ConsentKind) => (result?.kind === kind ? result.errors : {});
  return (
    <>
      <h1>{t("portal.consent.title")}</h1>
      <p>{t("portal.consent.intro")}</p>
      {d.flash && !result ? (
        <p className="alert success" role="status">
          {d.flash}
        </p>
      ) : null}
      {result?.errors.form ? (
        <p className="alert" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      <ErrorSummary
        errors={Object.fromEntries(
          Object.entries(result?.errors ?? {})
            .filter(([k]) => k !== "form")
            .map(([k, v]) => [`${result?.kind}-${k}`, v]),
        )}
        heading={(count) => t(count === 1 ? "portal.errors.one" : "portal.errors.many")}
      />

      {d.procedure ? (
        <section aria-labelledby="procedure-heading" className="summary-card">
          <h2 id="procedure-heading">{d.procedure.title}</h2>
          <p className={d.procedureSigned?.current ? "alert success" : "muted"}>
            {d.procedureSigned ? d.procedureSigned.text : t("portal.consent.notSigned")}
            {d.procedureSigned && !d.procedureSigned.current ? ` ${t("portal.consent.newVersion")}` : ""}
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: d.procedure.html }} />
          {!d.procedureSigned?.current ? (
            <SignForm
              form={d.procedure}
              errors={errorsFor("procedure")}
              signedName={result?.kind === "procedure" ? result.signedName : ""}
              scopes={null}
            />
          ) : null}
        </section>
      ) : null}

      {d.photos ? (
        <section aria-labelledby="photos-heading" className="summary-card">
          <h2 id="photos-heading">{d.photos.title}</h2>
          <p className={d.photosGiven?.current ? "alert success" : "muted"}>
            {d.photosGiven ? d.photosGiven.text : t("portal.consent.notSigned")}
            {d.photosGiven && !d.photosGiven.current ? ` ${t("portal.consent.newVersion")}` : ""}
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: d.photos.html }} />
          {d.photosGiven ? <h3>{t("portal.consent.change")}</h3> : null}
          <SignForm
            form={d.photos}
            errors={errorsFor("photos")}
            signedName={result?.kind === "photos" ? result.signedName : ""}
            scopes={d.photosGiven?.scopes ?? []}
          />
          {d.photosGiven ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw-photos" />
              <button type="submit" className="button secondary">
                {t("portal.consent.withdraw")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
