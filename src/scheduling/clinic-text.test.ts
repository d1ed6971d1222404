import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClientAppointments } from "../clients/portal.ts";
import { clientAppointments } from "../privacy/client-directory.ts";
import { auditEvents, clients, outboxMessages, services } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { createPractitioner, updatePractitioner } from "./admin/practitioners.ts";
import { createService, getServiceDetail, updateService } from "./admin/services.ts";
import { type StaffActor } from "./admin/access.ts";
import { bookAppointment } from "./book-appointment.ts";
import { listPractitioners, listServices } from "./clinic.ts";
import { localizedText } from "./clinic-text.ts";
import { cancelBooking, getBooking } from "./manage-booking.ts";
import { createClinicFixture, type ClinicFixture } from "./test-fixtures.ts";
import { parseOffsetIso } from "./time.ts";
import { FieldError } from "../kernel/errors.ts";

describe("localizedText", () => {
  const face = { name: "Microneedling — face", nameFr: "Microneedling — visage", description: "Face.", descriptionFr: "" };

  it("gives English readers the English, unmarked, whatever French there is", () => {
    expect(localizedText(face, "name", "en")).toEqual({ text: "Microneedling — face", lang: undefined });
  });

  it("gives French readers the French, unmarked, and the English marked as English when the French is blank", () => {
    expect(localizedText(face, "name", "fr")).toEqual({ text: "Microneedling — visage", lang: undefined });
    expect(localizedText(face, "description", "fr")).toEqual({ text: "Face.", lang: "en" });
    expect(localizedText({ ...face, nameFr: "   " }, "name", "fr")).toEqual({ text: "Microneedling — face", lang: "en" });
    expect(localizedText({ title: "Skin therapist", titleFr: null }, "title", "fr")).toEqual({ text: "Skin therapist", lang: "en" });
    expect(localizedText({ title: "Skin therapist" }, "title", "fr")).toEqual({ text: "Skin therapist", lang: "en" });
    expect(localizedText({ title: "Skin therapist", titleFr: " Thérapeute " }, "title", "fr")).toEqual({
      text: "Thérapeute",
      lang: undefined,
    });
  });
});

