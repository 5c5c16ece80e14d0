import type { Chunk } from '../engine/core/packed-array';
import { Simulation, type SimulationSnapshot } from '../engine/simulation';
import type { HopRecorder } from '../engine/hops';
import type { JourneyRecorder } from '../engine/journal';
import { TABLE_BUDGET, type WorkerMemory } from './protocol';

export interface Checkpoint {
  timeUs: number;
  /** Bytes this checkpoint copied when taken (chunks it shares with the one before are not counted again). */
  bytes: number;
  /** Connections opened by then: journeys replay from the last checkpoint before a connection opened. */
  opened: number;
  /** A new simulation at the checkpoint's time, independent of the checkpoint and of every other restore. */
  restore(attach?: { recorder?: HopRecorder | undefined; journal?: JourneyRecorder | undefined }): Simulation;
}

interface Held extends Checkpoint {
  snapshot: SimulationSnapshot;
}



/**
 * Engine checkpoints for time travel, taken at whole multiples of an interval of simulated time.
 * Each is a packed snapshot (Simulation.snapshot): chunks of a table that did not change since the
 * previous checkpoint are shared with it, so a checkpoint costs what changed. The store is bounded
 * by count and by one budget for the whole worker: checkpoints may use what the live simulation
 * leaves of it. Past either limit it keeps every other checkpoint and doubles the interval, so
 * memory stays bounded however long or busy the run. The checkpoint at time 0 is always kept (it
 * is tiny), so any time can still be reached by replay.
 */
export class CheckpointStore {
  private checkpoints: Held[] = [];
  /** How many held snapshots reference each copied chunk, and the bytes of those with any. */
  private readonly refs = new Map<Chunk, number>();
  private heldBytes = 0;
  private liveBytes = 0;
  /** When a checkpoint was last due and considered (taken, or refused for want of memory). */
  private lastDueUs = -1;

  constructor(
    private intervalUs = 5_000_000,
    private readonly max = 128,
    private readonly budgetBytes = TABLE_BUDGET,
  ) {}

  /** Bytes the checkpoints hold together. */
  get bytes(): number {
    return this.heldBytes;
  }

  get interval(): number {
    return this.intervalUs;
  }

  get count(): number {
    return this.checkpoints.length;
  }

  /** What the store holds, for the run controls and the bench (an estimate: typed-array bytes only). */
  memory(): WorkerMemory {
    return { liveBytes: this.liveBytes, checkpointBytes: this.heldBytes, checkpoints: this.checkpoints.length, budgetBytes: this.budgetBytes, intervalUs: this.intervalUs };
  }

  clear(): void {
    for (const cp of this.checkpoints) this.release(cp);
    this.checkpoints = [];
    this.lastDueUs = -1;
  }

  /** The next simulated time at which a checkpoint is due. */
  nextDueUs(): number {
    return this.lastDueUs < 0 ? 0 : this.lastDueUs + this.intervalUs;
  }

  /**
   * Measures the live simulation's tables again between checkpoints. They grow as the run ramps
   * up, so checkpoints that fitted when taken may no longer: thin them now, not at the next one.
   */
  noteLive(sim: Simulation): void {
    this.liveBytes = sim.tableBytes();
    this.fit();
  }

  /** What checkpoints may use: the budget less the live simulation. */
  private get limit(): number {
    return Math.max(0, this.budgetBytes - this.liveBytes);
  }

  add(sim: Simulation): void {
    const last = this.checkpoints.at(-1);
    if (last && sim.timeUs <= last.timeUs) return;
    this.lastDueUs = sim.timeUs;
    this.liveBytes = sim.tableBytes();
    if (last && this.liveBytes >= this.budgetBytes) {
      // The live simulation alone fills the budget: no checkpoint can fit, so none is copied (and
      // thrown away) at every interval; time 0 stays, and the next try is twice as far.
      this.intervalUs *= 2;
      return;
    }
    const snapshot = sim.snapshot(last?.snapshot);
    this.liveBytes = snapshot.liveBytes;
    const held: Held = {
      timeUs: sim.timeUs,
      opened: sim.conns.opened,
      bytes: snapshot.copiedBytes,
      snapshot,
      restore: (attach = {}) => Simulation.restore(snapshot, attach),
    };
    this.retain(held);
    this.checkpoints.push(held);
    this.fit();
  }

  /** Thins the checkpoints until they are within both limits; time 0 always stays. */
  private fit(): void {
    while (this.checkpoints.length > this.max || (this.heldBytes > this.limit && this.checkpoints.length > 2)) {
      // Keep the first (time 0), the newest, and every other one in between.
      const newest = this.checkpoints.at(-1)!;
      const kept = this.checkpoints.filter((cp, i) => i % 2 === 0 || cp === newest);
      for (const cp of this.checkpoints) if (!kept.includes(cp)) this.release(cp);
      this.checkpoints = kept;
      this.intervalUs *= 2;
    }
    if (this.heldBytes > this.limit && this.checkpoints.length === 2) {
      // Even one checkpoint besides time 0 does not fit: drop it, and try again less often.
      this.release(this.checkpoints.pop()!);
      this.intervalUs *= 2;
    }
  }

  /** Forgets the checkpoints after a time (the journal changed there: they hold another branch). */
  dropAfter(timeUs: number): void {
    const kept = this.checkpoints.filter((cp) => cp.timeUs <= timeUs);
    for (const cp of this.checkpoints) if (!kept.includes(cp)) this.release(cp);
    this.checkpoints = kept;
    this.lastDueUs = Math.min(this.lastDueUs, kept.at(-1)?.timeUs ?? -1);
  }

  /** The latest checkpoint at or before a time. */
  before(timeUs: number): Checkpoint | undefined {
    let found: Checkpoint | undefined;
    for (const cp of this.checkpoints) if (cp.timeUs <= timeUs) found = cp;
    return found;
  }

  /** The latest checkpoint taken before connection number `serial` opened. */
  beforeConnection(serial: number): Checkpoint | undefined {
    let found: Checkpoint | undefined;
    for (const cp of this.checkpoints) if (cp.opened < serial) found = cp;
    return found;
  }

  private retain(cp: Held): void {
    for (const chunk of cp.snapshot.chunks) {
      const n = this.refs.get(chunk) ?? 0;
      if (n === 0) this.heldBytes += (chunk as ArrayBufferView).byteLength;
      this.refs.set(chunk, n + 1);
    }
  }

  private release(cp: Held): void {
    for (const chunk of cp.snapshot.chunks) {
      const n = (this.refs.get(chunk) ?? 1) - 1;
      if (n > 0) this.refs.set(chunk, n);
      else {
        this.refs.delete(chunk);
        this.heldBytes -= (chunk as ArrayBufferView).byteLength;
      }
    }
  }
}
