// Consent: the clinic's current forms, a client's signature of one, where a
// client stands, withdrawing a photo consent, and the gate a treatment passes
// before it starts (docs/consent.md).
import { createHash } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/open.ts";
import { clients, organizations } from "../db/schema.ts";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { DomainError, FieldError, NotFoundError } from "../kernel/errors.ts";
import { NAME_MISMATCH_MESSAGE, signatureNameMatches } from "../kernel/signature-name.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { DEFAULT_CONSENT_FORMS, type ConsentText } from "./default-forms.ts";
import { CONSENT_KINDS, consentForms, consentSignatures, PHOTO_SCOPES, type ConsentKind, type PhotoScope } from "./tables.ts";

export const SIGNED_NAME_MIN = 2;
export const SIGNED_NAME_MAX = 200;

export interface ConsentForm {
  id: string;
  kind: ConsentKind;
  version: number;
  title: string;
  body: string;
  /** SHA-256 of both languages' title and text: what a signature covers. */
  contentSha256: string;
  publishedAt: number;
}

/** The hash a signature covers: both languages, so a version means one text whichever was read. */
export function consentSha256(t: ConsentText): string {
  return createHash("sha256")
    .update(JSON.stringify([t.titleEn, t.bodyEn, t.titleFr, t.bodyFr]))
    .digest("hex");
}

/** Version 1 of each form for a new clinic (src/db/clinic-rows.ts, insertClinic). */
export async function insertDefaultConsentForms(
  db: DbOrTx,
  organizationId: string,
  kinds: readonly ConsentKind[] = CONSENT_KINDS,
): Promise<void> {
  if (kinds.length === 0) return;
  await db.insert(consentForms).values(
    kinds.map((kind) => ({
      organizationId,
      kind,
      version: 1,
      ...DEFAULT_CONSENT_FORMS[kind],
      contentSha256: consentSha256(DEFAULT_CONSENT_FORMS[kind]),
    })),
  );
}

/**
 * Gives every clinic that has no version of a form the default version 1 (a
 * clinic made before consent forms existed); run at every start, changes
 * nothing once each clinic has its forms. Returns how many forms it added.
 */
export async function ensureConsentForms(db: DbOrTx): Promise<number> {
  const orgs = await db.select({ id: organizations.id }).from(organizations);
  const have = await db.selectDistinct({ organizationId: consentForms.organizationId, kind: consentForms.kind }).from(consentForms);
  let added = 0;
  for (const { id } of orgs) {
    const missing = CONSENT_KINDS.filter((kind) => !have.some((h) => h.organizationId === id && h.kind === kind));
    await insertDefaultConsentForms(db, id, missing);
    added += missing.length;
  }
  return added;
}

/** The row of a form's latest published version (both languages); undefined when the clinic has none. */
export async function latestConsentFormRow(db: DbOrTx, organizationId: string, kind: ConsentKind) {
  const [row] = await db
    .select()
    .from(consentForms)
    .where(and(eq(consentForms.organizationId, organizationId), eq(consentForms.kind, kind)))
    .orderBy(desc(consentForms.version))
    .limit(1);
  return row;
}

/** The version of a form in force (the latest published), in one language; null when the clinic has none. */
export async function currentConsentForm(
  db: DbOrTx,
  organizationId: string,
  kind: ConsentKind,
  locale: "en" | "fr",
): Promise<ConsentForm | null> {
  const row = await latestConsentFormRow(db, organizationId, kind);
  if (!row) return null;
  return {
    id: row.id,
    kind,
    version: row.version,
    title: locale === "fr" ? row.titleFr : row.titleEn,
    body: locale === "fr" ? row.bodyFr : row.bodyEn,
    contentSha256: row.contentSha256,
    publishedAt: row.publishedAt.getTime(),
  };
}

export interface ConsentStanding {
  procedure: { signedVersion: number; signedAt: number; current: boolean } | null;
  /** The photo consent in force (not withdrawn), with its scopes. */
  photos: { signedVersion: number; signedAt: number; scopes: PhotoScope[]; current: boolean } | null;
}

