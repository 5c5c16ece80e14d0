import { toScenarioFile } from '../../scenario/load-balancers';
import type { Scenario } from '../../scenario/schema';
import { CodedError } from '../../shared/errors';
import { US_PER_S } from '../../shared/units';
import { computeBill, type Bill } from '../billing/bill';
import { startOffsetUs } from '../billing/clock';
import type { ByteBucket } from '../billing/meters';
import { OUTCOMES } from '../metrics/outcomes';
import type { ConnectionCounts, SimulationReport } from '../report';
import { calibrate, type Calibration } from './calibrate';
import { flowModel, type FlowModel } from './hourly-model';
import { meterParts } from './meter-vector';

/** Longest window flow mode estimates: a year. */
export const MAX_FLOW_SECONDS = 366 * 86_400;

export interface FlowOptions {
  /** Simulated seconds to estimate (> 0, at most a year). */
  durationS: number;
  /** Overrides the scenario's seed (the calibration samples' seed). */
  seed?: number;
  /** Simulated seconds each population opens connections in its calibration sample (default: see calibrate.ts). */
  calibrationS?: number;
}

/** One UTC+8 clock hour of the estimate. */
export interface FlowHour {
  /** Start of the clock hour, UTC+8 local time like `billing.startTime`. */
  hourStart: string;
  connectionsOpened: number;
  peakConnections: number;
  peakCps: number;
  peakQps: number;
  bytes: Record<ByteBucket, number>;
  /** The spec the hour's spec fee bills (the first load balancer's, like `HourBasis.billedSpec`). */
  billedSpec: string;
}

/**
 * The packet report's fields that a flow model can estimate. Left out, because only a packet run
 * has them: `events`, `eventsPerWallSecond`, `traceHash`, `lvs`, `backends`, `accessControl`,
 * `faults`, `tls`, `keyServer`, `tengine`, `bandwidth`, `invariants`, request latencies and
 * `portExhausted`. Counts are expected values, rounded.
 */
export interface FlowReport extends Pick<SimulationReport, 'seed' | 'scenario' | 'simulatedSeconds' | 'wallSeconds' | 'connections' | 'egress' | 'billing' | 'scenarioEffective'> {
  fidelity: 'flow';
  instances: Pick<SimulationReport['instances'][number], 'LoadBalancerId' | 'spec' | 'peakConnections'>[];
  requests: Pick<SimulationReport['requests'], 'sent' | 'completed'>;
  /** How the figures were obtained, in one sentence, and what the calibration could not see. */
  method: string;
  notes: string[];
}

export interface FlowEstimate {
  report: FlowReport;
  hours: FlowHour[];
  bill: Bill;
  calibration: Calibration;
}

/**
 * A flow-level estimate of a long run: short packet-engine samples measure what a connection
 * costs (calibrate.ts), then a fluid model takes the arrival rates hour by hour, with the daily
 * profile, and estimates bytes and peaks (hourly-model.ts); the bill is computed by the same code
 * as a packet run's. docs/BILLING.md, "Flow mode", describes the model and its limits.
 */
