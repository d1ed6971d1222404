// What a typed text may contain, checked once for every field of every form,
// API body and search: no control characters. A NUL byte makes PostgreSQL
// refuse the whole statement (a crash instead of a field error); line breaks in
// a one-line field forge lines in e-mail headers, calendar files and logs; the
// bidirectional overrides and isolates make a name or title display as
// something other than what is stored ("Trojan Source"); a lone surrogate is
// not text at all and cannot be encoded as UTF-8.
//
// Two kinds of field:
// - a line (names, e-mails, phones, titles, search queries, dates, ids, hidden
//   fields): no C0 control at all (tab, CR and LF included), no DEL, no C1
//   control, no lone surrogate, no line or paragraph separator, no bidi
//   override or isolate (U+202A–U+202E, U+2066–U+2069);
// - a text (a textarea: an article's body, a note, a description): tab, LF and
//   CR are allowed; every other character a line refuses stays refused, except
//   the bidi controls, which a paragraph of right-to-left text may need.

/** The kind of field a value comes from. */
export type TextKind = "line" | "text";

// Built from escapes so this file itself holds no control character.
const LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

/** The message shown beside a one-line field that holds a refused character. */
export const LINE_CONTROL_MESSAGE = "Remove the line breaks, control characters and invisible direction marks from this field.";
/** The message shown beside a multi-line field that holds a refused character. */
export const TEXT_CONTROL_MESSAGE = "Remove the control characters (invisible characters other than tabs and line breaks) from this text.";

/** Whether `value` holds a character a field of this kind refuses. */
export function hasControlCharacters(value: string, kind: TextKind = "line"): boolean {
  return (kind === "line" ? LINE_FORBIDDEN : TEXT_FORBIDDEN).test(value);
}

/** A one-line value without control characters; in a Zod schema: `.refine(isPlainLine, LINE_CONTROL_MESSAGE)`. */
export function isPlainLine(value: string): boolean {
  return !LINE_FORBIDDEN.test(value);
}

/** A multi-line value without control characters other than tab, LF and CR. */
export function isPlainText(value: string): boolean {
  return !TEXT_FORBIDDEN.test(value);
}

/** The message for a value of this kind that holds a refused character. */
export function controlCharacterMessage(kind: TextKind): string {
  return kind === "line" ? LINE_CONTROL_MESSAGE : TEXT_CONTROL_MESSAGE;
}

/**
 * JSON nested deeper than this is refused before anything walks it: every
 * body the API accepts is a few levels deep, and recursive code (hashing,
 * validation, serialising) overflows the stack on a body nested thousands of
 * levels.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply the JSON text nests arrays and objects, counted without
 * recursion and without parsing (brackets inside strings do not count). Stops
 * counting once `limit` is passed and returns limit + 1.
 */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return limit + 1;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The first string in a parsed JSON value (object keys included) that holds a
 * character every field refuses (the "text" kind: NUL and the other controls,
 * lone surrogates), as its path ("client.name", "answers.3"); null when there
 * is none. Walks without recursion. One-line rules (no line breaks, no bidi
 * controls) are the schema's to check, field by field.
 */
export function controlCharacterPath(value: unknown): string | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: "" }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      if (!isPlainText(v)) return path || "body";
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: join(path, i) }));
    } else if (v && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (!isPlainText(key)) return join(path, key.replace(/[^\x20-\x7e]/g, "?"));
        stack.push({ v: item, path: join(path, key) });
      }
    }
  }
  return null;
}
