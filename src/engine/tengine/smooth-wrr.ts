/**
 * nginx's smooth weighted round-robin (`ngx_http_upstream_get_peer` in
 * ngx_http_upstream_round_robin.c): every usable peer gains its effective weight, the peer with
 * the largest current weight wins (the first one on ties), and the winner gives back the total.
 * Weights {5, 1, 1} pick a a b a c a a: the heavy peer is spread out, not sent five in a row.
 * State lives in one typed array so a balancer per (node, group) costs a few bytes.
 */
export class SmoothWrr {
  readonly current: Float64Array;

  constructor(peers: number) {
    this.current = new Float64Array(peers);
  }

  /**
   * The next peer among those with `weights[i] > 0` and `usable(i)`; -1 when none is. `weights`
   * are the effective weights (nginx lowers them after failures; the caller decides).
   */
  pick(weights: ArrayLike<number>, usable: (peer: number) => boolean = () => true): number {
    const current = this.current;
    let best = -1;
    let total = 0;
    for (let i = 0; i < current.length; i++) {
      const w = weights[i] as number;
      if (w <= 0 || !usable(i)) continue;
      current[i] = (current[i] as number) + w;
      total += w;
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    if (best >= 0) current[best] = (current[best] as number) - total;
    return best;
  }
}
