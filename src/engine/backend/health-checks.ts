import { isLayer7, type Listener, type Scenario } from '../../scenario/schema';
import { resolveRouting } from '../tengine/groups';
import { masterSlavePairOf } from '../lvs/master-slave';
import { layer4GroupOf } from '../lvs/vserver-group';
import { US_PER_S } from '../../shared/units';
import { EventKind, PacketType } from '../core/kinds';
import type { Simulation } from '../simulation';
import { Condition } from './servers';

export const HealthStatus = { Unavailable: 0, Normal: 1, Abnormal: 2 } as const;
export const HEALTH_STATUS_NAMES = ['unavailable', 'normal', 'abnormal'] as const;

interface CheckTiming {
  intervalUs: number;
  timeoutUs: number;
  /** UDP probes pass on silence: only an ICMP port-unreachable answer fails them. */
  udp: boolean;
  healthy: number;
  unhealthy: number;
  /** The backend answers probes with 200: healthy only if the listener counts http_2xx (layer 7). */
  codeOk: boolean;
}

/** How LVS checks a Tengine node (SLB's internal check; not configurable): TCP, 2 s, 5 s, 3 / 3. */
const TENGINE_CHECK: CheckTiming = { intervalUs: 2 * US_PER_S, timeoutUs: 5 * US_PER_S, udp: false, healthy: 3, unhealthy: 3, codeOk: true };

/**
 * Health checks, one state machine per (listener, real server). For a TCP/UDP listener every live
 * LVS node probes each backend; for an HTTP/HTTPS listener every live LVS node probes each Tengine
 * node (TCP), and every live Tengine node probes each backend with the listener's HTTP check
 * (HealthCheckURI, HealthCheckTimeout, HealthCheckHttpCode). The backend sees N× the probe rate;
 * the verdict is shared by the probing cluster.
 * A probe succeeds after one LVS↔ECS round trip or fails after the timeout; the next round starts
 * one interval after the result, so a backend failing at a round's start is marked down exactly
 * `Timeout×Unhealthy + Interval×(Unhealthy−1)` later, and up `RTT×Healthy + Interval×(Healthy−1)`
 * after it recovers (DOMAIN §2.5). Backends start usable, reported `unavailable` until checked.
 */
export class HealthChecks {
  readonly status: Uint8Array;
  readonly probes: Float64Array;
  private readonly healthy: Uint8Array;
  private readonly okRun: Uint8Array;
  private readonly failRun: Uint8Array;
  private timing: CheckTiming[];
  /** Per check: 1 when it should run now; 1 while its chain of probe events is pending. */
  private readonly wanted: Uint8Array;
  private readonly chain: Uint8Array;
  /** Per listener: the ECS instances it forwards to now (checked when HealthCheck is on). */
  private serves: Set<number>[] = [];
  /** Per listener: 1 when it forwards to a group of its own, master-slave or layer-4 VServer group (whose members are not default-group attachments). */
  private ownGroup = new Uint8Array(0);
  private readonly backends: number;
  /** When each check last changed its verdict (µs), for tests and reports. */
  readonly changedUs: Float64Array;

  constructor(private readonly sim: Simulation) {
    const { listeners } = sim.scenario;
    this.backends = sim.real.count;
    const size = listeners.length * this.backends;
    this.status = new Uint8Array(size);
    this.healthy = new Uint8Array(size).fill(1);
    this.okRun = new Uint8Array(size);
    this.failRun = new Uint8Array(size);
    this.probes = new Float64Array(size);
    this.changedUs = new Float64Array(size).fill(-1);
    this.timing = listeners.map(checkTiming);
    this.wanted = new Uint8Array(size);
    this.chain = new Uint8Array(size);
  }

  start(): void {
    this.serves = this.servedNow();
    for (let check = 0; check < this.wanted.length; check++) {
      this.wanted[check] = this.isWanted(check) ? 1 : 0;
      if (this.wanted[check] === 0) continue;
      this.chain[check] = 1;
      this.sim.push(0, EventKind.HealthProbeStart, check, 0);
    }
  }

  /**
   * Whether a check runs: its listener runs, and the real server is a Tengine node of a layer-7
   * listener (LVS always checks those) or an ECS instance the listener forwards to (its default
   * server group, or for HTTP/HTTPS a VServer group it uses) with HealthCheck on.
   */
  private isWanted(check: number): boolean {
    const sim = this.sim;
    const l = Math.floor(check / this.backends);
    const b = check % this.backends;
    if (sim.live.running[l] === 0) return false;
    if (sim.real.isTengine(b)) return sim.tengine.isLayer7Listener(l);
    return sim.scenario.listeners[l]!.HealthCheck === 'on' && this.serves[l]!.has(b);
  }

