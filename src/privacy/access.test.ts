// Who may open a health record (access.ts and the functions that decide
// through it): every role, care team and lock; breaking the glass; foreign
// and made-up ids; the client's lock. Every refusal is audited.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { searchAuditEvents } from "../audit/audit-log.ts";
import { auditEvents, type StaffRole } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import { getClientForStaff, searchClients } from "./client-directory.ts";
import { addHealthNote, viewHealthRecord } from "./health-notes.ts";
import { breakGlass, describeHealthAccess } from "./staff-access.ts";
import { HealthAccessDeniedError, HealthRecordNotFoundError } from "./access.ts";
import { lockHealthRecord, unlockHealthRecord } from "./record-lock.ts";
import { clientRecordLocks } from "./health-tables.ts";
import { BREAK_GLASS_MINUTES } from "./limits.ts";
import {
  addAppointment,
  addClient,
  addOrganization,
  addStaff,
  db,
  f,
  healthEvents as events,
  keyRing,
  org,
  practitionerStaff,
  useHealthTestbed,
} from "./test-fixtures.ts";

useHealthTestbed();

describe("who may open a health record: every role × care team × lock", () => {
  const roles: StaffRole[] = ["owner", "manager", "practitioner", "front-desk"];
  type Lock = "none" | "to-me" | "to-others";
  const expected = (role: StaffRole, careTeam: boolean, lock: Lock): "allowed" | "break-glass" | "locked" | "role" => {
    if (lock === "to-others") return "locked";
    if (lock === "to-me") return "allowed";
    // Linked to the practitioner who treats the client: routine access, whatever the role (an owner or a manager who treats).
    if (careTeam) return "allowed";
    if (role === "practitioner") return "break-glass";
    if (role === "owner") return "break-glass";
    return "role";
  };

  for (const role of roles) {
    for (const careTeam of [true, false]) {
      for (const lock of ["none", "to-me", "to-others"] as Lock[]) {
        const outcome = expected(role, careTeam, lock);
        it(`${role}, ${careTeam ? "on" : "not on"} the care team, lock ${lock}: ${outcome}`, async () => {
          const client = await addClient(db, org);
          const practitionerId = f.practitioners[0]!.id;
          const staff = await addStaff(db, { organizationId: org, role, practitionerId: careTeam ? practitionerId : null });
          if (careTeam) await addAppointment(f, { clientId: client.id, practitionerId, daysFromNow: 5 });
          if (lock !== "none") {
            const owner = await addStaff(db, { organizationId: org, role: "owner" });
            const other = await addStaff(db, { organizationId: org, role: "practitioner" });
            const allowedUserIds = lock === "to-me" ? [staff.userId] : [other.userId];
            if (lock === "to-me" && (role === "manager" || role === "front-desk")) {
              // lockHealthRecord names only practitioners and owners; a lock naming anyone else
              // (written before that rule, say) still opens the record to exactly them.
              await db
                .insert(clientRecordLocks)
                .values({ clientId: client.id, organizationId: org, allowedUserIds, lockedByUserId: owner.userId });
            } else {
              await lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds, clientRequested: true });
            }
          }
          const summary = await describeHealthAccess(db, { staff, clientId: client.id });
          const attempt = viewHealthRecord(db, { staff, keyRing, clientId: client.id });
          if (outcome === "allowed") {
            expect(summary.kind).toBe("allowed");
            const record = await attempt;
            expect(record.notes).toEqual([]);
            expect((await events(client.id, "health-record.view")).map((e) => e.actorId)).toEqual([staff.userId]);
          } else {
            expect(summary.kind).toBe(outcome === "break-glass" ? "break-glass" : "denied");
            await expect(attempt).rejects.toBeInstanceOf(HealthAccessDeniedError);
            await attempt.catch((e: HealthAccessDeniedError) =>
              expect(e.reason).toBe(outcome === "break-glass" ? "break-glass-required" : outcome),
            );
            const denied = await events(client.id, "health-record.denied");
            expect(denied.length).toBeGreaterThanOrEqual(1);
            expect(denied.at(-1)!.actorId).toBe(staff.userId);
            expect(denied.at(-1)!.details).toMatchObject({ denied: outcome === "break-glass" ? "break-glass-required" : outcome, role });
            expect(await events(client.id, "health-record.view")).toEqual([]);
          }
        });
      }
    }
  }

  it("counts past and future appointments for the care team, but not cancelled ones", async () => {
    const past = await addClient(db, org);
    const pastStaff = await practitionerStaff(past.id, true, "completed");
    expect((await describeHealthAccess(db, { staff: pastStaff, clientId: past.id })).careTeam).toBe(true);
    const cancelled = await addClient(db, org);
    const cancelledStaff = await practitionerStaff(cancelled.id, true, "cancelled");
    const summary = await describeHealthAccess(db, { staff: cancelledStaff, clientId: cancelled.id });
    expect(summary.careTeam).toBe(false);
    expect(summary.kind).toBe("break-glass");
  });

  it("does not reveal a lock's existence as access: describing audits nothing for a client of the clinic", async () => {
    const client = await addClient(db, org);
    const desk = await addStaff(db, { organizationId: org, role: "front-desk" });
    const summary = await describeHealthAccess(db, { staff: desk, clientId: client.id });
    expect(summary).toMatchObject({ kind: "denied", denied: "role", canEdit: false, canLock: false });
    expect(await events(client.id)).toEqual([]);
  });
});