/** Where a client stands: their signature of each form's latest version they signed, and whether that is the version in force. */
export async function consentStanding(db: DbOrTx, organizationId: string, clientId: string): Promise<ConsentStanding> {
  const latest = async (kind: ConsentKind) => {
    const [sig] = await db
      .select()
      .from(consentSignatures)
      .where(
        and(
          eq(consentSignatures.organizationId, organizationId),
          eq(consentSignatures.clientId, clientId),
          eq(consentSignatures.kind, kind),
          isNull(consentSignatures.revokedAt),
        ),
      )
      .orderBy(desc(consentSignatures.version), desc(consentSignatures.signedAt))
      .limit(1);
    const form = await currentConsentForm(db, organizationId, kind, "en");
    return sig ? { sig, current: form !== null && sig.version === form.version && sig.contentSha256 === form.contentSha256 } : null;
  };
  const [procedure, photos] = await Promise.all([latest("procedure"), latest("photos")]);
  return {
    procedure: procedure
      ? { signedVersion: procedure.sig.version, signedAt: procedure.sig.signedAt.getTime(), current: procedure.current }
      : null,
    photos: photos
      ? { signedVersion: photos.sig.version, signedAt: photos.sig.signedAt.getTime(), scopes: photos.sig.scopes, current: photos.current }
      : null,
  };
}

/** A consent signed or withdrawn: the client's own act, on their record in the audit log. */
function auditClientAct(
  tx: DbOrTx,
  client: { organizationId: string; clientId: string },
  action: "consent.sign" | "consent.withdraw",
  details: Record<string, unknown>,
) {
  return recordAuditEvent(tx, {
    organizationId: client.organizationId,
    actor: { type: "client", id: client.clientId },
    action,
    entityType: "client",
    entityId: client.clientId,
    details,
  });
}

/** The client's photo consent that is in force (not withdrawn): at most one row. */
const photoConsentInForce = (organizationId: string, clientId: string) =>
  and(
    eq(consentSignatures.organizationId, organizationId),
    eq(consentSignatures.clientId, clientId),
    eq(consentSignatures.kind, "photos"),
    isNull(consentSignatures.revokedAt),
  );

/** A form changed since the page was opened: the client reads the new version before signing. */
export class ConsentChangedError extends DomainError {
  constructor() {
    super("conflict", "This form changed since you opened it. Please read the new version before you sign.");
    this.name = "ConsentChangedError";
  }
}

/**
 * A client signs the version of a form in force, as they read it (the hash
 * of the version they were shown must still be the current one): their typed
 * name must be theirs (decision 0028), a photo consent names at least one
 * scope. At the desk, the staff member who handed the tablet over is kept.
 * Audited as the client's act.
 */
export async function signConsent(
  db: Db,
  o: {
    client: { organizationId: string; clientId: string };
    kind: ConsentKind;
    contentSha256: string;
    locale: "en" | "fr";
    signedName: string;
    agree: boolean;
    scopes?: readonly string[];
    ip: string | null;
    channel: "portal" | "desk";
    deskUserId?: string | null;
    now: number;
  },
): Promise<{ id: string; version: number }> {
  const signedName = o.signedName.replace(/\s+/g, " ").trim();
  const errors: Record<string, string> = {};
  // Checked on what was typed: a line break or a NUL byte is refused, not folded into a space.
  if (!isPlainLine(o.signedName)) errors.signedName = LINE_CONTROL_MESSAGE;
  else if (signedName.length < SIGNED_NAME_MIN) errors.signedName = "Type your full name to sign.";
  else if (signedName.length > SIGNED_NAME_MAX) errors.signedName = `Use at most ${SIGNED_NAME_MAX} characters.`;
  if (!o.agree) errors.agree = "Tick the box to say you agree.";
  const scopes = [...new Set(o.scopes ?? [])];
  if (
    o.kind === "photos" &&
    (scopes.length === 0 || !scopes.every((s): s is PhotoScope => (PHOTO_SCOPES as readonly string[]).includes(s)))
  ) {
    errors.scopes = "Choose at least one way your photographs may be used.";
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  if (o.channel === "desk" && !o.deskUserId)
    throw new DomainError("forbidden", "A signature at the desk needs the staff member who handed the tablet over.");
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const [person] = await tx
      .select({ name: clients.name })
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.organizationId, organizationId)))
      // One signature of a client at a time: two photo choices sent at once cannot both stay in force.
      .for("update");
    if (!person) throw new NotFoundError("A client");
    const form = await currentConsentForm(tx, organizationId, o.kind, o.locale);
    if (!form || form.contentSha256 !== o.contentSha256) throw new ConsentChangedError();
    if (!signatureNameMatches(signedName, person.name)) throw new FieldError({ signedName: NAME_MISMATCH_MESSAGE });
    // A new photo consent replaces the one in force.
    if (o.kind === "photos") {
      await tx
        .update(consentSignatures)
        .set({ revokedAt: new Date(o.now) })
        .where(photoConsentInForce(organizationId, clientId));
    }
    const [row] = await tx
      .insert(consentSignatures)
      .values({
        organizationId,
        clientId,
        formId: form.id,
        kind: o.kind,
        version: form.version,
        contentSha256: form.contentSha256,
        locale: o.locale,
        signedName,
        signedAt: new Date(o.now),
        ip: o.ip ? o.ip.slice(0, 64) : null,
        channel: o.channel,
        deskUserId: o.channel === "desk" ? o.deskUserId! : null,
        scopes: o.kind === "photos" ? (scopes as PhotoScope[]) : [],
      })
      .returning({ id: consentSignatures.id });
    await auditClientAct(tx, o.client, "consent.sign", {
      kind: o.kind,
      version: form.version,
      channel: o.channel,
      ...(o.kind === "photos" ? { scopes } : {}),
    });
    return { id: row!.id, version: form.version };
  });
}

