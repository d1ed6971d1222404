import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/about";
import { listPractitioners } from "../../src/scheduling/clinic.ts";
import { localizedText } from "../../src/scheduling/clinic-text.ts";
import { NextStep } from "../components/public/NextStep.tsx";
import { AboutIllustration } from "../components/illustrations/AboutIllustration.tsx";
import { translate, type MessageKey } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { bookingPath, clinicFacts, consultationOf, publicPage } from "../lib/public-site.server.ts";
import { daySpaJsonLd, pageMeta } from "../lib/seo.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const page = await publicPage(context, request);
  const { clinic, services, serviceRows, locale } = page;
  const team = await listPractitioners(services.db, clinic.organizationId);
  return {
    locale,
    name: clinic.name,
    city: clinic.location.city,
    region: clinic.location.region,
    phone: clinic.location.phone,
    bookPath: bookingPath(serviceRows),
    bookFree: consultationOf(serviceRows)?.priceCents === 0,
    practitioners: team.map((p) => ({ id: p.id, name: p.name, title: localizedText(p, "title", locale) })),
    facts: await clinicFacts(page),
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, name, city, facts } = loaderData;
  return pageMeta({
    title: translate(locale, "site.about.title", { name }),
    description: translate(locale, "site.about.description", { name, city }),
    jsonLd: [daySpaJsonLd(facts)],
  });
};

const APPROACH: readonly { id: string; title: MessageKey; text: MessageKey }[] = [
  { id: "consultation", title: "site.about.approach.consult.title", text: "site.about.approach.consult" },
  { id: "checks", title: "site.about.approach.checks.title", text: "site.about.approach.checks" },
  { id: "depth", title: "site.about.approach.depth.title", text: "site.about.approach.depth" },
  { id: "honest", title: "site.about.approach.honest.title", text: "site.about.approach.honest" },
];

export default function About() {
  const { name, city, region, phone, bookPath, bookFree, practitioners } = useLoaderData<typeof loader>();
  const { t, locale, href } = useT();
  const link = (to: string) => (text: string) => <Link to={href(to)}>{text}</Link>;
  return (
    <div className="page">
      <section className="hero hero-split" aria-labelledby="about-heading">
        <div>
          <h1 id="about-heading">{t("site.about.heading", { name })}</h1>
          <p className="lead">{t("site.about.lead", { city })}</p>
        </div>
        <AboutIllustration className="hero-art" />
      </section>

      <div className="prose">
        <section aria-labelledby="the-spa">
          <h2 id="the-spa">{t("site.about.spa.title")}</h2>
          <p>{t("site.about.spa.text", { name, city, region })}</p>
        </section>

        <section aria-labelledby="team">
          <h2 id="team">{t("site.about.team.title")}</h2>
          <p>{t("site.about.team.intro")}</p>
          {practitioners.length > 0 ? (
            <ul className="team">
              {practitioners.map((p) => (
                <li key={p.id} className="card">
                  <p className="team-name">{p.name}</p>
                  {p.title.text ? (
                    <p className="muted" lang={p.title.lang}>
                      {p.title.text}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("site.about.team.empty")}</p>
          )}
        </section>

        <section aria-labelledby="approach">
          <h2 id="approach">{t("site.about.approach.title")}</h2>
          <ul className="approach">
            {APPROACH.map((a) => (
              <li key={a.id}>
                <h3>{t(a.title)}</h3>
                <p>{t(a.text)}</p>
              </li>
            ))}
            <li>
              <h3>{t("site.about.approach.privacy.title")}</h3>
              <p>{rich(locale, "site.about.approach.privacy", { link: link("/privacy") })}</p>
            </li>
          </ul>
        </section>

        <p>{rich(locale, "site.about.find", { link: link("/contact") })}</p>
      </div>

      <NextStep headingId="about-next" bookPath={bookPath} free={bookFree} phone={phone} />
    </div>
  );
}
