// The cookie that carries a visitor's choice to book with their self-check
// answers: it holds only a random token (the answers are encrypted on the
// server under its hash), is HttpOnly, SameSite=Lax, Secure under https, and
// lives as long as the carried answers (two hours).
import { SELF_CHECK_CARRY_MS } from "../../src/screening/record/self-check.ts";

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
