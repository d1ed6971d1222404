import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "./findings.ts";
import { checkMarkdown, excerptOf, isMeaninglessAlt, type MarkdownCheckOptions } from "./guard.ts";
import { comparable, NEAR_DUPLICATE_JACCARD, similarity } from "./guard-similarity.ts";
import { publicPathChecker } from "./site-paths.ts";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/content/${name}`, import.meta.url), "utf8");

const LIBRARY: Record<string, readonly Finding[]> = {
  "m-pen-closeup": [],
  "m-serum": [],
  "m-stock": [{ rule: "image.watermark", severity: "block", message: "A stock agency's watermark (“shutterstock”) is visible." }],
};

const options: MarkdownCheckOptions = {
  internalPathExists: publicPathChecker({ serviceSlugs: ["consultation"], articleSlugs: ["aftercare-guide"] }),
  mediaFindings: (id) => LIBRARY[id] ?? null,
};

const check = (md: string, extra: Partial<MarkdownCheckOptions> = {}) => checkMarkdown(md, { ...options, ...extra });
const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule);
const summary = (findings: readonly Finding[]) => findings.map((f) => [f.line, f.rule, f.firstLine ?? null]);

/** A paragraph of about 40 words on one subject, for the repeat rules. */
const LONG =
  "Microneedling uses a pen with sterile fine needles to make tiny controlled channels in the skin, and as the skin repairs them it produces " +
  "fresh collagen and elastin, so that over several weeks it looks firmer, smoother and more even in tone.";

/** The same paragraph with `count` words replaced, spread evenly. */
function edited(text: string, count: number): string {
  const words = text.split(" ");
  const step = Math.floor(words.length / (count + 1));
  for (let i = 1; i <= count; i++) words[i * step] = `replaced${i}`;
  return words.join(" ");
}

describe("clean drafts", () => {
  it.each(["clean-microneedling-article.md", "clean-french-page.md", "clean-short-page.md", "close-but-fine.md"])(
    "%s gives no finding",
    (name) => {
      expect(check(fixture(name))).toEqual([]);
    },
  );
});

describe("the editor's draft: repeated sections and stray list markers", () => {
  const findings = check(fixture("editor-draft-repeats.md"));

  it("reports each problem once, at its line", () => {
    expect(summary(findings)).toEqual([
      [14, "list.empty-item", null],
      [17, "list.stray-marker", null],
      [18, "list.stray-marker", null],
      [24, "list.stray-marker", null],
      [26, "text.repeated-section", 5],
      [34, "list.stray-marker", null],
      [36, "text.repeated-section", 11],
    ]);
  });

  it("folds the paragraphs of a repeated section into the section's finding", () => {
    expect(rules(findings)).not.toContain("text.repeated-paragraph");
    expect(rules(findings)).not.toContain("text.near-duplicate-paragraph");
    const exact = findings.find((f) => f.line === 26)!;
    expect(exact.message).toContain("“How it works”");
    expect(exact.message).toContain("line 5");
    expect(exact.message).toContain("word for word");
    expect(findings.find((f) => f.line === 36)!.message).toContain("almost word for word");
  });

  it("blocks publication and says what to do", () => {
    for (const f of findings) {
      expect(f.severity).toBe("block");
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.excerpt!.length).toBeLessThanOrEqual(120);
    }
  });
});

describe("text.repeated-paragraph", () => {
  it("fires on a paragraph that appears twice, whatever the case, spacing, punctuation and emphasis", () => {
    const copy = `*${LONG.toUpperCase().replace(/,/g, "").replace(/ /g, "  ")}*`;
    const findings = check(`# Title\n\n${LONG}\n\nSomething else entirely, said once.\n\n${copy}\n`);
    expect(summary(findings)).toEqual([[7, "text.repeated-paragraph", 3]]);
    expect(findings[0]!.message).toContain("line 3");
  });

  it("fires on a repeated list item and on repeated quoted text", () => {
    const item = "Redness and mild swelling that settle within a few days";
    expect(summary(check(`- ${item}\n- Dryness\n\nA paragraph between.\n\n- Flaking\n- ${item}\n`))).toEqual([
      [7, "text.repeated-paragraph", 1],
    ]);
    expect(summary(check(`> ${LONG}\n\nA paragraph between.\n\n${LONG}\n`))).toEqual([[5, "text.repeated-paragraph", 1]]);
  });

  it("lets short lines repeat (a call to action at the top and bottom)", () => {
    expect(check("Book now.\n\nSome text in between that is only said once here.\n\nBook now.\n")).toEqual([]);
    expect(check("Call us at (519) 725-9999.\n\nMiddle.\n\nCall us at (519) 725-9999.\n")).toEqual([]);
  });
});

