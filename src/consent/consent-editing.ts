// The owner writes a new version of a consent form (docs/consent.md,
// "Changing a consent form"). A version is published only when both languages
// pass the publishing guard with nothing that blocks, and the consent to
// microneedling still covers what a client must be told: each of its section
// headings, and every risk named in its risks section. A version is never
// changed afterwards; clients sign the new one before their next treatment.
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import { evaluateContent } from "../content/evaluate-content.ts";
import { report, type GuardReport } from "../content/findings.ts";
import { outlineMarkdown } from "../content/markdown.ts";
import type { Db, DbOrTx } from "../db/open.ts";
import { authUsers, organizations } from "../db/schema.ts";
import { requirePermission, type StaffActor } from "../kernel/access.ts";
import { DomainError, FieldError } from "../kernel/errors.ts";
import { isPlainLine, isPlainText, LINE_CONTROL_MESSAGE, TEXT_CONTROL_MESSAGE } from "../kernel/text.ts";
import { consentSha256, latestConsentFormRow } from "./consent.ts";
import type { ConsentText } from "./default-forms.ts";
import { CONSENT_KINDS, consentForms, consentSignatures, type ConsentKind } from "./tables.ts";

/** The lengths src/db/migrations/0015_consent.sql allows, in characters (code points, as PostgreSQL counts them). */
export const CONSENT_TITLE_LENGTH = { min: 2, max: 200 } as const;
export const CONSENT_BODY_LENGTH = { min: 20, max: 50_000 } as const;

type Locale = "en" | "fr";
const LANGUAGE: Record<Locale, string> = { en: "English", fr: "French" };

/**
 * The sections the consent to microneedling keeps, by the headings of the
 * default form (src/consent/default-forms.ts): any heading level, case,
 * apostrophe style and a final colon do not matter.
 */
export const PROCEDURE_SECTIONS = [
  { id: "what", heading: { en: "What microneedling is", fr: "Ce qu’est le microneedling" } },
  { id: "course", heading: { en: "What to expect", fr: "À quoi vous attendre" } },
  { id: "risks", heading: { en: "The risks", fr: "Les risques" } },
  { id: "alternatives", heading: { en: "Other choices", fr: "Les autres possibilités" } },
  { id: "aftercare", heading: { en: "Your part in aftercare", fr: "Votre rôle dans les soins après le traitement" } },
  { id: "stop", heading: { en: "Your right to stop", fr: "Votre droit d’arrêter" } },
] as const;

/**
 * What the risks section names, each found by any one of its words (the
 * start of a word is enough: "scar" finds "scarring"; case, accents as typed,
 * hyphens read as spaces).
 */
export const PROCEDURE_RISKS = [
  { id: "infection", name: "infection", words: { en: ["infection"], fr: ["infection"] } },
  { id: "pigment", name: "darker patches (pigment changes)", words: { en: ["pigment", "hyperpigment"], fr: ["pigment", "hyperpigment"] } },
  { id: "scarring", name: "scarring", words: { en: ["scar"], fr: ["cicatri"] } },
  {
    id: "reaction",
    name: "an allergic or granulomatous reaction",
    words: { en: ["allergic", "allergy", "granulom"], fr: ["allergi", "granulom"] },
  },
  {
    id: "cold-sores",
    name: "a cold-sore flare",
    words: { en: ["cold sore", "herpes"], fr: ["feux sauvages", "feu sauvage", "herpès", "bouton de fièvre", "boutons de fièvre"] },
  },
  { id: "bruising", name: "bruising", words: { en: ["bruis"], fr: ["bleus", "ecchymose"] } },
] as const;

