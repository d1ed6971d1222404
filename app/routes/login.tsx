import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/login";
import { z } from "zod";
import { getSignInState, roleRequiresTwoFactor, type SignInState } from "../../src/auth/auth.ts";
import { accountContext, signInWithPassword } from "../../src/auth/sign-in.ts";
import { confirmTwoFactorEnrolment, enrolmentFromUri, replaceTwoFactorKey, startTwoFactorEnrolment } from "../../src/auth/two-factor.ts";
import { ErrorSummary, PasswordField, TextField } from "../components/ContactFields.tsx";
import { getServices } from "../context.ts";
import { withQr, type EnrolmentWithQr } from "../lib/totp-qr.server.ts";
import accountsCss from "./staff/accounts.css?url";
import { formText, readForm } from "../lib/form.ts";

// Staff sign-in, and setting up two-factor sign-in (the first time after the
// password, or from the account page). Plain HTML forms; no JavaScript.

export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];

// The title depends on the step and is rendered with it.
export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

function safeNext(value: string | null): string {
  // Only our own staff pages: never an open redirect.
  return value && /^\/staff(\/|$|\?)/.test(value) && !value.includes("//") ? value : "/staff";
}

const NOTICES = {
  "signed-out": "You are signed out.",
  ended:
    "Your session has ended: it was signed out from the account page or by the clinic's owner or manager, or it expired. Please sign in again.",
  joined: "Your account is ready. Sign in with your e-mail address and the password you just chose.",
  "code-expired": "That sign-in took too long: the code step lasts 10 minutes. Please sign in again.",
  "too-many-codes": "Too many wrong codes for that sign-in. Sign in again, then enter the code your app shows at that moment.",
  "no-access": "That account has no access to this clinic's staff pages. If it should, ask the clinic's owner or manager to invite you.",
} as const;
type Notice = keyof typeof NOTICES;

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

function throttled(seconds: number, extra: Record<string, unknown> = {}) {
  return data(
    {
      ...extra,
      errors: {} as Record<string, string>,
      alert: `Too many failed attempts for this account or from this network. For your security, wait ${waitText(seconds)} and try again.`,
    },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

function withCookies(setCookies: readonly string[]): Headers {
  const headers = new Headers();
  for (const cookie of setCookies) headers.append("Set-Cookie", cookie);
  return headers;
}

type PendingUser = { userId: string; email: string; required: boolean; staff: Extract<SignInState, { kind: "staff" }>["staff"] | null };

function pendingUser(state: SignInState): PendingUser | null {
  if (state.kind === "needs-enrolment") return { userId: state.userId, email: state.email, required: true, staff: null };
  if (state.kind === "staff")
    return { userId: state.staff.userId, email: state.staff.email, required: roleRequiresTwoFactor(state.staff.role), staff: state.staff };
  return null;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"));
  // Loaders also run right after this page's action, with the cookies the browser sent
  // before it; so this loader never sets or clears cookies, and the set-up forms post to
  // /login?setup=1 so that a signed-in staff member is not redirected away from them.
  const setup = url.searchParams.has("setup");
  const state = await getSignInState(services.auth, services.db, request.headers, services.organizationId);
  const base = { next, email: "", required: false, notice: null as string | null, noAccess: false };
  if (state.kind === "staff") {
    if (!setup) throw redirect(next);
    return {
      ...base,
      view: "enrol-start" as const,
      email: state.staff.email,
      required: roleRequiresTwoFactor(state.staff.role),
      replace: state.staff.twoFactorEnabled,
    };
  }
  if (state.kind === "needs-enrolment")
    return { ...base, view: "enrol-start" as const, email: state.email, required: true, replace: false };
  let notice: Notice | null = null;
  const asked = url.searchParams.get("notice");
  if (url.searchParams.has("signed-out")) notice = "signed-out";
  else if (asked && asked in NOTICES) notice = asked as Notice;
  // The browser still holds a session that no longer exists (revoked or expired): say so.
  if (state.kind === "signed-out" && state.staleSession) notice = "ended";
  return {
    ...base,
    view: "sign-in" as const,
    replace: false,
    notice: notice ? NOTICES[notice] : null,
    noAccess: state.kind === "no-access",
  };
}

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").pipe(z.email("Enter an e-mail address like name@example.com.")),
  password: z.string().min(1, "Enter your password."),
});

