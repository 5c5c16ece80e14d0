import { costSeries, type Bill, type BillOptions } from '../engine/billing/bill';
import { projectionStability, type ProjectionStability } from '../engine/billing/projection';
import { HopBuffer } from '../engine/hops';
import { ClientPhase } from '../engine/traffic/connection-table';
import { JourneyLog } from '../engine/journal';
import type { ActionParams, ApiResponse } from '../api/router';
import type { Simulation } from '../engine/simulation';
import { LiveRun, type ChangeEffect } from '../run/live-run';
import { parseScenario } from '../scenario/validate';
import { toScenarioFile, type ScenarioFileOf } from '../scenario/load-balancers';
import type { ExportAnswer, ImportAnswer, InjectFaultAnswer, MonthEstimateInput } from './protocol';
import type { FailoverReport } from '../engine/faults/failover-report';
import type { JournalEntry, Scenario } from '../scenario/schema';
import { CheckpointStore } from './checkpoints';
import { loadInterop, type Interop, type InteropLoader } from './interop-loader';
import { EventRing } from './event-ring';
import { nodeStates, sessionTable } from './inspect';
import { MetricsSampler } from './metrics-sampler';
import { MAX_SPEED, MIN_SPEED, type JournalState, type EventFilter, type Frame, type FrameSummary, type JourneyEntryView, type ConnectionStatus, type SessionQuery, type SessionRow, type TopologyInfo } from './protocol';

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
export const MAX_EVENTS_PER_TICK = 400_000;
/**
 * Hop arrays kept for reuse. One frame is out at a time (the next waits for the ack), so one would
 * do; a second covers a frame sent with `force` while another is still out.
 */
const MAX_SPARE_HOP_ARRAYS = 2;
/** During a long run-until or seek, a progress frame goes out at least this often (wall ms). */
const PROGRESS_EVERY_MS = 100;
/** A packet search checks the wall clock (for progress frames) once per this many events. */
const SEARCH_CHECK_EVERY = 4096;

/** Lets the worker read its messages (a cancel, a pause) between slices of a long operation. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Between checkpoints, the live simulation's table bytes are measured again this often (wall ms). */
const LIVE_MEMORY_EVERY_MS = 1000;

/** Wall time over which the reached speed is smoothed. */
const REACHED_SMOOTHING_MS = 500;

/**
 * Runs the engine inside the worker: paces simulated time against the wall clock at the chosen
 * speed and hands the UI one batched frame per tick. Frames are not queued: until the UI
 * acknowledges a frame, hops keep accumulating in the bounded buffer and skipped frames are
 * counted, so a slow UI sees fewer, fuller frames rather than a growing backlog. Checkpoints taken
 * along the way make seeking (backward or forward) a short deterministic replay.
 */
export class SimHost {
  private scenario: Scenario | undefined;
  /** The run: scenario, command journal and the simulation playing them. */
  private run: LiveRun | undefined;
  private sim: Simulation | undefined;
  private journalRevision = 0;
  /** The journal before the last branch, while its discarded entries can still be restored. */
  private beforeBranch: JournalEntry[] | undefined;
  /** Changes taken back by undoChange, newest last: what redoChange puts back. */
  private undone: JournalEntry[] = [];
  private hops = new HopBuffer();
  /** Hop arrays the UI handed back with its acks, filled again by later frames (see HopBuffer.drain). */
  private spareHops: Float64Array[] = [];
  private readonly checkpoints = new CheckpointStore();
  /** When the live simulation's table bytes were last measured for the memory figure (wall ms). */
  private liveMeasuredMs = 0;
  private readonly sampler = new MetricsSampler();
  private eventRing: EventRing | undefined;
  private speed = 0.1;
  private playing = false;
  private stopTimer: (() => void) | undefined;
  private lastWallMs = 0;
  private listener: ((frame: Frame) => void) | undefined;
  private awaitingAck = false;
  private droppedFrames = 0;
  private behind = false;
  /** Simulated seconds per wall second reached while playing (smoothed); see Frame.reachedSpeed. */
  private reachedSpeed = this.speed;
  private horizonUs = 0;
  private progress: number | undefined;
  /**
   * Bumped by every control that starts, supersedes or cancels a long operation: a cancellable
   * run, seek or search stops at its next slice once the number it started with is stale.
   */
  private operation = 0;

