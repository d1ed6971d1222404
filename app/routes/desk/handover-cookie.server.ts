// The cookie that makes a browser the clinic's tablet handed to a client
// (src/consent/desk-handover.ts): the handover's id and its random token (the
// server keeps only the token's hash). HttpOnly, SameSite=Strict, sent only
// to /desk, Secure under https, and it lives as long as the handover.
import type { DeskHandoverKey } from "../../../src/consent/desk-handover.ts";

const NAME = "dp_desk";
const VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/i;

export function readDeskCookie(headers: Headers): DeskHandoverKey | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === NAME) {
      const m = VALUE.exec(rest.join("="));
      return m ? { id: m[1]!.toLowerCase(), token: m[2]! } : null;
    }
  }
  return null;
}

function attributes(baseUrl: string, maxAgeSeconds: number): string {
  return `Path=/desk; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${baseUrl.startsWith("https://") ? "; Secure" : ""}`;
}

export function deskCookie(key: DeskHandoverKey, maxAgeSeconds: number, baseUrl: string): string {
  return `${NAME}=${key.id}.${key.token}; ${attributes(baseUrl, maxAgeSeconds)}`;
}

export function clearDeskCookie(baseUrl: string): string {
  return `${NAME}=; ${attributes(baseUrl, 0)}`;
}
