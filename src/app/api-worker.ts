import { setupWorker } from 'msw/browser';
import { createSlbHandlers } from '../api/msw-handlers';
import { createControlPlane } from '../api/state';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';

/** Starts the Service Worker that serves the SLB API (Slb 2014-05-15) for the scenario in the URL. */
export async function startApiWorker(): Promise<void> {
  const name = new URLSearchParams(window.location.search).get('example') ?? 'default';
  const controlPlane = createControlPlane(parseScenario(examples[name] ?? examples['default']));
  const worker = setupWorker(...createSlbHandlers(controlPlane));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}