describe("text.near-duplicate-paragraph", () => {
  it("fires on a copy with a few words changed, naming the earlier line", () => {
    const findings = check(`${LONG}\n\nA paragraph between.\n\n${edited(LONG, 3)}\n`);
    expect(summary(findings)).toEqual([[5, "text.near-duplicate-paragraph", 1]]);
    expect(findings[0]!.message).toMatch(/nearly the same as the one on line 1 \(\d+% of the wording matches\)/);
  });

  it("has its threshold between five and six changed words in a 42-word paragraph", () => {
    const five = similarity(comparable(LONG).shingles, comparable(edited(LONG, 5)).shingles).jaccard;
    const six = similarity(comparable(LONG).shingles, comparable(edited(LONG, 6)).shingles).jaccard;
    expect(five).toBeGreaterThanOrEqual(NEAR_DUPLICATE_JACCARD);
    expect(six).toBeLessThan(NEAR_DUPLICATE_JACCARD);
    expect(rules(check(`${LONG}\n\n${edited(LONG, 5)}\n`))).toEqual(["text.near-duplicate-paragraph"]);
    expect(check(`${LONG}\n\n${edited(LONG, 6)}\n`)).toEqual([]);
  });

  it("fires when a paragraph is pasted again inside a longer one", () => {
    const longer = `${LONG} Most clients book three sessions about four weeks apart and see the clearest change a few weeks after the last one.`;
    expect(summary(check(`${LONG}\n\n${longer}\n`))).toEqual([[3, "text.near-duplicate-paragraph", 1]]);
  });

  it("stays quiet on short similar sentences and on paragraphs written on one sentence frame", () => {
    expect(check("Book now.\n\nBook today.\n\nBook your visit now.\n")).toEqual([]);
    expect(check("Your skin may feel tight on the first day.\n\nYour skin may feel dry on the second day.\n")).toEqual([]);
    const dayOne =
      "Your skin will be red and feel tight, like a mild sunburn. Use only the gentle cleanser and the calming gel we give you.";
    const dayTwo =
      "Your skin will be pink and may feel dry. Use only the gentle cleanser and a plain, fragrance-free moisturiser, and keep your hands off.";
    expect(similarity(comparable(dayOne).shingles, comparable(dayTwo).shingles).jaccard).toBeLessThan(NEAR_DUPLICATE_JACCARD / 2);
    expect(check(`${dayOne}\n\n${dayTwo}\n`)).toEqual([]);
  });
});

describe("text.repeated-section", () => {
  const body = `${LONG}\n\n- Redness for a day or two\n- Mild swelling\n\nMost clients book a series of three sessions, spaced about four weeks apart.`;

  it("reports a section repeated word for word once, at its heading", () => {
    const findings = check(`# Guide\n\n## Benefits\n\n${body}\n\n## Price\n\nA session costs $250.\n\n## Benefits\n\n${body}\n`);
    expect(summary(findings)).toEqual([[16, "text.repeated-section", 3]]);
  });

  it("reports a repeated chapter with sub-sections as one finding", () => {
    const chapter = `## Aftercare\n\n### Day one\n\n${LONG}\n\n### Day two\n\n${edited(LONG, 7)}\n\n- Sunscreen every day, rain or shine`;
    const findings = check(`# Guide\n\n${chapter}\n\n## Price\n\nA session costs $250.\n\n${chapter}\n`);
    expect(summary(findings)).toEqual([[19, "text.repeated-section", 3]]);
  });

  it("reports the same body under a different heading", () => {
    const findings = check(`## Benefits\n\n${body}\n\n## Why clients choose it\n\n${body}\n`);
    expect(summary(findings)).toEqual([[10, "text.repeated-section", 1]]);
    expect(findings[0]!.message).toContain("The text under “Why clients choose it”");
  });

  it("reports the same heading over a lightly edited body", () => {
    const findings = check(`## Benefits\n\n${body}\n\n## Benefits\n\n${edited(LONG, 2)}\n\n- Redness for a day or two\n- Mild swelling\n`);
    expect(summary(findings)).toEqual([[10, "text.repeated-section", 1]]);
  });

  it("reports a passage of several paragraphs repeated without a heading as one finding", () => {
    const second = "Because the channels close within hours, the surface heals quickly while the deeper rebuilding carries on for weeks.";
    const findings = check(`${LONG}\n\n${second}\n\nA paragraph in between.\n\n${LONG}\n\n${second}\n`);
    expect(summary(findings)).toEqual([[7, "text.repeated-section", 1]]);
    expect(findings[0]!.message).toContain("(lines 7–9) repeats lines 1–3");
  });

  it("stays quiet when two sections share a heading but say different things", () => {
    const md =
      "## For acne scars\n\n### How many sessions\n\nMost people with acne scars need three to six sessions, four weeks apart, and see change after the second.\n\n" +
      "## For fine lines\n\n### How many sessions\n\nFine lines usually soften after three visits a month apart; a yearly top-up keeps the result going.\n";
    expect(check(md)).toEqual([]);
  });
});

