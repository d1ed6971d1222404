// Plans refused by a limit, with their rule and nothing written: depths,
// intervals, products, the clinic's own maxima, numbing cream and the glide.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../db/open.ts";
import { treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { addGlide, addNumbingProduct, getPlanSettings, setDepthLimit, setNumbingMaximum } from "../settings.ts";
import type { PlanDraft } from "../types.ts";
import { canonicalJson, contentSha256 } from "./content.ts";
import { PlanRefusedError } from "./errors.ts";
import { listPlansForStaff, viewPlanForStaff } from "./staff-view.ts";
import {
  auditCount,
  careClient,
  desk,
  draft,
  f,
  glideId,
  numbingProductId,
  offer,
  owner,
  practitioner,
  save,
  sign,
  usePlanTestbed,
} from "./test-fixtures.ts";
import { createPlan } from "./write.ts";
import { ForbiddenError } from "../../kernel/errors.ts";

usePlanTestbed();

describe("plans: limits", () => {
  it("refuses a periorbital depth above 0.3 mm with its rule and writes nothing", async () => {
    const clientId = await careClient();
    const before = await listPlansForStaff(f.database.db, { staff: practitioner, clientId });
    const bad = draft({ zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.35 }] });
    const error = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: bad }).catch((e) => e);
    expect(error).toBeInstanceOf(PlanRefusedError);
    expect((error as PlanRefusedError).violations).toContainEqual(
      expect.objectContaining({ rule: "depth.zone-maximum", field: "zones.0.depthMaxMm" }),
    );
    expect(await listPlansForStaff(f.database.db, { staff: practitioner, clientId })).toEqual(before);
    const ok = draft({
      zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.3 }],
      intervalMinDays: 28,
    });
    await expect(createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: ok })).resolves.toMatchObject({
      version: 1,
    });
  });

  it("refuses an interval below the indication's minimum, a product not on the list, and numbing with an anaesthetic allergy", async () => {
    const clientId = await careClient({ conditions: ["anaesthetic-allergy"] });
    const error = await createPlan(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      draft: draft({ intervalMinDays: 13, productIds: ["00000000-0000-4000-8000-000000000000"], numbingCream: true }),
    }).catch((e) => e);
    const rules = (error as PlanRefusedError).violations.map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(["interval.minimum", "product.not-approved", "numbing.anaesthetic-allergy"]));
  });

  it("follows the clinic's depth maximum, which is audited", async () => {
    const clientId = await careClient();
    await setDepthLimit(f.database.db, {
      staff: owner,
      zone: "cheek-right",
      maxMm: "0.8",
      reason: "Our practitioners stay shallow on cheeks.",
    });
    expect(await auditCount("plan-depth-limit.change")).toBeGreaterThan(0);
    const error = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() }).catch((e) => e);
    expect((error as PlanRefusedError).violations).toContainEqual(
      expect.objectContaining({ rule: "depth.zone-maximum", field: "zones.1.depthMaxMm" }),
    );
    await setDepthLimit(f.database.db, { staff: owner, zone: "cheek-right", maxMm: "", reason: "Back to the default for cheeks." });
    await expect(
      setDepthLimit(f.database.db, { staff: practitioner, zone: "cheek-right", maxMm: "0.5", reason: "Not my call to make." }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      setDepthLimit(f.database.db, { staff: owner, zone: "periorbital-left", maxMm: "0.6", reason: "Deeper than the ceiling." }),
    ).rejects.toThrow(/depth.absolute-ceiling/);
  });
});

