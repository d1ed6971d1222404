// The client confirms that appointments booked without signing in are theirs
// (docs/decisions/0018-who-widens-the-care-team.md).
import { and, eq, gt, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { appointments } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";

/**
 * The signed-in client confirms that an appointment booked without signing in
 * is theirs: from then on its practitioner is on their care team. Signed in
 * through a link sent to their address, the client is the one person who may
 * say so (docs/decisions/0018-who-widens-the-care-team.md). Audited.
 */
export async function confirmClientAppointments(
  db: DbOrTx,
  o: { organizationId: string; clientId: string; now: number; appointmentId?: string; via: "portal" | "intake" },
): Promise<number> {
  if (o.appointmentId !== undefined && !isUuid(o.appointmentId)) return 0;
  const confirmed = await db
    .update(appointments)
    .set({ clientConfirmedAt: new Date(o.now) })
    .where(
      and(
        eq(appointments.organizationId, o.organizationId),
        eq(appointments.clientId, o.clientId),
        eq(appointments.status, "booked"),
        isNull(appointments.clientConfirmedAt),
        gt(appointments.startsAt, new Date(o.now)),
        ...(o.appointmentId ? [eq(appointments.id, o.appointmentId)] : []),
      ),
    )
    .returning({ id: appointments.id });
  for (const row of confirmed) {
    await recordAuditEvent(db, {
      organizationId: o.organizationId,
      actor: { type: "client", id: o.clientId },
      action: "appointment.client-confirm",
      entityType: "appointment",
      entityId: row.id,
      details: { via: o.via },
    });
  }
  return confirmed.length;
}
