import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import type { Route } from "./+types/team";
import { INVITATION_TTL_MS, inviteStaff, listOpenInvitations, revokeInvitation } from "../../../src/auth/invitations.ts";
import {
  changeStaffRole,
  listPractitionerChoices,
  listTeamMembers,
  setMedicalDirector,
  removeStaffMember,
  revokeStaffSessions,
  STAFF_ROLE_LABELS,
  STAFF_ROLES,
  teamRuleViolation,
} from "../../../src/auth/team.ts";
import type { StaffRole } from "../../../src/db/schema.ts";
import { describedBy, ErrorSummary, FieldFrame, OptionList, TextField } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import accountsCss from "./accounts.css?url";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];

export const meta: Route.MetaFunction = () => [{ title: "Team — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const ROLE_HINTS: Record<StaffRole, string> = {
  owner: "everything, including staff, settings, the audit log and exporting records",
  manager: "schedule, services, settings, staff (not owners) and the audit log",
  practitioner: "the schedule, and health records of the clients they care for",
  "front-desk": "the schedule, booking, and clients' contact details",
};

const DONE: Record<string, string> = {
  invited: `Invitation sent. The link in it works once, for ${INVITATION_TTL_MS / 86_400_000} days.`,
  "invitation-withdrawn": "Invitation withdrawn: its link no longer works.",
  role: "Role changed.",
  unchanged: "Nothing to save: no changes.",
  removed: "Access removed. They were signed out everywhere.",
  "signed-out": "Signed out everywhere. They can sign in again.",
  "medical-director": "Medical director saved.",
};

function when(ms: number, timeZone = "America/Toronto"): string {
  return new Date(ms).toLocaleString("en-CA", { timeZone, ...DATE_TIME_TO_MINUTE });
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff, scope } = staffRequest(context);
  const now = services.now();
  const canManage = can(staff.role, "staff.manage");
  const url = new URL(request.url);
  const members = await listTeamMembers(services.db, { ...scope, now });
  const invitations = canManage ? await listOpenInvitations(services.db, { ...scope, now }) : [];
  const practitioners = canManage ? await listPractitionerChoices(services.db, services.organizationId) : [];
  const removing = url.searchParams.get("remove");
  const done = url.searchParams.get("done");
  return {
    canManage,
    isOwner: staff.role === "owner",
    done: done && DONE[done] ? DONE[done] : null,
    removing:
      members
        .filter((m) => m.userId === removing && teamRuleViolation(staff, { kind: "remove", target: m }) === null)
        .map((m) => ({ userId: m.userId, name: m.name, roleLabel: STAFF_ROLE_LABELS[m.role] }))[0] ?? null,
    practitioners,
    roles: STAFF_ROLES.filter((r) => staff.role === "owner" || r !== "owner").map((r) => ({
      value: r,
      label: STAFF_ROLE_LABELS[r],
      hint: ROLE_HINTS[r],
    })),
    members: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      // Read-only viewers see who is on the team and in which role; account details only for those who manage staff.
      email: canManage ? m.email : null,
      role: m.role,
      roleLabel: STAFF_ROLE_LABELS[m.role],
      practitionerId: m.practitionerId,
      practitionerName: m.practitionerName,
      twoFactor: canManage ? (m.twoFactorEnabled ? "On" : m.twoFactorRequired ? "Not set up yet — required for this role" : "Off") : null,
      sessions: canManage ? m.activeSessions : null,
      joined: when(m.joinedAt),
      isSelf: m.isSelf,
      medicalDirector: m.medicalDirector,
      may: {
        // The owner names the clinic's medical director among its practitioners (decision 0021).
        setMedicalDirector: can(staff.role, "screening.clear-not-suitable") && (m.role === "practitioner" || m.medicalDirector),
        changeRole: canManage && teamRuleViolation(staff, { kind: "change-role", target: m, role: m.role }) === null,
        remove: canManage && teamRuleViolation(staff, { kind: "remove", target: m }) === null,
        signOut:
          canManage && !m.isSelf && teamRuleViolation(staff, { kind: "revoke-sessions", target: m }) === null && m.activeSessions > 0,
      },
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      roleLabel: STAFF_ROLE_LABELS[i.role],
      practitionerName: i.practitionerName,
      invitedBy: i.invitedByName,
      sent: when(i.createdAt),
      expires: when(i.expiresAt),
      expired: i.expired,
      mayWithdraw: teamRuleViolation(staff, { kind: "revoke-invitation", role: i.role }) === null,
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff, scope } = staffRequest(context);
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const target = text("userId");
  const unsafe = formTextErrors(form);
  if (unsafe) {
    return data(
      { intent, target, errors: unsafe, values: { email: text("email"), role: text("role"), practitionerId: text("practitionerId") } },
      { status: 422 },
    );
  }
  try {
    switch (intent) {
      case "invite": {
        await inviteStaff(services.db, {
          ...scope,
          input: { email: text("email"), role: text("role"), practitionerId: text("practitionerId") },
          baseUrl: services.baseUrl,
          now: services.now(),
        });
        services.outbox.kick();
        return redirect("/staff/team?done=invited", 303);
      }
      case "withdraw-invitation":
        await revokeInvitation(services.db, { ...scope, invitationId: text("invitationId"), now: services.now() });
        return redirect("/staff/team?done=invitation-withdrawn", 303);
      case "change-role": {
        const r = await changeStaffRole(services.db, {
          ...scope,
          userId: target,
          input: { role: text("role"), practitionerId: text("practitionerId") },
        });
        return redirect(`/staff/team?done=${r.changed ? "role" : "unchanged"}`, 303);
      }
      case "remove":
        await removeStaffMember(services.db, { ...scope, userId: target });
        return redirect("/staff/team?done=removed", 303);
      case "sign-out-everywhere":
        await revokeStaffSessions(services.db, { ...scope, userId: target });
        return redirect("/staff/team?done=signed-out", 303);
      case "medical-director": {
        const r = await setMedicalDirector(services.db, { ...scope, userId: target, medicalDirector: text("medicalDirector") === "yes" });
        return redirect(`/staff/team?done=${r.changed ? "medical-director" : "unchanged"}`, 303);
      }
      default:
        throw data("That action is not known on this page.", { status: 400 });
    }
  } catch (error) {
    const errors = formErrors(error);
    return data(
      { intent, target, errors, values: { email: text("email"), role: text("role"), practitionerId: text("practitionerId") } },
      { status: 422 },
    );
  }
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/team" backLabel="Back to the team" />;
}

