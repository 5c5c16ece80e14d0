import type { Scenario } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import { ipv4ToInt } from '../net/ipv4';
import { SPEC_LIMITS, type SpecLimits } from './specs';

/**
 * The load-balancer instances the LVS cluster serves (one scenario, one region, several SLB
 * instances on shared LVS and Tengine clusters, as in the product). Instance i is
 * `scenario.loadBalancers[i]` of the run's base (every instance that ever exists in the run, so
 * indices never move); each listener belongs to one. Per instance: its VIP, its specification's
 * limits, whether it forwards (LoadBalancerStatus, and whether it exists right now), and the
 * counts its limits are checked against — an instance's connections never use another's quota.
 */
export class Instances {
  readonly count: number;
  readonly ids: readonly string[];
  /** Per listener: its instance. */
  readonly ofListener: Int32Array;
  /** Per instance: the VIP (Address) as an integer. */
  readonly vip: Int32Array;
  /** Per instance: 1 when it exists and is active (SetLoadBalancerStatus); else its listeners forward nothing. */
  readonly active: Uint8Array;
  /** Per instance: the specification's limits (ModifyLoadBalancerInstanceSpec replaces them). */
  readonly limits: SpecLimits[];
  readonly specs: string[];
  /** Per instance: connections scheduled and still holding their origin session; and the peak. */
  readonly concurrent: Int32Array;
  readonly peakConcurrent: Int32Array;
  /** Per instance: connections that had a SYN dropped over its limits (InstanceDropConnection), and every SYN so dropped. */
  readonly instanceDrops: Float64Array;
  readonly droppedSyns: Float64Array;
  private readonly cpsSecond: Float64Array;
  private readonly cpsCount: Int32Array;

  constructor(scenario: Scenario) {
    const lbs = scenario.loadBalancers;
    this.count = lbs.length;
    this.ids = lbs.map((lb) => lb.LoadBalancerId);
    const index = new Map(this.ids.map((id, i) => [id, i]));
    this.ofListener = Int32Array.from(scenario.listeners, (l) => {
      const i = index.get(l.LoadBalancerId);
      if (i === undefined) throw new Error(`listener ${l.ListenerPort}: no load balancer ${l.LoadBalancerId}`);
      return i;
    });
    this.vip = Int32Array.from(lbs, (lb) => ipv4ToInt(lb.Address));
    this.active = new Uint8Array(this.count);
    this.limits = lbs.map((lb) => SPEC_LIMITS[lb.LoadBalancerSpec]!);
    this.specs = lbs.map((lb) => lb.LoadBalancerSpec);
    this.concurrent = new Int32Array(this.count);
    this.peakConcurrent = new Int32Array(this.count);
    this.instanceDrops = new Float64Array(this.count);
    this.droppedSyns = new Float64Array(this.count);
    this.cpsSecond = new Float64Array(this.count).fill(-1);
    this.cpsCount = new Int32Array(this.count);
    this.configure(scenario, new Uint8Array(this.count).fill(1));
  }

  /** The configuration in force (at construction and on every live change), in the base's order. */
  configure(scenario: Scenario, present: Uint8Array): void {
    scenario.loadBalancers.forEach((lb, i) => {
      this.active[i] = present[i] === 1 && lb.LoadBalancerStatus !== 'inactive' ? 1 : 0;
      this.limits[i] = SPEC_LIMITS[lb.LoadBalancerSpec]!;
      this.specs[i] = lb.LoadBalancerSpec;
    });
  }

  /** Whether a new connection of instance i is over its limits at `nowUs` (it is then dropped and counted). */
  overLimit(i: number, nowUs: number): boolean {
    const second = Math.floor(nowUs / US_PER_S);
    if (second !== this.cpsSecond[i]) {
      this.cpsSecond[i] = second;
      this.cpsCount[i] = 0;
    }
    const limits = this.limits[i]!;
    return (this.concurrent[i] as number) >= limits.maxConnections || (this.cpsCount[i] as number) >= limits.newConnectionsPerSecond;
  }

  /** A new connection of instance i was admitted: returns the instance's concurrency after it. */
  admitted(i: number): number {
    this.cpsCount[i] = (this.cpsCount[i] as number) + 1;
    const now = (this.concurrent[i] as number) + 1;
    this.concurrent[i] = now;
    if (now > (this.peakConcurrent[i] as number)) this.peakConcurrent[i] = now;
    return now;
  }

  /** A connection of instance i released its origin session. */
  released(i: number): void {
    this.concurrent[i] = (this.concurrent[i] as number) - 1;
  }
}
