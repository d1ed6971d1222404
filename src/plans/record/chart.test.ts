// The session chart on the database: who charts, the limits a chart keeps
// (deeper than planned needs a reason, over the zone's maximum and expired
// lots refused), signing locks it (in the database too), addenda, and the
// recall search finding exactly the clients treated with a lot.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createKeyRing, generateDataKey, keyIdOf } from "../../privacy/keyring.ts";
import { encryptedValueCounts, reencryptHealthData } from "../../privacy/key-rotation.ts";
import { auditEvents } from "../../db/schema.ts";
import { ForbiddenError } from "../../kernel/errors.ts";
import { HealthAccessDeniedError } from "../../privacy/access.ts";
import { takeDayStep } from "../../scheduling/appointment-day.ts";
import { addDays } from "../../scheduling/time.ts";
import type { ChartDraft } from "../chart.ts";
import { retireSupply } from "../lots.ts";
import { chart, chartCall, signedChart, startedSession, supplies } from "./chart-test-fixtures.ts";
import { desk, f, outsider, owner, practitioner, usePlanTestbed } from "./test-fixtures.ts";
import { addChartAddendum, ChartChangedError, ChartSignedError, openChart, saveChart, signChart } from "./chart.ts";
import { recallSearch } from "./recall.ts";
import { PlanRefusedError } from "./errors.ts";

usePlanTestbed();
// This file's values are under a key the test holds, so that it can rotate it.
const baseKey = generateDataKey();
beforeAll(() => {
  f.keyRing = createKeyRing([baseKey]);
});

const HOUR = 3_600_000;

const rulesOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PlanRefusedError);
  return (e as PlanRefusedError).violations.map((v) => v.rule);
};

