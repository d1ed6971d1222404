// Treatment plans against the database: versions, the client's signature,
// access and audit, encryption at rest, photos, and what is offered being
// exactly what is signed. Limits are limits.test.ts; booking the series is
// src/plans/series-booking.test.ts.
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { NAME_MISMATCH_MESSAGE } from "../../kernel/signature-name.ts";
import { PhotoConsentMissingError } from "../../consent/consent.ts";
import { signCurrentConsent } from "../../consent/test-fixtures.ts";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../db/open.ts";
import { outboxMessages } from "../../db/schema.ts";
import { HealthAccessDeniedError, HealthRecordNotFoundError } from "../../privacy/access.ts";
import { clientOwnRecord } from "../../privacy/client-record.ts";
import { toFhirBundle, toJsonExport } from "../../privacy/record-export.ts";
import { screenClient } from "../../privacy/screening-test-fixtures.ts";
import { todayIn } from "../../scheduling/time.ts";
import { cleanPhoto } from "../photos.ts";
import { contentSha256 } from "./content.ts";
import { PlanChangedError, type PlanRefusedError } from "./errors.ts";
import { clientPlan, clientPlans } from "./portal.ts";
import { proposePlan } from "./propose.ts";
import { addSkinPhoto, viewSkinPhoto } from "./skin-photos.ts";
import { viewPlanForStaff } from "./staff-view.ts";
import {
  auditCount,
  careClient,
  clientEmail,
  desk,
  draft,
  f,
  NOW,
  offer,
  outsider,
  practitioner,
  productId,
  save,
  sign,
  usePlanTestbed,
} from "./test-fixtures.ts";
import { createPlan } from "./write.ts";

usePlanTestbed();

