// The booking's confirmation is the manage page with `?booked=1` (where the
// booking form sends the visitor). This layout route wraps that page and adds,
// under it, what to do before the visit: the health questionnaire, and the
// wait the visitor's own self-check told them (app/lib/booking-confirmation.server.ts).
// It keeps the confirmation's next steps in a module of their own; the page
// itself (routes/manage.tsx) knows nothing of them.
import { Outlet, useLoaderData } from "react-router";
import type { Route } from "./+types/booking-confirmation";
import { getBooking } from "../../src/scheduling/manage-booking.ts";
import { NotFoundError } from "../../src/kernel/errors.ts";
import { BeforeYourVisit } from "../components/public/BeforeYourVisit.tsx";
import { localeFromPath } from "../i18n/locales.ts";
import { beforeTheVisit } from "../lib/booking-confirmation.server.ts";
import { publicClinic } from "../lib/clinic.server.ts";

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has("booked") || !params.id) return { next: null };
  const { services, clinic } = await publicClinic(context);
  const now = services.now();
  try {
    // The same check of the link's token as the page's own: a wrong one shows nothing here (the page answers 404).
    const booking = await getBooking(services.db, clinic, params.id, { token: url.searchParams.get("token") ?? "" }, now);
    if (booking.status !== "booked" || booking.startMs <= now) return { next: null };
    return { next: await beforeTheVisit(services, clinic, request, booking, localeFromPath(url.pathname)) };
  } catch (error) {
    if (error instanceof NotFoundError) return { next: null };
    throw error;
  }
}

export default function BookingConfirmation() {
  const { next } = useLoaderData<typeof loader>();
  return (
    <>
      <Outlet />
      {next ? <BeforeYourVisit next={next} /> : null}
    </>
  );
}
