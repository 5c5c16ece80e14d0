import type { ClientPopulation, Scenario } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import type { HourMeter, MeterSnapshot, SlbPeaks } from '../billing/meters';
import type { Calibration, PopulationCalibration } from './calibrate';
import { addScaled, capSlbOut, meterParts } from './meter-vector';
import { expectedPeakCount, expectedPeakOccupancy, type CountSegment, type OccupancySegment } from './peaks';
import { hourWindows, populationHours, rateAt, type HourWindow, type PopulationHour } from './rate-schedule';

/** One billed clock hour of the flow model, before billing. */
export interface ModelHour {
  window: HourWindow;
  /** Expected connections opened, all populations. */
  arrivals: number;
  /** Metered bytes of the hour (meter-vector layout). */
  bytes: Float64Array;
  /** All load balancers together, then by load balancer (scenario order). */
  peaks: SlbPeaks;
  byLoadBalancer: SlbPeaks[];
  nat: HourMeter['nat'];
}

export interface FlowModel {
  hours: ModelHour[];
  /** By population: expected connections opened over the window, and its rate at the window's end. */
  opened: number[];
  endRate: number[];
  snapshot: MeterSnapshot;
}

/** A stretch of the hour with each population's rate (connections per second), and when it ends (simulated s). */
interface Slice {
  seconds: number;
  endS: number;
  rates: number[];
}

/**
 * The fluid model hour by hour: expected arrivals from each population's rate and daily profile,
 * bytes as arrivals × the calibrated bytes per connection plus the background's bytes per second,
 * peaks from the arrival process (peaks.ts), all in the meters' shape so the bill is computed by
 * the same code as for a packet run.
 */
export function flowModel(scenario: Scenario, calibration: Calibration, startOffsetUs: number, durationUs: number): FlowModel {
  const windows = hourWindows(startOffsetUs, durationUs);
  const layout = calibration.layout;
  const perPopulation: PopulationHour[][] = scenario.clients.map((p) => populationHours(p, scenario.billing.startTime, windows));
  const cals = calibration.populations;
  const targets = scenario.clients.map((p) => targetOf(scenario, p));
  // Open connections when each hour begins (all load balancers, then by load balancer): the previous hour's last level.
  let carried = { all: 0, byLoadBalancer: layout.loadBalancerIds.map(() => 0) };
  const hours = windows.map((window, h): ModelHour => {
    const seconds = (window.endUs - window.startUs) / US_PER_S;
    let bytes: Float64Array = calibration.background.bytesPerS.map((x) => x * seconds);
    let arrivals = 0;
    perPopulation.forEach((ph, p) => {
      arrivals += ph[h]!.arrivals;
      bytes = addScaled(bytes, cals[p]!.bytesPerConnection, ph[h]!.arrivals);
    });
    // Pay-by-bandwidth: an instance's replies leave at most at its Bandwidth (Mbit/s) over the hour.
    scenario.loadBalancers.forEach((lb, i) => {
      if (lb.AddressType === 'internet' && lb.InternetChargeType === 'paybybandwidth') capSlbOut(layout, bytes, i, (lb.Bandwidth * 1e6 * seconds) / 8);
    });
    const slices = mergeSlices(perPopulation.map((ph) => ph[h]!), window.startUs / US_PER_S);
    const peaksOf = (included: (p: number) => boolean, occupancy: (p: number) => number, initial: number) =>
      slbPeaks(scenario.clients, cals, perPopulation.map((ph) => ph[h]!), slices, included, occupancy, initial);
    const byLoadBalancerPeaks = layout.loadBalancerIds.map((id, lb) => peaksOf((p) => targets[p] === id, (p) => cals[p]!.occupancyPerRate[lb] ?? 0, carried.byLoadBalancer[lb]!));
    const allPeaks = peaksOf(() => true, (p) => cals[p]!.occupancyPerRate.reduce((a, b) => a + b, 0), carried.all);
    carried = { all: allPeaks.endOccupancy, byLoadBalancer: byLoadBalancerPeaks.map((b) => b.endOccupancy) };
    const byLoadBalancer = byLoadBalancerPeaks.map((b) => b.peaks);
    const peaks = allPeaks.peaks;
    const natBytes = meterParts(layout, bytes).natGateways;
    const nat = calibration.background.natSessionsPerS.map((rate, j) => ({
      peakSessionsPerSecond: expectedPeakCount([{ mean: rate, seconds }]),
      peakSessions: rate > 0 ? expectedPeakOccupancy([{ ratePerS: rate, seconds, occupancy: calibration.background.natOpenSessions[j] ?? 0 }]) : 0,
      inboundBytes: natBytes[j]!.in,
      outboundBytes: natBytes[j]!.out,
    }));
    return { window, arrivals, bytes, peaks, byLoadBalancer, nat };
  });

  const opened = perPopulation.map((ph) => ph.reduce((sum, hour) => sum + hour.arrivals, 0));
  const endRate = scenario.clients.map((p, i) => rateAt(p, scenario.billing.startTime, durationUs, opened[i]!));
  // Connections still open at the end are not fully metered yet: their bytes come off the last hour.
  const last = hours[hours.length - 1];
  if (last) cals.forEach((cal, p) => (last.bytes = addScaled(last.bytes, cal.pendingBytesPerRate, -endRate[p]!).map((x) => Math.max(0, x))));
  return { hours, opened, endRate, snapshot: snapshotOf(calibration, hours, startOffsetUs, durationUs) };
}

