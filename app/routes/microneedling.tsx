import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/microneedling";
import { localizedText } from "../../src/scheduling/clinic-text.ts";
import { NextStep } from "../components/public/NextStep.tsx";
import { SkinDiagram } from "../components/illustrations/SkinDiagram.tsx";
import { translate, translator, type MessageKey } from "../i18n/catalog.ts";
import { scheduledPriceText } from "../lib/booking-text.ts";
import { rich, useT } from "../i18n/context.tsx";
import type { Locale } from "../i18n/locales.ts";
import { formatDuration, formatMoney, telHref } from "../lib/format.ts";
import {
  AFTERCARE,
  AFTERCARE_KIND_MESSAGE,
  CLINIC_ADVICE_MESSAGE,
  FAQ,
  KIND_MESSAGE,
  SOURCES,
  sourceNumber,
  VISIT_STEPS,
  type SourceKey,
} from "../lib/microneedling-content.ts";
import { bookingPath, clinicFacts, consultationOf, publicPage } from "../lib/public-site.server.ts";
import { canonicalUrl, faqPageJsonLd, pageMeta, serviceJsonLd } from "../lib/seo.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const page = await publicPage(context, request);
  const { clinic, serviceRows, locale, origin, today } = page;
  const t = translator(locale);
  const toCard = (s: (typeof serviceRows)[number]) => ({
    slug: s.slug,
    name: localizedText(s, "name", locale),
    description: localizedText(s, "description", locale),
    cents: s.priceCents,
    currency: s.currency,
    price: formatMoney(s.priceCents, s.currency, locale),
    scheduled: scheduledPriceText(t, locale, s.prices, today),
    duration: formatDuration(s.durationMinutes, locale),
  });
  const consultation = consultationOf(serviceRows);
  const treatments = serviceRows.filter((s) => s.kind === "treatment");
  const priced = treatments.filter((s) => s.priceCents !== null && s.priceCents > 0);
  const cheapest = priced.reduce<(typeof priced)[number] | null>((low, s) => (low && low.priceCents! <= s.priceCents! ? low : s), null);
  return {
    locale,
    origin,
    name: clinic.name,
    phone: clinic.location.phone,
    bookPath: bookingPath(serviceRows),
    facts: await clinicFacts(page),
    consultations: serviceRows.filter((s) => s.kind === "consultation").map(toCard),
    treatments: treatments.map(toCard),
    cost:
      consultation && cheapest
        ? {
            free: consultation.priceCents === 0,
            consultation: formatMoney(consultation.priceCents, consultation.currency, locale),
            from: formatMoney(cheapest.priceCents, cheapest.currency, locale),
          }
        : null,
  };
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
type ServiceCard = LoaderData["treatments"][number];

/** The questions and answers as the page shows them, in its language; the FAQPage JSON-LD reads the same list. */
function faqEntries(
  locale: Locale,
  cost: LoaderData["cost"],
): { id: string; question: string; answer: string; refs: readonly SourceKey[] }[] {
  const entries = FAQ.map((f) => ({
    id: f.id,
    question: translate(locale, f.question),
    answer: translate(locale, f.answer),
    refs: f.refs,
  }));
  if (cost) {
    const answer = cost.free
      ? translate(locale, "site.mn.faq.cost.freeConsult", { from: cost.from })
      : translate(locale, "site.mn.faq.cost.paidConsult", { consultation: cost.consultation, from: cost.from });
    entries.push({ id: "faq-cost", question: translate(locale, "site.mn.faq.cost.q"), answer, refs: [] });
  }
  return entries;
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, origin, name, facts, consultations, treatments, cost } = loaderData;
  const url = canonicalUrl(origin, "/microneedling", locale);
  return pageMeta({
    title: translate(locale, "site.mn.title", { name }),
    description: translate(locale, "site.mn.description", { name }),
    jsonLd: [
      serviceJsonLd({
        name: "Microneedling",
        alternateName: translate(locale, "site.mn.alternateName"),
        description: translate(locale, "site.mn.serviceDescription"),
        url,
        locale,
        provider: facts,
        offers: [...consultations, ...treatments].map((s) => ({
          name: s.name.text,
          cents: s.cents,
          currency: s.currency,
          url: canonicalUrl(origin, `/book/${s.slug}`, locale),
        })),
      }),
      faqPageJsonLd({ url, locale, items: faqEntries(locale, cost) }),
    ],
  });
};

/** Inline links to the numbered sources at the foot of the page. */
function Cites({
  refs,
  clinicProtocol = false,
  clinicAdvice = false,
}: {
  refs: readonly SourceKey[];
  clinicProtocol?: boolean;
  clinicAdvice?: boolean;
}) {
  const { t } = useT();
  // The clinic's own advice cites nothing, and says so where a source would be.
  if (clinicAdvice && refs.length === 0) return <span className="cites">{` (${t(CLINIC_ADVICE_MESSAGE)})`}</span>;
  if (refs.length === 0) return null;
  return (
    <span className="cites">
      {" ("}
      {clinicProtocol ? `${t("site.mn.after.clinicProtocol")}; ` : null}
      {refs.map((key, i) => (
        <span key={key}>
          {i > 0 ? ", " : null}
          <a href={`#${key}`}>{t("site.mn.sources.link", { number: sourceNumber(key) })}</a>
        </span>
      ))}
      {")"}
    </span>
  );
}

