// The address a request came from, for throttling, logs and the session list.
//
// A route module sees a web Request, which carries no socket address. The
// server sets CLIENT_IP_HEADER from Express's req.ip (which honours its
// "trust proxy" setting) and overwrites whatever a client sent in it. Without
// that header, the last X-Forwarded-For hop (the one the nearest proxy added)
// is used; with neither, the address is unknown and only per-account limits apply.
import { isIP } from "node:net";

export const CLIENT_IP_HEADER = "x-dermaplan-client-ip";

function normalize(ip: string): string | null {
  let value = ip.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  if (value.toLowerCase().startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

export function clientIp(headers: Headers): string | null {
  const direct = headers.get(CLIENT_IP_HEADER);
  if (direct) return normalize(direct);
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const hops = forwarded
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return normalize(last);
  }
  return null;
}
