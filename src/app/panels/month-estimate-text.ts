import type { MonthEstimate } from '../../worker/protocol';
import { money } from './cost-format';

/** Days the cost panel estimates: a 30-day month. */
export const MONTH_DAYS = 30;

/** Seconds as the sentence says them: 3.5 s, 1,240 s. */
function duration(seconds: number): string {
  return `${Math.round(seconds) >= 100 ? Math.round(seconds).toLocaleString('en-US') : Number(seconds.toFixed(1))} s`;
}

/** What the estimate stands on, in one plain sentence. */
export function basisSentence(estimate: MonthEstimate): string {
  const { calibration, days } = estimate;
  const populations = calibration.populations === 1 ? 'the client population' : `${calibration.populations} client populations`;
  return `A flow-level estimate of ${days} days, calibrated on ${duration(calibration.packetSeconds)} of packet simulation (${calibration.connections.toLocaleString('en-US')} connections of ${populations}), then priced hour by hour with the daily profile.`;
}

/** The flow estimate next to the run's packet-mode projection, and how far apart they are. */
export function comparisonSentence(estimate: MonthEstimate): string {
  const { packet, bill, days } = estimate;
  const flow = `flow estimate with the daily profile (${days} days): ${money(bill.total)}`;
  if (!(packet.basisS > 0)) return `No packet-mode projection yet (the run has not started); ${flow}.`;
  const change = packet.projectedMonthly > 0 ? (bill.total - packet.projectedMonthly) / packet.projectedMonthly : undefined;
  const apart = change === undefined ? '' : Math.abs(change) < 0.005 ? ', within 0.5 %' : `, ${Math.abs(change * 100).toFixed(change * 100 >= 9.95 || change * 100 <= -9.95 ? 0 : 1)} % ${change > 0 ? 'more' : 'less'}`;
  return `Projected from the run (${duration(packet.basisS)} extrapolated to 730 h): ${money(packet.projectedMonthly)}; ${flow}${apart}.`;
}

/** Hours billed at each spec, largest count first: "slb.s1.small 600 h, slb.s2.small 120 h". */
export function specHours(estimate: MonthEstimate): string {
  const counts = new Map<string, number>();
  for (const hour of estimate.hours) counts.set(hour.billedSpec, (counts.get(hour.billedSpec) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([spec, hours]) => `${spec} ${hours} h`)
    .join(', ');
}

/** The hourly series for the charts: x in days since the window's start. */
export function monthSeries(estimate: MonthEstimate): { connections: number[][]; rates: number[][]; fee: number[][] } {
  const days = estimate.hours.map((_, h) => h / 24);
  return {
    connections: [days, estimate.hours.map((h) => h.peakConnections)],
    rates: [days, estimate.hours.map((h) => h.peakCps), estimate.hours.map((h) => h.peakQps)],
    fee: [days, estimate.hours.map((h) => h.specFeePerHour)],
  };
}