describe("the session chart", () => {
  it("is saved by the session's practitioner, encrypted, with deeper-than-planned areas needing a reason, and read back", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const deeper = chart(lots, {
      areas: [
        { zone: "cheek-left", depthMm: 1.25, passes: 3, technique: "crosshatch", endpoint: "pinpoint-bleeding" },
        { zone: "cheek-right", depthMm: 1, passes: 2, technique: "linear", endpoint: "even-erythema" },
      ],
    });
    const save = (draft: ChartDraft, basedOn: string | null = null) => saveChart(db, { ...chartCall(s), draft, basedOn });
    expect(await rulesOf(save(deeper))).toEqual(["depth.deeper-than-planned"]);
    const reasoned = structuredClone(deeper);
    reasoned.areas[0]!.depthReason = "Deep rolling scars tolerated the plan's depth well last time.";
    const saved = await save(reasoned);

    const page = await openChart(db, chartCall(s));
    expect(page.mayChart).toBe(true);
    expect(page.chart?.status).toBe("draft");
    expect(page.chart?.contentSha256).toBe(saved.contentSha256);
    expect(page.chart?.chart?.areas.map((a) => [a.zone, a.depthMm, a.depthReason ?? null])).toEqual([
      ["cheek-left", 1.25, "Deep rolling scars tolerated the plan's depth well last time."],
      ["cheek-right", 1, null],
    ]);
    expect(page.chart?.chart?.planned).toEqual([
      { zone: "cheek-left", plannedMaxMm: 1, zoneMaximumMm: expect.any(Number) },
      { zone: "cheek-right", plannedMaxMm: 1, zoneMaximumMm: expect.any(Number) },
    ]);
    expect(page.chart?.chart?.lots.map((l) => l.kind).sort()).toEqual(["cartridge", "glide", "product"]);
    expect(page.plan?.id).toBe(s.planId);

    // Stored encrypted: the reason and the zones are nowhere in clear.
    const raw = JSON.stringify(await db.execute(sql`SELECT * FROM session_charts WHERE appointment_id = ${s.appointmentId}`));
    expect(raw).not.toContain("rolling scars");
    expect(raw).not.toContain("cheek-left");
    // The audit keeps which area went deeper, never the reason.
    const edits = await db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "health-record.edit"), eq(auditEvents.entityId, s.clientId)));
    const started = edits.map((e) => e.details as Record<string, unknown>).find((d) => d.change === "chart-started");
    expect(started?.deeperThanPlanned).toEqual(["depth.deeper-than-planned:cheek-left"]);
    expect(JSON.stringify(edits)).not.toContain("rolling scars");
    // A save over a stale copy is refused.
    await expect(save(chart(lots), null)).rejects.toBeInstanceOf(ChartChangedError);
    await save(chart(lots), saved.contentSha256);
  });

  it("refuses a depth above the zone's maximum, an expired or retired lot, an area outside the plan and bad numbing", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const save = (draft: ChartDraft) => saveChart(db, { ...chartCall(s), draft, basedOn: null });
    const over = chart(lots, {
      areas: [
        {
          zone: "cheek-left",
          depthMm: 3,
          passes: 2,
          technique: "crosshatch",
          endpoint: "mild-erythema",
          depthReason: "A long enough reason here.",
        },
      ],
    });
    expect(await rulesOf(save(over))).toEqual(["depth.absolute-ceiling"]);
    expect(await rulesOf(save(chart(lots, { cartridgeLotId: lots.expiredCartridge })))).toEqual(["lot.expired"]);
    await retireSupply(db, { staff: owner, what: "lot", id: lots.glide });
    expect(await rulesOf(save(chart(lots)))).toEqual(["lot.retired"]);
    const fresh = await supplies(s.today);
    expect(
      await rulesOf(
        save(chart(fresh, { areas: [{ zone: "forehead", depthMm: 0.5, passes: 2, technique: "crosshatch", endpoint: "mild-erythema" }] })),
      ),
    ).toEqual(["zone.not-planned"]);
    expect(
      await rulesOf(
        save(chart(fresh, { numbing: { lotId: fresh.cartridge, strength: "", zones: [], appliedAt: "10:30", removedAt: "10:00" } })),
      ),
    ).toEqual(["lot.unknown", "numbing.strength", "numbing.zones"]);
    const numbing = {
      lotId: fresh.numbing,
      strength: "4 % lidocaine",
      zones: ["cheek-left" as const],
      appliedAt: "10:30",
      removedAt: "10:00",
    };
    expect(await rulesOf(save(chart(fresh, { numbing })))).toEqual(["numbing.order"]);
    expect(await rulesOf(save(chart(fresh, { numbing: { ...numbing, removedAt: "11:00", zones: ["forehead"] } })))).toEqual([
      "numbing.zones-treated",
    ]);
    const twice = [
      { kind: "other" as const, action: "Dizzy" },
      { kind: "other" as const, action: "Again" },
    ];
    expect(await rulesOf(save(chart(fresh, { reactions: twice })))).toEqual(["reaction.duplicate"]);
    expect(await rulesOf(save(chart(fresh, { areas: [] })))).toEqual(["areas.none"]);
    // Nothing was stored by the refused saves.
    const page = await openChart(db, chartCall(s));
    expect(page.chart).toBeNull();
  });

  it("is charted only by the session's own practitioner, once the session has started", async () => {
    const db = f.database.db;
    const s = await startedSession({ start: false });
    const lots = await supplies(s.today);
    const save = (staff: typeof practitioner) =>
      saveChart(db, { staff, keyRing: f.keyRing, appointmentId: s.appointmentId, draft: chart(lots), basedOn: null, now: s.at });
    await expect(save(practitioner)).rejects.toThrow(/chart opens when the session starts/);
    await takeDayStep(db, { actor: practitioner, appointmentId: s.appointmentId, step: "start", keyRing: f.keyRing, now: s.at });
    // The front desk never reads health information; another practitioner is outside the care team.
    await expect(openChart(db, { staff: desk, keyRing: f.keyRing, appointmentId: s.appointmentId, now: s.at })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    await expect(save(desk)).rejects.toBeInstanceOf(HealthAccessDeniedError);
    await expect(save(outsider)).rejects.toBeInstanceOf(HealthAccessDeniedError);
    // The owner may read it (breaking the glass is theirs) but is not the practitioner booked.
    await expect(save(owner)).rejects.toThrow();
    await save(practitioner);
  });

  it("is locked once signed: saves refused, the database refuses changes, addenda keep their author and time", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const { contentSha256 } = await saveChart(db, { ...chartCall(s), draft: chart(lots), basedOn: null });
    await expect(addChartAddendum(db, { ...chartCall(s), body: "Too early" })).rejects.toThrow(/sign the chart first/);
    await signChart(db, { ...chartCall(s), basedOn: contentSha256, now: s.at + 1 });
    await expect(saveChart(db, { ...chartCall(s), draft: chart(lots), basedOn: contentSha256 })).rejects.toBeInstanceOf(ChartSignedError);
    await expect(signChart(db, { ...chartCall(s), basedOn: contentSha256 })).rejects.toBeInstanceOf(ChartSignedError);
    await expect(db.execute(sql`UPDATE session_charts SET plan_version = 9 WHERE appointment_id = ${s.appointmentId}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM session_chart_lots WHERE lot_id = ${lots.glide}`)).rejects.toThrow();
    await expect(
      db.execute(sql`INSERT INTO session_chart_lots (chart_id, organization_id, lot_id)
        SELECT id, organization_id, ${lots.glide}::uuid FROM session_charts WHERE appointment_id = ${s.appointmentId}`),
    ).rejects.toThrow();

    await addChartAddendum(db, { ...chartCall(s), body: "Client called on day 2: redness settled.", now: s.at + 2 * HOUR });
    await expect(addChartAddendum(db, { ...chartCall(s), body: " " })).rejects.toThrow(/Write the addendum/);
    await expect(db.execute(sql`UPDATE session_chart_addenda SET author_user_id = ${owner.userId}`)).rejects.toThrow();
    const page = await openChart(db, chartCall(s));
    expect(page.chart?.status).toBe("signed");
    expect(page.chart?.signedAt).toBe(s.at + 1);
    expect(page.mayChart).toBe(false);
    expect(page.mayAddAddendum).toBe(true);
    expect(page.chart?.addenda).toEqual([
      { id: expect.any(String), author: expect.any(String), createdAt: s.at + 2 * HOUR, body: "Client called on day 2: redness settled." },
    ]);
  });

  it("moves to a new key with a data-key rotation, signed chart and addendum alike, and still reads", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const base = chartCall(s);
    const contentSha256 = await signedChart(s, chart(lots), "Rotated addendum");
    const newKey = generateDataKey();
    await reencryptHealthData(db, { keyRing: createKeyRing([newKey, baseKey], { activeKeyId: keyIdOf(newKey) }) });
    expect([...(await encryptedValueCounts(db)).keys()]).toEqual([keyIdOf(newKey)]);
    f.keyRing = createKeyRing([newKey]);
    const page = await openChart(db, { ...base, keyRing: f.keyRing });
    expect(page.chart?.damaged).toBe(false);
    expect(page.chart?.contentSha256).toBe(contentSha256);
    expect(page.chart?.addenda.map((a) => a.body)).toEqual(["Rotated addendum"]);
  });

  it("keeps at signing the lots and device it named when they were taken out of use since, and refuses a second first save", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const base = chartCall(s);
    const [first, second] = await Promise.allSettled([
      saveChart(db, { ...base, draft: chart(lots), basedOn: null }),
      saveChart(db, { ...base, draft: chart(lots), basedOn: null }),
    ]);
    const saved = [first, second].filter((r) => r.status === "fulfilled");
    const refused = [first, second].filter((r) => r.status === "rejected");
    expect(saved).toHaveLength(1);
    expect(refused.map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(ChartChangedError)]);
    const { contentSha256 } = (saved[0] as PromiseFulfilledResult<{ contentSha256: string }>).value;
    // The cartridge box ran out and the device went for service after the session: the chart is still signed as it was.
    await retireSupply(db, { staff: owner, what: "lot", id: lots.cartridge });
    await retireSupply(db, { staff: owner, what: "device", id: lots.deviceId });
    await signChart(db, { ...base, basedOn: contentSha256 });
    // A signed chart is deleted only with its client (erasure), its lots along with it.
    await db.execute(sql`DELETE FROM session_charts WHERE appointment_id = ${s.appointmentId}`);
    expect((await recallSearch(db, { staff: owner, kind: "lot", id: lots.cartridge })).hits).toEqual([]);
  });

  it("refuses at signing a lot that expired since the chart was saved", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const { contentSha256 } = await saveChart(db, { ...chartCall(s), draft: chart(lots), basedOn: null });
    await db.execute(
      sql`UPDATE supply_lots SET expires_on = ${addDays(s.today, -1)}, received_on = ${addDays(s.today, -40)} WHERE id = ${lots.product}`,
    );
    expect(await rulesOf(signChart(db, { ...chartCall(s), basedOn: contentSha256 }))).toEqual(["lot.expired"]);
  });
});

