/**
 * Engine benchmark, one process:
 *   1. l4-basic (seed 1) throughput: simulated events and opened connections per wall second.
 *   2. A bare EventQueue pop+push loop at the queue size l4-basic runs with; engine / bare ratio.
 *   3. Memory per tracked connection with ~1,000,000 concurrent keep-alive connections.
 *   4. Memory over 10 simulated minutes of l4-basic steady state (must stay flat).
 *
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object on stdout.
 * Progress always goes to stderr. Run with node --expose-gc (the "bench" script does) so memory
 * is measured after forced full collections.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Simulation } from '../src/engine/simulation';
import type { Scenario } from '../src/scenario/schema';
import { US_PER_S } from '../src/shared/units';
import { captureEngineQueueShape, engineShapedLoopEventsPerSec, exponentialLoopEventsPerSec, shareOfDelaysAtMostUs } from './bare-loop';
import {
  bytesToMB,
  findGarbageCollector,
  median,
  memoryAfterGcBytes,
  progress,
  roundTo,
  totalBytes,
  typedArrayBytesOf,
  wallClockNs,
  wallSecondsSince,
  type GarbageCollector,
  type MemoryBytes,
} from './measure';
import { l4BasicScenario, MILLION_CONNECTIONS_PLAN, millionConnectionsScenario } from './scenarios';

const SEED = 1;
const REPETITIONS = 3;
const WARMUP_SIM_SECONDS = 10;
const THROUGHPUT_SIM_SECONDS = 120;
const HEAP_RUN_SIM_SECONDS = 600;
const HEAP_SAMPLE_EVERY_SIM_SECONDS = 60;
/** Simulated seconds after the last arrival to let handshakes and first exchanges finish. */
const MILLION_SETTLE_SIM_SECONDS = 3;

const TARGETS = {
  eventsPerSec: 2_000_000,
  ratioToBareLoop: 0.35,
  bytesPerConnection: 150,
  /** "Flat": relative growth between the second and the last heap sample. */
  heapGrowthRatio: 0.05,
} as const;

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

interface EngineThroughput {
  simSeconds: number;
  events: number;
  connectionsOpened: number;
  wallSecondsPerRepetition: number[];
  eventsPerSec: number;
  connectionsPerSec: number;
  /** Median pending events over the run's per-second samples. */
  typicalQueueSize: number;
  maxQueueSize: number;
  /** Simulated events per simulated second (sets the bare loop's mean hold time). */
  eventsPerSimSecond: number;
  traceHashesAgree: boolean;
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

interface BareLoopThroughput {
  /** Pending events in both loops: the l4-basic queue at mid-run (about the run's median size). */
  queueSize: number;
  events: number;
  snapshotSimSeconds: number;
  /** Share of the engine's scheduling delays of at most 1 ms / 1 s (packet hops vs timers). */
  delaysAtMost1msShare: number;
  delaysAtMost1sShare: number;
  eventsPerSecPerRepetition: number[];
  /** Engine-shaped loop (engine's queue snapshot and delay distribution): the ratio's baseline. */
  eventsPerSec: number;
  exponentialMeanDelayUs: number;
  exponentialEventsPerSecPerRepetition: number[];
  exponentialEventsPerSec: number;
}

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

interface ConnectionMemory {
  concurrentConnections: number;
  lvsSessions: number;
  simulatedSeconds: number;
  wallSeconds: number;
  /** (heapUsed + arrayBuffers) growth per tracked connection: everything the simulation holds. */
  bytesPerConnection: number;
  heapUsedBytesPerConnection: number;
  arrayBufferBytesPerConnection: number;
  /** Typed-array bytes per tracked connection, by table (capacity, not just the used part). */
  tableBytesPerConnection: { connections: number; lvsSessions: number; sessionTimers: number; eventQueue: number; packets: number; restOfMemory: number };
  pendingEvents: number;
  connectionTableCapacity: number;
  instanceDrops: number;
  portExhausted: number;
}

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
    instanceDrops: sim.lvs.instanceDrops,
    portExhausted: sim.lvs.portExhausted,
  };
}

