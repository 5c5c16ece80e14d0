/**
 * Pure helpers that turn the engine's cumulative layer-7 counters into the charts' buckets. No
 * engine imports: the app reads the labels from here (through protocol.ts).
 */

/** Status classes of the requests chart, in series order; `no response` = ended without any HTTP response. */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'no response'] as const;

/** TLS handshake kinds of the handshakes chart, in series order. */
export const HANDSHAKE_KINDS = ['full', 'resumed', 'failed'] as const;

/**
 * Requests ended so far, by status class, from a by-status array (index = HTTP status, index 0 =
 * ended without a response). 1xx (never a final status here) and anything outside 200–599 is not
 * a class of the chart and is left out.
 */
export function statusClassTotals(byStatus: ArrayLike<number>): number[] {
  const totals = [0, 0, 0, 0, byStatus[0] ?? 0];
  const last = Math.min(byStatus.length, 600);
  for (let status = 200; status < last; status++) {
    const n = byStatus[status] ?? 0;
    if (n !== 0) totals[Math.floor(status / 100) - 2]! += n;
  }
  return totals;
}

/** Handshakes so far by kind: full, resumed, and failed (every failure reason together). */
export function handshakeTotals(full: number, resumed: number, failedByReason: ArrayLike<number>): number[] {
  let failed = 0;
  for (let i = 0; i < failedByReason.length; i++) failed += failedByReason[i] ?? 0;
  return [full, resumed, failed];
}

/** Per-second rates between two cumulative snapshots `dt` seconds apart (a missing earlier value counts as 0). */
export function ratesPerSecond(previous: readonly number[], current: readonly number[], dt: number): number[] {
  return current.map((value, i) => (value - (previous[i] ?? 0)) / dt);
}