  /**
   * @param interop loads the exporters and importers at their first use (see interop-loader.ts);
   *   the browser worker passes one that gives terraform its WebAssembly HCL parser.
   */
  constructor(
    private readonly clock: HostClock,
    private readonly interop: InteropLoader = loadInterop,
  ) {}

  load(input: unknown, seed?: number): TopologyInfo {
    this.scenario = parseScenario(input);
    this.run = undefined;
    this.undone = [];
    return this.reset(seed);
  }

  /** Back to time 0 of the same run: the journal made so far is kept and replays as time passes. */
  reset(seed?: number): TopologyInfo {
    const scenario = this.run?.scenario ?? this.requireScenario();
    this.stopTicking();
    this.hops = new HopBuffer();
    this.run = new LiveRun(scenario, { recorder: this.hops, ...(this.eventRing ? { journal: this.eventRing } : {}), ...(seed === undefined ? {} : { seed }) });
    this.beforeBranch = undefined;
    this.restart(this.run.sim);
    return this.topology();
  }

  /** Starts afresh from a simulation at time 0 (a load, a reset or a rebuild after a change). */
  private restart(sim: Simulation): void {
    this.sim = sim;
    this.checkpoints.clear();
    this.checkpoints.add(sim);
    this.sampler.reset(sim);
    this.horizonUs = 0;
    this.awaitingAck = false;
    this.emit();
  }

  topology(): TopologyInfo {
    const sim = this.requireSim();
    const { nodes, links } = sim.topology;
    return {
      nodes: nodes.map((n) => ({ ...n })),
      links: links.map((l) => ({ ...l })),
      listeners: sim.scenario.listeners.map((l) => ({ port: l.ListenerPort, protocol: l.ListenerProtocol, loadBalancerId: l.LoadBalancerId })),
      seed: sim.seed,
    };
  }

  /**
   * One SLB API request against the running simulation, at the current simulated time. An
   * accepted change is journaled and applied now; made after seeking back, it discards the later
   * entries (undoBranch restores them). A change that needs tables the simulation lacks rebuilds
   * it and replays to now, taking checkpoints on the way.
   */
  api(params: ActionParams): ApiResponse {
    const run = this.requireRun();
    const journalBefore = run.journal;
    const { response, effect } = run.handle(params, (sim, targetUs) => this.catchUp(sim, targetUs));
    if (effect) this.afterChange(effect, journalBefore);
    return response;
  }

  /**
   * Injects a fault now (source "fault" in the journal; see LiveRun.injectFault). A refusal names
   * the fault's field and the rule and changes nothing.
   */
  injectFault(fault: Record<string, unknown>): InjectFaultAnswer {
    const run = this.requireRun();
    const journalBefore = run.journal;
    const answer = run.injectFault(fault, (sim, targetUs) => this.catchUp(sim, targetUs));
    if (!answer.ok) return answer;
    this.afterChange(answer.effect, journalBefore);
    return { ok: true, summary: this.emit(true) };
  }

  undoBranch(): FrameSummary {
    const run = this.requireRun();
    if (this.beforeBranch) {
      run.replaceJournal(this.beforeBranch, (sim, targetUs) => this.catchUp(sim, targetUs));
      this.beforeBranch = undefined;
      this.journalRevision++;
    }
    return this.emit(true);
  }

