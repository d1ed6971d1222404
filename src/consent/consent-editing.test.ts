import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../db/schema.ts";
import { ForbiddenError } from "../kernel/errors.ts";
import { addClient, addOrganization, addStaff, db } from "../privacy/test-fixtures.ts";
import { useHealthTestbed } from "../privacy/test-fixtures.ts";
import {
  consentSha256,
  consentStanding,
  ConsentMissingError,
  currentConsentForm,
  insertDefaultConsentForms,
  requireProcedureConsent,
} from "./consent.ts";
import {
  checkConsentVersion,
  ConsentDraftError,
  consentFormVersions,
  ConsentVersionMovedError,
  procedureTopicProblems,
  publishConsentVersion,
  UNCHANGED_MESSAGE,
} from "./consent-editing.ts";
import { DEFAULT_CONSENT_FORMS } from "./default-forms.ts";
import { consentForms } from "./tables.ts";
import { signCurrentConsent } from "./test-fixtures.ts";

useHealthTestbed();

const NOW = Date.parse("2027-04-06T15:00:00Z");
const DEFAULT = DEFAULT_CONSENT_FORMS.procedure;

/** A clinic of its own with the default forms and its owner, so each test starts from version 1. */
async function clinic() {
  const { organizationId } = await addOrganization(db);
  await insertDefaultConsentForms(db, organizationId);
  const owner = await addStaff(db, { organizationId, role: "owner", name: "Olive Owner" });
  return { organizationId, owner };
}

/** The default procedure form with one more sentence in each language. */
const edited = {
  titleEn: DEFAULT.titleEn,
  bodyEn: DEFAULT.bodyEn.replace("No result is guaranteed.", "No result is guaranteed, and some skin responds less than other skin."),
  titleFr: DEFAULT.titleFr,
  bodyFr: DEFAULT.bodyFr.replace(
    "Aucun résultat n’est garanti.",
    "Aucun résultat n’est garanti, et certaines peaux réagissent moins que d’autres.",
  ),
};

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

const versionsOf = (organizationId: string, kind: "procedure" | "photos" = "procedure") =>
  db
    .select({ version: consentForms.version })
    .from(consentForms)
    .where(and(eq(consentForms.organizationId, organizationId), eq(consentForms.kind, kind)));

describe("the required topics of the consent to microneedling", () => {
  it("the default form covers them in both languages", () => {
    expect(procedureTopicProblems(DEFAULT.bodyEn, "en")).toEqual({ missingSections: [], missingRisks: [] });
    expect(procedureTopicProblems(DEFAULT.bodyFr, "fr")).toEqual({ missingSections: [], missingRisks: [] });
  });

  it("reads headings at any level, in any case, with either apostrophe and a final colon", () => {
    const body = DEFAULT.bodyFr
      .replace("## Ce qu’est le microneedling", "### CE QU'EST LE MICRONEEDLING :")
      .replace("## Les risques", "# les risques");
    expect(procedureTopicProblems(body, "fr")).toEqual({ missingSections: [], missingRisks: [] });
  });

  it("names the missing headings and the risks the risks section leaves out", () => {
    const body = DEFAULT.bodyEn
      .replace("## Your right to stop", "Stopping")
      .replace("- **A cold-sore flare** if you have had cold sores.\n", "")
      .replace("- **Bruising** and pinpoint bleeding.\n", "");
    expect(procedureTopicProblems(body, "en")).toEqual({
      missingSections: ["Your right to stop"],
      missingRisks: ["a cold-sore flare", "bruising"],
    });
  });

  it("looks for the risks under the risks heading only", () => {
    const body = DEFAULT.bodyEn.replace("- **Bruising** and pinpoint bleeding.\n", "") + "\nBruising is rare.\n";
    expect(procedureTopicProblems(body, "en").missingRisks).toEqual(["bruising"]);
  });
});

