import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/invite";
import { FieldError } from "../../src/kernel/errors.ts";
import {
  acceptInvitation,
  formatInvitationExpiry,
  inspectInvitation,
  InvitationUnavailableError,
  loadClinicContact,
  type ClinicContact,
  type InvitationStatus,
} from "../../src/auth/invitations.ts";
import { clientIp } from "../../src/auth/client-ip.ts";
import { PASSWORD_MIN_LENGTH } from "../../src/auth/password-policy.ts";
import { STAFF_ROLE_LABELS } from "../../src/auth/team.ts";
import { ErrorSummary, PasswordField, TextField } from "../components/ContactFields.tsx";
import { getServices } from "../context.ts";
import accountsCss from "./staff/accounts.css?url";
import { formText, readForm } from "../lib/form.ts";

// Accepting a staff invitation. The token is in this page's address, so the
// page sends `referrer: same-origin` (see decision 0005) and is never cached.

export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];

const TITLES: Record<InvitationStatus, string> = {
  open: "Join the team",
  expired: "This invitation has expired",
  used: "This invitation has already been used",
  revoked: "This invitation was withdrawn",
  unknown: "This invitation link does not work",
};

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${TITLES[loaderData?.status ?? "unknown"]} — Dermaplan` },
  { name: "referrer", content: "same-origin" },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

type Unavailable = { status: Exclude<InvitationStatus, "open">; clinic: Pick<ClinicContact, "name" | "phone" | "email"> | null };

async function unavailable(context: Route.LoaderArgs["context"], status: Unavailable["status"], clinic: ClinicContact | null) {
  const services = getServices(context);
  // An unknown token names no clinic: point at this deployment's own.
  const contact = clinic ?? (await loadClinicContact(services.db, services.organizationId));
  const payload = {
    status,
    clinic: contact ? { name: contact.name, phone: contact.phone, email: contact.email } : null,
    email: "",
    role: "",
    account: "new" as "new" | "existing",
    expires: "",
    minLength: PASSWORD_MIN_LENGTH,
  };
  return data(payload, { status: status === "unknown" ? 404 : 410 });
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const services = getServices(context);
  const view = await inspectInvitation(services.db, { token: params.token, now: services.now() });
  if (view.status !== "open") return unavailable(context, view.status, view.clinic);
  return data({
    status: view.status as InvitationStatus,
    clinic: { name: view.clinic.name, phone: view.clinic.phone, email: view.clinic.email },
    email: view.email,
    role: STAFF_ROLE_LABELS[view.role],
    account: view.account,
    minLength: PASSWORD_MIN_LENGTH,
    expires: formatInvitationExpiry(view.expiresAt, view.clinic.timeZone),
  });
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await readForm(request);
  const text = formText(form);
  const values = { name: text("name") };
  try {
    await acceptInvitation(services.db, {
      token: params.token,
      input: {
        name: text("name"),
        password: text("password"),
        confirmPassword: text("confirmPassword"),
        currentPassword: text("currentPassword"),
      },
      now: services.now(),
      ip: clientIp(request.headers),
    });
  } catch (error) {
    if (error instanceof FieldError) return data({ errors: error.errors, values, unavailable: null }, { status: 422 });
    if (error instanceof InvitationUnavailableError) {
      return data(
        { errors: {} as Record<string, string>, values, unavailable: error.invitationStatus },
        { status: error.invitationStatus === "unknown" ? 404 : 410 },
      );
    }
    throw error;
  }
  services.logger.info({ event: "staff.join" }, "staff invitation accepted");
  return redirect("/login?notice=joined", 303);
}

function Contact({ clinic }: { clinic: Unavailable["clinic"] }) {
  if (!clinic) return <p>Ask the clinic&apos;s owner or manager to send you a new invitation.</p>;
  return (
    <p>
      Ask {clinic.name}&apos;s owner or manager to send you a new invitation: call{" "}
      <a href={`tel:${clinic.phone.replace(/[^\d+]/g, "")}`}>{clinic.phone}</a>
      {clinic.email ? (
        <>
          {" "}
          or write to <a href={`mailto:${clinic.email}`}>{clinic.email}</a>
        </>
      ) : null}
      .
    </p>
  );
}

const EXPLAIN: Record<Unavailable["status"], string> = {
  expired: "Invitation links work for 7 days, and this one is older.",
  used: "Each invitation link works once. If you accepted it, sign in with the password you chose. If you did not, tell the clinic's owner: someone else may have used your link.",
  revoked: "The clinic withdrew this invitation, or replaced it with a newer one: check your e-mail for a more recent invitation.",
  unknown: "It may be incomplete: open it again from the e-mail, making sure the whole link is used.",
};

export default function Invite() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const status: InvitationStatus = result?.unavailable ?? d.status;
  if (status !== "open") {
    return (
      <main id="main" className="page narrow">
        {result?.unavailable ? <title>{`${TITLES[status]} — Dermaplan`}</title> : null}
        <h1>{TITLES[status]}</h1>
        <p>{EXPLAIN[status]}</p>
        <Contact clinic={d.clinic} />
        <p>
          <a href="/login">Staff sign-in</a>
        </p>
      </main>
    );
  }
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values ?? { name: "" };
  return (
    <main id="main" className="page narrow">
      <h1>Join {d.clinic?.name ?? "the team"}</h1>
      <p>
        You are invited as <strong>{d.role.toLowerCase()}</strong>, with the e-mail address{" "}
        <strong className="wrap-anywhere">{d.email}</strong>. This link works once, until {d.expires}.
      </p>
      <ErrorSummary errors={errors} />
      {d.account === "existing" ? (
        <Form method="post" noValidate className="stack">
          <p>You already have a Dermaplan account with this address. Enter its password to add this clinic to it.</p>
          <PasswordField name="currentPassword" label="Your password" autoComplete="current-password" error={errors.currentPassword} />
          <button type="submit" className="button primary">
            Join the team
          </button>
        </Form>
      ) : (
        <Form method="post" noValidate className="stack">
          <TextField
            name="name"
            label="Your name"
            autoComplete="name"
            value={values.name}
            error={errors.name}
            hint="As your colleagues know you."
            required
          />
          <PasswordField
            name="password"
            label="Choose a password"
            autoComplete="new-password"
            error={errors.password}
            hint={`At least ${d.minLength} characters, not a common password, and without your e-mail address, your name, the clinic's name or Dermaplan. Three or four unrelated words are easy to remember and hard to guess.`}
          />
          <PasswordField
            name="confirmPassword"
            label="Type the password again"
            autoComplete="new-password"
            error={errors.confirmPassword}
          />
          <button type="submit" className="button primary">
            Create my account
          </button>
        </Form>
      )}
      <p className="muted small">
        Owners and managers also set up a 6-digit code from an authenticator app on their phone the first time they sign in.
      </p>
    </main>
  );
}
