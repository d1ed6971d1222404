// Offering a plan to the client: the draft the practitioner looked at is
// checked again against the limits as they are now, the words the client will
// read and sign are fixed inside the hashed content, and the client may be
// told by e-mail (naming nothing but the portal).
import { and, eq } from "drizzle-orm";
import { composePlanReadyMessage } from "../../clients/portal-messages.ts";
import type { Db } from "../../db/open.ts";
import { clients, locations, organizations } from "../../db/schema.ts";
import { FieldError } from "../../kernel/errors.ts";
import { enqueueMessage } from "../../notifications/outbox.ts";
import { withAccess } from "../../privacy/access.ts";
import { treatmentPlanVersions } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { clientCopyOf } from "../client-copy.ts";
import { earliestStart } from "../earliest-start.ts";
import { loadClinic } from "../../scheduling/clinic.ts";
import type { PlanDraft } from "../types.ts";
import { canonicalJson, contentContext, contentSha256 } from "./content.ts";
import { check, loadContext } from "./context.ts";
import { PlanChangedError, PlanRefusedError } from "./errors.ts";
import { lockPlan, planClientId, readPlan } from "./read.ts";
import { auditPlanChange, mayEdit } from "./staff-edit.ts";
import type { Actor } from "../../kernel/access.ts";

/** Offers the draft to the client in the portal. It is checked again against the limits as they are now. */
export async function proposePlan(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    planId: string;
    version: number;
    /** The hash of the content the practitioner looked at when they chose to offer it. */
    contentSha256: string;
    now?: number;
    /** Where the client signs in; when given, they get an e-mail that names nothing but the portal. */
    notify?: { baseUrl: string };
  },
): Promise<void> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const clientId = await planClientId(db, organizationId, o.planId);
  await withAccess(db, { staff: o.staff, clientId, now, attempted: "edit", require: mayEdit(o.staff) }, async (tx, _d, via) => {
    await lockPlan(tx, { organizationId, planId: o.planId });
    const plan = await readPlan(tx, o.keyRing, organizationId, o.planId);
    const open = plan.open;
    if (!open || open.version !== o.version || open.status !== "draft" || open.contentSha256 !== o.contentSha256)
      throw new PlanChangedError("This plan changed since you opened it. Read it again before offering it to the client.");
    if (!open.draft) throw new FieldError({ plan: "This version's content failed its integrity check; save it again before offering it." });
    const ctx = await loadContext(tx, o.keyRing, organizationId, clientId);
    check(open.draft, ctx);
    if (open.draft.assessment.fitzpatrick === null) {
      throw new PlanRefusedError([
        {
          rule: "assessment.fitzpatrick-unconfirmed",
          field: "assessment.fitzpatrick",
          message: "Confirm the client's Fitzpatrick skin type before offering the plan: the depths depend on it.",
        },
      ]);
    }
    // The words the client will read and sign are fixed now, inside the hashed content.
    const practitionerName = ctx.practitioners.find((p) => p.id === open.draft!.practitionerId)?.name ?? null;
    // …in the client's language at this moment; an English copy hashes exactly as before languages existed.
    const [who] = await tx
      .select({ locale: clients.preferredLocale })
      .from(clients)
      .where(and(eq(clients.organizationId, organizationId), eq(clients.id, clientId)));
    const locale = who?.locale === "fr" ? "fr" : "en";
    // The earliest first session as it stands today (the screening's wait, the plan's interval after its last session).
    const start = await earliestStart(tx, {
      clinic: await loadClinic(tx, organizationId),
      keyRing: o.keyRing,
      clientId,
      now,
      plan: { planId: o.planId, intervalMinDays: open.draft.intervalMinDays },
    });
    const earliest = "earliestDate" in start ? start.earliestDate : null;
    const offered: PlanDraft = { ...open.draft, clientCopy: clientCopyOf(open.draft, practitionerName, now, locale, earliest) };
    await tx
      .update(treatmentPlanVersions)
      .set({
        status: "proposed",
        proposedAt: new Date(now),
        updatedAt: new Date(now),
        contentEncrypted: o.keyRing.encrypt(
          canonicalJson(offered),
          contentContext({ organizationId, planId: o.planId, version: o.version }),
        ),
        contentSha256: contentSha256(offered),
      })
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, o.version)));
    await auditPlanChange(tx, o.staff, clientId, { change: "plan-proposed", planId: o.planId, version: o.version, access: via });
    if (o.notify) {
      const [row] = await tx
        .select({ email: clients.email, clinicName: organizations.name, phone: locations.phone })
        .from(clients)
        .innerJoin(organizations, eq(organizations.id, clients.organizationId))
        .innerJoin(locations, eq(locations.organizationId, clients.organizationId))
        .where(eq(clients.id, clientId))
        .limit(1);
      if (row) {
        await enqueueMessage(tx, {
          organizationId,
          appointmentId: null,
          kind: "plan-ready",
          message: composePlanReadyMessage({
            to: row.email,
            clinicName: row.clinicName,
            clinicPhone: row.phone ?? "",
            portalUrl: `${o.notify.baseUrl.replace(/\/$/, "")}/portal/login`,
            locale,
          }),
        });
      }
    }
  });
}
