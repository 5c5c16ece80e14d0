import { formatIp } from '../net/ipv4';
import type { Simulation } from '../simulation';
import { formatCid, quicConnectionId } from '../traffic/quic';
import { createScheduler, type BackendView, type FlowKey, type Scheduler } from './schedulers';
import type { SchedulerName } from './schedulers/types';
import { isActive, ConnState } from './tcp-states';
import { UdpGrace } from './udp-grace';
import { activeMember, masterSlavePairOf, type MasterSlavePair } from './master-slave';
import { layer4GroupOf, type Layer4Group } from './vserver-group';
import type { Scenario } from '../../scenario/schema';

interface MutableView {
  weights: Int32Array;
  active: Int32Array;
  inactive: Int32Array;
  version: number;
}

/**
 * What each LVS node's schedulers see: per listener, the backends' effective weights (shared by
 * all nodes: configured weight, 0 when unhealthy or removed) and, per node, its own active and
 * inactive counts per backend (local and synced sessions alike, as IPVS counts them).
 */
export class BackendViews {
  readonly activeTotal: Float64Array;
  readonly inactiveTotal: Float64Array;
  private readonly weights: Int32Array[];
  private readonly views: MutableView[];
  private readonly schedulers: Scheduler[];
  private readonly drainingFlags: Uint8Array;
  private readonly drainUntilUs: Float64Array;
  private readonly listeners: number;
  private readonly backends: number;
  private readonly flow: FlowKey = { clientIp: 0, clientPort: 0, vip: 0, vport: 0, quicCid: 0 };
  /** UDP listeners act on removals and weight-0 changes five minutes late. */
  readonly udpGrace: UdpGrace;
  /** Per listener: 1 for UDP (its flows carry a QUIC connection id). */
  private readonly udp: Uint8Array;
  /** Per listener: its master-slave group, or undefined (default server group); for the scenario in `pairsOf`. */
  private pairs: (MasterSlavePair | undefined)[] = [];
  /** Per TCP/UDP listener: its VServer group, or undefined; resolved with `pairs`. */
  private groups: (Layer4Group | undefined)[] = [];
  private pairsOf: Scenario | undefined;
  /**
   * Per (listener, backend): 1 while the backend serves the listener through its master-slave
   * or VServer group, or did and has not been attached to the default server group since: its
   * flows on that listener continue after a switch (live changes affect new connections only).
   */
  private pairMember: Uint8Array | undefined;

  constructor(
    private readonly sim: Simulation,
    nodes: number,
  ) {
    const scenario = sim.scenario;
    this.listeners = scenario.listeners.length;
    this.backends = sim.real.count;
    this.activeTotal = new Float64Array(nodes);
    this.inactiveTotal = new Float64Array(nodes);
    this.weights = scenario.listeners.map(() => new Int32Array(this.backends));
    this.views = [];
    this.schedulers = [];
    for (let i = 0; i < nodes; i++) {
      scenario.listeners.forEach((listener, l) => {
        this.views.push({ weights: this.weights[l]!, active: new Int32Array(this.backends), inactive: new Int32Array(this.backends), version: 0 });
        this.schedulers.push(createScheduler(listener.Scheduler));
      });
    }
    this.udp = Uint8Array.from(scenario.listeners, (l) => (l.ListenerProtocol === 'udp' ? 1 : 0));
    scenario.listeners.forEach((l) => {
      // Validation refuses this; a scenario built around it must not silently hash TCP on the 4-tuple.
      if (l.Scheduler === 'qch' && l.ListenerProtocol !== 'udp') throw new Error(`listener ${l.ListenerPort}: qch keys on the QUIC connection id and needs a UDP listener`);
    });
    this.drainingFlags = new Uint8Array(this.listeners * this.backends);
    this.drainUntilUs = new Float64Array(this.listeners * this.backends);
    this.udpGrace = new UdpGrace(sim);
    this.refreshWeights();
  }

  view(i: number, listener: number): BackendView {
    return this.views[i * this.listeners + listener]!;
  }

  scheduler(i: number, listener: number): Scheduler {
    return this.schedulers[i * this.listeners + listener]!;
  }

  /**
   * The key hashing schedulers read for a connection: its 4-tuple and, for a UDP flow, its QUIC
   * connection id (TCP carries none: 0). One reused object, so scheduling allocates nothing.
   */
  flowKey(conn: number, vip: number, vport: number): FlowKey {
    const c = this.sim.conns;
    const f = this.flow;
    f.clientIp = c.clientIp[conn] as number;
    f.clientPort = c.clientPort[conn] as number;
    f.vip = vip;
    f.vport = vport;
    f.quicCid = this.udp[c.listener[conn] as number] === 1 ? quicConnectionId(this.sim.seed, c.serial[conn] as number) : 0;
    return f;
  }

