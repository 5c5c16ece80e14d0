import { setupWorker } from 'msw/browser';
import { createSlbHandlers } from '../api/msw-handlers';
import { createControlPlane } from '../api/state';
import { defaultScenario } from '../scenario/examples/default';
import { parseScenario } from '../scenario/validate';

/** Starts the Service Worker that serves the SLB API (Slb 2014-05-15) inside the browser. */
export async function startApiWorker(): Promise<void> {
  const controlPlane = createControlPlane(parseScenario(defaultScenario));
  const worker = setupWorker(...createSlbHandlers(controlPlane));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}
