import type { SimulationReport } from '../engine/report';
import { startRun } from '../run/compare';
import type { CompareArgs } from './args';
import { loadScenario } from './load-scenario';
import { formatFaults } from './report';

export interface Comparison {
  baseline: SimulationReport;
  variant: SimulationReport;
}

/**
 * Runs the scenario twice for the same simulated time and from the same seed (`--seed`, else the
 * scenario's): as it is (baseline), and with the `--set`s applied (variant). A `--set` of `seed`
 * changes only the variant's seed.
 */
export function runComparison(args: CompareArgs): Comparison {
  const once = (sets: CompareArgs['sets']): SimulationReport => {
    const scenario = loadScenario(args.scenario, sets);
    const sim = startRun(scenario, args.seed);
    const started = process.hrtime.bigint();
    sim.runUntil(args.durationUs);
    return sim.report(Number(process.hrtime.bigint() - started) / 1e9);
  };
  return { baseline: once([]), variant: once(args.sets) };
}

/** A short side-by-side text: connection outcomes and the failover report of each run. */
export function formatComparison(comparison: Comparison, sets: readonly string[]): string {
  const side = (name: string, r: SimulationReport): string[] => {
    const c = r.connections;
    return [
      `${name} (seed ${r.seed}, ${r.simulatedSeconds} s, trace hash ${r.traceHash})`,
      `  connections   opened ${c.opened}, completed ${c.completed}, reset ${c.reset}, refused ${c.refused}, dropped ${c.dropped}, timed out ${c.timedOut}, in flight ${c.inFlight}`,
      ...formatFaults(r).map((line) => `  ${line}`),
    ];
  };
  const left = side('baseline', comparison.baseline);
  const right = side(`variant: ${sets.join(' ')}`, comparison.variant);
  const width = Math.max(...left.map((l) => l.length));
  if (width > 90) return [...left, '', ...right].join('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) lines.push(`${(left[i] ?? '').padEnd(width)}  │  ${right[i] ?? ''}`.trimEnd());
  return lines.join('\n');
}