function SelectField({
  id,
  name,
  label,
  value,
  options,
  error,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        <OptionList options={options} />
      </select>
    </FieldFrame>
  );
}

export default function Team() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const practitionerOptions = [{ value: "", label: "No link" }, ...d.practitioners.map((p) => ({ value: p.id, label: p.name }))];
  const inviteErrors = result?.intent === "invite" ? result.errors : {};
  const inviteValues = result?.intent === "invite" ? result.values : { email: "", role: "front-desk", practitionerId: "" };

  if (d.removing) {
    const m = d.removing;
    return (
      <div className="page narrow">
        <title>{`Remove ${m.name}'s access — Dermaplan staff`}</title>
        <h1>Remove {m.name}&apos;s access?</h1>
        <p>
          {m.name} ({m.roleLabel.toLowerCase()}) will be signed out at once and can no longer open this clinic&apos;s staff pages. What they
          did stays in the audit log. You can invite them again later.
        </p>
        <Form method="post" action="/staff/team" className="actions">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="userId" value={m.userId} />
          <button type="submit" className="button danger" disabled={busy}>
            Remove access
          </button>
          <Link to="/staff/team" className="button secondary">
            Cancel
          </Link>
        </Form>
      </div>
    );
  }

  return (
    <div className="page">
      <h1>Team</h1>
      {d.done && !result ? (
        <div className="success" role="status">
          <p>{d.done}</p>
        </div>
      ) : null}
      {!d.canManage ? (
        <p className="muted">Only the clinic&apos;s owners and managers change the team. Ask them to invite someone or change a role.</p>
      ) : null}
      {result && result.intent !== "invite" && result.errors ? (
        <div className="alert error-summary" role="alert">
          <p>{Object.values(result.errors)[0]}</p>
        </div>
      ) : null}

      <h2>People with access</h2>
      <ul className="account-list">
        {d.members.map((m) => (
          <li key={m.userId} className="account-card">
            <h3 className="account-card-title">
              {m.name}
              {m.isSelf ? <span className="muted"> (you)</span> : null}
            </h3>
            <dl className="account-facts">
              {m.email ? (
                <div>
                  <dt>E-mail</dt>
                  <dd className="wrap-anywhere">{m.email}</dd>
                </div>
              ) : null}
              <div>
                <dt>Role</dt>
                <dd>
                  {m.roleLabel}
                  {m.practitionerName ? ` (${m.practitionerName})` : ""}
                  {m.medicalDirector ? ", medical director" : ""}
                </dd>
              </div>
              {m.twoFactor ? (
                <div>
                  <dt>Two-factor</dt>
                  <dd>{m.twoFactor}</dd>
                </div>
              ) : null}
              {m.sessions !== null ? (
                <div>
                  <dt>Signed in</dt>
                  <dd>{m.sessions === 0 ? "Nowhere now" : m.sessions === 1 ? "On 1 device" : `On ${m.sessions} devices`}</dd>
                </div>
              ) : null}
              <div>
                <dt>Since</dt>
                <dd>{m.joined}</dd>
              </div>
            </dl>
            {m.may.changeRole ? (
              <details className="account-details" open={result?.intent === "change-role" && result.target === m.userId}>
                <summary>Change role</summary>
                <Form method="post" action="/staff/team" className="stack" noValidate>
                  <input type="hidden" name="intent" value="change-role" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <SelectField
                    id={`role-${m.userId}`}
                    name="role"
                    label={`Role of ${m.name}`}
                    value={m.role}
                    options={d.roles}
                    error={result?.intent === "change-role" && result.target === m.userId ? result.errors.role : undefined}
                  />
                  <SelectField
                    id={`practitioner-${m.userId}`}
                    name="practitionerId"
                    label="Practitioner in the calendar"
                    hint="Who treats clients: the practitioner whose calendar and clients are theirs, whatever their role (an owner who treats, say)."
                    value={m.practitionerId ?? ""}
                    options={practitionerOptions}
                    error={result?.intent === "change-role" && result.target === m.userId ? result.errors.practitionerId : undefined}
                  />
                  <button type="submit" className="button primary small" disabled={busy}>
                    Save role
                  </button>
                </Form>
              </details>
            ) : null}
            {m.may.setMedicalDirector ? (
              <Form method="post" action="/staff/team" className="stack">
                <input type="hidden" name="intent" value="medical-director" />
                <input type="hidden" name="userId" value={m.userId} />
                <input type="hidden" name="medicalDirector" value={m.medicalDirector ? "no" : "yes"} />
                {result?.intent === "medical-director" && result.target === m.userId && result.errors.medicalDirector ? (
                  <p className="field-error" role="alert">
                    {result.errors.medicalDirector}
                  </p>
                ) : null}
                <p className="hint">
                  The medical director can clear a “not suitable” screening, with the physician&apos;s written clearance.
                </p>
                <button type="submit" className="button secondary small" disabled={busy}>
                  {m.medicalDirector ? "End as medical director" : "Make medical director"}
                  <span className="visually-hidden"> ({m.name})</span>
                </button>
              </Form>
            ) : null}
            {m.may.signOut || m.may.remove ? (
              <div className="actions">
                {m.may.signOut ? (
                  <Form method="post" action="/staff/team">
                    <input type="hidden" name="intent" value="sign-out-everywhere" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" className="button secondary small" disabled={busy}>
                      Sign out everywhere<span className="visually-hidden"> ({m.name})</span>
                    </button>
                  </Form>
                ) : null}
                {m.may.remove ? (
                  <Link to={`/staff/team?remove=${m.userId}`} className="button secondary small">
                    Remove access…<span className="visually-hidden"> ({m.name})</span>
                  </Link>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>

      {d.canManage ? (
        <>
          <h2>Invitations waiting</h2>
          {d.invitations.length === 0 ? (
            <p className="muted">None. Invitations appear here until they are accepted or withdrawn.</p>
          ) : (
            <ul className="account-list">
              {d.invitations.map((i) => (
                <li key={i.id} className="account-card">
                  <h3 className="account-card-title wrap-anywhere">{i.email}</h3>
                  <dl className="account-facts">
                    <div>
                      <dt>Role</dt>
                      <dd>
                        {i.roleLabel}
                        {i.practitionerName ? ` (${i.practitionerName})` : ""}
                      </dd>
                    </div>
                    <div>
                      <dt>Sent</dt>
                      <dd>
                        {i.sent}
                        {i.invitedBy ? ` by ${i.invitedBy}` : ""}
                      </dd>
                    </div>
                    <div>
                      <dt>{i.expired ? "Expired" : "Expires"}</dt>
                      <dd>{i.expired ? `${i.expires} — invite again to send a new link` : i.expires}</dd>
                    </div>
                  </dl>
                  {i.mayWithdraw ? (
                    <Form method="post" action="/staff/team">
                      <input type="hidden" name="intent" value="withdraw-invitation" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="button secondary small" disabled={busy}>
                        Withdraw<span className="visually-hidden"> the invitation to {i.email}</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}

          <h2 id="invite">Invite someone</h2>
          <div className="narrow-column">
            <p>They get an e-mail with a link to choose their password. The link works once, for 7 days.</p>
            <ErrorSummary errors={inviteErrors} />
            <Form method="post" action="/staff/team" className="stack" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <TextField
                name="email"
                label="E-mail"
                type="email"
                autoComplete="off"
                value={inviteValues.email}
                error={inviteErrors.email}
                required
              />
              <fieldset className="role-choices" aria-describedby={inviteErrors.role ? "field-role-error" : undefined}>
                <legend>Role</legend>
                {inviteErrors.role ? (
                  <p className="field-error" id="field-role-error">
                    {inviteErrors.role}
                  </p>
                ) : null}
                {d.roles.map((r, index) => (
                  <div className="choice" key={r.value}>
                    <input
                      type="radio"
                      name="role"
                      value={r.value}
                      id={index === 0 ? "field-role" : `field-role-${r.value}`}
                      defaultChecked={inviteValues.role === r.value}
                      aria-describedby={`role-hint-${r.value}`}
                    />
                    <label htmlFor={index === 0 ? "field-role" : `field-role-${r.value}`}>
                      <strong>{r.label}</strong>{" "}
                      <span className="muted" id={`role-hint-${r.value}`}>
                        — {r.hint}
                      </span>
                    </label>
                  </div>
                ))}
              </fieldset>
              <SelectField
                id="field-practitionerId"
                name="practitionerId"
                label="Practitioner in the calendar (optional)"
                hint="For anyone who treats clients, whatever their role: which practitioner's calendar and clients are theirs."
                value={inviteValues.practitionerId}
                options={practitionerOptions}
                error={inviteErrors.practitionerId}
              />
              <button type="submit" className="button primary" disabled={busy}>
                Send invitation
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </div>
  );
}
