import type { BackendView, Scheduler } from './types';

/**
 * IPVS weighted least-connection (net/netfilter/ipvs/ip_vs_wlc.c): pick the server with the
 * least `overhead / weight`, where overhead = active*256 + inactive (`ip_vs_dest_conn_overhead`
 * in include/net/ip_vs.h: active connections cost far more than TIME_WAIT/FIN ones). The kernel
 * compares cross-multiplied, `oh_a * w_b < oh_b * w_a`, to avoid division; we do the same in
 * doubles, exact while the products stay below 2^53 (SLB weights are ≤ 100). Strict comparison,
 * so ties go to the server listed first. Weight 0 servers are skipped.
 */
export class WlcScheduler implements Scheduler {
  pick(view: BackendView): number {
    const { weights, active, inactive } = view;
    let least = -1;
    let loh = 0;
    let lw = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (w <= 0) continue;
      const doh = (active[i] as number) * 256 + (inactive[i] as number);
      if (least < 0 || doh * lw < loh * w) {
        least = i;
        loh = doh;
        lw = w;
      }
    }
    return least;
  }
}