describe("plans: versions, signature and access", () => {
  it("edits a draft in place, proposes, is signed by the client, and a later change is a new version", async () => {
    const clientId = await careClient();
    const db = f.database.db;
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    let { plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId });
    const changed = draft({ sessions: 4 });
    await save(planId, changed, { version: 1, contentSha256: plan.open!.contentSha256 });
    // Someone working from the old content is refused rather than overwriting.
    await expect(save(planId, draft(), { version: 1, contentSha256: plan.open!.contentSha256 })).rejects.toBeInstanceOf(PlanChangedError);
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.versions).toHaveLength(1);
    expect(plan.open!.draft!.sessions).toBe(4);

    // The client sees nothing until it is proposed.
    const client = { organizationId: f.clinic.organizationId, clientId };
    expect(await clientPlans(db, { client, keyRing: f.keyRing })).toEqual([]);
    await offer(planId, 1, { baseUrl: "https://spa.example" });
    const [offered] = await clientPlans(db, { client, keyRing: f.keyRing });
    // The client is told where to read it, and nothing of what it says.
    const [mail] = await db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "plan-ready"), eq(outboxMessages.toAddress, await clientEmail(clientId))));
    expect(mail!.bodyText).toContain("https://spa.example/portal/login");
    for (const word of ["cheek", "acne", "scar", "mm", "gently", "Rolling"])
      expect(`${mail!.subject}\n${mail!.bodyText}\n${mail!.bodyHtml}`.toLowerCase()).not.toContain(word.toLowerCase());
    expect(offered!.open!.status).toBe("proposed");

    // A signature on content other than what is stored is refused.
    await expect(sign(client, planId, "0".repeat(64), { ip: "203.0.113.9" })).rejects.toBeInstanceOf(PlanChangedError);
    await expect(sign(client, planId, offered!.open!.contentSha256, { signedName: " ", consent: false })).rejects.toThrow(
      /Type your full name/,
    );
    // Another client cannot sign it.
    const stranger = { organizationId: f.clinic.organizationId, clientId: await careClient() };
    await expect(sign(stranger, planId, offered!.open!.contentSha256, { signedName: "Someone Else" })).rejects.toBeInstanceOf(
      HealthRecordNotFoundError,
    );

    // A name that is not the client's is refused, and nothing is signed.
    await expect(sign(client, planId, offered!.open!.contentSha256, { signedName: "Someone Else" })).rejects.toMatchObject({
      errors: { signedName: NAME_MISMATCH_MESSAGE },
    });
    expect((await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.accepted).toBeNull();

    await sign(client, planId, offered!.open!.contentSha256, { ip: "203.0.113.9", now: NOW });
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.accepted!.acceptance).toMatchObject({
      signedName: "Plan Client",
      ip: "203.0.113.9",
      contentSha256: offered!.open!.contentSha256,
    });
    // The stored content names the products as the list had them, and the hash covers that too.
    expect(plan.accepted!.draft!.products).toEqual([expect.objectContaining({ id: productId })]);
    expect(contentSha256(plan.accepted!.draft!)).toBe(plan.accepted!.contentSha256);
    expect(plan.package).toEqual({ total: 4, completed: 0, booked: 0, left: 4 });

    // A change after acceptance is version 2; version 1 stays in force until version 2 is signed.
    const v2 = draft({ sessions: 5 });
    await save(planId, v2, { version: 1, contentSha256: plan.accepted!.contentSha256 });
    ({ plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId }));
    expect(plan.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "draft"],
      [1, "accepted"],
    ]);
    await offer(planId, 2);
    const v2sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
    await sign(client, planId, v2sha, { version: 2 });
    const mine = await clientPlan(db, { client, keyRing: f.keyRing, planId });
    // The client's record and its exports carry every version offered to them, with the signatures.
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    const exported = toJsonExport(record, "Spa").treatmentPlans.find((p) => p.id === planId)!;
    expect(exported.versions.map((v) => [v.version, v.status, v.signature?.signedName ?? null])).toEqual([
      [2, "accepted", "Plan Client"],
      [1, "superseded", "Plan Client"],
    ]);
    const carePlan = toFhirBundle(record, "Spa").entry.find((e) => e.resource.resourceType === "CarePlan" && e.resource.id === planId);
    expect(carePlan!.resource).toMatchObject({ status: "active", intent: "plan" });
    expect(mine.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "accepted"],
      [1, "superseded"],
    ]);

    // Stored encrypted: the note to the client is nowhere in the table in clear.
    const raw = rowsOf<{ c: string }>(
      await db.execute(sql`SELECT content_encrypted AS c FROM treatment_plan_versions WHERE plan_id = ${planId}`),
    );
    expect(raw.every((r) => r.c.startsWith("v1:") && !r.c.includes("gently"))).toBe(true);
    // The acceptance row cannot be changed afterwards.
    await expect(db.execute(sql`UPDATE treatment_plan_acceptances SET signed_name = 'Forged' WHERE plan_id = ${planId}`)).rejects.toThrow();
  });

  it("refuses a practitioner outside the care team and the front desk, and audits the attempts", async () => {
    const clientId = await careClient();
    const { planId } = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    const denied = await auditCount("health-record.denied");
    await expect(viewPlanForStaff(f.database.db, { staff: outsider, keyRing: f.keyRing, planId })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    await expect(viewPlanForStaff(f.database.db, { staff: desk, keyRing: f.keyRing, planId })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    await expect(createPlan(f.database.db, { staff: desk, keyRing: f.keyRing, clientId, draft: draft() })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
    expect(await auditCount("health-record.denied")).toBe(denied + 3);
  });

  it("stores photos without metadata, encrypted, and audits every view", async () => {
    const clientId = await careClient();
    const { planId } = await createPlan(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    const input = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#d9a" } })
      .jpeg()
      .withExifMerge({ IFD0: { Make: "PhoneMaker" } })
      .toBuffer();
    const clean = await cleanPhoto(input);
    const add = () =>
      addSkinPhoto(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, planId, ...clean, caption: "Left cheek, before" });
    // Without the client's consent to photographs in their clinical record, none is taken.
    await expect(add()).rejects.toBeInstanceOf(PhotoConsentMissingError);
    const org = f.clinic.organizationId;
    await signCurrentConsent(f.database.db, { organizationId: org, clientId, name: "Plan Client", kind: "photos", scopes: ["teaching"] });
    await expect(add()).rejects.toBeInstanceOf(PhotoConsentMissingError);
    await signCurrentConsent(f.database.db, { organizationId: org, clientId, name: "Plan Client", kind: "photos", scopes: ["record"] });
    const { id } = await addSkinPhoto(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      planId,
      ...clean,
      caption: "Left cheek, before",
    });
    const views = await auditCount("health-record.view");
    const { jpeg } = await viewSkinPhoto(f.database.db, { staff: practitioner, keyRing: f.keyRing, photoId: id });
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined();
    expect(await auditCount("health-record.view")).toBe(views + 1);
    await expect(viewSkinPhoto(f.database.db, { staff: outsider, keyRing: f.keyRing, photoId: id })).rejects.toBeInstanceOf(
      HealthAccessDeniedError,
    );
  });
});

