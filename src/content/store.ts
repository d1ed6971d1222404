// The publishing desk's documents: pages and articles in English or French,
// every save an immutable revision with the quality guard's report, and the
// workflow draft → review → published (or scheduled, or unpublished). The
// public sees the published revision, which stays live while a new draft is
// edited. Every change is audited with ids, never with the text itself.
//
// Who: content.edit writes drafts, uploads images and submits for review;
// content.publish publishes, schedules and unpublishes; content.override (the
// owner) publishes over blocking findings with a reason. The guard runs on
// every save and again, fresh, at every submission, publication and schedule,
// and once more when a scheduled revision's time comes.
import { and, desc, eq, isNotNull, lte, or, sql, type SQL } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { requirePermission } from "../auth/permissions.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers, services } from "../db/schema.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { isUuid } from "../scheduling/clinic.ts";
import { constraintViolation, FieldError, NotFoundError, UNIQUE_VIOLATION } from "../scheduling/errors.ts";
import { report, type Finding, type GuardReport } from "./findings.ts";
import { checkMarkdown } from "./guard.ts";
import { outlineMarkdown } from "./markdown.ts";
import { BODY_MAX, OVERRIDE_REASON_MAX, OVERRIDE_REASON_MIN, STATUSES, SUMMARY_MAX, SUMMARY_RECOMMENDED, TITLE_MAX } from "./limits.ts";
import { assetsForRendering, type AssetForRendering, type StaffActor } from "./media.ts";
import { parseScheduleTime } from "./schedule-time.ts";
import { publicPathChecker } from "./site-paths.ts";
import { isSlug, slugify, slugProblem } from "./slug.ts";
import {
  contentDocuments,
  contentRevisions,
  mediaAssets,
  type ContentLocale,
  type DocumentKind,
  type DocumentStatus,
  type ScheduleFailure,
} from "./tables.ts";

export type { StaffActor };

export const KIND_PATH: Readonly<Record<DocumentKind, string>> = { article: "/articles", page: "/pages" };

/** The public path of a document: "/articles/x", "/fr/pages/y". */
export function documentPath(d: { kind: DocumentKind; locale: ContentLocale; slug: string }): string {
  return `${d.locale === "fr" ? "/fr" : ""}${KIND_PATH[d.kind]}/${d.slug}`;
}

// ---------------------------------------------------------------------------
// Errors a route turns into a message

/** The guard found something that blocks this step. The text is saved; the report says why. */
export class GuardBlockedError extends Error {
  readonly report: GuardReport;
  constructor(r: GuardReport, step: string) {
    const n = r.findings.filter((f) => f.severity === "block").length;
    super(`Not ${step}: the quality guard found ${n === 1 ? "a problem" : `${n} problems`} that must be fixed first. The text is saved.`);
    this.name = "GuardBlockedError";
    this.report = r;
  }
}

/** The step does not fit where the document is in its workflow (already published, scheduled…). */
export class ContentStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContentStateError";
  }
}

// ---------------------------------------------------------------------------
// Input

export interface ContentInput {
  title?: unknown;
  summary?: unknown;
  body?: unknown;
  coverAssetId?: unknown;
}

export interface RevisionContent {
  title: string;
  summary: string;
  body: string;
  coverAssetId: string | null;
}

const oneLine = (v: unknown) =>
  String(v ?? "")
    .replace(/\s+/g, " ")
    .trim();

/** The content as typed, with field errors; the body keeps its text exactly (line endings normalised). */
export function readContent(input: ContentInput): { value: RevisionContent; errors: Record<string, string> } {
  const cover = String(input.coverAssetId ?? "").trim();
  const value: RevisionContent = {
    title: oneLine(input.title),
    summary: oneLine(input.summary),
    body: String(input.body ?? "").replace(/\r\n?/g, "\n"),
    coverAssetId: cover === "" ? null : cover,
  };
  const errors: Record<string, string> = {};
  // Checked as typed, before spaces are collapsed: a line break or a direction mark in a title is refused, not folded away.
  if (!isPlainLine(String(input.title ?? ""))) errors.title = LINE_CONTROL_MESSAGE;
  else if (!value.title) errors.title = "Give it a title.";
  else if (value.title.length > TITLE_MAX) errors.title = `Keep the title under ${TITLE_MAX} characters.`;
  if (value.summary.length > SUMMARY_MAX)
    errors.summary = `Keep the summary under ${SUMMARY_MAX} characters; search results show about ${SUMMARY_RECOMMENDED}.`;
  if (value.body.length > BODY_MAX)
    errors.body = `The text is longer than ${BODY_MAX.toLocaleString("en-CA")} characters. Split it in two.`;
  if (value.coverAssetId !== null && !isUuid(value.coverAssetId)) errors.coverAssetId = "Choose a cover image from the library.";
  return { value, errors };
}

function readKind(v: unknown): DocumentKind | null {
  return v === "page" || v === "article" ? v : null;
}

function readLocale(v: unknown): ContentLocale | null {
  return v === "en" || v === "fr" ? v : null;
}

const KIND_WORD: Record<DocumentKind, string> = { article: "article", page: "page" };
const LOCALE_WORD: Record<ContentLocale, string> = { en: "English", fr: "French" };

// ---------------------------------------------------------------------------
// The guard, with what the site holds right now

