import { Bucket } from '../engine/billing/meters';
import { OUTCOMES } from '../engine/metrics/outcomes';
import type { Simulation } from '../engine/simulation';
import { handshakeTotals, ratesPerSecond, statusClassTotals } from './l7-series';
import type { MetricSample } from './protocol';

function classTotals(sim: Simulation): number[] {
  return statusClassTotals(sim.tengine.metrics.byStatus);
}

function handshakesOf(sim: Simulation): number[] {
  const m = sim.tengine.metrics;
  return handshakeTotals(m.fullHandshakes, m.resumedHandshakes, m.failedHandshakes);
}

/**
 * Turns the engine's cumulative counters into one chart sample per whole simulated second crossed:
 * rates are differences over the time since the previous sample. The UI keeps the history.
 */
export class MetricsSampler {
  private lastTimeS = 0;
  private lastOpened = 0;
  private lastRequests: number[] = [];
  private lastOutcomes: number[] = [];
  private lastBytes = [0, 0, 0, 0];
  private lastClasses: number[] = [];
  private lastHandshakes: number[] = [];
  private pending: MetricSample[] = [];
  latestRequestsPerSecond: number[] = [];

  reset(sim: Simulation): void {
    this.lastTimeS = Math.floor(sim.timeUs / 1e6);
    this.lastOpened = sim.conns.opened;
    this.lastRequests = Array.from(sim.servers.requests);
    this.lastOutcomes = Array.from(sim.outcomeCounts);
    const b = sim.meters.bytes;
    this.lastBytes = [b[Bucket.slbOut]!, b[Bucket.eipOut]!, b[Bucket.natOut]!, b[Bucket.publicIpOut]!];
    this.lastClasses = classTotals(sim);
    this.lastHandshakes = handshakesOf(sim);
    this.pending = [];
    sim.latency.reset();
  }

  /** Call after the engine advanced; samples when a whole simulated second has passed. */
  sample(sim: Simulation): void {
    const nowS = Math.floor(sim.timeUs / 1e6);
    if (nowS <= this.lastTimeS) return;
    const dt = nowS - this.lastTimeS;
    const requests = Array.from(sim.servers.requests);
    const outcomes = Array.from(sim.outcomeCounts);
    const b = sim.meters.bytes;
    const bytes = [b[Bucket.slbOut]!, b[Bucket.eipOut]!, b[Bucket.natOut]!, b[Bucket.publicIpOut]!];
    const classes = classTotals(sim);
    const handshakes = handshakesOf(sim);
    const errorsByReason: Record<string, number> = {};
    OUTCOMES.forEach((o, code) => {
      const delta = (outcomes[code] ?? 0) - (this.lastOutcomes[code] ?? 0);
      if (o.reason !== 'completed' && o.reason !== 'in_flight' && delta > 0) errorsByReason[o.reason] = delta / dt;
    });
    this.latestRequestsPerSecond = requests.map((r, i) => (r - (this.lastRequests[i] ?? 0)) / dt);
    const sample: MetricSample = {
      timeS: nowS,
      newConnectionsPerSecond: (sim.conns.opened - this.lastOpened) / dt,
      activePerLvs: sim.lvs.ids.map((_, i) => sim.lvs.activeOn(i)),
      requestsPerBackend: this.latestRequestsPerSecond,
      latencyMs: { p50: sim.latency.percentileUs(50) / 1000, p95: sim.latency.percentileUs(95) / 1000, p99: sim.latency.percentileUs(99) / 1000 },
      errorsByReason,
      bytesOutPerSecond: {
        slbOut: (bytes[0]! - this.lastBytes[0]!) / dt,
        eipOut: (bytes[1]! - this.lastBytes[1]!) / dt,
        natOut: (bytes[2]! - this.lastBytes[2]!) / dt,
        publicIpOut: (bytes[3]! - this.lastBytes[3]!) / dt,
      },
      costAccrued: sim.bill().total,
      requestsByClass: ratesPerSecond(this.lastClasses, classes, dt),
      handshakes: ratesPerSecond(this.lastHandshakes, handshakes, dt),
    };
    sim.latency.reset();
    this.lastTimeS = nowS;
    this.lastOpened = sim.conns.opened;
    this.lastRequests = requests;
    this.lastOutcomes = outcomes;
    this.lastBytes = bytes;
    this.lastClasses = classes;
    this.lastHandshakes = handshakes;
    this.pending.push(sample);
  }

  /** Samples since the last call (sent with the next frame). */
  drain(): MetricSample[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
