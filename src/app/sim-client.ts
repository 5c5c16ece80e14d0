import * as Comlink from 'comlink';
import { examples } from '../scenario/examples';
import type { BillOptions, EventFilter, Frame, FrameSummary, SimWorkerApi } from '../worker/protocol';
import { hopFeed } from './hop-feed';
import { MAX_SAMPLES, useSimStore } from './store';

let api: Comlink.Remote<SimWorkerApi> | undefined;

function appendSamples(frame: FrameSummary): void {
  if (frame.samples.length === 0) return;
  const samples = [...useSimStore.getState().samples, ...frame.samples];
  useSimStore.setState({ samples: samples.length > MAX_SAMPLES ? samples.slice(samples.length - MAX_SAMPLES) : samples });
}

function show(frame: FrameSummary): void {
  appendSamples(frame);
  useSimStore.setState((s) => ({
    frame,
    frameWallMs: performance.now(),
    prevFrameSimUs: s.frame && s.frame.simTimeUs <= frame.simTimeUs ? s.frame.simTimeUs : frame.simTimeUs,
    prevFrameWallMs: s.frameWallMs,
  }));
}

function receive(frame: Frame): void {
  const { hops, ...summary } = frame;
  if (useSimStore.getState().animation) hopFeed.append(hops);
  show(summary);
  void api?.ack();
}

/** Reads `?example=…&seed=…&speed=…&paused` so a run can be shared by URL. */
function settingsFromUrl(): { example: string; seed: number | undefined; speed: number | undefined; dotBudget: number | undefined; paused: boolean } {
  const params = new URLSearchParams(window.location.search);
  const example = params.get('example') ?? 'default';
  const seed = Number(params.get('seed'));
  const speed = Number(params.get('speed'));
  const dotBudget = Number(params.get('dotBudget'));
  return {
    example: examples[example] ? example : 'default',
    seed: params.has('seed') && Number.isSafeInteger(seed) && seed >= 0 ? seed : undefined,
    speed: params.has('speed') && speed > 0 ? speed : undefined,
    dotBudget: params.has('dotBudget') && Number.isSafeInteger(dotBudget) && dotBudget >= 100 ? dotBudget : undefined,
    paused: params.has('paused'),
  };
}

/** Starts the engine's worker with the scenario named in the URL (default: `default`) and plays. */
export async function startSimulation(): Promise<void> {
  const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<SimWorkerApi>(worker);
  const settings = settingsFromUrl();
  try {
    const topology = await api.load(examples[settings.example], settings.seed);
    useSimStore.setState({
      topology,
      seed: topology.seed,
      example: settings.example,
      ...(settings.speed ? { speed: settings.speed } : {}),
      ...(settings.dotBudget ? { dotBudget: settings.dotBudget } : {}),
    });
    await api.setSpeed(useSimStore.getState().speed);
    await api.subscribe(Comlink.proxy(receive));
    if (!settings.paused) await api.play();
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
    if (summary) show(summary);
  },
  stepToPacketOf: async (conn: number) => {
    const summary = await api?.stepToPacketOf(conn);
    if (summary) show(summary);
  },
  setSpeed: (speed: number) => {
    useSimStore.setState({ speed });
    return api?.setSpeed(speed);
  },
  reset: async (seed?: number) => {
    if (!api) return;
    hopFeed.clear();
    const topology = await api.reset(seed);
    useSimStore.setState({ topology, seed: topology.seed, samples: [] });
  },
  runUntil: async (simTimeUs: number) => {
    const summary = await api?.runUntil(simTimeUs);
    if (summary) show(summary);
    return summary;
  },
  seek: async (simTimeUs: number) => {
    hopFeed.clear();
    const summary = await api?.seek(simTimeUs);
    if (summary) {
      useSimStore.setState({ samples: useSimStore.getState().samples.filter((s) => s.timeS <= simTimeUs / 1e6) });
      show(summary);
    }
    return summary;
  },
  setAnimation: (on: boolean) => {
    if (!on) hopFeed.clear();
    useSimStore.setState({ animation: on });
  },
  bill: (options: BillOptions) => api?.bill(options),
  costSeries: (options: BillOptions) => api?.costSeries(options),
  journey: (conn: number) => api?.journey(conn),
  sessionTable: (lvsIndex: number, offset: number, limit: number) => api?.sessionTable(lvsIndex, offset, limit),
  setEventLog: (enabled: boolean) => api?.setEventLog(enabled),
  events: (filter: EventFilter, limit: number) => api?.events(filter, limit),
  scenario: () => api?.scenario(),
  selectNode: (nodeId: number | undefined) => useSimStore.setState({ selectedNode: nodeId, ...(nodeId === undefined ? {} : { tab: 'inspector' as const }) }),
  selectConnection: (conn: number | undefined) => useSimStore.setState({ selectedConn: conn, ...(conn === undefined ? {} : { tab: 'journey' as const }) }),
};

export type SimControls = typeof simControls;

/** Hooks for end-to-end tests and the UI benchmark; they drive the same controls as the buttons. */
function exposeTestHooks(): void {
  (window as unknown as { __slb?: SimControls }).__slb = simControls;
}
