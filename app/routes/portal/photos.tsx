// The client's own session photos (docs/photos.md): choose an area, a view and
// two sessions, and see the photos side by side and over one another with a
// slider, each session's date under its photo. Unlike the portal's other
// pages this one hydrates: the slider is a range input moved with the arrow
// keys, and its reveal is set by the page's script (the Content-Security-
// Policy allows no inline style). The side-by-side view needs no script.
import { useLoaderData } from "react-router";
import type { Route } from "./+types/photos";
import { problemOf } from "../../../src/kernel/errors.ts";
import { zoneLabelIn } from "../../../src/plans/client-copy.ts";
import { clientComparePhotos, clientPhotoSeries, type PhotoComparison, type PhotoView } from "../../../src/plans/record/session-photos.ts";
import { comparisonChoice } from "../../components/photos/compare-choice.ts";
import { PhotoChoiceForm } from "../../components/photos/PhotoChoiceForm.tsx";
import { PhotoCompare, photosStylesheet } from "../../components/photos/PhotoCompare.tsx";
import { PortalError } from "../../components/PortalError.tsx";
import type { MessageKey } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import { formatDateLong } from "../../lib/format.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";

// Names the page only: never the client, a date or an area.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.nav.photos");

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: photosStylesheet }];

const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
const viewKey = (v: PhotoView) => `portal.photos.view.${v}` as MessageKey;

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const query = new URL(request.url).searchParams;
  const series = await clientPhotoSeries(services.db, { client, now: services.now() });
  const choice = comparisonChoice(series.photos, query);
  let comparison: PhotoComparison | null = null;
  if (choice.ready) {
    try {
      comparison = await clientComparePhotos(services.db, {
        client,
        zone: choice.zone!,
        view: choice.view!,
        sessionA: choice.a!,
        sessionB: choice.b!,
      });
    } catch (error) {
      if (!problemOf(error)) throw error;
    }
  }
  const date = (d: string) => formatDateLong(d, locale);
  return {
    clinicName: clinic.name,
    count: series.photos.length,
    choice: {
      zone: choice.zone,
      view: choice.view,
      a: choice.a,
      b: choice.b,
      zones: choice.zones.map((z) => ({ id: z, label: zoneLabelIn(locale, z) })),
      // Capitalised in the list, as the staff page shows them; lower case inside the heading ("Cheek, left, front").
      views: choice.views.map((v) => ({ id: v, label: capitalised(t(viewKey(v))) })),
      sessions: choice.sessions.map((s) => ({ id: s.appointmentId, label: date(s.sessionDate) })),
    },
    comparison: comparison
      ? {
          area: zoneLabelIn(locale, comparison.zone),
          view: t(viewKey(comparison.view)),
          a: { id: comparison.a.id, date: date(comparison.a.sessionDate) },
          b: { id: comparison.b.id, date: date(comparison.b.sessionDate) },
        }
      : null,
  };
}

export default function PortalPhotos() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const c = d.comparison;
  const alt = (date: string) => (c ? t("portal.photos.alt", { area: c.area, view: c.view, date }) : "");
  return (
    <>
      <h1>{t("portal.nav.photos")}</h1>
      <p>{t("portal.photos.intro", { clinic: d.clinicName })}</p>
      <p className="muted small">{t("portal.photos.privacy")}</p>
      {d.count === 0 ? (
        <p>{t("portal.photos.none")}</p>
      ) : (
        <>
          <section aria-labelledby="choose-heading">
            <h2 id="choose-heading">{t("portal.photos.choose")}</h2>
            <PhotoChoiceForm
              choice={d.choice}
              labels={{
                area: t("portal.photos.area"),
                view: t("portal.photos.view"),
                first: t("portal.photos.first"),
                second: t("portal.photos.second"),
                compare: t("portal.photos.compare"),
              }}
            />
          </section>
          {c ? (
            <section aria-labelledby="comparison-heading">
              <h2 id="comparison-heading">
                {c.area}, {c.view}
              </h2>
              <PhotoCompare
                idPrefix="compare"
                labels={{
                  sideBySide: t("portal.photos.sideBySide"),
                  slider: t("portal.photos.slider"),
                  sliderLabel: t("portal.photos.sliderLabel"),
                  sliderHint: t("portal.photos.sliderHint"),
                  valueText: (percent) => t("portal.photos.sliderValue", { percent }),
                  earlier: t("portal.photos.earlier"),
                  later: t("portal.photos.later"),
                }}
                before={{ src: `/portal/photos/${c.a.id}`, alt: alt(c.a.date), date: c.a.date }}
                after={{ src: `/portal/photos/${c.b.id}`, alt: alt(c.b.date), date: c.b.date }}
              />
            </section>
          ) : (
            <p>{t("portal.photos.oneSession")}</p>
          )}
        </>
      )}
    </>
  );
}

// Inside the portal's header and navigation, like its other pages.
export function ErrorBoundary() {
  return <PortalError />;
}
