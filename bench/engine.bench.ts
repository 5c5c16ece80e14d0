/**
 * Engine benchmark, one process:
 *   1. l4-basic (seed 1) throughput: simulated events and opened connections per wall second.
 *   2. A bare EventQueue pop+push loop at the queue size l4-basic runs with; engine / bare ratio.
 *   3. Memory per tracked connection with ~1,000,000 concurrent keep-alive connections.
 *   4. Memory over 10 simulated minutes of l4-basic steady state (must stay flat).
 *   5. Layer 7: l7-rules and https-keyserver events and requests per wall second, each next to a
 *      bare loop shaped like its own queue.
 *
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object on stdout.
 * Progress always goes to stderr. Run with node --expose-gc (the "bench" script does) so memory
 * is measured after forced full collections.
 */
import { availableParallelism } from 'node:os';
import { Simulation } from '../src/engine/simulation';
import type { Scenario } from '../src/scenario/schema';
import { US_PER_S } from '../src/shared/units';
import { captureEngineQueueShape, engineShapedLoopEventsPerSec, exponentialLoopEventsPerSec, shareOfDelaysAtMostUs } from './bare-loop';
import {
  buildResult,
  printTable,
  type BareLoopThroughput,
  type ConnectionMemory,
  type EngineThroughput,
  type LongRunMemory,
  type MemorySample,
} from './engine-report';
import { formatCount } from './format';
import {
  bytesToMB,
  findGarbageCollector,
  median,
  memoryAfterGcBytes,
  oneMinuteLoadAverage,
  progress,
  totalBytes,
  typedArrayBytesOf,
  wallClockNs,
  wallSecondsSince,
  type GarbageCollector,
} from './measure';
import { l4BasicScenario, MILLION_CONNECTIONS_PLAN, millionConnectionsScenario } from './scenarios';
import { measureLayer7 } from './layer7';
import { measureSweepSpeedUp } from './sweep';
import { formatFlow, measureFlow, runFlowOnly } from './flow';

const SEED = 1;
const REPETITIONS = 3;
const WARMUP_SIM_SECONDS = 10;
const THROUGHPUT_SIM_SECONDS = 120;
const HEAP_RUN_SIM_SECONDS = 600;
const HEAP_SAMPLE_EVERY_SIM_SECONDS = 60;
const LAYER7_SIM_SECONDS = 40;
/** Simulated seconds after the last arrival to let handshakes and first exchanges finish. */
const MILLION_SETTLE_SIM_SECONDS = 3;

// --- 1. engine throughput ------------------------------------------------------------------

interface EngineRun {
  wallSeconds: number;
  events: number;
  connectionsOpened: number;
  /** sim.queue.size at the end of every simulated second. */
  queueSizes: number[];
  traceHash: string;
}

function runScenarioForSimSeconds(scenario: Scenario, simSeconds: number): EngineRun {
  const sim = new Simulation(scenario, { seed: SEED });
  const queueSizes: number[] = [];
  const start = wallClockNs();
  for (let s = 1; s <= simSeconds; s++) {
    sim.runUntil(s * US_PER_S);
    queueSizes.push(sim.queue.size);
  }
  const wallSeconds = wallSecondsSince(start);
  return { wallSeconds, events: sim.events, connectionsOpened: sim.conns.opened, queueSizes, traceHash: sim.traceHash };
}

function measureEngineThroughput(scenario: Scenario): EngineThroughput {
  progress(`l4-basic: warm-up run of ${WARMUP_SIM_SECONDS} simulated s`);
  runScenarioForSimSeconds(scenario, WARMUP_SIM_SECONDS);
  const runs: EngineRun[] = [];
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const run = runScenarioForSimSeconds(scenario, THROUGHPUT_SIM_SECONDS);
    progress(
      `l4-basic: repetition ${rep}/${REPETITIONS}: ${run.events.toLocaleString('en-US')} events in ${run.wallSeconds.toFixed(2)} wall s`,
    );
    runs.push(run);
  }
  const first = runs[0]!;
  const wallSeconds = runs.map((r) => r.wallSeconds);
  const medianWallSeconds = median(wallSeconds);
  return {
    simSeconds: THROUGHPUT_SIM_SECONDS,
    events: first.events,
    connectionsOpened: first.connectionsOpened,
    wallSecondsPerRepetition: wallSeconds,
    // The runs are deterministic (same events, same connections), so only the wall time varies.
    eventsPerSec: first.events / medianWallSeconds,
    connectionsPerSec: first.connectionsOpened / medianWallSeconds,
    typicalQueueSize: Math.round(median(first.queueSizes)),
    maxQueueSize: Math.max(...first.queueSizes),
    eventsPerSimSecond: first.events / THROUGHPUT_SIM_SECONDS,
    traceHashesAgree: runs.every((r) => r.traceHash === first.traceHash && r.events === first.events),
  };
}

