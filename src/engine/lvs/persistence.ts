import { US_PER_S } from '../../shared/units';

/**
 * IPVS persistence templates (`PersistenceTimeout`): per LVS node and listener, the backend a
 * client IP was last sent to, kept for the timeout after its latest use. A synced session installs
 * its template on the receiving node too, so a client stays put when its flows move.
 */
export class PersistenceTemplates {
  /** Per (node, listener) pair: client IP → backend, and client IP → expiry. */
  private readonly backendOf: Map<number, number>[];
  private readonly expiresUs: Map<number, number>[];

  constructor(
    nodes: number,
    private readonly timeoutsS: readonly number[],
  ) {
    const pairs = nodes * timeoutsS.length;
    this.backendOf = Array.from({ length: pairs }, () => new Map<number, number>());
    this.expiresUs = Array.from({ length: pairs }, () => new Map<number, number>());
  }

  /**
   * The backend the client's template on node i points to, refreshing the template, or -1 when it
   * has none, it expired, or its backend's weight in this node's view is 0 (quiesced or removed).
   */
  use(i: number, listener: number, clientIp: number, nowUs: number, weights: ArrayLike<number>): number {
    const pair = this.pairOf(i, listener);
    const backend = this.backendOf[pair]!.get(clientIp);
    if (backend === undefined) return -1;
    if ((this.expiresUs[pair]!.get(clientIp) as number) <= nowUs) {
      this.backendOf[pair]!.delete(clientIp);
      this.expiresUs[pair]!.delete(clientIp);
      return -1;
    }
    if ((weights[backend] as number) <= 0) return -1;
    this.expiresUs[pair]!.set(clientIp, nowUs + (this.timeoutsS[listener] as number) * US_PER_S);
    return backend;
  }

  /** Points the client's template on node i at `backend`; nothing without persistence or a backend. */
  remember(i: number, listener: number, clientIp: number, backend: number, nowUs: number): void {
    if (backend < 0 || (this.timeoutsS[listener] as number) <= 0) return;
    const pair = this.pairOf(i, listener);
    this.backendOf[pair]!.set(clientIp, backend);
    this.expiresUs[pair]!.set(clientIp, nowUs + (this.timeoutsS[listener] as number) * US_PER_S);
  }

  private pairOf(i: number, listener: number): number {
    return i * this.timeoutsS.length + listener;
  }
}
