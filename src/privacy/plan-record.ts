// Treatment plans and skin photos as health information. A plan's content
// (assessment, zones, depths, products, notes) is encrypted at rest; every
// read or write by a person goes through the access rules of health-record.ts
// and is audited in the same transaction. The client reads and signs their
// own plans in the portal (actor "client"). See docs/plans.md.
import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { can } from "../auth/permissions.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { composePlanReadyMessage } from "../clients/portal-messages.ts";
import { appointments, authUsers, clients, locations, organizations, practitioners, services } from "../db/schema.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import { planDepthLimits, planProducts } from "../plans/tables.ts";
import type {
  ApprovedProduct,
  ClinicDepthLimits,
  FitzpatrickType,
  NeedlingGlide,
  NumbingProduct,
  PlanDraft,
  PlanViolation,
  ZoneId,
} from "../plans/types.ts";
import { SIGNED_NAME_MAX, SIGNED_NAME_MIN } from "../plans/limits.ts";
import { clientCopyOf } from "../plans/client-copy.ts";
import { depthReasonRuleIds, validatePlan } from "../plans/validate.ts";
import { numbingAreaCm2 } from "../plans/numbing.ts";
import { numbingAndGlideContext } from "../plans/settings.ts";
import {
  HEALTH_ACTIONS,
  HEALTH_RECORD,
  HealthRecordNotFoundError,
  staffActor,
  withAccess,
  type ClientActor,
  type HealthStaff,
} from "./health-record.ts";
import { skinPhotos, treatmentPlanAcceptances, treatmentPlans, treatmentPlanVersions, type PlanVersionStatus } from "./health-tables.ts";
import { HealthInputError } from "./input-error.ts";
import { DecryptionError, MissingKeyError, type KeyRing } from "./keyring.ts";
import { latestScreeningFacts } from "./screening-record.ts";
import { isUuid } from "../scheduling/clinic.ts";

const contentContext = (r: { organizationId: string; planId: string; version: number }) =>
  `treatment_plan_versions.content_encrypted/${r.organizationId}/${r.planId}/${r.version}`;