  /**
   * Takes the run's latest change back when it is the API action named (the console's Undo of a
   * change no other call reverses, such as DeleteLoadBalancer): the entry leaves the journal and
   * the run replays to the current time as if it had never been made. Anything else: no change.
   */
  undoLastChange(action: string): FrameSummary {
    const run = this.requireRun();
    const entries = run.journal;
    const last = entries[entries.length - 1];
    if (last?.source === 'api' && last.action === action) {
      // Checkpoints from the entry's time on hold its effect.
      this.checkpoints.dropAfter(last.atUs - 1);
      run.replaceJournal(entries.slice(0, -1), (sim, targetUs) => this.catchUp(sim, targetUs));
      this.beforeBranch = undefined;
      this.journalRevision++;
    }
    return this.emit(true);
  }

  /**
   * Undo for every configuration edit: takes the journal's latest entry (an API change or a live
   * fault) back, keeping it for redo, and the run replays to the current time as if it had never
   * been made. Nothing to undo: no change.
   */
  undoChange(): FrameSummary {
    const run = this.requireRun();
    const entries = run.journal;
    const last = entries[entries.length - 1];
    if (last) {
      this.checkpoints.dropAfter(last.atUs - 1); // checkpoints from the entry's time on hold its effect
      run.replaceJournal(entries.slice(0, -1), (sim, targetUs) => this.catchUp(sim, targetUs));
      this.undone.push(last);
      this.beforeBranch = undefined;
      this.journalRevision++;
    }
    return this.emit(true);
  }

  /** Redo: puts the change undone last back at its own simulated time. */
  redoChange(): FrameSummary {
    const run = this.requireRun();
    const entry = this.undone.pop();
    if (entry) {
      this.checkpoints.dropAfter(entry.atUs - 1);
      run.replaceJournal([...run.journal, entry], (sim, targetUs) => this.catchUp(sim, targetUs));
      this.beforeBranch = undefined;
      this.journalRevision++;
    }
    return this.emit(true);
  }

  private afterChange(effect: ChangeEffect, journalBefore: readonly JournalEntry[]): void {
    this.undone = []; // a new change starts a new history: what was undone cannot be redone over it
    if (effect.discarded.length > 0) {
      this.beforeBranch = [...journalBefore];
      // Checkpoints after the branch point hold the discarded entries' effects.
      this.checkpoints.dropAfter(effect.atUs);
    } else this.beforeBranch = undefined;
    this.journalRevision++;
    this.emit(true);
  }

  /** Brings a simulation to a time: a rebuilt one replays from 0 with checkpoints and progress frames. */
  private catchUp(sim: Simulation, targetUs: number): void {
    if (sim !== this.sim) {
      const horizonUs = this.horizonUs;
      this.restart(sim);
      this.advanceWithProgress(targetUs);
      this.hops.discard(); // the replayed stretch's dots would only flash by
      this.horizonUs = Math.max(horizonUs, targetUs);
    } else sim.runUntil(targetUs);
  }

  /** The run as a scenario file (load balancers nested, as files and share links hold them), journal included. */
  runScenario(): ScenarioFileOf<Scenario> {
    return toScenarioFile(this.requireRun().scenario);
  }

  configuration(): Scenario {
    return this.requireRun().configuration;
  }

  subscribe(listener: (frame: Frame) => void): void {
    this.listener = listener;
    this.awaitingAck = false;
    this.emit();
  }

  /** The UI has consumed the last frame; `hops`, its hop array handed back, is kept for a later frame. */
  ack(hops?: Float64Array): void {
    this.awaitingAck = false;
    if (hops && this.spareHops.length < MAX_SPARE_HOP_ARRAYS) this.spareHops.push(hops);
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.lastWallMs = this.clock.nowMs();
    this.stopTimer = this.clock.every(TICK_MS, () => this.tick());
  }

  pause(): void {
    this.operation++;
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
    // Slowing down takes effect at once; speeding up shows as the engine gets there.
    if (!this.playing || this.speed < this.reachedSpeed) this.reachedSpeed = this.speed;
  }

  step(): FrameSummary {
    this.stopTicking();
    this.requireSim().step();
    this.afterAdvance();
    return this.emit(true);
  }

