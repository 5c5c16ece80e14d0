import * as Comlink from 'comlink';
import type { BillOptions, Frame, SimWorkerApi } from '../worker/protocol';
import { defaultScenario } from '../scenario/examples/default';
import { hopFeed } from './hop-feed';
import { useSimStore } from './store';

let api: Comlink.Remote<SimWorkerApi> | undefined;

function receive(frame: Frame): void {
  const { hops, ...summary } = frame;
  hopFeed.append(hops);
  useSimStore.setState({ frame: summary, frameWallMs: performance.now() });
  void api?.ack();
}

/** Starts the engine's worker with the default scenario and begins playing. */
export async function startSimulation(): Promise<void> {
  const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<SimWorkerApi>(worker);
  try {
    const topology = await api.load(defaultScenario);
    useSimStore.setState({ topology });
    await api.setSpeed(useSimStore.getState().speed);
    await api.subscribe(Comlink.proxy(receive));
    await api.play();
  } catch (error) {
    useSimStore.setState({ error: (error as Error).message });
  }
  exposeTestHooks();
}

export const simControls = {
  play: () => api?.play(),
  pause: () => api?.pause(),
  step: async () => {
    const summary = await api?.step();
    if (summary) useSimStore.setState({ frame: summary, frameWallMs: performance.now() });
  },
  setSpeed: (speed: number) => {
    useSimStore.setState({ speed });
    return api?.setSpeed(speed);
  },
  reset: async (seed?: number) => {
    if (!api) return;
    hopFeed.clear();
    const topology = await api.reset(seed);
    useSimStore.setState({ topology });
  },
  bill: (options: BillOptions) => api?.bill(options),
  costSeries: (options: BillOptions) => api?.costSeries(options),
  runUntil: async (simTimeUs: number) => {
    const summary = await api?.runUntil(simTimeUs);
    if (summary) useSimStore.setState({ frame: summary, frameWallMs: performance.now() });
    return summary;
  },
};

export type SimControls = typeof simControls;

/** Hooks for end-to-end tests and the UI benchmark; they drive the same controls as the buttons. */
function exposeTestHooks(): void {
  (window as unknown as { __slb?: SimControls }).__slb = simControls;
}
