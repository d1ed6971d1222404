import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import type { Route } from "./+types/account";
import { expiredSessionCookie, roleRequiresTwoFactor } from "../../../src/auth/auth.ts";
import { changeOwnPassword } from "../../../src/auth/change-password.ts";
import { loadClinicContact } from "../../../src/auth/invitations.ts";
import { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "../../../src/auth/sessions.ts";
import { accountContext } from "../../../src/auth/sign-in.ts";
import { STAFF_ROLE_LABELS } from "../../../src/auth/team.ts";
import { disableTwoFactor, regenerateBackupCodes } from "../../../src/auth/two-factor.ts";
import { ErrorSummary, PasswordField } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import accountsCss from "./accounts.css?url";
import { DATE_TIME_TO_MINUTE } from "../../lib/date-time-options.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];

export const meta: Route.MetaFunction = () => [{ title: "My account — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const DONE: Record<string, string> = {
  password: "Password changed. Every other device was signed out.",
  "two-factor-off": "Two-factor sign-in is off.",
  "two-factor-on": "Two-factor sign-in is already on.",
  "session-ended": "That device is signed out.",
  "others-ended": "Every other device is signed out.",
  "no-others": "You are not signed in anywhere else.",
};

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  const timeZone = (await loadClinicContact(services.db, services.organizationId))?.timeZone ?? "America/Toronto";
  const when = (ms: number) => new Date(ms).toLocaleString("en-CA", { timeZone, ...DATE_TIME_TO_MINUTE, timeZoneName: "short" });
  const sessions = await listOwnSessions(services.db, { staff, now });
  const url = new URL(request.url);
  const done = url.searchParams.get("done") ?? url.searchParams.get("notice");
  return {
    name: staff.name,
    email: staff.email,
    role: STAFF_ROLE_LABELS[staff.role],
    twoFactorEnabled: staff.twoFactorEnabled,
    twoFactorRequired: roleRequiresTwoFactor(staff.role),
    done: done && DONE[done] ? DONE[done] : null,
    sessions: sessions.map((s) => ({
      id: s.id,
      device: s.device,
      userAgent: s.userAgent,
      ip: s.ipAddress ?? "not recorded",
      created: when(s.createdAt),
      lastSeen: when(s.lastSeenAt),
      current: s.current,
    })),
  };
}

function cookieHeaders(setCookies: readonly string[]): Headers {
  const headers = new Headers();
  for (const c of setCookies) headers.append("Set-Cookie", c);
  return headers;
}

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many wrong passwords. For your security, wait ${minutes <= 1 ? "a minute" : `${minutes} minutes`} and try again.`;
}

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const ctx = accountContext(services, request);
  const refused = (errors: Record<string, string>, status = 422) =>
    data({ intent, errors, backupCodes: null as string[] | null }, { status });
  const unsafe = formTextErrors(form);
  if (unsafe) return refused(unsafe);
  try {
    switch (intent) {
      case "backup-codes": {
        const password = text("backupPassword");
        if (!password) return refused({ backupPassword: "Enter your password." });
        const r = await regenerateBackupCodes(ctx, { staff, password });
        if (r.kind === "wrong-password") return refused({ backupPassword: "That is not your password." }, 401);
        if (r.kind === "throttled")
          return data(
            { intent, errors: { backupPassword: waitText(r.retryAfterSeconds) }, backupCodes: null },
            { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } },
          );
        return data({ intent, errors: {} as Record<string, string>, backupCodes: r.backupCodes });
      }
      case "two-factor-off": {
        const password = text("offPassword");
        if (!password) return refused({ offPassword: "Enter your password." });
        const r = await disableTwoFactor(ctx, { staff, password });
        if (r.kind === "wrong-password") return refused({ offPassword: "That is not your password." }, 401);
        if (r.kind === "throttled")
          return data(
            { intent, errors: { offPassword: waitText(r.retryAfterSeconds) }, backupCodes: null },
            { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } },
          );
        return redirect("/staff/account?done=two-factor-off", { status: 303, headers: cookieHeaders(r.setCookies) });
      }
      case "change-password": {
        const r = await changeOwnPassword(ctx, {
          staff,
          input: { currentPassword: text("currentPassword"), password: text("newPassword"), confirmPassword: text("confirmNewPassword") },
        });
        if (r.kind === "wrong-password") return refused({ currentPassword: "That is not your current password." }, 401);
        if (r.kind === "throttled")
          return data(
            { intent, errors: { currentPassword: waitText(r.retryAfterSeconds) }, backupCodes: null },
            { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } },
          );
        return redirect("/staff/account?done=password", { status: 303, headers: cookieHeaders(r.setCookies) });
      }
      case "revoke-session": {
        const r = await revokeOwnSession(services.db, { staff, sessionId: text("sessionId") });
        if (r.current)
          return redirect("/login?signed-out=1", { status: 303, headers: cookieHeaders([await expiredSessionCookie(services.auth)]) });
        return redirect("/staff/account?done=session-ended#sessions", 303);
      }
      case "revoke-others": {
        const n = await revokeOtherOwnSessions(services.db, { staff });
        return redirect(`/staff/account?done=${n > 0 ? "others-ended" : "no-others"}#sessions`, 303);
      }
      default:
        throw data("That action is not known on this page.", { status: 400 });
    }
  } catch (error) {
    const errors = formErrors(error);
    // The change-password form names its fields apart from the other forms on this page.
    const rename: Record<string, string> = { password: "newPassword", confirmPassword: "confirmNewPassword" };
    return refused(Object.fromEntries(Object.entries(errors).map(([k, v]) => [rename[k] ?? k, v])));
  }
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/account" backLabel="Back to my account" />;
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const others = d.sessions.filter((s) => !s.current).length;

  return (
    <div className="page">
      <h1>My account</h1>
      <p>
        {d.name} · <span className="wrap-anywhere">{d.email}</span> · {d.role}
      </p>
      {d.done && !result ? (
        <div className="success" role="status">
          <p>{d.done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />

      <section aria-labelledby="two-factor-heading" className="account-section">
        <h2 id="two-factor-heading">Two-factor sign-in</h2>
        {d.twoFactorEnabled ? (
          <p>
            <strong>On.</strong> You sign in with your password and a 6-digit code from your authenticator app.
          </p>
        ) : (
          <p>
            <strong>Off.</strong> Add a 6-digit code from an authenticator app on your phone to your sign-in, so a stolen password alone
            does not open your account.
          </p>
        )}

        {result?.backupCodes ? (
          <div className="success" role="status">
            <h3>Your new backup codes</h3>
            <p>
              Each signs you in once if your phone is lost. <strong>They are shown only now</strong>; the old ones no longer work.
            </p>
            <ul className="backup-codes" aria-label="Backup codes">
              {result.backupCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {/* Setting up a key happens on the sign-in page, outside the staff pages: an owner's or manager's staff pages close until the new key is confirmed. */}
        <Form method="post" action="/login?setup=1" reloadDocument className="stack narrow-column">
          <input type="hidden" name="intent" value="enrol-start" />
          <input type="hidden" name="next" value="/staff/account" />
          {d.twoFactorEnabled ? <input type="hidden" name="replace" value="1" /> : null}
          <PasswordField
            name="password"
            label="Your password"
            autoComplete="current-password"
            hint={d.twoFactorEnabled ? "For a new phone: the old key stops working at once." : undefined}
          />
          <button type="submit" className="button primary">
            {d.twoFactorEnabled ? "Set up a new phone" : "Turn on two-factor sign-in"}
          </button>
        </Form>

        {d.twoFactorEnabled ? (
          <>
            <h3>Backup codes</h3>
            <Form method="post" className="stack narrow-column">
              <input type="hidden" name="intent" value="backup-codes" />
              <PasswordField name="backupPassword" label="Your password" autoComplete="current-password" error={errors.backupPassword} />
              <button type="submit" className="button secondary" disabled={busy}>
                Show ten new backup codes
              </button>
            </Form>
            <h3>Turn off</h3>
            {d.twoFactorRequired ? (
              <p className="muted">Owners and managers must use two-factor sign-in, so it cannot be turned off for your role.</p>
            ) : (
              <Form method="post" className="stack narrow-column">
                <input type="hidden" name="intent" value="two-factor-off" />
                <PasswordField name="offPassword" label="Your password" autoComplete="current-password" error={errors.offPassword} />
                <button type="submit" className="button secondary" disabled={busy}>
                  Turn off two-factor sign-in
                </button>
              </Form>
            )}
          </>
        ) : null}
      </section>

      <section aria-labelledby="password-heading" className="account-section">
        <h2 id="password-heading">Password</h2>
        <Form method="post" className="stack narrow-column" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <PasswordField name="currentPassword" label="Current password" autoComplete="current-password" error={errors.currentPassword} />
          <PasswordField
            name="newPassword"
            label="New password"
            autoComplete="new-password"
            error={errors.newPassword}
            hint="At least 12 characters, not a common password, and without your e-mail address, your name, the clinic's name or Dermaplan. Three or four unrelated words work well."
          />
          <PasswordField
            name="confirmNewPassword"
            label="Type the new password again"
            autoComplete="new-password"
            error={errors.confirmNewPassword}
          />
          <button type="submit" className="button primary" disabled={busy}>
            Change password
          </button>
        </Form>
        <p className="muted small">Changing your password signs you out on every other device.</p>
      </section>

      <section aria-labelledby="sessions" className="account-section">
        <h2 id="sessions">Where you are signed in</h2>
        <ul className="account-list">
          {d.sessions.map((s) => (
            <li key={s.id} className={`account-card${s.current ? " current" : ""}`}>
              <h3 className="account-card-title">
                {s.device}
                {s.current ? <span className="badge">This device</span> : null}
              </h3>
              <dl className="account-facts">
                <div>
                  <dt>Address</dt>
                  <dd>{s.ip}</dd>
                </div>
                <div>
                  <dt>Signed in</dt>
                  <dd>{s.created}</dd>
                </div>
                <div>
                  <dt>Last active</dt>
                  <dd>{s.lastSeen}</dd>
                </div>
                {s.userAgent ? (
                  <div>
                    <dt>Browser</dt>
                    <dd className="small wrap-anywhere">{s.userAgent}</dd>
                  </div>
                ) : null}
              </dl>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke-session" />
                <input type="hidden" name="sessionId" value={s.id} />
                <button type="submit" className="button secondary small" disabled={busy}>
                  {s.current ? "Sign out here" : "Sign out this device"}
                  {s.current ? null : (
                    <span className="visually-hidden">
                      {" "}
                      ({s.device}, signed in {s.created})
                    </span>
                  )}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-others" />
            <button type="submit" className="button secondary" disabled={busy}>
              Sign out every other device
            </button>
          </Form>
        ) : null}
        <p className="muted small">“Last active” is updated about once an hour.</p>
      </section>
    </div>
  );
}
