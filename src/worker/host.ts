import { HopBuffer } from '../engine/hops';
import { costSeries, type Bill, type BillOptions } from '../engine/billing/bill';
import { Simulation } from '../engine/simulation';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { MAX_SPEED, MIN_SPEED, type Frame, type FrameSummary, type TopologyInfo } from './protocol';

export interface HostClock {
  /** Wall-clock milliseconds (performance.now in the worker). */
  nowMs(): number;
  /** Calls `tick` repeatedly until the returned function is called. */
  every(intervalMs: number, tick: () => void): () => void;
}

const TICK_MS = 16;
/** A tick never advances more than this much wall time, so a sleeping tab does not jump ahead. */
const MAX_TICK_WALL_MS = 100;
/** Events per tick before the host yields, keeping the worker responsive to pause/step. */
const MAX_EVENTS_PER_TICK = 400_000;

/**
 * Runs the engine inside the worker: paces simulated time against the wall clock at the chosen
 * speed and hands the UI one batched frame per tick. Frames are not queued: until the UI
 * acknowledges a frame, hops keep accumulating in the bounded buffer and skipped frames are
 * counted, so a slow UI sees fewer, fuller frames rather than a growing backlog.
 */
export class SimHost {
  private scenario: Scenario | undefined;
  private sim: Simulation | undefined;
  private hops = new HopBuffer();
  private speed = 0.05;
  private playing = false;
  private stopTimer: (() => void) | undefined;
  private lastWallMs = 0;
  private listener: ((frame: Frame) => void) | undefined;
  private awaitingAck = false;
  private droppedFrames = 0;
  private behind = false;

  constructor(private readonly clock: HostClock) {}

  load(input: unknown, seed?: number): TopologyInfo {
    this.scenario = parseScenario(input);
    return this.reset(seed);
  }

  reset(seed?: number): TopologyInfo {
    const scenario = this.requireScenario();
    this.stopTicking();
    this.hops = new HopBuffer();
    this.sim = new Simulation(scenario, { recorder: this.hops, ...(seed === undefined ? {} : { seed }) });
    this.awaitingAck = false;
    this.emit();
    const { nodes, links } = this.sim.topology;
    return {
      nodes: nodes.map((n) => ({ ...n })),
      links: links.map((l) => ({ ...l })),
      listeners: scenario.listeners.map((l) => ({ port: l.ListenerPort, protocol: l.ListenerProtocol })),
      seed: this.sim.seed,
    };
  }

  subscribe(listener: (frame: Frame) => void): void {
    this.listener = listener;
    this.awaitingAck = false;
    this.emit();
  }

  ack(): void {
    this.awaitingAck = false;
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.lastWallMs = this.clock.nowMs();
    this.stopTimer = this.clock.every(TICK_MS, () => this.tick());
  }

  pause(): void {
    this.stopTicking();
    this.emit(true);
  }

  private stopTicking(): void {
    this.playing = false;
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  }

  step(): FrameSummary {
    this.pause();
    this.requireSim().step();
    return this.emit(true);
  }

  runUntil(simTimeUs: number): FrameSummary {
    this.pause();
    this.requireSim().runUntil(simTimeUs);
    return this.emit(true);
  }

  bill(options: BillOptions): Bill {
    return this.requireSim().bill(options);
  }

  costSeries(options: BillOptions): { timeS: number[]; total: number[] } {
    const sim = this.requireSim();
    return costSeries(sim.scenario, sim.meters.snapshot(sim.timeUs), options);
  }

  private tick(): void {
    const sim = this.requireSim();
    const now = this.clock.nowMs();
    const wallMs = Math.min(MAX_TICK_WALL_MS, now - this.lastWallMs);
    this.lastWallMs = now;
    const targetUs = sim.timeUs + Math.round(wallMs * 1000 * this.speed);
    this.behind = !sim.runUntil(targetUs, MAX_EVENTS_PER_TICK);
    this.emit();
  }

  /** Sends a frame unless the UI still holds the previous one (then counts a dropped frame). */
  private emit(force = false): FrameSummary {
    if (this.listener && this.awaitingAck && !force) {
      this.droppedFrames++;
      return this.summary();
    }
    const frame = this.frame();
    const summary = withoutHops(frame);
    if (this.listener) {
      this.awaitingAck = true;
      this.listener(frame); // may transfer (detach) frame.hops
    }
    return summary;
  }

  private summary(): FrameSummary {
    const sim = this.requireSim();
    const stats = sim.stats();
    return {
      simTimeUs: sim.timeUs,
      events: stats.events,
      traceHash: stats.traceHash,
      playing: this.playing,
      speed: this.speed,
      behind: this.behind,
      droppedHops: this.hops.dropped,
      droppedFrames: this.droppedFrames,
      connections: stats.connections,
    };
  }

  private frame(): Frame {
    return { ...this.summary(), hops: this.hops.drain() };
  }

  private requireScenario(): Scenario {
    if (!this.scenario) throw new Error('no scenario loaded');
    return this.scenario;
  }

  private requireSim(): Simulation {
    if (!this.sim) throw new Error('no scenario loaded');
    return this.sim;
  }
}

function withoutHops(frame: Frame): FrameSummary {
  const { hops: _hops, ...summary } = frame;
  return summary;
}