// --- 4. memory over a long steady-state run --------------------------------------------------

interface MemorySample {
  simSeconds: number;
  memory: MemoryBytes;
  trackedConnections: number;
  pendingEvents: number;
}

interface LongRunMemory {
  samples: MemorySample[];
  /** heapUsed growth from the second to the last sample, relative to the second. */
  heapGrowthRatio: number;
  arrayBufferGrowthRatio: number;
  trackedConnectionsGrowthRatio: number;
}

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

// --- output --------------------------------------------------------------------------------

interface BenchResult {
  eventsPerSec: number;
  connectionsPerSec: number;
  bareLoopEventsPerSec: number;
  bareLoopExponentialEventsPerSec: number;
  ratioToExponentialBareLoop: number;
  ratioToBareLoop: number;
  bytesPerConnection: number;
  concurrentConnections: number;
  heapSamplesMB: number[];
  heapGrowthRatio: number;
  lvsSessions: number;
  heapUsedBytesPerConnection: number;
  arrayBufferBytesPerConnection: number;
  tableBytesPerConnection: ConnectionMemory['tableBytesPerConnection'];
  arrayBufferSamplesMB: number[];
  arrayBufferGrowthRatio: number;
  trackedConnectionsAtSamples: number[];
  pendingEventsAtSamples: number[];
  sampleSimSeconds: number[];
  gc: string;
  engine: EngineThroughput;
  bareLoop: BareLoopThroughput;
  millionConnections: Omit<ConnectionMemory, 'tableBytesPerConnection'>;
  targets: typeof TARGETS;
  totalWallSeconds: number;
  /** 1-minute load average at start and end: other processes on the machine skew wall-clock rates. */
  loadAverage1m: { start: number; end: number };
  cpus: number;
}

interface RunContext {
  gc: GarbageCollector;
  totalWallSeconds: number;
  loadAverage1mAtStart: number;
}

function buildResult(
  engine: EngineThroughput,
  bare: BareLoopThroughput,
  perConnection: ConnectionMemory,
  longRun: LongRunMemory,
  context: RunContext,
): BenchResult {
  const { tableBytesPerConnection, ...million } = perConnection;
  return {
    eventsPerSec: Math.round(engine.eventsPerSec),
    connectionsPerSec: Math.round(engine.connectionsPerSec),
    bareLoopEventsPerSec: Math.round(bare.eventsPerSec),
    ratioToBareLoop: roundTo(engine.eventsPerSec / bare.eventsPerSec, 4),
    bareLoopExponentialEventsPerSec: Math.round(bare.exponentialEventsPerSec),
    ratioToExponentialBareLoop: roundTo(engine.eventsPerSec / bare.exponentialEventsPerSec, 4),
    bytesPerConnection: roundTo(perConnection.bytesPerConnection, 1),
    concurrentConnections: perConnection.concurrentConnections,
    heapSamplesMB: longRun.samples.map((s) => roundTo(bytesToMB(s.memory.heapUsed), 2)),
    heapGrowthRatio: roundTo(longRun.heapGrowthRatio, 4),
    lvsSessions: perConnection.lvsSessions,
    heapUsedBytesPerConnection: roundTo(perConnection.heapUsedBytesPerConnection, 1),
    arrayBufferBytesPerConnection: roundTo(perConnection.arrayBufferBytesPerConnection, 1),
    tableBytesPerConnection: {
      connections: roundTo(tableBytesPerConnection.connections, 1),
      lvsSessions: roundTo(tableBytesPerConnection.lvsSessions, 1),
      sessionTimers: roundTo(tableBytesPerConnection.sessionTimers, 1),
      eventQueue: roundTo(tableBytesPerConnection.eventQueue, 1),
      packets: roundTo(tableBytesPerConnection.packets, 1),
      restOfMemory: roundTo(tableBytesPerConnection.restOfMemory, 1),
    },
    arrayBufferSamplesMB: longRun.samples.map((s) => roundTo(bytesToMB(s.memory.arrayBuffers), 2)),
    arrayBufferGrowthRatio: roundTo(longRun.arrayBufferGrowthRatio, 4),
    trackedConnectionsAtSamples: longRun.samples.map((s) => s.trackedConnections),
    pendingEventsAtSamples: longRun.samples.map((s) => s.pendingEvents),
    sampleSimSeconds: longRun.samples.map((s) => s.simSeconds),
    gc: context.gc.source,
    engine: { ...engine, wallSecondsPerRepetition: engine.wallSecondsPerRepetition.map((w) => roundTo(w, 3)) },
    bareLoop: {
      ...bare,
      delaysAtMost1msShare: roundTo(bare.delaysAtMost1msShare, 4),
      delaysAtMost1sShare: roundTo(bare.delaysAtMost1sShare, 4),
      eventsPerSecPerRepetition: bare.eventsPerSecPerRepetition.map(Math.round),
      eventsPerSec: Math.round(bare.eventsPerSec),
      exponentialMeanDelayUs: Math.round(bare.exponentialMeanDelayUs),
      exponentialEventsPerSecPerRepetition: bare.exponentialEventsPerSecPerRepetition.map(Math.round),
      exponentialEventsPerSec: Math.round(bare.exponentialEventsPerSec),
    },
    millionConnections: { ...million, wallSeconds: roundTo(million.wallSeconds, 2) },
    targets: TARGETS,
    totalWallSeconds: roundTo(context.totalWallSeconds, 1),
    loadAverage1m: { start: roundTo(context.loadAverage1mAtStart, 2), end: roundTo(oneMinuteLoadAverage(), 2) },
    cpus: availableParallelism(),
  };
}

