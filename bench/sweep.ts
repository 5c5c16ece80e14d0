import { availableParallelism } from 'node:os';
import { parseArgs } from '../src/cli/args';
import { runSweep, withoutWallTime } from '../src/cli/sweep';
import { progress } from './measure';

export interface SweepSpeedUp {
  runs: number;
  threads: number;
  oneThreadWallSeconds: number;
  allThreadsWallSeconds: number;
  /** One thread's wall time over all threads', the same grid in the same bench run. */
  speedUp: number;
  /** Whether both sweeps gave the same rows apart from wall time (they must). */
  sameRows: boolean;
}

/** The same sweep of l4-basic on one worker thread, then on one per core, side by side (issue 15 target: ≥ 1.8× on 2 cores). */
export async function measureSweepSpeedUp(): Promise<SweepSpeedUp> {
  const argv = ['sweep', 'l4-basic', '--grid', 'cluster.lvsNodes=2,3,4,5', '--grid', 'cluster.ecmpMode=modulo,resilient', '--duration', '15s'];
  const threads = availableParallelism();
  const sweep = async (jobs: number) => {
    const args = parseArgs([...argv, '--jobs', String(jobs)]);
    if (args.command !== 'sweep') throw new Error('not a sweep');
    progress(`sweep: 8 runs of 15 simulated s on ${jobs} thread${jobs === 1 ? '' : 's'}`);
    return runSweep(args);
  };
  // --jobs 1 runs in this thread: the plain one-core baseline, with no thread start-up to pay.
  const one = await sweep(1);
  const all = await sweep(threads);
  return {
    runs: all.rows.length,
    threads: all.timing.jobs,
    oneThreadWallSeconds: Number(one.timing.wallSeconds.toFixed(3)),
    allThreadsWallSeconds: Number(all.timing.wallSeconds.toFixed(3)),
    speedUp: Number((one.timing.wallSeconds / all.timing.wallSeconds).toFixed(3)),
    sameRows: JSON.stringify(one.rows.map(withoutWallTime)) === JSON.stringify(all.rows.map(withoutWallTime)),
  };
}
