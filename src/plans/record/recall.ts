// A recall: which clients were treated with a lot, or with a device. One
// indexed search over the lots the charts used (kept in clear for this), for
// the owner only (health.export: it reads across clients), and audited as a
// health-record access on each client it finds, plus one event for the search.
import { and, asc, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../../audit/audit-log.ts";
import type { Db } from "../../db/open.ts";
import { appointments, clients } from "../../db/schema.ts";
import { requirePermission, type Actor } from "../../kernel/access.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HEALTH_ACTIONS, auditStaffHealth } from "../../privacy/access.ts";
import { sessionChartLots, sessionCharts } from "../../privacy/health-tables.ts";
import { clinicDevices, supplyLots } from "../tables.ts";

export interface RecallHit {
  clientId: string;
  clientName: string;
  email: string | null;
  phone: string | null;
  appointmentId: string;
  treatedAt: number;
  chartStatus: "draft" | "signed";
}

export interface RecallResult {
  what: { kind: "lot" | "device"; label: string };
  hits: RecallHit[];
}

/** The clients treated with a lot (or a device), each session once, oldest first. */
export async function recallSearch(db: Db, o: { staff: Actor; kind: "lot" | "device"; id: string; now?: number }): Promise<RecallResult> {
  requirePermission(o.staff, "health.export", "search which clients were treated with a lot");
  const organizationId = o.staff.organizationId;
  if (!isUuid(o.id)) throw new NotFoundError(o.kind === "lot" ? "The lot" : "The device");
  return db.transaction(async (tx) => {
    let label: string;
    if (o.kind === "lot") {
      const [lot] = await tx
        .select({ name: supplyLots.name, lot: supplyLots.lot })
        .from(supplyLots)
        .where(and(eq(supplyLots.id, o.id), eq(supplyLots.organizationId, organizationId)));
      if (!lot) throw new NotFoundError("The lot");
      label = `${lot.name}, lot ${lot.lot}`;
    } else {
      const [device] = await tx
        .select({ model: clinicDevices.model, serial: clinicDevices.serial })
        .from(clinicDevices)
        .where(and(eq(clinicDevices.id, o.id), eq(clinicDevices.organizationId, organizationId)));
      if (!device) throw new NotFoundError("The device");
      label = `${device.model}, serial ${device.serial}`;
    }
    const base = tx
      .select({
        clientId: sessionCharts.clientId,
        clientName: clients.name,
        email: clients.email,
        phone: clients.phone,
        appointmentId: sessionCharts.appointmentId,
        startsAt: appointments.startsAt,
        chartStatus: sessionCharts.status,
      })
      .from(sessionCharts)
      .innerJoin(clients, eq(clients.id, sessionCharts.clientId))
      .innerJoin(appointments, eq(appointments.id, sessionCharts.appointmentId));
    const rows =
      o.kind === "lot"
        ? await base
            .innerJoin(sessionChartLots, eq(sessionChartLots.chartId, sessionCharts.id))
            .where(and(eq(sessionChartLots.organizationId, organizationId), eq(sessionChartLots.lotId, o.id)))
            .orderBy(asc(appointments.startsAt))
        : await base
            .where(and(eq(sessionCharts.organizationId, organizationId), eq(sessionCharts.deviceId, o.id)))
            .orderBy(asc(appointments.startsAt));
    const hits = rows.map((r) => ({
      clientId: r.clientId,
      clientName: r.clientName,
      email: r.email,
      phone: r.phone,
      appointmentId: r.appointmentId,
      treatedAt: r.startsAt.getTime(),
      chartStatus: r.chartStatus,
    }));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "supply.lot-recall-search",
      entityType: o.kind === "lot" ? "supply-lot" : "device",
      entityId: o.id,
      details: { found: hits.length, clients: new Set(hits.map((h) => h.clientId)).size },
    });
    for (const clientId of new Set(hits.map((h) => h.clientId))) {
      await auditStaffHealth(tx, o.staff, clientId, HEALTH_ACTIONS.view, {
        part: "recall",
        [o.kind === "lot" ? "lotId" : "deviceId"]: o.id,
        role: o.staff.role,
      });
    }
    return { what: { kind: o.kind, label }, hits };
  });
}