describe("breaking the glass", () => {
  it("an owner who treats reads another practitioner's client after breaking the glass, and changes nothing there", async () => {
    const client = await addClient(db, org);
    await addAppointment(f, { clientId: client.id, practitionerId: f.practitioners[0]!.id, daysFromNow: 4 });
    // Linked to the other practitioner: not this client's care team.
    const owner = await addStaff(db, { organizationId: org, role: "owner", practitionerId: f.practitioners[1]!.id });
    await breakGlass(db, { staff: owner, clientId: client.id, reason: "Client phoned about a reaction" });
    expect(await describeHealthAccess(db, { staff: owner, clientId: client.id })).toMatchObject({
      kind: "break-glass-active",
      canEdit: false,
    });
    await viewHealthRecord(db, { staff: owner, keyRing, clientId: client.id });
    await expect(addHealthNote(db, { staff: owner, keyRing, clientId: client.id, body: "Written under the glass." })).rejects.toMatchObject(
      {
        reason: "role",
      },
    );
    // Linked to this client's practitioner, an owner edits like the practitioner does.
    const treating = await addStaff(db, { organizationId: org, role: "owner", practitionerId: f.practitioners[0]!.id });
    expect(await describeHealthAccess(db, { staff: treating, clientId: client.id })).toMatchObject({ kind: "allowed", canEdit: true });
    await addHealthNote(db, { staff: treating, keyRing, clientId: client.id, body: "Seen at the desk." });
  });

  it("requires a reason of at least 10 characters and audits nothing without one", async () => {
    const client = await addClient(db, org);
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    for (const reason of [undefined, "", "   short  ", "123456789"]) {
      await expect(breakGlass(db, { staff: owner, clientId: client.id, reason })).rejects.toBeInstanceOf(FieldError);
    }
    expect(await events(client.id)).toEqual([]);
  });

  it("audits the reason, opens the record for a limited time, and audits every view under it", async () => {
    const client = await addClient(db, org);
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    const now = Date.now();
    const { until } = await breakGlass(db, {
      staff: owner,
      clientId: client.id,
      reason: "  Client called: reaction after treatment ",
      now,
    });
    expect(until).toBe(now + BREAK_GLASS_MINUTES * 60_000);
    const [glass] = await events(client.id, "health-record.break-glass");
    expect(glass).toMatchObject({ actorType: "staff", actorId: owner.userId, organizationId: org });
    expect(glass!.details).toMatchObject({ kind: "break-glass", reason: "Client called: reaction after treatment", role: "owner" });

    expect((await describeHealthAccess(db, { staff: owner, clientId: client.id, now: now + 60_000 })).kind).toBe("break-glass-active");
    const record = await viewHealthRecord(db, { staff: owner, keyRing, clientId: client.id, now: now + 60_000 });
    expect(record.via).toBe("break-glass");
    const [view] = await events(client.id, "health-record.view");
    expect(view!.details).toMatchObject({ access: "break-glass", role: "owner" });

    const later = now + (BREAK_GLASS_MINUTES + 1) * 60_000;
    expect((await describeHealthAccess(db, { staff: owner, clientId: client.id, now: later })).kind).toBe("break-glass");
    await expect(viewHealthRecord(db, { staff: owner, keyRing, clientId: client.id, now: later })).rejects.toThrow(/break the glass/);
  });

  it("is refused, and audited, for the front desk, a manager and a locked record", async () => {
    const client = await addClient(db, org);
    for (const role of ["front-desk", "manager"] as const) {
      const staff = await addStaff(db, { organizationId: org, role });
      await expect(breakGlass(db, { staff, clientId: client.id, reason: "I would like to have a look" })).rejects.toMatchObject({
        reason: "role",
      });
    }
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    const named = await addStaff(db, { organizationId: org, role: "practitioner" });
    await lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds: [named.userId], clientRequested: true });
    await expect(breakGlass(db, { staff: owner, clientId: client.id, reason: "Emergency, client unconscious" })).rejects.toMatchObject({
      reason: "locked",
    });
    const denied = await events(client.id, "health-record.denied");
    expect(denied.map((d) => (d.details as { denied: string }).denied)).toEqual(["role", "role", "locked"]);
    expect(await events(client.id, "health-record.break-glass")).toEqual([]);
  });

  it("lets another practitioner write under break-the-glass, but never the owner (no health.edit)", async () => {
    const client = await addClient(db, org);
    const other = await practitionerStaff(client.id, false);
    await breakGlass(db, { staff: other, clientId: client.id, reason: "Covering for Maja today, client is here" });
    await addHealthNote(db, { staff: other, keyRing, clientId: client.id, body: "Patch test done, no reaction." });
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    await breakGlass(db, { staff: owner, clientId: client.id, reason: "Reviewing a complaint from the client" });
    await expect(addHealthNote(db, { staff: owner, keyRing, clientId: client.id, body: "x" })).rejects.toMatchObject({ reason: "role" });
    const edits = await events(client.id, "health-record.edit");
    expect(edits).toHaveLength(1);
    expect(edits[0]!.details).toMatchObject({ change: "note-added", access: "break-glass" });
  });
});

