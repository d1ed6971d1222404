// The client's record as it leaves the clinic: a JSON document of our own
// format, and a FHIR R4 Bundle for another provider's system. Pure functions of
// a ClientRecord (client-record.ts), which has already been read and audited.
import type { ClientAppointment } from "./client-directory.ts";
import type { ClientRecord } from "./client-record.ts";

export function toJsonExport(record: ClientRecord, clinicName: string) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    format: "dermaplan-client-record",
    version: 1,
    generatedAt: iso(record.generatedAt),
    clinic: clinicName,
    client: {
      id: record.contact.id,
      name: record.contact.name,
      email: record.contact.email,
      phone: record.contact.phone,
      since: iso(record.contact.createdAt),
    },
    appointments: record.appointments.map((a) => ({
      id: a.id,
      status: a.status,
      start: iso(a.startMs),
      end: iso(a.endMs),
      service: a.serviceName,
      practitioner: a.practitionerName,
    })),
    healthNotes: record.notes.map((n) => ({ id: n.id, writtenAt: iso(n.createdAt), author: n.authorName, text: n.body })),
    correctionRequests: record.corrections.map((c) => ({
      id: c.id,
      askedAt: iso(c.createdAt),
      status: c.status,
      answeredAt: iso(c.resolvedAt),
      text: c.body,
    })),
    lock: record.lock ? { allowedStaff: record.lock.allowedNames, since: iso(record.lock.lockedAt) } : null,
    screenings: record.screenings.map((s) => ({
      id: s.id,
      source: s.source,
      madeAt: iso(s.createdAt),
      asOf: s.asOf,
      rulesVersion: s.rulesVersion,
      questionnaire: s.questionnaire,
      answers: s.answers?.intake ?? null,
      questionnaireResponse: s.answers?.response ?? null,
      note: s.answers?.note ?? null,
      result: s.result
        ? {
            outcome: s.result.outcome,
            earliestDate: s.result.earliestDate,
            reasons: s.result.reasons.map((r) => ({ rule: r.ruleId, outcome: r.outcome, until: r.until, explanation: r.clientMessage })),
          }
        : null,
      reviews: s.reviews.map((v) => ({ decision: v.decision, by: v.by, at: iso(v.at), note: v.note })),
    })),
    treatmentPlans: record.plans.map((p) => ({
      id: p.id,
      createdAt: iso(p.createdAt),
      versions: p.versions.map((v) => ({
        version: v.version,
        status: v.status,
        offeredAt: iso(v.proposedAt),
        contentSha256: v.contentSha256,
        plan: v.draft,
        signature: v.acceptance
          ? {
              signedName: v.acceptance.signedName,
              signedAt: iso(v.acceptance.signedAt),
              ip: v.acceptance.ip,
              contentSha256: v.acceptance.contentSha256,
            }
          : null,
      })),
      sessions: p.sessions.map((x) => ({ session: x.session, appointmentId: x.appointmentId, start: iso(x.start), status: x.status })),
    })),
    accessLog: record.accessLog.map((e) => ({
      at: iso(e.at),
      who: e.actorType === "client" ? "you" : e.actorName,
      role: e.actorRole,
      action: e.action,
      reason: e.reason,
    })),
  };
}

const FHIR_APPOINTMENT_STATUS: Record<ClientAppointment["status"], string> = {
  booked: "booked",
  cancelled: "cancelled",
  completed: "fulfilled",
  "no-show": "noshow",
};

/**
 * The record as a FHIR R4 Bundle of type "collection": a Patient, an
 * Appointment per appointment, an Observation (with the text as valueString)
 * per health note and a Task per correction request. Entries reference each
 * other by urn:uuid full URLs.
 */
export function toFhirBundle(record: ClientRecord, clinicName: string) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const patientRef = `urn:uuid:${record.contact.id}`;
  const c = record.contact;
  const telecom = [{ system: "email", value: c.email, use: "home" }, ...(c.phone ? [{ system: "phone", value: c.phone }] : [])];
  const entries: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } }[] = [
    {
      fullUrl: patientRef,
      resource: { resourceType: "Patient", id: c.id, active: true, name: [{ text: c.name }], telecom },
    },
    ...record.appointments.map((a) => ({
      fullUrl: `urn:uuid:${a.id}`,
      resource: {
        resourceType: "Appointment",
        id: a.id,
        status: FHIR_APPOINTMENT_STATUS[a.status],
        serviceType: [{ text: a.serviceName }],
        description: a.serviceName,
        start: iso(a.startMs),
        end: iso(a.endMs),
        participant: [
          { actor: { reference: patientRef, display: c.name }, status: "accepted" },
          { actor: { display: a.practitionerName }, status: "accepted" },
        ],
      },
    })),
    ...record.notes.map((n) => ({
      fullUrl: `urn:uuid:${n.id}`,
      resource: {
        resourceType: "Observation",
        id: n.id,
        status: "final",
        code: { text: "Practitioner's health note" },
        subject: { reference: patientRef },
        issued: iso(n.createdAt),
        effectiveDateTime: iso(n.createdAt),
        ...(n.authorName ? { performer: [{ display: n.authorName }] } : {}),
        valueString: n.body ?? "",
      },
    })),
    ...record.corrections.map((r) => ({
      fullUrl: `urn:uuid:${r.id}`,
      resource: {
        resourceType: "Task",
        id: r.id,
        status: r.status === "open" ? "requested" : r.status === "corrected" ? "completed" : "rejected",
        intent: "order",
        code: { text: "Request to correct the record" },
        description: r.body ?? "",
        for: { reference: patientRef },
        authoredOn: iso(r.createdAt),
        ...(r.resolvedAt ? { lastModified: iso(r.resolvedAt) } : {}),
      },
    })),
    // Intake answers as the QuestionnaireResponse they were given in.
    ...record.screenings.flatMap((s) =>
      s.answers?.response && s.answers.response.resourceType === "QuestionnaireResponse"
        ? [
            {
              fullUrl: `urn:uuid:${s.id}`,
              resource: {
                ...(s.answers.response as Record<string, unknown>),
                resourceType: "QuestionnaireResponse",
                id: s.id,
                subject: { reference: patientRef },
                authored: iso(s.createdAt),
              },
            },
          ]
        : [],
    ),
    // Each plan as a CarePlan: the version in force (or the one offered), an activity per zone.
    ...record.plans.flatMap((p) => {
      const v = p.accepted ?? p.versions[0];
      if (!v?.draft) return [];
      const d = v.draft;
      return [
        {
          fullUrl: `urn:uuid:${p.id}`,
          resource: {
            resourceType: "CarePlan",
            id: p.id,
            status: v.status === "accepted" ? "active" : "draft",
            intent: v.status === "accepted" ? "plan" : "proposal",
            title: "Microneedling treatment plan",
            description: `${d.sessions} sessions, ${d.intervalMinDays}–${d.intervalMaxDays} days apart (version ${v.version}, SHA-256 ${v.contentSha256})`,
            subject: { reference: patientRef },
            created: iso(v.createdAt),
            ...(d.noteToClient ? { note: [{ text: d.noteToClient }] } : {}),
            activity: d.zones.map((z) => ({
              detail: {
                status: "scheduled",
                description: `${z.zone}: ${z.indication}, ${z.depthMinMm}–${z.depthMaxMm} mm`,
              },
            })),
          },
        },
      ];
    }),
  ];
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: iso(record.generatedAt),
    meta: { tag: [{ display: `Exported from ${clinicName} by Dermaplan` }] },
    entry: entries,
  };
}
