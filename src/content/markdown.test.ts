import { describe, expect, it } from "vitest";
import {
  classifyUrl,
  HeadingSlugger,
  outlineMarkdown,
  plainTextSummary,
  renderMarkdown,
  slugifyHeading,
  type ResolvedImage,
} from "./markdown.ts";

const mediaImage: ResolvedImage = {
  alt: "Library alt text",
  width: 1600,
  height: 900,
  sources: [
    { type: "image/avif", srcset: "/media/pen/pen-480.avif 480w, /media/pen/pen-960.avif 960w" },
    { type: "image/webp", srcset: "/media/pen/pen-480.webp 480w, /media/pen/pen-960.webp 960w" },
  ],
  fallbackSrc: "/media/pen/pen-960.jpg",
};

describe("renderMarkdown: raw HTML is shown as text", () => {
  it("escapes block and inline HTML, scripts included", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nSome <b onclick="x()">bold</b> words.\n\n<div>\nblock\n</div>\n');
    expect(html).not.toMatch(/<script|<b |<div/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Some &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; words.");
  });

  it("escapes text that follows an inline <pre> (marked would otherwise pass it through)", () => {
    const html = renderMarkdown("before <pre>x <img/src=x onerror=alert(1)> y</pre> after");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<pre>");
    expect(html).toContain("&lt;img/src=x onerror=alert(1)&gt;");
  });

  it("keeps character references and escapes ampersands once", () => {
    expect(renderMarkdown("Tom &amp; Jerry & friends < 3")).toBe("<p>Tom &amp; Jerry &amp; friends &lt; 3</p>\n");
  });

  it("escapes code spans and code blocks", () => {
    const html = renderMarkdown('Use `<b>` here.\n\n```html\n<p onclick="x">hi</p>\n```\n');
    expect(html).toContain("<code>&lt;b&gt;</code>");
    expect(html).toContain("&lt;p onclick=&quot;x&quot;&gt;hi&lt;/p&gt;");
  });
});

describe("renderMarkdown: links", () => {
  it("drops javascript: and data: addresses, however they are spelled, and keeps the text", () => {
    const html = renderMarkdown(
      "[one](javascript:alert(1)) [two](JaVaScRiPt:alert(1)) [three](&#106;avascript:alert(1)) [four](data:text/html;base64,PHNjcmlwdD4=) [five](vbscript:x)",
    );
    expect(html).toBe("<p>one two three four five</p>\n");
  });

  it("adds rel=noopener noreferrer to external links only", () => {
    const html = renderMarkdown(
      "[a](https://example.com/x) [b](/book) [c](#faq) [d](mailto:hello@example.com) [e](tel:+15197259999) [f](//cdn.example.com)",
    );
    expect(html).toContain('<a href="https://example.com/x" rel="noopener noreferrer">a</a>');
    expect(html).toContain('<a href="/book">b</a>');
    expect(html).toContain('<a href="#faq">c</a>');
    expect(html).toContain('<a href="mailto:hello@example.com">d</a>');
    expect(html).toContain('<a href="tel:+15197259999">e</a>');
    expect(html).toContain('<a href="//cdn.example.com" rel="noopener noreferrer">f</a>');
  });

  it("renders an empty address as text, and escapes titles and query strings", () => {
    expect(renderMarkdown("[nowhere]()")).toBe("<p>nowhere</p>\n");
    const html = renderMarkdown('[s](/book?a=1&b=2 "Say \\"hi\\" <b>")');
    expect(html).toBe('<p><a href="/book?a=1&amp;b=2" title="Say &quot;hi&quot; &lt;b&gt;">s</a></p>\n');
  });
});