const CODE_MESSAGE = "Enter the 6-digit code your authenticator app shows now.";

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await readForm(request);
  const text = formText(form);
  const next = safeNext(text("next"));
  const intent = text("intent") || "sign-in";
  const ctx = accountContext(services, request);

  if (intent === "enrol-start" || intent === "enrol-confirm") {
    const state = await getSignInState(services.auth, services.db, request.headers, services.organizationId);
    const user = pendingUser(state);
    if (!user) throw redirect(`/login?next=${encodeURIComponent(next)}`, 303);

    if (intent === "enrol-start") {
      const base = { view: "enrol-start" as const, next, email: user.email, required: user.required, replace: text("replace") === "1" };
      const password = text("password");
      if (!password) return data({ ...base, errors: { password: "Enter your password." }, alert: null }, { status: 422 });
      const replace = text("replace") === "1" && user.staff?.twoFactorEnabled === true && user.staff !== null;
      const result =
        replace && user.staff
          ? await replaceTwoFactorKey(ctx, { staff: user.staff, password })
          : await startTwoFactorEnrolment(ctx, { userId: user.userId, email: user.email, password });
      if (result.kind === "throttled") return throttled(result.retryAfterSeconds, base);
      if (result.kind === "wrong-password") {
        return data({ ...base, errors: { password: "That is not your password. Check it and try again." }, alert: null }, { status: 401 });
      }
      if (result.kind === "already-on") throw redirect("/staff/account?notice=two-factor-on", 303);
      return data(
        {
          view: "enrol" as const,
          next,
          email: user.email,
          required: user.required,
          enrolment: await withQr(result.enrolment),
          errors: {} as Record<string, string>,
          alert: null,
        },
        { headers: withCookies(result.setCookies) },
      );
    }

    const parsed = enrolmentFromUri(text("otpauth"));
    const enrolment = parsed ? await withQr(parsed) : null;
    const enrolBase = { view: "enrol" as const, next, email: user.email, required: user.required };
    // Back to the password, for a new key.
    const startAgain = (alert: string, status: number) =>
      data({ view: "enrol-start" as const, next, email: user.email, required: user.required, errors: {}, alert }, { status });
    if (!enrolment) return startAgain("Please start again: confirm your password to get a new key.", 422);
    const code = text("code").replace(/[\s-]/g, "");
    if (!/^\d{6}$/.test(code)) return data({ ...enrolBase, enrolment, errors: { code: CODE_MESSAGE }, alert: null }, { status: 422 });
    const result = await confirmTwoFactorEnrolment(ctx, { userId: user.userId, code });
    if (result.kind === "throttled") return throttled(result.retryAfterSeconds, { ...enrolBase, enrolment });
    if (result.kind === "not-started") {
      return startAgain("That key is no longer waiting to be confirmed. Confirm your password to get a new one.", 409);
    }
    if (result.kind === "invalid") {
      return data(
        {
          ...enrolBase,
          enrolment,
          errors: {
            code: "That code is not right. Check that the key was typed exactly, then enter the code your app shows now (it changes every 30 seconds).",
          },
          alert: null,
        },
        { status: 401 },
      );
    }
    return data(
      { view: "enrolled" as const, next, email: user.email, required: user.required, backupCodes: result.backupCodes },
      { headers: withCookies(result.setCookies) },
    );
  }

  const email = text("email");
  const parsed = SignInSchema.safeParse({ email, password: text("password") });
  if (!parsed.success)
    return data({ view: "sign-in" as const, errors: fieldErrors(parsed.error.issues), email, alert: null }, { status: 422 });
  const result = await signInWithPassword(ctx, parsed.data);
  switch (result.kind) {
    case "throttled":
      return throttled(result.retryAfterSeconds, { view: "sign-in" as const, email });
    case "invalid":
      // Never the password, never which half was wrong.
      return data(
        {
          view: "sign-in" as const,
          errors: { password: "That e-mail and password do not match an account. Check both and try again." },
          email,
          alert: null,
        },
        { status: 401 },
      );
    case "no-access":
      return data(
        {
          view: "sign-in" as const,
          errors: {},
          email,
          alert: "This account has no access to this clinic's staff pages. If it should, ask the clinic's owner or manager to invite you.",
        },
        { status: 403 },
      );
    case "code-required":
      return redirect(`/login/two-factor?next=${encodeURIComponent(next)}`, { headers: withCookies(result.setCookies), status: 303 });
    case "enrol":
      return data(
        {
          view: "enrol" as const,
          next,
          email: parsed.data.email,
          required: true,
          enrolment: await withQr(result.enrolment),
          errors: {} as Record<string, string>,
          alert: null,
        },
        { headers: withCookies(result.setCookies) },
      );
    case "signed-in":
      return redirect(next, { headers: withCookies(result.setCookies), status: 303 });
  }
}

