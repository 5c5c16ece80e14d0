import type { FailoverReport } from '../../engine/faults/failover-report';

/** Why an affected connection broke, in words (the report's outcome names, DOMAIN §2.4, §2.5, §3, §4). */
export const BROKEN_REASON: Readonly<Record<string, string>> = {
  in_flight: 'still open on the faulty element',
  failover_handshake: 'handshake not finished when its flow moved',
  failover_unsynced: 'not yet synced to the node its flow moved to',
  synced_session_expired: 'synced copy expired before the flow came',
  route_blackhole: 'sent into the dead node before the route was withdrawn',
  session_expired: 'session timed out',
  no_healthy_backend: 'no healthy backend left',
  backend_refused: 'backend refused (RST)',
  backend_down: 'backend did not answer',
  backend_removed: 'backend removed without drain',
  drain_timeout: 'ConnectionDrainTimeout ran out',
  no_response: 'no response (packets lost)',
  tengine_failed: 'in flight on a failed Tengine node',
  tls_handshake_failed: 'TLS handshake failed at the Key Server',
  port_exhausted: 'no FULLNAT port left',
  instance_limit: 'over the instance limit',
  listener_stopped: 'listener stopped',
  acl_denied: 'denied by the ACL',
  bandwidth_limit: 'dropped by a bandwidth limit',
};

export const DETECTED_BY: Readonly<Record<string, string>> = {
  'route-withdrawal': 'the router (route withdrawn)',
  'health-check': 'health checks',
  'passive-marking': "Tengine's passive marking",
  'zone-failover': 'zone failover (VIP moved)',
};

/** One broken-outcome line of a card: how many, why, and connection serials that open their journeys. */
export interface BrokenLine {
  outcome: string;
  count: number;
  reason: string;
  examples: number[];
}

/** A fault's card: what, when, who noticed, and what became of the connections it touched. */
export interface FaultCard {
  title: string;
  started: string;
  ended: string;
  detected: string;
  recovered: string;
  survived: number;
  survivedExamples: number[];
  broken: BrokenLine[];
  brokenTotal: number;
  requestsFailed: string;
}

const seconds = (s: number): string => `${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`;

/** The report entry as the panel shows it; broken lines by count, most first (ties by name). */
export function faultCard(report: FailoverReport): FaultCard {
  const broken = Object.entries(report.affected)
    .map(([outcome, count]) => ({ outcome, count, reason: BROKEN_REASON[outcome] ?? outcome, examples: report.examples[outcome] ?? [] }))
    .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
  const failed = Object.entries(report.requestsFailed).sort(([a], [b]) => a.localeCompare(b));
  return {
    title: `${report.action}${report.target === undefined ? ' (whole sync link)' : ` ${report.target}`}`,
    started: seconds(report.atS),
    ended: report.endS === null ? 'active' : seconds(report.endS),
    detected: report.detectedAtS === null ? 'not detected' : `${seconds(report.detectedAtS)} by ${DETECTED_BY[report.detectedBy ?? ''] ?? report.detectedBy ?? 'unknown'}`,
    recovered: report.recoveredAtS === null ? 'not yet' : seconds(report.recoveredAtS),
    survived: report.survived,
    survivedExamples: report.examples['completed'] ?? [],
    broken,
    brokenTotal: broken.reduce((sum, line) => sum + line.count, 0),
    requestsFailed: failed.length === 0 ? 'none' : failed.map(([status, count]) => `${count} × ${status === 'none' ? 'no response' : status}`).join(', '),
  };
}
