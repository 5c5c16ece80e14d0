import type { Simulation } from '../engine/simulation';
import { US_PER_S } from '../shared/units';

export interface RunReport {
  seed: number;
  scenario: string;
  simulatedSeconds: number;
  wallSeconds: number;
  events: number;
  eventsPerWallSecond: number;
  traceHash: string;
  connections: { opened: number; completed: number; reset: number; inFlight: number };
}

export function buildReport(sim: Simulation, wallSeconds: number): RunReport {
  const stats = sim.stats();
  return {
    seed: sim.seed,
    scenario: sim.scenario.name,
    simulatedSeconds: stats.simulatedUs / US_PER_S,
    wallSeconds,
    events: stats.events,
    eventsPerWallSecond: wallSeconds > 0 ? Math.round(stats.events / wallSeconds) : 0,
    traceHash: stats.traceHash,
    connections: stats.connections,
  };
}

export function formatReport(report: RunReport): string {
  const c = report.connections;
  return [
    `scenario        ${report.scenario} (seed ${report.seed})`,
    `simulated       ${report.simulatedSeconds} s in ${report.wallSeconds.toFixed(3)} s wall`,
    `events          ${report.events} (${report.eventsPerWallSecond.toLocaleString('en-US')} per wall second)`,
    `connections     opened ${c.opened}, completed ${c.completed}, reset ${c.reset}, in flight ${c.inFlight}`,
    `trace hash      ${report.traceHash}`,
  ].join('\n');
}
