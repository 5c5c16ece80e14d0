import type { Simulation } from '../engine/simulation';

export interface Checkpoint {
  timeUs: number;
  /** Connections opened by then: journeys replay from the last checkpoint before a connection opened. */
  opened: number;
  sim: Simulation;
}

/**
 * Engine checkpoints for time travel, taken at whole multiples of an interval of simulated time.
 * The store is bounded: past `max` checkpoints it keeps every other one and doubles the interval,
 * so memory stays fixed however long the run. The checkpoint at time 0 is always kept.
 */
export class CheckpointStore {
  private checkpoints: Checkpoint[] = [];

  constructor(
    private intervalUs = 5_000_000,
    private readonly max = 32,
  ) {}

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
    this.checkpoints.push({ timeUs: sim.timeUs, opened: sim.conns.opened, sim: sim.fork() });
    if (this.checkpoints.length > this.max) {
      this.checkpoints = this.checkpoints.filter((_, i) => i % 2 === 0);
      this.intervalUs *= 2;
    }
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