describe("plans: numbing cream and the glide on the skin", () => {
  it("keeps the clinic's numbing creams, glides and numbing maximum as owner settings, each change audited", async () => {
    const db = f.database.db;
    await expect(
      addGlide(db, { staff: practitioner, input: { name: "Any glide", sterile: true, singleUse: true } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setNumbingMaximum(db, { staff: desk, maxCm2: "800", reason: "We numb face and neck" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(addNumbingProduct(db, { staff: owner, input: { name: "Mystery cream", agent: "strong" } })).rejects.toThrow();
    const { id } = await addNumbingProduct(db, { staff: owner, input: { name: "Topical lidocaine 5 %", agent: "lidocaine 5 %" } });
    const settings = await getPlanSettings(db, { staff: desk });
    expect(settings.numbingProducts.find((p) => p.id === id)).toMatchObject({ agent: "lidocaine 5 %", active: true });
    expect(settings.numbingMaximum).toMatchObject({ defaultCm2: 400, clinicCm2: null });
    expect(settings.numbingMaximum.zoneAreas.find((z) => z.zone === "forehead")?.cm2).toBe(90);
    const audited = rowsOf<{ action: string }>(
      await db.execute(sql`SELECT action FROM audit_events WHERE entity_id = ${id} AND action = 'plan-numbing-product.add'`),
    );
    expect(audited).toHaveLength(1);
  });

  it("refuses numbing cream without its agent, and over the clinic's maximum area without a reason; saves and shows the reason", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const refusal = (d: PlanDraft) =>
      createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d }).then(
        () => [],
        (e: PlanRefusedError) => e.violations.map((v) => `${v.field}:${v.rule}`),
      );
    expect(await refusal(draft({ numbing: null }))).toEqual(["numbing.productId:numbing.agent-required"]);
    expect(await refusal(draft({ numbing: undefined }))).toEqual(["numbing.productId:numbing.agent-required"]);
    // The clinic numbs at most 150 cm² at once; both cheeks are about 160 cm².
    await setNumbingMaximum(db, { staff: owner, maxCm2: "150", reason: "Small areas only while we audit our numbing" });
    const big = (overMaximumReason: string) =>
      draft({ numbing: { productId: numbingProductId, zones: ["cheek-left", "cheek-right"], overMaximumReason } });
    expect(await refusal(big(""))).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
    expect(await refusal(big("short"))).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
    const reason = "Both cheeks at once: the client could not tolerate a second application.";
    const withReason = big(reason);
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: withReason });
    const stored = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    expect(stored.numbing?.overMaximumReason).toBe(reason);
    expect(stored.numbingDetail).toMatchObject({ areaCm2: 160, maxAreaCm2: 150, product: { agent: "lidocaine 4 %" } });
    await offer(planId, 1);
    const offered = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    expect(offered.clientCopy?.numbing).toContain(reason);
    expect(offered.clientCopy?.numbing).toContain("not covered or wrapped");
    expect(offered.clientCopy?.glide).toContain("sterile, single-use");
    const audited = rowsOf<{ details: { after: { maxAreaCm2: number } } }>(
      await db.execute(sql`SELECT details FROM audit_events WHERE action = 'plan-numbing-maximum.change' ORDER BY id DESC LIMIT 1`),
    );
    expect(audited[0]?.details.after.maxAreaCm2).toBe(150);
    await setNumbingMaximum(db, { staff: owner, maxCm2: "", reason: "Back to the default for the other tests" });
  });

  it("refuses a glide not on the list, or not marked sterile and single-use; an anaesthetic allergy still refuses numbing", async () => {
    const db = f.database.db;
    const { id: jar } = await addGlide(db, { staff: owner, input: { name: "Vitamin C serum, jar", sterile: false, singleUse: false } });
    const { id: vial } = await addGlide(db, {
      staff: owner,
      input: { name: "Sterile serum, multi-dose vial", sterile: true, singleUse: false },
    });
    const clientId = await careClient({ conditions: ["anaesthetic-allergy"] });
    const rules = (d: PlanDraft) =>
      createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d }).then(
        () => [],
        (e: PlanRefusedError) => e.violations.map((v) => v.rule),
      );
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: undefined }))).toEqual(["glide.required"]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: "00000000-0000-4000-8000-000000000000" }))).toEqual([
      "glide.not-approved",
    ]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: jar }))).toEqual(["glide.not-sterile"]);
    expect(await rules(draft({ numbingCream: false, numbing: null, glideId: vial }))).toEqual(["glide.not-sterile"]);
    expect(await rules(draft({ numbingCream: true }))).toEqual(["numbing.anaesthetic-allergy"]);
    const { planId } = await createPlan(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      draft: draft({ numbingCream: false, numbing: { productId: numbingProductId, zones: ["cheek-left"], overMaximumReason: "" } }),
    });
    const stored = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    // Without numbing cream, no numbing detail is kept; the glide is stored as it stood on the list.
    expect(stored.numbing).toBeNull();
    expect(stored.glide).toMatchObject({ id: glideId, sterile: true, singleUse: true });
  });

  it("reads and signs a plan offered before numbing detail and glides were recorded; a change to it needs them", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    await offer(planId, 1);
    // Rewrite the offered version as a version stored before migration 0013 would be: no numbing, numbingDetail, glideId or glide.
    const org = f.clinic.organizationId;
    const current = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.draft!;
    const { numbing: _n, numbingDetail: _d, glideId: _g, glide: _gl, ...old } = current;
    const { clientCopy, ...oldWithoutCopy } = old;
    const { numbing: _cn, glide: _cg, ...oldCopy } = clientCopy!;
    const legacy: PlanDraft = { ...oldWithoutCopy, clientCopy: oldCopy };
    const sha = contentSha256(legacy);
    await db
      .update(treatmentPlanVersions)
      .set({
        contentEncrypted: f.keyRing.encrypt(canonicalJson(legacy), `treatment_plan_versions.content_encrypted/${org}/${planId}/1`),
        contentSha256: sha,
      })
      .where(and(eq(treatmentPlanVersions.planId, planId), eq(treatmentPlanVersions.version, 1)));
    const read = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    expect(read.damaged).toBe(false);
    expect(read.draft!.glideId).toBeUndefined();
    await sign({ organizationId: org, clientId }, planId, sha);
    const signed = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.accepted!;
    expect(signed.contentSha256).toBe(sha);
    // Editing it into a new draft asks for what it lacked.
    const { clientCopy: _c, ...edited } = signed.draft!;
    const error = await save(planId, { ...edited, sessions: 4 }, { version: 1, contentSha256: sha }).catch((e) => e);
    expect((error as PlanRefusedError).violations.map((v) => v.rule)).toEqual(["numbing.agent-required", "glide.required"]);
  });
});
