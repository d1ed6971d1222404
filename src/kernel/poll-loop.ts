// One pass at a time, on a timer and on demand (the job worker and the outbox
// worker): a pass asked for while one runs runs once more after it, a pass
// that fails counts as its fallback result, and stopping waits for the pass
// under way. The pass itself reads `stopped()` to end early.

export interface PollLoop<T> {
  /** Runs a pass now, or once more after the one under way. */
  kick(): void;
  /** Waits for the pass under way, then runs one more; resolves with its result. */
  drain(): Promise<T>;
  stop(): Promise<void>;
}

export function startPollLoop<T>(o: {
  pass: (stopped: () => boolean) => Promise<T>;
  /** The result of a pass that threw, after reporting the error. */
  failed: (error: unknown) => T;
  pollMs: number;
  /** Run a first pass straight away, not only at the first tick. */
  runNow?: boolean;
}): PollLoop<T> {
  let running: Promise<T> | null = null;
  let stopped = false;
  let again = false;
  const isStopped = () => stopped;

  function run(): Promise<T> {
    if (running) {
      again = true;
      return running;
    }
    running = o
      .pass(isStopped)
      .catch(o.failed)
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  }

  const timer = setInterval(() => void run(), o.pollMs);
  timer.unref();
  if (o.runNow) void run();

  return {
    kick: () => void run(),
    drain: async () => {
      if (running) await running;
      return run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
