import { pickSed } from './sed';
import type { BackendView, Scheduler } from './types';

/**
 * IPVS never queue (net/netfilter/ipvs/ip_vs_nq.c): a usable server with no active connections is
 * returned at once (the first such in list order); otherwise the SED rule, least
 * `(active + 1) / weight`, ties to the earlier server. Weight 0 servers are skipped.
 */
export class NqScheduler implements Scheduler {
  pick(view: BackendView): number {
    const { weights, active } = view;
    for (let i = 0; i < weights.length; i++) {
      if ((weights[i] as number) > 0 && (active[i] as number) === 0) return i;
    }
    return pickSed(view);
  }
}