  /**
   * Steps until the engine sends a packet of the given connection (or `maxEvents` pass). The search
   * sends progress frames (events searched ÷ `maxEvents`) and stops where it is when cancelled.
   */
  async stepToPacketOf(conn: number, maxEvents = 2_000_000): Promise<FrameSummary> {
    this.stopTicking();
    const token = ++this.operation;
    const sim = this.requireSim();
    // An ended connection sends nothing more: searching would run the engine for nothing.
    if (this.stateOf(conn) === 'ended') return this.emit(true);
    let lastProgressMs = this.clock.nowMs();
    try {
      for (let n = 0; n < maxEvents; n++) {
        const before = this.hops.count;
        if (!sim.step()) break;
        let found = false;
        for (let back = 0; back < this.hops.count - before; back++) if (this.hops.connOf(back) === conn) found = true;
        if (found) break;
        if (n % SEARCH_CHECK_EVERY === SEARCH_CHECK_EVERY - 1 && this.clock.nowMs() - lastProgressMs >= PROGRESS_EVERY_MS) {
          this.afterAdvance();
          this.progress = n / maxEvents;
          this.hops.discard(); // a search shows where it got, not every dot it passed
          this.emit(true);
          await yieldToMessages();
          if (this.operation !== token || this.sim !== sim) break;
          lastProgressMs = this.clock.nowMs();
        }
      }
    } finally {
      this.progress = undefined;
    }
    if (this.sim === sim) this.afterAdvance();
    return this.emit(true);
  }

  /** Stops a cancellable run, seek or search at its next slice; the run stays where it got to. */
  cancel(): void {
    this.operation++;
  }

  /** Runs forward (paused) to a simulated time, taking checkpoints and sending progress frames. */
  runUntil(simTimeUs: number): FrameSummary {
    this.stopTicking();
    this.operation++;
    const sim = this.requireSim();
    if (simTimeUs < sim.timeUs) return this.emit(true);
    this.advanceWithProgress(simTimeUs); // also finishes events left at sim.timeUs by a budget
    return this.emit(true);
  }

  /** runUntil for the UI: it reads messages between progress frames, so `cancel()` (or pause) stops it where it got to. */
  async runUntilCancellable(simTimeUs: number): Promise<FrameSummary> {
    this.stopTicking();
    const token = ++this.operation;
    const sim = this.requireSim();
    if (simTimeUs < sim.timeUs) return this.emit(true);
    await this.advanceCancellable(simTimeUs, token);
    return this.emit(true);
  }

  /** Jumps to any simulated time: restores the nearest earlier checkpoint and replays. */
  seek(simTimeUs: number): FrameSummary {
    this.operation++;
    const target = this.seekStart(simTimeUs);
    this.advanceWithProgress(target);
    this.hops.discard(); // dots of the skipped stretch would only flash by
    return this.emit(true);
  }

  /** seek for the UI: a long replay can be cancelled, leaving the run where the replay got to. */
  async seekCancellable(simTimeUs: number): Promise<FrameSummary> {
    const token = ++this.operation;
    const target = this.seekStart(simTimeUs);
    await this.advanceCancellable(target, token);
    this.hops.discard();
    return this.emit(true);
  }

  /** Restores the checkpoint a seek replays from (when it is not the current run's own way forward); returns the target. */
  private seekStart(simTimeUs: number): number {
    this.stopTicking();
    const target = Math.max(0, simTimeUs);
    const current = this.requireSim();
    if (target < current.timeUs || target > current.timeUs + this.checkpoints.interval) {
      const checkpoint = this.checkpoints.before(target);
      if (checkpoint && (target < current.timeUs || checkpoint.timeUs > current.timeUs)) {
        this.sim = checkpoint.restore({ recorder: this.hops, journal: this.eventRing });
        this.requireRun().adopt(this.sim); // it follows the journal as it is now
        this.sampler.reset(this.sim);
      }
    }
    return target;
  }

  private advanceWithProgress(targetUs: number): void {
    for (const _ of this.advanceSlices(targetUs));
  }

