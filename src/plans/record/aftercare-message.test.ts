// Aftercare from what was done, on the database: signing a chart queues one
// e-mail, in the client's language, that names nothing about their health; the
// portal's aftercare follows the areas and the depth charted (a neck session
// at 1.0 mm and a face session at 1.5 mm read differently) and the clinic's
// periods; a change of a period is the owner's, audited with before and after;
// a client reads only their own signed sessions, and each read is audited.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, clients, outboxMessages } from "../../db/schema.ts";
import { ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import { aftercareSettingsOf, getAftercareSettings, setAftercareSetting } from "../aftercare-settings.ts";
import { ENDPOINT_LABELS, REACTION_LABELS, type ChartArea } from "../chart.ts";
import { indicationLabelIn, zoneLabelIn } from "../client-copy.ts";
import { INDICATION_IDS, ZONE_IDS, type PlanZone } from "../types.ts";
import { aftercareSnapshots } from "../tables.ts";
import { AFTERCARE_MESSAGE_KIND, clientAftercare } from "./aftercare-message.ts";
import { chart, chartCall, signedChart, startedSession, supplies } from "./chart-test-fixtures.ts";
import { ChartSignedError, saveChart, signChart } from "./chart.ts";
import { f, owner, practitioner, usePlanTestbed } from "./test-fixtures.ts";

usePlanTestbed();

const HOUR = 3_600_000;
const BASE_URL = "https://spa.example.test/";

/** A started treatment under a signed plan of these zones, well apart from the other files' sessions. */
const startedUnder = (zones: PlanZone[]) => startedSession({ zones, firstHour: 400 });

/** Charts these areas and signs, the client e-mailed (unless `notify` is false); the session. */
async function signedSession(zones: PlanZone[], areas: ChartArea[], o: { notify?: boolean; locale?: "en" | "fr" } = {}) {
  const db = f.database.db;
  const s = await startedUnder(zones);
  if (o.locale) await db.update(clients).set({ preferredLocale: o.locale }).where(eq(clients.id, s.clientId));
  const lots = await supplies(s.today);
  const contentSha256 = await signedChart(s, chart(lots, { areas }), undefined, o.notify === false ? undefined : { baseUrl: BASE_URL });
  return { ...s, contentSha256 };
}

const NECK: PlanZone[] = [{ zone: "neck", indication: "fine-lines", depthMinMm: 0.5, depthMaxMm: 1 }];
const NECK_AT_1: ChartArea[] = [{ zone: "neck", depthMm: 1, passes: 2, technique: "crosshatch", endpoint: "even-erythema" }];
const FACE: PlanZone[] = [
  { zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1.5 },
  { zone: "cheek-right", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1.5 },
];
const FACE_AT_1_5: ChartArea[] = [
  { zone: "cheek-left", depthMm: 1.5, passes: 3, technique: "crosshatch", endpoint: "pinpoint-bleeding" },
  { zone: "cheek-right", depthMm: 1.25, passes: 3, technique: "crosshatch", endpoint: "even-erythema" },
];

const aftercareMessages = (appointmentId: string) =>
  f.database.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.appointmentId, appointmentId), eq(outboxMessages.kind, AFTERCARE_MESSAGE_KIND)));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What "names no condition" means here: none of the areas, concerns, endpoints
 * or reactions by name (in either language), no depth, not the service, and
 * no word for the procedure, its marks or what it treats.
 */
