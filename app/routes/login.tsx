import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/login";
import { z } from "zod";
import { getStaffSession } from "../../src/auth/auth.ts";
import { ErrorSummary, TextField } from "../components/ContactFields.tsx";
import { getServices } from "../context.ts";

export const handle = { hydrate: false };

export const meta: Route.MetaFunction = () => [{ title: "Staff sign-in — Dermaplan" }, { name: "robots", content: "noindex" }];

function safeNext(value: string | null): string {
  // Only our own staff pages: never an open redirect.
  return value && /^\/staff(\/|$|\?)/.test(value) ? value : "/staff";
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const url = new URL(request.url);
  const staff = await getStaffSession(services.auth, services.db, request.headers, services.organizationId);
  if (staff) throw redirect(safeNext(url.searchParams.get("next")));
  return { next: safeNext(url.searchParams.get("next")), signedOut: url.searchParams.has("signed-out") };
}

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").pipe(z.email("Enter an e-mail address like name@example.com.")),
  password: z.string().min(1, "Enter your password."),
});

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const form = await request.formData();
  const next = safeNext(String(form.get("next") ?? ""));
  const parsed = SignInSchema.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data({ errors, email }, { status: 422 });
  }
  const response = await services.auth.api.signInEmail({
    body: { email: parsed.data.email, password: parsed.data.password },
    headers: request.headers,
    asResponse: true,
  });
  if (!response.ok) {
    // Never the password, never which half was wrong.
    services.logger.warn({ status: response.status }, "staff sign-in failed");
    return data({ errors: { password: "That e-mail and password do not match an account. Check both and try again." }, email }, { status: 401 });
  }
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return redirect(next, { headers, status: 303 });
}

export default function Login() {
  const { next, signedOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <main id="main" className="page narrow">
      <h1>Staff sign-in</h1>
      {signedOut ? (
        <div className="success" role="status">
          <p>You are signed out.</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="next" value={next} />
        <TextField name="email" label="E-mail" type="email" autoComplete="username" value={result?.email} error={errors.email} required />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} required />
        <button type="submit" className="button primary">
          Sign in
        </button>
      </Form>
      <p className="muted small">
        <a href="/">Back to the clinic's site</a>
      </p>
    </main>
  );
}