describe(`French service names and practitioner titles on ${testDatabaseKind}`, () => {
  let f: ClinicFixture;
  let org: string;
  let owner: StaffActor;

  beforeAll(async () => {
    f = await createClinicFixture();
    org = f.clinic.organizationId;
    owner = { userId: "owner-user", role: "owner", organizationId: org };
  });
  afterAll(async () => {
    await f?.database.close();
  });

  async function lastAudit(action: string) {
    const [row] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, action)))
      .orderBy(sql`${auditEvents.id} DESC`)
      .limit(1);
    return row!;
  }

  it("loads the demo clinic with a French name and description for every service and a French title for every practitioner", async () => {
    const rows = await listServices(f.database.db, org);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const s of rows) {
      expect(s.nameFr, s.slug).not.toBe("");
      expect(s.nameFr, s.slug).not.toBe(s.name);
      expect(s.descriptionFr, s.slug).not.toBe("");
    }
    expect(rows.find((s) => s.slug === "consultation")!.nameFr).toBe("Consultation en microneedling");
    expect((await listPractitioners(f.database.db, org)).map((p) => p.titleFr)).toEqual([
      "Esthéticienne médicale",
      "Thérapeute en soins de la peau",
    ]);
  });

  it("stores the French beside the English, audits it, and keeps it when a form leaves it out", async () => {
    const input = {
      name: "Microneedling — hands",
      nameFr: "  Microneedling — mains ",
      kind: "treatment",
      description: "Backs of the hands.",
      descriptionFr: "Le dos des mains.",
      durationMinutes: "45",
      price: "199",
      active: "on",
    };
    const { id } = await createService(f.database.db, { staff: owner, organizationId: org, input });
    const created = await getServiceDetail(f.database.db, { staff: owner, organizationId: org, serviceId: id });
    expect(created.service).toMatchObject({ nameFr: "Microneedling — mains", descriptionFr: "Le dos des mains." });
    expect((await lastAudit("service.create")).details).toMatchObject({
      after: { nameFr: "Microneedling — mains", descriptionFr: "Le dos des mains." },
    });

    const scope = { staff: owner, organizationId: org, serviceId: id };
    const kept = { slug: created.service.slug, sortOrder: String(created.service.sortOrder) };
    await updateService(f.database.db, { ...scope, input: { ...input, ...kept, descriptionFr: "" } });
    expect((await lastAudit("service.update")).details).toEqual({
      before: { descriptionFr: "Le dos des mains." },
      after: { descriptionFr: "" },
    });
    const { nameFr: _n, descriptionFr: _d, ...withoutFrench } = input;
    expect(await updateService(f.database.db, { ...scope, input: { ...withoutFrench, ...kept } })).toEqual({
      changed: false,
    });
    const [row] = await f.database.db.select().from(services).where(eq(services.id, id));
    expect(row).toMatchObject({ nameFr: "Microneedling — mains", descriptionFr: "" });
  });

  it("limits the French as the English is limited", async () => {
    let errors: Record<string, string> = {};
    try {
      await createService(f.database.db, {
        staff: owner,
        organizationId: org,
        input: { name: "Long", kind: "treatment", durationMinutes: "30", nameFr: "n".repeat(121), descriptionFr: "d".repeat(2001) },
      });
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors = error.errors;
    }
    expect(errors).toEqual({
      nameFr: "Keep the French name under 120 characters.",
      descriptionFr: "Keep the French description under 2,000 characters.",
    });
    // The database holds the same line.
    const face = f.services["microneedling-face"]!;
    await expect(
      f.database.db
        .update(services)
        .set({ nameFr: "n".repeat(121) })
        .where(eq(services.id, face.id)),
    ).rejects.toThrow();
  });

  it("stores a practitioner's French title, audits it, and keeps it when a form leaves it out", async () => {
    const { id } = await createPractitioner(f.database.db, {
      staff: owner,
      organizationId: org,
      input: { name: "Ana Silva", title: "Aesthetician", titleFr: "Esthéticienne" },
    });
    expect((await lastAudit("practitioner.create")).details).toMatchObject({ after: { titleFr: "Esthéticienne" } });
    const scope = { staff: owner, organizationId: org, practitionerId: id };
    await updatePractitioner(f.database.db, {
      ...scope,
      input: { name: "Ana Silva", title: "Aesthetician", titleFr: "Esthéticienne principale", active: "on", sortOrder: "3" },
    });
    expect((await lastAudit("practitioner.update")).details).toEqual({
      before: { titleFr: "Esthéticienne" },
      after: { titleFr: "Esthéticienne principale" },
    });
    await updatePractitioner(f.database.db, {
      ...scope,
      input: { name: "Ana Silva", title: "Aesthetician", active: "on", sortOrder: "3" },
    });
    const [ana] = (await listPractitioners(f.database.db, org)).filter((p) => p.id === id);
    expect(ana!.titleFr).toBe("Esthéticienne principale");
    await expect(
      updatePractitioner(f.database.db, { ...scope, input: { name: "Ana Silva", titleFr: "t".repeat(101), sortOrder: "3" } }),
    ).rejects.toThrow(FieldError);
  });

  it("names the service in French in a French client's e-mails, and hands the French name to the manage page and the account", async () => {
    const NOW = Date.parse("2027-03-10T12:00:00Z");
    const book = async (email: string, start: string, locale: "en" | "fr") =>
      bookAppointment(f.database.db, {
        clinic: f.clinic,
        keyRing: f.keyRing,
        service: f.services["consultation"]!,
        start: parseOffsetIso(start)!,
        practitionerId: f.practitioners[0]!.id,
        client: { name: "Élise Roy", email },
        source: "online",
        now: NOW,
        baseUrl: "https://spa.example",
        actor: { type: "public", id: null },
        locale,
      });
    const mails = (to: string) =>
      f.database.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(asc(outboxMessages.createdAt));

    const { booking } = await book("elise@example.test", "2027-04-05T09:00:00-04:00", "fr");
    const token = new URL(booking.manageUrl).searchParams.get("token")!;
    await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id: booking.id,
      access: { token },
      now: NOW,
      actor: { type: "client", id: null },
    });
    const [confirmed, cancelled] = await mails("elise@example.test");
    expect(confirmed!.bodyText).toContain("Votre rendez-vous est confirmé\u00a0: Consultation en microneedling avec Maja Kowalska");
    expect(confirmed!.ics!.replace(/\r\n /g, "")).toContain("SUMMARY;LANGUAGE=fr-CA:Consultation en microneedling — ");
    expect(cancelled!.bodyText).toContain("Votre rendez-vous «\u00a0Consultation en microneedling\u00a0» du lundi 5 avril 2027");
    for (const m of [confirmed!, cancelled!]) expect(`${m.bodyText}${m.bodyHtml}${m.ics}`).not.toContain("Microneedling consultation");

    const view = await getBooking(f.database.db, f.clinic, booking.id, { token }, NOW);
    expect(view).toMatchObject({ serviceName: "Microneedling consultation", serviceNameFr: "Consultation en microneedling" });
    const [client] = await f.database.db
      .select()
      .from(clients)
      .where(and(eq(clients.organizationId, org), eq(clients.emailNormalized, "elise@example.test")));
    const { past } = await listClientAppointments(f.database.db, { organizationId: org, clientId: client!.id, now: NOW });
    expect(past[0]).toMatchObject({ serviceName: "Microneedling consultation", serviceNameFr: "Consultation en microneedling" });
    // The account's record page reads the client's appointments through the directory.
    const [recorded] = await clientAppointments(f.database.db, org, client!.id);
    expect(recorded).toMatchObject({ serviceName: "Microneedling consultation", serviceNameFr: "Consultation en microneedling" });

    await book("sam@example.test", "2027-04-05T10:00:00-04:00", "en");
    const [english] = await mails("sam@example.test");
    expect(english!.bodyText).toContain("Your appointment is booked: Microneedling consultation with Maja Kowalska");
  });
});
