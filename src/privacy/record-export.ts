// The client's record as it leaves the clinic: a JSON document of our own
// format, and a FHIR R4 Bundle for another provider's system. Pure functions of
// a ClientRecord (client-record.ts), which has already been read and audited.
import { createHash } from "node:crypto";
import type { ClientAppointment } from "./client-directory.ts";
import { ENDPOINT_LABELS, REACTION_LABELS, TECHNIQUE_LABELS } from "../plans/chart.ts";
import { formatMm, zoneLabel } from "../plans/zones.ts";
import { OUTCOME_WORDS } from "../screening/types.ts";
import type { ClientRecord } from "./client-record.ts";

type RecordChart = ClientRecord["charts"][number];
type RecordCheckin = ClientRecord["checkins"][number];
type StoredChart = NonNullable<RecordChart["chart"]>;

/** The numbing product's lot as the chart recorded it, or null. */
const numbingLotOf = (c: StoredChart) => (c.numbing ? (c.lots.find((l) => l.id === c.numbing!.lotId) ?? null) : null);
const plannedOf = (c: StoredChart, zone: string) => c.planned.find((p) => p.zone === zone) ?? null;

/** One check-in in the JSON export: the answers (null and `damaged` when they failed their check) and the follow-up with its closing note. */
function checkinJson(c: RecordCheckin, iso: (ms: number | null) => string | null) {
  return {
    id: c.id,
    appointmentId: c.appointmentId,
    sessionStart: iso(c.sessionStartMs),
    day: c.day,
    answeredAt: iso(c.answeredAt),
    outcome: c.outcome,
    answersSha256: c.answersSha256,
    damaged: c.damaged,
    answers: c.answers,
    answerLines: c.lines,
    followUp: c.followUp
      ? {
          status: c.followUp.status,
          openedAt: iso(c.followUp.createdAt),
          closedAt: iso(c.followUp.closedAt),
          closedBy: c.followUp.closedBy,
          note: c.followUp.note,
          noteDamaged: c.followUp.noteDamaged,
        }
      : null,
    // That a photo came with the answer, and when; never its bytes (decision 0036).
    photo: c.photo
      ? { id: c.photo.id, sentAt: iso(c.photo.sentAt), mediaType: c.photo.mediaType, width: c.photo.width, height: c.photo.height }
      : null,
  };
}

