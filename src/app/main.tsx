import '@xyflow/react/dist/style.css';
import './index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startApiWorker } from './api-worker';
import { startSimulation } from './sim-client';

async function boot(): Promise<void> {
  // The in-browser SLB API must answer before the first component fetches from it.
  await startApiWorker();
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await startSimulation();
}

void boot();
