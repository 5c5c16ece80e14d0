/**
 * How the engine worker paces its ticks. When the engine cannot keep up with the chosen speed it
 * would run flat out and take a whole core; on a 2-core machine the page's main thread, its
 * compositor and the overlay's painter then share the other one, and main-thread tasks wait for a
 * core past 50 ms. So a worker that is behind leaves a share of its time idle, which the page sets
 * (src/app/engine-pressure.ts) from what it sees: more when its tasks grow long, less when they
 * stay short. The price is speed, and only when the engine is behind (shown as the speed reached).
 */
export class Pacer {
  /** Share of wall time left idle while the engine is behind, 0 (flat out) to MAX_IDLE_SHARE. */
  private share = 0;

  get idleShare(): number {
    return this.share;
  }

  set idleShare(share: number) {
    this.share = Number.isFinite(share) ? Math.min(MAX_IDLE_SHARE, Math.max(0, share)) : 0;
  }

  /**
   * How long to wait before the next tick (wall ms) after one that ran `tickMs`: the rest of the
   * interval when the tick fit in it, else long enough that the worker is idle `idleShare` of the time.
   */
  delayMs(intervalMs: number, tickMs: number): number {
    return Math.max(intervalMs - tickMs, (tickMs * this.share) / (1 - this.share));
  }
}

/** The most the worker ever rests while behind: it always gets at least a third of its core's time. */
export const MAX_IDLE_SHARE = 2 / 3;

/** A HostClock's `every` on timers: `tick` again and again, paced by `pacer`, until the returned stop is called. */
export function pacedEvery(intervalMs: number, tick: () => void, pacer: Pacer, now: () => number = () => performance.now()): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = (): void => {
    const started = now();
    tick();
    if (!stopped) timer = setTimeout(run, pacer.delayMs(intervalMs, now() - started));
  };
  timer = setTimeout(run, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
