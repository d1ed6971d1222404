// Which comparison a photo page shows: the area, view and two sessions asked
// for in its address when they exist among the client's photos, otherwise the
// first area and view taken at two sessions or more, from the first session
// to the latest. Plain data in, plain data out (staff and portal pages).
import type { PhotoView } from "../../../src/plans/record/session-photos.ts";
import { PHOTO_VIEWS } from "../../../src/plans/record/session-photos.ts";
import type { ZoneId } from "../../../src/plans/types.ts";

interface Taken {
  appointmentId: string;
  zone: ZoneId;
  view: PhotoView;
  sessionStartMs: number;
  sessionDate: string;
}

export interface ComparisonChoice {
  zones: ZoneId[];
  views: PhotoView[];
  sessions: { appointmentId: string; sessionDate: string }[];
  zone: ZoneId | null;
  view: PhotoView | null;
  a: string | null;
  b: string | null;
  /** Two different sessions hold a photo of this area and view. */
  ready: boolean;
}

const sessionsOf = (photos: Taken[], zone: ZoneId, view: PhotoView) => {
  const seen = new Map<string, { appointmentId: string; sessionDate: string; start: number }>();
  for (const p of photos)
    if (p.zone === zone && p.view === view && !seen.has(p.appointmentId))
      seen.set(p.appointmentId, { appointmentId: p.appointmentId, sessionDate: p.sessionDate, start: p.sessionStartMs });
  return [...seen.values()].sort((x, y) => x.start - y.start).map(({ appointmentId, sessionDate }) => ({ appointmentId, sessionDate }));
};

export function comparisonChoice(photos: Taken[], query: URLSearchParams): ComparisonChoice {
  const zones = [...new Set(photos.map((p) => p.zone))];
  const viewsOf = (zone: ZoneId) => PHOTO_VIEWS.filter((v) => photos.some((p) => p.zone === zone && p.view === v));
  const wanted = query.get("zone");
  const zone =
    zones.find((z) => z === wanted) ?? zones.find((z) => viewsOf(z).some((v) => sessionsOf(photos, z, v).length >= 2)) ?? zones[0] ?? null;
  if (!zone) return { zones, views: [], sessions: [], zone: null, view: null, a: null, b: null, ready: false };
  const views = viewsOf(zone);
  const wantedView = query.get("view");
  const view = views.find((v) => v === wantedView) ?? views.find((v) => sessionsOf(photos, zone, v).length >= 2) ?? views[0]!;
  const sessions = sessionsOf(photos, zone, view);
  const has = (id: string | null) => (id && sessions.some((s) => s.appointmentId === id) ? id : null);
  const a = has(query.get("a")) ?? sessions[0]?.appointmentId ?? null;
  const bAsked = has(query.get("b"));
  const b = (bAsked !== a ? bAsked : null) ?? [...sessions].reverse().find((s) => s.appointmentId !== a)?.appointmentId ?? null;
  return { zones, views, sessions, zone, view, a, b, ready: a !== null && b !== null && a !== b };
}