  /** Whether Tengine node t stands in the zone holding the VIP (true for all when that zone has no Tengine nodes). */
  private tengineInActiveZone(t: number): boolean {
    const { tengineNodes, standby } = this.sim.scenario.cluster;
    if (standby.tengineNodes === 0) return true;
    // Weights are first computed while the LVS cluster is being built: the primary zone holds the VIP then.
    const secondary = (this.sim.lvs as typeof this.sim.lvs | undefined)?.zones.active === 1;
    return secondary === t >= tengineNodes;
  }

  /** Recomputes effective weights from configuration, health and removal; bumps every view's version. */
  refreshWeights(): void {
    const { servers, health, real, tengine } = this.sim;
    const pairs = this.masterSlavePairs();
    for (let l = 0; l < this.listeners; l++) {
      const weights = this.weights[l]!;
      const pair = pairs[l];
      if (pair !== undefined) {
        // A master-slave group: only the member that takes new connections has a weight.
        weights.fill(0);
        const active = activeMember(pair, (b) => health.isHealthy(l, b));
        if (active !== undefined) weights[active.backend] = active.weight;
        continue;
      }
      const group = this.groups[l];
      if (group !== undefined) {
        // A TCP/UDP listener's VServer group: its members with the group's weights, 0 when unhealthy.
        weights.fill(0);
        for (const m of group.members) weights[m.backend] = health.isHealthy(l, m.backend) ? m.weight : 0;
        continue;
      }
      const layer7 = tengine.isLayer7Listener(l);
      for (let b = 0; b < this.backends; b++) {
        // A layer-7 listener schedules onto the Tengine nodes only, a layer-4 one onto backends only.
        if (real.isTengine(b) !== layer7) {
          weights[b] = 0;
          continue;
        }
        if (layer7) {
          // LVS learns of a failed Tengine node from its health check, not at the moment it fails;
          // it schedules onto the Tengine nodes of the zone holding the VIP (any, if that zone has none).
          weights[b] = health.isHealthy(l, b) && this.tengineInActiveZone(real.tengineIndex(b)) ? 100 : 0;
          continue;
        }
        const held = this.udpGrace.holds(l, b);
        const slot = servers.slot(l, b);
        const usable = (held || servers.removed[slot] === 0) && health.isHealthy(l, b);
        weights[b] = !usable ? 0 : held ? this.udpGrace.weight(l, b) : (servers.weight[slot] as number);
      }
    }
    for (const view of this.views) view.version++;
    // Tengine balances layer-7 requests over the same backends: removal, weights and health apply there too.
    this.sim.tengine.refreshWeights();
  }

  /** Moves one session between states in the counts of its node (and backend, when it has one). */
  count(i: number, listener: number, backend: number, from: number, to: number): void {
    const view = this.views[i * this.listeners + listener]!;
    if (from !== ConnState.None) {
      if (isActive(from)) {
        this.activeTotal[i] = (this.activeTotal[i] as number) - 1;
        if (backend >= 0) view.active[backend] = (view.active[backend] as number) - 1;
      } else {
        this.inactiveTotal[i] = (this.inactiveTotal[i] as number) - 1;
        if (backend >= 0) view.inactive[backend] = (view.inactive[backend] as number) - 1;
      }
    }
    if (to !== ConnState.None) {
      if (isActive(to)) {
        this.activeTotal[i] = (this.activeTotal[i] as number) + 1;
        if (backend >= 0) view.active[backend] = (view.active[backend] as number) + 1;
      } else {
        this.inactiveTotal[i] = (this.inactiveTotal[i] as number) + 1;
        if (backend >= 0) view.inactive[backend] = (view.inactive[backend] as number) + 1;
      }
    }
  }

  /**
   * Per listener, its master-slave group (undefined: the default server group), resolved once per
   * scenario: a live change replaces the scenario, and the pairs with it.
   */
  masterSlavePairs(): readonly (MasterSlavePair | undefined)[] {
    const scenario = this.sim.scenario;
    if (this.pairsOf !== scenario) {
      this.pairs = scenario.listeners.map((l) => masterSlavePairOf(scenario, l));
      this.groups = scenario.listeners.map((l) => layer4GroupOf(scenario, l));
      this.pairsOf = scenario;
      this.markPairMembers();
    }
    return this.pairs;
  }

  /** The port LVS forwards a listener's connection to on this backend: a group member's own, else BackendServerPort. */
  backendPort(listener: number, backend: number): number {
    const pair = this.masterSlavePairs()[listener];
    if (pair?.master.backend === backend) return pair.master.port;
    if (pair?.slave.backend === backend) return pair.slave.port;
    const member = this.groups[listener]?.members.find((m) => m.backend === backend);
    return member?.port ?? this.sim.scenario.listeners[listener]!.BackendServerPort;
  }

