// /staff/consent-forms: the clinic's consent forms. Every staff member reads
// the version in force of each form, in English and French, and its history
// (who published each version, how many clients signed it). The owner writes
// a new version: "Check" runs the publishing guard and the required-topics
// check on both languages without publishing; "Publish new version" runs them
// again and publishes only when nothing stops it. Clients then sign the new
// version before their next treatment (docs/consent.md).
import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import type { Route } from "./+types/consent-forms";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import plansCss from "./plans.css?url";
import {
  checkConsentVersion,
  ConsentDraftError,
  consentFormVersions,
  ConsentVersionMovedError,
  currentConsentTexts,
  PROCEDURE_RISKS,
  PROCEDURE_SECTIONS,
  publishConsentVersion,
} from "../../../src/consent/consent-editing.ts";
import { CONSENT_KINDS, type ConsentKind } from "../../../src/consent/tables.ts";
import type { GuardReport } from "../../../src/content/findings.ts";
import { renderMarkdown } from "../../../src/content/markdown-render.ts";
import { can } from "../../../src/kernel/access.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary, FieldFrame } from "../../components/ContactFields.tsx";
import { FindingsList } from "../../components/ContentFindings.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Consent forms — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const FORM_NAME: Record<ConsentKind, string> = {
  procedure: "Consent to microneedling",
  photos: "Consent to photographs",
};
const FORM_NAME_LOWER: Record<ConsentKind, string> = {
  procedure: "the consent to microneedling",
  photos: "the consent to photographs",
};

type Locale = "en" | "fr";
const LANGUAGE: Record<Locale, string> = { en: "English", fr: "French" };
const FIELDS = ["titleEn", "bodyEn", "titleFr", "bodyFr"] as const;
type Values = Record<(typeof FIELDS)[number] | "basedOnVersion", string>;

/** The form's text one heading level down, under the form's own heading (as the portal shows it). */
const preview = (body: string) => renderMarkdown(body.replace(/^(#{1,5}) /gm, "#$1 "));

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const tz = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
  const forms = [];
  for (const kind of CONSENT_KINDS) {
    const current = await currentConsentTexts(services.db, staff.organizationId, kind);
    const versions = await consentFormVersions(services.db, staff.organizationId, kind);
    forms.push({
      kind,
      current: current
        ? {
            version: current.version,
            titleEn: current.titleEn,
            titleFr: current.titleFr,
            bodyEn: current.bodyEn,
            bodyFr: current.bodyFr,
            htmlEn: preview(current.bodyEn),
            htmlFr: preview(current.bodyFr),
          }
        : null,
      versions: versions.map((v) => ({
        version: v.version,
        title: v.titleEn,
        at: formatDateTime(v.publishedAt, tz),
        by: v.publishedBy,
        signatures: v.signatures,
      })),
    });
  }
  // Only a form and version this page itself redirects with: nothing else of the address reaches the page.
  const published = /^(procedure|photos)-(\d{1,6})$/.exec(new URL(request.url).searchParams.get("published") ?? "");
  return {
    canEdit: can(staff.role, "consent.edit"),
    forms,
    published: published ? { kind: published[1] as ConsentKind, version: Number(published[2]) } : null,
    required: {
      sections: PROCEDURE_SECTIONS.map((s) => s.heading),
      risks: PROCEDURE_RISKS.map((r) => r.name),
    },
  };
}

interface ActionResult {
  kind: ConsentKind;
  values: Values;
  errors: Record<string, string>;
  guard: Record<Locale, GuardReport | null> | null;
  /** "Check" was pressed (nothing published). */
  checked: boolean;
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context, { permission: "consent.edit", doing: "change the consent forms" });
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const kind: ConsentKind = text("kind") === "photos" ? "photos" : "procedure";
  const values: Values = {
    titleEn: text("titleEn"),
    bodyEn: text("bodyEn"),
    titleFr: text("titleFr"),
    bodyFr: text("bodyFr"),
    basedOnVersion: text("basedOnVersion"),
  };
  const answer = (r: Omit<ActionResult, "kind" | "values">, status: number) => data<ActionResult>({ kind, values, ...r }, { status });
  const unsafe = formTextErrors(form, { texts: ["bodyEn", "bodyFr"] });
  if (unsafe) return answer({ errors: unsafe, guard: null, checked: false }, 422);
  const input = { staff, kind: text("kind"), ...values, now: services.now() };
  if (intent === "check") {
    try {
      const check = await checkConsentVersion(services.db, input);
      return answer({ errors: check.errors, guard: check.guard, checked: true }, 200);
    } catch (error) {
      return answer({ errors: formErrors(error), guard: null, checked: false }, 422);
    }
  }
  if (intent === "publish") {
    if (!/^\d{1,9}$/.test(values.basedOnVersion))
      return answer({ errors: { form: "This form could not be read. Reload the page and try again." }, guard: null, checked: false }, 422);
    try {
      const r = await publishConsentVersion(services.db, { ...input, basedOnVersion: Number(values.basedOnVersion) });
      return redirect(`/staff/consent-forms?published=${kind}-${r.version}#form-${kind}`, 303);
    } catch (error) {
      if (error instanceof ConsentDraftError) return answer({ errors: { ...error.errors }, guard: error.check.guard, checked: false }, 422);
      if (error instanceof ConsentVersionMovedError) return answer({ errors: { form: error.message }, guard: null, checked: false }, 409);
      return answer({ errors: formErrors(error), guard: null, checked: false }, 422);
    }
  }
  throw data("Unknown action", { status: 400 });
}

export default function ConsentForms() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>Consent forms</h1>
      <p className="muted">
        The forms clients sign in their account before a treatment, in English and French. A published version is never changed: a new text
        is a new version, and clients sign it before their next treatment.
        {d.canEdit ? null : " Only the owner can publish a new version."}
      </p>
      {d.published && !result ? (
        <div className="alert success" role="status">
          <p>
            Version {d.published.version} of {FORM_NAME_LOWER[d.published.kind]} is published. Clients sign it before their next treatment.
          </p>
        </div>
      ) : null}
      {d.forms.map((f) => (
        <ConsentFormSection
          key={f.kind}
          form={f}
          canEdit={d.canEdit}
          required={d.required}
          result={result?.kind === f.kind ? result : null}
          busy={busy}
        />
      ))}
    </div>
  );
}