describe("text.editor-note", () => {
  const findings = check(fixture("editor-notes.md"));

  it("fires on every kind of note, at its line", () => {
    expect(findings.every((f) => f.rule === "text.editor-note")).toBe(true);
    expect(findings.map((f) => f.line)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 38]);
  });

  it("quotes the note in the message and the line in the excerpt", () => {
    const bracket = findings.find((f) => f.line === 13)!;
    expect(bracket.message).toContain("[note: Jolanta to confirm the wording]");
    expect(bracket.excerpt).toBe("Microneedling boosts collagen [note: Jolanta to confirm the wording] in the treated area.");
  });

  it("finds a note that spans two source lines and reports the line it starts on", () => {
    const md = "First line of the paragraph, and then\ninsert the clinic's opening\nhours here, please.\n";
    expect(summary(check(md))).toEqual([[2, "text.editor-note", null]]);
  });

  it("stays quiet on ordinary prose that looks like a note", () => {
    const prose = [
      "Note that your skin may look pink for a day.",
      "Keep a to-do list and check this list the evening before.",
      "The TKO gym next door and Mr. Tkachuk say hello; XL towels are provided.",
      "Insert the card into the reader at the front desk.",
      "Add a note when you book if you have questions.",
      "Please check the box to confirm you read the aftercare sheet.",
      "Is it safe? Yes, for most people.",
      "Results appear within weeks (note: they build gradually).",
      "See [the notes on aftercare](/microneedling#faq).",
      "Code such as `[note: x]` in backticks is left alone.",
      "The address [this page](/about?ref=TK) is a link.",
    ].join("\n\n");
    expect(check(prose)).toEqual([]);
  });
});

describe("list.stray-marker and list.empty-item", () => {
  it.each([
    ["a line that is only a dash", "Some text.\n\n-\n\nMore text.\n", 3],
    ["a line that is only an asterisk, inside a paragraph", "Some text\n*\nmore text.\n", 2],
    ["a line that is only a bullet glyph", "Some text.\n\n•\n\nMore text.\n", 3],
    ["a line that is only a number", "Some text.\n\n1.\n\nMore text.\n", 3],
    ["a pasted bullet glyph", "Benefits:\n\n• Smoother skin\n", 3],
    ["an en dash used as a bullet", "Benefits:\n\n– Smoother skin\n", 3],
    ["items run together in a paragraph", "You may notice redness. - Swelling can follow for a day.\n", 1],
    ["numbered items run together", "Before your visit: 1. Stop retinoids 2. Avoid the sun\n", 1],
    ["bullets between words", "Redness • swelling • dryness\n", 1],
    ["a doubled marker", "- - Smoother skin\n- Fewer lines\n", 1],
    ["a dash stuck to the word", "-Smoother skin\n-Fewer lines\n", 1],
    ["a lone dash that turns the line above into a heading", "Benefits\n-\n\nSmoother skin.\n", 2],
  ])("fires on %s", (_label, md, line) => {
    const findings = check(md);
    expect(summary(findings)[0]).toEqual([line, "list.stray-marker", null]);
  });

  it("fires once per line, not once per rule", () => {
    expect(summary(check("- - \n"))).toEqual([[1, "list.stray-marker", null]]);
  });

  it("reports an empty item inside a real list", () => {
    expect(summary(check("- Redness\n-\n- Swelling\n"))).toEqual([[2, "list.empty-item", null]]);
    expect(summary(check("1. Cleanse\n2.\n3. Numb\n"))).toEqual([[2, "list.empty-item", null]]);
    expect(summary(check("- [ ] Bring your medication list\n- [ ]\n"))).toEqual([[2, "list.empty-item", null]]);
  });

  it("stays quiet on dashes that are prose, rules and real lists", () => {
    const md = [
      "Microneedling - also called collagen induction therapy - is done by a trained aesthetician.",
      "We are open 10 a.m. – 6 p.m. on weekdays, and 9 a.m. - noon on Saturdays.",
      "A session costs $250 - numbing cream included. Temperatures of -5 °C are hard on skin.",
      "---",
      "* * *",
      "- Redness\n- Swelling\n  - rarely, mild bruising\n\n1. Cleanse\n2. Numb",
      "> A lovely experience.\n>\n> — Maria, a client",
      "Call +1 519 725 9999.",
    ].join("\n\n");
    expect(check(md)).toEqual([]);
  });
});