/** Library asset ids a text uses: images, and links to library files. */
export function mediaIdsIn(body: string, coverAssetId: string | null): string[] {
  const outline = outlineMarkdown(body);
  const ids = new Set<string>();
  const re = /^\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;
  for (const src of [...outline.images.map((i) => i.src), ...outline.links.map((l) => l.href)]) {
    const m = re.exec(src.trim());
    if (m) ids.add(m[1]!.toLowerCase());
  }
  if (coverAssetId) ids.add(coverAssetId);
  return [...ids];
}

/** Live documents: a published revision, or a scheduled one whose time has come. */
function liveCondition(now: number): SQL {
  return or(
    isNotNull(contentDocuments.publishedRevisionId),
    and(eq(contentDocuments.status, "scheduled"), lte(contentDocuments.scheduledAt, new Date(now))),
  )!;
}

async function liveSlugs(db: DbOrTx, organizationId: string, now: number): Promise<{ articles: string[]; pages: string[] }> {
  const rows = await db
    .select({ kind: contentDocuments.kind, slug: contentDocuments.slug })
    .from(contentDocuments)
    .where(and(eq(contentDocuments.organizationId, organizationId), liveCondition(now)));
  return {
    articles: rows.filter((r) => r.kind === "article").map((r) => r.slug),
    pages: rows.filter((r) => r.kind === "page").map((r) => r.slug),
  };
}

const MEDIA_PATH = /^\/media\/([0-9a-f-]{36})\/(original|\d{2,4})\.(webp|avif|jpg)$/i;

/**
 * The guard's report on a revision's content as the site stands at `now`:
 * links must lead to a public page or a published document, images to the
 * library, and every image's stored findings (the watermark check) count.
 */
export async function evaluateContent(
  db: DbOrTx,
  organizationId: string,
  content: RevisionContent,
  now: number,
): Promise<{ report: GuardReport; mediaIds: string[]; assets: Map<string, AssetForRendering> }> {
  const mediaIds = mediaIdsIn(content.body, content.coverAssetId);
  // One after the other: inside a transaction they share one connection.
  const serviceRows = await db
    .select({ slug: services.slug })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.active, true)));
  const slugs = await liveSlugs(db, organizationId, now);
  const assets = await assetsForRendering(db, organizationId, mediaIds);
  const pathExists = publicPathChecker({
    serviceSlugs: serviceRows.map((s) => s.slug),
    articleSlugs: slugs.articles,
    pageSlugs: slugs.pages,
  });
  const internalPathExists = (path: string) => {
    const bare = path.replace(/[?#].*$/s, "");
    const media = MEDIA_PATH.exec(bare);
    if (media) return assets.has(media[1]!.toLowerCase());
    return pathExists(path);
  };
  const findings: Finding[] = [
    ...checkMarkdown(content.body, { internalPathExists, mediaFindings: (id) => assets.get(id.toLowerCase())?.findings ?? null }),
  ];
  if (content.body.trim() === "")
    findings.unshift({ rule: "text.empty", severity: "block", message: "The text is empty. Write it before it is published." });
  if (content.coverAssetId) {
    const cover = assets.get(content.coverAssetId);
    if (!cover)
      findings.push({
        rule: "image.unknown",
        severity: "block",
        message: "The cover image is not in the media library. Choose another.",
        image: content.coverAssetId,
      });
    else
      for (const f of cover.findings)
        if (!findings.some((g) => g.rule === f.rule && g.image === cover.id))
          findings.push({ ...f, image: cover.id, message: `Cover image: ${f.message}` });
  }
  if (content.summary === "")
    findings.push({
      rule: "meta.summary-missing",
      severity: "info",
      message: "There is no summary. Search engines and shared links show it under the title; write one or two sentences.",
    });
  else if (content.summary.length > SUMMARY_RECOMMENDED)
    findings.push({
      rule: "meta.summary-long",
      severity: "info",
      message: `The summary has ${content.summary.length} characters; search results cut it after about ${SUMMARY_RECOMMENDED}.`,
    });
  return { report: report(findings), mediaIds, assets };
}

/** "rule|image" of the findings that need the editor's confirmation. */
function confirmKeys(r: GuardReport): string[] {
  return [...new Set(r.findings.filter((f) => f.severity === "confirm").map((f) => `${f.rule}|${f.image ?? ""}`))];
}

function blockRules(r: GuardReport): string[] {
  return [...new Set(r.findings.filter((f) => f.severity === "block").map((f) => f.rule))];
}

export interface GateInput {
  /** The editor ticked "I have confirmed the clinic holds a licence for …". */
  confirmLicences?: boolean;
  /** The owner publishes over blocking findings, with a reason. */
  override?: { reason: string } | null;
}

/**
 * Lets a step through the guard, or throws: blocking findings stop it unless
 * the owner overrides with a reason; confirm findings need the checkbox. Both
 * are audited here, in the step's transaction.
 */
async function passGate(
  tx: DbOrTx,
  o: {
    staff: StaffActor;
    documentId: string;
    revisionId: string;
    report: GuardReport;
    gate: GateInput;
    step: string;
    allowOverride: boolean;
  },
): Promise<{ overriddenRules: string[]; confirmed: string[] }> {
  const r = o.report;
  let overriddenRules: string[] = [];
  if (r.blocked) {
    if (!o.allowOverride || !o.gate.override) throw new GuardBlockedError(r, o.step);
    requirePermission(o.staff, "content.override", "publish over the quality guard's findings");
    const reason = oneLine(o.gate.override.reason);
    if (reason.length < OVERRIDE_REASON_MIN)
      throw new FieldError({ overrideReason: `Say why it should be published anyway, in at least ${OVERRIDE_REASON_MIN} characters.` });
    if (reason.length > OVERRIDE_REASON_MAX)
      throw new FieldError({ overrideReason: `Keep the reason under ${OVERRIDE_REASON_MAX} characters.` });
    overriddenRules = blockRules(r);
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.guard-override",
      entityType: "content_document",
      entityId: o.documentId,
      details: { revisionId: o.revisionId, rules: overriddenRules, reason, step: o.step },
    });
  }
  const confirmed = confirmKeys(r);
  if (confirmed.length > 0) {
    if (!o.gate.confirmLicences)
      throw new FieldError({
        confirm: "Confirm that the clinic holds a licence for the images listed, or replace them with images it owns.",
      });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.licence-confirm",
      entityType: "content_document",
      entityId: o.documentId,
      details: {
        revisionId: o.revisionId,
        rules: [...new Set(confirmed.map((k) => k.split("|")[0]!))],
        images: [...new Set(confirmed.map((k) => k.split("|")[1]!).filter(Boolean))],
        step: o.step,
      },
    });
  }
  return { overriddenRules, confirmed };
}

