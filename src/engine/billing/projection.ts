import { computeBill, meterWindow, type BillOptions } from './bill';
import type { MeterSnapshot } from './meters';
import type { Scenario } from '../../scenario/schema';

/** A projection this much apart from the one at half the window is called stable. */
export const STABLE_CHANGE = 0.05;

/** How much a projected month can be trusted: what it stands on, and how far it still moves. */
export interface ProjectionStability {
  /** Simulated seconds of metered traffic the projection stands on. */
  simulatedS: number;
  /** The projected month from the first half of the window alone; undefined under two metered seconds. */
  halfWindowMonthly: number | undefined;
  /** |whole − half| ÷ whole (0 when both are 0); undefined with no half-window projection. */
  change: number | undefined;
  /** One sentence for the cost panel. */
  summary: string;
}

/**
 * Compares the month projected from the whole run with the month projected from its first half.
 * Traffic lines scale by the simulated rate, so a run still warming up (connections opening, a
 * fault's recovery) projects differently from its halves; when the two agree within
 * STABLE_CHANGE, a longer run would not change the estimate much.
 */
export function projectionStability(scenario: Scenario, meters: MeterSnapshot, options: BillOptions = {}): ProjectionStability {
  const simulatedS = meters.durationUs / 1e6;
  const whole = computeBill(scenario, meters, options).projectedMonthly;
  // The sample closest to the window's middle, from the per-second series.
  const middle = meters.series.findLast((sample) => sample[0]! <= simulatedS / 2);
  if (simulatedS < 2 || !middle || middle[0]! <= 0) {
    return { simulatedS, halfWindowMonthly: undefined, change: undefined, summary: `Stands on ${formatSeconds(simulatedS)} of simulated traffic: too short to tell how stable it is (run at least 2 s).` };
  }
  const half = computeBill(scenario, meterWindow(meters, middle[0]! * 1e6, middle), options).projectedMonthly;
  const change = whole === 0 ? (half === 0 ? 0 : 1) : Math.abs(whole - half) / whole;
  const percent = `${(change * 100).toFixed(change < 0.1 ? 1 : 0)} %`;
  const verdict = change <= STABLE_CHANGE ? `stable: within ${percent} of the month projected from the first ${formatSeconds(middle[0]!)}` : `still moving: ${percent} away from the month projected from the first ${formatSeconds(middle[0]!)}; run longer for a firmer estimate`;
  return { simulatedS, halfWindowMonthly: half, change, summary: `Stands on ${formatSeconds(simulatedS)} of simulated traffic, ${verdict}.` };
}

function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(2)} h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
}