function oneMinuteLoadAverage(): number {
  return loadavg()[0] ?? 0;
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

function printTable(r: BenchResult): void {
  const rows: [string, string, string, string][] = [
    [
      'engine events / wall s',
      formatCount(r.eventsPerSec),
      `≥ ${formatCount(TARGETS.eventsPerSec)}`,
      verdict(r.eventsPerSec >= TARGETS.eventsPerSec),
    ],
    ['engine connections opened / wall s', formatCount(r.connectionsPerSec), '', ''],
    ['bare queue loop events / wall s (engine-shaped)', formatCount(r.bareLoopEventsPerSec), '', ''],
    [
      'engine / bare loop',
      `${(r.ratioToBareLoop * 100).toFixed(1)} %`,
      `≥ ${TARGETS.ratioToBareLoop * 100} %`,
      verdict(r.ratioToBareLoop >= TARGETS.ratioToBareLoop),
    ],
    ['bare queue loop events / wall s (exponential)', formatCount(r.bareLoopExponentialEventsPerSec), '', ''],
    ['engine / exponential bare loop', `${(r.ratioToExponentialBareLoop * 100).toFixed(1)} %`, '(information)', ''],
    [
      'bytes / connection (heap + array buffers)',
      r.bytesPerConnection.toFixed(1),
      `≤ ${TARGETS.bytesPerConnection}`,
      verdict(r.bytesPerConnection <= TARGETS.bytesPerConnection),
    ],
    ['  of which JS heap (heapUsed)', r.heapUsedBytesPerConnection.toFixed(1), '', ''],
    ['  of which array buffers', r.arrayBufferBytesPerConnection.toFixed(1), '', ''],
    ['concurrent tracked connections', formatCount(r.concurrentConnections), '~1,000,000', ''],
    ['LVS sessions (all nodes)', formatCount(r.lvsSessions), '', ''],
    [
      'heapUsed growth, 2nd → last sample',
      `${(r.heapGrowthRatio * 100).toFixed(2)} %`,
      `≤ ${TARGETS.heapGrowthRatio * 100} % (flat)`,
      verdict(Math.abs(r.heapGrowthRatio) <= TARGETS.heapGrowthRatio),
    ],
    [
      'array-buffer growth, 2nd → last sample',
      `${(r.arrayBufferGrowthRatio * 100).toFixed(2)} %`,
      `≤ ${TARGETS.heapGrowthRatio * 100} % (flat)`,
      verdict(Math.abs(r.arrayBufferGrowthRatio) <= TARGETS.heapGrowthRatio),
    ],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c as 0 | 1 | 2].length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('   ');
  const e = r.engine;
  const b = r.bareLoop;
  const m = r.millionConnections;
  console.log(`\nSLB engine bench (seed ${SEED}, Node ${process.version}, gc: ${r.gc})\n`);
  console.log(line(['measure', 'value', 'target', '']));
  for (const row of rows) console.log(line(row));
  console.log(
    `\n1. l4-basic: ${e.simSeconds} simulated s, ${formatCount(e.events)} events, ${formatCount(e.connectionsOpened)} connections; wall s per repetition ${e.wallSecondsPerRepetition.join(', ')} (median used); trace hashes agree: ${e.traceHashesAgree}`,
  );
  console.log(
    `   pending events: median ${formatCount(e.typicalQueueSize)}, max ${formatCount(e.maxQueueSize)}; ${formatCount(e.eventsPerSimSecond)} events per simulated s`,
  );
  console.log(
    `2. bare loops: ${formatCount(b.events)} pop+push on a queue of ${formatCount(b.queueSize)} (l4-basic's at ${b.snapshotSimSeconds} simulated s). Engine-shaped: engine's own delays, ${(b.delaysAtMost1msShare * 100).toFixed(1)} % ≤ 1 ms, ${(b.delaysAtMost1sShare * 100).toFixed(1)} % ≤ 1 s; events/s per repetition ${b.eventsPerSecPerRepetition.map(formatCount).join(', ')}`,
  );
  console.log(
    `   exponential: mean delay ${(b.exponentialMeanDelayUs / US_PER_S).toFixed(3)} s; events/s per repetition ${b.exponentialEventsPerSecPerRepetition.map(formatCount).join(', ')}`,
  );
  console.log(
    `3. 1M connections: ${m.simulatedSeconds} simulated s in ${m.wallSeconds} wall s; ${formatCount(m.pendingEvents)} pending events; connection table capacity ${formatCount(m.connectionTableCapacity)}; instance drops ${m.instanceDrops}, port exhausted ${m.portExhausted}`,
  );
  const t = r.tableBytesPerConnection;
  console.log(
    `   bytes per connection by table (typed-array capacity): connections ${t.connections}, LVS sessions ${t.lvsSessions}, session timers ${t.sessionTimers}, event queue ${t.eventQueue}, packets ${t.packets}, rest ${t.restOfMemory}`,
  );
  console.log(`4. long run (l4-basic, every ${HEAP_SAMPLE_EVERY_SIM_SECONDS} simulated s):`);
  console.log(`   simulated s        ${r.sampleSimSeconds.map((v) => String(v).padStart(9)).join('')}`);
  console.log(`   heapUsed MB        ${r.heapSamplesMB.map((v) => v.toFixed(1).padStart(9)).join('')}`);
  console.log(`   array buffers MB   ${r.arrayBufferSamplesMB.map((v) => v.toFixed(1).padStart(9)).join('')}`);
  console.log(`   tracked conns      ${r.trackedConnectionsAtSamples.map((v) => String(v).padStart(9)).join('')}`);
  console.log(`   pending events     ${r.pendingEventsAtSamples.map((v) => String(v).padStart(9)).join('')}`);
  if (r.gc === 'unavailable')
    console.log('\nglobal.gc is unavailable: memory was read without a forced collection and includes garbage; run with node --expose-gc.');
  console.log(
    `\ntotal wall time ${r.totalWallSeconds} s; 1-minute load average ${r.loadAverage1m.start} at start, ${r.loadAverage1m.end} at end (${r.cpus} CPUs; other processes skew the wall-clock rates)`,
  );
}

function main(): void {
  const json = process.argv.includes('--json');
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

  const result = buildResult(engine, bare, perConnection, longRun, {
    gc,
    totalWallSeconds: wallSecondsSince(benchStart),
    loadAverage1mAtStart,
  });
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printTable(result);
}

main();