// ---------------------------------------------------------------------------
// Reading documents (staff)

type DocumentRow = typeof contentDocuments.$inferSelect;
type RevisionRow = typeof contentRevisions.$inferSelect;

/** A document of this organization, or "not found" (also for an id that is not a uuid). */
async function documentById(db: DbOrTx, organizationId: string, documentId: string, lock?: "for update"): Promise<DocumentRow> {
  if (!isUuid(documentId)) throw new NotFoundError("The page");
  const query = db
    .select()
    .from(contentDocuments)
    .where(and(eq(contentDocuments.id, documentId), eq(contentDocuments.organizationId, organizationId)));
  const [doc] = lock ? await query.for("update") : await query;
  if (!doc) throw new NotFoundError("The page");
  return doc;
}

function documentForUpdate(tx: DbOrTx, organizationId: string, documentId: string): Promise<DocumentRow> {
  return documentById(tx, organizationId, documentId, "for update");
}

async function revisionById(tx: DbOrTx, documentId: string, revisionId: string | null): Promise<RevisionRow> {
  if (!revisionId || !isUuid(revisionId)) throw new NotFoundError("The revision");
  const [rev] = await tx
    .select()
    .from(contentRevisions)
    .where(and(eq(contentRevisions.id, revisionId), eq(contentRevisions.documentId, documentId)));
  if (!rev) throw new NotFoundError("The revision");
  return rev;
}

const contentOf = (r: RevisionRow): RevisionContent => ({ title: r.title, summary: r.summary, body: r.body, coverAssetId: r.coverAssetId });

/** The working revision, checked afresh by the guard and passed through the gate of this step. */
async function gateWorkingRevision(
  tx: DbOrTx,
  doc: DocumentRow,
  o: { staff: StaffActor; gate?: GateInput; now: number },
  step: string,
  allowOverride: boolean,
): Promise<{ working: RevisionRow; report: GuardReport; gate: { overriddenRules: string[]; confirmed: string[] } }> {
  const working = await revisionById(tx, doc.id, doc.workingRevisionId);
  const { report } = await evaluateContent(tx, doc.organizationId, contentOf(working), o.now);
  const gate = await passGate(tx, {
    staff: o.staff,
    documentId: doc.id,
    revisionId: working.id,
    report,
    gate: o.gate ?? {},
    step,
    allowOverride,
  });
  return { working, report, gate };
}

function sameContent(a: RevisionContent, b: RevisionContent): boolean {
  return a.title === b.title && a.summary === b.summary && a.body === b.body && a.coverAssetId === b.coverAssetId;
}

export interface DocumentListFilters {
  kind?: string;
  status?: string;
  locale?: string;
}

export interface DocumentListRow {
  id: string;
  kind: DocumentKind;
  locale: ContentLocale;
  slug: string;
  status: DocumentStatus;
  title: string;
  live: boolean;
  /** A draft newer than what the public sees. */
  changedSinceLive: boolean;
  scheduledAt: number | null;
  updatedAt: number;
  updatedBy: string;
  blocked: boolean;
  scheduleFailed: boolean;
  path: string;
}