describe("refused and foreign ids", () => {
  it("refuses and audits a made-up id, a junk id and another clinic's client", async () => {
    const second = await addOrganization(db);
    const foreignOwner = await addStaff(db, { organizationId: second.organizationId, role: "owner" });
    const mine = await addClient(db, org);
    const staff = await practitionerStaff(mine.id, true);
    await addHealthNote(db, { staff, keyRing, clientId: mine.id, body: "Mine" });

    await expect(viewHealthRecord(db, { staff: foreignOwner, keyRing, clientId: mine.id })).rejects.toBeInstanceOf(
      HealthRecordNotFoundError,
    );
    await expect(breakGlass(db, { staff: foreignOwner, clientId: mine.id, reason: "Let me in, it is urgent" })).rejects.toBeInstanceOf(
      HealthRecordNotFoundError,
    );
    await expect(describeHealthAccess(db, { staff: foreignOwner, clientId: mine.id })).rejects.toBeInstanceOf(HealthRecordNotFoundError);
    const foreignAudit = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, second.organizationId));
    expect(foreignAudit.map((e) => [e.action, (e.details as { denied: string }).denied, e.entityId])).toEqual([
      ["health-record.denied", "other-organization", mine.id],
      ["health-record.denied", "other-organization", mine.id],
      ["health-record.denied", "other-organization", mine.id],
    ]);
    // The record's own clinic sees no trace of the other clinic's attempt, and vice versa.
    const myOwner = await addStaff(db, { organizationId: org, role: "owner" });
    expect((await searchAuditEvents(db, { staff: myOwner, filters: { clientId: mine.id, action: "health-record.denied" } })).total).toBe(0);

    for (const id of ["00000000-0000-4000-8000-000000000000", "../etc/passwd"]) {
      await expect(viewHealthRecord(db, { staff, keyRing, clientId: id })).rejects.toBeInstanceOf(HealthRecordNotFoundError);
      const [e] = await events(id, "health-record.denied");
      expect(e!.details).toMatchObject({ denied: "not-found" });
    }
  });

  it("isolates organizations: a second clinic's staff see none of the first clinic's clients or audit events", async () => {
    const second = await addOrganization(db);
    const client = await addClient(db, org, "Isolated Person");
    const owner = await addStaff(db, { organizationId: second.organizationId, role: "owner" });
    const manager = await addStaff(db, { organizationId: second.organizationId, role: "manager" });
    expect((await searchClients(db, { staff: owner })).clients).toEqual([]);
    expect((await searchClients(db, { staff: owner, query: "Isolated" })).total).toBe(0);
    expect(await getClientForStaff(db, { staff: owner, clientId: client.id })).toBeNull();
    const audit = await searchAuditEvents(db, { staff: manager, filters: {} });
    expect(audit.events.every((e) => e.clientName !== "Isolated Person")).toBe(true);
    expect((await searchAuditEvents(db, { staff: manager, filters: { clientId: client.id } })).total).toBe(0);
    const firstOwner = await addStaff(db, { organizationId: org, role: "owner" });
    expect((await searchClients(db, { staff: firstOwner, query: "Isolated" })).total).toBe(1);
  });
});

