import * as Comlink from 'comlink';
import { examples } from '../scenario/examples';
import type { BillOptions, EventFilter, Frame, FrameSummary, LiveFaultRequest, MonthEstimateAnswer, SessionQuery, SimWorkerApi, TopologyInfo } from '../worker/protocol';
import type { EstimateWorkerApi } from '../worker/estimate.worker';
import type { Scenario } from '../scenario/schema';
import type { ActionParams, ApiResponse } from '../api/router';
import { hopFeed } from './hop-feed';
import type { UrlSettings } from './url-settings';
import { MAX_SAMPLES, useSimStore } from './store';
import { markCorrupted } from './scenario-io/autosave';
import { startAutosave } from './scenario-io/autosaver';
import { chooseStart } from './scenario-io/startup';
import { watchEnginePressure } from './engine-pressure';
import { advanceFrameClock } from './frame-clock';
import { FramePublisher } from './frame-publisher';

let api: Comlink.Remote<SimWorkerApi> | undefined;
let resolveWorker: (remote: Comlink.Remote<SimWorkerApi>) => void = () => undefined;
const workerReady = new Promise<Comlink.Remote<SimWorkerApi>>((resolve) => {
  resolveWorker = resolve;
});

/**
 * Serves one SLB API request in the simulation worker (the Service Worker's handler calls this).
 * Requests made before the engine has started wait for it; an accepted change bumps the console's
 * revision so every view of the configuration asks again.
 */
export async function serveSlbRequest(params: ActionParams): Promise<ApiResponse> {
  const remote = await workerReady;
  const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return remote.api(Object.fromEntries(entries));
}

/** Frames reach React's views a few times a second while a run streams (see FramePublisher); the overlay's clock gets every one. */
const publisher = new FramePublisher(
  (frame, samples) =>
    useSimStore.setState((s) => {
      if (samples.length === 0) return { frame };
      const all = [...s.samples, ...samples];
      return { frame, samples: all.length > MAX_SAMPLES ? all.slice(all.length - MAX_SAMPLES) : all };
    }),
  { now: () => performance.now(), setTimeout: (run, ms) => window.setTimeout(run, ms), clearTimeout: (handle) => window.clearTimeout(handle as number) },
);

/** Shows a frame: at once when a control asked for it (`urgent`), else as the publisher paces the stream. */
function show(frame: FrameSummary, urgent = true): void {
  advanceFrameClock(frame, performance.now());
  publisher.offer(frame, urgent);
}

/** Names a long worker call for the progress bar (shown only while progress frames come) and its Cancel button. */
async function longTask<T>(label: string, call: () => Promise<T> | undefined): Promise<T | undefined> {
  useSimStore.setState({ longTask: label });
  try {
    return await call();
  } finally {
    if (useSimStore.getState().longTask === label) useSimStore.setState({ longTask: undefined });
  }
}

function formatTaskTime(us: number): string {
  return `${(us / 1e6).toFixed(us % 1e6 === 0 ? 0 : 3)} s`;
}

let journalRevision = 0;

/** After an accepted configuration change: the topology may have new listeners or servers, and the console re-reads. */
async function followJournal(frame: FrameSummary): Promise<void> {
  if (frame.journal.revision === journalRevision || !api) return;
  journalRevision = frame.journal.revision;
  const topology = await api.topology();
  useSimStore.setState((s) => ({ topology, ...(s.consoleScope ? { consoleScope: { ...s.consoleScope, revision: s.consoleScope.revision + 1 } } : {}) }));
}

function receive(frame: Frame): void {
  const { hops, ...summary } = frame;
  void followJournal(summary);
  if (useSimStore.getState().animation) hopFeed.append(hops);
  show(summary, false);
  // The feed copied what it keeps: the array goes back for the worker to fill again.
  const whole = new Float64Array(hops.buffer);
  void api?.ack(Comlink.transfer(whole, [whole.buffer]));
}

/** The scenario the worker now runs (on every load): the console manages its first load balancer. */
async function adoptRunningScenario(region: string | undefined): Promise<void> {
  const running = (await api?.scenario()) as Scenario | undefined;
  if (!running) return;
  useSimStore.setState((s) => ({
    consoleScope: { regionId: region ?? running.loadBalancers[0]!.RegionId, loadBalancerId: running.loadBalancers[0]!.LoadBalancerId, revision: (s.consoleScope?.revision ?? 0) + 1 },
  }));
}

/**
 * Starts the engine's worker and opens what chooseStart picks: a share link, the autosaved run
 * (journal and time included), or the scenario the URL names (default: `default`). A link or an
 * autosave the engine refuses is reported, kept, and replaced by the built-in scenario.
 */
