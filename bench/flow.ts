/**
 * Flow mode against packet mode (issue 15's targets), in one process:
 *   - packet mode: 1 simulated hour of egress-billing (wall s);
 *   - flow mode: 30 days of egress-billing with a daily profile (wall s), which must take less;
 *   - accuracy of flow mode over that same 1-hour window: bytes per path and the bill (< 2 %),
 *     each clock hour's peak connections (< 5 %) and peak CPS (< 10 %), as % errors.
 * `npm run -s bench -- --flow-only [--json]` runs just this part.
 */
import { estimateFlow } from '../src/engine/flow/estimate';
import { Simulation } from '../src/engine/simulation';
import { examples } from '../src/scenario/examples';
import type { Scenario } from '../src/scenario/schema';
import { parseScenario } from '../src/scenario/validate';
import { US_PER_S } from '../src/shared/units';
import { progress, wallClockNs, wallSecondsSince } from './measure';

/** A shop's day in UTC+8: quiet at night, a lunch bump, an evening peak. */
export const SHOP_DAY = [0.2, 0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.4, 1.5, 1.3, 1.2, 1.2, 1.3, 1.5, 1.8, 2.1, 2.2, 1.8, 1.1, 0.5];

export interface FlowBench {
  packetHourWallSeconds: number;
  flowMonthWallSeconds: number;
  flowFaster: boolean;
  /** % errors of flow mode over packet mode's hour (absolute), each with its target. */
  bytesErrorPct: Record<string, number>;
  billErrorPct: number;
  peakConnectionsErrorPct: number[];
  peakCpsErrorPct: number[];
  targets: { bytesPct: 2; billPct: 2; peakConnectionsPct: 5; peakCpsPct: 10 };
  met: boolean;
  monthTotal: number;
  monthHours: number;
}

const pct = (flow: number, reference: number) => Math.round((Math.abs(flow - reference) / Math.max(1, Math.abs(reference))) * 10_000) / 100;

export function measureFlow(seed: number): FlowBench {
  const scenario: Scenario = parseScenario(examples['egress-billing']);
  progress('flow: packet mode, 1 simulated hour of egress-billing');
  const start = wallClockNs();
  const sim = new Simulation(scenario, { seed });
  sim.runUntil(3600 * US_PER_S);
  const packet = sim.report();
  const packetHourWallSeconds = wallSecondsSince(start);

  progress('flow: flow mode, 30 days of egress-billing with a daily profile');
  const profiled: Scenario = { ...scenario, clients: scenario.clients.map((c) => ({ ...c, arrival: { ...c.arrival, dailyProfile: SHOP_DAY, weekendFactor: 1.3 } })) };
  const monthStart = wallClockNs();
  const month = estimateFlow(profiled, { durationS: 30 * 86_400, seed });
  const flowMonthWallSeconds = wallSecondsSince(monthStart);

  progress('flow: flow mode over the packet run’s hour');
  const hour = estimateFlow(scenario, { durationS: 3600, seed });
  const bytesErrorPct = Object.fromEntries(
    Object.entries(packet.billing.bytes)
      .filter(([, bytes]) => bytes > 0)
      .map(([path, bytes]) => [path, pct(hour.bill.bytes[path as keyof typeof hour.bill.bytes], bytes)]),
  );
  const billErrorPct = pct(hour.bill.total, packet.billing.total);
  const peakConnectionsErrorPct = packet.billing.hourly.map((h, i) => pct(hour.bill.hourly[i]!.peakConnections, h.peakConnections));
  const peakCpsErrorPct = packet.billing.hourly.map((h, i) => pct(hour.bill.hourly[i]!.peakCps, h.peakCps));
  const met =
    flowMonthWallSeconds < packetHourWallSeconds &&
    Object.values(bytesErrorPct).every((e) => e < 2) &&
    billErrorPct < 2 &&
    peakConnectionsErrorPct.every((e) => e < 5) &&
    peakCpsErrorPct.every((e) => e < 10);
  return {
    packetHourWallSeconds: Math.round(packetHourWallSeconds * 1000) / 1000,
    flowMonthWallSeconds: Math.round(flowMonthWallSeconds * 1000) / 1000,
    flowFaster: flowMonthWallSeconds < packetHourWallSeconds,
    bytesErrorPct,
    billErrorPct,
    peakConnectionsErrorPct,
    peakCpsErrorPct,
    targets: { bytesPct: 2, billPct: 2, peakConnectionsPct: 5, peakCpsPct: 10 },
    met,
    monthTotal: Math.round(month.bill.total * 100) / 100,
    monthHours: month.bill.hours,
  };
}

export function formatFlow(f: FlowBench): string {
  const ok = (good: boolean) => (good ? 'met' : 'NOT met');
  const bytes = Object.entries(f.bytesErrorPct)
    .map(([path, e]) => `${path} ${e} %`)
    .join(', ');
  return [
    `flow mode (egress-billing): packet 1 h ${f.packetHourWallSeconds} s wall; flow 30 days with a daily profile ${f.flowMonthWallSeconds} s wall (${f.monthHours} clock hours, $${f.monthTotal}) → faster: ${ok(f.flowFaster)}`,
    `  accuracy over the packet hour: bytes ${bytes} (target < 2 %: ${ok(Object.values(f.bytesErrorPct).every((e) => e < 2))}); bill ${f.billErrorPct} % (< 2 %: ${ok(f.billErrorPct < 2)})`,
    `  per clock hour: peak connections ${f.peakConnectionsErrorPct.join(' / ')} % (< 5 %: ${ok(f.peakConnectionsErrorPct.every((e) => e < 5))}); peak CPS ${f.peakCpsErrorPct.join(' / ')} % (< 10 %: ${ok(f.peakCpsErrorPct.every((e) => e < 10))})`,
  ].join('\n');
}

/** `--flow-only`: this part alone; true when it ran (the caller then stops). */
export function runFlowOnly(seed: number, json: boolean): boolean {
  if (!process.argv.includes('--flow-only')) return false;
  const result = measureFlow(seed);
  process.stdout.write(`${json ? JSON.stringify({ flow: result }) : formatFlow(result)}\n`);
  return true;
}
