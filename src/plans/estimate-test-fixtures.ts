// A plan draft and its areas for the tests of what the client reads
// (estimate.test.ts, client-copy.test.ts): both cheeks for acne scars, no
// numbing cream, four sessions 28 to 42 days apart. Each test changes one thing.
import type { PlanDraft, PlanZone, ZoneId } from "./types.ts";

export const z = (zone: ZoneId, indication: PlanZone["indication"], depthMaxMm = 0.5, depthMinMm = 0.25): PlanZone => ({
  zone,
  indication,
  depthMinMm,
  depthMaxMm,
});

export function draft(over: Partial<PlanDraft> = {}): PlanDraft {
  return {
    assessment: { fitzpatrick: 2, fitzpatrickFromIntake: 2, glogau: null, concerns: [], notes: "" },
    zones: [z("cheek-left", "acne-scars", 1.5, 1.0), z("cheek-right", "acne-scars", 1.5, 1.0)],
    serviceId: "svc",
    practitionerId: null,
    sessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    numbingCream: false,
    productIds: [],
    pricePerSessionCents: 25000,
    packagePriceCents: 90000,
    currency: "CAD",
    noteToClient: "",
    ...over,
  };
}
