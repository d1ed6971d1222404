import { describe, it, expect } from "vitest";
import { buildIcs, type IcsEvent } from "./ics.ts";

// A deliberately small reader: it knows just enough of RFC 5545 (unfolding,
// quoted parameters, BEGIN/END nesting) to check the writer without trusting it.

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

interface Component {
  name: string;
  properties: Property[];
  components: Component[];
}

function physicalLines(ics: string): string[] {
  if (!ics.endsWith("\r\n")) throw new Error("output does not end in CRLF");
  if (/\r(?!\n)|(?<!\r)\n/.test(ics)) throw new Error("bare CR or LF in output");
  return ics.slice(0, -2).split("\r\n");
}

function unfold(ics: string): string[] {
  const logical: string[] = [];
  for (const line of physicalLines(ics)) {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (logical.length === 0) throw new Error("continuation line before any content line");
      logical[logical.length - 1] += line.slice(1);
    } else {
      logical.push(line);
    }
  }
  return logical;
}

function parseLine(line: string): Property {
  const nameMatch = /^[A-Za-z0-9-]+/.exec(line);
  if (!nameMatch) throw new Error(`no property name: ${line}`);
  const name = nameMatch[0].toUpperCase();
  let i = name.length;
  const params: Record<string, string> = {};
  while (line[i] === ";") {
    const eq = line.indexOf("=", i);
    if (eq < 0) throw new Error(`parameter without value: ${line}`);
    const key = line.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    let value: string;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) throw new Error(`unterminated quoted parameter: ${line}`);
      value = line.slice(i + 1, close);
      i = close + 1;
    } else {
      const stop = line.slice(i).search(/[;:]/);
      if (stop < 0) throw new Error(`no value separator: ${line}`);
      value = line.slice(i, i + stop);
      if (/[",]/.test(value)) throw new Error(`unquoted parameter needs quoting: ${line}`);
      i += stop;
    }
    params[key] = value;
  }
  if (line[i] !== ":") throw new Error(`expected ':' in ${line}`);
  return { name, params, value: line.slice(i + 1) };
}

