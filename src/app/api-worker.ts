import { setupWorker } from 'msw/browser';
import { createSlbHandlers } from '../api/msw-handlers';
import { createControlPlane, replaceScenario, type ControlPlaneState } from '../api/state';
import type { Scenario } from '../scenario/schema';
import { examples } from '../scenario/examples';
import { parseScenario, validateScenario } from '../scenario/validate';

let controlPlane: ControlPlaneState | undefined;

/**
 * Starts the Service Worker that serves the SLB API (Slb 2014-05-15). It is seeded with the
 * example the page opens so it answers from the first request; once the engine has loaded its
 * scenario, `serveScenario` makes the API describe exactly what the engine runs.
 */
export async function startApiWorker(example: string): Promise<void> {
  // `{}` is a valid scenario by design: a broken example must not keep the API (and page) from starting.
  const seeded = validateScenario(examples[example] ?? examples['default']);
  controlPlane = createControlPlane(seeded.ok ? seeded.scenario : parseScenario({}));
  const worker = setupWorker(...createSlbHandlers(controlPlane));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}

/** The API answers for this scenario from now on (called after every load, including a switch of example). */
export function serveScenario(scenario: Scenario): void {
  if (controlPlane) replaceScenario(controlPlane, scenario);
}