export async function listDocuments(db: DbOrTx, o: { staff: StaffActor; filters?: DocumentListFilters }): Promise<DocumentListRow[]> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const f = o.filters ?? {};
  const conditions: SQL[] = [eq(contentDocuments.organizationId, o.staff.organizationId)];
  const kind = readKind(f.kind);
  if (kind) conditions.push(eq(contentDocuments.kind, kind));
  const locale = readLocale(f.locale);
  if (locale) conditions.push(eq(contentDocuments.locale, locale));
  if (f.status && (STATUSES as readonly string[]).includes(f.status))
    conditions.push(eq(contentDocuments.status, f.status as DocumentStatus));
  const rows = await db
    .select({ d: contentDocuments, title: contentRevisions.title, report: contentRevisions.guardReport, by: authUsers.name })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.id, contentDocuments.workingRevisionId))
    .leftJoin(authUsers, eq(authUsers.id, contentRevisions.createdByUserId))
    .where(and(...conditions))
    .orderBy(desc(contentDocuments.updatedAt), desc(contentDocuments.id));
  return rows.map(({ d, title, report: r, by }) => ({
    id: d.id,
    kind: d.kind,
    locale: d.locale,
    slug: d.slug,
    status: d.status,
    title,
    live: d.publishedRevisionId !== null,
    changedSinceLive: d.publishedRevisionId !== null && d.publishedRevisionId !== d.workingRevisionId,
    scheduledAt: d.scheduledAt?.getTime() ?? null,
    updatedAt: d.updatedAt.getTime(),
    updatedBy: by ?? "A former staff member",
    blocked: r.blocked,
    scheduleFailed: d.scheduleFailure !== null,
    path: documentPath(d),
  }));
}

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  locale: ContentLocale;
  slug: string;
  /** The address can change until the document is first published. */
  slugLocked: boolean;
  status: DocumentStatus;
  path: string;
  working: RevisionContent & { id: string; number: number; createdAt: number; by: string };
  /** The guard on the working revision as the site stands now. */
  report: GuardReport;
  live: { revisionId: string; number: number; publishedAt: number } | null;
  firstPublishedAt: number | null;
  scheduledAt: number | null;
  scheduleFailure: ScheduleFailure | null;
  /** The same kind and slug in the other language. */
  translation: { id: string; locale: ContentLocale; status: DocumentStatus; live: boolean } | null;
}

export async function viewDocument(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<DocumentView> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const working = await revisionById(db, doc.id, doc.workingRevisionId);
  const [by] = await db.select({ name: authUsers.name }).from(authUsers).where(eq(authUsers.id, working.createdByUserId));
  const live = doc.publishedRevisionId ? await revisionById(db, doc.id, doc.publishedRevisionId) : null;
  const { report: fresh } = await evaluateContent(db, o.staff.organizationId, contentOf(working), o.now);
  const [other] = await db
    .select({
      id: contentDocuments.id,
      locale: contentDocuments.locale,
      status: contentDocuments.status,
      pub: contentDocuments.publishedRevisionId,
    })
    .from(contentDocuments)
    .where(
      and(
        eq(contentDocuments.organizationId, o.staff.organizationId),
        eq(contentDocuments.kind, doc.kind),
        eq(contentDocuments.slug, doc.slug),
        eq(contentDocuments.locale, doc.locale === "en" ? "fr" : "en"),
      ),
    );
  return {
    id: doc.id,
    kind: doc.kind,
    locale: doc.locale,
    slug: doc.slug,
    slugLocked: doc.firstPublishedAt !== null || doc.status === "scheduled",
    status: doc.status,
    path: documentPath(doc),
    working: {
      ...contentOf(working),
      id: working.id,
      number: working.number,
      createdAt: working.createdAt.getTime(),
      by: by?.name ?? "A former staff member",
    },
    report: fresh,
    live: live && doc.publishedAt ? { revisionId: live.id, number: live.number, publishedAt: doc.publishedAt.getTime() } : null,
    firstPublishedAt: doc.firstPublishedAt?.getTime() ?? null,
    scheduledAt: doc.scheduledAt?.getTime() ?? null,
    scheduleFailure: doc.scheduleFailure,
    translation: other ? { id: other.id, locale: other.locale, status: other.status, live: other.pub !== null } : null,
  };
}

export interface RevisionListRow {
  id: string;
  number: number;
  title: string;
  createdAt: number;
  by: string;
  restoredFromNumber: number | null;
  blocked: boolean;
  findingCount: number;
  working: boolean;
  published: boolean;
  scheduled: boolean;
}

export async function listRevisions(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string },
): Promise<{
  document: { id: string; kind: DocumentKind; locale: ContentLocale; slug: string; title: string };
  revisions: RevisionListRow[];
}> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const rows = await db
    .select({ r: contentRevisions, by: authUsers.name })
    .from(contentRevisions)
    .leftJoin(authUsers, eq(authUsers.id, contentRevisions.createdByUserId))
    .where(eq(contentRevisions.documentId, doc.id))
    .orderBy(desc(contentRevisions.number));
  const numberOf = new Map(rows.map(({ r }) => [r.id, r.number]));
  const working = rows.find(({ r }) => r.id === doc.workingRevisionId)?.r;
  return {
    document: { id: doc.id, kind: doc.kind, locale: doc.locale, slug: doc.slug, title: working?.title ?? doc.slug },
    revisions: rows.map(({ r, by }) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      createdAt: r.createdAt.getTime(),
      by: by ?? "A former staff member",
      restoredFromNumber: r.restoredFromRevisionId ? (numberOf.get(r.restoredFromRevisionId) ?? null) : null,
      blocked: r.guardReport.blocked,
      findingCount: r.guardReport.findings.filter((x) => x.severity !== "info").length,
      working: r.id === doc.workingRevisionId,
      published: r.id === doc.publishedRevisionId,
      scheduled: r.id === doc.scheduledRevisionId,
    })),
  };
}

export async function getRevision(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; revisionId: string },
): Promise<RevisionContent & { id: string; number: number; report: GuardReport; createdAt: number }> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const r = await revisionById(db, doc.id, o.revisionId);
  return { ...contentOf(r), id: r.id, number: r.number, report: r.guardReport, createdAt: r.createdAt.getTime() };
}

// ---------------------------------------------------------------------------
// Writing

async function coverMustExist(tx: DbOrTx, organizationId: string, coverAssetId: string | null): Promise<void> {
  if (!coverAssetId) return;
  const [row] = await tx
    .select({ id: mediaAssets.id })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.id, coverAssetId), eq(mediaAssets.organizationId, organizationId)));
  if (!row) throw new FieldError({ coverAssetId: "That image is no longer in the library. Choose another cover." });
}