/** One session chart in the JSON export: what was done, area by area, with its addenda; nulls and `damaged` when it failed its check. */
function chartJson(ch: RecordChart, iso: (ms: number | null) => string | null) {
  const c = ch.chart;
  const numbingLot = c ? numbingLotOf(c) : null;
  return {
    id: ch.id,
    appointmentId: ch.appointmentId,
    planId: ch.planId,
    planVersion: ch.planVersion,
    author: ch.author,
    signedAt: iso(ch.signedAt),
    signedBy: ch.signedBy,
    contentSha256: ch.contentSha256,
    damaged: c === null,
    device: c ? { model: c.device.model, serial: c.device.serial } : null,
    lots: c ? c.lots.map((l) => ({ kind: l.kind, name: l.name, lot: l.lot, expiresOn: l.expiresOn, needleCount: l.needleCount })) : null,
    numbing:
      c && c.numbing
        ? {
            product: numbingLot?.name ?? null,
            lot: numbingLot?.lot ?? null,
            strength: c.numbing.strength,
            zones: c.numbing.zones.map((z) => ({ zone: z, label: zoneLabel(z) })),
            appliedAt: iso(c.numbingAppliedAtMs),
            removedAt: iso(c.numbingRemovedAtMs),
          }
        : null,
    areas: c
      ? c.areas.map((a) => ({
          zone: a.zone,
          label: zoneLabel(a.zone),
          depthMm: a.depthMm,
          plannedMaxMm: plannedOf(c, a.zone)?.plannedMaxMm ?? null,
          zoneMaximumMm: plannedOf(c, a.zone)?.zoneMaximumMm ?? null,
          passes: a.passes,
          technique: a.technique,
          techniqueLabel: TECHNIQUE_LABELS[a.technique],
          endpoint: a.endpoint,
          endpointLabel: ENDPOINT_LABELS[a.endpoint],
          depthReason: a.depthReason?.trim() || null,
        }))
      : null,
    reactions: c ? c.reactions.map((r) => ({ kind: r.kind, label: REACTION_LABELS[r.kind], action: r.action })) : null,
    nextTime: c ? c.nextTime.trim() || null : null,
    addenda: ch.addenda.map((a) => ({ id: a.id, author: a.author, at: iso(a.createdAt), text: a.body, damaged: a.body === null })),
  };
}

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
    sessionCharts: record.charts.map((ch) => chartJson(ch, iso)),
    checkins: record.checkins.map((c) => checkinJson(c, iso)),
    consents: record.consents.map((c) => ({
      id: c.id,
      form: c.kind,
      title: c.title,
      version: c.version,
      contentSha256: c.contentSha256,
      language: c.locale,
      signedName: c.signedName,
      signedAt: iso(c.signedAt),
      where: c.channel,
      photoScopes: c.kind === "photos" ? c.scopes : null,
      withdrawnAt: iso(c.withdrawnAt),
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

/** What a Consent permits: the photographs' uses, and until when when it was withdrawn; nothing more for a procedure consent in force. */
function consentProvision(c: ClientRecord["consents"][number]) {
  const purpose = c.kind === "photos" ? { purpose: c.scopes.map((s) => ({ display: `Photographs: ${s}` })) } : {};
  const period =
    c.withdrawnAt !== null ? { period: { start: new Date(c.signedAt).toISOString(), end: new Date(c.withdrawnAt).toISOString() } } : {};
  return c.kind === "photos" || c.withdrawnAt !== null ? { provision: { type: "permit", ...purpose, ...period } } : {};
}

/** A stable UUID for a resource derived from another (the same record exports the same ids). */
function derivedId(...parts: (string | number)[]): string {
  const h = createHash("sha256").update(parts.join("/")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const riskId = (screeningId: string) => derivedId("risk", screeningId);
const signatureId = (planId: string, version: number) => derivedId("signature", planId, version);
const encounterId = (appointmentId: string) => derivedId("encounter", appointmentId);
const deviceId = (id: string) => derivedId("device", id);
const followUpNoteId = (followUpId: string) => derivedId("follow-up-note", followUpId);

type FhirEntry = { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } };
type Annotation = { text: string; authorString?: string; time?: string };

const DAMAGED_CHART = "The content of this chart could not be read: it failed its integrity check, so it is not shown.";
const DAMAGED_ADDENDUM = "Addendum: its text could not be read (it failed its integrity check), so it is not shown.";

/** A session chart's details as Annotation texts: each area, the numbing, reactions, next time, the signature and the addenda. */
function chartNotes(ch: RecordChart): Annotation[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const notes: Annotation[] = [];
  const c = ch.chart;
  if (!c) notes.push({ text: DAMAGED_CHART });
  else {
    for (const a of c.areas) {
      const planned = plannedOf(c, a.zone);
      const limits = [
        ...(planned && planned.plannedMaxMm !== null ? [`plan's deepest ${formatMm(planned.plannedMaxMm)} mm`] : []),
        ...(planned ? [`zone maximum ${formatMm(planned.zoneMaximumMm)} mm`] : []),
      ];
      const reason = a.depthReason?.trim();
      notes.push({
        text:
          `${zoneLabel(a.zone)}: ${formatMm(a.depthMm)} mm${limits.length ? ` (${limits.join(", ")})` : ""}, ` +
          `${a.passes} ${a.passes === 1 ? "pass" : "passes"}, technique: ${TECHNIQUE_LABELS[a.technique]}, endpoint: ${ENDPOINT_LABELS[a.endpoint]}.` +
          (reason ? ` Deeper than planned because: ${reason}` : ""),
      });
    }
    if (c.numbing) {
      const lot = numbingLotOf(c);
      const times = [
        ...(c.numbingAppliedAtMs !== null ? [`applied ${iso(c.numbingAppliedAtMs)}`] : []),
        ...(c.numbingRemovedAtMs !== null ? [`removed ${iso(c.numbingRemovedAtMs)}`] : []),
      ];
      notes.push({
        text:
          `Numbing: ${lot ? `${lot.name}, lot ${lot.lot}, ` : ""}${c.numbing.strength}, on ${c.numbing.zones.map(zoneLabel).join(", ")}` +
          `${times.length ? `; ${times.join(", ")}` : ""}.`,
      });
    }
    for (const r of c.reactions) notes.push({ text: `Reaction: ${REACTION_LABELS[r.kind]}. What was seen and done: ${r.action}` });
    if (c.nextTime.trim()) notes.push({ text: `Next time: ${c.nextTime.trim()}` });
  }
  const plan = ch.planId !== null && ch.planVersion !== null ? ` Treatment plan version ${ch.planVersion}.` : "";
  notes.push({
    text: `Charted by ${ch.author}; signed by ${ch.signedBy ?? ch.author}.${plan} Chart content SHA-256 ${ch.contentSha256}.`,
    authorString: ch.signedBy ?? ch.author,
    ...(ch.signedAt !== null ? { time: iso(ch.signedAt) } : {}),
  });
  for (const a of ch.addenda) {
    notes.push({ text: a.body === null ? DAMAGED_ADDENDUM : `Addendum: ${a.body}`, authorString: a.author, time: iso(a.createdAt) });
  }
  return notes;
}

/** The appointments that get an Encounter in the Bundle: those with a signed chart. */
function encounterAppointments(record: ClientRecord): ClientAppointment[] {
  const appointments = new Map(record.appointments.map((a) => [a.id, a]));
  return [...new Set(record.charts.map((ch) => ch.appointmentId))].flatMap((id) => {
    const a = appointments.get(id);
    return a ? [a] : [];
  });
}

/**
 * The signed session charts: an Encounter per charted appointment (the
 * visit, pointing at its Appointment), a Device per device used, and a
 * Procedure per chart — based on the CarePlan when the plan is in the
 * Bundle, in the Encounter, with a body site per area, the device as its
 * focal device, the lots as the items used, reactions as complications, and
 * the area details, numbing, next time, signature and addenda as notes.
 */
function chartEntries(record: ClientRecord, patientRef: string, carePlanIds: ReadonlySet<string>): FhirEntry[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const appointments = new Map(record.appointments.map((a) => [a.id, a]));
  const encounters = encounterAppointments(record);
  const devices = new Map<string, StoredChart["device"]>();
  for (const ch of record.charts) if (ch.chart && !devices.has(ch.chart.device.id)) devices.set(ch.chart.device.id, ch.chart.device);
  return [
    ...encounters.map((a) => ({
      fullUrl: `urn:uuid:${encounterId(a.id)}`,
      resource: {
        resourceType: "Encounter",
        id: encounterId(a.id),
        status: "finished",
        class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB", display: "ambulatory" },
        serviceType: { text: a.serviceName },
        subject: { reference: patientRef },
        participant: [{ individual: { display: a.practitionerName } }],
        appointment: [{ reference: `urn:uuid:${a.id}` }],
        period: { start: iso(a.startMs), end: iso(a.endMs) },
      },
    })),
    ...[...devices.values()].map((d) => ({
      fullUrl: `urn:uuid:${deviceId(d.id)}`,
      resource: {
        resourceType: "Device",
        id: deviceId(d.id),
        serialNumber: d.serial,
        deviceName: [{ name: d.model, type: "model-name" }],
        type: { text: "Microneedling device" },
      },
    })),
    ...record.charts.map((ch) => {
      const c = ch.chart;
      const a = appointments.get(ch.appointmentId);
      const performer = a?.practitionerName ?? ch.signedBy ?? ch.author;
      return {
        fullUrl: `urn:uuid:${ch.id}`,
        resource: {
          resourceType: "Procedure",
          id: ch.id,
          status: "completed",
          code: { text: "Microneedling (collagen induction therapy)" },
          subject: { reference: patientRef },
          ...(ch.planId !== null && carePlanIds.has(ch.planId)
            ? {
                basedOn: [
                  {
                    reference: `urn:uuid:${ch.planId}`,
                    display: ch.planVersion !== null ? `Treatment plan, version ${ch.planVersion}` : "Treatment plan",
                  },
                ],
              }
            : {}),
          ...(a ? { encounter: { reference: `urn:uuid:${encounterId(a.id)}` } } : {}),
          ...(a
            ? { performedPeriod: { start: iso(a.startMs), end: iso(a.endMs) } }
            : { performedDateTime: iso(ch.signedAt ?? ch.createdAt) }),
          recorder: { display: ch.author },
          performer: [{ actor: { display: performer } }],
          ...(c ? { bodySite: c.areas.map((x) => ({ text: zoneLabel(x.zone) })) } : {}),
          ...(c && c.reactions.length ? { complication: c.reactions.map((r) => ({ text: REACTION_LABELS[r.kind] })) } : {}),
          note: chartNotes(ch),
          ...(c
            ? {
                focalDevice: [
                  {
                    action: { text: "Used" },
                    manipulated: {
                      reference: `urn:uuid:${deviceId(c.device.id)}`,
                      display: `${c.device.model}, serial ${c.device.serial}`,
                    },
                  },
                ],
              }
            : {}),
          ...(c && c.lots.length
            ? {
                usedCode: c.lots.map((l) => ({
                  text: `${l.name}, lot ${l.lot} (expires ${l.expiresOn}${l.needleCount !== null ? `, ${l.needleCount} needles` : ""})`,
                })),
              }
            : {}),
        },
      };
    }),
  ];
}

const DERMAPLAN_FHIR = "https://dermaplan.app";
const LEVEL_DISPLAY: Record<string, string> = { none: "None", mild: "Mild", strong: "Strong" };
const CRUSTING_DISPLAY: Record<string, string> = {
  none: "None",
  pinpoint: "Pinpoint (where the needles went)",
  larger: "Larger than pinpoint",
};
const OUTCOME_DISPLAY: Record<RecordCheckin["outcome"], string> = {
  expected: "Within the expected course",
  "follow-up": "Outside the expected course: a follow-up by the clinic",
};
const DAMAGED_CHECKIN = "The answers to this check-in could not be read: they failed their integrity check, so they are not shown.";
const DAMAGED_FOLLOW_UP_NOTE = "The clinic's note could not be read (it failed its integrity check), so it is not shown.";
const CHECKIN_PHOTO_TITLE = "Photo sent with this check-in: kept in the clinic's record, the image itself is not in this export";

/** The photo sent with a check-in as an item: an Attachment that names it (id, type, size, when) without its data. */
function checkinPhotoItem(photo: NonNullable<RecordCheckin["photo"]>) {
  return {
    linkId: "photo",
    text: "Photo",
    answer: [
      {
        valueAttachment: {
          id: photo.id,
          contentType: photo.mediaType,
          title: `${CHECKIN_PHOTO_TITLE} (${photo.width} × ${photo.height} px)`,
          creation: new Date(photo.sentAt).toISOString(),
        },
      },
    ],
  };
}

/** One answer of a check-in as a QuestionnaireResponse answer: a yes/no as valueBoolean, a level as valueCoding, the note as valueString. */
function checkinAnswer(answers: NonNullable<RecordCheckin["answers"]>, question: RecordCheckin["lines"][number]["question"]) {
  const value = answers[question];
  if (typeof value === "boolean") return [{ valueBoolean: value }];
  if (question === "note") return value === "" ? [] : [{ valueString: value }];
  if (question === "crusting")
    return [
      { valueCoding: { system: `${DERMAPLAN_FHIR}/CodeSystem/checkin-crusting`, code: value, display: CRUSTING_DISPLAY[value] ?? value } },
    ];
  return [{ valueCoding: { system: `${DERMAPLAN_FHIR}/CodeSystem/checkin-level`, code: value, display: LEVEL_DISPLAY[value] ?? value } }];
}

/**
 * The check-ins after a session: a QuestionnaireResponse per check-in, the
 * client's own answers (an item per question; the check-in day and the
 * outcome of the clinic's rules as extensions), in the session's Encounter
 * when the Bundle has one; and per closed follow-up a Communication about it
 * carrying the clinic's closing note.
 */
function checkinEntries(record: ClientRecord, patientRef: string): FhirEntry[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const encounters = new Set(encounterAppointments(record).map((a) => a.id));
  const encounterOf = (appointmentId: string) =>
    encounters.has(appointmentId) ? { encounter: { reference: `urn:uuid:${encounterId(appointmentId)}` } } : {};
  return record.checkins.flatMap((c): FhirEntry[] => {
    const answers = c.answers;
    const response: FhirEntry = {
      fullUrl: `urn:uuid:${c.id}`,
      resource: {
        resourceType: "QuestionnaireResponse",
        id: c.id,
        extension: [
          { url: `${DERMAPLAN_FHIR}/StructureDefinition/checkin-day`, valueInteger: c.day },
          {
            url: `${DERMAPLAN_FHIR}/StructureDefinition/checkin-outcome`,
            valueCoding: { system: `${DERMAPLAN_FHIR}/CodeSystem/checkin-outcome`, code: c.outcome, display: OUTCOME_DISPLAY[c.outcome] },
          },
        ],
        status: "completed",
        subject: { reference: patientRef },
        ...encounterOf(c.appointmentId),
        authored: iso(c.answeredAt),
        author: { reference: patientRef },
        item: [
          ...(answers
            ? c.lines.map((l) => {
                const answer = checkinAnswer(answers, l.question);
                return { linkId: l.question, text: l.label, ...(answer.length ? { answer } : {}) };
              })
            : [{ linkId: "integrity", text: DAMAGED_CHECKIN }]),
          ...(c.photo ? [checkinPhotoItem(c.photo)] : []),
        ],
      },
    };
    const f = c.followUp;
    if (!f || f.status !== "closed" || f.closedAt === null) return [response];
    const note: FhirEntry = {
      fullUrl: `urn:uuid:${followUpNoteId(f.id)}`,
      resource: {
        resourceType: "Communication",
        id: followUpNoteId(f.id),
        status: "completed",
        category: [{ text: `Follow-up of the day-${c.day} check-in after a session` }],
        subject: { reference: patientRef },
        about: [{ reference: `urn:uuid:${c.id}` }],
        ...encounterOf(c.appointmentId),
        sent: iso(f.closedAt),
        ...(f.closedBy ? { sender: { display: f.closedBy } } : {}),
        payload: [{ contentString: f.note ?? DAMAGED_FOLLOW_UP_NOTE }],
      },
    };
    return [response, note];
  });
}

/**
 * The record as a FHIR R4 Bundle of type "collection": a Patient, an
 * Appointment per appointment, an Observation (with the text as valueString)
 * per health note, a Task per correction request, a QuestionnaireResponse
 * per intake, a RiskAssessment per screening result (based on its answers),
 * a CarePlan per plan, a Provenance per plan signature (the typed name,
 * when, and the hash of the version signed), a Consent per consent form
 * signed, per signed session chart a Procedure in an Encounter of its
 * appointment with the Device used (chartEntries), and per check-in a
 * QuestionnaireResponse with a Communication for a closed follow-up's note
 * (checkinEntries). Entries reference each other by urn:uuid full URLs, and
 * every reference resolves to an entry.
 */
export function toFhirBundle(record: ClientRecord, clinicName: string) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const patientRef = `urn:uuid:${record.contact.id}`;
  // The plans that become a CarePlan entry below: a chart is based on its plan only when it is in the Bundle.
  const carePlanIds = new Set(record.plans.filter((p) => (p.accepted ?? p.versions[0])?.draft).map((p) => p.id));
  const c = record.contact;
  const telecom = [{ system: "email", value: c.email, use: "home" }, ...(c.phone ? [{ system: "phone", value: c.phone }] : [])];
  const entries: FhirEntry[] = [
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
                // The client gave these answers; the stored "Patient/…" is a reference outside this Bundle.
                ...("author" in s.answers.response ? { author: { reference: patientRef } } : {}),
                authored: iso(s.createdAt),
              },
            },
          ]
        : [],
    ),
    // Each screening's result as a RiskAssessment, based on the answers it read when they are in the Bundle.
    ...record.screenings.flatMap((s) =>
      s.result
        ? [
            {
              fullUrl: `urn:uuid:${riskId(s.id)}`,
              resource: {
                resourceType: "RiskAssessment",
                id: riskId(s.id),
                status: "final",
                subject: { reference: patientRef },
                occurrenceDateTime: iso(s.createdAt),
                method: { text: `Dermaplan screening rules ${s.rulesVersion} (${s.source})` },
                ...(s.answers?.response?.resourceType === "QuestionnaireResponse" ? { basis: [{ reference: `urn:uuid:${s.id}` }] } : {}),
                prediction: [
                  {
                    outcome: { text: OUTCOME_WORDS[s.result.outcome] },
                    ...(s.result.earliestDate ? { whenPeriod: { start: s.result.earliestDate } } : {}),
                    ...(s.result.reasons.length ? { rationale: s.result.reasons.map((r) => r.clientMessage).join(" ") } : {}),
                  },
                ],
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
    // Each consent the client signed as a Consent (treatment or photographs), active until withdrawn.
    ...record.consents.map((c) => ({
      fullUrl: `urn:uuid:${c.id}`,
      resource: {
        resourceType: "Consent",
        id: c.id,
        status: c.withdrawnAt === null ? "active" : "inactive",
        scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "treatment", display: "Treatment" }] },
        category: [{ text: c.kind === "photos" ? "Consent to photographs" : "Consent to a procedure" }],
        patient: { reference: patientRef },
        dateTime: iso(c.signedAt),
        policyRule: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "OPTIN", display: "opt-in" }] },
        sourceAttachment: { title: `${c.title}, version ${c.version}, SHA-256 ${c.contentSha256}`, language: c.locale },
        ...consentProvision(c),
      },
    })),
    // Each signature of a plan version as a Provenance of the CarePlan: who signed, the name they typed, when, and what.
    ...record.plans.flatMap((p) =>
      p.versions.flatMap((v) =>
        v.acceptance && (p.accepted ?? p.versions[0])?.draft
          ? [
              {
                fullUrl: `urn:uuid:${signatureId(p.id, v.version)}`,
                resource: {
                  resourceType: "Provenance",
                  id: signatureId(p.id, v.version),
                  target: [{ reference: `urn:uuid:${p.id}` }],
                  recorded: iso(v.acceptance.signedAt),
                  activity: { text: `Signed version ${v.version} of the treatment plan` },
                  agent: [{ who: { reference: patientRef, display: v.acceptance.signedName } }],
                  entity: [{ role: "source", what: { display: `Plan version ${v.version}, SHA-256 ${v.acceptance.contentSha256}` } }],
                  signature: [
                    {
                      // ASTM E1762 "consent signature"
                      type: [{ system: "urn:iso-astm:E1762-95:2013", code: "1.2.840.10065.1.12.1.7", display: "Consent Signature" }],
                      when: iso(v.acceptance.signedAt),
                      who: { reference: patientRef, display: v.acceptance.signedName },
                    },
                  ],
                },
              },
            ]
          : [],
      ),
    ),
    ...chartEntries(record, patientRef, carePlanIds),
    ...checkinEntries(record, patientRef),
  ];
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: iso(record.generatedAt),
    meta: { tag: [{ display: `Exported from ${clinicName} by Dermaplan` }] },
    entry: entries,
  };
}
