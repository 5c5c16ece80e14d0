/**
 * The engine bench's report: what each measurement hands over, the result `--json` prints and the
 * table. The table reads the rounded result, so both show the same figures.
 */
import { availableParallelism } from 'node:os';
import { US_PER_S } from '../src/shared/units';
import { formatCount, tableLine, verdict } from './format';
import type { Layer7Throughput } from './layer7';
import { bytesToMB, oneMinuteLoadAverage, roundTo, type GarbageCollector, type MemoryBytes } from './measure';

/** What the table judges against; the JSON carries them too. */
const TARGETS = {
  eventsPerSec: 2_000_000,
  /** Issue 15: the engine runs at least half as fast as the bare event loop, in the same run. */
  ratioToBareLoop: 0.5,
  bytesPerConnection: 150,
  /** "Flat": relative growth between the second and the last heap sample. */
  heapGrowthRatio: 0.05,
} as const;

// --- what the measurements hand over ------------------------------------------------------

export interface EngineThroughput {
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

export interface BareLoopThroughput {
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

export interface ConnectionMemory {
  concurrentConnections: number;
  lvsSessions: number;
  simulatedSeconds: number;
  wallSeconds: number;
  /** (heapUsed + arrayBuffers) growth per tracked connection: everything the simulation holds. */
  bytesPerConnection: number;
  heapUsedBytesPerConnection: number;
  arrayBufferBytesPerConnection: number;
  /** Typed-array bytes per tracked connection, by table (capacity, not just the used part). */
  tableBytesPerConnection: {
    connections: number;
    lvsSessions: number;
    sessionTimers: number;
    eventQueue: number;
    packets: number;
    restOfMemory: number;
  };
  pendingEvents: number;
  connectionTableCapacity: number;
  instanceDrops: number;
  portExhausted: number;
}

export interface MemorySample {
  simSeconds: number;
  memory: MemoryBytes;
  trackedConnections: number;
  pendingEvents: number;
}

export interface LongRunMemory {
  samples: MemorySample[];
  /** heapUsed growth from the second to the last sample, relative to the second. */
  heapGrowthRatio: number;
  arrayBufferGrowthRatio: number;
  trackedConnectionsGrowthRatio: number;
}

// --- output --------------------------------------------------------------------------------

export interface BenchResult {
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
  /** Layer 7 (l7-rules, https-keyserver): events and requests per wall second, against each one's own bare loop. */
  layer7: Layer7Throughput[];
  targets: typeof TARGETS;
  totalWallSeconds: number;
  /** 1-minute load average at start and end: other processes on the machine skew wall-clock rates. */
  loadAverage1m: { start: number; end: number };
  cpus: number;
}

export interface RunContext {
  gc: GarbageCollector;
  totalWallSeconds: number;
  loadAverage1mAtStart: number;
}

export function buildResult(
  engine: EngineThroughput,
  bare: BareLoopThroughput,
  perConnection: ConnectionMemory,
  longRun: LongRunMemory,
  layer7: Layer7Throughput[],
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
    layer7,
    targets: TARGETS,
    totalWallSeconds: roundTo(context.totalWallSeconds, 1),
    loadAverage1m: { start: roundTo(context.loadAverage1mAtStart, 2), end: roundTo(oneMinuteLoadAverage(), 2) },
    cpus: availableParallelism(),
  };
}

/** What the table names but the result does not carry: the bench's own settings. */
export interface TablePlan {
  seed: number;
  heapSampleEverySimSeconds: number;
}

export function printTable(r: BenchResult, plan: TablePlan): void {
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
    ...r.layer7.flatMap((l7): [string, string, string, string][] => [
      [`${l7.scenario}: events / wall s`, formatCount(l7.eventsPerSec), '', ''],
      [`${l7.scenario}: requests / wall s`, formatCount(l7.requestsPerSec), '', ''],
      [
        `${l7.scenario}: engine / its bare loop`,
        `${(l7.ratioToBareLoop * 100).toFixed(1)} %`,
        `≥ ${TARGETS.ratioToBareLoop * 100} %`,
        verdict(l7.ratioToBareLoop >= TARGETS.ratioToBareLoop),
      ],
    ]),
  ];
  const line = tableLine(rows);
  const e = r.engine;
  const b = r.bareLoop;
  const m = r.millionConnections;
  console.log(`\nSLB engine bench (seed ${plan.seed}, Node ${process.version}, gc: ${r.gc})\n`);
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
  console.log(`4. long run (l4-basic, every ${plan.heapSampleEverySimSeconds} simulated s):`);
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
