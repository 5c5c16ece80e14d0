import type { Simulation } from '../engine/simulation';

export interface Checkpoint {
  timeUs: number;
  /** Bytes of typed arrays the copy holds (nearly all of its memory). */
  bytes: number;
  /** Connections opened by then: journeys replay from the last checkpoint before a connection opened. */
  opened: number;
  sim: Simulation;
}

/**
 * Engine checkpoints for time travel, taken at whole multiples of an interval of simulated time.
 * The store is bounded by count and by bytes: past either limit it keeps every other checkpoint
 * and doubles the interval, so memory stays fixed however long or busy the run. The checkpoint at
 * time 0 is always kept (it is tiny), so any time can still be reached by replay.
 */
export class CheckpointStore {
  private checkpoints: Checkpoint[] = [];

  constructor(
    private intervalUs = 5_000_000,
    private readonly max = 32,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  get bytes(): number {
    return this.checkpoints.reduce((sum, cp) => sum + cp.bytes, 0);
  }

  get interval(): number {
    return this.intervalUs;
  }

  get count(): number {
    return this.checkpoints.length;
  }

  clear(): void {
    this.checkpoints = [];
  }

  /** The next simulated time at which a checkpoint is due. */
  nextDueUs(): number {
    const last = this.checkpoints.at(-1);
    return last === undefined ? 0 : last.timeUs + this.intervalUs;
  }

  add(sim: Simulation): void {
    const last = this.checkpoints.at(-1);
    if (last && sim.timeUs <= last.timeUs) return;
    const stats = { bytes: 0 };
    const copy = sim.fork({}, stats);
    this.checkpoints.push({ timeUs: sim.timeUs, opened: sim.conns.opened, bytes: stats.bytes, sim: copy });
    while (this.checkpoints.length > this.max || (this.bytes > this.maxBytes && this.checkpoints.length > 2)) {
      // Keep the first (time 0), the newest, and every other one in between.
      const newest = this.checkpoints.at(-1)!;
      this.checkpoints = this.checkpoints.filter((cp, i) => i % 2 === 0 || cp === newest);
      this.intervalUs *= 2;
    }
    if (this.bytes > this.maxBytes && this.checkpoints.length === 2) this.checkpoints.pop();
  }

  /** Forgets the checkpoints after a time (the journal changed there: they hold another branch). */
  dropAfter(timeUs: number): void {
    this.checkpoints = this.checkpoints.filter((cp) => cp.timeUs <= timeUs);
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
}
