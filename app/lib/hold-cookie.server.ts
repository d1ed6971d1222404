// The cookie that names the time a browser holds on the booking page, so that
// picking another time lets go of the first: one live hold per browser. It
// holds the hold's id and its random token (stored on the server only hashed),
// is HttpOnly, SameSite=Lax, Secure under https, and lives as long as the hold.
const NAME = "dp_hold";
const VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/i;

export function readHoldCookie(headers: Headers): { id: string; token: string } | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === NAME) {
      const m = VALUE.exec(rest.join("="));
      return m ? { id: m[1]!, token: m[2]! } : null;
    }
  }
  return null;
}

function attributes(baseUrl: string, maxAgeSeconds: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${baseUrl.startsWith("https://") ? "; Secure" : ""}`;
}

export function holdCookie(hold: { id: string; token: string }, maxAgeSeconds: number, baseUrl: string): string {
  return `${NAME}=${hold.id}.${hold.token}; ${attributes(baseUrl, maxAgeSeconds)}`;
}

export function clearHoldCookie(baseUrl: string): string {
  return `${NAME}=; ${attributes(baseUrl, 0)}`;
}