describe("plans: what is offered is what is signed, and stays safe", () => {
  it("offers only the content the practitioner looked at, with the Fitzpatrick type confirmed, and fixes the client's words in the hash", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const unconfirmed = draft({ assessment: { fitzpatrick: null, fitzpatrickFromIntake: null, glogau: null, concerns: [], notes: "" } });
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: unconfirmed });
    const refused = (await offer(planId, 1).catch((e: unknown) => e)) as PlanRefusedError;
    expect(refused.violations.map((v) => v.rule)).toEqual(["assessment.fitzpatrick-unconfirmed"]);

    const { plan } = await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId });
    const looked = plan.open!.contentSha256;
    await save(planId, draft(), { version: 1, contentSha256: looked });
    // Offering what someone saw before the last save is refused.
    await expect(
      proposePlan(db, { staff: practitioner, keyRing: f.keyRing, planId, version: 1, contentSha256: looked }),
    ).rejects.toBeInstanceOf(PlanChangedError);
    await offer(planId, 1);
    const offered = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    expect(offered.draft!.clientCopy).toMatchObject({
      practitionerName: f.practitioners[0]!.name,
      zones: [{ label: "Cheek, left" }, { label: "Cheek, right" }],
    });
    expect(offered.draft!.clientCopy!.aftercare.length).toBeGreaterThan(0);
    // The fingerprint covers the words the client reads.
    expect(contentSha256(offered.draft!)).toBe(offered.contentSha256);
    expect(contentSha256({ ...offered.draft!, clientCopy: { ...offered.draft!.clientCopy!, price: "Free" } })).not.toBe(
      offered.contentSha256,
    );
  });

  it("refuses a signature when the client's screening has since ruled part of the plan out", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft({ numbingCream: true }) });
    await offer(planId, 1);
    const sha = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.contentSha256;
    // A new intake records an allergy to local anaesthetics.
    await screenClient(db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: await clientEmail(clientId),
      intake: { conditions: ["anaesthetic-allergy"] },
      asOf: todayIn(f.clinic.location.timeZone, NOW),
      now: NOW + 1000,
    });
    const client = { organizationId: f.clinic.organizationId, clientId };
    await expect(sign(client, planId, sha)).rejects.toThrow(/practitioner needs to look at it again/);
    expect((await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.accepted).toBeNull();
  });
});

describe("plans: after the first sessions", () => {
  it("keeps an offered plan offered when it is saved unchanged", async () => {
    const db = f.database.db;
    const clientId = await careClient();
    const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: draft() });
    await offer(planId, 1);
    const open = (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
    // The editor posts the content without the client's words; nothing changed, so nothing happens.
    const { clientCopy: _copy, ...asEdited } = open.draft!;
    const r = await save(planId, asEdited, { version: 1, contentSha256: open.contentSha256 });
    expect(r).toEqual({ version: 1, changed: false });
    expect((await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!.status).toBe("proposed");
  });
});