/** The LoadBalancerId a population connects to (filled in by the schema when the scenario has one). */
function targetOf(scenario: Scenario, population: ClientPopulation): string {
  return population.LoadBalancerId ?? scenario.loadBalancers[0]?.LoadBalancerId ?? '';
}

/** The hour (beginning `startS` into the run) cut where any population's rate changes. */
function mergeSlices(hours: readonly PopulationHour[], startS: number): Slice[] {
  const cuts = new Set<number>([0]);
  for (const hour of hours) {
    let t = 0;
    for (const piece of hour.pieces) cuts.add((t += piece.seconds));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const rateAtOffset = (hour: PopulationHour, at: number): number => {
    let t = 0;
    for (const piece of hour.pieces) {
      if (at < t + piece.seconds) return piece.ratePerS;
      t += piece.seconds;
    }
    return 0;
  };
  return sorted.slice(1).map((end, i) => {
    const start = sorted[i]!;
    return { seconds: end - start, endS: startS + end, rates: hours.map((hour) => rateAtOffset(hour, (start + end) / 2)) };
  });
}

/**
 * Peaks of the populations `included`: connections from the M/G/∞ occupancy; CPS from Poisson
 * counts per calendar second (constant arrivals: ⌈rate⌉; bursts: burstSize per burst, bursts
 * within one second added), the deterministic populations' peaks added to the Poisson ones; QPS
 * like Poisson CPS at the requests' rate, widened by their measured bunching.
 */
function slbPeaks(
  clients: readonly ClientPopulation[],
  cals: readonly PopulationCalibration[],
  hours: readonly PopulationHour[],
  slices: readonly Slice[],
  included: (p: number) => boolean,
  occupancy: (p: number) => number,
  initialOccupancy: number,
): { peaks: SlbPeaks; endOccupancy: number } {
  const members = clients.map((_, p) => p).filter(included);
  const poissonLike = members.filter((p) => clients[p]!.arrival.type === 'poisson' || clients[p]!.arrival.type === 'ramp');
  const rateSum = (ps: readonly number[], slice: Slice, weight: (p: number) => number = () => 1) => ps.reduce((sum, p) => sum + slice.rates[p]! * weight(p), 0);
  // A run starts empty: in its first lifetime, only the connections opened so far are open (lifetimes taken as equal).
  const filling = (slice: Slice, p: number) => Math.min(1, slice.endS / Math.max(1e-9, occupancy(p)));
  const occupancySegments: OccupancySegment[] = slices.map((slice) => ({ ratePerS: rateSum(members, slice), seconds: slice.seconds, occupancy: rateSum(members, slice, (p) => occupancy(p) * filling(slice, p)) }));
  const cpsSegments: CountSegment[] = slices.map((slice) => ({ mean: rateSum(poissonLike, slice), seconds: slice.seconds }));
  let peakCps = expectedPeakCount(cpsSegments);
  for (const p of members) {
    const arrival = clients[p]!.arrival;
    const fastest = Math.max(0, ...slices.map((slice) => slice.rates[p]!));
    if (arrival.type === 'constant' && fastest > 0) peakCps += Math.ceil(fastest - 1e-9);
    const bursts = hours[p]!.burstsPerS ?? 0;
    if (arrival.type === 'burst' && bursts > 0) peakCps += arrival.burstSize * Math.ceil(bursts - 1e-9);
  }
  const dispersion = Math.max(1, ...members.map((p) => cals[p]!.requestDispersion));
  const qpsSegments: CountSegment[] = slices.map((slice) => ({ mean: rateSum(members, slice, (p) => cals[p]!.meteredRequestsPerConnection), seconds: slice.seconds }));
  return {
    peaks: { peakConnections: expectedPeakOccupancy(occupancySegments, initialOccupancy), peakCps, peakQps: expectedPeakCount(qpsSegments, dispersion) },
    endOccupancy: occupancySegments[occupancySegments.length - 1]?.occupancy ?? 0,
  };
}

/** The model's hours as the meters' snapshot: what computeBill reads. */
function snapshotOf(calibration: Calibration, hours: readonly ModelHour[], startOffsetUs: number, durationUs: number): MeterSnapshot {
  const layout = calibration.layout;
  let total: Float64Array = new Float64Array(layout.size);
  const series: number[][] = [];
  for (const hour of hours) {
    const parts = meterParts(layout, total);
    series.push([Math.floor(hour.window.startUs / US_PER_S), parts.bytes.slbOut, parts.bytes.eipOut, parts.bytes.natOut, parts.bytes.publicIpOut, ...parts.slbOutByLoadBalancer]);
    total = addScaled(total, hour.bytes, 1);
  }
  const parts = meterParts(layout, total);
  return {
    startOffsetUs,
    durationUs,
    bytes: parts.bytes,
    eips: parts.eips,
    natGateways: parts.natGateways,
    hours: hours.map((hour) => ({ ...hour.peaks, nat: hour.nat })),
    instances: layout.loadBalancerIds.map((LoadBalancerId, lb) => ({ LoadBalancerId, slbOut: parts.slbOutByLoadBalancer[lb]!, hours: hours.map((hour) => hour.byLoadBalancer[lb]!) })),
    series,
  };
}
