import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/book";
import { listServices } from "../../src/scheduling/clinic.ts";
import { localizedText, type LocalizedText } from "../../src/scheduling/clinic-text.ts";
import { translate, translator } from "../i18n/catalog.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { scheduledPriceText } from "../lib/booking-text.ts";
import { useT } from "../i18n/context.tsx";
import { localeFromPath } from "../i18n/locales.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDuration, formatMoney } from "../lib/format.ts";
import { pageMeta, siteDataFrom } from "../lib/seo.ts";

export const meta: Route.MetaFunction = ({ matches, location }) => {
  const locale = localeFromPath(location.pathname);
  const clinic = siteDataFrom(matches)?.name ?? "";
  return pageMeta({
    title: translate(locale, "booking.list.title", { clinic }),
    description: translate(locale, "booking.list.description", { clinic }),
  });
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const locale = localeFromPath(new URL(request.url).pathname);
  const { services, clinic } = await publicClinic(context);
  const today = todayIn(clinic.location.timeZone, services.now());
  const rows = await listServices(services.db, clinic.organizationId, { on: today });
  const t = translator(locale);
  return {
    services: rows.map((s) => ({
      slug: s.slug,
      name: localizedText(s, "name", locale),
      kind: s.kind,
      description: localizedText(s, "description", locale),
      duration: formatDuration(s.durationMinutes, locale),
      price: formatMoney(s.priceCents, s.currency, locale),
      scheduled: scheduledPriceText(t, locale, s.prices, today),
    })),
  };
}

export default function Book() {
  const { t } = useT();
  const { services } = useLoaderData<typeof loader>();
  const consultations = services.filter((s) => s.kind === "consultation");
  const treatments = services.filter((s) => s.kind === "treatment");
  return (
    <div className="page">
      <h1>{t("booking.list.heading")}</h1>
      <p className="lead">{t("booking.list.lead")}</p>
      <ServiceList id="consultations" title={t("booking.list.consultations")} services={consultations} />
      <ServiceList id="treatments" title={t("booking.list.treatments")} services={treatments} note={t("booking.list.treatmentsNote")} />
    </div>
  );
}

function ServiceList({
  id,
  title,
  services,
  note,
}: {
  id: string;
  title: string;
  services: { slug: string; name: LocalizedText; description: LocalizedText; duration: string; price: string; scheduled: string[] }[];
  note?: string;
}) {
  const { t, href } = useT();
  if (services.length === 0) return null;
  return (
    <section aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>{title}</h2>
      {note ? <p className="muted">{note}</p> : null}
      <ul className="service-list">
        {services.map((s) => (
          <li key={s.slug} className="service-card">
            <div>
              <h3 lang={s.name.lang}>{s.name.text}</h3>
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
            <Link to={href(`/book/${s.slug}`)} className="button" aria-label={t("booking.list.chooseFor", { service: s.name.text })}>
              {t("booking.list.choose")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
