// A client's photos over time (docs/photos.md): choose an area, a view and two
// sessions, and see their photos side by side and over one another with a
// slider, at one scale, each session's date under its photo. The choice is a
// plain GET form, so it works before (and without) the page's script; every
// photo shown is fetched through the audited photo route.
import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/client-photos";
import adminCss from "./admin.css?url";
import {
  compareSessionPhotos,
  listSessionPhotos,
  PHOTO_VIEW_LABELS,
  type PhotoComparison,
} from "../../../src/plans/record/session-photos.ts";
import { zoneLabel } from "../../../src/plans/zones.ts";
import { comparisonChoice } from "../../components/photos/compare-choice.ts";
import { PhotoChoiceForm } from "../../components/photos/PhotoChoiceForm.tsx";
import { PhotoCompare, photosStylesheet, STAFF_COMPARE_LABELS } from "../../components/photos/PhotoCompare.tsx";
import { HeadedSection } from "../../components/HeadedSection.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateLong } from "../../lib/format.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: photosStylesheet },
];
// The title names the page, never the client.
export const meta: Route.MetaFunction = () => [{ title: "Photos over time — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const query = new URL(request.url).searchParams;
  const now = services.now();
  try {
    const series = await listSessionPhotos(services.db, { staff, clientId: params.id, now });
    const choice = comparisonChoice(series.photos, query);
    let comparison: PhotoComparison | null = null;
    if (choice.ready)
      comparison = await compareSessionPhotos(services.db, {
        staff,
        clientId: params.id,
        zone: choice.zone!,
        view: choice.view!,
        sessionA: choice.a!,
        sessionB: choice.b!,
        now,
      });
    return {
      clientId: params.id,
      clientName: series.clientName,
      uses: series.uses,
      count: series.photos.length,
      choice: {
        ...choice,
        zones: choice.zones.map((z) => ({ id: z, label: zoneLabel(z) })),
        views: choice.views.map((v) => ({ id: v, label: PHOTO_VIEW_LABELS[v] })),
        sessions: choice.sessions.map((s) => ({ id: s.appointmentId, label: formatDateLong(s.sessionDate) })),
      },
      comparison: comparison
        ? {
            label: `${zoneLabel(comparison.zone)}, ${PHOTO_VIEW_LABELS[comparison.view].toLowerCase()}`,
            a: { id: comparison.a.id, date: formatDateLong(comparison.a.sessionDate) },
            b: { id: comparison.b.id, date: formatDateLong(comparison.b.sessionDate) },
          }
        : null,
    };
  } catch (error) {
    refuse(error, { invalidStatus: 400 });
  }
}

export default function ClientPhotos() {
  const d = useLoaderData<typeof loader>();
  const c = d.comparison;
  const uses = [d.uses.teaching ? "teaching" : null, d.uses.marketing ? "marketing" : null].filter(Boolean);
  return (
    <div className="page">
      <p className="small">
        <Link to={`/staff/clients/${d.clientId}`}>← Back to the client</Link>
      </p>
      <h1>Photos over time</h1>
      <p>{d.clientName}</p>
      <p className="small">
        {uses.length === 0
          ? "The client's photo consent allows these photos in their clinical record only."
          : `The client's photo consent in force also allows ${uses.join(" and ")}.`}
      </p>
      {d.count === 0 ? (
        <p>No session photos yet. They are taken from a session's chart (Photos).</p>
      ) : (
        <>
          <HeadedSection id="choose-title" title="Choose what to compare">
            <PhotoChoiceForm
              choice={d.choice}
              labels={{ area: "Area", view: "View", first: "First session", second: "Second session", compare: "Compare" }}
            />
          </HeadedSection>
          {c ? (
            <HeadedSection id="comparison-title" title={c.label}>
              <PhotoCompare
                idPrefix="compare"
                labels={STAFF_COMPARE_LABELS}
                before={{ src: `/staff/clients/${d.clientId}/photos/${c.a.id}`, alt: `${c.label}, ${c.a.date}`, date: c.a.date }}
                after={{ src: `/staff/clients/${d.clientId}/photos/${c.b.id}`, alt: `${c.label}, ${c.b.date}`, date: c.b.date }}
              />
            </HeadedSection>
          ) : (
            <p className="alert">
              This area and view were photographed at one session only: choose another, or take it at the next session.
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}
