import '@xyflow/react/dist/style.css';
import './index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startApiWorker } from './api-worker';
import { serveSlbRequest, startSimulation } from './sim-client';
import { readUrlSettings } from './url-settings';

async function boot(): Promise<void> {
  const settings = readUrlSettings(window.location.search);
  // The in-browser SLB API must answer before the first component fetches from it.
  await startApiWorker(serveSlbRequest);
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await startSimulation(settings);
}

void boot();
