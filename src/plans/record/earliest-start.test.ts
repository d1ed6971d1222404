// The earliest first session on an offered plan (docs/plans.md): computed when
// the version is offered, from the same screening gate that books each
// session, and stored in the client's copy inside the hashed content, so the
// signed text never changes; a copy offered before it was recorded has none.
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { testDatabaseKind } from "../../db/testing.ts";
import { todayIn } from "../../scheduling/time.ts";
import { clientCopyOf } from "../client-copy.ts";
import { contentSha256 } from "./content.ts";
import { careClient, draft, f, NOW, offer, practitioner, usePlanTestbed } from "./test-fixtures.ts";
import { viewPlanForStaff } from "./staff-view.ts";
import { createPlan } from "./write.ts";

usePlanTestbed();

async function offered(clientId: string, d = draft()) {
  const db = f.database.db;
  const { planId } = await createPlan(db, { staff: practitioner, keyRing: f.keyRing, clientId, draft: d });
  await offer(planId, 1);
  return (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.open!;
}

describe(`the earliest first session of an offered plan on ${testDatabaseKind}`, () => {
  it("is the end of the client's screening wait, stored in the client's copy and covered by the hash", async () => {
    const today = Temporal.PlainDate.from(todayIn(f.clinic.location.timeZone, NOW));
    // Isotretinoin stopped a month ago: no treatment until six months after it stopped.
    const stoppedOn = today.subtract({ days: 30 }).toString();
    const clientId = await careClient({ medications: { isotretinoin: { status: "stopped", stoppedOn } } });
    const version = await offered(clientId);
    const copy = version.draft!.clientCopy!;
    expect(copy.earliestStart).toBe(Temporal.PlainDate.from(stoppedOn).add({ months: 6 }).toString());
    expect(contentSha256(version.draft!)).toBe(version.contentSha256);
    expect(contentSha256({ ...version.draft!, clientCopy: { ...copy, earliestStart: today.toString() } })).not.toBe(version.contentSha256);
  });

  it("is the offer date when nothing holds the client back", async () => {
    const clientId = await careClient();
    const copy = (await offered(clientId)).draft!.clientCopy!;
    const today = todayIn(f.clinic.location.timeZone, Date.now());
    // careClient's last session at the clinic was a few days ago: the generic interval may push it out, never before today.
    expect(copy.earliestStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(copy.earliestStart! >= today).toBe(true);
  });

  it("is null when the screening gives no date: a practitioner must review the questionnaire first", async () => {
    // An autoimmune condition needs a practitioner's review before any treatment (rule autoimmune).
    const clientId = await careClient({ conditions: ["autoimmune-other"] });
    const copy = (await offered(clientId)).draft!.clientCopy!;
    expect(copy).toHaveProperty("earliestStart", null);
  });

  it("is absent from a copy written without it, so a version offered before it existed hashes as it did", () => {
    const d = draft();
    const old = clientCopyOf(d, "Ada", 1);
    expect(old).not.toHaveProperty("earliestStart");
    expect(clientCopyOf(d, "Ada", 1, "en", undefined)).toEqual(old);
    expect(contentSha256({ ...d, clientCopy: clientCopyOf(d, "Ada", 1, "en", undefined) })).toBe(contentSha256({ ...d, clientCopy: old }));
  });
});