describe("links", () => {
  it("fires on site paths that lead nowhere, and passes the path without query or hash", () => {
    const seen: string[] = [];
    const findings = check("See [our prices](/pricing?x=1#top) and [booking](/book#form) and [french](/fr/about/).\n", {
      internalPathExists: (path) => {
        seen.push(path);
        return options.internalPathExists(path);
      },
    });
    expect(seen).toEqual(["/pricing", "/book", "/fr/about"]);
    expect(summary(findings)).toEqual([[1, "link.broken-internal", null]]);
    expect(findings[0]!.message).toContain("“/pricing”");
  });

  it("checks anchors against the headings of the same text", () => {
    const md = "## Aftercare, day by day\n\nSee [the days](#aftercare-day-by-day), [the FAQ](#faq) and [Price](#Aftercare-Day-By-Day).\n";
    const findings = check(md);
    expect(summary(findings)).toEqual([[3, "link.broken-internal", null]]);
    expect(findings[0]!.message).toContain("#faq");
  });

  it("fires on links without text or address, and on unsafe and relative addresses", () => {
    const md = ["[](/book)", "[Book]()", "[Book](#)", "[Click](javascript:alert(1))", "[Book](book)", "[Site](www.example.com)"].join(
      "\n\n",
    );
    expect(summary(check(md))).toEqual([
      [1, "link.empty", null],
      [3, "link.empty", null],
      [5, "link.empty", null],
      [7, "link.unsafe", null],
      [9, "link.broken-internal", null],
      [11, "link.broken-internal", null],
    ]);
  });

  it("accepts published articles, services, external, mail and phone links, and an image as a link's text", () => {
    const md =
      "[Guide](/articles/aftercare-guide), [book](/fr/book/consultation), [Health Canada](https://www.canada.ca/), " +
      "[mail](mailto:info@example.com), [call](tel:+15197259999), [![The spa's front door](/media/m-serum/door.webp)](/contact)\n";
    expect(check(md)).toEqual([]);
    expect(rules(check("[Draft](/articles/not-published)\n"))).toEqual(["link.broken-internal"]);
  });
});

