import { MAX_IDLE_SHARE } from '../worker/pacing';

/**
 * The least idle share with 2 cores or fewer, where it starts: the engine and the page compete from
 * the first frame. Measured on `ui-bench` at 10,000× on 2 cores: at 0.25 one 3 s window in six still
 * had a main-thread task over 50 ms, at 0.5 none of eight did.
 */
export const FEW_CORES_FLOOR = 0.4;
/** Each main-thread task over 50 ms while the engine is behind raises the share by this much… */
export const LONG_TASK_STEP = 0.1;
/** …and every second without one lowers it by this much (down to the floor), slowly, so it does not swing back into them. */
export const QUIET_DECAY_PER_S = 0.01;
/** A long task counts only once the engine has been behind this long (wall ms): the page's own start-up tasks are not the engine's doing. */
export const BEHIND_FOR_MS = 1000;

/**
 * The page's side of the engine worker's pacing (src/worker/pacing.ts): how much of its time the
 * worker should leave idle while the engine is behind. With more than 2 cores it starts at 0, with
 * 2 or fewer at FEW_CORES_FLOOR; it rises with every long main-thread task the page suffers while
 * the engine runs behind, and falls slowly back to where it started while the page keeps up.
 */
export class IdleShareController {
  readonly floor: number;
  share: number;

  constructor(cores: number) {
    this.floor = cores <= 2 ? FEW_CORES_FLOOR : 0;
    this.share = this.floor;
  }

  longTask(): void {
    this.share = Math.min(MAX_IDLE_SHARE, this.share + LONG_TASK_STEP);
  }

  quiet(seconds: number): void {
    this.share = Math.max(this.floor, this.share - QUIET_DECAY_PER_S * Math.max(0, seconds));
  }
}

/** How often the engine's state (behind or not) is looked at, wall ms. */
const LOOK_EVERY_MS = 250;

/**
 * Watches the page's long tasks (where the browser reports them) and sends the worker its idle
 * share whenever it changes by a percent. Only tasks that start after the engine has been behind
 * for BEHIND_FOR_MS count. Returns a function that stops watching.
 */
export function watchEnginePressure(send: (share: number) => void, engineBehind: () => boolean, cores = navigator.hardwareConcurrency || 2): () => void {
  const controller = new IdleShareController(cores);
  let sent = Number.NaN;
  const update = (): void => {
    const share = Math.round(controller.share * 100) / 100;
    if (share === sent) return;
    sent = share;
    send(share);
  };
  update();
  let behindSince: number | undefined;
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const task of list.getEntries()) if (behindSince !== undefined && task.startTime - behindSince >= BEHIND_FOR_MS) controller.longTask();
      update();
    });
    observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the share stays where it starts.
  }
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (!engineBehind()) behindSince = undefined;
    else behindSince ??= now;
    controller.quiet((now - last) / 1000);
    last = now;
    update();
  }, LOOK_EVERY_MS);
  return () => {
    observer?.disconnect();
    clearInterval(timer);
  };
}