const TOC: readonly { id: string; label: MessageKey }[] = [
  { id: "how-it-works", label: "site.mn.how.title" },
  { id: "help-with", label: "site.mn.help.title" },
  { id: "your-visit", label: "site.mn.visit.title" },
  { id: "aftercare", label: "site.mn.after.title" },
  { id: "who-should-wait", label: "site.mn.wait.title" },
  { id: "faq", label: "site.mn.faq.title" },
  { id: "prices", label: "site.mn.prices.title" },
];

export default function Microneedling() {
  const { phone, bookPath, consultations, treatments, cost } = useLoaderData<typeof loader>();
  const { t, locale, href } = useT();
  const phoneLink = (text: string) => <a href={telHref(phone)}>{text}</a>;
  const faq = faqEntries(locale, cost);

  return (
    <div className="page">
      <div className="prose">
        <h1>{t("site.mn.heading")}</h1>
        <p className="lead">{t("site.mn.lead")}</p>

        <nav aria-labelledby="on-this-page" className="toc">
          <p id="on-this-page" className="muted">
            {t("site.mn.toc")}
          </p>
          <ul>
            {TOC.map((entry) => (
              <li key={entry.id}>
                <a href={`#${entry.id}`}>{t(entry.label)}</a>
              </li>
            ))}
          </ul>
        </nav>

        <section aria-labelledby="how-it-works">
          <h2 id="how-it-works">{t("site.mn.how.title")}</h2>
          <p>{t("site.mn.how.text")}</p>
          <h3 id="in-the-skin">{t("site.mn.skin.title")}</h3>
          <p>{t("site.mn.skin.intro")}</p>
          <ul>
            <li>{t("site.mn.skin.collagen")}</li>
            <li>{t("site.mn.skin.elastin")}</li>
            <li>{t("site.mn.skin.growth")}</li>
            <li>{t("site.mn.skin.vessels")}</li>
          </ul>
          <figure className="diagram">
            <SkinDiagram
              className="diagram-art"
              labels={{
                title: t("site.mn.diagram.title"),
                description: t("site.mn.diagram.desc"),
                epidermis: t("site.mn.diagram.epidermis"),
                dermis: t("site.mn.diagram.dermis"),
                hypodermis: t("site.mn.diagram.hypodermis"),
              }}
            />
            <figcaption>
              <p>{t("site.mn.diagram.caption")}</p>
              <ol className="diagram-key">
                <li>{t("site.mn.diagram.key1")}</li>
                <li>{t("site.mn.diagram.key2")}</li>
                <li>{t("site.mn.diagram.key3")}</li>
                <li>{t("site.mn.diagram.key4")}</li>
                <li>{t("site.mn.diagram.key5")}</li>
              </ol>
            </figcaption>
          </figure>
        </section>

        <section aria-labelledby="help-with">
          <h2 id="help-with">{t("site.mn.help.title")}</h2>
          <p>{t("site.mn.help.intro")}</p>
          <ul>
            <li>{t("site.mn.help.lines")}</li>
            <li>{t("site.mn.help.firm")}</li>
            <li>{t("site.mn.help.texture")}</li>
            <li>{t("site.mn.help.scars")}</li>
            <li>{t("site.mn.help.pores")}</li>
            <li>{t("site.mn.help.pigment")}</li>
            <li>{t("site.mn.help.absorb")}</li>
          </ul>
          <h3>{t("site.mn.help.where")}</h3>
          <ul className="chips">
            <li>{t("site.mn.area.face")}</li>
            <li>{t("site.mn.area.neck")}</li>
            <li>{t("site.mn.area.chest")}</li>
            <li>{t("site.mn.area.hands")}</li>
            <li>{t("site.mn.area.scalp")}</li>
          </ul>
          <p>{t("site.mn.help.value")}</p>
          <h3>{t("site.mn.expect.title")}</h3>
          <p>{t("site.mn.expect.text")}</p>
        </section>

        <section aria-labelledby="your-visit">
          <h2 id="your-visit">{t("site.mn.visit.title")}</h2>
          <p>
            {t("site.mn.visit.intro")}
            <Cites refs={["ref-37", "ref-39"]} />
          </p>
          <ol className="steps">
            {VISIT_STEPS.map((step) => (
              <li key={step.id}>
                <h3 className="step-title">{t(step.title)}</h3>
                <p>
                  {t(step.text)}
                  <Cites refs={step.refs} />
                </p>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="aftercare">
          <h2 id="aftercare">{t("site.mn.after.title")}</h2>
          <p>{t("site.mn.after.intro")}</p>
          <ol className="aftercare">
            {AFTERCARE.map((day) => (
              <li key={day.id} className="aftercare-day">
                <h3 id={day.id}>{t(day.title)}</h3>
                <dl>
                  {day.rows.map((row) => (
                    <div key={row.text}>
                      <dt>{t(AFTERCARE_KIND_MESSAGE[row.kind])}</dt>
                      <dd>
                        {t(row.text)}
                        <Cites refs={row.refs} clinicProtocol={row.clinicProtocol} clinicAdvice={row.clinicAdvice} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="who-should-wait">
          <h2 id="who-should-wait">{t("site.mn.wait.title")}</h2>
          <p>{t("site.mn.wait.intro")}</p>

          <h3>{t("site.mn.wait.not.title")}</h3>
          <ul>
            <li>{t("site.mn.wait.not.bleeding")}</li>
            <li>{t("site.mn.wait.not.keloid")}</li>
          </ul>

          <h3>{t("site.mn.wait.until.title")}</h3>
          <ul>
            <li>{t("site.mn.wait.until.infection")}</li>
            <li>{t("site.mn.wait.until.flare")}</li>
            <li>{t("site.mn.wait.until.pregnancy")}</li>
            <li>{t("site.mn.wait.until.procedures")}</li>
            <li>{t("site.mn.wait.until.isotretinoin")}</li>
            <li>{t("site.mn.wait.until.sunburn")}</li>
          </ul>

          <h3>{t("site.mn.wait.talk.title")}</h3>
          <ul>
            <li>{t("site.mn.wait.talk.autoimmune")}</li>
            <li>{t("site.mn.wait.talk.diabetes")}</li>
            <li>{t("site.mn.wait.talk.medicine")}</li>
            <li>{t("site.mn.wait.talk.expectations")}</li>
          </ul>

          <div className="summary-card">
            <p className="summary-title">{t("site.mn.wait.medicines.title")}</p>
            <p>{t("site.mn.wait.medicines.text")}</p>
          </div>
          <p>{rich(locale, "site.mn.wait.unsure", { phone: phoneLink }, { phone })}</p>
          <p>
            <Link to={href("/candidate")} className="button">
              {t("site.mn.wait.check")}
            </Link>
          </p>
          <p className="muted">{t("site.mn.wait.checkNote")}</p>
        </section>

        <section aria-labelledby="faq">
          <h2 id="faq">{t("site.mn.faq.title")}</h2>
          <div className="faq">
            {faq.map((item) => (
              <details key={item.id} id={item.id}>
                <summary>{item.question}</summary>
                <p>
                  {item.answer}
                  <Cites refs={item.refs} />
                </p>
              </details>
            ))}
          </div>
        </section>
      </div>

      <section aria-labelledby="prices">
        <h2 id="prices">{t("site.mn.prices.title")}</h2>
        <ServiceList id="services-consultation" title={t("site.mn.prices.consultation")} services={consultations} />
        <ServiceList
          id="services-treatments"
          title={t("site.mn.prices.treatments")}
          services={treatments}
          note={t("site.mn.prices.treatmentsNote")}
        />
      </section>

      <NextStep headingId="next-step" bookPath={bookPath} free={consultations[0]?.cents === 0} phone={phone} />

      <section className="sources prose" aria-labelledby="sources">
        <h2 id="sources">{t("site.mn.sources.title")}</h2>
        <p>{t("site.mn.sources.intro")}</p>
        <ul>
          {SOURCES.map((s) => (
            <li key={s.key} id={s.key}>
              <span className="source-number">[{sourceNumber(s.key)}]</span>{" "}
              {typeof s.citation === "string" ? s.citation : t(s.citation.message)} <span>({t(KIND_MESSAGE[s.kind])})</span>.{" "}
              {t("site.mn.sources.supports", { text: t(s.supports) })}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ServiceList({ id, title, services, note }: { id: string; title: string; services: ServiceCard[]; note?: string }) {
  const { t, href } = useT();
  if (services.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {note ? <p className="muted">{note}</p> : null}
      <ul className="service-list">
        {services.map((s) => (
          <li key={s.slug} className="service-card">
            <div>
              <h4 className="service-name" lang={s.name.lang}>
                {s.name.text}
              </h4>
              {s.description.text ? <p lang={s.description.lang}>{s.description.text}</p> : null}
              <p className="facts">
                <span>{s.duration}</span> · <span>{s.price}</span>
              </p>
              {s.scheduled.map((line) => (
                <p key={line} className="small">
                  {line}
                </p>
              ))}
            </div>
            <Link to={href(`/book/${s.slug}`)} className="button" aria-label={t("site.mn.prices.chooseFor", { service: s.name.text })}>
              {t("site.mn.prices.choose")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
