// Services: prices and web address names, creating and changing one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind } from "../../db/testing.ts";
import { centsToPriceInput, parsePriceToCents, slugify } from "./service-fields.ts";
import { createService, getServiceDetail, listServicesForStaff, updateService } from "./services.ts";
import { fieldErrors, NOW, serviceInput, useAdminFixture } from "./test-fixture.ts";

const admin = useAdminFixture();
const { auditCount, lastAudit } = admin;

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("services", () => {
    it("parses prices in dollars to integer cents", () => {
      expect(parsePriceToCents("299")).toEqual({ ok: true, cents: 29900 });
      expect(parsePriceToCents("299.50")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents("299.5")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents(" $1,299.99 ")).toEqual({ ok: true, cents: 129999 });
      expect(parsePriceToCents("299,50")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents("0.07")).toEqual({ ok: true, cents: 7 });
      expect(parsePriceToCents("0")).toEqual({ ok: true, cents: 0 });
      expect(parsePriceToCents("")).toEqual({ ok: true, cents: null });
      for (const bad of ["-5", "12.345", "abc", "1e3", "299.", ".5", "10000000"]) expect(parsePriceToCents(bad).ok).toBe(false);
      expect(centsToPriceInput(29950)).toBe("299.50");
      expect(centsToPriceInput(29900)).toBe("299");
      expect(centsToPriceInput(7)).toBe("0.07");
      expect(centsToPriceInput(null)).toBe("");
    });

    it("creates a service with a slug from its name, price in cents and its practitioners", async () => {
      expect(slugify("Microneedling — face & neck")).toBe("microneedling-face-neck");
      const { id, slug } = await createService(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
        input: serviceInput({ practitionerIds: [admin.f.practitioners[0]!.id] }),
      });
      expect(slug).toBe("microneedling-hands");
      const detail = await getServiceDetail(admin.f.database.db, { staff: admin.frontDesk, organizationId: admin.org, serviceId: id });
      expect(detail.service).toMatchObject({
        priceCents: 19950,
        currency: "CAD",
        durationMinutes: 45,
        bufferAfterMinutes: 15,
        requiresEligibility: true,
      });
      expect(detail.practitionerIds).toEqual([admin.f.practitioners[0]!.id]);
      expect((await lastAudit("service.create")).details).toMatchObject({
        after: { slug: "microneedling-hands" },
        price: { before: null, after: { cents: 19950, currency: "CAD" } },
      });
    });

    it("refuses a slug another service of the clinic uses, and a malformed one", async () => {
      const audits = await auditCount();
      const taken = await fieldErrors(
        createService(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          input: serviceInput({ name: "Another", slug: "consultation" }),
        }),
      );
      expect(taken.slug).toMatch(/already uses/);
      const face = admin.f.services["microneedling-face"]!;
      const renamed = await fieldErrors(
        updateService(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          serviceId: face.id,
          input: serviceInput({ slug: "consultation" }),
        }),
      );
      expect(renamed.slug).toMatch(/already uses/);
      const bad = await fieldErrors(
        createService(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          input: serviceInput({ slug: "Bad Slug", durationMinutes: "481", price: "12.345", currency: "dollars", kind: "massage" }),
        }),
      );
      expect(Object.keys(bad).sort()).toEqual(["currency", "durationMinutes", "kind", "price", "slug"].sort());
      expect(await auditCount()).toBe(audits);
    });

    it("updates a service, records only what changed, and lists inactive services", async () => {
      const scalp = admin.f.services["microneedling-scalp"]!;
      const before = await getServiceDetail(admin.f.database.db, { staff: admin.owner, organizationId: admin.org, serviceId: scalp.id });
      await updateService(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
        serviceId: scalp.id,
        now: NOW,
        input: serviceInput({
          name: scalp.name,
          slug: scalp.slug,
          kind: scalp.kind,
          description: scalp.description,
          durationMinutes: String(scalp.durationMinutes),
          bufferBeforeMinutes: "",
          bufferAfterMinutes: String(scalp.bufferAfterMinutes),
          price: "249",
          currency: "CAD",
          requiresRoom: scalp.requiresRoom,
          requiresEligibility: scalp.requiresEligibility,
          active: undefined,
          sortOrder: String(scalp.sortOrder),
          practitionerIds: before.practitionerIds,
        }),
      });
      // The price is not among the field names: its amounts and the day it takes effect (today, by default) are recorded.
      expect((await lastAudit("service.update")).details).toEqual({
        before: { active: true },
        after: { active: false },
        price: { from: "2027-03-10", before: { cents: 29900, currency: "CAD" }, after: { cents: 24900, currency: "CAD" } },
      });
      const list = await listServicesForStaff(admin.f.database.db, { staff: admin.frontDesk, organizationId: admin.org, now: NOW });
      expect(list.find((s) => s.id === scalp.id)).toMatchObject({ active: false, priceCents: 24900 });
    });
  });
});
