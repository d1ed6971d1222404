import { describe, expect, it } from "vitest";
import { LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { ClientContactSchema } from "./contact.ts";

const valid = { name: "Amelia Hart", email: "amelia@example.com", phone: "+1 519 555 0100" };

describe("ClientContactSchema refuses control characters in every field", () => {
  it.each([
    ["NUL", "\u0000"],
    ["CR/LF", "\r\n"],
    ["a trailing line feed", "\n"],
    ["a tab", "\t"],
    ["DEL", "\u007f"],
    ["a C1 control", "\u0085"],
    ["a lone surrogate", "\ud800"],
    ["a right-to-left override", "\u202e"],
    ["a left-to-right isolate", "\u2066"],
    ["a pop directional isolate", "\u2069"],
    ["a line separator", "\u2028"],
  ])("%s", (_label, bad) => {
    for (const field of ["name", "email", "phone"] as const) {
      const value = field === "name" ? `Amelia${bad}Hart` : field === "email" ? `amelia${bad}@example.com` : `+1 519${bad}555 0100`;
      const parsed = ClientContactSchema.safeParse({ ...valid, [field]: field === "name" && bad === "\n" ? "Amelia Hart\n" : value });
      expect(parsed.success, `${field}`).toBe(false);
      const issues = parsed.error!.issues.filter((i) => i.path[0] === field);
      expect(issues.map((i) => i.message)).toEqual([LINE_CONTROL_MESSAGE]);
    }
  });

  it("still accepts names in any script, with accents and apostrophes", () => {
    for (const name of ["Zoë O'Brien-Lefèvre", "محمد علي", "李小龍", "Renée\u200dPaul"]) {
      expect(ClientContactSchema.safeParse({ ...valid, name }).success, name).toBe(true);
    }
  });

  it("still trims surrounding spaces", () => {
    expect(ClientContactSchema.parse({ ...valid, name: "  Amelia Hart  " }).name).toBe("Amelia Hart");
  });
});
