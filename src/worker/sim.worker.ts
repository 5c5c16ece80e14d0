import * as Comlink from 'comlink';
import { SimHost } from './host';
import { cachedLoader } from './interop-loader';
import { Pacer, pacedEvery } from './pacing';
import type { Frame, LiveFaultRequest, SimWorkerApi } from './protocol';

/**
 * The exporters and importers, loaded at their first use (not part of the worker's first script).
 * Terraform import in the browser uses hcl2json's WebAssembly through the worker's own loader,
 * itself loaded only when a Terraform file is imported.
 */
const loadBrowserInterop = cachedLoader(async () => {
  const interop = await import('../interop/index');
  interop.registerAsyncImporter('terraform', async (text) => {
    const [{ importTerraform }, { parseHclInBrowser }] = await Promise.all([import('../interop/terraform-import'), import('./hcl-wasm')]);
    return importTerraform(text, parseHclInBrowser);
  });
  return interop;
});

const pacer = new Pacer();

const host = new SimHost(
  {
    nowMs: () => performance.now(),
    every: (intervalMs, tick) => pacedEvery(intervalMs, tick, pacer),
  },
  loadBrowserInterop,
);

const api: SimWorkerApi = {
  load: async (scenario, seed) => host.load(scenario, seed),
  reset: async (seed) => host.reset(seed),
  play: () => host.play(),
  pause: () => host.pause(),
  step: () => host.step(),
  stepToPacketOf: (conn) => host.stepToPacketOf(conn),
  connectionStatus: (conn) => host.connectionStatus(conn),
  setSpeed: (speed) => host.setSpeed(speed),
  setIdleShare: (share) => {
    pacer.idleShare = share;
  },
  runUntil: (simTimeUs) => host.runUntilCancellable(simTimeUs),
  cancel: () => host.cancel(),
  undoChange: () => host.undoChange(),
  redoChange: () => host.redoChange(),
  interopFormats: () => host.interopFormats(),
  exportRun: (format) => host.exportRun(format),
  importConfig: (text, format, name) => host.importConfig(text, format, name),
  ack: (hops) => host.ack(hops),
  bill: (options) => host.bill(options),
  costSeries: (options) => host.costSeries(options),
  projection: (options) => host.projection(options),
  seek: (simTimeUs) => host.seekCancellable(simTimeUs),
  journey: (conn) => host.journey(conn),
  journeyCheckpoint: (conn) => host.journeyCheckpoint(conn),
  sessionTable: (lvsIndex, offset, limit, query) => host.sessionTable(lvsIndex, offset, limit, query),
  setEventLog: (enabled) => host.setEventLog(enabled),
  events: (filter, limit) => host.events(filter, limit),
  scenario: () => host.scenarioInForce(),
  configuration: () => host.configuration(),
  api: (params) => host.api(params),
  undoBranch: () => host.undoBranch(),
  undoLastChange: (action: string) => host.undoLastChange(action),
  injectFault: (fault: LiveFaultRequest) => host.injectFault(fault),
  failoverReport: () => host.failoverReport(),
  topology: () => host.topology(),
  monthEstimateInput: () => host.monthEstimateInput(),
  subscribe: (onFrame) => {
    host.subscribe((frame: Frame) => {
      // Transfer, not copy: the hop buffer moves to the UI thread at no cost.
      void onFrame(Comlink.transfer(frame, [frame.hops.buffer]));
    });
  },
};

Comlink.expose(api);
