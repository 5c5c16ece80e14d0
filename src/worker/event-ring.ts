import type { JourneyEntry, JourneyRecorder } from '../engine/journal';
import type { EventFilter } from './protocol';

/** The event list's log: the latest `capacity` journey entries of all connections, oldest dropped. */
export class EventRing implements JourneyRecorder {
  private readonly entries: (JourneyEntry | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = 5000) {
    this.entries = new Array<JourneyEntry | undefined>(capacity);
  }

  wants(): boolean {
    return true;
  }

  record(entry: JourneyEntry): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Matching entries, oldest first, at most `limit` (the newest ones). */
  query(filter: EventFilter, limit: number): JourneyEntry[] {
    const out: JourneyEntry[] = [];
    for (let k = 0; k < this.size && out.length < limit; k++) {
      const entry = this.entries[(this.next - 1 - k + this.capacity) % this.capacity]!;
      if (filter.node !== undefined && entry.node !== filter.node) continue;
      if (filter.event !== undefined && entry.event !== filter.event) continue;
      if (filter.conn !== undefined && entry.conn !== filter.conn) continue;
      out.push(entry);
    }
    return out.reverse();
  }
}
