import { Temporal } from "temporal-polyfill";
import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/contact";
import { HeadedSection } from "../components/HeadedSection.tsx";
import { ContactIllustration } from "../components/illustrations/ContactIllustration.tsx";
import { translate } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";
import { WEEKDAYS } from "../lib/clinic-hours.server.ts";
import { formatLocalTime, telHref } from "../lib/format.ts";
import { bookingPath, clinicContact, clinicFacts, consultationOf, publicPage } from "../lib/public-site.server.ts";
import { daySpaJsonLd, pageMeta } from "../lib/seo.ts";

/** "Monday" / "Lundi": a weekday's name, capitalised for a table row. */
function weekdayName(day: number, locale: Locale): string {
  // 2024-01-01 was a Monday (ISO weekday 1).
  const name = Temporal.PlainDate.from("2024-01-01")
    .add({ days: day - 1 })
    .toLocaleString(INTL_LOCALE[locale], { weekday: "long" });
  return name.charAt(0).toLocaleUpperCase(INTL_LOCALE[locale]) + name.slice(1);
}

/** "Eastern Time" / "heure de l’Est": the clinic's zone as people say it. */
function zoneName(timeZone: string, locale: Locale): string {
  const parts = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, timeZoneName: "longGeneric" }).formatToParts(new Date());
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const page = await publicPage(context, request);
  const { clinic, serviceRows, locale } = page;
  const facts = await clinicFacts(page);
  const l = clinic.location;
  const hours = WEEKDAYS.map((day) => ({
    day,
    name: weekdayName(day, locale),
    intervals: facts.hours[day].map((i) => ({ start: formatLocalTime(i.start, locale), end: formatLocalTime(i.end, locale) })),
  }));
  const mapQuery = [l.street, l.city, l.region, l.postalCode, translate(locale, "site.address.country")].filter(Boolean).join(", ");
  return {
    locale,
    ...clinicContact(clinic),
    zone: zoneName(l.timeZone, locale),
    hours,
    anyHours: hours.some((h) => h.intervals.length > 0),
    mapUrl: `https://www.openstreetmap.org/search?query=${encodeURIComponent(mapQuery)}`,
    bookPath: bookingPath(serviceRows),
    bookFree: consultationOf(serviceRows)?.priceCents === 0,
    facts,
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, name, city, facts } = loaderData;
  return pageMeta({
    title: translate(locale, "site.contact.title", { name }),
    description: translate(locale, "site.contact.description", { name, city }),
    jsonLd: [daySpaJsonLd(facts)],
  });
};

export default function Contact() {
  const c = useLoaderData<typeof loader>();
  const { t, locale, href } = useT();
  const phoneLink = (text: string) => <a href={telHref(c.phone)}>{text}</a>;
  const mapLink = (text: string) => <a href={c.mapUrl}>{text}</a>;
  return (
    <div className="page">
      <section className="hero hero-split" aria-labelledby="contact-heading">
        <div>
          <h1 id="contact-heading">{t("site.contact.heading")}</h1>
          <p className="lead">{t("site.contact.lead")}</p>
        </div>
        <ContactIllustration className="hero-art" />
      </section>

      <div className="contact-grid">
        <HeadedSection className="card" id="reach-us" title={t("site.contact.details")}>
          <dl className="contact-details">
            <div>
              <dt>{t("site.contact.address")}</dt>
              <dd>
                <address>
                  {c.name}
                  <br />
                  {c.street ? (
                    <>
                      {c.street}
                      <br />
                    </>
                  ) : null}
                  {[`${c.city}, ${c.region}`, c.postalCode].filter(Boolean).join(" ")}
                  <br />
                  {t("site.address.country")}
                </address>
              </dd>
            </div>
            <div>
              <dt>{t("site.contact.phone")}</dt>
              <dd>{phoneLink(c.phone)}</dd>
            </div>
            <div>
              <dt>{t("site.contact.email")}</dt>
              <dd>
                <a href={`mailto:${c.email}`}>{c.email}</a>
              </dd>
            </div>
          </dl>
        </HeadedSection>

        <HeadedSection className="card" id="hours" title={t("site.contact.hours.title")}>
          {c.anyHours ? (
            <table className="hours">
              <caption className="visually-hidden">{t("site.contact.hours.caption", { zone: c.zone })}</caption>
              <thead className="visually-hidden">
                <tr>
                  <th scope="col">{t("site.contact.hours.day")}</th>
                  <th scope="col">{t("site.contact.hours.open")}</th>
                </tr>
              </thead>
              <tbody>
                {c.hours.map((h) => (
                  <tr key={h.day}>
                    <th scope="row">{h.name}</th>
                    <td>
                      {h.intervals.length === 0
                        ? t("site.contact.hours.closed")
                        : h.intervals.map((i) => t("site.contact.hours.interval", { start: i.start, end: i.end })).join(", ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t("site.contact.hours.none")}</p>
          )}
          <p className="muted small">{t("site.contact.hours.note", { zone: c.zone })}</p>
        </HeadedSection>
      </div>

      <HeadedSection className="prose" id="find-us" title={t("site.contact.find.title")}>
        <p>
          {c.street
            ? rich(locale, "site.contact.find.street", { map: mapLink }, { street: c.street, city: c.city })
            : rich(locale, "site.contact.find.city", { map: mapLink }, { city: c.city, region: c.region })}
        </p>
        <p>{rich(locale, "site.home.call", { phone: phoneLink }, { phone: c.phone })}</p>
      </HeadedSection>

      <HeadedSection className="hero" id="contact-next" title={t("site.contact.next.title")}>
        <p>{t("site.contact.next.text")}</p>
        <div className="actions">
          <Link to={href(c.bookPath)} className="button primary">
            {t(c.bookFree ? "site.cta.bookFree" : "site.cta.book")}
          </Link>
        </div>
      </HeadedSection>
    </div>
  );
}
