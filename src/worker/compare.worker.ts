import * as Comlink from 'comlink';
import { compareFailover, type CompareAnswer, type CompareRequest } from './compare';

/**
 * A second worker for comparisons: the two headless runs block it, not the live run. The app
 * cancels by terminating it; progress goes out through the callback while it runs.
 */
const api = {
  compare: (request: CompareRequest, onProgress: (done: number) => void): CompareAnswer => {
    let last = -1;
    return compareFailover(request, (done) => {
      // At most one message per percent.
      const step = Math.floor(done * 100);
      if (step === last) return;
      last = step;
      void onProgress(done);
    });
  },
};

export type CompareWorkerApi = typeof api;

Comlink.expose(api);
