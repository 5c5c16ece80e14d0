import '@xyflow/react/dist/style.css';
import './index.css';
import { startSimulation } from './sim-client';
import { readUrlSettings } from './url-settings';

// The page's entry, small on purpose: it starts the engine's worker and its scenario load first,
// so the worker's script compiles and the scenario loads while the main chunk (React, React Flow,
// the app) downloads and compiles; then the main chunk renders what the store already holds.
const simulation = startSimulation(readUrlSettings(window.location.search));
void import('./main').then(({ renderApp }) => renderApp(simulation));