export function estimateFlow(scenario: Scenario, options: FlowOptions): FlowEstimate {
  const { durationS } = options;
  if (!(Number.isFinite(durationS) && durationS > 0 && durationS <= MAX_FLOW_SECONDS)) {
    throw new CodedError('InvalidDuration', `durationS: must be more than 0 and at most ${MAX_FLOW_SECONDS} s (a year), got ${durationS}`, 'durationS');
  }
  if (options.calibrationS !== undefined && !(Number.isFinite(options.calibrationS) && options.calibrationS >= 1 && options.calibrationS <= 3600)) {
    throw new CodedError('InvalidDuration', `calibrationS: must be 1–3,600 s, got ${options.calibrationS}`, 'calibrationS');
  }
  const seed = options.seed ?? scenario.seed;
  const durationUs = Math.round(durationS * US_PER_S);
  const calibration = calibrate(scenario, { seed, ...(options.calibrationS === undefined ? {} : { arrivalS: options.calibrationS }) });
  const model = flowModel(scenario, calibration, startOffsetUs(scenario.billing.startTime), durationUs);
  const bill = computeBill(scenario, model.snapshot);
  const hours: FlowHour[] = model.hours.map((hour, h) => ({
    hourStart: bill.hourly[h]!.hourStart,
    connectionsOpened: Math.round(hour.arrivals),
    peakConnections: hour.peaks.peakConnections,
    peakCps: hour.peaks.peakCps,
    peakQps: hour.peaks.peakQps,
    bytes: meterParts(calibration.layout, hour.bytes).bytes,
    billedSpec: bill.hourly[h]!.billedSpec,
  }));
  const report: FlowReport = {
    fidelity: 'flow',
    seed,
    scenario: scenario.name,
    simulatedSeconds: durationUs / US_PER_S,
    // The engine has no wall clock: callers that time the estimate fill this in.
    wallSeconds: 0,
    connections: connectionEstimate(calibration, model),
    instances: scenario.loadBalancers.map((lb, i) => ({
      LoadBalancerId: lb.LoadBalancerId,
      spec: lb.LoadBalancerSpec,
      peakConnections: Math.max(0, ...model.hours.map((hour) => hour.byLoadBalancer[i]!.peakConnections)),
    })),
    egress: egressEstimate(calibration, durationS),
    requests: {
      sent: Math.round(calibration.populations.reduce((sum, cal, p) => sum + cal.requestsSentPerConnection * model.opened[p]!, 0)),
      completed: Math.round(calibration.populations.reduce((sum, cal, p) => sum + cal.requestsCompletedPerConnection * model.opened[p]!, 0)),
    },
    billing: bill,
    method: methodOf(calibration),
    notes: calibration.notes,
    scenarioEffective: toScenarioFile({ ...scenario, seed }),
  };
  return { report, hours, bill, calibration };
}

/** Connections by outcome: opened from the rates; in flight at the end by Little's law; the ended ones split by the sampled outcome shares. */
function connectionEstimate(calibration: Calibration, model: FlowModel): ConnectionCounts {
  const byOutcomeExact: Record<string, number> = {};
  let established = 0;
  calibration.populations.forEach((cal, p) => {
    const opened = model.opened[p]!;
    const open = Math.min(opened, model.endRate[p]! * cal.inFlightPerRate);
    established += opened * cal.establishedShare;
    for (const [reason, share] of Object.entries(cal.outcomeShares)) byOutcomeExact[reason] = (byOutcomeExact[reason] ?? 0) + (opened - open) * share;
  });
  const byOutcome: Record<string, number> = {};
  const categories = { completed: 0, reset: 0, refused: 0, dropped: 0, timedOut: 0, inFlight: 0 };
  for (const outcome of OUTCOMES) {
    const count = Math.round(byOutcomeExact[outcome.reason] ?? 0);
    if (count <= 0) continue;
    byOutcome[outcome.reason] = count;
    categories[outcome.category] += count;
  }
  const ended = Object.values(byOutcome).reduce((a, b) => a + b, 0);
  const opened = Math.max(ended, Math.round(model.opened.reduce((a, b) => a + b, 0)));
  return {
    opened,
    established: Math.min(opened, Math.round(established)),
    completed: categories.completed,
    reset: categories.reset,
    refused: categories.refused,
    dropped: categories.dropped,
    timedOut: categories.timedOut,
    inFlight: opened - ended,
    byOutcome,
  };
}

/** Egress calls at the background's sampled rates (they do not follow the clients' daily profile). */
function egressEstimate(calibration: Calibration, durationS: number): SimulationReport['egress'] {
  const bg = calibration.background;
  const byPath = Object.fromEntries(Object.entries(bg.callsPerS).map(([path, rate]) => [path, Math.round(rate * durationS)]));
  const calls = Object.values(byPath).reduce((a, b) => a + b, 0);
  const noRoute = byPath['no_route'] ?? 0;
  return { calls, completed: Math.round((calls - noRoute) * bg.completedShare), noRoute, byPath };
}

/** How the estimate was made, in one sentence: what the packet engine sampled. */
function methodOf(calibration: Calibration): string {
  const populations = calibration.populations.map((p) => `${p.id}: ${p.sampledConnections} connections over ${p.arrivalS.toFixed(0)} s, sessions followed to ${p.sampleS.toFixed(0)} s`);
  const background = calibration.background.sampledCalls > 0 ? `; egress: ${calibration.background.sampledCalls} calls over ${calibration.background.sampleS.toFixed(0)} s` : '';
  return `flow-level estimate (seed ${calibration.seed}): packet-engine samples (${populations.join('; ') || 'no client populations'}${background}), then expected arrivals, bytes and peaks hour by hour`;
}
