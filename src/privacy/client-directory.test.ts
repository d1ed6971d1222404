import { describe, expect, it } from "vitest";
import type { DbOrTx } from "../db/open.ts";
import { LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { ClientQueryError, clientQueryProblem, searchClients } from "./client-directory.ts";

describe("clientQueryProblem", () => {
  it("refuses control characters, line breaks and direction marks, and more than 100 characters", () => {
    for (const q of ["a\u0000", "a\r\nb", "a\u202e", "a\u2066", "\ud800"])
      expect(clientQueryProblem(q), JSON.stringify(q)).toBe(LINE_CONTROL_MESSAGE);
    expect(clientQueryProblem("x".repeat(101))).toMatch(/100/);
    for (const q of ["", "519 555", "zoë@example.com", "x".repeat(100)]) expect(clientQueryProblem(q)).toBeNull();
  });

  it("is checked before the database is asked anything", async () => {
    const db = new Proxy(
      {},
      {
        get: () => {
          throw new Error("the database was asked");
        },
      },
    ) as DbOrTx;
    await expect(searchClients(db, { staff: { role: "owner", organizationId: "org" }, query: "a\u0000b" })).rejects.toBeInstanceOf(
      ClientQueryError,
    );
  });
});