// --- 2. bare event-queue loop --------------------------------------------------------------

function repeatMeasure(label: string, measureOnce: () => number): number[] {
  const rates: number[] = [];
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const rate = measureOnce();
    progress(`${label}: repetition ${rep}/${REPETITIONS}: ${Math.round(rate).toLocaleString('en-US')} events/s`);
    rates.push(rate);
  }
  return rates;
}

function measureBareQueueLoop(scenario: Scenario, engine: EngineThroughput): BareLoopThroughput {
  const snapshotSimSeconds = engine.simSeconds / 2;
  progress(`bare loop: capturing l4-basic's queue at ${snapshotSimSeconds} simulated s and its scheduling delays`);
  const shape = captureEngineQueueShape(scenario, SEED, snapshotSimSeconds);
  const queueSize = shape.timesUs.length;
  const events = engine.events;
  // Little's law: pending = rate × mean time in queue.
  const exponentialMeanDelayUs = (queueSize / engine.eventsPerSimSecond) * US_PER_S;
  progress(`bare loop: warm-up (queue ${queueSize.toLocaleString('en-US')}, ${events.toLocaleString('en-US')} events per repetition)`);
  engineShapedLoopEventsPerSec(shape, 2_000_000, SEED);
  exponentialLoopEventsPerSec(queueSize, 2_000_000, exponentialMeanDelayUs, SEED);
  const shaped = repeatMeasure('bare loop (engine-shaped)', () => engineShapedLoopEventsPerSec(shape, events, SEED));
  const exponential = repeatMeasure('bare loop (exponential)', () =>
    exponentialLoopEventsPerSec(queueSize, events, exponentialMeanDelayUs, SEED),
  );
  return {
    queueSize,
    events,
    snapshotSimSeconds,
    delaysAtMost1msShare: shareOfDelaysAtMostUs(shape, 1_000),
    delaysAtMost1sShare: shareOfDelaysAtMostUs(shape, US_PER_S),
    eventsPerSecPerRepetition: shaped,
    eventsPerSec: median(shaped),
    exponentialMeanDelayUs,
    exponentialEventsPerSecPerRepetition: exponential,
    exponentialEventsPerSec: median(exponential),
  };
}

// --- 3. memory per connection at ~1M concurrent ---------------------------------------------

function lvsSessionCount(sim: Simulation): number {
  let sessions = 0;
  for (let i = 0; i < sim.lvs.ids.length; i++) sessions += sim.lvs.activeOn(i) + sim.lvs.inactiveOn(i);
  return sessions;
}

/** Runs until every target connection is open and has settled (no connection left opening). */
function runUntilConnectionsPlateau(sim: Simulation, target: number): void {
  const arrivalSimSeconds = Math.ceil((target / MILLION_CONNECTIONS_PLAN.connectionsPerSecond) * 1.05);
  const lastSecond = arrivalSimSeconds + MILLION_SETTLE_SIM_SECONDS;
  for (let s = 1; s <= lastSecond; s++) {
    sim.runUntil(s * US_PER_S);
    if (s % 2 === 0 || s === lastSecond)
      progress(
        `1M connections: ${s} simulated s, ${sim.conns.live.toLocaleString('en-US')} tracked, ${sim.queue.size.toLocaleString('en-US')} pending events`,
      );
  }
}

function measureMemoryPerConnection(gc: GarbageCollector): ConnectionMemory {
  const scenario = millionConnectionsScenario();
  const before = memoryAfterGcBytes(gc);
  const start = wallClockNs();
  const sim = new Simulation(scenario, { seed: SEED });
  runUntilConnectionsPlateau(sim, MILLION_CONNECTIONS_PLAN.targetConnections);
  const wallSeconds = wallSecondsSince(start);
  const after = memoryAfterGcBytes(gc);
  const live = sim.conns.live;
  const grown = totalBytes(after) - totalBytes(before);
  const tables = {
    connections: typedArrayBytesOf(sim.conns) / live,
    lvsSessions: typedArrayBytesOf(sim.lvs.sessions) / live,
    sessionTimers: typedArrayBytesOf(sim.lvs.timers) / live,
    eventQueue: typedArrayBytesOf(sim.queue) / live,
    packets: typedArrayBytesOf(sim.packets) / live,
    restOfMemory: 0,
  };
  tables.restOfMemory = grown / live - tables.connections - tables.lvsSessions - tables.sessionTimers - tables.eventQueue - tables.packets;
  return {
    concurrentConnections: live,
    lvsSessions: lvsSessionCount(sim),
    simulatedSeconds: sim.simulatedSeconds,
    wallSeconds,
    bytesPerConnection: grown / live,
    heapUsedBytesPerConnection: (after.heapUsed - before.heapUsed) / live,
    arrayBufferBytesPerConnection: (after.arrayBuffers - before.arrayBuffers) / live,
    tableBytesPerConnection: tables,
    pendingEvents: sim.queue.size,
    connectionTableCapacity: sim.conns.capacity,
    instanceDrops: sim.instances.instanceDrops.reduce((sum, n) => sum + n, 0),
    portExhausted: sim.lvs.portExhausted,
  };
}

