import { estimateFlow } from '../engine/flow/estimate';
import type { MonthEstimateAnswer, MonthEstimateInput } from './protocol';

const S_PER_DAY = 86_400;

/**
 * The cost panel's "Estimate a month": the flow model over `days` days of the configuration the
 * run has in force (SimHost.monthEstimateInput), shaped for the panel: the bill without its
 * per-hour basis, which comes as `hours` with each hour's spec fee. The model builds its own packet
 * samples from the configuration, so the run is left as it was. A refusal (a window or a
 * configuration the model cannot take) comes back as a message.
 */
export function estimateMonth(input: MonthEstimateInput, days: number, clock: () => number): MonthEstimateAnswer {
  try {
    const started = clock();
    const flow = estimateFlow(input.scenario, { durationS: days * S_PER_DAY, seed: input.seed });
    const wallMs = clock() - started;
    const { hourly: _hourly, ...bill } = flow.bill;
    const fees = flow.bill.priceTable.specPerHour;
    const { calibration } = flow;
    return {
      ok: true,
      estimate: {
        days,
        bill,
        hours: flow.hours.map((hour) => ({
          hourStart: hour.hourStart,
          peakConnections: hour.peakConnections,
          peakCps: hour.peakCps,
          peakQps: hour.peakQps,
          billedSpec: hour.billedSpec,
          specFeePerHour: fees[hour.billedSpec] ?? 0,
        })),
        calibration: {
          packetSeconds: calibration.populations.reduce((sum, p) => sum + p.sampleS, 0) + calibration.background.sampleS,
          populations: calibration.populations.length,
          connections: calibration.populations.reduce((sum, p) => sum + p.sampledConnections, 0),
          seed: calibration.seed,
          events: calibration.events,
        },
        method: flow.report.method,
        notes: flow.report.notes,
        wallMs,
        packet: input.packet,
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
