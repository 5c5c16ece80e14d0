import { MAX_IDLE_SHARE } from '../worker/pacing';

/** Where the idle share starts with 2 cores or fewer: the engine and the page compete from the first frame. */
export const FEW_CORES_START = 0.3;
/** Each main-thread task over 50 ms while the engine is behind raises the share by this much… */
export const LONG_TASK_STEP = 0.1;
/** …and every second without one lowers it by this much, slowly, so it does not swing back into them. */
export const QUIET_DECAY_PER_S = 0.01;

/**
 * The page's side of the engine worker's pacing (src/worker/pacing.ts): how much of its time the
 * worker should leave idle while the engine is behind. It starts at 0 with more than 2 cores and
 * at FEW_CORES_START with 2 or fewer, rises with every long main-thread task the page suffers
 * while the engine runs flat out, and falls slowly while the page keeps up.
 */
export class IdleShareController {
  share: number;

  constructor(cores: number) {
    this.share = cores <= 2 ? FEW_CORES_START : 0;
  }

  longTask(): void {
    this.share = Math.min(MAX_IDLE_SHARE, this.share + LONG_TASK_STEP);
  }

  quiet(seconds: number): void {
    this.share = Math.max(0, this.share - QUIET_DECAY_PER_S * Math.max(0, seconds));
  }
}

/**
 * Watches the page's long tasks (where the browser reports them) and sends the worker its idle
 * share whenever it changes by a percent. Long tasks while the engine keeps up are not the
 * engine's doing and are not counted. Returns a function that stops watching.
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
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      if (!engineBehind()) return;
      for (let k = list.getEntries().length; k > 0; k--) controller.longTask();
      update();
    });
    observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the starting share stays.
  }
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    controller.quiet((now - last) / 1000);
    last = now;
    update();
  }, 1000);
  return () => {
    observer?.disconnect();
    clearInterval(timer);
  };
}