function Alert({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div className="alert" role="alert">
      <p>{text}</p>
    </div>
  );
}

function SignInForm({ next, email, errors }: { next: string; email: string; errors: Record<string, string> }) {
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="intent" value="sign-in" />
      <TextField name="email" label="E-mail" type="email" autoComplete="username" value={email} error={errors.email} required />
      <PasswordField name="password" label="Password" autoComplete="current-password" error={errors.password} />
      <button type="submit" className="button primary">
        Sign in
      </button>
    </Form>
  );
}

const APPS = "for example Google Authenticator, Microsoft Authenticator, 1Password, Bitwarden or Aegis";

function EnrolStart({
  next,
  email,
  required,
  replace,
  errors,
}: {
  next: string;
  email: string;
  required: boolean;
  replace: boolean;
  errors: Record<string, string>;
}) {
  return (
    <>
      <p>
        {required
          ? "Owners and managers sign in with their password and a 6-digit code from an authenticator app on their phone. Set it up now to reach the staff pages."
          : "With two-factor sign-in, you sign in with your password and a 6-digit code from an authenticator app on your phone."}
      </p>
      <p>Confirm your password to get your key ({email}).</p>
      <Form method="post" action="/login?setup=1" noValidate className="stack">
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="intent" value="enrol-start" />
        {replace ? <input type="hidden" name="replace" value="1" /> : null}
        <PasswordField name="password" label="Password" autoComplete="current-password" error={errors.password} />
        <button type="submit" className="button primary">
          Continue
        </button>
      </Form>
    </>
  );
}

function EnrolKey({
  next,
  email,
  enrolment,
  errors,
}: {
  next: string;
  email: string;
  enrolment: EnrolmentWithQr;
  errors: Record<string, string>;
}) {
  return (
    <>
      <ol className="steps">
        <li>
          <p>
            Open an authenticator app on your phone ({APPS}) and add an account: <strong>scan this QR code</strong>, or enter the setup key
            below.
          </p>
          <div className="totp-qr" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
          <dl className="setup-key">
            <div>
              <dt>Account</dt>
              <dd>{email}</dd>
            </div>
            <div>
              <dt>Key</dt>
              <dd>
                <code className="secret-key" aria-label={`Key: ${enrolment.secret.split(" ").join(", ")}`}>
                  {enrolment.secret}
                </code>
              </dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>Time-based, 6 digits</dd>
            </div>
          </dl>
          <p className="small">
            Reading this on that phone? <a href={enrolment.otpauthUri}>Open the key in your authenticator app</a>.
          </p>
          <p className="small muted">Typing the key instead? Spaces in it do not matter.</p>
          <details className="small">
            <summary>Show the full setup link</summary>
            <p>
              <code className="wrap-anywhere">{enrolment.otpauthUri}</code>
            </p>
          </details>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows for Dermaplan.</p>
          <Form method="post" action="/login?setup=1" noValidate className="stack">
            <input type="hidden" name="next" value={next} />
            <input type="hidden" name="intent" value="enrol-confirm" />
            <input type="hidden" name="otpauth" value={enrolment.otpauthUri} />
            <TextField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" error={errors.code} required />
            <button type="submit" className="button primary">
              Turn on two-factor sign-in
            </button>
          </Form>
        </li>
      </ol>
    </>
  );
}