// --- 4. memory over a long steady-state run --------------------------------------------------

function relativeGrowth(from: number, to: number): number {
  return from === 0 ? 0 : (to - from) / from;
}

function measureMemoryOverLongRun(scenario: Scenario, gc: GarbageCollector): LongRunMemory {
  const sim = new Simulation(scenario, { seed: SEED });
  const samples: MemorySample[] = [];
  for (let s = HEAP_SAMPLE_EVERY_SIM_SECONDS; s <= HEAP_RUN_SIM_SECONDS; s += HEAP_SAMPLE_EVERY_SIM_SECONDS) {
    sim.runUntil(s * US_PER_S);
    const sample = { simSeconds: s, memory: memoryAfterGcBytes(gc), trackedConnections: sim.conns.live, pendingEvents: sim.queue.size };
    samples.push(sample);
    progress(
      `long run: ${s} simulated s, heap ${bytesToMB(sample.memory.heapUsed).toFixed(1)} MB, array buffers ${bytesToMB(sample.memory.arrayBuffers).toFixed(1)} MB, ${sample.trackedConnections.toLocaleString('en-US')} tracked`,
    );
  }
  const second = samples[1] ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  return {
    samples,
    heapGrowthRatio: relativeGrowth(second.memory.heapUsed, last.memory.heapUsed),
    arrayBufferGrowthRatio: relativeGrowth(second.memory.arrayBuffers, last.memory.arrayBuffers),
    trackedConnectionsGrowthRatio: relativeGrowth(second.trackedConnections, last.trackedConnections),
  };
}

// --- main ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  if (runFlowOnly(SEED, json)) return;
  const benchStart = wallClockNs();
  const loadAverage1mAtStart = oneMinuteLoadAverage();
  progress(`1-minute load average ${loadAverage1mAtStart.toFixed(2)} on ${availableParallelism()} CPUs`);
  const gc = findGarbageCollector();
  if (gc.source === 'unavailable')
    progress('global.gc is unavailable (run node with --expose-gc); memory figures include uncollected garbage');
  const l4Basic = l4BasicScenario();

  const engine = measureEngineThroughput(l4Basic);
  const bare = measureBareQueueLoop(l4Basic, engine);
  progress(
    `1M connections: building (${formatCount(MILLION_CONNECTIONS_PLAN.targetConnections)} at ${formatCount(MILLION_CONNECTIONS_PLAN.connectionsPerSecond)}/s)`,
  );
  const perConnection = measureMemoryPerConnection(gc);
  progress(`long run: ${HEAP_RUN_SIM_SECONDS} simulated s of l4-basic`);
  const longRun = measureMemoryOverLongRun(l4Basic, gc);

  const layer7 = ['l7-rules', 'https-keyserver'].map((name) => measureLayer7(name, LAYER7_SIM_SECONDS, SEED, REPETITIONS));

  const sweep = await measureSweepSpeedUp();
  const flow = measureFlow(SEED);

  const result = buildResult(engine, bare, perConnection, longRun, layer7, {
    gc,
    totalWallSeconds: wallSecondsSince(benchStart),
    loadAverage1mAtStart,
  });
  if (json) process.stdout.write(`${JSON.stringify({ ...result, sweep, flow })}\n`);
  else {
    printTable(result, { seed: SEED, heapSampleEverySimSeconds: HEAP_SAMPLE_EVERY_SIM_SECONDS });
    process.stdout.write(
      `\nsweep (${sweep.runs} runs of l4-basic): ${sweep.oneThreadWallSeconds} s on 1 thread, ${sweep.allThreadsWallSeconds} s on ${sweep.threads} → speed-up ${sweep.speedUp}× ` +
        `(target ≥ 1.8× on 2 cores: ${sweep.speedUp >= 1.8 ? 'met' : 'not met'}); rows identical apart from wall time: ${sweep.sameRows ? 'yes' : 'NO'}\n` +
        `  (timed on both sides with warm threads: each first ran ${sweep.warmUpSimSeconds} simulated s of the first grid point, untimed; the ${sweep.threads} worker threads were started and warmed up in ${sweep.poolReadyWallSeconds} s before timing)\n`,
    );
    process.stdout.write(`\n${formatFlow(flow)}\n`);
  }
}

await main();
