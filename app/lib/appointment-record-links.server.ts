// The appointment page's way to the client: their page, their screening and
// their plan — each only for staff the page behind it would let in, so no
// link ends in a refusal. Ids only in the addresses, and nothing read from the
// health record to draw them: whether the record may be opened is decided
// without opening it, and the plan comes from its scheduling columns.
import type { Db } from "../../src/db/open.ts";
import { can, type Actor } from "../../src/kernel/access.ts";
import { plansToBook } from "../../src/plans/record/series-facts.ts";
import { lockedAgainst } from "../../src/privacy/access.ts";
import { describeHealthAccess } from "../../src/privacy/staff-access.ts";

export interface RecordLink {
  href: string;
  text: string;
}

export async function appointmentRecordLinks(
  db: Db,
  o: { staff: Actor; clientId: string | null; planId: string | null; planSession: number | null; now: number },
): Promise<RecordLink[]> {
  const { staff, clientId } = o;
  if (!clientId || !can(staff.role, "clients.view")) return [];
  const links: RecordLink[] = [{ href: `/staff/clients/${clientId}`, text: "Client's page" }];
  // The same decision the client's page makes: the care team (or glass already broken) reads the record;
  // anyone else is sent to the client's page, where breaking the glass is offered, or is refused.
  const access = await describeHealthAccess(db, { staff, clientId, now: o.now });
  const health = access.kind === "allowed" || access.kind === "break-glass-active";
  // The desk books a plan's sessions from the series page, which a lock on the record closes to them too.
  const books = can(staff.role, "schedule.edit") && !(await lockedAgainst(db, staff, clientId));
  if (health) links.push({ href: `/staff/clients/${clientId}#screening-heading`, text: "Screening and intake review" });
  // The plan this session belongs to, else the client's newest signed plan.
  const planId =
    o.planId ?? (health || books ? ((await plansToBook(db, { organizationId: staff.organizationId, clientId }))[0]?.planId ?? null) : null);
  if (!planId) return links;
  if (health) {
    links.push({
      href: `/staff/plans/${planId}`,
      text: o.planId && o.planSession ? `Treatment plan (this is session ${o.planSession})` : "Treatment plan",
    });
  }
  if (books) links.push({ href: `/staff/plans/${planId}/series`, text: "Plan sessions" });
  return links;
}
