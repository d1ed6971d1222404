// Where a password is set (accepting an invitation, changing it on the account
// page), the policy is given what is known of the account: its e-mail, the
// person's name, the clinic's name (from the organizations table).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind } from "../db/testing.ts";
import { changeOwnPassword } from "./change-password.ts";
import { FieldError } from "../kernel/errors.ts";
import { acceptInvitation, inspectInvitation, inviteStaff } from "./invitations.ts";
import { PASSWORD_MESSAGES } from "./password-policy.ts";
import { signInWithPassword } from "./sign-in.ts";
import { BASE_URL, cookiesFrom, createAccountsFixture, STAFF_PASSWORD, userIdOf, type AccountsFixture } from "./test-fixtures.ts";

let f: AccountsFixture;
const NOW = Date.parse("2027-03-10T15:00:00Z");
const GOOD = "sunlit harbour copper maple";

beforeAll(async () => {
  f = await createAccountsFixture();
});
afterAll(async () => {
  await f?.database.close();
});

async function refusal(promise: Promise<unknown>): Promise<Record<string, string> | null> {
  const result = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (result === null) return null;
  expect(result).toBeInstanceOf(FieldError);
  return (result as FieldError).errors;
}

describe(`passwords in the account's own context on ${testDatabaseKind}`, () => {
  it("accepting an invitation refuses the address, the name typed beside it, the clinic's and the product's name", async () => {
    const owner = {
      userId: await userIdOf(f, f.ownerEmail),
      role: "owner" as const,
      organizationId: f.organizationId,
      name: "Clinic owner",
    };
    const { link } = await inviteStaff(f.database.db, {
      staff: owner,
      organizationId: f.organizationId,
      input: { email: "alice.smith@glowmail.test", role: "front-desk" },
      baseUrl: BASE_URL,
      now: NOW,
    });
    const token = link.split("/invite/")[1]!;
    const accept = (name: string, password: string) =>
      acceptInvitation(f.database.db, { token, input: { name, password, confirmPassword: password }, now: NOW + 1, ip: null });
    // The demo clinic is "Jolanta's European Spa".
    for (const [name, password] of [
      ["Alice Smith", "alice.smith2024"],
      ["Alice Smith", "Glowmail-forever-2024"],
      ["Alice Smith", "Sm1th family 2024!"],
      ["Alice Smith", "Jolanta2026!!"],
      ["Alice Smith", "european summer nights"],
      ["Alice Smith", "Dermaplan123!"],
      ["Quentin Zabrowski", "zabrowski-and-sons"],
    ] as const) {
      expect(await refusal(accept(name, password)), password).toEqual({ password: PASSWORD_MESSAGES.personal });
    }
    expect((await inspectInvitation(f.database.db, { token, now: NOW + 2 })).status).toBe("open");
    expect(await refusal(accept("Alice Smith", GOOD))).toBeNull();
  });

  it("changing one's password refuses one's e-mail, name, and the clinic's name looked up from the organization", async () => {
    const staff = await f.addStaff("front-desk", { email: "bruno.keller@example.test", name: "Bruno Keller" });
    const signedIn = await signInWithPassword(f.ctx(), { email: staff.email, password: STAFF_PASSWORD });
    if (signedIn.kind !== "signed-in") throw new Error(`sign-in: ${signedIn.kind}`);
    const cookie = cookiesFrom(signedIn.setCookies);
    const session = await f.staffSession(cookie);
    const change = (password: string) =>
      changeOwnPassword(f.ctx({ cookie }), {
        staff: session,
        input: { currentPassword: STAFF_PASSWORD, password, confirmPassword: password },
      });
    for (const password of ["bruno.keller2024", "Keller!Keller!2024", "Jolanta's spa 2026", "European-Days-2026", "d3rm4pl4n-2026"]) {
      expect(await refusal(change(password)), password).toEqual({ password: PASSWORD_MESSAGES.personal });
    }
    const done = await change(GOOD);
    expect(done.kind).toBe("done");
  });
});