export async function startSimulation(settings: UrlSettings): Promise<void> {
  const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<SimWorkerApi>(worker);
  resolveWorker(api);
  watchEnginePressure(
    (share) => void api?.setIdleShare(share),
    () => Boolean(useSimStore.getState().frame?.behind && useSimStore.getState().frame?.playing),
  );
  const start = chooseStart(window.location.search, window.location.hash, window.localStorage);
  useSimStore.setState({ urlProblems: settings.problems, startupNotices: start.notices, corruptedAutosave: start.corruptedAutosave });
  try {
    let topology: TopologyInfo | undefined;
    let example = settings.example;
    let atUs = 0;
    let play = !settings.paused;
    if (start.kind !== 'example') {
      const saved = start.kind === 'link' ? { ...start.run, example: 'link', playing: false } : start.save;
      try {
        topology = await api.load(saved.scenario, saved.seed);
        example = saved.example;
        atUs = saved.atUs;
        play = saved.playing && !settings.paused;
      } catch (error) {
        const what = start.kind === 'link' ? 'The share link could not be opened' : 'The autosaved run could not be restored';
        if (start.kind === 'restore') markCorrupted(window.localStorage, JSON.stringify(start.save));
        useSimStore.setState((s) => ({
          startupNotices: [...s.startupNotices, `${what}: ${(error as Error).message}${start.kind === 'restore' ? ' It is kept: download it below.' : ''} The app started on the built-in scenario instead.`],
          corruptedAutosave: s.corruptedAutosave || start.kind === 'restore',
        }));
      }
    }
    topology ??= await api.load(examples[settings.example], settings.seed);
    useSimStore.setState({
      topology,
      seed: topology.seed,
      example,
      ...(settings.speed ? { speed: settings.speed } : {}),
      ...(settings.dotBudget ? { dotBudget: settings.dotBudget } : {}),
    });
    await adoptRunningScenario(settings.region);
    await api.setSpeed(useSimStore.getState().speed);
    await api.subscribe(Comlink.proxy(receive));
    // A link and an autosave come back at their time, through the same cancellable run as Run until.
    if (atUs > 0) await simControls.runUntil(atUs);
    if (play) await api.play();
  } catch (error) {
    useSimStore.setState({ error: (error as Error).message });
  }
  startAutosave(async () => api?.scenario());
}

/**
 * Switches to another built-in scenario in place: the engine loads it with its own seed, the
 * API and the console card follow it, and the URL is rewritten so the page can be shared or
 * reloaded as it is. A paused run stays paused.
 */
let switching: Promise<void> = Promise.resolve();
let latestAsked = '';

function loadExample(name: string): Promise<void> {
  // One switch at a time, and only to the latest choice: arrow keys on the picker fire one change
  // per key, and loading every scenario passed on the way would only delay the one wanted.
  latestAsked = name;
  switching = switching.then(() => (name === latestAsked ? switchTo(name) : undefined)).catch((error: unknown) => useSimStore.setState({ error: (error as Error).message }));
  return switching;
}

async function switchTo(name: string): Promise<void> {
  if (!api || !Object.hasOwn(examples, name)) return;
  const wasPlaying = useSimStore.getState().frame?.playing ?? false;
  await api.pause();
  hopFeed.clear();
  const topology = await api.load(examples[name]);
  publisher.drop();
  useSimStore.setState({ topology, seed: topology.seed, example: name, samples: [], selectedNode: undefined, selectedConn: undefined, urlProblems: [] });
  await adoptRunningScenario(undefined);
  window.history.replaceState(null, '', `?example=${encodeURIComponent(name)}${wasPlaying ? '' : '&paused'}`);
  if (wasPlaying) await api.play();
}

/**
 * Loads an edited scenario file (the fault schedule editor's Apply, and its Undo) the way a
 * scenario load does: the engine parses it (a refusal throws and the running scenario stays),
 * restarts at time 0 from the given seed, and the console and topology follow. A paused run stays paused.
 */
async function loadScenario(file: unknown, seed: number, example?: string): Promise<void> {
  if (!api) throw new Error('the simulation is not running');
  const wasPlaying = useSimStore.getState().frame?.playing ?? false;
  await api.pause();
  let topology: TopologyInfo;
  try {
    topology = await api.load(file, seed);
  } catch (error) {
    if (wasPlaying) await api.play();
    throw error;
  }
  hopFeed.clear();
  publisher.drop();
  useSimStore.setState({ topology, seed: topology.seed, samples: [], selectedConn: undefined, ...(example === undefined ? {} : { example }) });
  await adoptRunningScenario(undefined);
  if (wasPlaying) await api.play();
}

// --- Estimate a month (the cost panel) -------------------------------------------------------

/** Thrown by estimateMonth when cancelEstimate stopped it. */
export class EstimateCancelled extends Error {
  constructor() {
    super('the month estimate was cancelled');
    this.name = 'EstimateCancelled';
  }
}

let runningEstimate: { worker: Worker; stop: (error: Error) => void } | undefined;

/**
 * Estimate a month: the flow model over `days` days of what the run has in force now (the
 * configuration with its journaled changes, the run's seed), in a worker of its own so the live
 * run keeps going untouched. One at a time: a new one cancels the one before.
 */
