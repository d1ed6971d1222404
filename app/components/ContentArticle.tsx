// A published page or article as the public sees it, also used by the staff
// preview so that the preview is the page. The body is HTML the server
// rendered from Markdown (src/content/markdown.ts drops raw HTML and unsafe
// addresses). The content's own language is marked on the article, so a
// French page showing an English article reads it in English.
import { useT } from "../i18n/context.tsx";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";
import type { Picture } from "../../src/content/publishing.ts";
import { ContentPicture } from "./ContentPicture.tsx";

export interface ContentArticleData {
  kind: "page" | "article";
  /** The language the text is written in. */
  locale: Locale;
  title: string;
  html: string;
  cover: Picture | null;
  firstPublishedAt: number;
  publishedAt: number;
  /** Shown in the other language because the page's language has no version. */
  fallback: boolean;
  timeZone: string;
}

function date(epochMs: number, intl: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intl, { year: "numeric", month: "long", day: "numeric", timeZone }).format(epochMs);
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function ContentArticle({ doc }: { doc: ContentArticleData }) {
  const { t, intl, href } = useT();
  const sameDay = date(doc.firstPublishedAt, intl, doc.timeZone) === date(doc.publishedAt, intl, doc.timeZone);
  return (
    <div className="page content-page">
      {doc.kind === "article" ? (
        <p className="content-back">
          <a href={href("/articles")}>{t("content.article.all")}</a>
        </p>
      ) : null}
      {doc.fallback ? (
        <p className="content-fallback" role="note">
          {t(doc.kind === "article" ? "content.article.fallback" : "content.page.fallback")}
        </p>
      ) : null}
      <article className="content-article" lang={INTL_LOCALE[doc.locale]}>
        <header className="content-header">
          <h1>{doc.title}</h1>
          {doc.kind === "article" ? (
            <p className="content-dates">
              <time dateTime={isoDate(doc.firstPublishedAt)}>
                {t("content.article.published", { date: date(doc.firstPublishedAt, intl, doc.timeZone) })}
              </time>
              {sameDay ? null : (
                <>
                  {" · "}
                  <time dateTime={isoDate(doc.publishedAt)}>
                    {t("content.article.updated", { date: date(doc.publishedAt, intl, doc.timeZone) })}
                  </time>
                </>
              )}
            </p>
          ) : null}
          {doc.cover ? <ContentPicture picture={doc.cover} className="content-cover" eager /> : null}
        </header>
        <div className="prose content-body" dangerouslySetInnerHTML={{ __html: doc.html }} />
      </article>
      <BookingCallToAction />
    </div>
  );
}

/** The booking call to action under every article, page and the article list. */
export function BookingCallToAction() {
  const { t, href } = useT();
  return (
    <aside className="content-cta" aria-labelledby="content-cta-heading">
      <h2 id="content-cta-heading">{t("content.cta.heading")}</h2>
      <p>{t("content.cta.text")}</p>
      <p>
        <a className="button primary" href={href("/book")}>
          {t("content.cta.button")}
        </a>
      </p>
    </aside>
  );
}
