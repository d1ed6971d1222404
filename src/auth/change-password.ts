// Changing your own password: the current one, then a new one that meets the
// policy. Every other session of the account ends (a changed password usually
// means someone else may have known the old one); this one continues under a
// new session cookie.
import { z } from "zod";
import type { StaffSession } from "./auth.ts";
import { auditAccountEvent } from "./audit.ts";
import { AccountFieldError, zodFieldErrors } from "./errors.ts";
import { newPasswordFields } from "./password-policy.ts";
import type { AccountContext } from "./sign-in.ts";
import { withPasswordCheck, type PasswordActionResult } from "./two-factor.ts";

const ChangePasswordSchema = z
  .object({ currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.") })
  .and(newPasswordFields)
  .superRefine((value, ctx) => {
    if (value.currentPassword && value.password === value.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "Choose a password different from your current one." });
    }
  });

export async function changeOwnPassword(
  ctx: AccountContext,
  input: {
    staff: Pick<StaffSession, "userId" | "email" | "organizationId">;
    input: { currentPassword?: unknown; password?: unknown; confirmPassword?: unknown };
  },
): Promise<PasswordActionResult<{ setCookies: string[] }>> {
  const parsed = ChangePasswordSchema.safeParse(input.input);
  if (!parsed.success) throw new AccountFieldError(zodFieldErrors(parsed.error.issues));
  const checked = await withPasswordCheck(ctx, input.staff, () =>
    ctx.auth.api.changePassword({
      body: { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password, revokeOtherSessions: true },
      headers: ctx.headers,
      asResponse: true,
    }),
  );
  if (checked.kind !== "checked") return checked;
  if (!checked.result.ok) throw new Error(`changing the password answered ${checked.result.status} ${checked.result.code ?? ""}`);
  await auditAccountEvent(ctx.db, {
    organizationId: input.staff.organizationId,
    actorId: input.staff.userId,
    action: "staff.password.change",
    entityType: "staff_member",
    entityId: input.staff.userId,
    details: { otherSessionsEnded: true },
  });
  return { kind: "done", setCookies: checked.result.setCookies };
}
