// The clinic's articles in the page's language, newest first, then the ones
// only the other language has (marked with their language).
import { useLoaderData } from "react-router";
import type { Route } from "./+types/articles";
import articleCss from "./article.css?url";
import { BookingCallToAction } from "../components/ContentArticle.tsx";
import { ContentPicture } from "../components/ContentPicture.tsx";
import { LocaleProvider, useT } from "../i18n/context.tsx";
import { translate } from "../i18n/catalog.ts";
import { INTL_LOCALE, localeFromPath } from "../i18n/locales.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { pageMeta, PUBLIC_PAGE_CACHE_CONTROL } from "../lib/seo.ts";
import { coverPictures, type Picture } from "../../src/content/publishing.ts";
import { listLiveArticles, type ArticleListItem } from "../../src/content/live-documents.ts";

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": PUBLIC_PAGE_CACHE_CONTROL });

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: articleCss }];

const THUMBNAIL_SIZES = "(min-width: 48rem) 12rem, 100vw";

export async function loader({ context, request }: Route.LoaderArgs) {
  const locale = localeFromPath(new URL(request.url).pathname);
  const { services, clinic } = await publicClinic(context);
  const lists = await listLiveArticles(services.db, { organizationId: services.organizationId, locale, now: services.now() });
  const covers = await coverPictures(
    services.db,
    services.organizationId,
    [...lists.articles, ...lists.otherLanguageOnly],
    THUMBNAIL_SIZES,
  );
  return { locale, ...lists, covers, clinic: clinic.name, timeZone: clinic.location.timeZone };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, clinic } = loaderData;
  return pageMeta({
    title: translate(locale, "content.articles.title", { clinic }),
    description: translate(locale, "content.articles.description", { clinic }),
  });
};

function ArticleCard({
  item,
  cover,
  timeZone,
  level,
}: {
  item: ArticleListItem;
  cover: Picture | undefined;
  timeZone: string;
  level: "h2" | "h3";
}) {
  const { t, intl, locale } = useT();
  const Heading = level;
  const date = new Intl.DateTimeFormat(intl, { year: "numeric", month: "long", day: "numeric", timeZone }).format(item.firstPublishedAt);
  return (
    <li className="article-card">
      <article lang={INTL_LOCALE[item.locale]}>
        <Heading className="article-card-title">
          <a href={item.path}>{item.title}</a>
        </Heading>
        <p className="content-dates" lang={INTL_LOCALE[locale]}>
          <time dateTime={new Date(item.firstPublishedAt).toISOString()}>{t("content.article.published", { date })}</time>
        </p>
        {item.summary ? <p>{item.summary}</p> : null}
        {cover ? <ContentPicture picture={cover} className="article-card-cover" /> : null}
      </article>
    </li>
  );
}

function ArticleList({
  items,
  covers,
  timeZone,
  level,
}: {
  items: readonly ArticleListItem[];
  covers: Readonly<Record<string, Picture>>;
  timeZone: string;
  level: "h2" | "h3";
}) {
  return (
    <ul className="article-list">
      {items.map((item) => (
        <ArticleCard
          key={item.path}
          item={item}
          cover={item.coverAssetId ? covers[item.coverAssetId] : undefined}
          timeZone={timeZone}
          level={level}
        />
      ))}
    </ul>
  );
}

function Articles() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page content-page">
      <h1>{t("content.articles.heading")}</h1>
      <p className="lead">{t("content.articles.lead")}</p>
      {d.articles.length === 0 && d.otherLanguageOnly.length === 0 ? <p>{t("content.articles.empty")}</p> : null}
      {d.articles.length > 0 ? <ArticleList items={d.articles} covers={d.covers} timeZone={d.timeZone} level="h2" /> : null}
      {d.otherLanguageOnly.length > 0 ? (
        <section aria-labelledby="other-language-heading">
          <h2 id="other-language-heading">{t("content.articles.otherLanguage")}</h2>
          <ArticleList items={d.otherLanguageOnly} covers={d.covers} timeZone={d.timeZone} level="h3" />
        </section>
      ) : null}
      <BookingCallToAction />
    </div>
  );
}

export default function ArticlesPage() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={locale}>
      <Articles />
    </LocaleProvider>
  );
}
