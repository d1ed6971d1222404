// The client's treatment sessions, in the portal: each completed treatment
// with, once its chart is signed, the areas treated and what to expect over
// the next days — and the next session booked. The chart is the
// practitioner's record: only what the client can read in plain words leaves
// here (zone ids and expectation ids, which the page puts into their
// language). Depths, reasons, lots, the reactions' text and the note for next
// time are written for staff and never do.
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/open.ts";
import { appointments, practitioners, services } from "../../db/schema.ts";
import { HEALTH_ACTIONS, type ClientActor, auditClientHealth } from "../../privacy/access.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "../../scheduling/appointment-joins.ts";
import { expectationsOf, type ExpectationId } from "../chart.ts";
import type { ZoneId } from "../types.ts";
import { readCharts } from "./chart-read.ts";

/**
 * What the client is shown of a session's notes: "signed" (areas and what to
 * expect), "pending" (no signed chart yet), or "unreadable" (the signed chart
 * failed its integrity check: nothing of it is shown).
 */
export type SessionNotes = "signed" | "pending" | "unreadable";

export interface SessionHistoryEntry {
  appointmentId: string;
  startMs: number;
  serviceName: string;
  serviceNameFr: string;
  practitionerName: string;
  notes: SessionNotes;
  /** The areas treated, as charted; empty unless the notes are signed. */
  areas: ZoneId[];
  /** What to expect over the next days; empty unless the notes are signed. */
  expectations: ExpectationId[];
}

export interface NextSession {
  appointmentId: string;
  startMs: number;
  serviceName: string;
  serviceNameFr: string;
}

export interface SessionHistory {
  /** Completed treatments, newest first. */
  sessions: SessionHistoryEntry[];
  /** The next treatment booked after `now`, if any. */
  next: NextSession | null;
}

/**
 * The signed-in client's completed treatment sessions and their next one.
 * Audited once as the client's own view of their record when there is a
 * session to show (the treatments had, and the charts behind them); nothing
 * is written otherwise.
 */
export async function clientSessions(db: Db, o: { client: ClientActor; keyRing: KeyRing; now: number }): Promise<SessionHistory> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const select = {
      id: appointments.id,
      startsAt: appointments.startsAt,
      serviceName: services.name,
      serviceNameFr: services.nameFr,
      practitionerName: practitioners.name,
    };
    const mine = and(eq(appointments.organizationId, organizationId), eq(appointments.clientId, clientId), eq(services.kind, "treatment"));
    const done = await tx
      .select(select)
      .from(appointments)
      .innerJoin(services, SERVICE_OF_APPOINTMENT)
      .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
      .where(and(mine, eq(appointments.status, "completed")))
      .orderBy(desc(appointments.startsAt), desc(appointments.id));
    const [upcoming] = await tx
      .select(select)
      .from(appointments)
      .innerJoin(services, SERVICE_OF_APPOINTMENT)
      .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
      .where(and(mine, eq(appointments.status, "booked"), gt(appointments.startsAt, new Date(o.now))))
      .orderBy(asc(appointments.startsAt))
      .limit(1);
    const next: NextSession | null = upcoming
      ? {
          appointmentId: upcoming.id,
          startMs: upcoming.startsAt.getTime(),
          serviceName: upcoming.serviceName,
          serviceNameFr: upcoming.serviceNameFr,
        }
      : null;
    if (done.length === 0) return { sessions: [], next };

    // Signed charts only, and only of this client's completed sessions.
    const charts = await readCharts(tx, o.keyRing, organizationId, {
      clientId,
      appointmentIds: done.map((a) => a.id),
      signedOnly: true,
    });
    const chartOf = new Map(charts.filter((c) => c.clientId === clientId && c.status === "signed").map((c) => [c.appointmentId, c]));
    const sessions = done.map((a): SessionHistoryEntry => {
      const view = chartOf.get(a.id);
      const chart = view?.chart ?? null;
      return {
        appointmentId: a.id,
        startMs: a.startsAt.getTime(),
        serviceName: a.serviceName,
        serviceNameFr: a.serviceNameFr,
        practitionerName: a.practitionerName,
        notes: !view ? "pending" : chart ? "signed" : "unreadable",
        areas: chart ? chart.areas.map((x) => x.zone) : [],
        expectations: chart ? expectationsOf(chart) : [],
      };
    });
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "sessions" });
    return { sessions, next };
  });
}