  /** Advances like advanceWithProgress, reading messages after each progress frame; false when cancelled or superseded. */
  private async advanceCancellable(targetUs: number, token: number): Promise<boolean> {
    const sim = this.requireSim();
    const slices = this.advanceSlices(targetUs);
    for (const _ of slices) {
      await yieldToMessages();
      if (this.operation !== token || this.sim !== sim) {
        slices.return(undefined);
        return false;
      }
    }
    return true;
  }

  /** The advance loop, pausing (a `yield`) after each progress frame. */
  private *advanceSlices(targetUs: number): Generator<void, void, undefined> {
    const sim = this.requireSim();
    const startUs = sim.timeUs;
    let lastProgressMs = this.clock.nowMs();
    try {
      for (;;) {
        const dueUs = this.checkpoints.nextDueUs();
        const chunkEnd = dueUs >= sim.timeUs && dueUs < targetUs ? dueUs : targetUs;
        // In slices of the tick budget, so progress frames keep coming. A slice may stop part-way
        // through the events of one microsecond: only runUntil's answer says a leg is complete.
        const reached = sim.runUntil(chunkEnd, MAX_EVENTS_PER_TICK);
        this.afterAdvance();
        if (reached && chunkEnd === targetUs) break;
        if (this.clock.nowMs() - lastProgressMs >= PROGRESS_EVERY_MS && sim.timeUs < targetUs) {
          lastProgressMs = this.clock.nowMs();
          this.progress = (sim.timeUs - startUs) / (targetUs - startUs);
          this.hops.discard();
          this.emit(true);
          yield;
        }
      }
    } finally {
      this.progress = undefined;
    }
  }

  /** Bookkeeping after the engine moved: checkpoints, chart samples, the timeline's extent. */
  private afterAdvance(): void {
    const sim = this.requireSim();
    // A checkpoint holds every event up to its time: none is taken part-way through a microsecond.
    const nowMs = this.clock.nowMs();
    if (sim.timeUs >= this.checkpoints.nextDueUs() && sim.nextEventUs() > sim.timeUs) {
      this.checkpoints.add(sim);
      this.liveMeasuredMs = nowMs;
    } else if (nowMs - this.liveMeasuredMs >= LIVE_MEMORY_EVERY_MS) {
      this.checkpoints.noteLive(sim);
      this.liveMeasuredMs = nowMs;
    }
    this.sampler.sample(sim);
    if (sim.timeUs > this.horizonUs) this.horizonUs = sim.timeUs;
  }

  bill(options: BillOptions): Bill {
    return this.requireSim().bill(options);
  }

  costSeries(options: BillOptions): { timeS: number[]; total: number[] } {
    const sim = this.requireSim();
    return costSeries(sim.scenario, sim.meters.snapshot(sim.timeUs), options);
  }

  projection(options: BillOptions): ProjectionStability {
    const sim = this.requireSim();
    return projectionStability(sim.scenario, sim.meters.snapshot(sim.timeUs), options);
  }

  /** What each fault so far did to which connections (the report's `faults`), at the current time. */
  failoverReport(): FailoverReport[] {
    return this.requireSim().failover.report();
  }

  /** The checkpoint a journey replays from: the last one taken before the connection opened (none before it opened). */
  private journeyStart(conn: number) {
    return conn > this.requireSim().conns.opened ? undefined : this.checkpoints.beforeConnection(conn);
  }

  /** When the replay of `journey(conn)` starts (µs), without replaying: the journey says so while it loads. */
  journeyCheckpoint(conn: number): number | undefined {
    return this.journeyStart(conn)?.timeUs;
  }

  /** Replays from the last checkpoint before the connection opened, with a journal for it alone. */
  journey(conn: number): JourneyEntryView[] {
    const sim = this.requireSim();
    const checkpoint = this.journeyStart(conn);
    if (!checkpoint) return [];
    const journal = new JourneyLog(conn);
    const replay = checkpoint.restore({ journal });
    this.requireRun().follow(replay);
    replay.runUntil(sim.timeUs);
    return journal.entries;
  }

