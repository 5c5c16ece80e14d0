import type { BackendView, Scheduler } from './types';

/**
 * IPVS shortest expected delay (net/netfilter/ipvs/ip_vs_sed.c): pick the server with the least
 * `(active + 1) / weight`, the expected delay if this connection joined it. Only ESTABLISHED
 * (active) connections count. Compared cross-multiplied as the kernel does; strict, so ties go
 * to the server listed first. Weight 0 servers are skipped.
 */
export class SedScheduler implements Scheduler {
  pick(view: BackendView): number {
    return pickSed(view);
  }
}

/** The SED rule, shared with NQ (which applies it when no usable server is idle). */
export function pickSed(view: BackendView): number {
  const { weights, active } = view;
  let least = -1;
  let loh = 0;
  let lw = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (w <= 0) continue;
    const doh = (active[i] as number) + 1;
    if (least < 0 || doh * lw < loh * w) {
      least = i;
      loh = doh;
      lw = w;
    }
  }
  return least;
}
