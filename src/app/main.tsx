import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setApiStarter, startApi } from './api-ready';
import { laterPhase, startLaterPhase } from './first-load';
import { exposeTestHooks, serveSlbRequest } from './sim-client';
import { useSimStore } from './store';

/** How long after the start the later phase waits for the first topology frame at most. */
const LATER_PHASE_FALLBACK_MS = 5000;

/** Renders the app; `simulation` is the start boot.ts began (the engine's worker and its first load). */
export function renderApp(simulation: Promise<void>): void {
  // The SLB API's Service Worker (MSW) loads in the later phase; a request made before then (the
  // header card asks as soon as the scenario is known) waits for it (api-ready.ts).
  setApiStarter(async () => {
    await laterPhase;
    const { startApiWorker } = await import('./api-worker');
    await startApiWorker(serveSlbRequest);
  });
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // The later phase opens on the first painted topology frame. A start that ends without nodes to
  // paint (the scenario did not load) opens it at once; a frame that never comes (a hidden tab
  // paints nothing) does not hold it back for long.
  const started = simulation.finally(() => {
    if (!useSimStore.getState().topology?.nodes.length) startLaterPhase();
    else setTimeout(startLaterPhase, LATER_PHASE_FALLBACK_MS);
  });
  const api = startApi();
  // Tests and the bench drive the app once it can be driven entirely, its API included.
  void Promise.allSettled([started, api]).then(exposeTestHooks);
}
