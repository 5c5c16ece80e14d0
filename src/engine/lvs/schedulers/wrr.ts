import type { BackendView, Scheduler } from './types';

/**
 * IPVS weighted round-robin (net/netfilter/ipvs/ip_vs_wrr.c): `g = gcd(weights > 0)`, `mw = max
 * weight`; each pick advances `i`, lowering the current weight `cw` by `g` whenever `i` wraps to
 * 0 (resetting to `mw` at or below 0), and returns the first server whose weight is ≥ `cw`.
 * Weights A=4, B=3, C=2 give A A B A B C A B C.
 */
export class WrrScheduler implements Scheduler {
  private i = -1;
  private cw = 0;
  private seenVersion = -1;
  private mw = 0;
  private g = 0;

  pick(view: BackendView): number {
    const weights = view.weights;
    const n = weights.length;
    if (view.version !== this.seenVersion) this.refresh(view);
    if (this.mw === 0) return -1;
    for (;;) {
      this.i = (this.i + 1) % n;
      if (this.i === 0) {
        this.cw -= this.g;
        if (this.cw <= 0) this.cw = this.mw;
      }
      if ((weights[this.i] as number) >= this.cw) return this.i;
    }
  }

  /** Weights changed: recompute max and gcd, and clamp cw as the kernel does on update. */
  private refresh(view: BackendView): void {
    this.seenVersion = view.version;
    let mw = 0;
    let g = 0;
    for (let k = 0; k < view.weights.length; k++) {
      const w = view.weights[k] as number;
      if (w > 0) {
        if (w > mw) mw = w;
        g = gcd(g, w);
      }
    }
    this.mw = mw;
    this.g = g;
    // ip_vs_wrr_dest_changed: `if (mark->cw > mark->mw || !mark->cw) mark->cw = mark->mw`. A cw
    // left at 0 mid-cycle (every weight was 0) would accept weight-0 servers until the cursor
    // wrapped. Before the first pick (i = −1) the first step wraps and sets cw itself.
    if (this.cw > mw || (this.cw === 0 && this.i >= 0)) this.cw = mw;
    if (this.i >= view.weights.length) this.i = -1;
  }
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