/** The client withdraws their photo consent: no further use from now on. Audited as the client's act. */
export async function withdrawPhotoConsent(
  db: Db,
  o: { client: { organizationId: string; clientId: string }; now: number },
): Promise<boolean> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const withdrawn = await tx
      .update(consentSignatures)
      .set({ revokedAt: new Date(o.now) })
      .where(photoConsentInForce(organizationId, clientId))
      .returning({ id: consentSignatures.id });
    if (withdrawn.length === 0) return false;
    await auditClientAct(tx, o.client, "consent.withdraw", { kind: "photos" });
    return true;
  });
}

/** A treatment starts only with the procedure consent signed, in its current version. */
export class ConsentMissingError extends DomainError {
  readonly reason: "never-signed" | "older-version";
  constructor(reason: ConsentMissingError["reason"]) {
    super(
      "conflict",
      reason === "never-signed"
        ? "The client has not signed the consent to microneedling. They sign it in their account (Consent forms) or on the clinic's tablet before the treatment starts."
        : "The consent to microneedling has changed since the client signed it. They sign the new version in their account (Consent forms) or on the clinic's tablet before the treatment starts.",
    );
    this.name = "ConsentMissingError";
    this.reason = reason;
  }
}

/** Throws ConsentMissingError unless the client's procedure consent is signed in the version in force. */
export async function requireProcedureConsent(db: DbOrTx, organizationId: string, clientId: string): Promise<void> {
  const { procedure } = await consentStanding(db, organizationId, clientId);
  if (!procedure) throw new ConsentMissingError("never-signed");
  if (!procedure.current) throw new ConsentMissingError("older-version");
}

/** A photograph of the client's skin refused: their photo consent in force does not cover its use. */
export class PhotoConsentMissingError extends DomainError {
  constructor() {
    super(
      "conflict",
      "The client has not consented to photographs for their clinical record, or has withdrawn it. They choose it under Consent forms in their account, or on the clinic's tablet, before a photo is taken.",
    );
    this.name = "PhotoConsentMissingError";
  }
}

/** Throws PhotoConsentMissingError unless the client's photo consent in force (not withdrawn) includes this use. */
export async function requirePhotoConsent(db: DbOrTx, organizationId: string, clientId: string, scope: PhotoScope): Promise<void> {
  const { photos } = await consentStanding(db, organizationId, clientId);
  if (!photos || !photos.scopes.includes(scope)) throw new PhotoConsentMissingError();
}

/** One signature as the client's record carries it (their copy and the FHIR export). */
export interface ConsentSignatureView {
  id: string;
  kind: ConsentKind;
  version: number;
  /** The form's title in the language it was signed in. */
  title: string;
  contentSha256: string;
  locale: "en" | "fr";
  signedName: string;
  signedAt: number;
  channel: "portal" | "desk";
  scopes: PhotoScope[];
  withdrawnAt: number | null;
}

/** Every consent the client signed, oldest first, with the form's title as they read it. */
export async function consentSignaturesOf(db: DbOrTx, organizationId: string, clientId: string): Promise<ConsentSignatureView[]> {
  const rows = await db
    .select({ s: consentSignatures, titleEn: consentForms.titleEn, titleFr: consentForms.titleFr })
    .from(consentSignatures)
    .innerJoin(
      consentForms,
      and(eq(consentForms.id, consentSignatures.formId), eq(consentForms.organizationId, consentSignatures.organizationId)),
    )
    .where(and(eq(consentSignatures.organizationId, organizationId), eq(consentSignatures.clientId, clientId)))
    .orderBy(consentSignatures.signedAt, consentSignatures.id);
  return rows.map(({ s, titleEn, titleFr }) => ({
    id: s.id,
    kind: s.kind,
    version: s.version,
    title: s.locale === "fr" ? titleFr : titleEn,
    contentSha256: s.contentSha256,
    locale: s.locale,
    signedName: s.signedName,
    signedAt: s.signedAt.getTime(),
    channel: s.channel,
    scopes: s.scopes,
    withdrawnAt: s.revokedAt?.getTime() ?? null,
  }));
}