/** Drafts the owner may not publish: each is refused with what is wrong, and the form stays at version 1. */
const REFUSED_DRAFTS: {
  name: string;
  draft: Omit<Parameters<typeof publishConsentVersion>[1], "staff" | "now">;
  expectErrors: (e: ConsentDraftError) => void;
}[] = [
  {
    name: "a consent to microneedling that lost a required topic, naming what is missing",
    draft: {
      kind: "procedure",
      ...edited,
      bodyEn: edited.bodyEn.replace("## Other choices", "Other choices:"),
      bodyFr: edited.bodyFr.replace("- **Une poussée de feux sauvages** si vous en avez déjà eu.\n", ""),
    },
    expectErrors: ({ errors }) => {
      expect(errors.bodyEn).toContain("“Other choices”");
      expect(errors.bodyFr).toContain("“Les risques”");
      expect(errors.bodyFr).toContain("a cold-sore flare");
      expect(Object.keys(errors).sort()).toEqual(["bodyEn", "bodyFr"]);
    },
  },
  {
    name: "a text the publishing guard stops, with the guard's findings",
    draft: { kind: "procedure", ...edited, bodyFr: `${edited.bodyFr}\nVoir [la page des soins](/pages/nulle-part).\n` },
    expectErrors: (e) => {
      expect(Object.keys(e.errors)).toEqual(["bodyFr"]);
      expect(e.errors.bodyFr).toMatch(/publishing guard found a problem in the French text/);
      expect(e.check.guard.en!.blocked).toBe(false);
      expect(e.check.guard.fr!.findings.map((f) => f.rule)).toContain("link.broken-internal");
    },
  },
  {
    name: "the text already in force, even with other line endings and spacing",
    draft: {
      kind: "procedure",
      titleEn: `  ${DEFAULT.titleEn} `,
      bodyEn: DEFAULT.bodyEn.replace(/\n/g, "\r\n") + "\r\n\r\n",
      titleFr: DEFAULT.titleFr,
      bodyFr: DEFAULT.bodyFr,
    },
    expectErrors: ({ errors }) => expect(errors).toEqual({ form: UNCHANGED_MESSAGE }),
  },
  {
    name: "titles and texts outside the lengths the table allows, and control characters",
    draft: { kind: "procedure", titleEn: "A", bodyEn: "Too short.", titleFr: "Titre\u0000", bodyFr: "x".repeat(50_001) },
    expectErrors: ({ errors }) => {
      expect(Object.keys(errors).sort()).toEqual(["bodyEn", "bodyFr", "titleEn", "titleFr"]);
      expect(errors.bodyFr).toContain("50,000");
    },
  },
];