/** Compared as people read them: one case, one apostrophe, hyphens and runs of spaces as one space. */
function comparable(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[’‘ʼ`]/g, "'")
    .replace(/[\s\-‐‑–—]+/g, " ")
    .trim();
}

const headingKey = (s: string) => comparable(s).replace(/[\s:.]+$/, "");

export interface TopicProblems {
  /** Required headings not found, as the default form writes them. */
  missingSections: string[];
  /** Risks the risks section does not name (only when that section is there). */
  missingRisks: string[];
}

/** What the consent to microneedling's text in one language lacks of the required topics; both lists empty when it covers them all. */
export function procedureTopicProblems(body: string, locale: Locale): TopicProblems {
  const outline = outlineMarkdown(body);
  const blocks = outline.blocks;
  const headingAt = (title: string) => blocks.findIndex((b) => b.kind === "heading" && headingKey(b.text) === headingKey(title));
  const missingSections = PROCEDURE_SECTIONS.filter((s) => headingAt(s.heading[locale]) < 0).map((s) => s.heading[locale]);
  const missingRisks: string[] = [];
  const risksAt = headingAt(PROCEDURE_SECTIONS[2].heading[locale]);
  if (risksAt >= 0) {
    const depth = blocks[risksAt]!.depth ?? 6;
    let end = risksAt + 1;
    while (end < blocks.length && !(blocks[end]!.kind === "heading" && (blocks[end]!.depth ?? 6) <= depth)) end++;
    const text = ` ${comparable(
      blocks
        .slice(risksAt + 1, end)
        .map((b) => b.text)
        .join(" "),
    ).replace(/[^\p{L}\p{N} ]+/gu, " ")} `;
    for (const risk of PROCEDURE_RISKS) {
      if (!risk.words[locale].some((w) => text.includes(` ${comparable(w)}`))) missingRisks.push(risk.name);
    }
  }
  return { missingSections, missingRisks };
}

/** The topic problems as one message for the text's field, or null. */
function topicMessage(p: TopicProblems, locale: Locale): string | null {
  const q = (s: string) => `“${s}”`;
  const parts: string[] = [];
  if (p.missingSections.length)
    parts.push(
      `The ${LANGUAGE[locale]} text must keep ${p.missingSections.length === 1 ? "this section heading" : "these section headings"}: ${p.missingSections.map(q).join(", ")} (as a heading, for example “## ${p.missingSections[0]}”).`,
    );
  if (p.missingRisks.length)
    parts.push(`Under ${q(PROCEDURE_SECTIONS[2].heading[locale])}, the ${LANGUAGE[locale]} text must name ${p.missingRisks.join(", ")}.`);
  return parts.length ? parts.join(" ") : null;
}

/** The publishing guard's report on one language's text, as the desk would give it for a page; a form has no summary to note. */
async function guardReport(db: DbOrTx, organizationId: string, title: string, body: string, now: number): Promise<GuardReport> {
  const { report: r } = await evaluateContent(db, organizationId, { title, summary: "", body, coverAssetId: null }, now);
  return report(r.findings.filter((f) => !f.rule.startsWith("meta.")));
}

export interface ConsentDraftInput {
  titleEn: string;
  bodyEn: string;
  titleFr: string;
  bodyFr: string;
}

export interface ConsentDraftCheck {
  /** The text as it would be published: titles on one line, line endings normalised. */
  text: ConsentText;
  contentSha256: string;
  /** One message per field that stops publication (titleEn, bodyEn, titleFr, bodyFr). */
  errors: Record<string, string>;
  /** The guard's report per language; null for a text too long or unreadable to check. */
  guard: Record<Locale, GuardReport | null>;
  /** The required topics a text lacks (the consent to microneedling only). */
  topics: Record<Locale, TopicProblems>;
}

/** Refused: the field messages, with the whole check so the page can list the guard's findings. */
export class ConsentDraftError extends FieldError {
  readonly check: ConsentDraftCheck;
  constructor(check: ConsentDraftCheck, errors: Record<string, string> = check.errors) {
    super(errors);
    this.name = "ConsentDraftError";
    this.check = check;
  }
}

const chars = (s: string) => [...s].length;

function readTitle(raw: string, locale: Locale, errors: Record<string, string>): string {
  const field = locale === "en" ? "titleEn" : "titleFr";
  const title = raw.replace(/\s+/g, " ").trim();
  if (!isPlainLine(raw)) errors[field] = LINE_CONTROL_MESSAGE;
  else if (chars(title) < CONSENT_TITLE_LENGTH.min) errors[field] = `Give the ${LANGUAGE[locale]} title.`;
  else if (chars(title) > CONSENT_TITLE_LENGTH.max)
    errors[field] = `Keep the ${LANGUAGE[locale]} title under ${CONSENT_TITLE_LENGTH.max} characters.`;
  return title;
}

/** The body as published: line endings normalised, leading blank lines and trailing spaces dropped, one final line break. */
function readBody(raw: string, locale: Locale, errors: Record<string, string>): { body: string; checkable: boolean } {
  const field = locale === "en" ? "bodyEn" : "bodyFr";
  const body = `${raw
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd()}\n`;
  if (!isPlainText(raw)) errors[field] = TEXT_CONTROL_MESSAGE;
  else if (chars(body.trim()) < CONSENT_BODY_LENGTH.min)
    errors[field] = `Write the ${LANGUAGE[locale]} text: at least ${CONSENT_BODY_LENGTH.min} characters.`;
  else if (chars(body) > CONSENT_BODY_LENGTH.max)
    errors[field] = `The ${LANGUAGE[locale]} text is longer than ${CONSENT_BODY_LENGTH.max.toLocaleString("en-CA")} characters.`;
  return { body, checkable: !errors[field] };
}

function readKind(kind: string): ConsentKind {
  if (!(CONSENT_KINDS as readonly string[]).includes(kind)) throw new FieldError({ kind: "Choose the consent form to change." });
  return kind as ConsentKind;
}

async function checkDraft(
  db: DbOrTx,
  o: { organizationId: string; kind: ConsentKind; input: ConsentDraftInput; now: number },
): Promise<ConsentDraftCheck> {
  const errors: Record<string, string> = {};
  const titleEn = readTitle(o.input.titleEn, "en", errors);
  const en = readBody(o.input.bodyEn, "en", errors);
  const titleFr = readTitle(o.input.titleFr, "fr", errors);
  const fr = readBody(o.input.bodyFr, "fr", errors);
  const text: ConsentText = { titleEn, bodyEn: en.body, titleFr, bodyFr: fr.body };
  const none: TopicProblems = { missingSections: [], missingRisks: [] };
  const check: ConsentDraftCheck = {
    text,
    contentSha256: consentSha256(text),
    errors,
    guard: { en: null, fr: null },
    topics: { en: none, fr: none },
  };
  for (const [locale, body, title] of [
    ["en", en, titleEn],
    ["fr", fr, titleFr],
  ] as const) {
    if (!body.checkable) continue;
    const field = locale === "en" ? "bodyEn" : "bodyFr";
    // One after the other: inside a transaction they share one connection.
    const guard = await guardReport(db, o.organizationId, title, body.body, o.now);
    check.guard[locale] = guard;
    const messages: string[] = [];
    if (o.kind === "procedure") {
      check.topics[locale] = procedureTopicProblems(body.body, locale);
      const m = topicMessage(check.topics[locale], locale);
      if (m) messages.push(m);
    }
    const stopping = guard.findings.filter((f) => f.severity !== "info").length;
    if (stopping > 0)
      messages.push(
        `The publishing guard found ${stopping === 1 ? "a problem" : `${stopping} problems`} in the ${LANGUAGE[locale]} text that ${stopping === 1 ? "stops" : "stop"} publication: see the guard’s findings for that text.`,
      );
    if (messages.length) errors[field] = messages.join(" ");
  }
  return check;
}

/**
 * The checks a new version must pass, without publishing anything: lengths,
 * the publishing guard on both languages and, for the consent to
 * microneedling, the required topics. The owner's "Check" button.
 */
export async function checkConsentVersion(
  db: DbOrTx,
  o: { staff: StaffActor; kind: string; now: number } & ConsentDraftInput,
): Promise<ConsentDraftCheck> {
  requirePermission(o.staff, "consent.edit", "change the consent forms");
  const kind = readKind(o.kind);
  return checkDraft(db, { organizationId: o.staff.organizationId, kind, input: o, now: o.now });
}

export const UNCHANGED_MESSAGE =
  "This is the text of the version in force, unchanged in both languages. Change the text to publish a new version.";

/** The latest version of a form, with both languages. */
export async function currentConsentTexts(
  db: DbOrTx,
  organizationId: string,
  kind: ConsentKind,
): Promise<(ConsentText & { id: string; version: number; contentSha256: string; publishedAt: number }) | null> {
  const row = await latestConsentFormRow(db, organizationId, kind);
  return row
    ? {
        id: row.id,
        version: row.version,
        titleEn: row.titleEn,
        bodyEn: row.bodyEn,
        titleFr: row.titleFr,
        bodyFr: row.bodyFr,
        contentSha256: row.contentSha256,
        publishedAt: row.publishedAt.getTime(),
      }
    : null;
}

/** Someone published a version after this page was opened: the owner reads it first. */
export class ConsentVersionMovedError extends DomainError {
  constructor() {
    super(
      "conflict",
      "A new version of this form was published after you opened the page. Reload the page to read it, then make your change again.",
    );
    this.name = "ConsentVersionMovedError";
  }
}

/**
 * Publishes a new version of a consent form (version = latest + 1): the
 * owner's alone; refused with field errors for a title or text of the wrong
 * length, a text the guard stops, a consent to microneedling without its
 * required topics, or the text already in force. `basedOnVersion`, when
 * given, is the version the owner edited: another published since is refused.
 * Audited with the form and version, never the text.
 */
export async function publishConsentVersion(
  db: Db,
  o: { staff: StaffActor; kind: string; now: number; basedOnVersion?: number } & ConsentDraftInput,
): Promise<{ id: string; version: number; contentSha256: string }> {
  requirePermission(o.staff, "consent.edit", "publish a new version of a consent form");
  const kind = readKind(o.kind);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    // One publication of the clinic's forms at a time: two at once cannot both take the next version.
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
    const current = await currentConsentTexts(tx, organizationId, kind);
    if (o.basedOnVersion !== undefined && current && current.version !== o.basedOnVersion) throw new ConsentVersionMovedError();
    const check = await checkDraft(tx, { organizationId, kind, input: o, now: o.now });
    if (Object.keys(check.errors).length) throw new ConsentDraftError(check);
    if (current && current.contentSha256 === check.contentSha256) throw new ConsentDraftError(check, { form: UNCHANGED_MESSAGE });
    const version = (current?.version ?? 0) + 1;
    const [row] = await tx
      .insert(consentForms)
      .values({
        organizationId,
        kind,
        version,
        ...check.text,
        contentSha256: check.contentSha256,
        publishedByUserId: o.staff.userId,
        publishedAt: new Date(o.now),
      })
      .returning({ id: consentForms.id });
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "consent.form-published",
      entityType: "consent_form",
      entityId: row!.id,
      details: { kind, version },
    });
    return { id: row!.id, version, contentSha256: check.contentSha256 };
  });
}

