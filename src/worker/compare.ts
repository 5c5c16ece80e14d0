import type { FailoverReport } from '../engine/faults/failover-report';
import type { ConnectionCounts } from '../engine/report';
import { runPair, type ScenarioSet } from '../run/compare';
import { parseSetArgument } from '../run/set-path';
import { CodedError } from '../shared/errors';

/** A comparison the app asks for: the run's scenario file (with its journal), a seed, a time and the variant's `--set`s. */
export interface CompareRequest {
  scenario: unknown;
  seed: number;
  untilUs: number;
  /** `path=value` texts, as `npm run sim -- compare --set` takes them. */
  sets: string[];
}

export interface CompareSide {
  seed: number;
  traceHash: string;
  connections: ConnectionCounts;
  faults: FailoverReport[];
}

export type CompareAnswer = { ok: true; untilS: number; sets: string[]; baseline: CompareSide; variant: CompareSide } | { ok: false; field: string; message: string };

/** Longest comparison the app runs (simulated time, both sides): beyond it, use the CLI. */
export const MAX_COMPARE_US = 3600 * 1e6;

/**
 * Runs baseline and variant headless (`runPair`, the CLI's compare) and answers both failover
 * reports; bad input comes back naming the field and the rule instead of throwing.
 */
export function compareFailover(request: CompareRequest, onProgress?: (done: number) => void): CompareAnswer {
  if (request.sets.length === 0) return { ok: false, field: 'setting', message: 'choose at least one setting to change: the variant differs from the baseline by it' };
  if (!Number.isFinite(request.untilUs) || request.untilUs <= 0) return { ok: false, field: 'until', message: 'must be a time after 0 s: run the simulation for a while first, or give a time' };
  if (request.untilUs > MAX_COMPARE_US) return { ok: false, field: 'until', message: `must be at most ${MAX_COMPARE_US / 1e6} s of simulated time (use the CLI for longer runs)` };
  try {
    const sets: ScenarioSet[] = request.sets.map(parseSetArgument);
    const { baseline, variant } = runPair(request.scenario, sets, { seed: request.seed, untilUs: request.untilUs, ...(onProgress ? { onProgress } : {}) });
    const side = (sim: typeof baseline): CompareSide => {
      const stats = sim.stats();
      return { seed: sim.seed, traceHash: stats.traceHash, connections: stats.connections, faults: sim.failover.report() };
    };
    return { ok: true, untilS: request.untilUs / 1e6, sets: request.sets, baseline: side(baseline), variant: side(variant) };
  } catch (error) {
    if (error instanceof CodedError) return { ok: false, field: error.field ?? 'setting', message: error.message };
    throw error;
  }
}