async function estimateMonth(days: number): Promise<MonthEstimateAnswer | undefined> {
  cancelEstimate();
  const input = await api?.monthEstimateInput();
  if (!input) return undefined;
  const worker = new Worker(new URL('../worker/estimate.worker.ts', import.meta.url), { type: 'module' });
  const stopped = new Promise<never>((_resolve, reject) => {
    runningEstimate = { worker, stop: reject };
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the estimate worker failed to start')));
  });
  try {
    return await Promise.race([Comlink.wrap<EstimateWorkerApi>(worker).estimate(input, days), stopped]);
  } finally {
    worker.terminate();
    if (runningEstimate?.worker === worker) runningEstimate = undefined;
  }
}

/** Stops a month estimate in progress at once (its worker is terminated); it rejects with EstimateCancelled. */
function cancelEstimate(): void {
  const running = runningEstimate;
  runningEstimate = undefined;
  running?.worker.terminate();
  running?.stop(new EstimateCancelled());
}

export const simControls = {
  play: () => api?.play(),
  pause: () => api?.pause(),
  step: async () => {
    const summary = await api?.step();
    if (summary) show(summary);
  },
  stepToPacketOf: async (conn: number) => {
    const summary = await longTask(`Searching for the next packet of connection #${conn}`, () => api?.stepToPacketOf(conn));
    if (summary) show(summary);
  },
  /** Stops a run-until, seek or packet search in progress where it got to. */
  cancel: () => api?.cancel(),
  setSpeed: (speed: number) => {
    useSimStore.setState({ speed });
    return api?.setSpeed(speed);
  },
  reset: async (seed?: number) => {
    if (!api) return;
    hopFeed.clear();
    const topology = await api.reset(seed);
    publisher.drop();
    useSimStore.setState({ topology, seed: topology.seed, samples: [] });
  },
  runUntil: async (simTimeUs: number) => {
    const summary = await longTask(`Running to ${formatTaskTime(simTimeUs)}`, () => api?.runUntil(simTimeUs));
    if (summary) show(summary);
    return summary;
  },
  seek: async (simTimeUs: number) => {
    hopFeed.clear();
    const summary = await longTask(`Replaying to ${formatTaskTime(simTimeUs)}`, () => api?.seek(simTimeUs));
    if (summary) {
      publisher.flush();
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
  projection: (options: BillOptions) => api?.projection(options),
  estimateMonth,
  cancelEstimate,
  journey: (conn: number) => api?.journey(conn),
  journeyCheckpoint: (conn: number) => api?.journeyCheckpoint(conn),
  sessionTable: (lvsIndex: number, offset: number, limit: number, query?: SessionQuery) => api?.sessionTable(lvsIndex, offset, limit, query),
  setEventLog: (enabled: boolean) => api?.setEventLog(enabled),
  events: (filter: EventFilter, limit: number) => api?.events(filter, limit),
  scenario: () => api?.scenario(),
  /** Takes the latest configuration change back (kept for redo). */
  undoChange: async () => {
    hopFeed.clear();
    const summary = await api?.undoChange();
    if (summary) show(summary);
  },
  /** Puts back the change undone last. */
  redoChange: async () => {
    hopFeed.clear();
    const summary = await api?.redoChange();
    if (summary) show(summary);
  },
  /** Restores the journal entries the last change after seeking back discarded. */
  undoBranch: async () => {
    hopFeed.clear();
    const summary = await api?.undoBranch();
    if (summary) show(summary);
    return summary;
  },
  /**
   * Injects a fault now (the topology's node menu): journaled with source "fault" at the current
   * simulated time and applied at once; a refusal names the field and the rule.
   */
  injectFault: async (fault: LiveFaultRequest): Promise<{ ok: true } | { ok: false; field: string; message: string }> => {
    const answer = await api?.injectFault(fault);
    if (!answer) return { ok: false, field: 'fault', message: 'the simulation is not running' };
    if (!answer.ok) return answer;
    show(answer.summary);
    return { ok: true };
  },
  /** The failover report at the current time: per fault, what it did to which connections. */
  failoverReport: () => api?.failoverReport(),
  connectionStatus: (conn: number) => api?.connectionStatus(conn),
  /** Takes the run's latest change back when it is `action` (the console's Undo for DeleteLoadBalancer). */
  undoLastChange: async (action: string) => {
    hopFeed.clear();
    const summary = await api?.undoLastChange(action);
    if (summary) show(summary);
    return summary;
  },
  loadExample,
  loadScenario,
  interopFormats: () => api?.interopFormats(),
  exportRun: (format: string) => api?.exportRun(format),
  importConfig: (text: string, format: string, name?: string) => api?.importConfig(text, format, name),
  selectNode: (nodeId: number | undefined) => useSimStore.setState({ selectedNode: nodeId, ...(nodeId === undefined ? {} : { tab: 'inspector' as const }) }),
  selectConnection: (conn: number | undefined) => useSimStore.setState({ selectedConn: conn, ...(conn === undefined ? {} : { tab: 'journey' as const }) }),
};

export type SimControls = typeof simControls;

/**
 * Hooks for end-to-end tests and the UI benchmark; they drive the same controls as the buttons.
 * The page sets them once the run has started and the SLB API answers (main.tsx).
 */
export function exposeTestHooks(): void {
  (window as unknown as { __slb?: SimControls }).__slb = simControls;
}
