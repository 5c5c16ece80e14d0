import type { BackendView, Scheduler } from './types';

/**
 * IPVS least-connection (net/netfilter/ipvs/ip_vs_lc.c): pick the server with the least
 * overhead = active*256 + inactive (`ip_vs_dest_conn_overhead`), ignoring weights except that
 * weight 0 servers are skipped. Strict `<`, so ties go to the server listed first.
 */
export class LcScheduler implements Scheduler {
  pick(view: BackendView): number {
    const { weights, active, inactive } = view;
    let least = -1;
    let loh = 0;
    for (let i = 0; i < weights.length; i++) {
      if ((weights[i] as number) <= 0) continue;
      const doh = (active[i] as number) * 256 + (inactive[i] as number);
      if (least < 0 || doh < loh) {
        least = i;
        loh = doh;
      }
    }
    return least;
  }
}
