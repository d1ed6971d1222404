// Charting a treatment session: the practitioner booked for it opens the
// chart once the session has started (after the day-of check and the consent
// gate, src/scheduling/appointment-day.ts), saves it as often as needed, and
// signs it. A signed chart is locked (the database refuses changes too); what
// comes later is an addendum with its own author and time. Charts are health
// information: encrypted, every view and change audited (docs/session-chart.md).
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/open.ts";
import { appointments, clients, services } from "../../db/schema.ts";
import { DomainError, FieldError, NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { isPlainLine } from "../../kernel/text.ts";
import type { Actor } from "../../kernel/access.ts";
import { HEALTH_ACTIONS, auditStaffHealth, withAccess } from "../../privacy/access.ts";
import { sessionChartAddenda, sessionChartLots, sessionCharts } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { loadClinic } from "../../scheduling/clinic.ts";
import { localDateOf, localDateTimeToEpoch } from "../../scheduling/time.ts";
import {
  ADDENDUM_MAX,
  ADDENDUM_MIN,
  deeperThanPlannedRuleIds,
  validateChart,
  type ChartDraft,
  type ChartLimits,
  type StoredChart,
} from "../chart.ts";
import { listSupplies } from "../lots.ts";
import type { PlanDraft, ZoneId } from "../types.ts";
import { effectiveZoneMaxima } from "../zones.ts";
import { canonicalJson } from "./content.ts";
import { loadContext } from "./context.ts";
import { PlanRefusedError } from "./errors.ts";
import { addendumContext, chartContext, chartSha256, readCharts, sha256, type ChartView } from "./chart-read.ts";
import { keepAftercareSettings, queueAftercareMessage } from "./aftercare-message.ts";
import { readPlan } from "./read.ts";
import { mayEdit } from "./staff-edit.ts";

/** The chart was changed by someone else since the page was opened. */
export class ChartChangedError extends DomainError {
  constructor() {
    super("conflict", "This chart was changed since you opened it. Reload it to see the changes, then enter yours again.");
    this.name = "ChartChangedError";
  }
}

/** A signed chart is locked: later words go in an addendum. */
export class ChartSignedError extends DomainError {
  constructor() {
    super("conflict", "This chart is signed and locked. Add an addendum to record anything more.");
    this.name = "ChartSignedError";
  }
}

export interface ChartAppointment {
  id: string;
  clientId: string;
  clientName: string;
  practitionerId: string;
  serviceName: string;
  startsAt: number;
  startedAt: number | null;
  completedAt: number | null;
  status: string;
  planId: string | null;
  planSession: number | null;
  timeZone: string;
  localDate: string;
}

export interface ChartPage {
  appointment: ChartAppointment;
  chart: ChartView | null;
  limits: ChartLimits;
  /** Whether this staff member charts this session (the practitioner booked for it, once it has started). */
  mayChart: boolean;
  /** Why not, in words, when they may not. */
  notChartingBecause: string | null;
  mayAddAddendum: boolean;
  /** The signed plan version the limits come from, if any. */
  plan: { id: string; version: number; zones: PlanDraft["zones"] } | null;
}

async function chartAppointment(db: Db | Tx, organizationId: string, appointmentId: string): Promise<ChartAppointment> {
  if (!isUuid(appointmentId)) throw new NotFoundError("The appointment");
  const [row] = await db
    .select({ a: appointments, clientName: clients.name, serviceName: services.name, kind: services.kind })
    .from(appointments)
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .where(and(eq(appointments.id, appointmentId), eq(appointments.organizationId, organizationId)));
  if (!row || row.kind !== "treatment") throw new NotFoundError("The treatment appointment");
  const clinic = await loadClinic(db, organizationId);
  const tz = clinic.location.timeZone;
  return {
    id: row.a.id,
    clientId: row.a.clientId!,
    clientName: row.clientName,
    practitionerId: row.a.practitionerId,
    serviceName: row.serviceName,
    startsAt: row.a.startsAt.getTime(),
    startedAt: row.a.startedAt?.getTime() ?? null,
    completedAt: row.a.completedAt?.getTime() ?? null,
    status: row.a.status,
    planId: row.a.planId,
    planSession: row.a.planSession,
    timeZone: tz,
    localDate: localDateOf(row.a.startsAt.getTime(), tz),
  };
}

/** Why this staff member may not chart this session, or null when they may. */
function chartingRefusal(staff: Actor, a: ChartAppointment): string | null {
  if (staff.practitionerId === null || staff.practitionerId !== a.practitionerId)
    return "Only the practitioner booked for this treatment charts it.";
  if (a.startedAt === null)
    return "The chart opens when the session starts: check the client in, run the day-of check, then start the session.";
  if (a.status !== "booked" && a.status !== "completed") return "This appointment did not take place.";
  return null;
}

/** The signed plan a session was booked under can't be read: charting waits rather than falling back to looser limits. */
export class ChartPlanUnreadableError extends DomainError {
  constructor() {
    super(
      "conflict",
      "The signed plan of this session can't be read (it failed its integrity check). Tell the clinic's owner; the chart opens once the plan reads again.",
    );
    this.name = "ChartPlanUnreadableError";
  }
}

/** What a saved chart already holds: the plan version it was first saved under, and the device and lots it names. */
interface ChartKeeps {
  planVersion: number | null;
  deviceId: string | null;
  lotIds: readonly string[];
}

/**
 * The limits a chart of this appointment is held to: the signed plan's depths
 * (the version the chart was first saved under, so a plan amended later does
 * not change the rules of a session already done), the clinic's maxima, the
 * screening, and the devices and lots — a lot or device taken out of use
 * after the chart named it stays usable in that chart; expiry always counts.
 */
async function limitsFor(
  tx: Tx,
  keyRing: KeyRing,
  staff: Actor,
  a: ChartAppointment,
  keeps: ChartKeeps = { planVersion: null, deviceId: null, lotIds: [] },
): Promise<{ limits: ChartLimits; plan: ChartPage["plan"] }> {
  const ctx = await loadContext(tx, keyRing, staff.organizationId, a.clientId);
  const maxima = effectiveZoneMaxima(ctx.clinicMaxima);
  const zoneMaximumMm = Object.fromEntries(Object.entries(maxima).map(([z, m]) => [z, m.maxMm])) as Record<ZoneId, number>;
  let plan: ChartPage["plan"] = null;
  if (a.planId) {
    const view = await readPlan(tx, keyRing, staff.organizationId, a.planId);
    const signed = view.versions.filter((v) => v.status === "accepted" || v.status === "superseded");
    const version = keeps.planVersion !== null ? signed.find((v) => v.version === keeps.planVersion) : view.accepted;
    if (!version?.draft) throw new ChartPlanUnreadableError();
    plan = { id: view.id, version: version.version, zones: version.draft.zones };
  }
  const plannedMaxMm: Partial<Record<ZoneId, number>> = {};
  for (const z of plan?.zones ?? []) plannedMaxMm[z.zone] = z.depthMaxMm;
  const supplies = await listSupplies(tx, staff.organizationId);
  return {
    plan,
    limits: {
      plannedMaxMm,
      zoneMaximumMm,
      hasPlan: plan !== null,
      anaestheticAllergy: ctx.anaestheticAllergy,
      onDate: a.localDate,
      lots: supplies.lots.map((l) => (keeps.lotIds.includes(l.id) ? { ...l, active: true } : l)),
      devices: supplies.devices.map((d) => (d.id === keeps.deviceId ? { ...d, active: true } : d)),
    },
  };
}

/** The chart page of an appointment: the chart (if any), its limits and what this staff member may do. Audited as a view. */
export async function openChart(db: Db, o: { staff: Actor; keyRing: KeyRing; appointmentId: string; now?: number }): Promise<ChartPage> {
  const now = o.now ?? Date.now();
  const appointment = await chartAppointment(db, o.staff.organizationId, o.appointmentId);
  return withAccess(db, { staff: o.staff, clientId: appointment.clientId, now, attempted: "view" }, async (tx, d, via) => {
    const [chart] = await readCharts(tx, o.keyRing, o.staff.organizationId, { appointmentIds: [appointment.id] });
    let planProblem: string | null = null;
    let held: Awaited<ReturnType<typeof limitsFor>>;
    try {
      held = await limitsFor(tx, o.keyRing, o.staff, appointment, keepsOf(chart ?? null));
    } catch (error) {
      if (!(error instanceof ChartPlanUnreadableError)) throw error;
      planProblem = error.message;
      held = await limitsFor(tx, o.keyRing, o.staff, { ...appointment, planId: null }, keepsOf(chart ?? null));
    }
    const { limits, plan } = held;
    await auditStaffHealth(tx, o.staff, appointment.clientId, HEALTH_ACTIONS.view, {
      part: "chart",
      appointmentId: appointment.id,
      role: o.staff.role,
      access: via,
    });
    const refusal = planProblem ?? chartingRefusal(o.staff, appointment);
    const edit = mayEdit(o.staff)(d) === null;
    return {
      appointment,
      chart: chart ?? null,
      limits,
      plan,
      mayChart: edit && refusal === null && chart?.status !== "signed",
      notChartingBecause: !edit ? "Your role does not allow you to change this client's health record." : refusal,
      mayAddAddendum: edit && chart?.status === "signed",
    };
  });
}

/** What a stored chart keeps of the lists (see limitsFor). */
function keepsOf(view: ChartView | null): ChartKeeps {
  return {
    planVersion: view?.planVersion ?? null,
    deviceId: view?.chart?.deviceId ?? null,
    lotIds: view?.chart?.lots.map((l) => l.id) ?? [],
  };
}

const clean = (s: unknown) => (typeof s === "string" ? s.replace(/\r\n/g, "\n").trim() : "");

/** The checked chart with what the server fills in: the device and lots as they stand, the numbing instants, the plan's depths. */
function stored(draft: ChartDraft, limits: ChartLimits, a: ChartAppointment): StoredChart {
  const violations = validateChart(draft, limits);
  const numbing = draft.numbing;
  const appliedAtMs = numbing ? localDateTimeToEpoch(a.localDate, numbing.appliedAt, a.timeZone) : null;
  const removedAtMs = numbing ? localDateTimeToEpoch(a.localDate, numbing.removedAt, a.timeZone) : null;
  if (numbing && violations.length === 0) {
    const skipped = "That time does not exist on this day (the clocks changed): check it.";
    if (appliedAtMs === null) violations.push({ rule: "numbing.time", field: "numbing.appliedAt", message: skipped });
    if (removedAtMs === null) violations.push({ rule: "numbing.time", field: "numbing.removedAt", message: skipped });
    // Compared as instants, so an hour repeated when the clocks go back is ordered as it happened.
    if (appliedAtMs !== null && removedAtMs !== null && removedAtMs <= appliedAtMs)
      violations.push({
        rule: "numbing.order",
        field: "numbing.removedAt",
        message: "It was removed after it was applied: check the times.",
      });
  }
  if (violations.length > 0) throw new PlanRefusedError(violations);
  const device = limits.devices.find((d) => d.id === draft.deviceId)!;
  const usedIds = [draft.cartridgeLotId, ...(numbing ? [numbing.lotId] : []), ...draft.glideLotIds, ...draft.productLotIds];
  const lots = [...new Set(usedIds)].map((id) => {
    const { active: _active, ...lot } = limits.lots.find((l) => l.id === id)!;
    return lot;
  });
  return {
    numbing: numbing ? { ...numbing, strength: clean(numbing.strength), zones: [...new Set(numbing.zones)] } : null,
    deviceId: device.id,
    cartridgeLotId: draft.cartridgeLotId,
    areas: draft.areas.map((x) => {
      const reason = clean(x.depthReason);
      return {
        zone: x.zone,
        depthMm: x.depthMm,
        passes: x.passes,
        technique: x.technique,
        endpoint: x.endpoint,
        ...(reason ? { depthReason: reason } : {}),
      };
    }),
    glideLotIds: [...new Set(draft.glideLotIds)],
    productLotIds: [...new Set(draft.productLotIds)],
    reactions: draft.reactions.map((r) => ({ kind: r.kind, action: clean(r.action) })),
    nextTime: clean(draft.nextTime),
    device: { id: device.id, model: device.model, serial: device.serial },
    lots,
    numbingAppliedAtMs: appliedAtMs,
    numbingRemovedAtMs: removedAtMs,
    planned: draft.areas.map((x) => ({
      zone: x.zone,
      plannedMaxMm: limits.plannedMaxMm[x.zone] ?? null,
      zoneMaximumMm: limits.zoneMaximumMm[x.zone],
    })),
  };
}

/** Runs a change of an appointment's chart: access decided and the session's practitioner checked, the chart row locked. */
async function changeChart<T>(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; appointmentId: string; now: number; attempted: string },
  work: (tx: Tx, a: ChartAppointment, row: typeof sessionCharts.$inferSelect | undefined, via: string) => Promise<T>,
): Promise<T> {
  const appointment = await chartAppointment(db, o.staff.organizationId, o.appointmentId);
  return withAccess(
    db,
    { staff: o.staff, clientId: appointment.clientId, now: o.now, attempted: o.attempted, require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const refusal = chartingRefusal(o.staff, appointment);
      if (refusal) throw new DomainError("forbidden", refusal);
      const [row] = await tx
        .select()
        .from(sessionCharts)
        .where(and(eq(sessionCharts.appointmentId, appointment.id), eq(sessionCharts.organizationId, o.staff.organizationId)))
        .for("update");
      return work(tx, appointment, row, via);
    },
  );
}

