// The cookie that carries a visitor's choice to book with their self-check
// answers: it holds only a random token (the answers are encrypted on the
// server under its hash), is HttpOnly, SameSite=Lax, Secure under https, and
// lives as long as the carried answers (two hours).
import type { KeyRing } from "../../src/privacy/keyring.ts";
import { SELF_CHECK_CARRY_MS } from "../../src/screening/record/self-check.ts";
import { isValidPlainDate } from "../../src/scheduling/time.ts";

const NAME = "dp_selfcheck";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function readSelfCheckCookie(headers: Headers): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === NAME) {
      const value = rest.join("=");
      return TOKEN.test(value) ? value : null;
    }
  }
  return null;
}

function attributes(baseUrl: string, maxAgeSeconds: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${baseUrl.startsWith("https://") ? "; Secure" : ""}`;
}

export function selfCheckCookie(token: string, baseUrl: string): string {
  return `${NAME}=${token}; ${attributes(baseUrl, Math.floor(SELF_CHECK_CARRY_MS / 1000))}`;
}

export function clearSelfCheckCookie(baseUrl: string): string {
  return `${NAME}=; ${attributes(baseUrl, 0)}`;
}

// ---- the wait the self-check told, for the booking's confirmation ----------------------

// The booking takes the carried answers (and the cookie above goes with them),
// so the confirmation page that follows learns the visitor's own wait from a
// second cookie: the booking it is for and the date, encrypted with the data
// key (nothing in it can be read or made outside the server), HttpOnly, for
// an hour — long enough to reload the confirmation, never beyond this browser.
const WAIT_NAME = "dp_selfcheck_wait";
const WAIT_CONTEXT = "self-check-wait";
const WAIT_SECONDS = 60 * 60;

/** What the visitor's own self-check said about waiting, as the confirmation of one booking reminds them. */
export interface SelfCheckWait {
  /** The first day treatment is allowed ("YYYY-MM-DD"); null when it waits for something to heal or pass. */
  until: string | null;
  /** Something must heal or pass as well (the date, if any, is the earliest). */
  awaitingResolution: boolean;
}

export function selfCheckWaitCookie(keyRing: KeyRing, appointmentId: string, wait: SelfCheckWait, baseUrl: string): string {
  const value = keyRing.encrypt(JSON.stringify({ appointmentId, ...wait }), WAIT_CONTEXT);
  return `${WAIT_NAME}=${value}; ${attributes(baseUrl, WAIT_SECONDS)}`;
}

/** The wait this browser carries for this booking, or null (no cookie, another booking's, or one the server did not make). */
export function readSelfCheckWait(headers: Headers, keyRing: KeyRing, appointmentId: string): SelfCheckWait | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== WAIT_NAME) continue;
    try {
      const read = JSON.parse(keyRing.decrypt(rest.join("="), WAIT_CONTEXT)) as { appointmentId?: unknown } & Partial<SelfCheckWait>;
      if (read.appointmentId !== appointmentId) return null;
      const until = typeof read.until === "string" && isValidPlainDate(read.until) ? read.until : null;
      return { until, awaitingResolution: read.awaitingResolution === true };
    } catch {
      return null;
    }
  }
  return null;
}
