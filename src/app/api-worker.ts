import { setupWorker } from 'msw/browser';
import { createSlbHandlers, type RpcServer } from '../api/msw-handlers';

/**
 * Starts the Service Worker that serves the SLB API (Slb 2014-05-15) on the page's origin. Every
 * request goes to the simulation worker, which owns the control plane: the API describes exactly
 * what the engine runs, and an accepted change is journaled and applied to it at once.
 */
export async function startApiWorker(serve: RpcServer): Promise<void> {
  const worker = setupWorker(...createSlbHandlers(serve));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}
