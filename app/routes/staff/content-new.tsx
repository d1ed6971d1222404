// A new article or page, saved as a draft (revision 1) with the guard's
// report. Opened from a document's "translate" link, it starts from that
// document's text in the other language, with the same address.
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/content-new";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import { createDocument } from "../../../src/content/draft-writing.ts";
import { viewDocument } from "../../../src/content/desk-reading.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { libraryForEditor, rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { ContentFields, ImageInsertHelper, type ContentFormValues } from "../../components/ContentForm.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { FieldError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = () => [{ title: "New article or page — Dermaplan staff" }, { name: "robots", content: "noindex" }];

type Kind = "article" | "page";
type Locale = "en" | "fr";

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const params = new URL(request.url).searchParams;
  let kind: Kind = params.get("kind") === "page" ? "page" : "article";
  let locale: Locale = params.get("locale") === "fr" ? "fr" : "en";
  let values: ContentFormValues = { title: "", slug: "", summary: "", body: "", coverAssetId: "" };
  let translationOf: { id: string; title: string } | null = null;
  try {
    const from = params.get("from");
    if (from) {
      const source = await viewDocument(services.db, { staff, documentId: from, now: services.now() });
      kind = source.kind;
      locale = source.locale === "en" ? "fr" : "en";
      values = { ...source.working, slug: source.slug, coverAssetId: source.working.coverAssetId ?? "" };
      translationOf = { id: source.id, title: source.working.title };
    }
    const library = await libraryForEditor(services.db, staff, locale);
    return { kind, locale, values, translationOf, library };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const text = formText(form);
  const values = {
    title: text("title"),
    slug: text("slug"),
    summary: text("summary"),
    body: text("body"),
    coverAssetId: text("coverAssetId"),
  };
  const kind = text("kind");
  const locale = text("locale");
  const unsafe = formTextErrors(form, { texts: ["summary", "body"] });
  if (unsafe) return data({ errors: unsafe, values, kind, locale }, { status: 422 });
  try {
    const created = await createDocument(services.db, { staff, input: { ...values, kind, locale }, now: services.now() });
    return redirect(`/staff/content/${created.documentId}?saved=created`, 303);
  } catch (error) {
    if (error instanceof FieldError) return data({ errors: error.errors, values, kind, locale }, { status: 422 });
    rethrowAsResponse(error);
  }
}

export default function NewContent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? d.values;
  const kind = (result?.kind as Kind | undefined) ?? d.kind;
  const locale = (result?.locale as Locale | undefined) ?? d.locale;
  const errors = result?.errors ?? {};
  return (
    <div className="page">
      <p>
        <Link to="/staff/content">← Pages and articles</Link>
      </p>
      <h1>New article or page</h1>
      {d.translationOf ? (
        <p className="alert" role="note">
          A translation of “{d.translationOf.title}”: the text below is the original, to translate. It keeps the same address, so each
          version links to the other.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <div className="editor">
        <Form method="post" className="stack">
          <fieldset className={errors.kind ? "has-error" : undefined}>
            <legend>Kind</legend>
            {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
            <label className="check-label">
              <input className="check-input" type="radio" name="kind" value="article" defaultChecked={kind === "article"} id="field-kind" />
              Article (listed under Articles, dated)
            </label>
            <label className="check-label">
              <input className="check-input" type="radio" name="kind" value="page" defaultChecked={kind === "page"} />
              Page (a standalone page at /pages/…)
            </label>
          </fieldset>
          <fieldset className={errors.locale ? "has-error" : undefined}>
            <legend>Language</legend>
            {errors.locale ? <p className="field-error">{errors.locale}</p> : null}
            <label className="check-label">
              <input className="check-input" type="radio" name="locale" value="en" defaultChecked={locale === "en"} id="field-locale" />
              English
            </label>
            <label className="check-label">
              <input className="check-input" type="radio" name="locale" value="fr" defaultChecked={locale === "fr"} />
              French
            </label>
          </fieldset>
          <ContentFields values={values} errors={errors} slugLocked={false} pathPrefix="/articles/ or /pages/" library={d.library} isNew />
          <p className="desk-actions">
            <button type="submit" className="button primary">
              Create the draft
            </button>
          </p>
        </Form>
        <aside className="side-panel" aria-labelledby="images-title">
          <h2 id="images-title">Images</h2>
          <ImageInsertHelper library={d.library} textareaId="field-body" />
        </aside>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/content" backLabel="Back to pages and articles" />;
}