async function slugTaken(
  tx: DbOrTx,
  o: { organizationId: string; kind: DocumentKind; locale: ContentLocale; slug: string; exceptId?: string },
) {
  const [row] = await tx
    .select({ id: contentDocuments.id })
    .from(contentDocuments)
    .where(
      and(
        eq(contentDocuments.organizationId, o.organizationId),
        eq(contentDocuments.kind, o.kind),
        eq(contentDocuments.locale, o.locale),
        eq(contentDocuments.slug, o.slug),
      ),
    );
  return !!row && row.id !== o.exceptId;
}

function slugTakenMessage(kind: DocumentKind, locale: ContentLocale, slug: string): string {
  return `Another ${LOCALE_WORD[locale]} ${KIND_WORD[kind]} already uses this address (${documentPath({ kind, locale, slug })}). Choose another.`;
}

async function insertRevision(
  tx: DbOrTx,
  o: { staff: StaffActor; documentId: string; number: number; content: RevisionContent; now: number; restoredFrom?: string | null },
): Promise<{ id: string; report: GuardReport }> {
  const { report: r, mediaIds } = await evaluateContent(tx, o.staff.organizationId, o.content, o.now);
  const [row] = await tx
    .insert(contentRevisions)
    .values({
      documentId: o.documentId,
      organizationId: o.staff.organizationId,
      number: o.number,
      ...o.content,
      mediaAssetIds: mediaIds,
      guardReport: r,
      restoredFromRevisionId: o.restoredFrom ?? null,
      createdByUserId: o.staff.userId,
      createdAt: new Date(o.now),
    })
    .returning({ id: contentRevisions.id });
  return { id: row!.id, report: r };
}

