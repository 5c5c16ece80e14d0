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
}

/**
 * Backend health checks, one state machine per (listener, backend). Every live LVS node sends a
 * probe each round (the backend sees N× the probe rate) and the result is shared by the cluster.
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
  private readonly timing: CheckTiming[];
  private readonly backends: number;
  /** When each check last changed its verdict (µs), for tests and reports. */
  readonly changedUs: Float64Array;

  constructor(private readonly sim: Simulation) {
    const { listeners, backendServers } = sim.scenario;
    this.backends = backendServers.length;
    const size = listeners.length * this.backends;
    this.status = new Uint8Array(size);
    this.healthy = new Uint8Array(size).fill(1);
    this.okRun = new Uint8Array(size);
    this.failRun = new Uint8Array(size);
    this.probes = new Float64Array(size);
    this.changedUs = new Float64Array(size).fill(-1);
    this.timing = listeners.map((l) => {
      const udp = l.ListenerProtocol === 'udp';
      const intervalS = l.HealthCheckInterval ?? (udp ? 5 : 2);
      const timeoutS = l.HealthCheckConnectTimeout ?? (udp ? 10 : 5);
      // An HTTP check whose timeout is below the interval uses the interval as its timeout (DOMAIN §2.5).
      const http = !udp && l.HealthCheckType === 'http';
      return {
        intervalUs: intervalS * US_PER_S,
        timeoutUs: (http ? Math.max(timeoutS, intervalS) : timeoutS) * US_PER_S,
        udp,
        healthy: l.HealthyThreshold,
        unhealthy: l.UnhealthyThreshold,
      };
    });
  }

  start(): void {
    this.sim.scenario.listeners.forEach((listener, l) => {
      if (listener.HealthCheck === 'off') return;
      for (let b = 0; b < this.backends; b++) this.sim.push(0, EventKind.HealthProbeStart, l * this.backends + b, 0);
    });
  }

  isHealthy(listener: number, backend: number): boolean {
    return this.healthy[listener * this.backends + backend] === 1;
  }

  statusName(listener: number, backend: number): string {
    return HEALTH_STATUS_NAMES[this.status[listener * this.backends + backend] as number]!;
  }

  /** One LVS ↔ ECS round trip. */
  private rttUs(backend: number): number {
    const t = this.sim.topology;
    const ecs = t.byKind.ecs[backend] as number;
    const lvs = t.byKind.lvs[0] as number;
    return 2 * (t.latencyUs[lvs * t.nodes.length + ecs] as number);
  }

  onProbeStart(check: number): void {
    const sim = this.sim;
    const l = Math.floor(check / this.backends);
    const b = check % this.backends;
    const timing = this.timing[l]!;
    const condition = sim.servers.condition[b];
    const answers = sim.servers.removed[b] === 0 && condition !== Condition.Down;
    const refuses = answers && condition === Condition.Refusing;
    let ok: boolean;
    let delayUs: number;
    if (timing.udp) {
      // UDP: an ICMP port unreachable fails the probe after one round trip; silence until the
      // timeout passes it, so a backend that is down altogether still looks healthy.
      ok = !refuses;
      delayUs = refuses ? this.rttUs(b) : timing.timeoutUs;
    } else {
      // TCP and HTTP: a refusing port answers at once with RST, a fast failure; a silent one fails on timeout.
      ok = answers && !refuses;
      delayUs = answers ? this.rttUs(b) : timing.timeoutUs;
    }
    const ecs = sim.topology.byKind.ecs[b] as number;
    for (let i = 0; i < sim.lvs.ids.length; i++) {
      if (sim.lvs.up[i] === 0) continue;
      this.probes[check] = (this.probes[check] as number) + 1;
      const from = sim.lvs.ids[i] as number;
      sim.recorder?.hop(from, ecs, sim.nowUs, sim.nowUs + this.rttUs(b) / 2, PacketType.Probe, 0, l);
    }
    sim.push(sim.nowUs + delayUs, EventKind.HealthProbeResult, check, ok ? 1 : 0);
  }

  onProbeResult(check: number, ok: number): void {
    const sim = this.sim;
    const l = Math.floor(check / this.backends);
    const timing = this.timing[l]!;
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
    if (!healthy) this.sim.servers.lastFailure[b] = `health check failed ×${this.timing[Math.floor(check / this.backends)]!.unhealthy} at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
    this.sim.lvs.views.refreshWeights();
  }
}
