import { setupWorker } from 'msw/browser';
import { createSlbHandlers } from '../api/msw-handlers';
import { createControlPlane, replaceScenario, type ControlPlaneState } from '../api/state';
import type { Scenario } from '../scenario/schema';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';

let controlPlane: ControlPlaneState | undefined;

/**
 * Starts the Service Worker that serves the SLB API (Slb 2014-05-15). It is seeded with the
 * example the page opens so it answers from the first request; once the engine has loaded its
 * scenario, `serveScenario` makes the API describe exactly what the engine runs.
 */
export async function startApiWorker(example: string): Promise<void> {
  controlPlane = createControlPlane(parseScenario(examples[example] ?? examples['default']));
  const worker = setupWorker(...createSlbHandlers(controlPlane));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}

/** The API answers for this scenario from now on (called after every load, including a switch of example). */
export function serveScenario(scenario: Scenario): void {
  if (controlPlane) replaceScenario(controlPlane, scenario);
}
