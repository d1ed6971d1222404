import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/privacy";
import { translate, type MessageKey } from "../i18n/catalog.ts";
import { rich, useT } from "../i18n/context.tsx";
import { telHref } from "../lib/format.ts";
import { publicPage } from "../lib/public-site.server.ts";
import { pageMeta } from "../lib/seo.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const { clinic, locale } = await publicPage(context, request);
  return { locale, name: clinic.name, phone: clinic.location.phone, email: clinic.location.email };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [];
  const { locale, name } = loaderData;
  return pageMeta({
    title: translate(locale, "site.privacy.title", { name }),
    description: translate(locale, "site.privacy.description", { name }),
  });
};

function List({ items }: { items: readonly MessageKey[] }) {
  const { t } = useT();
  return (
    <ul>
      {items.map((key) => (
        <li key={key}>{t(key)}</li>
      ))}
    </ul>
  );
}

export default function Privacy() {
  const c = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const phoneLink = (text: string) => <a href={telHref(c.phone)}>{text}</a>;
  return (
    <div className="page narrow prose">
      <h1>{t("site.privacy.heading")}</h1>
      <p className="lead">{t("site.privacy.lead", { name: c.name })}</p>

      <h2>{t("site.privacy.keep.title")}</h2>
      <List items={["site.privacy.keep.contact", "site.privacy.keep.health", "site.privacy.keep.appointments"]} />
      <p>{t("site.privacy.keep.noSale")}</p>

      <h2>{t("site.privacy.see.title")}</h2>
      <List items={["site.privacy.see.practitioners", "site.privacy.see.reason", "site.privacy.see.log", "site.privacy.see.named"]} />

      <h2>{t("site.privacy.protect.title")}</h2>
      <List items={["site.privacy.protect.encrypted", "site.privacy.protect.signIn", "site.privacy.protect.email"]} />

      <h2>{t("site.privacy.rights.title")}</h2>
      <List items={["site.privacy.rights.copy", "site.privacy.rights.correct", "site.privacy.rights.who", "site.privacy.rights.consent"]} />
      <p>
        {rich(
          locale,
          "site.privacy.rights.how",
          {
            account: (text) => (
              <Link to="/portal/login" hrefLang="en-CA">
                {text}
              </Link>
            ),
            phone: phoneLink,
          },
          { phone: c.phone },
        )}
      </p>

      <h2>{t("site.privacy.questions.title")}</h2>
      <p>
        {rich(
          locale,
          "site.privacy.questions.text",
          { email: (text) => <a href={`mailto:${c.email}`}>{text}</a> },
          { phone: c.phone, email: c.email },
        )}
      </p>
    </div>
  );
}