const photoContext = (r: { organizationId: string; clientId: string; id: string }, part: "bytes" | "caption") =>
  `skin_photos.${part}_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;

/** The hash of a stored version's content as the editor would produce it (without the words fixed at the offer). */
function editableSha(
  keyRing: KeyRing,
  row: { contentEncrypted: string; organizationId: string; planId: string; version: number },
): string | null {
  try {
    const { clientCopy: _copy, ...rest } = JSON.parse(keyRing.decrypt(row.contentEncrypted, contentContext(row))) as PlanDraft;
    return contentSha256(rest);
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** A plan refused by a limit: each violation names its rule and its field. Nothing was written. */
export class PlanRefusedError extends HealthInputError {
  readonly violations: PlanViolation[];
  constructor(violations: PlanViolation[]) {
    super(Object.fromEntries(violations.map((v) => [v.field, v.message])));
    this.name = "PlanRefusedError";
    this.violations = violations;
  }
}

/** The plan changed since the person opened it: they must look again before acting on it. */
export class PlanChangedError extends HealthInputError {
  constructor(message = "This plan changed since you opened it. Please read it again before going on.") {
    super({ plan: message });
    this.name = "PlanChangedError";
  }
}

/**
 * Canonical JSON (keys sorted at every level), so the SHA-256 a client signs
 * is a property of the content, not of how an object happened to be built.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function contentSha256(draft: PlanDraft): string {
  return createHash("sha256").update(canonicalJson(draft)).digest("hex");
}

// ---------------------------------------------------------------------------
// The clinic's plan settings, as the validator needs them (no health information)

export async function clinicPlanSettings(
  db: DbOrTx,
  organizationId: string,
): Promise<{
  products: ApprovedProduct[];
  clinicMaxima: ClinicDepthLimits;
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  numbingMaxAreaCm2: number;
}> {
  const products = await db
    .select({ id: planProducts.id, name: planProducts.name, reason: planProducts.reason, active: planProducts.active })
    .from(planProducts)
    .where(eq(planProducts.organizationId, organizationId))
    .orderBy(asc(planProducts.name));
  const limits = await db.select().from(planDepthLimits).where(eq(planDepthLimits.organizationId, organizationId));
  const clinicMaxima: ClinicDepthLimits = {};
  for (const l of limits) clinicMaxima[l.zoneId as ZoneId] = l.maxHundredths / 100;
  return { products, clinicMaxima, ...(await numbingAndGlideContext(db, organizationId)) };
}

/** What the plan editor needs besides the plan: the screening's facts and the clinic's lists. */
export interface PlanContext {
  products: ApprovedProduct[];
  clinicMaxima: ClinicDepthLimits;
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  numbingMaxAreaCm2: number;
  anaestheticAllergy: boolean;
  fitzpatrickFromIntake: FitzpatrickType | null;
  /** Rule ids of the latest screening's reasons: precautions adjust the depth suggestions. */
  screeningRuleIds: string[];
  screeningOutcome: string | null;
  services: { id: string; name: string; durationMinutes: number; priceCents: number | null; currency: string }[];
  practitioners: { id: string; name: string }[];
}

async function loadContext(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<PlanContext> {
  const facts = await latestScreeningFacts(tx, { keyRing, organizationId, clientId });
  const { products, clinicMaxima, numbingProducts, glides, numbingMaxAreaCm2 } = await clinicPlanSettings(tx, organizationId);
  const treatmentServices = await tx
    .select({
      id: services.id,
      name: services.name,
      durationMinutes: services.durationMinutes,
      priceCents: services.priceCents,
      currency: services.currency,
    })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.kind, "treatment"), eq(services.active, true)))
    .orderBy(asc(services.sortOrder), asc(services.name));
  const staffPractitioners = await tx
    .select({ id: practitioners.id, name: practitioners.name })
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.active, true)))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  const fitz = facts?.fitzpatrickType ?? null;
  return {
    products,
    clinicMaxima,
    numbingProducts,
    glides,
    numbingMaxAreaCm2,
    anaestheticAllergy: facts?.ruleIds.includes("anaesthetic-allergy") ?? false,
    fitzpatrickFromIntake: fitz !== null && fitz >= 1 && fitz <= 6 ? (fitz as FitzpatrickType) : null,
    screeningRuleIds: facts?.ruleIds ?? [],
    screeningOutcome: facts?.outcome ?? null,
    services: treatmentServices,
    practitioners: staffPractitioners,
  };
}

/** The draft as stored: checked, with the chosen products as the clinic's list names them now. */
function checked(draft: PlanDraft, ctx: PlanContext): PlanDraft {
  check(draft, ctx);
  // What the server fills in is never taken from the caller.
  const { products: _products, clientCopy: _copy, numbingDetail: _detail, glide: _glide, ...rest } = draft;
  const numbingProduct = draft.numbingCream ? ctx.numbingProducts.find((p) => p.id === draft.numbing?.productId) : undefined;
  const glide = ctx.glides.find((g) => g.id === draft.glideId)!;
  return {
    ...rest,
    // Numbing detail only with numbing cream; the product, agent and area as they stand now.
    numbing: draft.numbingCream && draft.numbing ? { ...draft.numbing, overMaximumReason: draft.numbing.overMaximumReason.trim() } : null,
    numbingDetail: numbingProduct
      ? {
          product: { id: numbingProduct.id, name: numbingProduct.name, agent: numbingProduct.agent },
          areaCm2: numbingAreaCm2(draft.numbing!.zones),
          maxAreaCm2: ctx.numbingMaxAreaCm2,
        }
      : null,
    glideId: glide.id,
    glide: { id: glide.id, name: glide.name, sterile: glide.sterile, singleUse: glide.singleUse },
    assessment: { ...rest.assessment, fitzpatrickFromIntake: ctx.fitzpatrickFromIntake },
    products: draft.productIds.map((id) => {
      const p = ctx.products.find((x) => x.id === id)!;
      return { id: p.id, name: p.name, reason: p.reason };
    }),
  };
}

function check(draft: PlanDraft, ctx: PlanContext): void {
  const violations = validatePlan(draft, {
    clinicMaxima: ctx.clinicMaxima,
    products: ctx.products,
    anaestheticAllergy: ctx.anaestheticAllergy,
    serviceIds: ctx.services.map((s) => s.id),
    numbingProducts: ctx.numbingProducts,
    numbingMaxAreaCm2: ctx.numbingMaxAreaCm2,
    glides: ctx.glides,
  });
  if (draft.practitionerId !== null && !ctx.practitioners.some((p) => p.id === draft.practitionerId)) {
    violations.push({ rule: "plan.practitioner", field: "practitionerId", message: "Choose a practitioner of this clinic." });
  }
  if (violations.length > 0) throw new PlanRefusedError(violations);
}

// ---------------------------------------------------------------------------
// Reading plans

export interface PlanVersionView {
  planId: string;
  version: number;
  status: PlanVersionStatus;
  /** null when the stored content failed its integrity check. */
  draft: PlanDraft | null;
  damaged: boolean;
  contentSha256: string;
  createdAt: number;
  updatedAt: number;
  proposedAt: number | null;
  createdBy: string;
  acceptance: { signedName: string; signedAt: number; ip: string | null; contentSha256: string } | null;
}

export interface PlanSession {
  appointmentId: string;
  session: number;
  start: number;
  end: number;
  status: string;
  practitionerName: string;
}

export interface PlanView {
  id: string;
  clientId: string;
  clientName: string;
  createdAt: number;
  /** Newest first. */
  versions: PlanVersionView[];
  /** The version being edited or waiting for the client, if any. */
  open: PlanVersionView | null;
  /** The version in force (signed by the client), if any. */
  accepted: PlanVersionView | null;
  sessions: PlanSession[];
  /** Of the accepted version's package: sessions done, booked and still to book. */
  package: { total: number; completed: number; booked: number; left: number } | null;
}

export interface PlanSummary {
  id: string;
  createdAt: number;
  latestVersion: number;
  status: PlanVersionStatus;
  acceptedVersion: number | null;
  sessions: number;
}

async function readPlan(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  planId: string,
  only?: PlanVersionStatus[],
): Promise<PlanView> {
  const [plan] = await tx
    .select({ plan: treatmentPlans, clientName: clients.name })
    .from(treatmentPlans)
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(and(eq(treatmentPlans.id, planId), eq(treatmentPlans.organizationId, organizationId)))
    .limit(1);
  if (!plan) throw new HealthRecordNotFoundError();
  const rows = await tx
    .select({ v: treatmentPlanVersions, by: authUsers.name })
    .from(treatmentPlanVersions)
    .leftJoin(authUsers, eq(authUsers.id, treatmentPlanVersions.createdByUserId))
    .where(
      and(
        eq(treatmentPlanVersions.planId, planId),
        eq(treatmentPlanVersions.organizationId, organizationId),
        only ? inArray(treatmentPlanVersions.status, only) : undefined,
      ),
    )
    .orderBy(desc(treatmentPlanVersions.version));
  const acceptances = await tx
    .select()
    .from(treatmentPlanAcceptances)
    .where(and(eq(treatmentPlanAcceptances.planId, planId), eq(treatmentPlanAcceptances.organizationId, organizationId)));
  const versions: PlanVersionView[] = rows.map(({ v, by }) => {
    let draft: PlanDraft | null = null;
    let damaged = false;
    try {
      const text = keyRing.decrypt(v.contentEncrypted, contentContext(v));
      draft = JSON.parse(text) as PlanDraft;
      // The stored hash is what a client signs; content that no longer matches it is not shown as if it did.
      if (contentSha256(draft) !== v.contentSha256) {
        draft = null;
        damaged = true;
      }
    } catch (error) {
      if (!(error instanceof DecryptionError || error instanceof MissingKeyError || error instanceof SyntaxError)) throw error;
      damaged = true;
    }
    const a = acceptances.find((x) => x.version === v.version);
    return {
      planId,
      version: v.version,
      status: v.status,
      draft,
      damaged,
      contentSha256: v.contentSha256,
      createdAt: v.createdAt.getTime(),
      updatedAt: v.updatedAt.getTime(),
      proposedAt: v.proposedAt?.getTime() ?? null,
      createdBy: by ?? "A former staff member",
      acceptance: a ? { signedName: a.signedName, signedAt: a.signedAt.getTime(), ip: a.ip, contentSha256: a.contentSha256 } : null,
    };
  });
  const sessionRows = await tx
    .select({
      id: appointments.id,
      session: appointments.planSession,
      start: appointments.startsAt,
      end: appointments.endsAt,
      status: appointments.status,
      practitionerName: practitioners.name,
    })
    .from(appointments)
    .innerJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
    .where(and(eq(appointments.planId, planId), eq(appointments.organizationId, organizationId)))
    .orderBy(asc(appointments.planSession), asc(appointments.startsAt));
  const sessions = sessionRows.map((r) => ({
    appointmentId: r.id,
    session: r.session ?? 0,
    start: r.start.getTime(),
    end: r.end.getTime(),
    status: r.status,
    practitionerName: r.practitionerName,
  }));
  const accepted = versions.find((v) => v.status === "accepted") ?? null;
  const open = versions.find((v) => v.status === "draft" || v.status === "proposed") ?? null;
  let pkg: PlanView["package"] = null;
  if (accepted?.draft) {
    const completed = sessions.filter((s) => s.status === "completed").length;
    const booked = sessions.filter((s) => s.status === "booked").length;
    const total = accepted.draft.sessions;
    pkg = { total, completed, booked, left: Math.max(0, total - completed - booked) };
  }
  return {
    id: planId,
    clientId: plan.plan.clientId,
    clientName: plan.clientName,
    createdAt: plan.plan.createdAt.getTime(),
    versions,
    open,
    accepted,
    sessions,
    package: pkg,
  };
}

/**
 * Takes the plan's row lock for the rest of the transaction, so saving,
 * offering, signing and booking a series of one plan happen one at a time.
 */
export async function lockPlan(tx: DbOrTx, o: { organizationId: string; planId: string }): Promise<void> {
  if (!isUuid(o.planId)) throw new HealthRecordNotFoundError();
  const [row] = await tx
    .select({ id: treatmentPlans.id })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.id, o.planId), eq(treatmentPlans.organizationId, o.organizationId)))
    .for("update");
  if (!row) throw new HealthRecordNotFoundError();
}

async function planClientId(db: DbOrTx, organizationId: string, planId: string): Promise<string> {
  if (!isUuid(planId)) throw new HealthRecordNotFoundError();
  const [row] = await db
    .select({ clientId: treatmentPlans.clientId })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.id, planId), eq(treatmentPlans.organizationId, organizationId)))
    .limit(1);
  if (!row) throw new HealthRecordNotFoundError();
  return row.clientId;
}

const mayEdit = (staff: HealthStaff) => () => (can(staff.role, "health.edit") ? null : ("role" as const));

/** A client's plans for the staff chart: status and counts only. Audited as a view of the record. */
export async function listPlansForStaff(db: Db, o: { staff: HealthStaff; clientId: string; now?: number }): Promise<PlanSummary[]> {
  const now = o.now ?? Date.now();
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const rows = await tx
      .select({
        id: treatmentPlans.id,
        createdAt: treatmentPlans.createdAt,
        version: treatmentPlanVersions.version,
        status: treatmentPlanVersions.status,
        sessions: treatmentPlanVersions.sessions,
      })
      .from(treatmentPlans)
      .innerJoin(treatmentPlanVersions, eq(treatmentPlanVersions.planId, treatmentPlans.id))
      .where(and(eq(treatmentPlans.organizationId, o.staff.organizationId), eq(treatmentPlans.clientId, o.clientId)))
      .orderBy(desc(treatmentPlans.createdAt), desc(treatmentPlanVersions.version));
    const byPlan = new Map<string, PlanSummary>();
    for (const r of rows) {
      const s = byPlan.get(r.id);
      if (!s)
        byPlan.set(r.id, {
          id: r.id,
          createdAt: r.createdAt.getTime(),
          latestVersion: r.version,
          status: r.status,
          acceptedVersion: r.status === "accepted" ? r.version : null,
          sessions: r.sessions,
        });
      else if (r.status === "accepted") s.acceptedVersion = r.version;
    }
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: { part: "plans", role: o.staff.role, access: via },
    });
    return [...byPlan.values()];
  });
}

/** One plan with every version, its signature and its sessions, plus what the editor needs. Audited as a view. */
export async function viewPlanForStaff(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; planId: string; purpose?: "view" | "print"; now?: number },
): Promise<{ plan: PlanView; context: PlanContext }> {
  const now = o.now ?? Date.now();
  const clientId = await planClientId(db, o.staff.organizationId, o.planId);
  return withAccess(db, { staff: o.staff, clientId, now, attempted: o.purpose ?? "view" }, async (tx, _d, via) => {
    const plan = await readPlan(tx, o.keyRing, o.staff.organizationId, o.planId);
    const context = await loadContext(tx, o.keyRing, o.staff.organizationId, clientId);
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: o.purpose === "print" ? HEALTH_ACTIONS.print : HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: clientId,
      details: { part: "plan", planId: o.planId, role: o.staff.role, access: via },
    });
    return { plan, context };
  });
}

/** What the editor needs to start a new plan for a client. Audited as a view (it reads the screening). */
export async function newPlanContext(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; now?: number },
): Promise<PlanContext> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const context = await loadContext(tx, o.keyRing, o.staff.organizationId, o.clientId);
      await recordAuditEvent(tx, {
        organizationId: o.staff.organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS.view,
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: { part: "plan-context", role: o.staff.role, access: via },
      });
      return context;
    },
  );
}

// ---------------------------------------------------------------------------
// Writing plans (practitioners with access to the record)

function versionValues(draft: PlanDraft) {
  return {
    serviceId: draft.serviceId,
    practitionerId: draft.practitionerId,
    sessions: draft.sessions,
    intervalMinDays: draft.intervalMinDays,
    intervalMaxDays: draft.intervalMaxDays,
    pricePerSessionCents: draft.pricePerSessionCents,
    packagePriceCents: draft.packagePriceCents,
    currency: draft.currency,
  };
}

async function auditPlanChange(tx: Tx, staff: HealthStaff, clientId: string, details: Record<string, unknown>): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId: staff.organizationId,
    actor: staffActor(staff),
    action: HEALTH_ACTIONS.edit,
    entityType: HEALTH_RECORD,
    entityId: clientId,
    details: { ...details, role: staff.role },
  });
}

/** Starts a plan for a client as a draft (version 1). Refused with the rule that refused it. */
export async function createPlan(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; draft: PlanDraft; now?: number },
): Promise<{ planId: string; version: number }> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const organizationId = o.staff.organizationId;
      const ctx = await loadContext(tx, o.keyRing, organizationId, o.clientId);
      const draft = checked(o.draft, ctx);
      // Which zones go past their band with a stated reason: the rule ids only, the reasons stay in the encrypted plan.
      const depthReasons = depthReasonRuleIds(draft, ctx.clinicMaxima);
      const planId = randomUUID();
      await tx.insert(treatmentPlans).values({
        id: planId,
        organizationId,
        clientId: o.clientId,
        createdByUserId: o.staff.userId,
        createdAt: new Date(now),
      });
      await tx.insert(treatmentPlanVersions).values({
        planId,
        version: 1,
        organizationId,
        status: "draft",
        contentEncrypted: o.keyRing.encrypt(canonicalJson(draft), contentContext({ organizationId, planId, version: 1 })),
        contentSha256: contentSha256(draft),
        ...versionValues(draft),
        createdByUserId: o.staff.userId,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      });
      await auditPlanChange(tx, o.staff, o.clientId, { change: "plan-created", planId, version: 1, access: via, depthReasons });
      return { planId, version: 1 };
    },
  );
}

/**
 * Saves the practitioner's changes. A draft is changed in place; a proposal
 * the client has not signed goes back to draft (it leaves the portal until
 * proposed again); once a version is accepted, a change is a new version and
 * the accepted one stays in force until the client signs the new one.
 * `basedOn` is the version and hash the editor loaded: a plan changed by
 * someone else meanwhile is refused rather than overwritten.
 */
export async function savePlan(
  db: Db,
  o: {
    staff: HealthStaff;
    keyRing: KeyRing;
    planId: string;
    draft: PlanDraft;
    basedOn: { version: number; contentSha256: string };
    now?: number;
  },
): Promise<{ version: number; changed: boolean }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const clientId = await planClientId(db, organizationId, o.planId);
  return withAccess(db, { staff: o.staff, clientId, now, attempted: "edit", require: mayEdit(o.staff) }, async (tx, _d, via) => {
    await lockPlan(tx, { organizationId, planId: o.planId });
    const [latest] = await tx
      .select()
      .from(treatmentPlanVersions)
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.organizationId, organizationId)))
      .orderBy(desc(treatmentPlanVersions.version))
      .limit(1);
    if (!latest) throw new HealthRecordNotFoundError();
    if (latest.version !== o.basedOn.version || latest.contentSha256 !== o.basedOn.contentSha256) throw new PlanChangedError();
    const ctx = await loadContext(tx, o.keyRing, organizationId, clientId);
    const draft = checked(o.draft, ctx);
    const depthReasons = depthReasonRuleIds(draft, ctx.clinicMaxima);
    const sha = contentSha256(draft);
    // An offered or signed version also holds the client's words (clientCopy); the editor's content never does.
    if (sha === latest.contentSha256 || sha === editableSha(o.keyRing, latest)) return { version: latest.version, changed: false };
    if (latest.status === "draft" || latest.status === "proposed") {
      await tx
        .update(treatmentPlanVersions)
        .set({
          status: "draft",
          proposedAt: null,
          contentEncrypted: o.keyRing.encrypt(
            canonicalJson(draft),
            contentContext({ organizationId, planId: o.planId, version: latest.version }),
          ),
          contentSha256: sha,
          ...versionValues(draft),
          updatedAt: new Date(now),
        })
        .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, latest.version)));
      await auditPlanChange(tx, o.staff, clientId, {
        change: latest.status === "proposed" ? "plan-proposal-withdrawn-and-changed" : "plan-changed",
        planId: o.planId,
        version: latest.version,
        access: via,
        depthReasons,
      });
      return { version: latest.version, changed: true };
    }
    // Accepted (or superseded): the signed version stays as it was signed.
    const version = latest.version + 1;
    await tx.insert(treatmentPlanVersions).values({
      planId: o.planId,
      version,
      organizationId,
      status: "draft",
      contentEncrypted: o.keyRing.encrypt(canonicalJson(draft), contentContext({ organizationId, planId: o.planId, version })),
      contentSha256: sha,
      ...versionValues(draft),
      createdByUserId: o.staff.userId,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    await auditPlanChange(tx, o.staff, clientId, { change: "plan-new-version", planId: o.planId, version, access: via, depthReasons });
    return { version, changed: true };
  });
}

/** Offers the draft to the client in the portal. It is checked again against the limits as they are now. */
export async function proposePlan(
  db: Db,
  o: {
    staff: HealthStaff;
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
    if (!open.draft)
      throw new HealthInputError({ plan: "This version's content failed its integrity check; save it again before offering it." });
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
    const offered: PlanDraft = { ...open.draft, clientCopy: clientCopyOf(open.draft, practitionerName, now, locale) };
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

// ---------------------------------------------------------------------------
// The client's side (portal)

/** The client's plans that were offered to them or that they signed. Audited as the client's own view. */
export async function clientPlans(db: Db, o: { client: ClientActor; keyRing: KeyRing; now?: number }): Promise<PlanView[]> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const plans = (await plansForExport(tx, o.keyRing, organizationId, clientId)).reverse();
    if (plans.length > 0) {
      await recordAuditEvent(tx, {
        organizationId,
        actor: { type: "client", id: clientId },
        action: HEALTH_ACTIONS.view,
        entityType: HEALTH_RECORD,
        entityId: clientId,
        details: { part: "plans" },
      });
    }
    return plans;
  });
}

/**
 * Which of the client's plans wait for their signature or are in force — no
 * content, nothing decrypted, so not an access to the record (portal home).
 */
export async function clientPlanStatuses(
  db: DbOrTx,
  o: { client: ClientActor },
): Promise<{ planId: string; version: number; status: "proposed" | "accepted"; at: number }[]> {
  const rows = await db
    .select({
      planId: treatmentPlanVersions.planId,
      version: treatmentPlanVersions.version,
      status: treatmentPlanVersions.status,
      proposedAt: treatmentPlanVersions.proposedAt,
      updatedAt: treatmentPlanVersions.updatedAt,
    })
    .from(treatmentPlanVersions)
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanVersions.planId))
    .where(
      and(
        eq(treatmentPlans.organizationId, o.client.organizationId),
        eq(treatmentPlans.clientId, o.client.clientId),
        inArray(treatmentPlanVersions.status, ["proposed", "accepted"]),
      ),
    )
    .orderBy(desc(treatmentPlanVersions.updatedAt));
  return rows.map((r) => ({
    planId: r.planId,
    version: r.version,
    status: r.status as "proposed" | "accepted",
    at: (r.proposedAt ?? r.updatedAt).getTime(),
  }));
}

/** One of the client's own plans, for the portal page or its PDF. */
export async function clientPlan(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; planId: string; purpose?: "view" | "export" },
): Promise<PlanView> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const owner = await planClientId(tx, organizationId, o.planId).catch(() => null);
    if (owner !== clientId) throw new HealthRecordNotFoundError();
    const plan = await readPlan(tx, o.keyRing, organizationId, o.planId, ["proposed", "accepted", "superseded"]);
    if (plan.versions.length === 0) throw new HealthRecordNotFoundError();
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "client", id: clientId },
      action: o.purpose === "export" ? HEALTH_ACTIONS.export : HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: clientId,
      details: { part: "plan", planId: o.planId, ...(o.purpose === "export" ? { format: "pdf" } : {}) },
    });
    return plan;
  });
}

/**
 * The client signs one proposed version: their typed name, the consent box,
 * the time, their IP and the SHA-256 of exactly the content they were shown
 * (sent back from the page, so a plan changed in between is refused). The
 * version in force before it is superseded.
 */
export async function acceptPlan(
  db: Db,
  o: {
    client: ClientActor;
    keyRing: KeyRing;
    planId: string;
    version: number;
    contentSha256: string;
    signedName: string;
    consent: boolean;
    ip: string | null;
    now?: number;
  },
): Promise<void> {
  const now = o.now ?? Date.now();
  const signedName = o.signedName.replace(/\s+/g, " ").trim();
  const errors: Record<string, string> = {};
  if (signedName.length < SIGNED_NAME_MIN) errors.signedName = "Type your full name to sign.";
  else if (signedName.length > SIGNED_NAME_MAX) errors.signedName = `Use at most ${SIGNED_NAME_MAX} characters.`;
  if (!o.consent) errors.consent = "Tick the box to say you agree to this plan.";
  if (Object.keys(errors).length > 0) throw new HealthInputError(errors);
  const { organizationId, clientId } = o.client;
  await db.transaction(async (tx) => {
    const owner = await planClientId(tx, organizationId, o.planId).catch(() => null);
    if (owner !== clientId) throw new HealthRecordNotFoundError();
    if (!Number.isInteger(o.version) || o.version < 1 || o.version > 1000) throw new PlanChangedError();
    await lockPlan(tx, { organizationId, planId: o.planId });
    const [row] = await tx
      .select()
      .from(treatmentPlanVersions)
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, o.version)));
    if (!row || row.status !== "proposed" || row.contentSha256 !== o.contentSha256) throw new PlanChangedError();
    // The limits as they are now: a screening recorded since the plan was offered (an allergy, say) may rule part of it out.
    let content: PlanDraft;
    try {
      content = JSON.parse(o.keyRing.decrypt(row.contentEncrypted, contentContext(row))) as PlanDraft;
    } catch (error) {
      if (error instanceof DecryptionError || error instanceof MissingKeyError || error instanceof SyntaxError)
        throw new PlanChangedError();
      throw error;
    }
    const ctx = await loadContext(tx, o.keyRing, organizationId, clientId);
    const violations = validatePlan(content, {
      clinicMaxima: ctx.clinicMaxima,
      products: ctx.products,
      anaestheticAllergy: ctx.anaestheticAllergy,
      serviceIds: ctx.services.map((s) => s.id),
      numbingProducts: ctx.numbingProducts,
      numbingMaxAreaCm2: ctx.numbingMaxAreaCm2,
      glides: ctx.glides,
      // A version offered before plans recorded the numbing product and the glide is signed as it was offered.
      storedBeforeNumbingDetail: content.glideId === undefined,
    });
    if (violations.length > 0) {
      throw new HealthInputError({
        plan: "Something has changed since this plan was written, and your practitioner needs to look at it again before you sign. Please contact the clinic.",
      });
    }
    await tx
      .update(treatmentPlanVersions)
      .set({ status: "superseded", updatedAt: new Date(now) })
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.status, "accepted")));
    await tx
      .update(treatmentPlanVersions)
      .set({ status: "accepted", updatedAt: new Date(now) })
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, o.version)));
    await tx.insert(treatmentPlanAcceptances).values({
      planId: o.planId,
      version: o.version,
      organizationId,
      clientId,
      signedName,
      consent: true,
      signedAt: new Date(now),
      ip: o.ip ? o.ip.slice(0, 64) : null,
      contentSha256: row.contentSha256,
    });
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "client", id: clientId },
      action: "treatment-plan.accept",
      entityType: HEALTH_RECORD,
      entityId: clientId,
      details: { planId: o.planId, version: o.version, contentSha256: row.contentSha256 },
    });
  });
}

// ---------------------------------------------------------------------------
// Scheduling facts for the series (no health content is decrypted)

export interface PlanSeriesFacts {
  planId: string;
  clientId: string;
  version: number;
  serviceId: string;
  practitionerId: string | null;
  sessions: number;
  intervalMinDays: number;
  intervalMaxDays: number;
}

/**
 * The accepted version's scheduling columns, read without decrypting the
 * plan: what the series planner needs, and no more than the appointments it
 * books will show. Null when no version is accepted.
 */
export async function planSeriesFacts(db: DbOrTx, o: { organizationId: string; planId: string }): Promise<PlanSeriesFacts | null> {
  const clientId = await planClientId(db, o.organizationId, o.planId);
  const [row] = await db
    .select()
    .from(treatmentPlanVersions)
    .where(
      and(
        eq(treatmentPlanVersions.planId, o.planId),
        eq(treatmentPlanVersions.organizationId, o.organizationId),
        eq(treatmentPlanVersions.status, "accepted"),
      ),
    )
    .limit(1);
  if (!row) return null;
  return {
    planId: o.planId,
    clientId,
    version: row.version,
    serviceId: row.serviceId,
    practitionerId: row.practitionerId,
    sessions: row.sessions,
    intervalMinDays: row.intervalMinDays,
    intervalMaxDays: row.intervalMaxDays,
  };
}

/**
 * A client's signed plans as the desk sees them to book sessions: counts only,
 * from the scheduling columns and the appointments — nothing decrypted.
 */
export async function plansToBook(
  db: DbOrTx,
  o: { organizationId: string; clientId: string },
): Promise<{ planId: string; version: number; sessions: number; booked: number; completed: number }[]> {
  const rows = await db
    .select({ planId: treatmentPlanVersions.planId, version: treatmentPlanVersions.version, sessions: treatmentPlanVersions.sessions })
    .from(treatmentPlanVersions)
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanVersions.planId))
    .where(
      and(
        eq(treatmentPlans.organizationId, o.organizationId),
        eq(treatmentPlans.clientId, o.clientId),
        eq(treatmentPlanVersions.status, "accepted"),
      ),
    )
    .orderBy(desc(treatmentPlans.createdAt));
  const result = [];
  for (const r of rows) {
    const sessions = await db
      .select({ status: appointments.status })
      .from(appointments)
      .where(and(eq(appointments.planId, r.planId), inArray(appointments.status, ["booked", "completed"])));
    result.push({
      ...r,
      booked: sessions.filter((s) => s.status === "booked").length,
      completed: sessions.filter((s) => s.status === "completed").length,
    });
  }
  return result;
}

// ---------------------------------------------------------------------------
// Skin photos

export interface SkinPhotoSummary {
  id: string;
  planId: string | null;
  caption: string | null;
  width: number;
  height: number;
  createdAt: number;
}

/** Stores a photo already re-encoded without metadata (see src/plans/photos.ts). Audited as a change. */
export async function addSkinPhoto(
  db: Db,
  o: {
    staff: HealthStaff;
    keyRing: KeyRing;
    clientId: string;
    planId: string | null;
    jpeg: Uint8Array;
    width: number;
    height: number;
    caption: string;
    now?: number;
  },
): Promise<{ id: string }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  if (o.planId && (await planClientId(db, organizationId, o.planId)) !== o.clientId) throw new HealthRecordNotFoundError();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const id = randomUUID();
      const row = { organizationId, clientId: o.clientId, id };
      await tx.insert(skinPhotos).values({
        id,
        organizationId,
        clientId: o.clientId,
        planId: o.planId,
        mediaType: "image/jpeg",
        width: o.width,
        height: o.height,
        bytesEncrypted: o.keyRing.encrypt(Buffer.from(o.jpeg).toString("base64"), photoContext(row, "bytes")),
        captionEncrypted: o.keyRing.encrypt(o.caption.trim(), photoContext(row, "caption")),
        takenByUserId: o.staff.userId,
        createdAt: new Date(now),
      });
      await auditPlanChange(tx, o.staff, o.clientId, { change: "photo-added", photoId: id, planId: o.planId, access: via });
      return { id };
    },
  );
}

/** The photos of a plan (or of the client when planId is null): captions and sizes, no image bytes. */
export async function listSkinPhotos(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; planId?: string; now?: number },
): Promise<SkinPhotoSummary[]> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const rows = await tx
      .select({
        id: skinPhotos.id,
        planId: skinPhotos.planId,
        width: skinPhotos.width,
        height: skinPhotos.height,
        createdAt: skinPhotos.createdAt,
        captionEncrypted: skinPhotos.captionEncrypted,
      })
      .from(skinPhotos)
      .where(
        and(
          eq(skinPhotos.organizationId, organizationId),
          eq(skinPhotos.clientId, o.clientId),
          o.planId ? eq(skinPhotos.planId, o.planId) : undefined,
        ),
      )
      .orderBy(asc(skinPhotos.createdAt));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: { part: "photo-list", role: o.staff.role, access: via },
    });
    return rows.map((r) => {
      let caption: string | null = null;
      try {
        caption = o.keyRing.decrypt(r.captionEncrypted, photoContext({ organizationId, clientId: o.clientId, id: r.id }, "caption"));
      } catch (error) {
        if (!(error instanceof DecryptionError || error instanceof MissingKeyError)) throw error;
      }
      return { id: r.id, planId: r.planId, caption, width: r.width, height: r.height, createdAt: r.createdAt.getTime() };
    });
  });
}

/** One photo's bytes, for staff with access. Every view is audited. */
export async function viewSkinPhoto(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; photoId: string; now?: number },
): Promise<{ jpeg: Buffer; mediaType: "image/jpeg" }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  if (!isUuid(o.photoId)) throw new HealthRecordNotFoundError();
  const [meta] = await db
    .select({ clientId: skinPhotos.clientId })
    .from(skinPhotos)
    .where(and(eq(skinPhotos.id, o.photoId), eq(skinPhotos.organizationId, organizationId)))
    .limit(1);
  if (!meta) throw new HealthRecordNotFoundError();
  return withAccess(db, { staff: o.staff, clientId: meta.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const [row] = await tx.select().from(skinPhotos).where(eq(skinPhotos.id, o.photoId)).limit(1);
    if (!row) throw new HealthRecordNotFoundError();
    const jpeg = Buffer.from(o.keyRing.decrypt(row.bytesEncrypted, photoContext(row, "bytes")), "base64");
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: meta.clientId,
      details: { part: "photo", photoId: o.photoId, role: o.staff.role, access: via },
    });
    return { jpeg, mediaType: row.mediaType };
  });
}

// ---------------------------------------------------------------------------
// Export and key rotation

/** The client's plans for their record and its exports (JSON / FHIR), in the caller's audited transaction: every version offered to them. */
export async function plansForExport(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<PlanView[]> {
  const ids = await tx
    .select({ id: treatmentPlans.id })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.organizationId, organizationId), eq(treatmentPlans.clientId, clientId)))
    .orderBy(asc(treatmentPlans.createdAt));
  const plans: PlanView[] = [];
  for (const { id } of ids) {
    const plan = await readPlan(tx, keyRing, organizationId, id, ["proposed", "accepted", "superseded"]);
    if (plan.versions.length > 0) plans.push(plan);
  }
  return plans;
}

/** Re-encrypts every plan and photo value not under the active key (called by reencryptHealthData, in its transaction). */
export async function reencryptPlanData(
  tx: Tx,
  keyRing: KeyRing,
  decryptOrStop: (value: string, context: string, what: string) => string,
  bump: (organizationId: string) => void,
): Promise<number> {
  const active = keyRing.activeKeyId;
  const stale = (column: unknown) => sql`split_part(${column}, ':', 2) <> ${active}`;
  let n = 0;
  for (const r of await tx.select().from(treatmentPlanVersions).where(stale(treatmentPlanVersions.contentEncrypted)).for("update")) {
    const plain = decryptOrStop(r.contentEncrypted, contentContext(r), `treatment plan ${r.planId} version ${r.version}`);
    await tx
      .update(treatmentPlanVersions)
      .set({ contentEncrypted: keyRing.encrypt(plain, contentContext(r)) })
      .where(and(eq(treatmentPlanVersions.planId, r.planId), eq(treatmentPlanVersions.version, r.version)));
    bump(r.organizationId);
    n++;
  }
  for (const r of await tx
    .select()
    .from(skinPhotos)
    .where(sql`${stale(skinPhotos.bytesEncrypted)} OR ${stale(skinPhotos.captionEncrypted)}`)
    .for("update")) {
    const bytes = decryptOrStop(r.bytesEncrypted, photoContext(r, "bytes"), `skin photo ${r.id}`);
    const caption = decryptOrStop(r.captionEncrypted, photoContext(r, "caption"), `skin photo ${r.id}`);
    await tx
      .update(skinPhotos)
      .set({
        bytesEncrypted: keyRing.encrypt(bytes, photoContext(r, "bytes")),
        captionEncrypted: keyRing.encrypt(caption, photoContext(r, "caption")),
      })
      .where(eq(skinPhotos.id, r.id));
    bump(r.organizationId);
    n++;
  }
  return n;
}
