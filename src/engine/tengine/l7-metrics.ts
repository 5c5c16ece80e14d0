import { LatencyHistogram } from '../metrics/latency';
import { TLS_FAILURES } from './tls';

/** Status slot for requests that ended without any HTTP response (connection reset, client gave up). */
export const NO_RESPONSE = 0;

/**
 * The layer-7 counters of a run: requests by status and by rule, request latency, handshakes.
 * `sent` = Σ byStatus + in flight at all times (checked by the invariants).
 */
export class L7Metrics {
  sent = 0;
  completed = 0;
  /** Index = HTTP status (0 = no response). */
  readonly byStatus = new Float64Array(600);
  readonly byRule = new Map<string, number>();
  /** Request latency over the whole run, as the client sees it. */
  readonly latency = new LatencyHistogram();
  fullHandshakes = 0;
  resumedHandshakes = 0;
  readonly failedHandshakes = new Float64Array(TLS_FAILURES.length);

  countRule(id: string): void {
    this.byRule.set(id, (this.byRule.get(id) ?? 0) + 1);
  }

  ended(): number {
    let sum = 0;
    for (let s = 0; s < this.byStatus.length; s++) sum += this.byStatus[s] as number;
    return sum;
  }
}
