import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/microneedling";
import { listServices } from "../../src/scheduling/clinic.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { formatDuration, formatMoney } from "../lib/format.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const { services, clinic } = await publicClinic(context);
  const rows = await listServices(services.db, clinic.organizationId);
  const toCard = (s: (typeof rows)[number]) => ({
    slug: s.slug,
    name: s.name,
    description: s.description,
    free: s.priceCents === 0,
    price: formatMoney(s.priceCents, s.currency),
    duration: formatDuration(s.durationMinutes),
  });
  return {
    name: clinic.name,
    phone: clinic.location.phone,
    consultations: rows.filter((s) => s.kind === "consultation").map(toCard),
    treatments: rows.filter((s) => s.kind === "treatment").map(toCard),
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  const name = loaderData?.name ?? "";
  return [
    { title: `Microneedling — ${name}` },
    {
      name: "description",
      content: `Microneedling at ${name}: how it works, what a visit involves, the downtime, who should wait or choose something else, and current prices.`,
    },
  ];
};

type ServiceCard = Awaited<ReturnType<typeof loader>>["treatments"][number];

/**
 * The sources behind this page's clinical statements, keyed as in the
 * project's clinical reference (docs/clinical/README.md lists the same set).
 */
const SOURCES: { key: string; citation: string; kind: string; supports: string }[] = [
  {
    key: "ref-2",
    citation: "Harris AG, Naidoo C, Murrell DF. Int J Womens Dermatol 2015;1:77–81.",
    kind: "peer-reviewed review",
    supports: "acne scars; a course of sessions a few weeks apart",
  },
  {
    key: "ref-3",
    citation: "Alam M et al. JAMA Dermatol 2014 (randomised controlled trial).",
    kind: "peer-reviewed",
    supports: "acne scars; people on blood thinners, with keloid scars or active skin disease were left out of the trial",
  },
  {
    key: "ref-16",
    citation: "Claytor RB, Sheck CG, Chopra V. Plast Reconstr Surg 2022;150:557e–561e.",
    kind: "peer-reviewed",
    supports: "surgical scars",
  },
  {
    key: "ref-8",
    citation: "Ablon G. J Clin Aesthet Dermatol 2018;11(8):29–34.",
    kind: "peer-reviewed",
    supports: "fine lines, wrinkles and skin firmness",
  },
  {
    key: "ref-9",
    citation: "Alqam M, …, Kenkel JM. Aesthet Surg J 2022. doi:10.1093/asj/sjac085",
    kind: "peer-reviewed",
    supports: "wrinkles on the neck",
  },
  {
    key: "ref-10",
    citation: "Alster TS, Li MK. Dermatol Surg 2020;46:459–64. doi:10.1097/DSS.0000000000002081",
    kind: "peer-reviewed",
    supports: "stretch marks",
  },
  {
    key: "ref-1",
    citation: "Alster TS, Graham PM. Dermatol Surg 2018;44:397–404. doi:10.1097/DSS.0000000000001248",
    kind: "peer-reviewed review",
    supports: "enlarged pores as one of the uses",
  },
  {
    key: "ref-14",
    citation: "Lima EVA et al. BMC Dermatol 2017;17:14. doi:10.1186/s12895-017-0066-5",
    kind: "peer-reviewed",
    supports: "dark patches (melasma), used together with a skin cream and sunscreen",
  },
  {
    key: "ref-13",
    citation: "Dhurat R et al. Int J Trichology 2013;5:6–11. doi:10.4103/0974-7753.114700",
    kind: "peer-reviewed",
    supports: "thinning hair on the scalp, used together with minoxidil",
  },
  {
    key: "ref-46",
    citation: "“Skin thickness of Korean adults.” Surg Radiol Anat (attributed to Lee and Hwang, 2002; not verified).",
    kind: "peer-reviewed",
    supports: "skin around the eyes is among the thinnest on the body, so depth differs by area",
  },
  {
    key: "ref-37",
    citation: "SkinPen device labelling: contraindications and consent text (secondary copy).",
    kind: "device labelling",
    supports:
      "30 to 60 minutes per session; redness that looks like sunburn and settles within days; bleeding disorders, pregnancy, isotretinoin and active infection",
  },
  {
    key: "ref-20",
    citation: "Chu S, Foulad DP, Atanaskova Mesinkovska N. Dermatol Surg 2021;47:1249–54. doi:10.1097/01.dss.0000790428.70373.f6",
    kind: "peer-reviewed",
    supports: "redness and swelling are expected and short-lived; active infection raises the risk of problems",
  },
  {
    key: "ref-19",
    citation: "Farber SE et al. Plast Aesthet Res 2020;7:72. doi:10.20517/2347-9264.2020.152",
    kind: "peer-reviewed review",
    supports: "sun protection afterwards; repeat sessions every few weeks",
  },
  {
    key: "ref-39",
    citation: "Health Canada advisory on microneedling devices, 16 December 2021.",
    kind: "regulator",
    supports: "no microneedling device is authorized in Canada for use at home",
  },
  {
    key: "ref-53",
    citation: "Dermapen 4 user manual, section 10.",
    kind: "manufacturer's manual",
    supports: "eczema, psoriasis and rosacea flares; autoimmune disease; pregnancy",
  },
  {
    key: "ref-54",
    citation: "“Applications and Safety in Skin of Color” (book chapter).",
    kind: "book chapter",
    supports: "a history of keloid scars",
  },
  {
    key: "ref-56",
    citation: "“63 Microneedling” (book chapter).",
    kind: "book chapter",
    supports: "waiting until sunburned skin has recovered",
  },
  {
    key: "ref-25",
    citation: "Waldman A et al. Dermatol Surg 2017;43:1249–62. doi:10.1097/DSS.0000000000001166",
    kind: "peer-reviewed consensus",
    supports: "isotretinoin: the evidence on how long to wait is limited, so the six-month wait is our cautious default",
  },
  {
    key: "ref-52",
    citation: "Published pre- and aftercare instructions of three skin clinics.",
    kind: "clinic protocols, not peer-reviewed",
    supports: "diabetes that isn't well controlled; waiting after peels, laser and injections",
  },
];

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, "")}`;
}

export default function Microneedling() {
  const { phone, consultations, treatments } = useLoaderData<typeof loader>();
  const consultation = consultations[0];
  const bookHref = consultation ? `/book/${consultation.slug}` : "/book";
  const bookLabel = consultation?.free ? "Book a free consultation" : "Book a consultation";
  const call = <a href={telHref(phone)}>{phone}</a>;

  return (
    <div className="page">
      <div className="prose">
        <h1>Microneedling</h1>
        <p className="lead">
          Microneedling, also known as collagen induction therapy, works with your skin&rsquo;s own repair process. This page explains how
          it works, what a visit is like, and how to tell whether it&rsquo;s right for you at the moment.
        </p>

        <nav aria-labelledby="on-this-page">
          <p id="on-this-page" className="muted">
            On this page
          </p>
          <ul>
            <li>
              <a href="#how-it-works">How it works</a>
            </li>
            <li>
              <a href="#help-with">What it can help with</a>
            </li>
            <li>
              <a href="#your-visit">What a visit involves</a>
            </li>
            <li>
              <a href="#afterwards">Afterwards</a>
            </li>
            <li>
              <a href="#who-should-wait">Who should not have it, or should wait</a>
            </li>
            <li>
              <a href="#prices">Treatments and prices</a>
            </li>
          </ul>
        </nav>

        <section aria-labelledby="how-it-works">
          <h2 id="how-it-works">How it works</h2>
          <p>
            A device fitted with very fine, sterile needles makes many tiny, controlled punctures in your skin. Your skin reacts to them as
            it would to any small injury: it sets about repairing itself. That healing response, rather than the needles, is what gradually
            changes your skin.
          </p>
          <h3>What happens in your skin</h3>
          <p>As your skin heals:</p>
          <ul>
            <li>cells called fibroblasts make new collagen, the protein that keeps skin firm;</li>
            <li>your skin produces more elastin, which helps it spring back;</li>
            <li>growth factors are released, signals that coordinate the repair;</li>
            <li>new small blood vessels form (angiogenesis), bringing more blood to the area.</li>
          </ul>
        </section>

        <section aria-labelledby="help-with">
          <h2 id="help-with">What it can help with</h2>
          <p>Results differ from person to person, but microneedling is used to:</p>
          <ul>
            <li>soften fine lines and wrinkles;</li>
            <li>firm skin that has begun to sag;</li>
            <li>smooth rough or uneven texture;</li>
            <li>improve the look of acne scars, surgical scars and stretch marks;</li>
            <li>make pores look smaller;</li>
            <li>fade sun spots, age spots and other dark patches, usually alongside good skin care and sunscreen;</li>
            <li>help serums sink in, because skin takes products up more readily for a short time afterwards.</li>
          </ul>
          <h3>Where it can be done</h3>
          <ul>
            <li>Face</li>
            <li>Neck</li>
            <li>Chest</li>
            <li>Hands</li>
            <li>Scalp</li>
          </ul>
        </section>

        <section aria-labelledby="your-visit">
          <h2 id="your-visit">What a visit involves</h2>
          <p>
            A session takes about 30 to 60 minutes, depending on the area. It is carried out by a trained skin professional, such as an
            aesthetician or dermatologist. Microneedling is not a do-it-yourself treatment: in Canada, no microneedling device is authorized
            for use at home.
          </p>
          <ol>
            <li>Your skin is cleansed, and a numbing cream may be applied first to make the treatment more comfortable.</li>
            <li>
              Your practitioner sets the needle depth for each area and for what you&rsquo;d like to improve. Skin is thinner in some places
              than others (around the eyes, for example), so the depth changes across your face and body.
            </li>
            <li>
              Straight afterwards, a serum, for example one with hyaluronic acid or growth factors, may be applied while your skin is most
              receptive.
            </li>
            <li>Before you leave, you&rsquo;re given advice on caring for your skin over the next few days.</li>
          </ol>
        </section>

        <section aria-labelledby="afterwards">
          <h2 id="afterwards">Afterwards</h2>
          <p>
            Downtime is usually short. Expect some redness, a bit like mild sunburn, and mild swelling for a few days. Protect the treated
            skin from the sun, and follow the aftercare advice your practitioner gives you.
          </p>
          <p>
            Most people have a series of sessions a few weeks apart. Changes build slowly as new collagen forms, so it&rsquo;s worth giving
            it time.
          </p>
          <h3>Realistic expectations</h3>
          <p>
            Microneedling can bring a gradual improvement, but it has limits. It won&rsquo;t erase deep wrinkles or severe scarring, and no
            two people respond in exactly the same way. At your consultation we&rsquo;ll look at your skin together and tell you honestly
            what you can expect, so your plan starts from what&rsquo;s achievable for you.
          </p>
        </section>

        <section aria-labelledby="who-should-wait">
          <h2 id="who-should-wait">Who should not have microneedling, or should wait</h2>
          <p>
            Microneedling isn&rsquo;t right for everyone, or for every moment. Please read this before you book. If something here applies
            to you, it doesn&rsquo;t mean you&rsquo;ve done anything wrong; it just means we plan around it, and sometimes suggest something
            else.
          </p>

          <h3>Microneedling isn&rsquo;t suitable for you if:</h3>
          <ul>
            <li>
              you have a bleeding disorder, or you take medicine that thins your blood. Please don&rsquo;t stop a prescribed medicine in
              order to be treated; any change to it is a conversation for you and your doctor.
            </li>
            <li>you&rsquo;ve had keloid scars, the raised scars that grow beyond the edges of the original wound.</li>
          </ul>

          <h3>Please wait until:</h3>
          <ul>
            <li>
              any infection in the area has cleared, whether bacterial, viral (including a cold sore) or fungal, any open wound or sore has
              healed, and any acne breakout has settled;
            </li>
            <li>a flare of eczema, psoriasis or rosacea in the area is back under control;</li>
            <li>
              you&rsquo;re no longer pregnant or breastfeeding. Skin tends to react more during this time, and some numbing creams and
              serums aren&rsquo;t considered safe;
            </li>
            <li>
              your skin has fully recovered from a recent chemical peel, laser treatment, filler or wrinkle-relaxing injections. Your
              practitioner will tell you how long to wait;
            </li>
            <li>at least six months have passed since you stopped taking isotretinoin, an oral medicine for severe acne;</li>
            <li>sunburned or irritated skin has completely recovered.</li>
          </ul>

          <h3>We&rsquo;ll need to talk first if:</h3>
          <ul>
            <li>
              you have an autoimmune condition such as lupus or scleroderma. Microneedling may not be advisable, and we may ask you to check
              with your doctor;
            </li>
            <li>you have diabetes that isn&rsquo;t well controlled, because it slows healing and raises the risk of infection;</li>
            <li>you take a medicine that slows healing or makes your skin more sensitive;</li>
            <li>
              you&rsquo;re hoping microneedling will make deep wrinkles or severe scars disappear. It won&rsquo;t, and we&rsquo;d rather
              tell you now than have you disappointed later.
            </li>
          </ul>

          <div className="summary-card">
            <p className="summary-title">Tell us about every medicine and supplement you take</p>
            <p>
              That includes prescriptions, over-the-counter products, vitamins and herbal remedies, even if they seem unrelated. Some of
              them affect bleeding, healing or how your skin reacts.
            </p>
          </div>
          <p>Not sure whether something applies to you? Ask at your consultation, or call us at {call}.</p>
          <p>
            <Link to="/candidate" className="button">
              Am I a candidate?
            </Link>
          </p>
          <p className="muted">A few short questions, about two minutes. Your answers aren&rsquo;t saved unless you book.</p>
        </section>
      </div>

      <section aria-labelledby="prices">
        <h2 id="prices">Treatments and prices</h2>
        <ServiceList title="Consultation" services={consultations} />
        <ServiceList title="Treatments" services={treatments} note="Treatments follow a consultation." />
      </section>

      <section className="hero" aria-labelledby="next-step">
        <h2 id="next-step">Find out whether it&rsquo;s right for you</h2>
        <p>
          At your consultation, a practitioner looks at your skin, talks through your concerns, goes over your health history and medicines,
          and builds a treatment plan with you.
        </p>
        <div className="actions">
          <Link to={bookHref} className="button primary">
            {bookLabel}
          </Link>
        </div>
        <p>Or call us at {call}.</p>
      </section>

      <section className="sources prose" aria-labelledby="sources">
        <h2 id="sources">Sources</h2>
        <p>
          The clinical statements on this page are based on the sources below. Some are device labelling, manuals or clinic protocols rather
          than peer-reviewed research, and are labelled that way. Where the evidence is thin, what you read here is our clinic&rsquo;s
          cautious default, which your practitioner confirms for you.
        </p>
        <ul>
          {SOURCES.map((s) => (
            <li key={s.key} id={s.key}>
              {s.citation} <span>({s.kind})</span>. Supports: {s.supports}.
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ServiceList({ title, services, note }: { title: string; services: ServiceCard[]; note?: string }) {
  if (services.length === 0) return null;
  const headingId = `services-${title.toLowerCase()}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {note ? <p className="muted">{note}</p> : null}
      <ul className="service-list">
        {services.map((s) => (
          <li key={s.slug} className="service-card">
            <div>
              <h4 className="service-name">{s.name}</h4>
              {s.description ? <p>{s.description}</p> : null}
              <p className="facts">
                <span>{s.duration}</span> · <span>{s.price}</span>
              </p>
            </div>
            <Link to={`/book/${s.slug}`} className="button">
              Choose a time<span className="visually-hidden"> for {s.name}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