  /**
   * Whether connection `conn` (its number) can still send a packet: `pending` before it opens,
   * `open`, or `ended` with its outcome and when (from its journey: a replay from its checkpoint).
   */
  connectionStatus(conn: number): ConnectionStatus {
    const state = this.stateOf(conn);
    return state === 'ended' ? this.ended(conn) : { state };
  }

  private stateOf(conn: number): ConnectionStatus['state'] {
    const sim = this.requireSim();
    if (!Number.isSafeInteger(conn) || conn < 1 || conn > sim.conns.opened) return 'pending';
    const c = sim.conns;
    for (let slot = 0; slot < c.slots; slot++) if (c.serial[slot] === conn) return c.phase[slot] === ClientPhase.Done ? 'ended' : 'open';
    return 'ended';
  }

  private ended(conn: number): ConnectionStatus {
    const outcome = this.journey(conn).find((e) => e.event === 'outcome');
    return outcome ? { state: 'ended', atUs: outcome.timeUs, outcome: outcome.reason.split(':')[0]! } : { state: 'ended' };
  }

  sessionTable(lvsIndex: number, offset: number, limit: number, query: SessionQuery = {}): { total: number; all: number; rows: SessionRow[] } {
    const sim = this.requireSim();
    if (lvsIndex < 0 || lvsIndex >= sim.lvs.ids.length) return { total: 0, all: 0, rows: [] };
    return sessionTable(sim, lvsIndex, Math.max(0, offset), Math.max(0, Math.min(1000, limit)), query);
  }

  setEventLog(enabled: boolean): void {
    this.eventRing = enabled ? (this.eventRing ?? new EventRing()) : undefined;
    this.requireSim().journal = this.eventRing;
  }

  events(filter: EventFilter, limit: number): JourneyEntryView[] {
    return this.eventRing?.query(filter, Math.max(1, Math.min(2000, limit))) ?? [];
  }

  /** The run as a scenario file (initial configuration plus journal): what Save and the CLI take. */
  /** The formats exportRun and importConfig take (loading the interop code, so a dialog asking first warms it). */
  async interopFormats(): Promise<{ export: string[]; import: string[] }> {
    const { EXPORT_FORMATS, IMPORT_FORMATS } = await this.interop();
    return { export: EXPORT_FORMATS(), import: IMPORT_FORMATS() };
  }

