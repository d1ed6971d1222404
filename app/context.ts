import { createContext, type RouterContextProvider } from "react-router";
import type { Logger } from "pino";
import type { Auth } from "../src/auth/auth.ts";
import type { Db } from "../src/db/open.ts";
import type { OutboxWorker } from "../src/notifications/outbox.ts";
import type { KeyRing } from "../src/privacy/keyring.ts";
import type { RequestLimits } from "../src/scheduling/request-limits.ts";

/** What the server process hands every request: one database, one auth, one outbox. */
export interface AppServices {
  db: Db;
  auth: Auth;
  outbox: OutboxWorker;
  logger: Logger;
  /** The keys that encrypt health information at rest (src/privacy/keyring.ts). */
  keyRing: KeyRing;
  /** The organization whose public pages and API this deployment serves. */
  organizationId: string;
  /** Absolute origin used in e-mailed links. */
  baseUrl: string;
  mailDescription: string;
  /** Text messages: where they go, and what checks the provider's signature on replies (null: no provider, no replies). */
  texts?: { describe: string; inbound: { authToken: string; url: string } | null };
  now: () => number;
  /** Limits on anonymous holds and bookings; the defaults when omitted. */
  requestLimits?: RequestLimits;
}

export const servicesContext = createContext<AppServices>();

export function getServices(context: Readonly<RouterContextProvider>): AppServices {
  return context.get(servicesContext);
}

import type { StaffSession } from "../src/auth/auth.ts";

/** Set by the staff layout's middleware before any staff loader or action runs. */
export const staffContext = createContext<StaffSession>();

export function getStaff(context: Readonly<RouterContextProvider>): StaffSession {
  return context.get(staffContext);
}

export interface ClientSession {
  clientId: string;
  organizationId: string;
  name: string;
  email: string;
  sessionId: string;
}

/** Set by the client portal layout's middleware before any portal loader or action runs. */
export const clientContext = createContext<ClientSession>();

export function getClient(context: Readonly<RouterContextProvider>): ClientSession {
  return context.get(clientContext);
}
