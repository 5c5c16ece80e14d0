import type { FlowEstimate } from '../engine/flow/estimate';
import { connectionLines, egressLine, formatBill, runLines } from './report';

/** The human-readable form of a flow-level estimate: the packet report's lines that flow mode has, and how it was made. */
export function formatFlowReport(estimate: FlowEstimate): string {
  const { report } = estimate;
  const hasL7 = report.requests.sent > 0;
  return [
    `fidelity        flow (an estimate, not a packet run; docs/BILLING.md, "Flow mode")`,
    `method          ${report.method}`,
    ...report.notes.map((note) => `note            ${note}`),
    ...runLines(report),
    ...connectionLines(report.connections),
    ...report.instances.map((instance) => `instance        ${instance.LoadBalancerId} ${instance.spec}: peak ${instance.peakConnections} connections`),
    egressLine(report.egress),
    ...(hasL7 ? [`requests        sent ${report.requests.sent}, completed ${report.requests.completed}`] : []),
    ...formatBill(report.billing),
    'not estimated   events, trace hash, LVS nodes, backends, access control, faults, TLS, Key Server, Tengine nodes, bandwidth, latencies, invariants (packet mode only)',
  ].join('\n');
}

/** The calibration for `--json`: what the samples measured, vectors as plain arrays. */
export function calibrationSummary(estimate: FlowEstimate): Record<string, unknown> {
  const { calibration } = estimate;
  return {
    seed: calibration.seed,
    events: calibration.events,
    notes: calibration.notes,
    populations: calibration.populations.map((p) => ({ ...p, bytesPerConnection: [...p.bytesPerConnection], pendingBytesPerRate: [...p.pendingBytesPerRate] })),
    background: { ...calibration.background, bytesPerS: [...calibration.background.bytesPerS] },
    vectorLayout: calibration.layout,
  };
}