function healthWordsIn(text: string, serviceNames: string[]): string[] {
  const names = [
    ...ZONE_IDS.flatMap((z) => [zoneLabelIn("en", z), zoneLabelIn("fr", z)]),
    ...INDICATION_IDS.flatMap((i) => [indicationLabelIn("en", i), indicationLabelIn("fr", i)]),
    ...Object.values(ENDPOINT_LABELS),
    ...Object.values(REACTION_LABELS),
    ...serviceNames,
  ];
  const found = names.filter((n) => new RegExp(`(^|[^\\p{L}])${escape(n)}($|[^\\p{L}])`, "iu").test(text));
  const words =
    /\d+(?:[.,]\d+)?\s*mm\b|microneedl|micro-?aiguill|needl|aiguill|collagen|acne|acné|scar|cicatri|wrinkle|ride|redness|rougeur|swell|enflure|bleed|saign|sunburn|soleil|retino|rétino|chart|peel|minoxidil/giu;
  return [...found, ...(text.match(words) ?? [])];
}

const services = () => Object.values(f.services).flatMap((s) => [s.name, s.nameFr].filter((n): n is string => !!n));

describe("the aftercare e-mail", () => {
  it("goes once, when the chart is signed, to the client, naming nothing about their health, with a link to the session's aftercare", async () => {
    const s = await signedSession(FACE, FACE_AT_1_5);
    const sent = await aftercareMessages(s.appointmentId);
    expect(sent).toHaveLength(1);
    const m = sent[0]!;
    const [client] = await f.database.db.select().from(clients).where(eq(clients.id, s.clientId));
    expect(m.toAddress).toBe(client!.email);
    expect(m.subject).toBe(`Your care after your visit — ${f.clinic.name}`);
    expect(m.bodyText).toContain(`https://spa.example.test/portal/sessions/${s.appointmentId}/aftercare`);
    expect(m.bodyHtml).toContain(`href="https://spa.example.test/portal/sessions/${s.appointmentId}/aftercare"`);
    expect(m.ics).toBeNull();
    for (const part of [m.subject, m.bodyText, m.bodyHtml]) expect(healthWordsIn(part, services()), part).toEqual([]);
    // The client's name is not in it either: anyone can read an inbox over a shoulder.
    expect(m.bodyText).not.toContain(client!.name);

    // Signed once: a second signature is refused and queues nothing.
    await expect(signChart(f.database.db, { ...chartCall(s), basedOn: s.contentSha256, notify: { baseUrl: BASE_URL } })).rejects.toThrow(
      ChartSignedError,
    );
    expect(await aftercareMessages(s.appointmentId)).toHaveLength(1);
  });

  it("is in French for a client who reads French, its link opening the account in French", async () => {
    const s = await signedSession(NECK, NECK_AT_1, { locale: "fr" });
    const [m] = await aftercareMessages(s.appointmentId);
    expect(m!.subject).toBe(`Vos soins après votre visite — ${f.clinic.name}`);
    expect(m!.bodyText).toContain("Connectez-vous pour les lire\u00a0:");
    expect(m!.bodyText).toContain(`/portal/sessions/${s.appointmentId}/aftercare?lang=fr`);
    expect(m!.bodyHtml).toContain('<html lang="fr">');
    for (const part of [m!.subject, m!.bodyText, m!.bodyHtml]) expect(healthWordsIn(part, services()), part).toEqual([]);
  });

  it("is not sent when the signature does not ask for it (no address to link to)", async () => {
    const s = await signedSession(NECK, NECK_AT_1, { notify: false });
    expect(await aftercareMessages(s.appointmentId)).toHaveLength(0);
  });

  it("the check itself catches a health word", () => {
    expect(healthWordsIn("Your neck at 1.5 mm", [])).toEqual(["Neck", "1.5 mm"]);
    expect(healthWordsIn("Vos soins — Cou", [])).toEqual(["Cou"]);
    expect(healthWordsIn("Microneedling — face", ["Microneedling — face"]).length).toBeGreaterThan(0);
  });
});

