// A booking made without signing in never changes a client who already
// exists; what it typed (a new name, phone or language) waits on the booking.
// Staff who know the client adopt it here, field by field, audited.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { Db } from "../db/open.ts";
import { appointments, clients, type StaffRole } from "../db/schema.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { requirePermission } from "../kernel/access.ts";

export type TypedField = "name" | "phone" | "locale";

export interface AdoptBookedDetailsOptions {
  staff: { role: StaffRole; userId: string; organizationId: string };
  appointmentId: string;
  /** Which of the typed details become the client's; the others are dismissed. */
  adopt: readonly TypedField[];
}

/** Adopts the chosen typed details into the client's record and clears them from the booking. Answers the fields adopted. */
export async function adoptBookedDetails(db: Db, o: AdoptBookedDetailsOptions): Promise<TypedField[]> {
  requirePermission(o.staff, "schedule.edit", "change a client's contact details");
  if (!isUuid(o.appointmentId)) throw new NotFoundError("The appointment");
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select({
        clientId: appointments.clientId,
        bookedName: appointments.bookedName,
        bookedPhone: appointments.bookedPhone,
        bookedLocale: appointments.bookedLocale,
      })
      .from(appointments)
      .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.staff.organizationId)))
      .for("update");
    if (!a || !a.clientId) throw new NotFoundError("The appointment");
    const set: Partial<typeof clients.$inferInsert> = {};
    const adopted: TypedField[] = [];
    if (o.adopt.includes("name") && a.bookedName) ((set.name = a.bookedName), adopted.push("name"));
    if (o.adopt.includes("phone") && a.bookedPhone) ((set.phone = a.bookedPhone), adopted.push("phone"));
    if (o.adopt.includes("locale") && a.bookedLocale) ((set.preferredLocale = a.bookedLocale), adopted.push("locale"));
    if (adopted.length > 0) {
      await tx
        .update(clients)
        .set(set)
        .where(and(eq(clients.id, a.clientId), eq(clients.organizationId, o.staff.organizationId)));
    }
    await tx
      .update(appointments)
      .set({ bookedName: null, bookedPhone: null, bookedLocale: null })
      .where(eq(appointments.id, o.appointmentId));
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "client.adopt-booked-details",
      entityType: "client",
      entityId: a.clientId,
      details: {
        appointmentId: o.appointmentId,
        adopted,
        dismissed: (["name", "phone", "locale"] as const).filter((f) => !adopted.includes(f)),
      },
    });
    return adopted;
  });
}