async function writeLots(tx: Tx, organizationId: string, chartId: string, chart: StoredChart): Promise<void> {
  await tx.delete(sessionChartLots).where(eq(sessionChartLots.chartId, chartId));
  if (chart.lots.length > 0) await tx.insert(sessionChartLots).values(chart.lots.map((l) => ({ chartId, organizationId, lotId: l.id })));
}

/**
 * Saves the chart of a started session (a draft until signed). `basedOn` is
 * the hash the page loaded (null for a new chart): a chart changed by someone
 * else meanwhile is refused rather than overwritten.
 */
export async function saveChart(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; appointmentId: string; draft: ChartDraft; basedOn: string | null; now?: number },
): Promise<{ chartId: string; contentSha256: string }> {
  const now = o.now ?? Date.now();
  return changeChart(db, { ...o, now, attempted: "edit" }, async (tx, a, row, via) => {
    if (row?.status === "signed") throw new ChartSignedError();
    if ((row?.contentSha256 ?? null) !== o.basedOn) throw new ChartChangedError();
    const keeps: ChartKeeps = row
      ? {
          planVersion: row.planVersion,
          deviceId: row.deviceId,
          lotIds: (await tx.select({ id: sessionChartLots.lotId }).from(sessionChartLots).where(eq(sessionChartLots.chartId, row.id))).map(
            (l) => l.id,
          ),
        }
      : { planVersion: null, deviceId: null, lotIds: [] };
    const { limits, plan } = await limitsFor(tx, o.keyRing, o.staff, a, keeps);
    const chart = stored(o.draft, limits, a);
    const sha = chartSha256(chart);
    const organizationId = o.staff.organizationId;
    const chartId = row?.id ?? randomUUID();
    const values = {
      contentEncrypted: o.keyRing.encrypt(canonicalJson(chart), chartContext({ organizationId, id: chartId })),
      contentSha256: sha,
      deviceId: chart.deviceId,
      planId: plan?.id ?? null,
      planVersion: plan?.version ?? null,
      updatedAt: new Date(now),
    };
    if (row)
      await tx
        .update(sessionCharts)
        .set(values)
        .where(and(eq(sessionCharts.organizationId, organizationId), eq(sessionCharts.id, chartId)));
    else {
      // Two first saves at once (two windows): the second finds the first's row and is told the chart changed.
      const inserted = await tx
        .insert(sessionCharts)
        .values({
          id: chartId,
          organizationId,
          clientId: a.clientId,
          appointmentId: a.id,
          status: "draft",
          authorUserId: o.staff.userId,
          createdAt: new Date(now),
          ...values,
        })
        .onConflictDoNothing({ target: [sessionCharts.organizationId, sessionCharts.appointmentId] })
        .returning({ id: sessionCharts.id });
      if (inserted.length === 0) throw new ChartChangedError();
    }
    await writeLots(tx, organizationId, chartId, chart);
    await auditStaffHealth(tx, o.staff, a.clientId, HEALTH_ACTIONS.edit, {
      change: row ? "chart-changed" : "chart-started",
      appointmentId: a.id,
      chartId,
      role: o.staff.role,
      access: via,
      deeperThanPlanned: deeperThanPlannedRuleIds(chart, limits),
    });
    return { chartId, contentSha256: sha };
  });
}

