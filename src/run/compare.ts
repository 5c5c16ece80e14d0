import type { Simulation } from '../engine/simulation';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { LiveRun } from './live-run';
import { applySet, type SetPath } from './set-path';

/** One `--set path=value`, parsed (parseSetArgument). */
export interface ScenarioSet {
  path: SetPath;
  value: unknown;
}

/** The scenario input (a file's JSON) with the sets applied in order, then validated (a CodedError names the field). */
export function scenarioWithSets(input: unknown, sets: readonly ScenarioSet[]): Scenario {
  let result = input;
  for (const { path, value } of sets) result = applySet(result, path, value);
  return parseScenario(result);
}

/** A fresh simulation of the scenario (its journal replays as time passes) from a seed, or the scenario's own. */
export function startRun(scenario: Scenario, seed: number | undefined): Simulation {
  return new LiveRun(scenario, seed === undefined ? {} : { seed }).sim;
}

export interface ComparePlan {
  /** Undefined: each side's scenario seed (so a set of `seed` changes the variant's alone). */
  seed: number | undefined;
  untilUs: number;
  /** Called between slices with the share done over both runs, 0…1. */
  onProgress?: (done: number) => void;
  /** Simulated time per slice between progress calls. */
  sliceUs?: number;
}

/**
 * Baseline (the scenario as it is) and variant (with the sets), both validated before either runs,
 * then run one after the other from the same seed to the same simulated time: what `compare` in the
 * CLI and the app's Failover tab show side by side.
 */
export function runPair(input: unknown, sets: readonly ScenarioSet[], plan: ComparePlan): { baseline: Simulation; variant: Simulation } {
  const scenarios = [scenarioWithSets(input, []), scenarioWithSets(input, sets)] as const;
  const slice = Math.max(1, plan.sliceUs ?? 1_000_000);
  const sims = scenarios.map((scenario, side) => {
    const sim = startRun(scenario, plan.seed);
    while (sim.timeUs < plan.untilUs) {
      sim.runUntil(Math.min(plan.untilUs, sim.timeUs + slice));
      plan.onProgress?.((side + sim.timeUs / Math.max(1, plan.untilUs)) / 2);
    }
    sim.runUntil(plan.untilUs);
    return sim;
  });
  plan.onProgress?.(1);
  return { baseline: sims[0]!, variant: sims[1]! };
}
