import type { BackendView, Scheduler } from './types';

/**
 * IPVS round-robin (net/netfilter/ipvs/ip_vs_rr.c): remember the last server picked and return
 * the next usable one after it in list order, wrapping around; servers with weight 0 (quiesced,
 * unhealthy, removed) are skipped. Weights are otherwise ignored.
 */
export class RrScheduler implements Scheduler {
  /** Index of the last pick; −1 before the first, so the scan starts at server 0. */
  private last = -1;

  pick(view: BackendView): number {
    const weights = view.weights;
    const n = weights.length;
    // One full lap starting just after `last` (the kernel walks the list from its saved cursor).
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
      if ((weights[i] as number) > 0) {
        this.last = i;
        return i;
      }
    }
    return -1;
  }
}
