// The clinic's e-mail address: the contact its e-mails, privacy page and plan
// PDF give, and the Reply-To of every e-mail it sends (docs/operations.md,
// "E-mail"). One address for both, so a client who replies reaches the address
// the e-mail names. Changed on the settings page by owner or manager, audited
// as a settings change.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/open.ts";
import { locations } from "../../db/schema.ts";
import { FieldError, NotFoundError, zodFieldErrors } from "../../kernel/errors.ts";
import { requireEdit, requireView, type AdminScope } from "./access.ts";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";

const ClinicEmailSchema = z.object({
  email: z
    .string({ error: "Enter the clinic's e-mail address." })
    .trim()
    .min(1, "Enter the clinic's e-mail address.")
    .max(254, "That e-mail address is too long.")
    .pipe(z.email("Enter an e-mail address like hello@yourclinic.ca.")),
});

// One location per organization for now (src/scheduling/clinic.ts loadClinic): its first.
async function firstLocation(db: DbOrTx, organizationId: string) {
  const [row] = await db
    .select({ id: locations.id, email: locations.email })
    .from(locations)
    .where(eq(locations.organizationId, organizationId))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  if (!row) throw new NotFoundError("The clinic's location");
  return row;
}

export async function getClinicEmail(db: DbOrTx, scope: AdminScope): Promise<string> {
  requireView(scope);
  return (await firstLocation(db, scope.organizationId)).email;
}

/** Sets the clinic's address; e-mails queued from then on reply to it (those already queued keep theirs). */
export async function updateClinicEmail(
  db: DbOrTx,
  o: AdminScope & { input: { email?: unknown } },
): Promise<{ changed: boolean; email: string }> {
  requireEdit(o, "change the clinic's e-mail address");
  const parsed = ClinicEmailSchema.safeParse(o.input);
  if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
  const email = parsed.data.email;
  return db.transaction(async (tx) => {
    const location = await firstLocation(tx, o.organizationId);
    if (location.email === email) return { changed: false, email };
    await tx.update(locations).set({ email }).where(eq(locations.id, location.id));
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: staffActor(o.staff),
      action: "settings.update",
      entityType: "location",
      entityId: location.id,
      details: { before: { email: location.email }, after: { email } },
    });
    return { changed: true, email };
  });
}