describe("the aftercare in the portal", () => {
  it("follows the areas and the depth: a neck session at 1.0 mm and a face session at 1.5 mm get different instructions", async () => {
    const db = f.database.db;
    const neck = await signedSession(NECK, NECK_AT_1);
    const face = await signedSession(FACE, FACE_AT_1_5);
    const read = (s: { appointmentId: string; clientId: string }) =>
      clientAftercare(db, {
        client: { organizationId: f.clinic.organizationId, clientId: s.clientId },
        keyRing: f.keyRing,
        appointmentId: s.appointmentId,
        locale: "en",
      });
    const n = await read(neck);
    const fa = await read(face);
    if (n.status !== "signed" || fa.status !== "signed") throw new Error("expected signed aftercare");
    expect(n.sheet.groups).toEqual(["neck"]);
    expect(fa.sheet.groups).toEqual(["face"]);
    expect(n.sheet.deeper).toBe(false);
    expect(fa.sheet.deeper).toBe(true);
    expect(fa.sheet.normal.join(" ")).toContain("went a little deeper");
    expect(fa.sheet.normal.join(" ")).toContain("Tiny red dots");
    expect(n.sheet.normal.join(" ")).not.toMatch(/deeper|red dots/);
    expect(n.sheet.avoid.find((a) => a.item === "makeup")!.text).toContain("no make-up, lotion or perfume");
    expect(fa.sheet.avoid.find((a) => a.item === "makeup")!.text).toMatch(/: no make-up\.$/);
    // The dates count from the appointment's end (an hour after it started).
    const makeup = fa.sheet.avoid.find((a) => a.item === "makeup")!;
    expect(Date.parse(makeup.untilIso)).toBeGreaterThanOrEqual(face.at + HOUR + 24 * HOUR);
    expect(Date.parse(makeup.untilIso)).toBeLessThan(face.at + HOUR + 25 * HOUR);

    // The clinic lengthens exercise after a deeper session. The sessions already signed keep what the
    // client was told that day; a deeper session signed afterwards gets the new period, a shallower one not.
    await setAftercareSetting(db, {
      staff: owner,
      key: "exercise.deeper",
      value: "96",
      reason: "Our medical director's protocol for deeper sessions.",
    });
    const exerciseHours = async (s: { appointmentId: string; clientId: string }) => {
      const r = await read(s);
      if (r.status !== "signed") throw new Error("expected signed aftercare");
      return r.sheet.avoid.find((a) => a.item === "exercise")!.hours;
    };
    expect(await exerciseHours(neck)).toBe(72);
    expect(await exerciseHours(face)).toBe(72);
    const laterFace = await signedSession(FACE, FACE_AT_1_5);
    const laterNeck = await signedSession(NECK, NECK_AT_1);
    expect(await exerciseHours(laterFace)).toBe(96);
    expect(await exerciseHours(laterNeck)).toBe(72);
    // A session signed before its periods were kept (no snapshot) follows the settings in force.
    await db.delete(aftercareSnapshots).where(eq(aftercareSnapshots.appointmentId, face.appointmentId));
    expect(await exerciseHours(face)).toBe(96);
    await setAftercareSetting(db, {
      staff: owner,
      key: "exercise.deeper",
      value: "",
      reason: "Back to the default for now, pending review.",
    });

    // Each read is the client's own view of their record.
    const views = await db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "health-record.view"), eq(auditEvents.actorType, "client"), eq(auditEvents.actorId, face.clientId)),
      );
    expect(views.filter((v) => v.details.part === "aftercare" && v.details.appointmentId === face.appointmentId)).toHaveLength(3);
  });

  it("is the client's own, once signed: another client's session, an unsigned one or a made-up id are all 'not found'", async () => {
    const db = f.database.db;
    const mine = await signedSession(NECK, NECK_AT_1, { notify: false });
    const other = await signedSession(NECK, NECK_AT_1, { notify: false });
    const unsigned = await startedUnder(NECK);
    const lots = await supplies(unsigned.today);
    await saveChart(db, { ...chartCall(unsigned), draft: chart(lots, { areas: NECK_AT_1 }), basedOn: null });
    const as = (clientId: string, appointmentId: string) =>
      clientAftercare(db, {
        client: { organizationId: f.clinic.organizationId, clientId },
        keyRing: f.keyRing,
        appointmentId,
        locale: "en",
      });
    expect((await as(mine.clientId, mine.appointmentId)).status).toBe("signed");
    await expect(as(mine.clientId, other.appointmentId)).rejects.toThrow(NotFoundError);
    await expect(as(unsigned.clientId, unsigned.appointmentId)).rejects.toThrow(NotFoundError);
    await expect(as(mine.clientId, "not-an-id")).rejects.toThrow(NotFoundError);
    await expect(as(mine.clientId, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(NotFoundError);
  });
});

