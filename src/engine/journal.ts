/**
 * The ordered journey of connections: every hop and decision with its reason ("ECMP hash → LVS-2",
 * "wrr chose i-ecs3", "synced to LVS-1, LVS-3 at packet 3", "no session on LVS-3; RST"). Only
 * recorded when a recorder is attached, so headless runs pay nothing.
 */
export interface JourneyEntry {
  timeUs: number;
  conn: number;
  node: string;
  event: string;
  reason: string;
}

export interface JourneyRecorder {
  /** Return false to skip building the entry for this connection (e.g. tracing one connection). */
  wants(connSerial: number): boolean;
  record(entry: JourneyEntry): void;
}

/** Collects entries in memory (tests, the UI's journey view). */
export class JourneyLog implements JourneyRecorder {
  readonly entries: JourneyEntry[] = [];

  constructor(private readonly only?: number) {}

  wants(connSerial: number): boolean {
    return this.only === undefined || this.only === connSerial;
  }

  record(entry: JourneyEntry): void {
    this.entries.push(entry);
  }

  forConnection(serial: number): JourneyEntry[] {
    return this.entries.filter((e) => e.conn === serial);
  }
}