/**
 * The practitioner signs the chart they saved: checked once more against the
 * limits as they stand now (a lot that expired since is refused), then locked.
 */
export async function signChart(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    appointmentId: string;
    basedOn: string;
    now?: number;
    /** Where the client signs in; when given, they get the aftercare e-mail (docs/aftercare.md), which names nothing but the portal. */
    notify?: { baseUrl: string };
  },
): Promise<void> {
  const now = o.now ?? Date.now();
  await changeChart(db, { ...o, now, attempted: "edit" }, async (tx, a, row, via) => {
    if (!row) throw new DomainError("conflict", "Save the chart before you sign it.");
    if (row.status === "signed") throw new ChartSignedError();
    if (row.contentSha256 !== o.basedOn) throw new ChartChangedError();
    const [view] = await readCharts(tx, o.keyRing, o.staff.organizationId, { appointmentIds: [a.id] });
    if (!view?.chart) throw new DomainError("conflict", "This chart can't be read back as it was saved: save it again before signing.");
    const { limits } = await limitsFor(tx, o.keyRing, o.staff, a, keepsOf(view));
    // The same checks as a save, on the stored content: nothing signed breaks a limit in force now.
    stored(view.chart, limits, a);
    await tx
      .update(sessionCharts)
      .set({ status: "signed", signedAt: new Date(now), signedByUserId: o.staff.userId, updatedAt: new Date(now) })
      .where(eq(sessionCharts.id, row.id));
    // The aftercare periods of this session are those in force at its signature (docs/aftercare.md).
    await keepAftercareSettings(tx, { organizationId: o.staff.organizationId, appointmentId: a.id });
    if (o.notify)
      await queueAftercareMessage(tx, {
        organizationId: o.staff.organizationId,
        appointmentId: a.id,
        clientId: a.clientId,
        baseUrl: o.notify.baseUrl,
      });
    await auditStaffHealth(tx, o.staff, a.clientId, HEALTH_ACTIONS.edit, {
      change: "chart-signed",
      appointmentId: a.id,
      chartId: row.id,
      role: o.staff.role,
      access: via,
    });
  });
}