  /**
   * After a configuration change: new settings apply from each check's next round (the pending
   * probe is not cancelled; its result schedules the next one with the new interval). A check
   * that stops (listener stopped, instance detached or out of its groups, HealthCheck off) forgets its verdict: the
   * backend counts as healthy, reported unavailable, and its probe chain ends at its next event.
   * A check that starts (listener started, instance attached or added to a group, HealthCheck on) begins fresh, its
   * first probe now unless its old chain is still pending, in which case that one continues.
   */
  reconfigure(): void {
    this.timing = this.sim.scenario.listeners.map(checkTiming);
    this.serves = this.servedNow();
    for (let check = 0; check < this.wanted.length; check++) {
      const wanted = this.isWanted(check) ? 1 : 0;
      if (wanted === this.wanted[check]) continue;
      this.wanted[check] = wanted;
      if (wanted === 0) {
        this.forget(check);
        continue;
      }
      if (this.chain[check] === 1) continue;
      this.chain[check] = 1;
      this.sim.push(this.sim.nowUs, EventKind.HealthProbeStart, check, 0);
    }
  }

  /**
   * Per listener, the instances it forwards to now. A listener absent from the configuration has
   * none (its definition may name VServer groups the configuration no longer has).
   */
  private servedNow(): Set<number>[] {
    const { scenario, live } = this.sim;
    this.ownGroup = Uint8Array.from(scenario.listeners, (l) => (l.MasterSlaveServerGroupId !== undefined || layer4GroupOf(scenario, l) !== undefined ? 1 : 0));
    return scenario.listeners.map((listener, l) => (live.listenerPresent[l] === 1 ? serversOf(scenario, listener) : new Set<number>()));
  }

  /** Back to the initial state: usable, not yet checked. */
  private forget(check: number): void {
    this.healthy[check] = 1;
    this.status[check] = HealthStatus.Unavailable;
    this.okRun[check] = 0;
    this.failRun[check] = 0;
  }

  isHealthy(listener: number, backend: number): boolean {
    return this.healthy[listener * this.backends + backend] === 1;
  }

  statusName(listener: number, backend: number): string {
    return HEALTH_STATUS_NAMES[this.status[listener * this.backends + backend] as number]!;
  }

  /** One prober ↔ real server round trip. */
  private rttUs(prober: number, backend: number): number {
    const t = this.sim.topology;
    return 2 * (t.latencyUs[prober * t.nodes.length + (this.sim.real.node[backend] as number)] as number);
  }

  private timingOf(l: number, b: number): CheckTiming {
    return this.sim.real.isTengine(b) ? TENGINE_CHECK : this.timing[l]!;
  }

  onProbeStart(check: number): void {
    if (this.wanted[check] === 0) {
      this.chain[check] = 0;
      return;
    }
    const sim = this.sim;
    const l = Math.floor(check / this.backends);
    const b = check % this.backends;
    const timing = this.timingOf(l, b);
    const tengine = sim.real.isTengine(b);
    const condition = tengine ? Condition.Healthy : sim.servers.condition[b];
    // A master-slave or layer-4 VServer group member answers whether or not the default server group holds it.
    const attached = tengine || sim.servers.removed[sim.servers.slot(l, b)] === 0 || this.ownGroup[l] === 1;
    const answers = tengine ? sim.tengine.up[sim.real.tengineIndex(b)] === 1 : attached && condition !== Condition.Down;
    // An HTTP check that does not count 2xx as healthy fails on the backend's 200.
    const refuses = answers && (condition === Condition.Refusing || !timing.codeOk);
    // Tengine nodes probe a layer-7 listener's backends; LVS nodes probe everything else.
    const probers = !tengine && sim.tengine.isLayer7Listener(l) ? sim.topology.byKind.tengine : sim.lvs.ids;
    const proberUp = probers === sim.lvs.ids ? sim.lvs.up : sim.tengine.up;
    const rttUs = this.rttUs(probers[0] as number, b);
    let ok: boolean;
    let delayUs: number;
    if (timing.udp) {
      // UDP: an ICMP port unreachable fails the probe after one round trip; silence until the
      // timeout passes it, so a backend that is down altogether still looks healthy.
      ok = !refuses;
      delayUs = refuses ? rttUs : timing.timeoutUs;
    } else {
      // TCP and HTTP: a refusing port answers at once with RST, a fast failure; a silent one fails on timeout.
      ok = answers && !refuses;
      delayUs = answers ? rttUs : timing.timeoutUs;
    }
    const target = sim.real.node[b] as number;
    for (let i = 0; i < probers.length; i++) {
      if (proberUp[i] === 0) continue;
      this.probes[check] = (this.probes[check] as number) + 1;
      const from = probers[i] as number;
      sim.recorder?.hop(from, target, sim.nowUs, sim.nowUs + rttUs / 2, PacketType.Probe, 0, l);
    }
    sim.push(sim.nowUs + delayUs, EventKind.HealthProbeResult, check, ok ? 1 : 0);
  }

