import { Link } from "react-router";
import { rich, useT } from "../../i18n/context.tsx";
import { telHref } from "../../lib/format.ts";

/** The closing call to action of a page about the treatment: book a consultation, or call. */
export function NextStep({ headingId, bookPath, free, phone }: { headingId: string; bookPath: string; free: boolean; phone: string }) {
  const { t, locale, href } = useT();
  return (
    <section className="hero" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("site.mn.next.title")}</h2>
      <p>{t("site.mn.next.text")}</p>
      <div className="actions">
        <Link to={href(bookPath)} className="button primary">
          {t(free ? "site.cta.bookFree" : "site.cta.book")}
        </Link>
      </div>
      <p>{rich(locale, "site.cta.call", { phone: (text) => <a href={telHref(phone)}>{text}</a> }, { phone })}</p>
    </section>
  );
}