type LoaderForm = Awaited<ReturnType<typeof loader>>["forms"][number];

function ConsentFormSection({
  form: f,
  canEdit,
  required,
  result,
  busy,
}: {
  form: LoaderForm;
  canEdit: boolean;
  required: { sections: readonly { en: string; fr: string }[]; risks: readonly string[] };
  result: ActionResult | null;
  busy: boolean;
}) {
  const c = f.current;
  const latest = f.versions[0];
  const id = (field: string) => `field-${f.kind}-${field}`;
  const errors = result?.errors ?? {};
  // The summary links to the fields of this form (their ids carry the form's kind); a refusal of the whole form is not a field.
  const summary = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${f.kind}-${k}`, v]));
  const values: Values = result?.values ?? {
    titleEn: c?.titleEn ?? "",
    bodyEn: c?.bodyEn ?? "",
    titleFr: c?.titleFr ?? "",
    bodyFr: c?.bodyFr ?? "",
    basedOnVersion: String(c?.version ?? 0),
  };
  const describe = (field: string, hint: boolean) =>
    [hint ? `${id(field)}-hint` : null, errors[field] ? `${id(field)}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <section id={`form-${f.kind}`} aria-labelledby={`${f.kind}-heading`} className="staff-section">
      <h2 id={`${f.kind}-heading`}>{FORM_NAME[f.kind]}</h2>
      {c && latest ? (
        <p>
          Version {c.version} is in force, published {latest.at}
          {latest.by ? ` by ${latest.by}` : " (the clinic's starting text)"}.{" "}
          {latest.signatures === 1 ? "1 signature" : `${latest.signatures} signatures`} of this version.
        </p>
      ) : (
        <p>The clinic has no version of this form yet.</p>
      )}
      {c ? (
        <>
          <details>
            <summary>
              Read version {c.version} in English: “{c.titleEn}”
            </summary>
            <div className="prose" lang="en" dangerouslySetInnerHTML={{ __html: c.htmlEn }} />
          </details>
          <details>
            <summary>
              Read version {c.version} in French: “<span lang="fr">{c.titleFr}</span>”
            </summary>
            <div className="prose" lang="fr" dangerouslySetInnerHTML={{ __html: c.htmlFr }} />
          </details>
        </>
      ) : null}

      <h3 id={`${f.kind}-history`}>Versions</h3>
      <div className="table-scroll" role="region" aria-label={`Versions of ${FORM_NAME_LOWER[f.kind]}`} tabIndex={0}>
        <table className="limits-table" aria-labelledby={`${f.kind}-history`}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">By</th>
              <th scope="col">Signatures</th>
            </tr>
          </thead>
          <tbody>
            {f.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  {v.version}
                  {v.version === c?.version ? " (in force)" : ""}
                </th>
                <td>{v.at}</td>
                <td>{v.by ?? "Starting text"}</td>
                <td>{v.signatures}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {canEdit ? (
        <details open={Boolean(result)} className="consent-editor">
          <summary>Write a new version of {FORM_NAME_LOWER[f.kind]}</summary>
          {result?.checked ? (
            <div className={`alert${Object.keys(errors).length ? "" : " success"}`} role="status">
              <p>
                {Object.keys(errors).length
                  ? "Checked: the text cannot be published yet. Each problem is listed below."
                  : "Checked: nothing stops this version. Publish it when it is ready."}
              </p>
            </div>
          ) : null}
          <ErrorSummary errors={summary} unlinked={[`${f.kind}-form`, `${f.kind}-kind`]} />
          <div className="editor">
            <Form
              key={c?.version ?? 0}
              method="post"
              action="/staff/consent-forms"
              noValidate
              className="stack"
              aria-label={`New version of ${FORM_NAME_LOWER[f.kind]}`}
            >
              <input type="hidden" name="kind" value={f.kind} />
              <input type="hidden" name="basedOnVersion" value={values.basedOnVersion} />
              {f.kind === "procedure" ? (
                <div className="notice" id={`${f.kind}-required`}>
                  <p>The text in each language must keep these section headings (any level, such as “## The risks”):</p>
                  <ul>
                    {required.sections.map((s) => (
                      <li key={s.en}>
                        {s.en} — <span lang="fr">{s.fr}</span>
                      </li>
                    ))}
                  </ul>
                  <p>and its risks section must name: {required.risks.join(", ")}.</p>
                </div>
              ) : null}
              {(["en", "fr"] as const).map((locale) => {
                const title = locale === "en" ? "titleEn" : "titleFr";
                const body = locale === "en" ? "bodyEn" : "bodyFr";
                return (
                  <fieldset key={locale}>
                    <legend>{LANGUAGE[locale]}</legend>
                    <FieldFrame id={id(title)} label={`Title (${LANGUAGE[locale]})`} error={errors[title]}>
                      <input
                        id={id(title)}
                        name={title}
                        lang={locale}
                        defaultValue={values[title]}
                        maxLength={200}
                        aria-invalid={errors[title] ? true : undefined}
                        aria-describedby={describe(title, false)}
                      />
                    </FieldFrame>
                    <FieldFrame
                      id={id(body)}
                      label={`Text (${LANGUAGE[locale]}, Markdown)`}
                      hint="Headings start with ##, list items with -, bold text is **between stars**."
                      error={errors[body]}
                    >
                      <textarea
                        id={id(body)}
                        name={body}
                        lang={locale}
                        className="markdown"
                        rows={16}
                        defaultValue={values[body]}
                        aria-invalid={errors[body] ? true : undefined}
                        aria-describedby={describe(body, true)}
                      />
                    </FieldFrame>
                  </fieldset>
                );
              })}
              <p className="hint">Publishing asks every client to sign the new version before their next treatment.</p>
              <p className="desk-actions">
                <button type="submit" name="intent" value="check" className="button secondary" disabled={busy}>
                  Check
                </button>
                <button type="submit" name="intent" value="publish" className="button primary" disabled={busy}>
                  Publish new version
                </button>
              </p>
            </Form>
            {result?.guard ? (
              <div>
                {(["en", "fr"] as const).map((locale) => {
                  const report = result.guard![locale];
                  const headingId = `${f.kind}-guard-${locale}`;
                  const stopping = report ? report.findings.filter((x) => x.severity !== "info").length : 0;
                  return (
                    <section key={locale} className="side-panel" aria-labelledby={headingId}>
                      <h3 id={headingId}>Publishing guard: {LANGUAGE[locale]} text</h3>
                      <p>
                        {!report
                          ? "Not checked: fix the length or characters of this text first."
                          : stopping
                            ? `${stopping === 1 ? "One finding stops" : `${stopping} findings stop`} publication.`
                            : "Nothing in this text stops publication."}
                      </p>
                      {report?.findings.length ? (
                        <FindingsList findings={report.findings} textareaId={id(locale === "en" ? "bodyEn" : "bodyFr")} />
                      ) : null}
                    </section>
                  );
                })}
              </div>
            ) : null}
          </div>
        </details>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/consent-forms" backLabel="Back to the consent forms" />;
}