  /** The configuration in force now, in an interop format (keepalived, nginx, terraform…); a refusal says why. */
  async exportRun(format: string): Promise<ExportAnswer> {
    try {
      // Read before waiting for the interop code: the export is of the moment it was asked for.
      const configuration = this.requireRun().configuration;
      const { exportScenario } = await this.interop();
      return { ok: true, files: exportScenario(configuration, format) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  /** Reads a configuration file into a scenario file (not loaded: the caller decides); a malformed file gets its line and column. */
  async importConfig(text: string, format: string, name?: string): Promise<ImportAnswer> {
    let interop: Interop | undefined;
    try {
      interop = await this.interop();
      const { scenario, warnings } = await interop.importTextAsync(text, format, name);
      return { ok: true, scenario, warnings };
    } catch (error) {
      const position = interop && error instanceof interop.ImportSyntaxError ? error.position : undefined;
      return { ok: false, message: (error as Error).message, ...(position ? { line: position.line, column: position.column } : {}) };
    }
  }

  scenarioInForce(): ScenarioFileOf<Scenario> {
    return this.runScenario();
  }

  // --- Estimate a month (the cost panel) ---------------------------------------------------
  /**
   * What the cost panel's month estimate prices: the configuration in force now (journaled
   * changes included) and the run's seed, with the run's own projection at this moment to compare
   * against. Only reads the run; the estimate itself runs in a worker of its own.
   */
  monthEstimateInput(): MonthEstimateInput {
    const sim = this.requireSim();
    return { scenario: this.requireRun().configuration, seed: sim.seed, packet: { projectedMonthly: sim.bill({}).projectedMonthly, basisS: sim.timeUs / 1e6 } };
  }
  // --- end of Estimate a month --------------------------------------------------------------

  private tick(): void {
    const sim = this.requireSim();
    const now = this.clock.nowMs();
    const elapsedMs = now - this.lastWallMs;
    const wallMs = Math.min(MAX_TICK_WALL_MS, elapsedMs);
    this.lastWallMs = now;
    const simBefore = sim.timeUs;
    const targetUs = sim.timeUs + Math.round(wallMs * 1000 * this.speed);
    const eventsBefore = sim.events;
    // Stop at a checkpoint that falls inside the tick, so it is taken at its exact time; one event
    // budget covers both legs, or at high speed the leg to a far checkpoint would block the worker.
    const dueUs = this.checkpoints.nextDueUs();
    const stopUs = dueUs <= targetUs && dueUs >= sim.timeUs ? dueUs : targetUs;
    let reached = sim.runUntil(stopUs, MAX_EVENTS_PER_TICK);
    this.afterAdvance();
    if (reached && stopUs < targetUs) {
      reached = sim.runUntil(targetUs, MAX_EVENTS_PER_TICK - (sim.events - eventsBefore));
      this.afterAdvance();
    }
    this.behind = !reached;
    this.noteReached(sim.timeUs - simBefore, elapsedMs);
    this.emit();
  }

  /** Folds one tick's advance into the smoothed reached speed (time constant REACHED_SMOOTHING_MS of wall time). */
  private noteReached(simUs: number, wallMs: number): void {
    if (!(wallMs > 0)) return;
    const instant = simUs / 1000 / wallMs;
    this.reachedSpeed += (instant - this.reachedSpeed) * (1 - Math.exp(-wallMs / REACHED_SMOOTHING_MS));
  }

  /** Sends a frame unless the UI still holds the previous one (then counts a dropped frame). */
  private emit(force = false): FrameSummary {
    if (this.listener && this.awaitingAck && !force) {
      this.droppedFrames++;
      return this.summary([]);
    }
    const samples = this.sampler.drain();
    const frame: Frame = { ...this.summary(samples), hops: this.hops.drain(this.spareHops.pop()) };
    const { hops: _hops, ...summary } = frame;
    if (this.listener) {
      this.awaitingAck = true;
      this.listener(frame); // may transfer (detach) frame.hops
    }
    return summary;
  }

  private summary(samples: FrameSummary['samples']): FrameSummary {
    const sim = this.requireSim();
    const stats = sim.stats();
    return {
      simTimeUs: sim.timeUs,
      events: stats.events,
      traceHash: stats.traceHash,
      playing: this.playing,
      speed: this.speed,
      behind: this.behind,
      reachedSpeed: this.reachedSpeed,
      links: this.hops.links.snapshot(),
      droppedHops: this.hops.dropped,
      droppedFrames: this.droppedFrames,
      memory: this.checkpoints.memory(),
      connections: stats.connections,
      nodes: nodeStates(sim, this.sampler.latestRequestsPerSecond),
      horizonUs: this.horizonUs,
      progress: this.progress,
      samples,
      journal: this.journalState(),
    };
  }

  private journalState(): JournalState {
    const journal = this.run?.journal ?? [];
    const entries = journal.length;
    const last = journal[entries - 1];
    const next = this.undone[this.undone.length - 1];
    return {
      entries,
      revision: this.journalRevision,
      discarded: this.beforeBranch ? this.beforeBranch.length - entries + 1 : 0,
      ...(last ? { undo: { action: last.action, atUs: last.atUs } } : {}),
      ...(next ? { redo: { action: next.action, atUs: next.atUs } } : {}),
    };
  }

  private requireScenario(): Scenario {
    if (!this.scenario) throw new Error('no scenario loaded');
    return this.scenario;
  }

  private requireRun(): LiveRun {
    if (!this.run) throw new Error('no scenario loaded');
    return this.run;
  }

  private requireSim(): Simulation {
    if (!this.sim) throw new Error('no scenario loaded');
    return this.sim;
  }
}
