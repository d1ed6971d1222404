// Clearing a "not suitable" screening (decision 0021): only the owner or the
// clinic's medical director, with the physician's written clearance, field by
// field; encrypted and audited. A practitioner's review covers needs-review.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldError, ForbiddenError } from "../../kernel/errors.ts";
import { setMedicalDirector } from "../../auth/team.ts";
import { auditEvents, staffMembers } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { breakGlass } from "../../privacy/staff-access.ts";
import { screeningReviews } from "../../privacy/health-tables.ts";
import { screenClient } from "../../privacy/screening-test-fixtures.ts";
import { addAppointment, addStaff, type TestStaff } from "../../privacy/test-fixtures.ts";
import { createClinicFixture, type ClinicFixture } from "../../scheduling/test-fixtures.ts";
import { addDays, todayIn } from "../../scheduling/time.ts";
import { DEFAULT_RULE_SET } from "../effective-rules.ts";
import type { Intake } from "../types.ts";
import { eligibilityFor } from "./eligibility.ts";
import { reviewScreening, viewScreenings } from "./review.ts";

describe("not-suitable clearance", () => {
  let f: ClinicFixture;
  const NOW = Date.now();
  let TODAY: string;
  let owner: TestStaff;
  let practitioner: TestStaff;
  let director: TestStaff;
  let n = 0;

  beforeAll(async () => {
    f = await createClinicFixture();
    TODAY = todayIn(f.clinic.location.timeZone, NOW);
    const org = f.clinic.organizationId;
    owner = await addStaff(f.database.db, { organizationId: org, role: "owner" });
    practitioner = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[0]!.id });
    director = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[1]?.id ?? null });
  });
  afterAll(async () => {
    await f?.database.close();
  });

  /** A screened client both practitioners have treated (so both are on the care team). */
  async function client(intake: Partial<Intake>) {
    const { clientId, result } = await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: `clearance${++n}@example.test`,
      intake,
      asOf: TODAY,
      now: NOW,
    });
    for (const s of [practitioner, director]) {
      if (s.practitionerId)
        await addAppointment(f, { clientId, practitionerId: s.practitionerId, daysFromNow: -10 - n, status: "completed" });
    }
    const [latest] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, now: NOW });
    return { clientId, result, screeningId: latest!.id };
  }

  const gate = (clientId: string) =>
    eligibilityFor(f.database.db, {
      organizationId: f.clinic.organizationId,
      keyRing: f.keyRing,
      clientId,
      date: addDays(TODAY, 3),
      rules: DEFAULT_RULE_SET,
      now: NOW,
      validDays: 30,
      timeZone: f.clinic.location.timeZone,
    });

  async function inputErrors(p: Promise<unknown>): Promise<Record<string, string>> {
    try {
      await p;
    } catch (error) {
      if (error instanceof FieldError) return error.errors;
      throw error;
    }
    throw new Error("expected a field refusal");
  }

  const LETTER = {
    physicianName: "Dr. Amara Singh",
    letterDate: new Date(NOW - 7 * 86_400_000).toISOString().slice(0, 10),
    letterSays: "No objection to superficial microneedling.",
  };

  describe(`clearing a not-suitable screening on ${testDatabaseKind}`, () => {
    it("is refused to a practitioner, field by field; the practitioner may still record not cleared", async () => {
      const c = await client({ conditions: ["metal-allergy"] });
      expect(c.result.outcome).toBe("not-suitable");
      const review = { keyRing: f.keyRing, clientId: c.clientId, screeningId: c.screeningId, now: NOW };
      const errors = await inputErrors(
        reviewScreening(f.database.db, {
          ...review,
          staff: practitioner,
          decision: "cleared",
          note: "The client says the allergy is mild",
          clearance: LETTER,
        }),
      );
      expect(errors.decision).toMatch(/owner or the clinic's medical director/);
      await reviewScreening(f.database.db, {
        ...review,
        staff: practitioner,
        decision: "not-cleared",
        note: "Waiting for a physician's letter",
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });
    });

    it("a practitioner's clearance written before the rule does not open the gate for not-suitable (it still does for needs-review)", async () => {
      const c = await client({ conditions: ["keloid-history"] });
      // A review as the old code stored it: a plain note, no physician's clearance.
      const id = crypto.randomUUID();
      await f.database.db.insert(screeningReviews).values({
        id,
        organizationId: f.clinic.organizationId,
        screeningId: c.screeningId,
        decision: "cleared",
        noteEncrypted: f.keyRing.encrypt(
          "Cleared, ten characters",
          `screening_reviews.note_encrypted/${f.clinic.organizationId}/${c.screeningId}/${id}`,
        ),
        reviewedByUserId: practitioner.userId,
        reviewedAt: new Date(NOW),
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });
      const [view] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId: c.clientId, now: NOW });
      expect(view!.reviews.map((r) => [r.note, r.clearedAs])).toEqual([["Cleared, ten characters", null]]);

      const lupus = await client({ conditions: ["autoimmune-lupus"] });
      await reviewScreening(f.database.db, {
        staff: practitioner,
        keyRing: f.keyRing,
        clientId: lupus.clientId,
        screeningId: lupus.screeningId,
        decision: "cleared",
        note: "Rheumatologist's letter: quiet for two years",
        now: NOW,
      });
      expect((await gate(lupus.clientId)).allowed).toBe(true);
    });

    it("only the owner names the medical director, a practitioner, one at a time; audited", async () => {
      const org = f.clinic.organizationId;
      const manager = await addStaff(f.database.db, { organizationId: org, role: "manager" });
      const desk = await addStaff(f.database.db, { organizationId: org, role: "front-desk" });
      await expect(
        setMedicalDirector(f.database.db, { staff: manager, organizationId: org, userId: director.userId, medicalDirector: true }),
      ).rejects.toThrow(ForbiddenError);
      await expect(
        setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: desk.userId, medicalDirector: true }),
      ).rejects.toThrow(FieldError);
      expect(
        await setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: director.userId, medicalDirector: true }),
      ).toEqual({
        changed: true,
      });
      await expect(
        setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: practitioner.userId, medicalDirector: true }),
      ).rejects.toThrow(FieldError);
      const audits = await f.database.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "staff.medical-director.change"), eq(auditEvents.entityId, director.userId)));
      expect(audits.map((a) => a.details)).toEqual([{ before: { medicalDirector: false }, after: { medicalDirector: true } }]);
      const [row] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, director.userId));
      expect(row!.medicalDirector).toBe(true);
    });

    it("the medical director clears with the physician's written clearance naming the prescriber for blood thinners; encrypted, audited", async () => {
      const c = await client({ medications: { anticoagulant: true } });
      const review = { staff: director, keyRing: f.keyRing, clientId: c.clientId, screeningId: c.screeningId, now: NOW };
      const missing = await inputErrors(reviewScreening(f.database.db, { ...review, decision: "cleared", note: "short" }));
      expect(Object.keys(missing).sort()).toEqual(["letterDate", "letterSays", "note", "physicianName", "prescriberName"]);
      const noPrescriber = await inputErrors(
        reviewScreening(f.database.db, { ...review, decision: "cleared", note: "Physician's letter on file", clearance: LETTER }),
      );
      expect(Object.keys(noPrescriber)).toEqual(["prescriberName"]);
      expect(noPrescriber.prescriberName).toMatch(/prescriber/);
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });

      await reviewScreening(f.database.db, {
        ...review,
        decision: "cleared",
        note: "Physician's letter on file",
        clearance: { ...LETTER, prescriberName: "Dr. Paul Chen (cardiology)" },
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: true });
      const [view] = await viewScreenings(f.database.db, { staff: director, keyRing: f.keyRing, clientId: c.clientId, now: NOW });
      expect(view!.reviews.at(-1)).toMatchObject({
        decision: "cleared",
        clearedAs: "medical-director",
        clearance: { ...LETTER, prescriberName: "Dr. Paul Chen (cardiology)" },
      });
      const rows = await f.database.db.select().from(screeningReviews).where(eq(screeningReviews.screeningId, c.screeningId));
      expect(JSON.stringify(rows)).not.toContain("Singh");
      const audits = await f.database.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, c.clientId), eq(auditEvents.action, "health-record.edit")));
      expect(audits.filter((a) => a.details.kind === "screening-review").at(-1)!.details).toMatchObject({
        clearedAs: "medical-director",
        physicianClearance: true,
      });
    });

    it("the owner clears after breaking the glass, but a needs-review screening stays the practitioner's", async () => {
      const c = await client({ conditions: ["metal-allergy"] });
      await breakGlass(f.database.db, {
        staff: owner,
        clientId: c.clientId,
        reason: "Reviewing the physician's clearance letter",
        now: NOW,
      });
      await reviewScreening(f.database.db, {
        staff: owner,
        keyRing: f.keyRing,
        clientId: c.clientId,
        screeningId: c.screeningId,
        decision: "cleared",
        note: "Allergist's patch test negative",
        clearance: LETTER,
        now: NOW,
      });
      expect((await gate(c.clientId)).allowed).toBe(true);

      const lupus = await client({ conditions: ["autoimmune-lupus"] });
      await breakGlass(f.database.db, {
        staff: owner,
        clientId: lupus.clientId,
        reason: "Reviewing the physician's clearance letter",
        now: NOW,
      });
      const errors = await inputErrors(
        reviewScreening(f.database.db, {
          staff: owner,
          keyRing: f.keyRing,
          clientId: lupus.clientId,
          screeningId: lupus.screeningId,
          decision: "cleared",
          note: "Rheumatologist's letter: quiet",
          now: NOW,
        }),
      );
      expect(errors.decision).toMatch(/practitioner/);
    });
  });
});
