// The load generator of `npm run bench:load` (bench/load.ts), a process of its
// own so that what it costs is not counted against the server: autocannon
// drives a mix of requests spread over the clinics and this file times each
// kind. Reads its plan from the JSON file named by its argument and prints
// what it measured as one JSON line.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export interface LoadPlan {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Share of bookings (the rest: availability and public pages). */
  bookingShare: number;
  /** Of the rest, the share of public pages (the home page and a service's booking page); the others ask for availability. */
  pageShare: number;
  clinics: { host: string; serviceId: string; serviceSlug: string; from: string; to: string }[];
  /** Free times to book, each used once, spread over the clinics. */
  slots: { host: string; serviceId: string; start: string; practitionerId: string }[];
  /** Makes each booking's e-mail address unique across runs. */
  run: string;
  seed: number;
}

export type Kind = "availability" | "page" | "booking";

export interface LoadResult {
  seconds: number;
  requests: number;
  byKind: Record<Kind, { count: number; ok: number; statuses: Record<string, number>; p50: number; p95: number; p99: number }>;
  slotsLeft: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A small seeded generator: the same plan asks the same things. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export async function drive(plan: LoadPlan): Promise<LoadResult> {
  const next = random(plan.seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  let slot = 0;
  let booked = 0;
  const times: Record<Kind, number[]> = { availability: [], page: [], booking: [] };
  const statuses: Record<Kind, Record<string, number>> = { availability: {}, page: {}, booking: {} };
  interface Context {
    kind?: Kind;
    began?: bigint;
  }
  const started = performance.now();
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.durationSeconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest(request: Record<string, unknown>, context: Context) {
          const r = next();
          let kind: Kind = r < plan.bookingShare ? "booking" : next() < plan.pageShare ? "page" : "availability";
          if (kind === "booking" && slot >= plan.slots.length) kind = "availability";
          context.kind = kind;
          context.began = process.hrtime.bigint();
          if (kind === "booking") {
            const s = plan.slots[slot++]!;
            const n = booked++;
            return {
              ...request,
              method: "POST",
              path: "/api/v1/bookings",
              headers: { host: s.host, "content-type": "application/json" },
              body: JSON.stringify({
                serviceId: s.serviceId,
                start: s.start,
                practitionerId: s.practitionerId,
                client: { name: "Load Test", email: `load-${plan.run}-${n}@bench.test` },
              }),
            };
          }
          const clinic = pick(plan.clinics);
          const path =
            kind === "page"
              ? next() < 0.5
                ? "/"
                : `/book/${clinic.serviceSlug}`
              : `/api/v1/availability?serviceId=${clinic.serviceId}&from=${clinic.from}&to=${clinic.to}`;
          return {
            ...request,
            method: "GET",
            path,
            headers: { host: clinic.host, accept: kind === "page" ? "text/html" : "application/json" },
            body: undefined,
          };
        },
        onResponse(status: number, _body: string, context: Context) {
          const kind = context.kind!;
          times[kind].push(Number(process.hrtime.bigint() - context.began!) / 1e6);
          statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
        },
      },
    ],
  } as unknown as autocannon.Options);
  const seconds = (performance.now() - started) / 1000;
  const byKind = {} as LoadResult["byKind"];
  for (const kind of ["availability", "page", "booking"] as const) {
    const sorted = times[kind].sort((a, b) => a - b);
    const ok = Object.entries(statuses[kind])
      .filter(([s]) => s.startsWith("2"))
      .reduce((sum, [, n]) => sum + n, 0);
    byKind[kind] = {
      count: sorted.length,
      ok,
      statuses: statuses[kind],
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }
  return { seconds: Math.min(seconds, result.duration), requests: result.requests.total, byKind, slotsLeft: plan.slots.length - slot };
}

if (import.meta.main) {
  const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadPlan;
  process.stdout.write(`${JSON.stringify(await drive(plan))}\n`);
}
