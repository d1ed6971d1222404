// Session-chart helpers the chart tests and the record-export tests share: a
// started treatment of a signed plan, a device and lots to chart with, and a
// chart that keeps every limit. They use the plan testbed's clinic (call
// usePlanTestbed() at the top of the test file).
import { signCurrentConsent } from "../../consent/test-fixtures.ts";
import { addAppointment } from "../../privacy/test-fixtures.ts";
import { loadClinicRules } from "../../screening/clinic-rules.ts";
import { applyDayOfChanges } from "../../screening/day-of.ts";
import { recordDayOfScreening } from "../../screening/record/day-of-screening.ts";
import { NO_DAY_OF_CHANGES } from "../../screening/test-fixtures.ts";
import { takeDayStep } from "../../scheduling/appointment-day.ts";
import { addDays, localDateOf } from "../../scheduling/time.ts";
import type { ChartDraft } from "../chart.ts";
import type { PlanZone } from "../types.ts";
import { addDevice, addLot } from "../lots.ts";
import { addChartAddendum, saveChart, signChart } from "./chart.ts";
import { acceptedPlan, desk, f, glideId, NOW, numbingProductId, practitioner, productId, owner } from "./test-fixtures.ts";

const HOUR = 3_600_000;
let slot = 0;

/** The client checked in by the desk, cleared by the practitioner's day-of check, and their consent signed, at `at`. */
export async function clearForTreatment(o: { appointmentId: string; clientId: string; at: number }): Promise<string> {
  const db = f.database.db;
  await takeDayStep(db, { actor: desk, appointmentId: o.appointmentId, step: "arrive", keyRing: f.keyRing, now: o.at });
  const today = localDateOf(o.at, f.clinic.location.timeZone);
  await recordDayOfScreening(db, {
    staff: practitioner,
    keyRing: f.keyRing,
    clientId: o.clientId,
    appointmentId: o.appointmentId,
    rules: await loadClinicRules(db, f.clinic.organizationId),
    change: (latest) => applyDayOfChanges(latest!, NO_DAY_OF_CHANGES, today),
    now: o.at,
  });
  await signCurrentConsent(db, { organizationId: f.clinic.organizationId, clientId: o.clientId, name: "Plan Client", now: o.at });
  return today;
}

/**
 * A treatment of a signed plan (of these zones, or the testbed's), taken
 * through arrival, the day-of check, consent and start, on its own day: the
 * file's sessions 3 hours apart from `firstHour` (24) hours after NOW.
 */
export async function startedSession(o: { start?: boolean; zones?: PlanZone[]; firstHour?: number } = {}) {
  const db = f.database.db;
  const { planId, clientId } = await acceptedPlan(o.zones ? { zones: o.zones } : {});
  const at = NOW + (++slot * 3 + (o.firstHour ?? 24)) * HOUR;
  const a = await addAppointment(f, {
    clientId,
    practitionerId: practitioner.practitionerId!,
    start: new Date(at),
    slug: "microneedling-face",
    minutes: 60,
    planId,
    planSession: 1,
  });
  const today = await clearForTreatment({ appointmentId: a.id, clientId, at });
  if (o.start !== false) await takeDayStep(db, { actor: practitioner, appointmentId: a.id, step: "start", keyRing: f.keyRing, now: at });
  return { appointmentId: a.id, clientId, planId, at, today };
}

/** What every chart call about a session passes: its practitioner, the keys, the appointment and the session's time. */
export const chartCall = (s: { appointmentId: string; at: number }) => ({
  staff: practitioner,
  keyRing: f.keyRing,
  appointmentId: s.appointmentId,
  now: s.at,
});

/**
 * The session's chart saved and signed by its practitioner (the client
 * e-mailed their aftercare when `notify` is given), then the addendum (if any)
 * added; the signed hash.
 */
export async function signedChart(
  s: { appointmentId: string; at: number },
  draft: ChartDraft,
  addendum?: string,
  notify?: { baseUrl: string },
): Promise<string> {
  const db = f.database.db;
  const { contentSha256 } = await saveChart(db, { ...chartCall(s), draft, basedOn: null });
  await signChart(db, { ...chartCall(s), basedOn: contentSha256, ...(notify ? { notify } : {}) });
  if (addendum !== undefined) await addChartAddendum(db, { ...chartCall(s), body: addendum });
  return contentSha256;
}

let lotCounter = 0;
/** A device and a lot of each kind, added by the owner, for charting on `today`. */
export async function supplies(today: string) {
  const db = f.database.db;
  const n = ++lotCounter;
  const device = await addDevice(db, { staff: owner, input: { model: "Pen A6", serial: `SN-${n}-${NOW}` } });
  const lot = (kind: string, extra: Record<string, unknown>, expiresOn = addDays(today, 365)) =>
    addLot(db, { staff: owner, input: { kind, lot: `L${n}-${kind}-${expiresOn}`, receivedOn: addDays(today, -30), expiresOn, ...extra } });
  return {
    deviceId: device.id,
    cartridge: (await lot("cartridge", { name: "12-pin cartridge", needleCount: 12 })).id,
    expiredCartridge: (await lot("cartridge", { name: "12-pin cartridge", needleCount: 12 }, addDays(today, -1))).id,
    glide: (await lot("glide", { itemId: glideId })).id,
    product: (await lot("product", { itemId: productId })).id,
    numbing: (await lot("numbing", { itemId: numbingProductId })).id,
  };
}

/** A chart of both cheeks within the plan, with the supplies given; `o` overrides any field. */
export function chart(s: Awaited<ReturnType<typeof supplies>>, o: Partial<ChartDraft> = {}): ChartDraft {
  return {
    numbing: null,
    deviceId: s.deviceId,
    cartridgeLotId: s.cartridge,
    areas: [
      { zone: "cheek-left", depthMm: 1, passes: 3, technique: "crosshatch", endpoint: "even-erythema" },
      { zone: "cheek-right", depthMm: 0.75, passes: 2, technique: "crosshatch", endpoint: "mild-erythema" },
    ],
    glideLotIds: [s.glide],
    productLotIds: [s.product],
    reactions: [],
    nextTime: "Tolerated well; keep the same depths.",
    ...o,
  };
}