describe("the clinic's aftercare periods", () => {
  it("are the owner's to change, within bounds, with a reason, each change audited with before and after", async () => {
    const db = f.database.db;
    const org = f.clinic.organizationId;
    await expect(
      setAftercareSetting(db, { staff: practitioner, key: "water", value: "48", reason: "Shorter, as the plan allows." }),
    ).rejects.toThrow(ForbiddenError);
    // Sunscreen: the peer-reviewed advice is at least 48 hours; a clinic may lengthen it only.
    await expect(
      setAftercareSetting(db, { staff: owner, key: "sun", value: "24", reason: "Shorter sun protection." }),
    ).rejects.toMatchObject({
      errors: { value: expect.stringContaining("at least 48 hours") },
    });
    await expect(setAftercareSetting(db, { staff: owner, key: "water", value: "48", reason: "short" })).rejects.toMatchObject({
      errors: { reason: expect.any(String) },
    });
    await expect(
      setAftercareSetting(db, { staff: owner, key: "deeper-from", value: "3", reason: "Too deep to be sensible." }),
    ).rejects.toMatchObject({ errors: { value: expect.any(String) } });
    await expect(setAftercareSetting(db, { staff: owner, key: "pillow", value: "48", reason: "Not a setting at all." })).rejects.toThrow(
      NotFoundError,
    );

    expect(
      await setAftercareSetting(db, { staff: owner, key: "water", value: "48", reason: "The shorter end of our own advice." }),
    ).toEqual({
      changed: true,
    });
    expect(
      await setAftercareSetting(db, { staff: owner, key: "water", value: "48 h", reason: "The shorter end of our own advice." }),
    ).toEqual({
      changed: false,
    });
    await setAftercareSetting(db, {
      staff: owner,
      key: "deeper-from",
      value: "1,25",
      reason: "Our practitioners' experience with the pens.",
    });
    const s = await aftercareSettingsOf(db, org);
    expect(s.hours.water).toBe(48);
    expect(s.deeperHours.water).toBe(48);
    expect(s.deeperFromMm).toBe(1.25);
    const view = await getAftercareSettings(db, { staff: practitioner });
    expect(view.periods.find((p) => p.item === "water")).toMatchObject({ defaultHours: 72, clinicHours: 48, inForceHours: 48 });
    expect(view.periods.find((p) => p.item === "water")!.changes[0]).toMatchObject({ reason: "The shorter end of our own advice." });

    const changes = await db
      .select({ entityId: auditEvents.entityId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, "plan-aftercare.change")));
    expect(changes.find((c) => c.entityId === "water")?.details).toMatchObject({
      before: { hours: 72 },
      after: { hours: 48 },
      clinicValue: { before: null, after: 48 },
      reason: "The shorter end of our own advice.",
    });
    expect(changes.find((c) => c.entityId === "deeper-from")?.details).toMatchObject({ before: { mm: 1 }, after: { mm: 1.25 } });

    // Back to the defaults: removed, and audited too.
    await setAftercareSetting(db, { staff: owner, key: "water", value: "", reason: "Back to the clinic's default." });
    await setAftercareSetting(db, { staff: owner, key: "deeper-from", value: "", reason: "Back to the clinic's default." });
    expect((await aftercareSettingsOf(db, org)).hours.water).toBe(72);
  });
});
