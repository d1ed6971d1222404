// The client a booking is for: chosen by id (staff), found by e-mail address,
// or created. Who may change what is stored about an existing client depends
// on who books.
import { and, eq, sql } from "drizzle-orm";
import type { ClientLocale } from "../../clients/locale.ts";
import type { Tx } from "../../db/open.ts";
import { clients } from "../../db/schema.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import type { ClientDetails, ExistingClient } from "./options.ts";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface ResolvedClient {
  id: string;
  /** The language the client's e-mails are written in. */
  locale: ClientLocale;
  /** The name and address e-mails use: the stored ones. */
  name: string;
  email: string;
  /** The booking created this client. */
  created: boolean;
  /** What an anonymous booking typed that differs from what is stored: kept on the booking only. */
  typed: { bookedName: string | null; bookedPhone: string | null; bookedLocale: ClientLocale | null };
}

const NOTHING_TYPED = { bookedName: null, bookedPhone: null, bookedLocale: null } as const;

const asLocale = (l: string | null | undefined): ClientLocale => (l === "fr" ? "fr" : "en");

/**
 * A client staff chose from the clinic's list: read as stored, nothing changed
 * (what the booking e-mails is their stored name and address). Another
 * clinic's id, or none, is not found.
 */
async function storedClient(tx: Tx, organizationId: string, id: string): Promise<ResolvedClient> {
  const [row] = isUuid(id)
    ? await tx
        .select({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email })
        .from(clients)
        .where(and(eq(clients.id, id), eq(clients.organizationId, organizationId)))
    : [];
  if (!row) throw new NotFoundError("That client");
  return { id: row.id, locale: asLocale(row.locale), name: row.name, email: row.email, created: false, typed: NOTHING_TYPED };
}

/**
 * The client the booking is for. Staff and the client signed in as themselves
 * keep the client's details up to date; a booking made without signing in
 * creates a client for a new address and, for an address already known,
 * changes nothing stored: what it typed stays on that booking for staff to see
 * and adopt.
 */
export async function resolveClient(
  tx: Tx,
  organizationId: string,
  client: ClientDetails | ExistingClient,
  locale: ClientLocale | undefined,
  trusted: boolean,
): Promise<ResolvedClient> {
  if ("id" in client) return storedClient(tx, organizationId, client.id);
  const emailNormalized = normalizeEmail(client.email);
  const typedName = client.name.trim();
  const typedPhone = client.phone?.trim() || null;
  const values = {
    organizationId,
    name: typedName,
    email: client.email.trim(),
    emailNormalized,
    phone: typedPhone,
    ...(locale ? { preferredLocale: locale } : {}),
  };
  if (trusted) {
    const [row] = await tx
      .insert(clients)
      .values(values)
      .onConflictDoUpdate({
        target: [clients.organizationId, clients.emailNormalized],
        set: {
          name: sql`excluded.name`,
          phone: sql`COALESCE(excluded.phone, ${clients.phone})`,
          // The language they booked in this time is the one they read now.
          ...(locale ? { preferredLocale: locale } : {}),
        },
      })
      .returning({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email });
    return { id: row!.id, locale: asLocale(row!.locale), name: row!.name, email: row!.email, created: false, typed: NOTHING_TYPED };
  }
  const [created] = await tx
    .insert(clients)
    .values(values)
    .onConflictDoNothing({ target: [clients.organizationId, clients.emailNormalized] })
    .returning({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email });
  if (created) {
    return {
      id: created.id,
      locale: asLocale(created.locale),
      name: created.name,
      email: created.email,
      created: true,
      typed: NOTHING_TYPED,
    };
  }
  const [stored] = await tx
    .select({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email, phone: clients.phone })
    .from(clients)
    .where(and(eq(clients.organizationId, organizationId), eq(clients.emailNormalized, emailNormalized)));
  return {
    id: stored!.id,
    locale: asLocale(stored!.locale),
    name: stored!.name,
    email: stored!.email,
    created: false,
    typed: {
      bookedName: typedName !== stored!.name ? typedName : null,
      bookedPhone: typedPhone && typedPhone !== stored!.phone ? typedPhone : null,
      bookedLocale: locale && locale !== stored!.locale ? locale : null,
    },
  };
}