async function nextNumber(tx: DbOrTx, documentId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${contentRevisions.number}), 0)`.mapWith(Number) })
    .from(contentRevisions)
    .where(eq(contentRevisions.documentId, documentId));
  return (row?.n ?? 0) + 1;
}

function withSlugConstraint<T>(kind: DocumentKind, locale: ContentLocale, slug: string, work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (constraintViolation(error)?.code === UNIQUE_VIOLATION) throw new FieldError({ slug: slugTakenMessage(kind, locale, slug) });
    throw error;
  });
}

export async function createDocument(
  db: DbOrTx,
  o: { staff: StaffActor; input: ContentInput & { kind?: unknown; locale?: unknown; slug?: unknown }; now: number },
): Promise<{ documentId: string; revisionId: string; report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "write pages and articles");
  const { value, errors } = readContent(o.input);
  const kind = readKind(o.input.kind);
  const locale = readLocale(o.input.locale);
  if (!kind) errors.kind = "Choose whether it is an article or a page.";
  if (!locale) errors.locale = "Choose its language.";
  const typed = String(o.input.slug ?? "").trim();
  const slug = typed === "" ? slugify(value.title) : typed;
  const problem = typed === "" && value.title && !isSlug(slug) ? "Give it an address (for example what-to-expect)." : slugProblem(slug);
  if (problem && !errors.title) errors.slug = problem;
  if (Object.keys(errors).length) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return withSlugConstraint(kind!, locale!, slug, () =>
    db.transaction(async (tx) => {
      if (await slugTaken(tx, { organizationId, kind: kind!, locale: locale!, slug }))
        throw new FieldError({ slug: slugTakenMessage(kind!, locale!, slug) });
      await coverMustExist(tx, organizationId, value.coverAssetId);
      const at = new Date(o.now);
      const [doc] = await tx
        .insert(contentDocuments)
        .values({
          organizationId,
          kind: kind!,
          locale: locale!,
          slug,
          status: "draft",
          createdByUserId: o.staff.userId,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: contentDocuments.id });
      const documentId = doc!.id;
      const revision = await insertRevision(tx, { staff: o.staff, documentId, number: 1, content: value, now: o.now });
      await tx.update(contentDocuments).set({ workingRevisionId: revision.id }).where(eq(contentDocuments.id, documentId));
      await recordAuditEvent(tx, {
        organizationId,
        actor: { type: "staff", id: o.staff.userId },
        action: "content.create",
        entityType: "content_document",
        entityId: documentId,
        details: { kind, locale, slug, revisionId: revision.id, blocked: revision.report.blocked },
      });
      return { documentId, revisionId: revision.id, report: revision.report };
    }),
  );
}

/**
 * Saves the form as a new revision (nothing when nothing changed). Any change
 * takes the document back to draft and cancels a schedule; the published
 * revision stays live. Blocking findings never stop a save.
 */
export async function saveDraft(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; input: ContentInput & { slug?: unknown }; now: number },
): Promise<{ changed: boolean; revisionId: string; report: GuardReport; cancelledSchedule: boolean }> {
  requirePermission(o.staff, "content.edit", "write pages and articles");
  const { value, errors } = readContent(o.input);
  const typedSlug = o.input.slug === undefined ? null : String(o.input.slug).trim();
  if (typedSlug !== null) {
    const problem = slugProblem(typedSlug);
    if (problem) errors.slug = problem;
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    const working = await revisionById(tx, doc.id, doc.workingRevisionId);
    const newSlug = typedSlug !== null && typedSlug !== doc.slug ? typedSlug : null;
    if (newSlug) {
      if (doc.firstPublishedAt !== null || doc.status === "scheduled")
        throw new FieldError({ slug: "The address cannot change once the page has been published or scheduled: links to it would break." });
      if (await slugTaken(tx, { organizationId, kind: doc.kind, locale: doc.locale, slug: newSlug, exceptId: doc.id }))
        throw new FieldError({ slug: slugTakenMessage(doc.kind, doc.locale, newSlug) });
    }
    const contentChanged = !sameContent(value, contentOf(working));
    if (!contentChanged && !newSlug)
      return { changed: false, revisionId: working.id, report: working.guardReport, cancelledSchedule: false };
    await coverMustExist(tx, organizationId, value.coverAssetId);
    let revisionId = working.id;
    let r = working.guardReport;
    if (contentChanged) {
      const saved = await insertRevision(tx, {
        staff: o.staff,
        documentId: doc.id,
        number: await nextNumber(tx, doc.id),
        content: value,
        now: o.now,
      });
      revisionId = saved.id;
      r = saved.report;
    }
    const cancelledSchedule = contentChanged && doc.status === "scheduled";
    await withSlugConstraint(doc.kind, doc.locale, newSlug ?? doc.slug, () =>
      tx
        .update(contentDocuments)
        .set({
          slug: newSlug ?? doc.slug,
          workingRevisionId: revisionId,
          ...(contentChanged ? { status: "draft" as const, ...clearedSchedule, scheduleFailure: null } : {}),
          updatedAt: new Date(o.now),
        })
        .where(eq(contentDocuments.id, doc.id)),
    );
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.save",
      entityType: "content_document",
      entityId: doc.id,
      details: {
        revisionId,
        ...(newSlug ? { slugChanged: true } : {}),
        ...(cancelledSchedule ? { cancelledSchedule: true } : {}),
        blocked: r.blocked,
        rules: blockRules(r),
      },
    });
    return { changed: true, revisionId, report: r, cancelledSchedule };
  });
}

const clearedSchedule = {
  scheduledAt: null,
  scheduledRevisionId: null,
  scheduleOverriddenRules: [] as string[],
  scheduleConfirmed: [] as string[],
};

function alreadyLive(doc: DocumentRow): boolean {
  return doc.publishedRevisionId !== null && doc.publishedRevisionId === doc.workingRevisionId;
}

export async function submitForReview(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "submit pages and articles for review");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.status === "review") throw new ContentStateError("It is already waiting for review.");
    if (doc.status === "scheduled") throw new ContentStateError("It is scheduled to be published. Cancel the schedule to change it.");
    if (alreadyLive(doc)) throw new ContentStateError("This version is already published. Change it first, then submit the change.");
    const { working, report: r } = await gateWorkingRevision(tx, doc, o, "submitted for review", false);
    await tx
      .update(contentDocuments)
      .set({ status: "review", scheduleFailure: null, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.submit",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id },
    });
    return { report: r };
  });
}

export async function publishDocument(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport; revisionId: string }> {
  requirePermission(o.staff, "content.publish", "publish pages and articles");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (alreadyLive(doc) && doc.status === "published") throw new ContentStateError("This version is already published.");
    const { working, report: r, gate } = await gateWorkingRevision(tx, doc, o, "published", true);
    const at = new Date(o.now);
    await tx
      .update(contentDocuments)
      .set({
        status: "published",
        publishedRevisionId: working.id,
        publishedAt: at,
        firstPublishedAt: doc.firstPublishedAt ?? at,
        ...clearedSchedule,
        scheduleFailure: null,
        updatedAt: at,
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.publish",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id, ...(gate.overriddenRules.length ? { overridden: gate.overriddenRules } : {}) },
    });
    return { report: r, revisionId: working.id };
  });
}

/**
 * Schedules the working revision for a local date and time in the clinic's
 * zone. The guard must pass (or the owner override) now; it runs again on the
 * same revision when the time comes.
 */
export async function scheduleDocument(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; date: string; time: string; timeZone: string; gate?: GateInput; now: number },
): Promise<{ report: GuardReport; at: number }> {
  requirePermission(o.staff, "content.publish", "schedule pages and articles");
  const when = parseScheduleTime(o.date, o.time, o.timeZone, o.now);
  if (!when.ok) throw new FieldError({ [when.field]: when.message });
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (alreadyLive(doc)) throw new ContentStateError("This version is already published. Change it first, then schedule the change.");
    const { working, report: r, gate } = await gateWorkingRevision(tx, doc, o, "scheduled", true);
    await tx
      .update(contentDocuments)
      .set({
        status: "scheduled",
        scheduledRevisionId: working.id,
        scheduledAt: new Date(when.epochMs),
        scheduleOverriddenRules: gate.overriddenRules,
        scheduleConfirmed: gate.confirmed,
        scheduleFailure: null,
        updatedAt: new Date(o.now),
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.schedule",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: working.id, at: new Date(when.epochMs).toISOString() },
    });
    return { report: r, at: when.epochMs };
  });
}

export async function cancelSchedule(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<void> {
  requirePermission(o.staff, "content.publish", "change when pages and articles are published");
  const organizationId = o.staff.organizationId;
  await db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.status !== "scheduled") throw new ContentStateError("It is not scheduled.");
    await tx
      .update(contentDocuments)
      .set({ status: "draft", ...clearedSchedule, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.schedule-cancel",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: doc.scheduledRevisionId },
    });
  });
}

/** Takes the document off the public site; its revisions and working copy stay. */
export async function unpublishDocument(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<void> {
  requirePermission(o.staff, "content.publish", "take pages and articles off the site");
  const organizationId = o.staff.organizationId;
  await db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    if (doc.publishedRevisionId === null) throw new ContentStateError("It is not on the site.");
    await tx
      .update(contentDocuments)
      .set({
        publishedRevisionId: null,
        status: doc.status === "published" ? "unpublished" : doc.status,
        updatedAt: new Date(o.now),
      })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.unpublish",
      entityType: "content_document",
      entityId: doc.id,
      details: { revisionId: doc.publishedRevisionId },
    });
  });
}

/** A new draft revision with an old revision's content. */
export async function restoreRevision(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; revisionId: string; now: number },
): Promise<{ revisionId: string; number: number; report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "restore an earlier revision");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    const old = await revisionById(tx, doc.id, o.revisionId);
    if (old.id === doc.workingRevisionId) throw new ContentStateError("This is already the current version.");
    // A cover image removed from the library since cannot come back.
    const [cover] = old.coverAssetId
      ? await tx
          .select({ id: mediaAssets.id })
          .from(mediaAssets)
          .where(and(eq(mediaAssets.id, old.coverAssetId), eq(mediaAssets.organizationId, organizationId)))
      : [];
    const content = { ...contentOf(old), coverAssetId: cover ? old.coverAssetId : null };
    const number = await nextNumber(tx, doc.id);
    const saved = await insertRevision(tx, { staff: o.staff, documentId: doc.id, number, content, now: o.now, restoredFrom: old.id });
    await tx
      .update(contentDocuments)
      .set({ workingRevisionId: saved.id, status: "draft", ...clearedSchedule, scheduleFailure: null, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content.restore",
      entityType: "content_document",
      entityId: doc.id,
      details: {
        revisionId: saved.id,
        fromRevisionId: old.id,
        fromNumber: old.number,
        ...(doc.status === "scheduled" ? { cancelledSchedule: true } : {}),
      },
    });
    return { revisionId: saved.id, number, report: saved.report };
  });
}

// ---------------------------------------------------------------------------
// Scheduled publication

/**
 * Publishes every scheduled document whose time has come, after running the
 * guard again on the scheduled revision. It passes when nothing blocks beyond
 * what the owner overrode when scheduling and nothing new needs a licence
 * confirmation; otherwise the document goes back to draft with the reason
 * kept. Audited as the system. The public pages call this before they read,
 * so a scheduled document appears exactly at its time; a worker calls it too.
 */
export async function publishDueDocuments(
  db: DbOrTx,
  o: { now: number; organizationId?: string },
): Promise<{ published: string[]; blocked: string[] }> {
  const dueWhere = and(
    eq(contentDocuments.status, "scheduled"),
    lte(contentDocuments.scheduledAt, new Date(o.now)),
    o.organizationId ? eq(contentDocuments.organizationId, o.organizationId) : undefined,
  );
  const due = await db
    .select({ id: contentDocuments.id, organizationId: contentDocuments.organizationId })
    .from(contentDocuments)
    .where(dueWhere);
  const published: string[] = [];
  const blocked: string[] = [];
  for (const { id, organizationId } of due) {
    await db.transaction(async (tx) => {
      const doc = await documentForUpdate(tx, organizationId, id);
      // Someone else (another request, the worker) got there first.
      if (doc.status !== "scheduled" || !doc.scheduledAt || doc.scheduledAt.getTime() > o.now) return;
      const rev = await revisionById(tx, doc.id, doc.scheduledRevisionId);
      const { report: r } = await evaluateContent(tx, organizationId, contentOf(rev), o.now);
      const overridden = new Set(doc.scheduleOverriddenRules);
      const confirmed = new Set(doc.scheduleConfirmed);
      const stopping = r.findings.filter(
        (f) =>
          (f.severity === "block" && !overridden.has(f.rule)) || (f.severity === "confirm" && !confirmed.has(`${f.rule}|${f.image ?? ""}`)),
      );
      const at = doc.scheduledAt;
      const held = stopping.length > 0;
      // Held back: the document returns to draft with the findings that stopped it; otherwise it goes live at its time.
      await tx
        .update(contentDocuments)
        .set({
          ...(held
            ? { status: "draft" as const, scheduleFailure: { at: new Date(o.now).toISOString(), findings: stopping } }
            : {
                status: "published" as const,
                publishedRevisionId: rev.id,
                publishedAt: at,
                firstPublishedAt: doc.firstPublishedAt ?? at,
                scheduleFailure: null,
              }),
          ...clearedSchedule,
          updatedAt: new Date(o.now),
        })
        .where(eq(contentDocuments.id, doc.id));
      await recordAuditEvent(tx, {
        organizationId,
        actor: { type: "system", id: null },
        action: held ? "content.publish-blocked" : "content.publish",
        entityType: "content_document",
        entityId: doc.id,
        details: held
          ? { revisionId: rev.id, rules: [...new Set(stopping.map((f) => f.rule))] }
          : { revisionId: rev.id, scheduled: true, ...(overridden.size ? { overridden: [...overridden] } : {}) },
      });
      (held ? blocked : published).push(doc.id);
    });
  }
  return { published, blocked };
}

// ---------------------------------------------------------------------------
// The public side

export interface LiveDocument {
  id: string;
  kind: DocumentKind;
  /** The language the content is written in (may differ from the page's when no translation exists). */
  locale: ContentLocale;
  slug: string;
  title: string;
  summary: string;
  body: string;
  coverAssetId: string | null;
  firstPublishedAt: number;
  publishedAt: number;
}

export interface LiveLookup {
  document: LiveDocument;
  /** The document is in the other language: no version in the page's language exists. */
  fallback: boolean;
  /** Public paths of the document per language, where a live version exists. */
  alternates: Partial<Record<ContentLocale, string>>;
}

async function liveRows(db: DbOrTx, where: SQL) {
  return db
    .select({ d: contentDocuments, r: contentRevisions })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.id, contentDocuments.publishedRevisionId))
    .where(where);
}

function toLive({ d, r }: { d: DocumentRow; r: RevisionRow }): LiveDocument {
  return {
    id: d.id,
    kind: d.kind,
    locale: d.locale,
    slug: d.slug,
    title: r.title,
    summary: r.summary,
    body: r.body,
    coverAssetId: r.coverAssetId,
    firstPublishedAt: (d.firstPublishedAt ?? d.publishedAt ?? d.updatedAt).getTime(),
    publishedAt: (d.publishedAt ?? d.updatedAt).getTime(),
  };
}

/**
 * The live document at a public address. When the page's language has none,
 * the other language's version is returned with `fallback` (the page says so
 * and marks its language). Drafts, reviews and unpublished documents: null.
 */
export async function findLiveDocument(
  db: DbOrTx,
  o: { organizationId: string; kind: DocumentKind; locale: ContentLocale; slug: string; now: number },
): Promise<LiveLookup | null> {
  if (!isSlug(o.slug)) return null;
  await publishDueDocuments(db, { now: o.now, organizationId: o.organizationId });
  const rows = (
    await liveRows(
      db,
      and(eq(contentDocuments.organizationId, o.organizationId), eq(contentDocuments.kind, o.kind), eq(contentDocuments.slug, o.slug))!,
    )
  ).map(toLive);
  const own = rows.find((d) => d.locale === o.locale);
  const other = rows.find((d) => d.locale !== o.locale);
  const document = own ?? other;
  if (!document) return null;
  const alternates: Partial<Record<ContentLocale, string>> = {};
  for (const d of rows) alternates[d.locale] = documentPath(d);
  return { document, fallback: !own, alternates };
}

export interface ArticleListItem {
  slug: string;
  locale: ContentLocale;
  title: string;
  summary: string;
  coverAssetId: string | null;
  firstPublishedAt: number;
  publishedAt: number;
  path: string;
}

/**
 * Published articles in a language, newest first, and (for the list page's
 * second part) the articles only the other language has.
 */
export async function listLiveArticles(
  db: DbOrTx,
  o: { organizationId: string; locale: ContentLocale; now: number },
): Promise<{ articles: ArticleListItem[]; otherLanguageOnly: ArticleListItem[] }> {
  await publishDueDocuments(db, { now: o.now, organizationId: o.organizationId });
  const rows = (await liveRows(db, and(eq(contentDocuments.organizationId, o.organizationId), eq(contentDocuments.kind, "article"))!)).map(
    toLive,
  );
  const item = (d: LiveDocument): ArticleListItem => ({
    slug: d.slug,
    locale: d.locale,
    title: d.title,
    summary: d.summary,
    coverAssetId: d.coverAssetId,
    firstPublishedAt: d.firstPublishedAt,
    publishedAt: d.publishedAt,
    path: documentPath(d),
  });
  const newest = (a: ArticleListItem, b: ArticleListItem) => b.firstPublishedAt - a.firstPublishedAt || a.slug.localeCompare(b.slug);
  const mine = rows.filter((d) => d.locale === o.locale);
  const slugs = new Set(mine.map((d) => d.slug));
  return {
    articles: mine.map(item).sort(newest),
    otherLanguageOnly: rows
      .filter((d) => d.locale !== o.locale && !slugs.has(d.slug))
      .map(item)
      .sort(newest),
  };
}

export interface PublishedPath {
  /** "/articles/x", "/fr/pages/y". */
  path: string;
  kind: DocumentKind;
  locale: ContentLocale;
  /** When the live revision was published. */
  lastModified: Date;
  /** The same document in each language it is published in (this one included). */
  alternates: Partial<Record<ContentLocale, string>>;
}

/** Every published article and page, for the sitemap. */
export async function publishedPaths(db: DbOrTx, organizationId: string, now: number = Date.now()): Promise<PublishedPath[]> {
  await publishDueDocuments(db, { now, organizationId });
  const rows = await db
    .select({
      kind: contentDocuments.kind,
      locale: contentDocuments.locale,
      slug: contentDocuments.slug,
      publishedAt: contentDocuments.publishedAt,
      updatedAt: contentDocuments.updatedAt,
    })
    .from(contentDocuments)
    .where(and(eq(contentDocuments.organizationId, organizationId), isNotNull(contentDocuments.publishedRevisionId)))
    .orderBy(contentDocuments.kind, contentDocuments.slug, contentDocuments.locale);
  return rows.map((r) => {
    const alternates: Partial<Record<ContentLocale, string>> = {};
    for (const s of rows) if (s.kind === r.kind && s.slug === r.slug) alternates[s.locale] = documentPath(s);
    return { path: documentPath(r), kind: r.kind, locale: r.locale, lastModified: r.publishedAt ?? r.updatedAt, alternates };
  });
}
