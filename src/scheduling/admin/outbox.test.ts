// The outbox viewer shows where a link went, never a usable one.
import { describe, expect, it } from "vitest";

describe("outbox links", () => {
  it("hides the tokens of manage, sign-in and invitation links, even in a folded calendar line", async () => {
    const { redactLinkTokens } = await import("./outbox.ts");
    const text = [
      "Manage: http://x/manage/1b2c?token=AbC_d-12345",
      '<a href="http://x/portal/verify?token=ZZZ999">sign in</a>',
      '<a href="http://x/manage/1?id=2&amp;token=QQQ">x</a>',
      "Join: http://x/invite/tok_en-123",
      "DESCRIPTION:Manage your appointment: http://x/manage/1?token=AAAAAAAAAA\r\n BBBBB",
    ].join("\n");
    const out = redactLinkTokens(text);
    for (const secret of ["AbC_d-12345", "ZZZ999", "QQQ", "tok_en-123", "AAAAAAAAAA", "BBBBB"]) expect(out).not.toContain(secret);
    expect(out).toContain("/manage/1b2c?token=[hidden]");
  });
});
