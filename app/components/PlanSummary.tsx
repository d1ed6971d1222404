// One plan version as the client and staff read it: zones and depths, the
// course, products, price, downtime, aftercare and what it can and cannot do.
// Used by the staff plan page and the client's portal page.
//
// The client's view speaks the page's language in its fixed words (headings,
// labels). The plan's own sentences are the ones fixed when it was offered, in
// the language they were written in then; where that differs from the page's,
// they are marked with their `lang`. The practitioner's note and the clinic's
// product names stay exactly as written. Staff read it in English.
import { copyLocaleOf, clientCopyFor, skinHeadingsIn, zoneLabelsIn } from "../../src/plans/client-copy.ts";
import { CLINIC_DEFAULT_LABEL } from "../../src/plans/depths.ts";
import type { PlanDraft } from "../../src/plans/types.ts";
import { formatMm, ZONES } from "../../src/plans/zones.ts";
import { formatDateMedium } from "../lib/format.ts";
import { translator } from "../i18n/catalog.ts";
import { useLocale } from "../i18n/context.tsx";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";
import { ZoneMap } from "./zone-map.tsx";

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];

export function PlanSummary({ draft, audience }: { draft: PlanDraft; audience: "client" | "staff" }) {
  const pageLocale = useLocale();
  const locale: Locale = audience === "client" ? pageLocale : "en";
  const t = translator(locale);
  // Once offered, the client reads the words fixed then (and covered by the signature), not today's.
  const copy = clientCopyFor(draft, null, locale);
  const copyLang = copyLocaleOf(copy) === locale ? undefined : INTL_LOCALE[copyLocaleOf(copy)];
  const mm = (value: number) => (locale === "fr" ? formatMm(value).replace(".", ",") : formatMm(value));
  const products = draft.products ?? [];
  return (
    <div className="plan-summary">
      <div className="plan-summary-map">
        <ZoneMap selected={draft.zones.map((z) => z.zone)} labels={zoneLabelsIn(locale)} readOnly title={t("portal.summary.mapTitle")} />
      </div>
      <table className="plan-zones">
        <caption>{t("portal.summary.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("portal.summary.area")}</th>
            <th scope="col">{t("portal.summary.concern")}</th>
            <th scope="col">{t("portal.summary.depth")}</th>
          </tr>
        </thead>
        <tbody>
          {draft.zones.map((z, i) => (
            <tr key={z.zone}>
              <th scope="row" lang={copyLang}>
                {copy.zones[i]?.label ?? ZONES[z.zone]?.label ?? z.zone}
              </th>
              <td lang={copyLang}>{copy.zones[i]?.indicationLabel}</td>
              <td>
                {mm(z.depthMinMm)}–{mm(z.depthMaxMm)} mm
                {audience === "staff" && copy.zones[i]?.clinicDefault ? (
                  <span className="clinic-default"> ({CLINIC_DEFAULT_LABEL})</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="plan-facts">
        {audience === "staff" ? (
          <>
            <dt>Skin type</dt>
            <dd>
              {draft.assessment.fitzpatrick ? `Fitzpatrick ${ROMAN[draft.assessment.fitzpatrick]}` : "Fitzpatrick not confirmed"}
              {draft.assessment.glogau ? `, Glogau ${ROMAN[draft.assessment.glogau]}` : ""}
            </dd>
          </>
        ) : null}
        <dt>{t("portal.summary.sessions")}</dt>
        <dd>
          {draft.sessions === 1
            ? t("portal.summary.oneSession", { min: draft.intervalMinDays, max: draft.intervalMaxDays })
            : t("portal.summary.manySessions", { count: draft.sessions, min: draft.intervalMinDays, max: draft.intervalMaxDays })}
        </dd>
        {/* As it stood when the version was offered; a draft and a version offered before it was recorded have none. */}
        {copy.earliestStart !== undefined ? (
          <>
            <dt>{t("portal.summary.earliestStart")}</dt>
            <dd>
              {copy.earliestStart === null ? t("portal.summary.earliestAfterReview") : formatDateMedium(copy.earliestStart, locale)}
            </dd>
          </>
        ) : null}
        <dt>{t("portal.summary.visit")}</dt>
        <dd>
          {t("portal.summary.visitMinutes", { minutes: copy.visitMinutes })}
          {copy.numbingMinutes ? t("portal.summary.numbingMinutes", { minutes: copy.numbingMinutes }) : ""}
        </dd>
        <dt>{t("portal.summary.numbing")}</dt>
        <dd>
          {draft.numbingCream ? t("portal.summary.yes") : t("portal.summary.no")}
          {draft.numbingCream && copy.numbing ? (
            <span lang={copyLang} className="numbing-detail">
              {" "}
              — {copy.numbing}
            </span>
          ) : null}
        </dd>
        {copy.glide ? (
          <>
            <dt lang={copyLang}>{skinHeadingsIn(copyLocaleOf(copy)).glide}</dt>
            <dd lang={copyLang}>
              {copy.glide}
              {audience === "staff" && draft.glide && !(draft.glide.sterile && draft.glide.singleUse) ? (
                <strong> Not marked sterile and single-use on the clinic's list (rule glide.not-sterile).</strong>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t("portal.summary.price")}</dt>
        <dd lang={copyLang}>{copy.price}</dd>
      </dl>
      {products.length ? (
        <>
          <h3>{t("portal.summary.products")}</h3>
          <ul>
            {products.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {p.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("portal.summary.after")}</h3>
      <p lang={copyLang}>{copy.downtime}</p>
      <ul lang={copyLang}>
        {copy.aftercare.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3>{t("portal.summary.achievability")}</h3>
      {copy.achievability.split("\n\n").map((p) => (
        <p key={p} lang={copyLang}>
          {p}
        </p>
      ))}
      {draft.noteToClient ? (
        <>
          <h3>{audience === "client" ? t("portal.summary.note") : "Note to the client"}</h3>
          <p className="pre-wrap">{draft.noteToClient}</p>
        </>
      ) : null}
    </div>
  );
}
