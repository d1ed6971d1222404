import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/home";
import { listServices } from "../../src/scheduling/clinic.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDuration, formatMoney } from "../lib/format.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const rows = await listServices(services.db, clinic.organizationId);
  const consultation = rows.find((s) => s.kind === "consultation");
  return {
    name: clinic.name,
    city: clinic.location.city,
    phone: clinic.location.phone,
    consultation: consultation
      ? {
          slug: consultation.slug,
          free: consultation.priceCents === 0,
          price: formatMoney(consultation.priceCents, consultation.currency),
          duration: formatDuration(consultation.durationMinutes),
        }
      : null,
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  const name = loaderData?.name ?? "";
  const city = loaderData?.city ?? "";
  return [
    { title: `${name} — microneedling in ${city}` },
    {
      name: "description",
      content: `${name} is a day spa in ${city} offering microneedling. Start with a consultation: we look at your skin, go through your health history and plan your treatment with you.`,
    },
  ];
};

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, "")}`;
}

export default function Home() {
  const { name, city, phone, consultation } = useLoaderData<typeof loader>();
  const bookHref = consultation ? `/book/${consultation.slug}` : "/book";
  const bookLabel = consultation?.free ? "Book a free consultation" : "Book a consultation";
  return (
    <div className="page">
      <section className="hero" aria-labelledby="welcome">
        <h1 id="welcome">Welcome to {name}</h1>
        <p className="lead">
          We&rsquo;re a day spa in {city}. Come in, slow down, and get straightforward advice about your skin from people who take the time
          to listen.
        </p>
        <div className="actions">
          <Link to={bookHref} className="button primary">
            {bookLabel}
          </Link>
          <Link to="/microneedling" className="button">
            Read about microneedling
          </Link>
        </div>
        {consultation ? (
          <p className="facts">
            Consultation: {consultation.duration} · {consultation.price}
          </p>
        ) : null}
      </section>

      <div className="cards">
        <section className="card" aria-labelledby="what-it-is">
          <h2 id="what-it-is">What microneedling is</h2>
          <p>
            A device with very fine, sterile needles makes tiny, controlled openings in your skin. Your skin treats them as small injuries
            to repair, and as it heals it builds fresh collagen, which is why the treatment is also called collagen induction therapy.
          </p>
        </section>

        <section className="card" aria-labelledby="who-it-suits">
          <h2 id="who-it-suits">Who it suits</h2>
          <p>
            It may suit you if you&rsquo;d like to soften fine lines, improve acne scars or stretch marks, or even out your skin&rsquo;s
            texture and tone, and you&rsquo;re happy for change to come gradually over a few visits.
          </p>
          <p>
            It isn&rsquo;t right for everyone: some health conditions, medicines and recent treatments mean waiting or choosing something
            else. <Link to="/microneedling#who-should-wait">See who should wait, and why</Link>.
          </p>
          <p>
            <Link to="/candidate">Am I a candidate?</Link> Answer a few questions and find out in about two minutes.
          </p>
        </section>

        <section className="card" aria-labelledby="first-step">
          <h2 id="first-step">Your first step</h2>
          <p>
            Everyone starts with a consultation. A practitioner looks at your skin, listens to what you&rsquo;d like to change, goes through
            your health history and medicines with you, and puts together a plan that fits you.
          </p>
          <p>
            <Link to={bookHref}>{bookLabel}</Link>
          </p>
        </section>
      </div>

      <p>
        Prefer to talk it through? Call us at <a href={telHref(phone)}>{phone}</a>.
      </p>
    </div>
  );
}
