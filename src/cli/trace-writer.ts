import { closeSync, openSync, writeSync } from 'node:fs';
import type { JourneyEntry, JourneyRecorder } from '../engine/journal';
import { CodedError } from '../shared/errors';

const FLUSH_BYTES = 1 << 20;

/** Streams journey entries to an NDJSON file, one object per line, buffered. */
export class NdjsonTraceWriter implements JourneyRecorder {
  private readonly fd: number;
  private buffer: string[] = [];
  private bytes = 0;
  entries = 0;

  constructor(
    path: string,
    private readonly only: number | undefined,
  ) {
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new CodedError('TraceUnwritable', `--trace: cannot write ${path}: ${(error as Error).message}`, '--trace');
    }
  }

  wants(connSerial: number): boolean {
    return this.only === undefined || this.only === connSerial;
  }

  record(entry: JourneyEntry): void {
    const line = JSON.stringify(entry) + '\n';
    this.buffer.push(line);
    this.bytes += line.length;
    this.entries++;
    if (this.bytes >= FLUSH_BYTES) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.bytes = 0;
  }
}