function parse(ics: string): Component {
  const root: Component = { name: "", properties: [], components: [] };
  const stack: Component[] = [root];
  for (const line of unfold(ics)) {
    const prop = parseLine(line);
    const top = stack[stack.length - 1]!;
    if (prop.name === "BEGIN") {
      const child: Component = { name: prop.value, properties: [], components: [] };
      top.components.push(child);
      stack.push(child);
    } else if (prop.name === "END") {
      if (stack.length === 1 || top.name !== prop.value) {
        throw new Error(`END:${prop.value} does not close BEGIN:${top.name || "(nothing)"}`);
      }
      stack.pop();
    } else {
      if (stack.length === 1) throw new Error(`property outside any component: ${line}`);
      top.properties.push(prop);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed ${stack[stack.length - 1]!.name}`);
  return root;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function props(c: Component, name: string): Property[] {
  return c.properties.filter((p) => p.name === name);
}

function prop(c: Component, name: string): Property {
  const found = props(c, name);
  if (found.length !== 1) throw new Error(`expected one ${name} in ${c.name}, found ${found.length}`);
  return found[0]!;
}

function child(c: Component, name: string): Component {
  const found = c.components.filter((x) => x.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name} in ${c.name}, found ${found.length}`);
  return found[0]!;
}

function calendarOf(ics: string): Component {
  return child(parse(ics), "VCALENDAR");
}

function vevent(ics: string): Component {
  return child(calendarOf(ics), "VEVENT");
}

interface Observance {
  kind: string;
  dtstart: string;
  from: string;
  to: string;
}

function observances(ics: string): Observance[] {
  return child(calendarOf(ics), "VTIMEZONE").components.map((c) => ({
    kind: c.name,
    dtstart: prop(c, "DTSTART").value,
    from: prop(c, "TZOFFSETFROM").value,
    to: prop(c, "TZOFFSETTO").value,
  }));
}

function wallMs(local: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(local);
  if (!m) throw new Error(`not a local DATE-TIME: ${local}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function offsetMs(offset: string): number {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(offset);
  if (!m) throw new Error(`not a UTC offset: ${offset}`);
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
}

/**
 * Reads a local time the way a calendar client does with the emitted
 * VTIMEZONE alone: the observance in force is the one with the latest onset at
 * or before the instant. Exactly one offset must be consistent.
 */
function resolveLocal(ics: string, local: string): number {
  const obs = observances(ics).map((o) => ({ ...o, onset: wallMs(o.dtstart) - offsetMs(o.from) }));
  const inForceAt = (instant: number) =>
    obs.filter((o) => o.onset <= instant).sort((a, b) => b.onset - a.onset)[0];
  const candidates = new Set<number>();
  for (const o of obs) {
    const instant = wallMs(local) - offsetMs(o.to);
    if (inForceAt(instant) === o) candidates.add(instant);
  }
  if (candidates.size !== 1) throw new Error(`${local} resolves to ${candidates.size} instants`);
  return [...candidates][0]!;
}

const HOUR = 3_600_000;

function event(overrides: Partial<IcsEvent> = {}): IcsEvent {
  const start = Date.UTC(2027, 2, 15, 14, 0); // 10:00 EDT
  return {
    uid: "appt-42@dermaplan",
    sequence: 0,
    method: "REQUEST",
    start,
    end: start + HOUR,
    timeZone: "America/Toronto",
    summary: "Microneedling consultation",
    organizer: { name: "Dermaplan Spa", email: "clinic@example.com" },
    attendee: { name: "Jane Doe", email: "jane@example.com" },
    now: Date.UTC(2027, 0, 2, 3, 4, 5),
    ...overrides,
  };
}

describe("buildIcs: calendar envelope", () => {
  it("ends every line in CRLF, with no bare CR or LF anywhere", () => {
    const ics = buildIcs(event({ description: "two\nlines", summary: "x".repeat(200) }));
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect(ics.split("\r\n").at(-1)).toBe("");
  });

  it("nests BEGIN/END in balance: VCALENDAR holding VTIMEZONE and VEVENT", () => {
    const root = parse(buildIcs(event()));
    expect(root.components.map((c) => c.name)).toEqual(["VCALENDAR"]);
    const cal = root.components[0]!;
    expect(cal.components.map((c) => c.name)).toEqual(["VTIMEZONE", "VEVENT"]);
    expect(child(cal, "VEVENT").components.map((c) => c.name)).toEqual(["VALARM"]);
  });

  it("has a parser that really rejects unbalanced nesting", () => {
    expect(() => parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")).toThrow(/does not close/);
    expect(() => parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toThrow(/unclosed/);
    expect(() => parse("END:VEVENT\r\n")).toThrow(/does not close/);
  });

  it("declares VERSION, PRODID, CALSCALE and METHOD", () => {
    const cal = calendarOf(buildIcs(event()));
    expect(prop(cal, "VERSION").value).toBe("2.0");
    expect(prop(cal, "PRODID").value).not.toBe("");
    expect(prop(cal, "CALSCALE").value).toBe("GREGORIAN");
    expect(prop(cal, "METHOD").value).toBe("REQUEST");
  });

  it("writes DTSTAMP in UTC with Z, dropping milliseconds", () => {
    const ics = buildIcs(event({ now: Date.UTC(2027, 0, 2, 3, 4, 5, 999) }));
    expect(prop(vevent(ics), "DTSTAMP").value).toBe("20270102T030405Z");
  });

  it("carries UID and SEQUENCE", () => {
    const ev = vevent(buildIcs(event({ sequence: 3 })));
    expect(prop(ev, "UID").value).toBe("appt-42@dermaplan");
    expect(prop(ev, "SEQUENCE").value).toBe("3");
  });
});

describe("buildIcs: time zones", () => {
  it("gives a March 2027 Toronto event in EDT local time with the real transitions", () => {
    const e = event();
    const ics = buildIcs(e);
    const ev = vevent(ics);
    expect(prop(ev, "DTSTART")).toEqual({
      name: "DTSTART",
      params: { TZID: "America/Toronto" },
      value: "20270315T100000",
    });
    expect(prop(ev, "DTEND").value).toBe("20270315T110000");
    expect(prop(ev, "DTEND").params).toEqual({ TZID: "America/Toronto" });
    expect(prop(child(calendarOf(ics), "VTIMEZONE"), "TZID").value).toBe("America/Toronto");
    const obs = observances(ics);
    expect(obs).toContainEqual({ kind: "DAYLIGHT", dtstart: "20270314T020000", from: "-0500", to: "-0400" });
    expect(obs).toContainEqual({ kind: "STANDARD", dtstart: "20271107T020000", from: "-0400", to: "-0500" });
    expect(resolveLocal(ics, prop(ev, "DTSTART").value)).toBe(e.start);
    expect(resolveLocal(ics, prop(ev, "DTEND").value)).toBe(e.end);
  });

  it("gives a November 2027 Toronto event in EST local time", () => {
    const e = event({ start: Date.UTC(2027, 10, 8, 15, 0), end: Date.UTC(2027, 10, 8, 16, 30) });
    const ics = buildIcs(e);
    const ev = vevent(ics);
    expect(prop(ev, "DTSTART").value).toBe("20271108T100000");
    expect(prop(ev, "DTEND").value).toBe("20271108T113000");
    const obs = observances(ics);
    expect(obs).toContainEqual({ kind: "DAYLIGHT", dtstart: "20270314T020000", from: "-0500", to: "-0400" });
    expect(obs).toContainEqual({ kind: "STANDARD", dtstart: "20271107T020000", from: "-0400", to: "-0500" });
    expect(resolveLocal(ics, "20271108T100000")).toBe(e.start);
  });

  it("covers early January with the observance that began the previous autumn", () => {
    const e = event({ start: Date.UTC(2027, 0, 4, 14, 0), end: Date.UTC(2027, 0, 4, 15, 0) });
    const ics = buildIcs(e);
    expect(prop(vevent(ics), "DTSTART").value).toBe("20270104T090000");
    expect(observances(ics)[0]).toEqual({ kind: "STANDARD", dtstart: "20261101T020000", from: "-0400", to: "-0500" });
    expect(resolveLocal(ics, "20270104T090000")).toBe(e.start);
  });

  it("covers an event that runs into the next year", () => {
    const e = event({ start: Date.UTC(2028, 0, 1, 4, 0), end: Date.UTC(2028, 0, 1, 6, 0) }); // 23:00–01:00 EST
    const ics = buildIcs(e);
    const ev = vevent(ics);
    expect(prop(ev, "DTSTART").value).toBe("20271231T230000");
    expect(prop(ev, "DTEND").value).toBe("20280101T010000");
    expect(observances(ics)).toContainEqual({
      kind: "DAYLIGHT",
      dtstart: "20280312T020000",
      from: "-0500",
      to: "-0400",
    });
    expect(resolveLocal(ics, "20271231T230000")).toBe(e.start);
    expect(resolveLocal(ics, "20280101T010000")).toBe(e.end);
  });

  it("handles southern-hemisphere summer time (Australia/Sydney)", () => {
    const e = event({ timeZone: "Australia/Sydney", start: Date.UTC(2027, 0, 15, 0, 0), end: Date.UTC(2027, 0, 15, 1, 0) });
    const ics = buildIcs(e);
    expect(prop(vevent(ics), "DTSTART").value).toBe("20270115T110000");
    const obs = observances(ics);
    expect(obs).toContainEqual({ kind: "STANDARD", dtstart: "20270404T030000", from: "+1100", to: "+1000" });
    expect(obs.filter((o) => o.kind === "DAYLIGHT").every((o) => o.to === "+1100")).toBe(true);
    expect(resolveLocal(ics, "20270115T110000")).toBe(e.start);
  });

  it("gives UTC exactly one STANDARD component", () => {
    const e = event({ timeZone: "UTC" });
    const ics = buildIcs(e);
    const obs = observances(ics);
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ kind: "STANDARD", from: "+0000", to: "+0000" });
    expect(prop(vevent(ics), "DTSTART").value).toBe("20270315T140000");
    expect(resolveLocal(ics, "20270315T140000")).toBe(e.start);
  });

  it("gives America/Regina (no DST since 1960) exactly one STANDARD component", () => {
    const e = event({ timeZone: "America/Regina", start: Date.UTC(2027, 6, 15, 16, 0), end: Date.UTC(2027, 6, 15, 17, 0) });
    const ics = buildIcs(e);
    const obs = observances(ics);
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ kind: "STANDARD", to: "-0600" });
    expect(prop(vevent(ics), "DTSTART").value).toBe("20270715T100000");
    expect(resolveLocal(ics, "20270715T100000")).toBe(e.start);
  });

  it("keeps a transition that falls exactly on 1 January as the observance in force", () => {
    // Bissau moved from -01:00 to GMT at local midnight, 1975-01-01.
    const e = event({ timeZone: "Africa/Bissau", start: Date.UTC(1975, 5, 1, 12, 0), end: Date.UTC(1975, 5, 1, 13, 0) });
    const ics = buildIcs(e);
    expect(observances(ics)).toEqual([{ kind: "STANDARD", dtstart: "19750101T000000", from: "-0100", to: "+0000" }]);
    expect(resolveLocal(ics, prop(vevent(ics), "DTSTART").value)).toBe(e.start);
  });

  it("writes offsets with seconds as ±HHMMSS", () => {
    // Abidjan left local mean time (-00:16:08) in 1912.
    const e = event({ timeZone: "Africa/Abidjan", start: Date.UTC(1912, 5, 1, 12, 0), end: Date.UTC(1912, 5, 1, 13, 0) });
    const ics = buildIcs(e);
    expect(observances(ics)).toContainEqual({ kind: "STANDARD", dtstart: "19120101T000000", from: "-001608", to: "+0000" });
    expect(resolveLocal(ics, prop(vevent(ics), "DTSTART").value)).toBe(e.start);
  });

  it("uses the same TZID on DTSTART and VTIMEZONE even for differently cased input", () => {
    const ics = buildIcs(event({ timeZone: "america/toronto" }));
    const tzid = prop(child(calendarOf(ics), "VTIMEZONE"), "TZID").value;
    expect(prop(vevent(ics), "DTSTART").params.TZID).toBe(tzid);
    expect(prop(vevent(ics), "DTEND").params.TZID).toBe(tzid);
  });
});

describe("buildIcs: folding", () => {
  const phrase = "Séance de microneedling à Kitchener‑Waterloo — soin éclat, crème apaisante 🌿 ";
  const summary = Array.from(phrase.repeat(4)).slice(0, 200).join("");

  it("uses a 200-character summary with multi-byte characters", () => {
    expect(Array.from(summary)).toHaveLength(200);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(200);
  });

  it("keeps every physical line within 75 octets without splitting a character", () => {
    const lines = physicalLines(buildIcs(event({ summary, description: summary })));
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
      expect(line.isWellFormed()).toBe(true);
    }
  });

  it("folds only when the next character would not fit", () => {
    const lines = physicalLines(buildIcs(event({ summary })));
    const first = lines.findIndex((l) => l.startsWith("SUMMARY:"));
    let i = first;
    while (lines[i + 1]?.startsWith(" ")) {
      // A character is at most 4 octets, so a line broken earlier than 72 was folded too soon.
      expect(Buffer.byteLength(lines[i]!)).toBeGreaterThan(71);
      i++;
    }
    expect(i - first).toBeGreaterThanOrEqual(3);
  });

  it("restores the text exactly when unfolded", () => {
    const ev = vevent(buildIcs(event({ summary })));
    expect(unescapeText(prop(ev, "SUMMARY").value)).toBe(summary);
  });

  it("folds ASCII at exactly 75 octets, continuation lines starting with one space", () => {
    const ascii = "abcdefghij".repeat(20);
    const lines = physicalLines(buildIcs(event({ summary: ascii })));
    const first = lines.findIndex((l) => l.startsWith("SUMMARY:"));
    expect(lines[first]).toBe(`SUMMARY:${ascii.slice(0, 67)}`);
    expect(lines[first + 1]).toBe(` ${ascii.slice(67, 141)}`);
    expect(lines[first + 2]).toBe(` ${ascii.slice(141)}`);
    expect(lines[first + 3]!.startsWith(" ")).toBe(false);
  });

  it("never splits a 2-, 3- or 4-octet character at any alignment", () => {
    for (let shift = 0; shift < 4; shift++) {
      const text = "a".repeat(shift) + "é€🌿".repeat(30);
      const ics = buildIcs(event({ summary: text }));
      for (const line of physicalLines(ics)) {
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
        expect(line.isWellFormed()).toBe(true);
      }
      expect(unescapeText(prop(vevent(ics), "SUMMARY").value)).toBe(text);
    }
  });

  it("leaves short lines unfolded", () => {
    const lines = physicalLines(buildIcs(event()));
    expect(lines.some((l) => l.startsWith(" "))).toBe(false);
  });
});

describe("buildIcs: escaping", () => {
  it("escapes backslash, semicolon, comma and newlines in TEXT", () => {
    const ics = buildIcs(
      event({
        summary: "Peel; laser, 50\\50",
        description: "Line one\r\nLine two\nLine three\rend",
        location: "12 King St W, Kitchener; Suite 4",
      }),
    );
    const lines = unfold(ics);
    expect(lines).toContain("SUMMARY:Peel\\; laser\\, 50\\\\50");
    expect(lines).toContain("DESCRIPTION:Line one\\nLine two\\nLine three\\nend");
    expect(lines).toContain("LOCATION:12 King St W\\, Kitchener\\; Suite 4");
    const ev = vevent(ics);
    expect(unescapeText(prop(ev, "SUMMARY").value)).toBe("Peel; laser, 50\\50");
    expect(unescapeText(prop(ev, "DESCRIPTION").value)).toBe("Line one\nLine two\nLine three\nend");
  });

  it("drops control characters but keeps tabs", () => {
    const ev = vevent(buildIcs(event({ summary: "a\u0007b\u0000c\td\u007f" })));
    expect(prop(ev, "SUMMARY").value).toBe("abc\td");
  });

  it("cannot be made to inject a property through a value", () => {
    const ics = buildIcs(
      event({
        summary: "Hi\r\nATTENDEE:mailto:evil@example.com",
        organizer: { name: "Spa\r\nATTENDEE:mailto:evil@example.com", email: "clinic@example.com" },
        url: "https://example.com/manage?x=1\r\nATTENDEE:mailto:evil@example.com",
      }),
    );
    expect(props(vevent(ics), "ATTENDEE")).toHaveLength(1);
  });

  it("puts CN in quotes only when a comma, semicolon or colon requires it", () => {
    const lines = unfold(buildIcs(event({ attendee: { name: "Doe, Jane", email: "jane@example.com" } })));
    expect(lines).toContain("ORGANIZER;CN=Dermaplan Spa:mailto:clinic@example.com");
    expect(lines).toContain('ATTENDEE;CN="Doe, Jane":mailto:jane@example.com');
    const odd = vevent(buildIcs(event({ attendee: { name: "Dr: Lee; MD", email: "lee@example.com" } })));
    expect(prop(odd, "ATTENDEE").params.CN).toBe("Dr: Lee; MD");
    expect(prop(odd, "ATTENDEE").value).toBe("mailto:lee@example.com");
  });

  it("encodes a double quote in CN per RFC 6868", () => {
    const ev = vevent(buildIcs(event({ attendee: { name: 'Jane "JJ" Doe, RN', email: "jane@example.com" } })));
    expect(prop(ev, "ATTENDEE").params.CN).toBe("Jane ^'JJ^' Doe, RN");
  });

  it("writes the URL as a serialised absolute URL", () => {
    const ev = vevent(buildIcs(event({ url: "https://dermaplan.example/manage/abc def" })));
    expect(prop(ev, "URL").value).toBe("https://dermaplan.example/manage/abc%20def");
  });
});

describe("buildIcs: REQUEST and CANCEL", () => {
  it("confirms a REQUEST and adds a display alarm 24 hours before", () => {
    const cal = calendarOf(buildIcs(event()));
    expect(prop(cal, "METHOD").value).toBe("REQUEST");
    const ev = child(cal, "VEVENT");
    expect(prop(ev, "STATUS").value).toBe("CONFIRMED");
    const alarm = child(ev, "VALARM");
    expect(prop(alarm, "ACTION").value).toBe("DISPLAY");
    expect(prop(alarm, "TRIGGER").value).toBe("-PT24H");
    expect(prop(alarm, "DESCRIPTION").value).not.toBe("");
  });

  it("cancels with STATUS:CANCELLED and no alarm", () => {
    const ics = buildIcs(event({ method: "CANCEL", sequence: 2 }));
    const cal = calendarOf(ics);
    expect(prop(cal, "METHOD").value).toBe("CANCEL");
    const ev = child(cal, "VEVENT");
    expect(prop(ev, "STATUS").value).toBe("CANCELLED");
    expect(prop(ev, "SEQUENCE").value).toBe("2");
    expect(prop(ev, "UID").value).toBe("appt-42@dermaplan");
    expect(ev.components).toEqual([]);
    expect(ics).not.toContain("VALARM");
  });

  it("writes ORGANIZER and ATTENDEE as mailto with CN", () => {
    const ev = vevent(buildIcs(event()));
    expect(prop(ev, "ORGANIZER")).toEqual({
      name: "ORGANIZER",
      params: { CN: "Dermaplan Spa" },
      value: "mailto:clinic@example.com",
    });
    expect(prop(ev, "ATTENDEE")).toEqual({
      name: "ATTENDEE",
      params: { CN: "Jane Doe" },
      value: "mailto:jane@example.com",
    });
  });

  it("leaves out optional properties that were not given", () => {
    const { attendee: _attendee, ...noAttendee } = event();
    const ev = vevent(buildIcs(noAttendee));
    for (const name of ["ATTENDEE", "DESCRIPTION", "LOCATION", "URL"]) {
      expect(props(ev, name)).toHaveLength(0);
    }
  });
});

describe("buildIcs: refuses what it cannot write correctly", () => {
  it("rejects an end that is not after the start", () => {
    const e = event();
    expect(() => buildIcs({ ...e, end: e.start })).toThrow(RangeError);
    expect(() => buildIcs({ ...e, end: e.start - HOUR })).toThrow(RangeError);
  });

  it("rejects an unknown time zone", () => {
    expect(() => buildIcs(event({ timeZone: "Mars/Olympus_Mons" }))).toThrow(RangeError);
  });

  it("rejects a negative or fractional sequence", () => {
    expect(() => buildIcs(event({ sequence: -1 }))).toThrow(RangeError);
    expect(() => buildIcs(event({ sequence: 1.5 }))).toThrow(RangeError);
  });

  it("rejects e-mail addresses that would break the content line", () => {
    expect(() =>
      buildIcs(event({ attendee: { name: "X", email: "x@example.com\r\nATTENDEE:mailto:y@example.com" } })),
    ).toThrow(RangeError);
    expect(() => buildIcs(event({ organizer: { name: "X", email: "not an address" } }))).toThrow(RangeError);
  });

  it("rejects a URL that is not absolute", () => {
    expect(() => buildIcs(event({ url: "/manage/abc" }))).toThrow(RangeError);
  });
});
