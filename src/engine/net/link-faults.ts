import type { RandomStream } from '../core/prng';

/**
 * Link faults (link-loss, link-latency, link-oneway; link-heal clears): per directed link, the
 * fraction of packets lost and the latency added. `active` is the only thing Simulation.forward
 * looks at while no link fault is in force; the tables exist from the first link fault on.
 */
export class LinkFaults {
  active = false;
  /** Indexed `from * nodes + to`: the probability a packet over the link is lost (1 = all). */
  private loss: Float64Array | undefined;
  /** Indexed `from * nodes + to`: microseconds added to the link's latency. */
  private added: Float64Array | undefined;

  constructor(
    private readonly nodes: number,
    private readonly rng: RandomStream,
  ) {}

  /** link-loss (both directions) or link-oneway (only from → to; to → from passes). */
  setLoss(from: number, to: number, rate: number, bothWays: boolean): void {
    const loss = (this.loss ??= new Float64Array(this.nodes * this.nodes));
    loss[from * this.nodes + to] = rate;
    if (bothWays) loss[to * this.nodes + from] = rate;
    this.refresh();
  }

  /** link-latency: both directions. */
  setAddedUs(from: number, to: number, us: number): void {
    const added = (this.added ??= new Float64Array(this.nodes * this.nodes));
    added[from * this.nodes + to] = us;
    added[to * this.nodes + from] = us;
    this.refresh();
  }

  /** link-heal: every fault on the link, both directions. */
  heal(from: number, to: number): void {
    for (const table of [this.loss, this.added]) {
      if (!table) continue;
      table[from * this.nodes + to] = 0;
      table[to * this.nodes + from] = 0;
    }
    this.refresh();
  }

  /** Whether the packet about to cross link `k` (from * nodes + to) is lost; draws only on a lossy link. */
  drops(k: number): boolean {
    const rate = this.loss?.[k] ?? 0;
    return rate >= 1 || (rate > 0 && this.rng.next() < rate);
  }

  addedUs(k: number): number {
    return this.added?.[k] ?? 0;
  }

  private refresh(): void {
    this.active = (this.loss?.some((v) => v > 0) ?? false) || (this.added?.some((v) => v > 0) ?? false);
  }
}
