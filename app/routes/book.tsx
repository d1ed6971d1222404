import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/book";
import { listServices } from "../../src/scheduling/clinic.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDuration, formatMoney } from "../lib/format.ts";

export const meta: Route.MetaFunction = ({ matches }) => {
  const clinic = (matches[1]?.loaderData as { name?: string } | undefined)?.name ?? "";
  return [{ title: `Book an appointment — ${clinic}` }];
};

export async function loader({ context }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const rows = await listServices(services.db, clinic.organizationId);
  return {
    services: rows.map((s) => ({
      slug: s.slug,
      name: s.name,
      kind: s.kind,
      description: s.description,
      duration: formatDuration(s.durationMinutes),
      price: formatMoney(s.priceCents, s.currency),
    })),
  };
}

export default function Book() {
  const { services } = useLoaderData<typeof loader>();
  const consultations = services.filter((s) => s.kind === "consultation");
  const treatments = services.filter((s) => s.kind === "treatment");
  return (
    <div className="page">
      <h1>Book an appointment</h1>
      <p className="lead">
        New to microneedling with us? Start with a free consultation: we look at your skin, go through your health history and plan your
        treatments together.
      </p>
      <ServiceList title="Consultation" services={consultations} />
      <ServiceList title="Treatments" services={treatments} note="Treatments follow a consultation." />
    </div>
  );
}

function ServiceList({
  title,
  services,
  note,
}: {
  title: string;
  services: { slug: string; name: string; description: string; duration: string; price: string }[];
  note?: string;
}) {
  if (services.length === 0) return null;
  return (
    <section aria-labelledby={`h-${title}`}>
      <h2 id={`h-${title}`}>{title}</h2>
      {note ? <p className="muted">{note}</p> : null}
      <ul className="service-list">
        {services.map((s) => (
          <li key={s.slug} className="service-card">
            <div>
              <h3>{s.name}</h3>
              <p>{s.description}</p>
              <p className="facts">
                <span>{s.duration}</span> · <span>{s.price}</span>
              </p>
            </div>
            <Link to={`/book/${s.slug}`} className="button" aria-label={`Choose a time for ${s.name}`}>
              Choose a time
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