  private markPairMembers(): void {
    if (this.pairs.every((p) => p === undefined) && this.groups.every((g) => g === undefined) && this.pairMember === undefined) return;
    const flags = (this.pairMember ??= new Uint8Array(this.listeners * this.backends));
    const servers = this.sim.servers;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] === 1 && servers.removed[servers.slot(Math.floor(i / this.backends), i % this.backends)] === 0) flags[i] = 0;
    }
    this.pairs.forEach((pair, l) => {
      for (const b of pair ? [pair.master.backend, pair.slave.backend] : []) if (b >= 0) flags[l * this.backends + b] = 1;
    });
    this.groups.forEach((group, l) => {
      for (const m of group?.members ?? []) flags[l * this.backends + m.backend] = 1;
    });
  }

  /**
   * Packets of existing flows to this backend are dropped: it was removed, with no drain or UDP
   * grace running. A master-slave or VServer group listener's members are not attachments of the
   * default server group, so removal from it does not touch them; its existing flows continue,
   * like any flow whose backend fails its health check.
   */
  dropsTraffic(listener: number, backend: number): boolean {
    if (this.masterSlavePairs()[listener] !== undefined || this.groups[listener] !== undefined) return false;
    if (this.pairMember?.[listener * this.backends + backend] === 1) return false;
    const servers = this.sim.servers;
    return servers.removed[servers.slot(listener, backend)] === 1 && !this.draining(listener, backend) && !this.udpGrace.holds(listener, backend);
  }

  draining(listener: number, backend: number): boolean {
    return this.drainingFlags[listener * this.backends + backend] === 1;
  }

  startDrain(listener: number, backend: number, untilUs: number): void {
    this.drainingFlags[listener * this.backends + backend] = 1;
    this.drainUntilUs[listener * this.backends + backend] = untilUs;
  }

  stopDrain(listener: number, backend: number): void {
    this.drainingFlags[listener * this.backends + backend] = 0;
  }

  /** Is this the moment the listener's current drain of the backend ends (not an earlier drain's leftover event)? */
  drainDue(listener: number, backend: number, nowUs: number): boolean {
    return this.draining(listener, backend) && this.drainUntilUs[listener * this.backends + backend] === nowUs;
  }

  /**
   * A new Scheduler for the listener: IPVS binds a fresh scheduler to the service
   * (ip_vs_edit_service → ip_vs_bind_scheduler), so every node starts its position anew; open
   * connections keep their backends.
   */
  setScheduler(listener: number, name: SchedulerName): void {
    const nodes = this.views.length / this.listeners;
    for (let i = 0; i < nodes; i++) this.schedulers[i * this.listeners + listener] = createScheduler(name);
  }

  /** One line for a journey: why the scheduler picked this backend. */
  explain(i: number, listener: number, backend: number): string {
    const name = this.sim.scenario.listeners[listener]!.Scheduler;
    if (backend < 0) return `${name}: no backend with weight > 0 (all unhealthy, removed or weight 0)${this.bothDown(listener)}`;
    const view = this.views[i * this.listeners + listener]!;
    const id = this.sim.real.label[backend]!;
    const w = view.weights[backend] as number;
    const overhead = (view.active[backend] as number) * 256 + (view.inactive[backend] as number);
    return `${name} chose ${id}: ${this.hashedKey(name)}weight ${w}, active ${view.active[backend]}, inactive ${view.inactive[backend]} (overhead ${overhead})${this.pairNote(listener, backend)}`;
  }

  private bothDown(listener: number): string {
    const pair = this.masterSlavePairs()[listener];
    return pair === undefined ? '' : `; master-slave group ${pair.id}: neither master nor slave is usable`;
  }

  /** For a master-slave listener: which member took the connection, and why (the failover, when it is the slave). */
  private pairNote(listener: number, backend: number): string {
    const pair = this.masterSlavePairs()[listener];
    if (pair === undefined) return '';
    const label = (b: number): string => (b >= 0 ? this.sim.real.label[b]! : '(none)');
    const master = label(pair.master.backend);
    if (backend === pair.master.backend) return `; master-slave group ${pair.id}: master ${master}`;
    const why = pair.master.weight === 0 ? 'has weight 0' : 'fails its health check';
    return `; master-slave group ${pair.id}: master ${master} ${why}, failover to slave ${label(backend)}`;
  }

  /** What a hashing scheduler keyed on, from the last flowKey(); empty for the others. */
  private hashedKey(name: string): string {
    const f = this.flow;
    switch (name) {
      case 'sch':
        return `source IP ${formatIp(f.clientIp)}, `;
      case 'tch':
        return `4-tuple ${formatIp(f.clientIp)}:${f.clientPort} → ${formatIp(f.vip)}:${f.vport}, `;
      case 'qch':
        return f.quicCid !== 0 ? `QUIC CID ${formatCid(f.quicCid)}, ` : `no CID: 4-tuple ${formatIp(f.clientIp)}:${f.clientPort} → ${formatIp(f.vip)}:${f.vport}, `;
      default:
        return '';
    }
  }
}