function BackupCodes({ codes }: { codes: readonly string[] }) {
  return (
    <ul className="backup-codes" aria-label="Backup codes">
      {codes.map((c) => (
        <li key={c}>
          <code>{c}</code>
        </li>
      ))}
    </ul>
  );
}

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const current = (acted ?? loaded) as {
    view: "sign-in" | "enrol-start" | "enrol" | "enrolled";
    next?: string;
    email?: string;
    required?: boolean;
    replace?: boolean;
    errors?: Record<string, string>;
    alert?: string | null;
    enrolment?: EnrolmentWithQr;
    backupCodes?: string[];
  };
  const next = current.next ?? loaded.next;
  const email = current.email ?? loaded.email;
  const required = current.required ?? loaded.required;
  const errors = current.errors ?? {};

  if (current.view === "enrolled") {
    return (
      <main id="main" className="page narrow">
        <title>Two-factor sign-in is on — Dermaplan</title>
        <h1>Two-factor sign-in is on</h1>
        <div className="success" role="status">
          <p>From now on, you sign in with your password and the code from your app.</p>
        </div>
        <h2>Your backup codes</h2>
        <p>
          If your phone is lost, each of these codes signs you in once instead of the app&apos;s code.{" "}
          <strong>They are shown only now</strong>: print them or keep them in your password manager, not on your phone.
        </p>
        <BackupCodes codes={current.backupCodes ?? []} />
        <p>
          <a className="button primary" href={next}>
            I have kept them — continue
          </a>
        </p>
      </main>
    );
  }

  if (current.view === "enrol" && current.enrolment) {
    return (
      <main id="main" className="page narrow">
        <title>Set up two-factor sign-in — Dermaplan</title>
        <h1>Set up two-factor sign-in</h1>
        {required ? (
          <p>Owners and managers sign in with their password and a 6-digit code from an authenticator app. Two steps, about a minute.</p>
        ) : null}
        <Alert text={current.alert} />
        <ErrorSummary errors={errors} />
        <EnrolKey next={next} email={email} enrolment={current.enrolment} errors={errors} />
      </main>
    );
  }

  if (current.view === "enrol-start") {
    return (
      <main id="main" className="page narrow">
        <title>Set up two-factor sign-in — Dermaplan</title>
        <h1>Set up two-factor sign-in</h1>
        <Alert text={current.alert} />
        <ErrorSummary errors={errors} />
        <EnrolStart next={next} email={email} required={required} replace={current.replace ?? loaded.replace} errors={errors} />
        <form method="post" action="/logout" className="inline-form">
          <button type="submit" className="link-button">
            Sign out instead
          </button>
        </form>
      </main>
    );
  }

  const notice = acted ? null : loaded.notice;
  return (
    <main id="main" className="page narrow">
      <title>Staff sign-in — Dermaplan</title>
      <h1>Staff sign-in</h1>
      {notice ? (
        <div className={loaded.notice === NOTICES.ended ? "alert" : "success"} role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {loaded.noAccess && !acted ? (
        <div className="alert" role="status">
          <p>The account you are signed in with has no access to this clinic&apos;s staff pages. Sign in with another one.</p>
        </div>
      ) : null}
      <Alert text={current.alert} />
      <ErrorSummary errors={errors} />
      <SignInForm next={next} email={email} errors={errors} />
      <p className="muted small">Forgot your password or lost your phone? Ask the clinic&apos;s owner or manager for help.</p>
      <p className="muted small">
        <a href="/">Back to the clinic&apos;s site</a>
      </p>
    </main>
  );
}
