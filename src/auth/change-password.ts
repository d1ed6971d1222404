// Changing your own password: the current one, then a new one that meets the
// policy. Every other session of the account ends (a changed password usually
// means someone else may have known the old one); this one continues under a
// new session cookie.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "../db/schema.ts";
import type { StaffSession } from "./auth.ts";
import { FieldError, zodFieldErrors } from "../kernel/errors.ts";
import { newPasswordFieldsFor, type PasswordContext } from "./password-policy.ts";
import type { AccountContext } from "./account-context.ts";
import { withPasswordCheck, type PasswordActionResult } from "./two-factor.ts";
import { recordAuditEvent, staffOrSystem } from "../audit/audit-log.ts";

/** The new password may not contain the account's e-mail, the person's name, the clinic's or the product's name. */
function changePasswordSchema(context: PasswordContext) {
  return z
    .object({ currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.") })
    .and(newPasswordFieldsFor(context))
    .superRefine((value, ctx) => {
      if (value.currentPassword && value.password === value.currentPassword) {
        ctx.addIssue({ code: "custom", path: ["password"], message: "Choose a password different from your current one." });
      }
    });
}

export async function changeOwnPassword(
  ctx: AccountContext,
  input: {
    staff: Pick<StaffSession, "userId" | "email" | "name" | "organizationId">;
    input: { currentPassword?: unknown; password?: unknown; confirmPassword?: unknown };
  },
): Promise<PasswordActionResult<{ setCookies: string[] }>> {
  const [clinic] = await ctx.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, input.staff.organizationId))
    .limit(1);
  const context = { email: input.staff.email, name: input.staff.name, clinicName: clinic?.name ?? null };
  const parsed = changePasswordSchema(context).safeParse(input.input);
  if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
  const checked = await withPasswordCheck(ctx, input.staff, () =>
    ctx.auth.api.changePassword({
      body: { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password, revokeOtherSessions: true },
      headers: ctx.headers,
      asResponse: true,
    }),
  );
  if (checked.kind !== "checked") return checked;
  if (!checked.result.ok) throw new Error(`changing the password answered ${checked.result.status} ${checked.result.code ?? ""}`);
  await recordAuditEvent(ctx.db, {
    organizationId: input.staff.organizationId,
    actor: staffOrSystem(input.staff.userId),
    action: "staff.password.change",
    entityType: "staff_member",
    entityId: input.staff.userId,
    details: { otherSessionsEnded: true },
  });
  return { kind: "done", setCookies: checked.result.setCookies };
}
