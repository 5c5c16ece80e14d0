import { parentPort } from 'node:worker_threads';
import { runJob, type RunJob } from './sweep-plan';

/**
 * A sweep's worker thread: says it is ready once the engine is loaded, then runs the jobs it is
 * sent, one at a time, and answers each with its report or error.
 */
parentPort?.on('message', (job: RunJob) => {
  try {
    parentPort!.postMessage({ index: job.run.index, report: runJob(job) });
  } catch (error) {
    parentPort!.postMessage({ index: job.run.index, error: (error as Error).message });
  }
});
parentPort?.postMessage({ ready: true });
