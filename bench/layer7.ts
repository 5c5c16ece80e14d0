/**
 * Layer-7 throughput: the HTTP and HTTPS examples, each next to a bare event-queue loop shaped
 * like its own queue (same size, same scheduling delays), measured in the same process.
 */
import { Simulation } from '../src/engine/simulation';
import { parseScenario } from '../src/scenario/validate';
import { US_PER_S } from '../src/shared/units';
import { captureEngineQueueShape, engineShapedLoopEventsPerSec } from './bare-loop';
import { median, progress, wallClockNs, wallSecondsSince } from './measure';
import { exampleScenarioInput } from './scenarios';

export interface Layer7Throughput {
  scenario: string;
  simSeconds: number;
  events: number;
  requestsCompleted: number;
  eventsPerSec: number;
  requestsPerSec: number;
  bareLoopEventsPerSec: number;
  ratioToBareLoop: number;
  traceHashesAgree: boolean;
}

export function measureLayer7(name: string, simSeconds: number, seed: number, repetitions: number): Layer7Throughput {
  const scenario = parseScenario(exampleScenarioInput(name));
  const runOnce = () => {
    const sim = new Simulation(scenario, { seed });
    const start = wallClockNs();
    sim.runUntil(simSeconds * US_PER_S);
    return { wall: wallSecondsSince(start), events: sim.events, requests: sim.tengine.metrics.completed, hash: sim.traceHash };
  };
  progress(`${name}: warm-up`);
  runOnce();
  const runs = Array.from({ length: repetitions }, (_, rep) => {
    const run = runOnce();
    progress(`${name}: repetition ${rep + 1}/${repetitions}: ${run.events.toLocaleString('en-US')} events, ${run.requests.toLocaleString('en-US')} requests in ${run.wall.toFixed(2)} wall s`);
    return run;
  });
  const first = runs[0]!;
  const wall = median(runs.map((r) => r.wall));
  const shape = captureEngineQueueShape(scenario, seed, simSeconds / 2);
  engineShapedLoopEventsPerSec(shape, 1_000_000, seed);
  const bare = median(Array.from({ length: repetitions }, () => engineShapedLoopEventsPerSec(shape, first.events, seed)));
  progress(`${name}: bare loop (queue ${shape.timesUs.length.toLocaleString('en-US')}): ${Math.round(bare).toLocaleString('en-US')} events/s`);
  return {
    scenario: name,
    simSeconds,
    events: first.events,
    requestsCompleted: first.requests,
    eventsPerSec: Math.round(first.events / wall),
    requestsPerSec: Math.round(first.requests / wall),
    bareLoopEventsPerSec: Math.round(bare),
    ratioToBareLoop: Math.round((first.events / wall / bare) * 10_000) / 10_000,
    traceHashesAgree: runs.every((r) => r.hash === first.hash),
  };
}
