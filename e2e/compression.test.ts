// Which responses leave the server compressed (server/app.ts shouldCompress):
// public pages and built assets are; anything that may hold a secret for the
// person asking (a session, a token, a private or no-store page) is not.
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";

let app: InProcessClinic;

beforeAll(async () => {
  app = await startInProcessClinic();
});

afterAll(async () => {
  await app?.close();
});

interface RawResponse {
  status: number;
  encoding: string | undefined;
  vary: string;
  cacheControl: string | undefined;
  body: Buffer;
}

/** A GET with no automatic decompression, so the bytes on the wire are what the test sees. */
function get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // The path as given, not resolved as a URL would be ("/assets/../staff" stays as it is).
    const { hostname, port } = new URL(app.url);
    const req = request({ hostname, port, path, headers: { "accept-encoding": "gzip", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: res.headers["content-encoding"],
          vary: String(res.headers.vary ?? ""),
          cacheControl: res.headers["cache-control"],
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("response compression", () => {
  it("compresses public pages in both languages and the built assets they link", async () => {
    for (const path of ["/", "/fr/microneedling", "/sitemap.xml"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.encoding, path).toBe("gzip");
      expect(res.vary.toLowerCase(), path).toContain("accept-encoding");
      const text = gunzipSync(res.body).toString("utf8");
      expect(text.length, path).toBeGreaterThan(res.body.length * 2);
    }
    const home = gunzipSync((await get("/")).body).toString("utf8");
    const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(home)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await get(stylesheet!);
    expect(css.encoding).toBe("gzip");
    // An asset stays compressed for a signed-in person too: it is the same file for everyone.
    const signedIn = await get(stylesheet!, { cookie: await app.ownerCookie() });
    expect(signedIn.status).toBe(200);
    expect(signedIn.encoding).toBe("gzip");
  });

  it("answers a missing asset with a plain 404, never a page of the app", async () => {
    for (const path of ["/assets/nothing-here.js", "/assets/../staff"]) {
      const res = await get(path, { cookie: await app.ownerCookie() });
      expect(res.status, path).toBe(404);
      expect(res.body.toString("utf8"), path).not.toContain("<html");
    }
  });

  it("sends a page as it is when the client did not ask for compression", async () => {
    const res = await get("/", { "accept-encoding": "identity" });
    expect(res.encoding).toBeUndefined();
    expect(res.body.toString("utf8")).toContain("<html");
  });

  it("does not compress signed-in, token-bearing or no-store pages", async () => {
    const staff = await get("/staff", { cookie: await app.ownerCookie() });
    expect(staff.status).toBe(200);
    expect(staff.encoding).toBeUndefined();
    expect(staff.body.toString("utf8")).toContain("<html");
    // Every staff screen, the calendar included, is kept out of shared and back-button caches.
    expect(staff.cacheControl).toBe("private, no-store");

    // Links that carry a token in the path or the query.
    const invite = await get("/invite/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    expect(invite.encoding).toBeUndefined();
    const verify = await get("/portal/verify?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    expect(verify.encoding).toBeUndefined();

    const manage = await get("/manage/00000000-0000-4000-8000-000000000000?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    expect(manage.encoding).toBeUndefined();

    const selfCheck = await get("/candidate");
    expect(selfCheck.status).toBe(200);
    expect(selfCheck.encoding).toBeUndefined();
  });
});
