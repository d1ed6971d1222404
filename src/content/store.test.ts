import { eq, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/open.ts";
import { auditEvents } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import type { TestStaff } from "../privacy/test-fixtures.ts";
import type { ClinicFixture } from "../scheduling/test-fixtures.ts";
import { diffLines, foldUnchanged } from "./diff.ts";
import { readMediaFile } from "./media-files.ts";
import { publicDocumentPage, renderContent } from "./publishing.ts";
import { slugify, slugProblem } from "./slug.ts";
import { ContentStateError, GuardBlockedError } from "./errors.ts";
import { createDocument, restoreRevision, saveDraft } from "./draft-writing.ts";
import { findLiveDocument, listLiveArticles, publishedPaths } from "./live-documents.ts";
import { listDocuments, listRevisions, viewDocument } from "./desk-reading.ts";
import { publishDocument, submitForReview, unpublishDocument } from "./document-workflow.ts";
import * as tables from "./tables.ts";
import { contentDocuments, contentRevisions } from "./tables.ts";
import { BODY, caught, createDeskFixture, fieldErrors, NOW, type DeskFixture } from "./test-fixtures.ts";
import { ForbiddenError } from "../kernel/errors.ts";

// Scheduled publication has its tests in store-schedule.test.ts.

let f: ClinicFixture;
let owner: TestStaff;
let manager: TestStaff;
let desk: TestStaff;
let practitioner: TestStaff;
let organizationId: string;
let article: DeskFixture["article"];
let asset: DeskFixture["asset"];
let audits: DeskFixture["audits"];

beforeAll(async () => {
  ({ f, organizationId, owner, manager, desk, practitioner, article, asset, audits } = await createDeskFixture());
});

afterAll(async () => {
  await f?.database.close();
});

/** What the public site finds at an English article's address, as of NOW. */
const liveArticle = (slug: string) => findLiveDocument(f.database.db, { organizationId, kind: "article", locale: "en", slug, now: NOW });

describe(`the publishing desk on ${testDatabaseKind}`, () => {
  it("has tables that match the migration", async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
      await f.database.db.execute(
        sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
      ),
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === "YES"]));
    const list = [tables.contentSettings, tables.mediaAssets, tables.mediaVariants, tables.contentDocuments, tables.contentRevisions];
    for (const table of list) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} exists`).toBe(true);
        expect(actual.get(key), `${key} nullable`).toBe(!column.notNull && !column.primary);
      }
    }
  });

  it("checks addresses: made from the title, lowercase words with hyphens, one per kind and language", async () => {
    expect(slugify("Qu’est-ce que le microneedling? Skin & Care")).toBe("quest-ce-que-le-microneedling-skin-and-care");
    expect(slugProblem("What-To-Expect")).toBe("Use lowercase letters only: what-to-expect.");
    expect(slugProblem("what to expect")).toMatch(/hyphens instead of spaces/);
    expect(slugProblem("what--to")).toMatch(/single hyphens/);
    expect(slugProblem("soins-après")).toMatch(/no accents/);

    const id = await article({ slug: "", title: "Aftercare, day by day" });
    expect((await viewDocument(f.database.db, { staff: desk, documentId: id, now: NOW })).slug).toBe("aftercare-day-by-day");
    const taken = await fieldErrors(
      createDocument(f.database.db, {
        staff: desk,
        input: { kind: "article", locale: "en", slug: "aftercare-day-by-day", title: "Another", body: "Text." },
        now: NOW,
      }),
    );
    expect(taken.slug).toBe("Another English article already uses this address (/articles/aftercare-day-by-day). Choose another.");
    // The French version and a page may share it.
    await article({ slug: "aftercare-day-by-day", locale: "fr", title: "Les soins après, jour après jour" });
    await article({ slug: "aftercare-day-by-day", kind: "page", title: "Aftercare" });
    const bad = await fieldErrors(
      createDocument(f.database.db, { staff: desk, input: { kind: "blog", locale: "de", slug: "Bad Slug", title: "" }, now: NOW }),
    );
    expect(Object.keys(bad).sort()).toEqual(["kind", "locale", "title"]);
    await expect(article({ slug: "practitioner-writes", by: practitioner })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("moves draft → review → published by role, keeps the published revision live while a new draft is edited, and audits with ids only", async () => {
    const db = f.database.db;
    const id = await article({ slug: "before-your-visit" });
    expect(await liveArticle("before-your-visit")).toBeNull();

    await submitForReview(db, { staff: desk, documentId: id, now: NOW });
    expect((await viewDocument(db, { staff: desk, documentId: id, now: NOW })).status).toBe("review");
    expect(await caught(submitForReview(db, { staff: desk, documentId: id, now: NOW }))).toBeInstanceOf(ContentStateError);
    await expect(publishDocument(db, { staff: desk, documentId: id, now: NOW })).rejects.toBeInstanceOf(ForbiddenError);
    await publishDocument(db, { staff: manager, documentId: id, now: NOW + 1000 });

    const live = await liveArticle("before-your-visit");
    expect(live?.document.title).toBe("Getting ready for microneedling");
    expect(live?.document.firstPublishedAt).toBe(NOW + 1000);

    // A new draft: the public still sees the published revision.
    const saveChecklist = (now: number) =>
      saveDraft(db, { staff: desk, documentId: id, input: { title: "Getting ready: a checklist", summary: "", body: BODY }, now });
    const save = await saveChecklist(NOW + 2000);
    expect(save.changed).toBe(true);
    const again = await saveChecklist(NOW + 3000);
    expect(again.changed).toBe(false);
    const view = await viewDocument(db, { staff: desk, documentId: id, now: NOW });
    expect(view.status).toBe("draft");
    expect(view.working.title).toBe("Getting ready: a checklist");
    expect(view.live?.number).toBe(1);
    expect((await liveArticle("before-your-visit"))?.document.title).toBe("Getting ready for microneedling");
    const listed = (await listDocuments(db, { staff: desk, filters: { status: "draft", kind: "article" } })).find((d) => d.id === id);
    expect(listed).toMatchObject({ live: true, changedSinceLive: true, title: "Getting ready: a checklist" });
    // The address is fixed once published.
    expect(
      (await fieldErrors(saveDraft(db, { staff: desk, documentId: id, input: { title: "x", slug: "new-address", body: BODY }, now: NOW })))
        .slug,
    ).toMatch(/cannot change once/);

    await unpublishDocument(db, { staff: manager, documentId: id, now: NOW + 4000 });
    expect(await liveArticle("before-your-visit")).toBeNull();

    const events = await f.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["content.create", desk.userId],
      ["content.submit", desk.userId],
      ["content.publish", manager.userId],
      ["content.save", desk.userId],
      ["content.unpublish", manager.userId],
    ]);
    for (const e of events) expect(JSON.stringify(e.details)).not.toMatch(/Come with clean skin|Getting ready/);
  });

  it("saves text with blocking findings, stops submission and publication, and lets only the owner override with a reason", async () => {
    const db = f.database.db;
    const broken = `${BODY}\nRead [our aftercare page](/pages/aftercare-at-home) too.\n`;
    const id = await article({ slug: "blocked-by-a-link", body: broken });
    const view = await viewDocument(db, { staff: desk, documentId: id, now: NOW });
    expect(view.working.body).toBe(broken);
    expect(view.report.blocked).toBe(true);
    const finding = view.report.findings.find((x) => x.rule === "link.broken-internal");
    expect(finding).toMatchObject({ severity: "block", line: 9 });

    const blocked = await caught(submitForReview(db, { staff: desk, documentId: id, now: NOW }));
    expect(blocked).toBeInstanceOf(GuardBlockedError);
    expect((blocked as GuardBlockedError).message).toMatch(/^Not submitted for review: the quality guard found a problem/);
    expect(await caught(publishDocument(db, { staff: manager, documentId: id, now: NOW }))).toBeInstanceOf(GuardBlockedError);
    // A manager cannot override; the owner must give a reason of ten characters or more.
    expect(
      await caught(
        publishDocument(db, { staff: manager, documentId: id, gate: { override: { reason: "Launch day, fix later" } }, now: NOW }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      (await fieldErrors(publishDocument(db, { staff: owner, documentId: id, gate: { override: { reason: "because" } }, now: NOW })))
        .overrideReason,
    ).toMatch(/at least 10 characters/);
    expect(await liveArticle("blocked-by-a-link")).toBeNull();
    expect(await audits("content.guard-override", id)).toEqual([]);

    await publishDocument(db, {
      staff: owner,
      documentId: id,
      gate: { override: { reason: "The aftercare page goes up within the hour" } },
      now: NOW,
    });
    expect(await liveArticle("blocked-by-a-link")).not.toBeNull();
    const [override] = await audits("content.guard-override", id);
    expect(override).toMatchObject({
      actorId: owner.userId,
      details: { rules: ["link.broken-internal"], reason: "The aftercare page goes up within the hour", step: "published" },
    });
  });

  it("needs the licence checkbox for an image whose licence is in doubt, audited, and blocks a watermarked one", async () => {
    const db = f.database.db;
    const hinted = await asset([
      { rule: "image.licence-hint", severity: "confirm", message: "The file name is a stock agency's.", image: "room.jpg" },
    ]);
    const id = await article({ slug: "licensed-image", body: `${BODY}\n![The treatment room](/media/${hinted}/original.webp)\n` });
    const report = (await viewDocument(db, { staff: desk, documentId: id, now: NOW })).report;
    expect(report).toMatchObject({ blocked: false, needsConfirmation: true });
    expect((await fieldErrors(publishDocument(db, { staff: manager, documentId: id, now: NOW }))).confirm).toMatch(
      /Confirm that the clinic holds a licence/,
    );
    await publishDocument(db, { staff: manager, documentId: id, gate: { confirmLicences: true }, now: NOW });
    const [confirm] = await audits("content.licence-confirm", id);
    expect(confirm).toMatchObject({
      actorId: manager.userId,
      details: { rules: ["image.licence-hint"], images: [hinted], step: "published" },
    });

    // Published now: its image is public.
    expect(await readMediaFile(db, { organizationId, assetId: hinted, file: "480.webp", staff: false })).toMatchObject({ public: true });

    const marked = await asset([{ rule: "image.watermark", severity: "block", message: "The image shows “shutterstock”." }]);
    const cover = await article({ slug: "watermarked-cover", cover: marked });
    const blocked = await caught(publishDocument(db, { staff: manager, documentId: cover, now: NOW }));
    expect(blocked).toBeInstanceOf(GuardBlockedError);
    expect((blocked as GuardBlockedError).report.findings).toContainEqual(
      expect.objectContaining({ rule: "image.watermark", image: marked }),
    );
    expect(await readMediaFile(db, { organizationId, assetId: marked, file: "480.webp", staff: false })).toBeNull();
  });

  it("keeps every revision, and restoring one writes it again as a new draft, audited", async () => {
    const db = f.database.db;
    const id = await article({ slug: "revisions", body: "First version.\n" });
    await saveDraft(db, { staff: desk, documentId: id, input: { title: "Second", body: "Second version.\n" }, now: NOW + 1 });
    await saveDraft(db, { staff: manager, documentId: id, input: { title: "Third", body: "Third version.\n" }, now: NOW + 2 });
    const { revisions } = await listRevisions(db, { staff: desk, documentId: id });
    expect(revisions.map((r) => [r.number, r.title, r.working])).toEqual([
      [3, "Third", true],
      [2, "Second", false],
      [1, "Getting ready for microneedling", false],
    ]);
    const first = revisions.find((r) => r.number === 1)!;
    const restored = await restoreRevision(db, { staff: desk, documentId: id, revisionId: first.id, now: NOW + 3 });
    expect(restored.number).toBe(4);
    const view = await viewDocument(db, { staff: desk, documentId: id, now: NOW });
    expect(view.working).toMatchObject({ number: 4, title: "Getting ready for microneedling", body: "First version.\n" });
    expect((await listRevisions(db, { staff: desk, documentId: id })).revisions[0]).toMatchObject({ number: 4, restoredFromNumber: 1 });
    const [audit] = await audits("content.restore", id);
    expect(audit).toMatchObject({
      actorId: desk.userId,
      details: { fromRevisionId: first.id, fromNumber: 1, revisionId: restored.revisionId },
    });
    // Revisions cannot be changed in place.
    await expect(db.update(contentRevisions).set({ title: "Edited" }).where(eq(contentRevisions.id, first.id))).rejects.toThrow();
  });

  it("shows an article in the other language with a notice when it has no translation, and lists published paths for the sitemap", async () => {
    const db = f.database.db;
    const en = await article({ slug: "downtime", title: "How much downtime?" });
    await publishDocument(db, { staff: manager, documentId: en, now: NOW });
    const fallback = await findLiveDocument(db, { organizationId, kind: "article", locale: "fr", slug: "downtime", now: NOW });
    expect(fallback).toMatchObject({ fallback: true, document: { locale: "en" }, alternates: { en: "/articles/downtime" } });
    const french = await listLiveArticles(db, { organizationId, locale: "fr", now: NOW });
    expect(french.otherLanguageOnly.map((a) => a.slug)).toContain("downtime");

    const fr = await article({ slug: "downtime", locale: "fr", title: "Combien de temps de récupération?" });
    await publishDocument(db, { staff: manager, documentId: fr, now: NOW });
    const page = await publicDocumentPage(db, {
      organizationId,
      kind: "article",
      slug: "downtime",
      pageLocale: "fr",
      now: NOW,
      origin: "https://spa.example",
    });
    expect(page).toMatchObject({
      locale: "fr",
      fallback: false,
      canonical: "https://spa.example/fr/articles/downtime",
      alternates: [
        { locale: "en", href: "https://spa.example/articles/downtime" },
        { locale: "fr", href: "https://spa.example/fr/articles/downtime" },
      ],
    });
    const paths = await publishedPaths(db, organizationId, NOW);
    expect(paths.find((p) => p.path === "/fr/articles/downtime")).toMatchObject({
      kind: "article",
      locale: "fr",
      alternates: { en: "/articles/downtime", fr: "/fr/articles/downtime" },
    });
    expect(paths.every((p) => p.lastModified instanceof Date)).toBe(true);
    expect(paths.map((p) => p.path)).not.toContain("/articles/revisions");
  });

  it("renders library images as <picture> with AVIF and WebP sizes and the alt text of the page's language", async () => {
    const id = await asset([], "A calm treatment room");
    await f.database.db.execute(sql`UPDATE media_assets SET alt_fr = 'Une salle de soins calme' WHERE id = ${id}`);
    const rendered = await renderContent(
      f.database.db,
      organizationId,
      { body: `![](/media/${id}/original.webp)\n`, coverAssetId: id },
      "fr",
    );
    expect(rendered.html).toContain(`<source type="image/avif" srcset="/media/${id}/480.avif 480w, /media/${id}/640.avif 640w"`);
    expect(rendered.html).toContain(`src="/media/${id}/640.webp"`);
    expect(rendered.cover).toMatchObject({ alt: "Une salle de soins calme", width: 640, height: 420 });
    expect(rendered.shareImage).toEqual({ path: `/media/${id}/640.webp`, width: 640, height: 420, type: "image/webp" });
  });

  it("shows the changed lines between two revisions", () => {
    const lines = diffLines("one\ntwo\nthree\nfour\nfive\nsix\nseven", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight");
    expect(lines.filter((l) => l.kind !== "same").map((l) => `${l.kind} ${l.text}`)).toEqual([
      "removed three",
      "added THREE",
      "added eight",
    ]);
    expect(foldUnchanged(diffLines("a\nb\nc\nd\ne\nf\ng\nh", "a\nb\nc\nd\ne\nf\ng\nH"), 1).map((l) => l.kind)).toEqual([
      "folded",
      "same",
      "removed",
      "added",
    ]);
  });
});

describe(`documents of another clinic on ${testDatabaseKind}`, () => {
  it("are not found", async () => {
    const id = await article({ slug: "ours-only" });
    const [row] = await f.database.db.select().from(contentDocuments).where(eq(contentDocuments.id, id));
    expect(row?.organizationId).toBe(organizationId);
    const stranger = { ...desk, organizationId: "00000000-0000-4000-8000-000000000000" };
    await expect(viewDocument(f.database.db, { staff: stranger, documentId: id, now: NOW })).rejects.toThrow(/was not found/);
  });
});
