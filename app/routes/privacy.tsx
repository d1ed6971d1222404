import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/privacy";
import { publicClinic } from "../lib/clinic.server.ts";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Privacy — ${loaderData?.name ?? ""}` },
  { name: "description", content: "How the clinic keeps your personal and health information, who can see it, and your rights." },
];

export async function loader({ context }: Route.LoaderArgs) {
  const { clinic } = await publicClinic(context);
  return { name: clinic.name, phone: clinic.location.phone, email: clinic.location.email };
}

export default function Privacy() {
  const c = useLoaderData<typeof loader>();
  return (
    <div className="page narrow prose">
      <h1>Your privacy</h1>
      <p className="lead">
        {c.name} is responsible for the personal and health information you share with us. Ontario's health privacy law (the Personal Health
        Information Protection Act, PHIPA) sets the rules we follow. Here they are in plain words.
      </p>

      <h2>What we keep, and why</h2>
      <ul>
        <li>Your name, e-mail and phone number, to book your appointments and reach you about them.</li>
        <li>
          What you tell us about your health, medicines and skin, and what we note at your visits, so we can decide whether a treatment is
          safe for you and plan it well.
        </li>
        <li>Your appointments: what was booked, when, and with whom.</li>
      </ul>
      <p>We do not sell your information, and we do not use it for advertising.</p>

      <h2>Who can see it</h2>
      <ul>
        <li>
          Your health information is seen by the practitioners who care for you. Front-desk staff see your contact details and appointments,
          not your health information.
        </li>
        <li>
          If someone else at the clinic ever needs to open your record — for example in an emergency — they must give a reason, and that is
          recorded.
        </li>
        <li>
          Every time anyone opens, changes, downloads or prints your health record, we record who, when and what. You can see that list
          yourself.
        </li>
        <li>You can ask us to let only named staff members see your record.</li>
      </ul>

      <h2>How we protect it</h2>
      <ul>
        <li>Health information is encrypted where it is stored, and the connection to this site is encrypted.</li>
        <li>Staff sign in with their own account; owners and managers also use a code from a phone app.</li>
        <li>Our e-mails never contain health information: they link to your account instead, and our system logs never record it.</li>
      </ul>

      <h2>Your rights</h2>
      <ul>
        <li>See your record and download a copy, in a plain format and in FHIR, the standard format health software uses.</li>
        <li>Ask us to correct anything that is wrong.</li>
        <li>See who has looked at your record.</li>
        <li>Withdraw or limit your consent to how we use your information, where the law allows.</li>
      </ul>
      <p>
        Sign in to <Link to="/portal/login">your account</Link> with your e-mail to do these yourself, or ask us at{" "}
        <a href={`tel:${c.phone.replace(/[^0-9+]/g, "")}`}>{c.phone}</a>.
      </p>

      <h2>Questions or complaints</h2>
      <p>
        Talk to us first: call {c.phone} or write to <a href={`mailto:${c.email}`}>{c.email}</a>. If you are not satisfied, you can complain
        to the Information and Privacy Commissioner of Ontario.
      </p>
    </div>
  );
}