  onProbeResult(check: number, ok: number): void {
    if (this.wanted[check] === 0) {
      this.chain[check] = 0;
      return;
    }
    const sim = this.sim;
    const l = Math.floor(check / this.backends);
    const timing = this.timingOf(l, check % this.backends);
    if (ok === 1) {
      this.failRun[check] = 0;
      this.okRun[check] = Math.min(255, (this.okRun[check] as number) + 1);
      if (this.status[check] === HealthStatus.Unavailable) this.status[check] = HealthStatus.Normal;
      if (this.healthy[check] === 0 && (this.okRun[check] as number) >= timing.healthy) this.mark(check, true);
    } else {
      this.okRun[check] = 0;
      this.failRun[check] = Math.min(255, (this.failRun[check] as number) + 1);
      // A backend that is already unhealthy has been reported abnormal since its mark-down.
      if (this.healthy[check] === 1 && (this.failRun[check] as number) >= timing.unhealthy) this.mark(check, false);
    }
    sim.push(sim.nowUs + timing.intervalUs, EventKind.HealthProbeStart, check, 0);
  }

  private mark(check: number, healthy: boolean): void {
    this.healthy[check] = healthy ? 1 : 0;
    this.status[check] = healthy ? HealthStatus.Normal : HealthStatus.Abnormal;
    this.changedUs[check] = this.sim.nowUs;
    const b = check % this.backends;
    const l = Math.floor(check / this.backends);
    const failure = `health check failed ×${this.timingOf(l, b).unhealthy} at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
    if (!healthy && this.sim.real.isTengine(b)) this.sim.tengine.lastFailure[this.sim.real.tengineIndex(b)] = failure;
    else if (!healthy) this.sim.servers.lastFailure[b] = failure;
    this.sim.lvs.views.refreshWeights();
    if (!healthy) this.sim.failover.healthCheckFailed(b);
  }
}

/**
 * The ECS instances (backend indices) a listener forwards to: a TCP/UDP listener's master-slave
 * group (master and slave, both checked: the slave must be known healthy before it takes over),
 * or its VServer group's members (only them: LVS forwards to nothing else), else its default
 * server group, and for an HTTP/HTTPS listener also the VServer groups of its rules and its
 * VServerGroupId. The one place that maps a listener to the instances it checks.
 */
function serversOf(scenario: Scenario, listener: Listener): Set<number> {
  const pair = masterSlavePairOf(scenario, listener);
  if (pair !== undefined) return new Set([pair.master.backend, pair.slave.backend].filter((b) => b >= 0));
  const group = layer4GroupOf(scenario, listener);
  if (group !== undefined) return new Set(group.members.map((m) => m.backend));
  const servers = new Set<number>();
  for (const group of resolveRouting(scenario, listener).groups) for (const b of group.servers) servers.add(b);
  return servers;
}

/** A listener's check timing, with the protocol defaults (TCP 2 s / 5 s, UDP 5 s / 10 s, HTTP 5 s). */
function checkTiming(l: Listener): CheckTiming {
  const udp = l.ListenerProtocol === 'udp';
  const intervalS = l.HealthCheckInterval ?? (udp ? 5 : 2);
  const timeoutS = l.HealthCheckConnectTimeout ?? (udp ? 10 : 5);
  // An HTTP check whose timeout is below the interval uses the interval as its timeout (DOMAIN §2.5).
  const http = !udp && l.HealthCheckType === 'http';
  const layer7 = isLayer7(l.ListenerProtocol);
  const probeTimeoutS = layer7 ? (l.HealthCheckTimeout ?? 5) : timeoutS;
  return {
    intervalUs: intervalS * US_PER_S,
    timeoutUs: (http || layer7 ? Math.max(probeTimeoutS, intervalS) : probeTimeoutS) * US_PER_S,
    udp,
    healthy: l.HealthyThreshold,
    unhealthy: l.UnhealthyThreshold,
    codeOk: !layer7 || (l.HealthCheckHttpCode ?? 'http_2xx').split(',').includes('http_2xx'),
  };
}
