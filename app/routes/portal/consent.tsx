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
  signConsent,
  withdrawPhotoConsent,
} from "../../../src/consent/consent.ts";
import type { ConsentKind } from "../../../src/consent/tables.ts";
import { renderMarkdown } from "../../../src/content/markdown-render.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { ConsentSignForm, SCOPE_WORDS } from "../../components/consent/ConsentSignForm.tsx";
import { consentSigningErrors } from "../../components/consent/signing-errors.ts";
import { getClient, getServices } from "../../context.ts";
import { translator } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import type { Translate } from "../../i18n/catalog.ts";
import { readForm } from "../../lib/form.ts";
import { formatDateLong } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.consent.title");

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
      return data({ kind, errors: consentSigningErrors(t, error.errors, client.name), signedName }, { status: 422 });
    throw error;
  }
  return redirect("/portal/consent?done=signed", 303);
}

/** Where the client stands on one form: signed (and whether the form changed since), or not yet. */
function ConsentStatus({ signed, t }: { signed: { text: string; current: boolean } | null; t: Translate }) {
  return (
    <p className={signed?.current ? "alert success" : "muted"}>
      {signed ? signed.text : t("portal.consent.notSigned")}
      {signed && !signed.current ? ` ${t("portal.consent.newVersion")}` : ""}
    </p>
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
          <ConsentStatus signed={d.procedureSigned} t={t} />
          <div className="prose" dangerouslySetInnerHTML={{ __html: d.procedure.html }} />
          {!d.procedureSigned?.current ? (
            <ConsentSignForm
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
          <ConsentStatus signed={d.photosGiven} t={t} />
          <div className="prose" dangerouslySetInnerHTML={{ __html: d.photos.html }} />
          {d.photosGiven ? <h3>{t("portal.consent.change")}</h3> : null}
          <ConsentSignForm
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
