import { US_PER_S } from '../../shared/units';
import { EventKind } from '../core/kinds';
import type { EcmpGroup } from '../net/ecmp';

/**
 * What zone failover needs of the run: the clock, the queue, and whom to tell when the VIP moves
 * (the Tengine weights depend on the zone; the failover report notes it). The run itself, not
 * closures over it, so a checkpoint's copy refers to its own run.
 */
export interface ZoneHost {
  readonly nowUs: number;
  push(atUs: number, kind: number, a: number, b: number): void;
  readonly lvs: { readonly views: { refreshWeights(): void } };
  readonly failover: { zoneMoved(zone: number): void };
}

/** The LVS nodes as zone failover sees them: which are up, their node ids and the router's group. */
export interface ZoneNodes {
  readonly up: Uint8Array;
  readonly ids: readonly number[];
  readonly ecmp: EcmpGroup;
}

export const PRIMARY = 0;
export const SECONDARY = 1;

/**
 * Multi-zone failover (DOMAIN §5): the VIP lives in the primary zone; only when every primary-zone
 * LVS node is down does it move to the secondary zone's standby cluster, `zoneFailoverDelayS`
 * later, and back as long after a primary node is up again. The router's ECMP group announces
 * only the nodes of the zone holding the VIP (and only those up). A move that no longer applies
 * when its delay ends (a node recovered meanwhile) is cancelled by a generation count.
 */
export class ZoneFailover {
  /** Per LVS node: its zone (PRIMARY, SECONDARY). */
  readonly zoneOf: Uint8Array;
  /** The zone holding the VIP now. */
  active = PRIMARY;
  /** The zone a queued move goes to (-1: none queued). */
  private pending = -1;
  private generation = 0;
  /** When the VIP last moved (µs), -1 if never. */
  movedAtUs = -1;
  private readonly delayUs: number;
  private readonly standbyCount: number;

  constructor(
    private readonly host: ZoneHost,
    private readonly nodes: ZoneNodes,
    primaryNodes: number,
    delayS: number,
  ) {
    const n = nodes.ids.length;
    this.zoneOf = Uint8Array.from({ length: n }, (_, i) => (i < primaryNodes ? PRIMARY : SECONDARY));
    this.standbyCount = n - primaryNodes;
    this.delayUs = Math.round(delayS * US_PER_S);
    // The standby cluster does not announce the VIP while the primary zone holds it.
    for (let i = primaryNodes; i < n; i++) nodes.ecmp.withdraw(nodes.ids[i] as number);
  }

  /** Whether node i's zone holds the VIP (a recovered node announces its route only then). */
  holdsVip(i: number): boolean {
    return this.zoneOf[i] === this.active;
  }

  /** After any LVS node went down or came back: queue the move the zones' state calls for, or cancel one no longer called for. */
  check(): void {
    if (this.standbyCount === 0) return;
    const primaryUp = this.anyUp(PRIMARY);
    const target = this.active === PRIMARY && !primaryUp ? SECONDARY : this.active === SECONDARY && primaryUp ? PRIMARY : -1;
    if (target === this.pending) return;
    this.generation++;
    this.pending = target;
    if (target >= 0) this.host.push(this.host.nowUs + Math.max(1, this.delayUs), EventKind.ZoneMove, target, this.generation);
  }

  /** A queued move's delay is over: the VIP moves, unless the move was cancelled since. */
  onMove(zone: number, generation: number): void {
    if (generation !== this.generation || zone !== this.pending) return;
    this.pending = -1;
    this.active = zone;
    this.movedAtUs = this.host.nowUs;
    const { up, ids, ecmp } = this.nodes;
    for (let i = 0; i < ids.length; i++) {
      if (this.zoneOf[i] === zone && up[i] === 1) ecmp.announce(ids[i] as number);
      else if (this.zoneOf[i] !== zone) ecmp.withdraw(ids[i] as number);
    }
    this.host.lvs.views.refreshWeights();
    this.host.failover.zoneMoved(zone);
  }

  private anyUp(zone: number): boolean {
    for (let i = 0; i < this.zoneOf.length; i++) if (this.zoneOf[i] === zone && this.nodes.up[i] === 1) return true;
    return false;
  }
}