describe("images", () => {
  it.each(["", "image", "Photo", "IMG_1234", "DSC01234", "microneedling-pen.webp", "microneedling pen"])(
    "alt %j counts as missing",
    (alt) => {
      const findings = check(`Text.\n\n![${alt}](/media/m-pen-closeup/microneedling-pen.webp)\n`);
      expect(summary(findings)).toEqual([[3, "image.missing-alt", null]]);
      expect(findings[0]!.image).toBe("/media/m-pen-closeup/microneedling-pen.webp");
    },
  );

  it("accepts alt text that describes the image", () => {
    expect(isMeaninglessAlt("A practitioner holds a microneedling pen", "/media/x/photo-1.jpg")).toBe(false);
    expect(isMeaninglessAlt("Photo of the treatment room", "/media/x/room.jpg")).toBe(false);
  });

  it("passes on what the media library found, at the line of use", () => {
    const findings = check("Intro.\n\n![A woman smiling after treatment](/media/m-stock/smile.jpg)\n");
    expect(findings).toEqual([
      {
        rule: "image.watermark",
        severity: "block",
        message: "A stock agency's watermark (“shutterstock”) is visible.",
        line: 3,
        image: "m-stock",
        excerpt: "![A woman smiling after treatment](/media/m-stock/smile.jpg)",
      },
    ]);
  });

  it("fires on images that do not come from the media library", () => {
    const md = [
      "![The spa](/media/gone/spa.jpg)",
      "![The spa](https://images.example.com/spa.jpg)",
      "![The spa](data:image/png;base64,iVBORw0KGgo=)",
      "![The spa](/images/spa.jpg)",
      "![The spa](photos/spa.jpg)",
    ].join("\n\n");
    expect(summary(check(md))).toEqual([
      [1, "image.unknown", null],
      [3, "image.external", null],
      [5, "image.external", null],
      [7, "image.unknown", null],
      [9, "image.unknown", null],
    ]);
  });

  it("says the check did not run when the media library is not consulted", () => {
    const findings = checkMarkdown("![The spa](/media/m-serum/spa.jpg)\n", { internalPathExists: () => true });
    expect(findings).toMatchObject([{ rule: "check.not-run", severity: "block", line: 1, image: "m-serum" }]);
  });

  it("asks the caller about relative images", () => {
    const local: Finding = {
      rule: "image.licence-hint",
      severity: "confirm",
      message: "The file name suggests a stock photo: confirm the licence.",
    };
    const findings = check("![The spa's front desk](photos/istock-123.jpg)\n", {
      localImageFindings: (src) => (src === "photos/istock-123.jpg" ? [local] : null),
    });
    expect(findings).toEqual([
      { ...local, line: 1, image: "photos/istock-123.jpg", excerpt: "![The spa's front desk](photos/istock-123.jpg)" },
    ]);
  });
});

describe("text.raw-html", () => {
  it("fires on HTML that would show as text, and not on the same text in code", () => {
    const findings = check('Soft <b>skin</b>.\n\n<div class="box">Hi</div>\n');
    expect(summary(findings)).toEqual([
      [1, "text.raw-html", null],
      [3, "text.raw-html", null],
    ]);
    expect(findings[0]!.excerpt).toBe("<b> </b>");
    expect(check("Write `<b>` for bold.\n\n```\n<div>code</div>\n```\n")).toEqual([]);
  });
});

describe("excerpts", () => {
  it("are at most 120 characters", () => {
    expect(excerptOf("word ".repeat(100)).length).toBeLessThanOrEqual(120);
    const longLine = `${"A long sentence about skin care that keeps going. ".repeat(6)}Then a stray note??? and more words after it that continue for a while.`;
    const [finding] = check(longLine);
    expect(finding!.excerpt!.length).toBeLessThanOrEqual(120);
    expect(finding!.excerpt).toContain("???");
  });
});

describe("properties", () => {
  const article = fixture("clean-microneedling-article.md");
  const chunks = article.trimEnd().split("\n\n");
  const isParagraph = (chunk: string) => !/^(?:#|- |\d+\. |!\[|>)/.test(chunk);
  const paragraphSlots = chunks.flatMap((chunk, index) => (isParagraph(chunk) ? [index] : []));
  const lineOfChunk = (list: readonly string[], index: number) =>
    list.slice(0, index).reduce((line, chunk) => line + chunk.split("\n").length + 1, 1);

  it("shuffling the paragraphs of a clean draft never creates a finding", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(paragraphSlots, { minLength: paragraphSlots.length, maxLength: paragraphSlots.length }), (order) => {
        const shuffled = [...chunks];
        paragraphSlots.forEach((slot, k) => {
          shuffled[slot] = chunks[order[k]!]!;
        });
        expect(check(`${shuffled.join("\n\n")}\n`)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("a long paragraph pasted again anywhere after itself is always reported at the copy", () => {
    const long = paragraphSlots.filter((slot) => comparable(chunks[slot]!).words >= 12);
    fc.assert(
      fc.property(fc.constantFrom(...long), fc.nat(), (slot, offset) => {
        const at = slot + 1 + (offset % (chunks.length - slot));
        const copied = [...chunks.slice(0, at), chunks[slot]!, ...chunks.slice(at)];
        const findings = check(`${copied.join("\n\n")}\n`);
        expect(summary(findings)).toEqual([[lineOfChunk(copied, at), "text.repeated-paragraph", lineOfChunk(copied, slot)]]);
      }),
      { numRuns: 60 },
    );
  });
});
