// Timing a piece of work in the benchmarks: the median and the 95th percentile
// of many runs, written in milliseconds.

export interface Timing {
  p50: number;
  p95: number;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

/** The median and 95th percentile of these durations. */
export function timingOf(samples: number[]): Timing {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** Runs `work` `warmup` times untimed, then `iterations` times timed, one run after another. */
export async function timed(work: () => unknown | Promise<unknown>, o: { iterations: number; warmup?: number }): Promise<Timing> {
  const warmup = o.warmup ?? 0;
  const samples: number[] = [];
  for (let i = 0; i < warmup + o.iterations; i++) {
    const t = performance.now();
    await work();
    if (i >= warmup) samples.push(performance.now() - t);
  }
  return timingOf(samples);
}
