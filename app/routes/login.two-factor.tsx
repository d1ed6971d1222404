import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/login.two-factor";
import { getSignInState, hasTwoFactorCookie, pendingTwoFactorUserId } from "../../src/auth/auth.ts";
import { normalizeBackupCode } from "../../src/auth/backup-codes.ts";
import { accountContext, signInWithCode } from "../../src/auth/sign-in.ts";
import { ErrorSummary, TextField } from "../components/ContactFields.tsx";
import { getServices } from "../context.ts";
import accountsCss from "./staff/accounts.css?url";
import { formText, readForm } from "../lib/form.ts";

// The second sign-in step: the 6-digit code from the authenticator app, or a
// backup code. Reached after a right password (better-auth's signed "two
// factor" cookie says whose); plain HTML forms, no JavaScript.

export const handle = { hydrate: false };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];

export const meta: Route.MetaFunction = () => [{ title: "Two-factor sign-in — Dermaplan" }, { name: "robots", content: "noindex" }];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** better-auth locks the second factor for this long after ten wrong codes in a row (its default). */
const LOCKOUT_SECONDS = 15 * 60;

function safeNext(value: string | null): string {
  return value && /^\/staff(\/|$|\?)/.test(value) && !value.includes("//") ? value : "/staff";
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"));
  const userId = await pendingTwoFactorUserId(services.auth, services.db, request.headers, services.now());
  if (!userId) {
    const state = await getSignInState(services.auth, services.db, request.headers, services.organizationId);
    if (state.kind === "staff") throw redirect(next);
    const expired = await hasTwoFactorCookie(services.auth, request.headers);
    throw redirect(`/login?${expired ? "notice=code-expired&" : ""}next=${encodeURIComponent(next)}`);
  }
  return { next };
}

type Method = "totp" | "backup-code";

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await readForm(request);
  const text = formText(form);
  const next = safeNext(text("next"));
  const method: Method = text("intent") === "backup-code" ? "backup-code" : "totp";
  const field = method === "totp" ? "code" : "backupCode";
  let code = text(field).trim();
  if (method === "totp") {
    code = code.replace(/[\s-]/g, "");
    if (!/^\d{6}$/.test(code))
      return data({ method, errors: { code: "Enter the 6-digit code your authenticator app shows now." }, alert: null }, { status: 422 });
  } else {
    const stored = normalizeBackupCode(code);
    if (!stored) {
      return data({ method, errors: { backupCode: "Enter one of your backup codes, like 7KQM-2XHD-PW9R." }, alert: null }, { status: 422 });
    }
    code = stored;
  }
  const result = await signInWithCode(accountContext(services, request), { code, method });
  switch (result.kind) {
    case "throttled": {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return data(
        {
          method,
          errors: {} as Record<string, string>,
          alert: `Too many wrong codes. For your security, wait ${minutes <= 1 ? "a minute" : `${minutes} minutes`} and try again.`,
        },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    case "locked":
      return data(
        {
          method,
          errors: {} as Record<string, string>,
          alert: "Too many wrong codes in a row: two-factor sign-in for this account is paused for 15 minutes.",
        },
        { status: 429, headers: { "Retry-After": String(LOCKOUT_SECONDS) } },
      );
    case "expired":
      throw redirect(`/login?notice=code-expired&next=${encodeURIComponent(next)}`, 303);
    case "too-many":
      throw redirect(`/login?notice=too-many-codes&next=${encodeURIComponent(next)}`, 303);
    case "invalid":
      return data(
        {
          method,
          errors:
            method === "totp"
              ? { code: "That code is not right. Enter the code your app shows now; it changes every 30 seconds." }
              : { backupCode: "That backup code is not right, or it has been used already." },
          alert: null,
        },
        { status: 401 },
      );
    case "no-access":
      throw redirect(`/login?notice=no-access`, 303);
    case "signed-in": {
      const headers = new Headers();
      for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
      return redirect(next, { headers, status: 303 });
    }
  }
}

export default function TwoFactorSignIn() {
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <main id="main" className="page narrow">
      <h1>Enter your sign-in code</h1>
      {result?.alert ? (
        <div className="alert" role="alert">
          <p>{result.alert}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>Your password was right. Now open the authenticator app on your phone and enter the 6-digit code it shows for Dermaplan.</p>
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="intent" value="totp" />
        <TextField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" error={errors.code} required />
        <button type="submit" className="button primary">
          Sign in
        </button>
      </Form>
      <details className="stack-section" open={result?.method === "backup-code"}>
        <summary>Lost your phone? Use a backup code</summary>
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="next" value={next} />
          <input type="hidden" name="intent" value="backup-code" />
          <TextField
            name="backupCode"
            label="Backup code"
            hint="One of the codes you kept when you set up two-factor sign-in. Each works once."
            autoComplete="off"
            error={errors.backupCode}
            required
          />
          <button type="submit" className="button secondary">
            Sign in with a backup code
          </button>
        </Form>
      </details>
      <p className="muted small">
        The code step lasts 10 minutes. <a href="/login">Start again</a> · No phone and no backup codes? Ask the clinic&apos;s owner or
        manager.
      </p>
    </main>
  );
}
