import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ZONE_IDS, type ZoneId } from "../../src/plans/types.ts";
import { ZoneMap } from "./zone-map.tsx";

const labels = Object.fromEntries(ZONE_IDS.map((zone) => [zone, `Label of ${zone}`])) as Record<ZoneId, string>;

function render(props: Partial<Parameters<typeof ZoneMap>[0]> = {}): string {
  return renderToStaticMarkup(createElement(ZoneMap, { selected: [], labels, title: "Zones", onToggle: () => {}, ...props }));
}

/** The opening tag of each element carrying `attribute`, keyed by its value. */
function tagsWith(markup: string, attribute: string): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const match of markup.matchAll(new RegExp(`<[a-z]+[^>]*\\s${attribute}="([^"]+)"[^>]*>`, "g"))) {
    const value = match[1] ?? "";
    tags.set(value, [...(tags.get(value) ?? []), match[0]]);
  }
  return tags;
}

function svgOf(markup: string): string {
  const svg = /<svg[\s\S]*<\/svg>/.exec(markup)?.[0];
  if (!svg) throw new Error("no <svg> in the markup");
  return svg;
}

describe("ZoneMap", () => {
  it("draws one clickable region for every zone, each named for mouse users", () => {
    const markup = render();
    const zones = tagsWith(markup, "data-zone");
    expect([...zones.keys()].sort()).toEqual([...ZONE_IDS].sort());
    for (const zone of ZONE_IDS) {
      expect(zones.get(zone)).toHaveLength(1);
      expect(zones.get(zone)?.[0]).toMatch(/class="[^"]*\bclickable\b/);
      expect(markup).toContain(`<title>Label of ${zone}</title>`);
    }
  });

  it("draws the eyelids as a no-treatment area that cannot be clicked", () => {
    const eyelids = tagsWith(render(), "data-area").get("eyelids") ?? [];
    expect(eyelids).toHaveLength(2);
    for (const tag of eyelids) {
      expect(tag).not.toContain("clickable");
      expect(tag).not.toContain("data-zone");
    }
  });

  it("is hidden from assistive technology and holds nothing focusable", () => {
    const svg = svgOf(render({ selected: ["nose"], focused: "nose" }));
    expect(svg).toMatch(/^<svg[^>]*\saria-hidden="true"/);
    expect(svg).not.toMatch(/tabindex/i);
    expect(svg).not.toMatch(/<(a|button|input|select|textarea|foreignObject)\b/i);
    expect(svg).not.toMatch(/\s(role|aria-label)=/);
  });

  it("marks selected zones with more than colour, and the focused zone", () => {
    const selected: ZoneId[] = ["cheek-left", "forehead", "hands"];
    const markup = render({ selected, focused: "nose" });
    const zones = tagsWith(markup, "data-zone");
    for (const zone of ZONE_IDS) {
      const tag = zones.get(zone)?.[0] ?? "";
      expect(/\bselected\b/.test(tag), zone).toBe(selected.includes(zone));
      expect(/\bfocused\b/.test(tag), zone).toBe(zone === "nose");
    }
    // A check mark per selected zone and a striped fill, not only a colour change.
    expect(markup.match(/class="zone-map-check"/g)).toHaveLength(selected.length);
    expect(markup.match(/fill="url\(#[^)]+-selected\)"/g)?.length).toBeGreaterThanOrEqual(selected.length);
  });

  it("offers nothing to click when read-only", () => {
    const markup = render({ readOnly: true, selected: ["neck"] });
    expect(markup).not.toContain("clickable");
    expect(markup).not.toContain("zone-map-hit");
    expect(render({ onToggle: undefined })).not.toContain("clickable");
  });

  it("gives each map on a page its own pattern ids", () => {
    const markup = renderToStaticMarkup(
      createElement(
        Fragment,
        null,
        createElement(ZoneMap, { selected: ["nose"], labels, title: "One", readOnly: true }),
        createElement(ZoneMap, { selected: ["nose"], labels, title: "Two", readOnly: true }),
      ),
    );
    const ids = [...markup.matchAll(/<pattern id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });
});