describe("the recall search", () => {
  it("finds exactly the clients treated with a lot or a device, for the owner only, audited on each client", async () => {
    const db = f.database.db;
    const first = await startedSession();
    const second = await startedSession();
    const third = await startedSession();
    const lots = await supplies(first.today);
    const other = await supplies(second.today);
    const saveWith = (s: typeof first, draft: ChartDraft) => saveChart(db, { ...chartCall(s), draft, basedOn: null });
    await saveWith(first, chart(lots));
    await saveWith(second, chart(other, { productLotIds: [lots.product] }));
    await saveWith(third, chart(other));

    const byProduct = await recallSearch(db, { staff: owner, kind: "lot", id: lots.product });
    expect(byProduct.hits.map((h) => h.clientId).sort()).toEqual([first.clientId, second.clientId].sort());
    const byCartridge = await recallSearch(db, { staff: owner, kind: "lot", id: lots.cartridge });
    expect(byCartridge.hits.map((h) => h.clientId)).toEqual([first.clientId]);
    expect(byCartridge.what.label).toMatch(/12-pin cartridge, lot L/);
    const byDevice = await recallSearch(db, { staff: owner, kind: "device", id: other.deviceId });
    expect(byDevice.hits.map((h) => h.clientId).sort()).toEqual([second.clientId, third.clientId].sort());
    const unused = await supplies(first.today);
    expect((await recallSearch(db, { staff: owner, kind: "lot", id: unused.glide })).hits).toEqual([]);

    for (const staff of [practitioner, desk]) {
      await expect(recallSearch(db, { staff, kind: "lot", id: lots.product })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const views = await db
      .select({ entityId: auditEvents.entityId, details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, "health-record.view"));
    const recallViews = views.filter(
      (v) => (v.details as Record<string, unknown>).part === "recall" && (v.details as Record<string, unknown>).lotId === lots.product,
    );
    expect(recallViews.map((v) => v.entityId).sort()).toEqual([first.clientId, second.clientId].sort());
    const searches = await db.select().from(auditEvents).where(eq(auditEvents.action, "supply.lot-recall-search"));
    expect(searches.length).toBeGreaterThanOrEqual(4);
  });
});