describe("publishing a new version", () => {
  it("the owner publishes version 2, with its hash, audited with the form and version only", async () => {
    const { organizationId, owner } = await clinic();
    const r = await publishConsentVersion(db, { staff: owner, kind: "procedure", ...edited, basedOnVersion: 1, now: NOW });
    expect(r.version).toBe(2);
    const en = await currentConsentForm(db, organizationId, "procedure", "en");
    const fr = await currentConsentForm(db, organizationId, "procedure", "fr");
    expect(en).toMatchObject({ version: 2, title: edited.titleEn, body: edited.bodyEn, contentSha256: consentSha256(edited) });
    expect(fr).toMatchObject({ version: 2, body: edited.bodyFr, contentSha256: r.contentSha256 });
    expect(en!.publishedAt).toBe(NOW);
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.action, "consent.form-published")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "staff", actorId: owner.userId, entityType: "consent_form", entityId: r.id });
    expect(events[0]!.details).toEqual({ kind: "procedure", version: 2 });

    const list = await consentFormVersions(db, organizationId, "procedure");
    expect(list.map((v) => [v.version, v.publishedBy])).toEqual([
      [2, "Olive Owner"],
      [1, null],
    ]);
    // The photo consent is a form of its own: still version 1.
    expect((await currentConsentForm(db, organizationId, "photos", "en"))!.version).toBe(1);
  });

  it("a client who signed version 1 must sign version 2 before their next treatment", async () => {
    const { organizationId, owner } = await clinic();
    const client = await addClient(db, organizationId, "Maëlle Tremblay");
    await signCurrentConsent(db, { organizationId, clientId: client.id, name: "Maëlle Tremblay", now: NOW - 86_400_000 });
    await requireProcedureConsent(db, organizationId, client.id);

    await publishConsentVersion(db, { staff: owner, kind: "procedure", ...edited, now: NOW });
    expect((await consentStanding(db, organizationId, client.id)).procedure).toMatchObject({ signedVersion: 1, current: false });
    const refused = await caught(requireProcedureConsent(db, organizationId, client.id));
    expect(refused).toBeInstanceOf(ConsentMissingError);
    expect((refused as ConsentMissingError).reason).toBe("older-version");

    await signCurrentConsent(db, { organizationId, clientId: client.id, name: "Maëlle Tremblay", now: NOW + 1000 });
    await requireProcedureConsent(db, organizationId, client.id);
    const list = await consentFormVersions(db, organizationId, "procedure");
    expect(list.map((v) => [v.version, v.signatures])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it.each(REFUSED_DRAFTS)("refuses $name", async ({ draft, expectErrors }) => {
    const { organizationId, owner } = await clinic();
    const error = await caught(publishConsentVersion(db, { staff: owner, ...draft, now: NOW }));
    expect(error).toBeInstanceOf(ConsentDraftError);
    expectErrors(error as ConsentDraftError);
    expect(await versionsOf(organizationId)).toHaveLength(1);
  });

  it("refuses a kind of form the clinic does not have", async () => {
    const { organizationId, owner } = await clinic();
    expect(await caught(publishConsentVersion(db, { staff: owner, kind: "waiver", ...edited, now: NOW }))).toMatchObject({
      errors: { kind: "Choose the consent form to change." },
    });
    expect(await versionsOf(organizationId)).toHaveLength(1);
  });

  it("the default texts pass the guard with nothing that stops them", async () => {
    const { owner } = await clinic();
    for (const kind of ["procedure", "photos"] as const) {
      const check = await checkConsentVersion(db, { staff: owner, kind, ...DEFAULT_CONSENT_FORMS[kind], now: NOW });
      expect(check.errors, kind).toEqual({});
      expect(
        check.guard.en!.findings.filter((f) => f.severity !== "info"),
        kind,
      ).toEqual([]);
      expect(
        check.guard.fr!.findings.filter((f) => f.severity !== "info"),
        kind,
      ).toEqual([]);
    }
  });

  it("only the owner may publish or check a version", async () => {
    const { organizationId } = await clinic();
    for (const role of ["manager", "practitioner", "front-desk"] as const) {
      const staff = await addStaff(db, { organizationId, role });
      expect(await caught(publishConsentVersion(db, { staff, kind: "procedure", ...edited, now: NOW })), role).toBeInstanceOf(
        ForbiddenError,
      );
      expect(await caught(checkConsentVersion(db, { staff, kind: "procedure", ...edited, now: NOW })), role).toBeInstanceOf(ForbiddenError);
    }
    expect(await versionsOf(organizationId)).toHaveLength(1);
  });

  it("refuses a change made on a version that is no longer the latest", async () => {
    const { organizationId, owner } = await clinic();
    await publishConsentVersion(db, { staff: owner, kind: "procedure", ...edited, basedOnVersion: 1, now: NOW });
    const again = { ...edited, bodyEn: `${edited.bodyEn}\nAsk us anything.\n` };
    expect(
      await caught(publishConsentVersion(db, { staff: owner, kind: "procedure", ...again, basedOnVersion: 1, now: NOW })),
    ).toBeInstanceOf(ConsentVersionMovedError);
    expect(await versionsOf(organizationId)).toHaveLength(2);
  });

  it("the photo consent has no required headings: any text the guard lets through is published", async () => {
    const { organizationId, owner } = await clinic();
    const photos = DEFAULT_CONSENT_FORMS.photos;
    const r = await publishConsentVersion(db, {
      staff: owner,
      kind: "photos",
      ...photos,
      bodyEn: `${photos.bodyEn}\nWe keep your photographs with your record.\n`,
      now: NOW,
    });
    expect(r.version).toBe(2);
    expect(await versionsOf(organizationId, "procedure")).toHaveLength(1);
  });
});