export interface ConsentFormVersion {
  id: string;
  version: number;
  titleEn: string;
  titleFr: string;
  contentSha256: string;
  publishedAt: number;
  /** Who published it; null for the default version 1 (or a former staff member's account removed). */
  publishedBy: string | null;
  /** Signatures of this version, withdrawn photo consents included. */
  signatures: number;
}

/** Every version of a form, newest first, with who published it and how many signatures it has. */
export async function consentFormVersions(db: DbOrTx, organizationId: string, kind: ConsentKind): Promise<ConsentFormVersion[]> {
  const rows = await db
    .select({
      id: consentForms.id,
      version: consentForms.version,
      titleEn: consentForms.titleEn,
      titleFr: consentForms.titleFr,
      contentSha256: consentForms.contentSha256,
      publishedAt: consentForms.publishedAt,
      publishedBy: authUsers.name,
    })
    .from(consentForms)
    .leftJoin(authUsers, eq(authUsers.id, consentForms.publishedByUserId))
    .where(and(eq(consentForms.organizationId, organizationId), eq(consentForms.kind, kind)))
    .orderBy(desc(consentForms.version));
  if (rows.length === 0) return [];
  const counts = await db
    .select({ formId: consentSignatures.formId, n: count() })
    .from(consentSignatures)
    .where(
      and(
        eq(consentSignatures.organizationId, organizationId),
        inArray(
          consentSignatures.formId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .groupBy(consentSignatures.formId);
  const byForm = new Map(counts.map((c) => [c.formId, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    titleEn: r.titleEn,
    titleFr: r.titleFr,
    contentSha256: r.contentSha256,
    publishedAt: r.publishedAt.getTime(),
    publishedBy: r.publishedBy ?? null,
    signatures: byForm.get(r.id) ?? 0,
  }));
}
