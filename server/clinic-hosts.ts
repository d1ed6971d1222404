// Several clinics' public sites from one deployment (CLINICS_BY_HOST=1,
// docs/operations.md "Many clinics from one deployment"): each clinic answers
// at <its slug>.<the host of PUBLIC_URL>, with the same scheme and port; the
// deployment's own address serves its default clinic (CLINIC_SLUG, or the
// first). The Host header only chooses among the clinics in the database:
// a name that is not one of them is a 404, and every link the server writes
// for a clinic (e-mails, manage links) is built from the clinic's slug, never
// copied from what the request sent.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../src/db/open.ts";
import type { JobHandler, JobHandlers } from "../src/jobs/worker.ts";
import { organizations } from "../src/db/schema.ts";

/** The clinic a request is served as. */
export interface ServedClinic {
  organizationId: string;
  /** Its public address: where its e-mailed links point. */
  baseUrl: string;
}

/** A slug as a host name's first label can carry it. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The clinic slug a Host header names under `publicUrl`: null for the
 * deployment's own host (its default clinic), undefined for a host that is not
 * this deployment's, or that no clinic slug could be.
 */
export function slugOfHost(host: string | undefined, publicUrl: URL): string | null | undefined {
  if (!host) return null;
  const name = host.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const own = publicUrl.hostname.toLowerCase();
  if (name === own) return null;
  if (!name.endsWith(`.${own}`)) return undefined;
  const label = name.slice(0, -own.length - 1);
  return LABEL.test(label) ? label : undefined;
}

/** A clinic's public address: its slug in front of the deployment's host, same scheme and port. */
export function clinicBaseUrl(publicUrl: URL, slug: string): string {
  const url = new URL(publicUrl.origin);
  url.hostname = `${slug}.${url.hostname}`;
  return url.origin;
}

/** The origins the clinics of a deployment answer at, as a trusted-origin pattern (better-auth, the origin check). */
export function clinicOriginPattern(publicUrl: URL): string {
  return `${publicUrl.protocol}//*.${publicUrl.host}`;
}

/**
 * Chooses the clinic of each request by its Host header: one indexed lookup of
 * the slug (organizations.slug is unique), so a clinic added, renamed or
 * removed by any process is served, moved or gone at once.
 */
export function clinicsByHost(o: {
  db: DbOrTx;
  publicUrl: URL;
  defaultClinic: ServedClinic;
}): (host: string | undefined) => Promise<ServedClinic | null> {
  return async (host) => {
    const slug = slugOfHost(host, o.publicUrl);
    if (slug === null) return o.defaultClinic;
    if (slug === undefined) return null;
    const [row] = await o.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1);
    return row ? { organizationId: row.id, baseUrl: clinicBaseUrl(o.publicUrl, slug) } : null;
  };
}

/** The public address of each clinic for links written outside a request (jobs): by slug when clinics are served by host. */
export function clinicBaseUrls(o: {
  db: DbOrTx;
  publicUrl: URL;
  defaultClinic: ServedClinic;
}): (organizationId: string) => Promise<string> {
  return async (organizationId) => {
    if (organizationId === o.defaultClinic.organizationId) return o.defaultClinic.baseUrl;
    const [row] = await o.db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
    return row && LABEL.test(row.slug) ? clinicBaseUrl(o.publicUrl, row.slug) : o.defaultClinic.baseUrl;
  };
}

/**
 * Job handlers whose e-mailed links point at the job's own clinic: `make`
 * builds the handlers for one public address, once per address.
 */
export function handlersByClinic(
  make: (baseUrl: string) => JobHandlers,
  baseUrlOf: (organizationId: string) => Promise<string>,
): JobHandlers {
  const made = new Map<string, JobHandlers>();
  const kinds = Object.keys(make("http://localhost"));
  return Object.fromEntries(
    kinds.map((kind): [string, JobHandler] => [
      kind,
      async (tx, job, ctx) => {
        const base = await baseUrlOf(job.organizationId);
        let handlers = made.get(base);
        if (!handlers) made.set(base, (handlers = make(base)));
        await handlers[kind]!(tx, job, ctx);
      },
    ]),
  );
}
