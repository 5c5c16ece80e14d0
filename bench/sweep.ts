import { availableParallelism } from 'node:os';
import { parseArgs } from '../src/cli/args';
import { runSweep, SweepPool, warmUpJob, withoutWallTime } from '../src/cli/sweep';
import { runJob, type SweepArgs } from '../src/cli/sweep-plan';
import { US_PER_S } from '../src/shared/units';
import { progress, wallClockNs, wallSecondsSince } from './measure';

export interface SweepSpeedUp {
  runs: number;
  threads: number;
  oneThreadWallSeconds: number;
  allThreadsWallSeconds: number;
  /** One thread's wall time over all threads', the same grid in the same bench run. */
  speedUp: number;
  /** Whether both sweeps gave the same rows apart from wall time (they must). */
  sameRows: boolean;
  /** Not timed, on either side: each thread's start-up (the pool's threads loading tsx and the engine) and its warm-up run. */
  warmUpSimSeconds: number;
  /** How long the pool took to start its threads and warm them up (not in allThreadsWallSeconds). */
  poolReadyWallSeconds: number;
}

const ARGV = ['sweep', 'l4-basic', '--grid', 'cluster.lvsNodes=2,3,4,5', '--grid', 'cluster.ecmpMode=modulo,resilient', '--duration', '15s'];
/** Each thread first runs the sweep's first grid point for this long, untimed, so that both sides are timed with warm JIT code. */
const WARM_UP_SIM_SECONDS = 5;

function sweepArgs(jobs: number): SweepArgs {
  const args = parseArgs([...ARGV, '--jobs', String(jobs)]);
  if (args.command !== 'sweep') throw new Error('not a sweep');
  return args;
}

/**
 * The same sweep of l4-basic on one thread, then on one worker thread per core, side by side
 * (issue 15 target: ≥ 1.8× on 2 cores). Both sides are timed the same way: from the first run
 * handed out to the last report back, with every thread that runs them already started and warmed
 * up by the same untimed run. One thread is this one (--jobs 1 runs here, with the engine loaded);
 * all threads are a SweepPool started before timing. The pool's start-up is reported apart.
 */
export async function measureSweepSpeedUp(): Promise<SweepSpeedUp> {
  const threads = availableParallelism();
  const one = sweepArgs(1);
  const all = sweepArgs(threads);
  const warmUp = warmUpJob(one, WARM_UP_SIM_SECONDS * US_PER_S);
  const runs = (args: SweepArgs) => `sweep: 8 runs of 15 simulated s on ${args.jobs} thread${args.jobs === 1 ? '' : 's'}`;

  progress(`sweep: warm-up run in this thread (${WARM_UP_SIM_SECONDS} simulated s)`);
  runJob(warmUp);
  progress(runs(one));
  const oneThread = await runSweep(one);

  progress(`sweep: starting ${threads} worker threads, each with a warm-up run (${WARM_UP_SIM_SECONDS} simulated s)`);
  const poolStart = wallClockNs();
  const pool = await SweepPool.start(threads, warmUp);
  const poolReadyWallSeconds = wallSecondsSince(poolStart);
  progress(runs(all));
  let allThreads: Awaited<ReturnType<typeof runSweep>>;
  try {
    allThreads = await runSweep(all, undefined, pool);
  } finally {
    await pool.close();
  }
  return {
    runs: allThreads.rows.length,
    threads: allThreads.timing.jobs,
    oneThreadWallSeconds: Number(oneThread.timing.wallSeconds.toFixed(3)),
    allThreadsWallSeconds: Number(allThreads.timing.wallSeconds.toFixed(3)),
    speedUp: Number((oneThread.timing.wallSeconds / allThreads.timing.wallSeconds).toFixed(3)),
    sameRows: JSON.stringify(oneThread.rows.map(withoutWallTime)) === JSON.stringify(allThreads.rows.map(withoutWallTime)),
    warmUpSimSeconds: WARM_UP_SIM_SECONDS,
    poolReadyWallSeconds: Number(poolReadyWallSeconds.toFixed(3)),
  };
}
