import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/home";
import { HeadedSection } from "../components/HeadedSection.tsx";
import { HeroIllustration } from "../components/illustrations/HeroIllustration.tsx";
import { translate } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { formatDuration, formatMoney, telHref } from "../lib/format.ts";
import { bookingPath, clinicFacts, consultationOf, publicPage } from "../lib/public-site.server.ts";
import { daySpaJsonLd, pageMeta } from "../lib/seo.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const page = await publicPage(context, request);
  const { clinic, serviceRows, locale } = page;
  const consultation = consultationOf(serviceRows);
  return {
    locale,
    name: clinic.name,
    city: clinic.location.city,
    phone: clinic.location.phone,
    bookPath: bookingPath(serviceRows),
    facts: await clinicFacts(page),
    consultation: consultation
      ? {
          free: consultation.priceCents === 0,
          price: formatMoney(consultation.priceCents, consultation.currency, locale),
          duration: formatDuration(consultation.durationMinutes, locale),
        }
      : null,
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, name, city, facts } = loaderData;
  return pageMeta({
    title: translate(locale, "site.home.title", { name, city }),
    description: translate(locale, "site.home.description", { name, city }),
    jsonLd: [daySpaJsonLd(facts)],
  });
};

export default function Home() {
  const { name, city, phone, bookPath, consultation } = useLoaderData<typeof loader>();
  const { t, locale, href } = useT();
  const bookLabel = t(consultation?.free ? "site.cta.bookFree" : "site.cta.book");
  const link = (to: string) => (text: string) => <Link to={href(to)}>{text}</Link>;
  return (
    <div className="page">
      <section className="hero hero-split" aria-labelledby="welcome">
        <div>
          <h1 id="welcome">{t("site.home.heading", { name })}</h1>
          <p className="lead">{t("site.home.lead", { city })}</p>
          <div className="actions">
            <Link to={href(bookPath)} className="button primary">
              {bookLabel}
            </Link>
            <Link to={href("/microneedling")} className="button">
              {t("site.home.readMore")}
            </Link>
          </div>
          {consultation ? (
            <p className="facts">{t("site.home.consultationFacts", { duration: consultation.duration, price: consultation.price })}</p>
          ) : null}
        </div>
        <HeroIllustration className="hero-art" />
      </section>

      <div className="cards">
        <HeadedSection className="card" id="what-it-is" title={t("site.home.whatItIs.title")}>
          <p>{t("site.home.whatItIs.text")}</p>
          <p>{rich(locale, "site.home.whatItIs.more", { link: link("/microneedling#how-it-works") })}</p>
        </HeadedSection>

        <HeadedSection className="card" id="who-it-suits" title={t("site.home.suits.title")}>
          <p>{t("site.home.suits.text")}</p>
          <p>{rich(locale, "site.home.suits.wait", { link: link("/microneedling#who-should-wait") })}</p>
          <p>{rich(locale, "site.home.suits.check", { link: link("/candidate") })}</p>
        </HeadedSection>

        <HeadedSection className="card" id="first-step" title={t("site.home.first.title")}>
          <p>{t("site.home.first.text")}</p>
          <p>
            <Link to={href(bookPath)}>{bookLabel}</Link>
          </p>
        </HeadedSection>
      </div>

      <p className="call-line">{rich(locale, "site.home.call", { phone: (text) => <a href={telHref(phone)}>{text}</a> }, { phone })}</p>
    </div>
  );
}
