// What the public pages' loaders share: the page's language, the clinic and
// its services, and the facts search engines are told about the clinic.
import type { RouterContextProvider } from "react-router";
import { listServices, type PricedService } from "../../src/scheduling/clinic.ts";
import { todayIn } from "../../src/scheduling/time.ts";
import { localeFromPath, type Locale } from "../i18n/locales.ts";
import { loadOpeningHours } from "./clinic-hours.server.ts";
import { publicClinic } from "./clinic.server.ts";
import type { ClinicFacts } from "./seo.ts";

export function requestLocale(request: Request): Locale {
  return localeFromPath(new URL(request.url).pathname);
}

/** The clinic, its active services and the page's language, for a public page's loader. */
export async function publicPage(context: Readonly<RouterContextProvider>, request: Request) {
  const { services, clinic } = await publicClinic(context);
  // Prices as of the clinic's today; each row also carries its scheduled changes.
  const today = todayIn(clinic.location.timeZone, services.now());
  const serviceRows = await listServices(services.db, clinic.organizationId, { on: today });
  return { services, clinic, serviceRows, today, locale: requestLocale(request), origin: services.baseUrl };
}

export type PublicPage = Awaited<ReturnType<typeof publicPage>>;

/** The first consultation on the list: what "Book a consultation" books. */
export function consultationOf<S extends PricedService>(rows: readonly S[]): S | null {
  return rows.find((s) => s.kind === "consultation") ?? null;
}

/** Where the booking call to action leads (without a language prefix). */
export function bookingPath(rows: readonly PricedService[]): string {
  const consultation = consultationOf(rows);
  return consultation ? `/book/${consultation.slug}` : "/book";
}

/** How to reach the clinic, as the public pages show it: its name, phone, e-mail and address. */
export function clinicContact(clinic: PublicPage["clinic"]) {
  const l = clinic.location;
  return { name: clinic.name, phone: l.phone, email: l.email, street: l.street, city: l.city, region: l.region, postalCode: l.postalCode };
}

/** The clinic as schema.org describes it (DaySpa): address, phone, opening hours, prices. */
export async function clinicFacts(page: PublicPage): Promise<ClinicFacts> {
  const { clinic, services, serviceRows, locale, origin } = page;
  const hours = await loadOpeningHours(services.db, clinic.organizationId);
  const l = clinic.location;
  return {
    name: clinic.name,
    origin,
    locale,
    telephone: l.phone,
    email: l.email,
    street: l.street,
    city: l.city,
    region: l.region,
    postalCode: l.postalCode,
    country: l.country,
    hours,
    prices: serviceRows.map((s) => ({ cents: s.priceCents, currency: s.currency })),
  };
}