/** Adds an addendum to a signed chart: anyone who may change the client's record, under their own name and time. */
export async function addChartAddendum(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; appointmentId: string; body: string; now?: number },
): Promise<{ id: string }> {
  const now = o.now ?? Date.now();
  const body = clean(o.body);
  if (body.length < ADDENDUM_MIN) throw new FieldError({ body: "Write the addendum." });
  if (body.length > ADDENDUM_MAX) throw new FieldError({ body: `Use at most ${ADDENDUM_MAX} characters.` });
  if (!isPlainLine(body.replace(/\n/g, " "))) throw new FieldError({ body: "Remove the control characters from the text." });
  const appointment = await chartAppointment(db, o.staff.organizationId, o.appointmentId);
  return withAccess(
    db,
    { staff: o.staff, clientId: appointment.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const [row] = await tx
        .select({ id: sessionCharts.id, status: sessionCharts.status })
        .from(sessionCharts)
        .where(and(eq(sessionCharts.appointmentId, appointment.id), eq(sessionCharts.organizationId, o.staff.organizationId)));
      if (!row || row.status !== "signed")
        throw new DomainError("conflict", "An addendum is added to a signed chart: sign the chart first.");
      const id = randomUUID();
      const organizationId = o.staff.organizationId;
      await tx.insert(sessionChartAddenda).values({
        id,
        chartId: row.id,
        organizationId,
        authorUserId: o.staff.userId,
        createdAt: new Date(now),
        bodyEncrypted: o.keyRing.encrypt(body, addendumContext({ organizationId, chartId: row.id, id })),
        bodySha256: sha256(body),
      });
      await auditStaffHealth(tx, o.staff, appointment.clientId, HEALTH_ACTIONS.edit, {
        change: "chart-addendum",
        appointmentId: appointment.id,
        chartId: row.id,
        role: o.staff.role,
        access: via,
      });
      return { id };
    },
  );
}

/** Which of these appointments have a chart, and whether it is signed (no content: safe for the calendar and appointment lists). */
export async function chartStatuses(
  db: Db | Tx,
  organizationId: string,
  appointmentIds: string[],
): Promise<Map<string, "draft" | "signed">> {
  const ids = appointmentIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ appointmentId: sessionCharts.appointmentId, status: sessionCharts.status })
    .from(sessionCharts)
    .where(and(eq(sessionCharts.organizationId, organizationId), inArray(sessionCharts.appointmentId, ids)));
  return new Map(rows.map((r) => [r.appointmentId, r.status]));
}