describe("renderMarkdown: headings", () => {
  it("gives headings stable, unique ids, accents dropped", () => {
    const html = renderMarkdown("# Qu'est-ce que le microneedling ?\n\n## FAQ\n\n## FAQ\n\n## Soins après la séance\n");
    expect(html).toContain('<h1 id="qu-est-ce-que-le-microneedling">');
    expect(html).toContain('<h2 id="faq">FAQ</h2>');
    expect(html).toContain('<h2 id="faq-2">FAQ</h2>');
    expect(html).toContain('<h2 id="soins-apres-la-seance">');
  });

  it("uses the same ids as the outline", () => {
    const md = "## Price\n\n## Price\n\n### *Day* 1\n\n> ## Quoted\n";
    const ids = outlineMarkdown(md).headings.map((h) => h.id);
    const rendered = [...renderMarkdown(md).matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    expect(rendered).toEqual(ids);
    expect(ids).toEqual(["price", "price-2", "day-1", "quoted"]);
  });

  it("slugs never come out empty or collide", () => {
    expect(slugifyHeading("!!!")).toBe("section");
    const slugger = new HeadingSlugger();
    expect(["a", "a", "a-2", "a"].map((t) => slugger.next(t))).toEqual(["a", "a-2", "a-2-2", "a-3"]);
  });
});

describe("renderMarkdown: images", () => {
  it("renders a library image as <picture> with sources, size and lazy loading; alt from the Markdown", () => {
    const html = renderMarkdown("![A pen above a *cheek*](/media/pen/pen.jpg)", {
      resolveImage: (src) => (src === "/media/pen/pen.jpg" ? mediaImage : null),
    });
    expect(html).toBe(
      "<p><picture>" +
        '<source type="image/avif" srcset="/media/pen/pen-480.avif 480w, /media/pen/pen-960.avif 960w" sizes="(min-width: 48rem) 48rem, 100vw">' +
        '<source type="image/webp" srcset="/media/pen/pen-480.webp 480w, /media/pen/pen-960.webp 960w" sizes="(min-width: 48rem) 48rem, 100vw">' +
        '<img src="/media/pen/pen-960.jpg" alt="A pen above a cheek" width="1600" height="900" loading="lazy" decoding="async">' +
        "</picture></p>\n",
    );
  });

  it("falls back to the library's alt text, and honours a given sizes attribute", () => {
    const html = renderMarkdown("![](/media/pen/pen.jpg)", { resolveImage: () => ({ ...mediaImage, sizes: "100vw" }) });
    expect(html).toContain('alt="Library alt text"');
    expect(html).toContain('sizes="100vw"');
  });

  it("renders a plain <img> when the image is not resolved, and drops unsafe image addresses", () => {
    expect(renderMarkdown('![Face "front"](https://example.com/a.png)')).toBe(
      '<p><img src="https://example.com/a.png" alt="Face &quot;front&quot;" loading="lazy" decoding="async"></p>\n',
    );
    expect(renderMarkdown("![tiny dot](data:image/png;base64,AAAA)")).toBe("<p>tiny dot</p>\n");
    expect(renderMarkdown("![x](javascript:alert(1))")).toBe("<p>x</p>\n");
  });
});

describe("classifyUrl", () => {
  it.each([
    ["", "empty"],
    ["/book", "site-path"],
    ["#faq", "anchor"],
    ["https://example.com", "external"],
    ["//example.com/a", "external"],
    ["mailto:a@b.c", "mailto"],
    ["tel:+1", "tel"],
    ["javascript:alert(1)", "unsafe"],
    [" java\tscript:alert(1)", "unsafe"],
    ["data:image/png;base64,AA", "unsafe"],
    ["book", "relative"],
    ["../book", "relative"],
    ["www.example.com", "relative"],
  ])("%j is %s", (url, kind) => {
    expect(classifyUrl(url)).toBe(kind);
  });
});

describe("outlineMarkdown", () => {
  const md = [
    "# Title", // 1
    "", // 2
    "First paragraph", // 3
    "on two lines with [a link](/book).", // 4
    "", // 5
    "- item one", // 6
    "- item two with ![alt](/media/x/y.png)", // 7
    "  continued", // 8
    "  - nested [deep](/candidate)", // 9
    "-", // 10
    "", // 11
    "> quoted line", // 12
    "> second [q](#title)", // 13
    ">", // 14
    "> - quoted item", // 15
    "", // 16
    "```", // 17
    "code [not a link](/x)", // 18
    "```", // 19
    "", // 20
    "| a | b |", // 21
    "|---|---|", // 22
    "| [cell](/about) | x |", // 23
    "", // 24
    "## Section", // 25
    "", // 26
    "1. first", // 27
    "", // 28
    "2. second, loose", // 29
    "", // 30
    "---", // 31
    "", // 32
    "Last *words* <!-- note -->", // 33
  ].join("\n");
  const outline = outlineMarkdown(md);

  it("numbers blocks by their first source line", () => {
    const summary = outline.blocks.map((b) => [b.kind, b.line, b.endLine, b.text]);
    expect(summary).toEqual([
      ["heading", 1, 1, "Title"],
      ["paragraph", 3, 4, "First paragraph\non two lines with a link."],
      ["list-item", 6, 6, "item one"],
      ["list-item", 7, 8, "item two with \ncontinued"],
      ["list-item", 9, 9, "nested deep"],
      ["list-item", 10, 10, ""],
      ["paragraph", 12, 13, "quoted line\nsecond q"],
      ["list-item", 15, 15, "quoted item"],
      ["code", 17, 19, "code [not a link](/x)"],
      ["table", 21, 23, "a b cell x"],
      ["heading", 25, 25, "Section"],
      ["list-item", 27, 27, "first"],
      ["list-item", 29, 29, "second, loose"],
      ["hr", 31, 31, ""],
      ["paragraph", 33, 33, "Last words"],
    ]);
  });

  it("finds links, images and raw HTML with their lines, and none inside code", () => {
    expect(outline.links.map((l) => [l.href, l.text, l.line])).toEqual([
      ["/book", "a link", 4],
      ["/candidate", "deep", 9],
      ["#title", "q", 13],
      ["/about", "cell", 23],
    ]);
    expect(outline.images.map((i) => [i.src, i.alt, i.line])).toEqual([["/media/x/y.png", "alt", 7]]);
    expect(outline.html.map((h) => [h.raw, h.line])).toEqual([["<!-- note -->", 33]]);
  });

  it("marks list items of the same list and code lines", () => {
    const empty = outline.blocks.find((b) => b.kind === "list-item" && b.text === "");
    expect(empty?.listHasText).toBe(true);
    expect([...outline.nonProseLines].sort((a, b) => a - b)).toEqual([17, 18, 19, 31]);
  });

  it("builds sections from top-level headings", () => {
    expect(outline.sections.map((s) => [s.heading.text, s.line, s.endLine])).toEqual([
      ["Title", 1, 33],
      ["Section", 25, 33],
    ]);
  });

  it("counts lines the same with Windows line endings and a byte-order mark", () => {
    const crlf = outlineMarkdown(`\ufeff${md.replace(/\n/g, "\r\n")}`);
    expect(crlf.blocks.map((b) => b.line)).toEqual(outline.blocks.map((b) => b.line));
    expect(crlf.links.map((l) => l.line)).toEqual(outline.links.map((l) => l.line));
  });

  it("records a setext heading's underline", () => {
    const setext = outlineMarkdown("Benefits\n-\n\nTitle\n=====\n");
    expect(setext.headings.map((h) => [h.text, h.line, h.endLine, h.setextUnderline])).toEqual([
      ["Benefits", 1, 2, "-"],
      ["Title", 4, 5, "====="],
    ]);
  });
});

describe("plainTextSummary", () => {
  const md =
    "# Title\n\n![Only an image](/media/a/b.png)\n\nMicroneedling, also called *collagen induction therapy*, uses [fine needles](/microneedling) to help skin renew itself.\n\nSecond paragraph.";

  it("takes the first paragraph with words, as plain text", () => {
    expect(plainTextSummary(md, 500)).toBe(
      "Microneedling, also called collagen induction therapy, uses fine needles to help skin renew itself.",
    );
  });

  it("cuts at a word boundary and stays within the limit", () => {
    const summary = plainTextSummary(md, 40);
    expect(summary).toBe("Microneedling, also called collagen…");
    expect(summary.length).toBeLessThanOrEqual(40);
    for (let max = 1; max <= 120; max++) expect(plainTextSummary(md, max).length).toBeLessThanOrEqual(max);
  });

  it("is empty when there is no paragraph", () => {
    expect(plainTextSummary("# Only a heading\n\n- a list\n", 100)).toBe("");
  });
});
