// Scheduling facts of signed plans, for the series planner and the desk: read
// from the version's clear columns and the appointments, never decrypted, so
// no more than the appointments booked from them will show.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { appointments } from "../../db/schema.ts";
import { treatmentPlans, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { planClientId } from "./read.ts";

export interface PlanSeriesFacts {
  planId: string;
  clientId: string;
  version: number;
  serviceId: string;
  practitionerId: string | null;
  sessions: number;
  intervalMinDays: number;
  intervalMaxDays: number;
}

/**
 * The accepted version's scheduling columns, read without decrypting the
 * plan: what the series planner needs, and no more than the appointments it
 * books will show. Null when no version is accepted.
 */
export async function planSeriesFacts(db: DbOrTx, o: { organizationId: string; planId: string }): Promise<PlanSeriesFacts | null> {
  const clientId = await planClientId(db, o.organizationId, o.planId);
  const [row] = await db
    .select()
    .from(treatmentPlanVersions)
    .where(
      and(
        eq(treatmentPlanVersions.planId, o.planId),
        eq(treatmentPlanVersions.organizationId, o.organizationId),
        eq(treatmentPlanVersions.status, "accepted"),
      ),
    )
    .limit(1);
  if (!row) return null;
  return {
    planId: o.planId,
    clientId,
    version: row.version,
    serviceId: row.serviceId,
    practitionerId: row.practitionerId,
    sessions: row.sessions,
    intervalMinDays: row.intervalMinDays,
    intervalMaxDays: row.intervalMaxDays,
  };
}

/**
 * A client's signed plans as the desk sees them to book sessions: counts only,
 * from the scheduling columns and the appointments — nothing decrypted.
 */
export async function plansToBook(
  db: DbOrTx,
  o: { organizationId: string; clientId: string },
): Promise<{ planId: string; version: number; sessions: number; booked: number; completed: number }[]> {
  const rows = await db
    .select({ planId: treatmentPlanVersions.planId, version: treatmentPlanVersions.version, sessions: treatmentPlanVersions.sessions })
    .from(treatmentPlanVersions)
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanVersions.planId))
    .where(
      and(
        eq(treatmentPlans.organizationId, o.organizationId),
        eq(treatmentPlans.clientId, o.clientId),
        eq(treatmentPlanVersions.status, "accepted"),
      ),
    )
    .orderBy(desc(treatmentPlans.createdAt));
  const result = [];
  for (const r of rows) {
    const sessions = await db
      .select({ status: appointments.status })
      .from(appointments)
      .where(and(eq(appointments.planId, r.planId), inArray(appointments.status, ["booked", "completed"])));
    result.push({
      ...r,
      booked: sessions.filter((s) => s.status === "booked").length,
      completed: sessions.filter((s) => s.status === "completed").length,
    });
  }
  return result;
}