describe("the client's consent directive (lock)", () => {
  it("is set and removed by the owner only, at the client's request, and audited with names", async () => {
    const client = await addClient(db, org);
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    const manager = await addStaff(db, { organizationId: org, role: "manager" });
    const maja = await addStaff(db, { organizationId: org, role: "practitioner", name: "Maja K." });
    const desk = await addStaff(db, { organizationId: org, role: "front-desk" });

    await expect(
      lockHealthRecord(db, { staff: manager, clientId: client.id, allowedUserIds: [maja.userId], clientRequested: true }),
    ).rejects.toMatchObject({
      reason: "role",
    });
    await expect(
      lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds: [maja.userId], clientRequested: false }),
    ).rejects.toBeInstanceOf(FieldError);
    await expect(
      lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds: [desk.userId], clientRequested: true }),
    ).rejects.toBeInstanceOf(FieldError);
    await expect(
      lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds: [], clientRequested: true }),
    ).rejects.toBeInstanceOf(FieldError);

    await lockHealthRecord(db, { staff: owner, clientId: client.id, allowedUserIds: [maja.userId], clientRequested: true });
    const summary = await describeHealthAccess(db, { staff: desk, clientId: client.id });
    expect(summary.lock?.allowed.map((a) => a.name)).toEqual(["Maja K."]);
    const [lock] = await events(client.id, "health-record.lock");
    expect(lock!.details).toMatchObject({ allowedNames: ["Maja K."], role: "owner" });

    await expect(unlockHealthRecord(db, { staff: owner, clientId: client.id, clientRequested: false })).rejects.toBeInstanceOf(FieldError);
    await unlockHealthRecord(db, { staff: owner, clientId: client.id, clientRequested: true });
    expect((await describeHealthAccess(db, { staff: desk, clientId: client.id })).lock).toBeNull();
    expect(await events(client.id, "health-record.unlock")).toHaveLength(1);
    expect((await events(client.id, "health-record.denied")).map((e) => (e.details as { attempted: string }).attempted)).toEqual(["lock"]);
  });
});
