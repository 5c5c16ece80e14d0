/**
 * The bare event-queue loop the engine is compared with: an EventQueue holding as many pending
 * events as the engine's, where each step pops the earliest event and pushes one at a random
 * future time, so the size stays constant (the classic "hold" model). No handlers, no hash.
 *
 * Two shapes of "random future time":
 *  - engine-shaped: the queue starts as a snapshot of an l4-basic run's own queue, and each push
 *    delay is drawn (seeded) from a sample of the delays the engine itself scheduled. Near-future
 *    packet hops and far-future timers keep the same mix as in the engine, so the heap is touched
 *    the way the engine touches it. This is the baseline for the engine / bare ratio.
 *  - exponential: a fresh queue, exponential delays whose mean gives the same size (Little's law).
 *    Every push lands somewhere random in the heap: more cache misses than the engine has.
 */
import { EventQueue } from '../src/engine/core/event-queue';
import { RandomStream } from '../src/engine/core/prng';
import { Simulation } from '../src/engine/simulation';
import type { Scenario } from '../src/scenario/schema';
import { US_PER_S } from '../src/shared/units';
import { wallClockNs, wallSecondsSince } from './measure';

/** Delays kept for the engine-shaped loop: small enough (512 KiB) to stay in cache while drawing. */
const DELAY_SAMPLE_SIZE = 65_536;

export interface QueueShape {
  /** Pending events of the engine at the snapshot, times relative to the snapshot (µs). */
  timesUs: Float64Array;
  kinds: Int32Array;
  a: Int32Array;
  b: Int32Array;
  /** Uniform sample of (event time − time it was scheduled) over every push of the run, µs. */
  delaySampleUs: Float64Array;
  pushesSeen: number;
  snapshotSimSeconds: number;
}

/**
 * Runs `scenario` for `simSeconds` with the queue's push wrapped to sample scheduling delays
 * (reservoir sampling, seeded), then drains the queue into a snapshot. The wrapper is set on
 * this one instance only; this run is never timed.
 */
export function captureEngineQueueShape(scenario: Scenario, seed: number, simSeconds: number): QueueShape {
  const sim = new Simulation(scenario, { seed });
  const queue = sim.queue;
  const push = queue.push.bind(queue);
  const rng = new RandomStream(seed, 'bench.delays');
  const delaySampleUs = new Float64Array(DELAY_SAMPLE_SIZE);
  let pushesSeen = 0;
  queue.push = (timeUs: number, kind: number, a: number, b: number): void => {
    const delayUs = timeUs - sim.nowUs;
    if (pushesSeen < DELAY_SAMPLE_SIZE) delaySampleUs[pushesSeen] = delayUs;
    else {
      const slot = rng.int(pushesSeen + 1);
      if (slot < DELAY_SAMPLE_SIZE) delaySampleUs[slot] = delayUs;
    }
    pushesSeen++;
    push(timeUs, kind, a, b);
  };
  sim.runUntil(simSeconds * US_PER_S);
  const size = queue.size;
  const shape: QueueShape = {
    timesUs: new Float64Array(size),
    kinds: new Int32Array(size),
    a: new Int32Array(size),
    b: new Int32Array(size),
    delaySampleUs: pushesSeen < DELAY_SAMPLE_SIZE ? delaySampleUs.slice(0, pushesSeen) : delaySampleUs,
    pushesSeen,
    snapshotSimSeconds: simSeconds,
  };
  const nowUs = sim.nowUs;
  for (let i = 0; queue.pop(); i++) {
    shape.timesUs[i] = queue.poppedTimeUs - nowUs;
    shape.kinds[i] = queue.poppedKind;
    shape.a[i] = queue.poppedA;
    shape.b[i] = queue.poppedB;
  }
  return shape;
}

/** Pop + push `events` times on a queue seeded from the engine snapshot; events per wall second. */
export function engineShapedLoopEventsPerSec(shape: QueueShape, events: number, seed: number): number {
  const queue = new EventQueue(4096);
  for (let i = 0; i < shape.timesUs.length; i++)
    queue.push(shape.timesUs[i] as number, shape.kinds[i] as number, shape.a[i] as number, shape.b[i] as number);
  const delays = shape.delaySampleUs;
  const rng = new RandomStream(seed, 'bench');
  const start = wallClockNs();
  for (let i = 0; i < events; i++) {
    queue.pop();
    queue.push(queue.poppedTimeUs + (delays[rng.int(delays.length)] as number), queue.poppedKind, queue.poppedA, queue.poppedB);
  }
  return events / wallSecondsSince(start);
}

/** Pop + push `events` times on a queue of `queueSize` with exponential delays of mean `meanDelayUs`. */
export function exponentialLoopEventsPerSec(queueSize: number, events: number, meanDelayUs: number, seed: number): number {
  const rng = new RandomStream(seed, 'bench');
  const queue = new EventQueue(4096);
  for (let i = 0; i < queueSize; i++) queue.push(Math.round(rng.exponential(meanDelayUs)), 2, i, 0);
  const start = wallClockNs();
  for (let i = 0; i < events; i++) {
    queue.pop();
    queue.push(queue.poppedTimeUs + Math.max(1, Math.round(rng.exponential(meanDelayUs))), queue.poppedKind, queue.poppedA, queue.poppedB);
  }
  return events / wallSecondsSince(start);
}

/** Share of sampled delays at or under `limitUs`. */
export function shareOfDelaysAtMostUs(shape: QueueShape, limitUs: number): number {
  let count = 0;
  for (const delay of shape.delaySampleUs) if (delay <= limitUs) count++;
  return shape.delaySampleUs.length === 0 ? 0 : count / shape.delaySampleUs.length;
}
