import type { FailoverReport } from '../../engine/faults/failover-report';
import type { ConnectionCounts } from '../../engine/report';

/** What each outcome means, in the words of docs/LAYER4.md (the engine's outcome list, engine/metrics/outcomes.ts). */
export const OUTCOME_TEXT: Record<string, string> = {
  in_flight: 'still open (not ended yet)',
  completed: 'completed normally',
  failover_handshake: 'moved to an LVS node with no session for it mid-handshake: reset',
  failover_unsynced: 'moved to an LVS node that had no synced copy of its session: reset',
  session_expired: 'its LVS session timed out; the next packet found none: reset',
  synced_session_expired: "reached a node whose synced copy of its session had expired: reset",
  no_healthy_backend: 'LVS had no healthy backend to send it to: reset',
  backend_refused: 'the backend answered RST (refusing, or over its connection limit)',
  drain_timeout: 'ConnectionDrainTimeout ran out on a removed backend: LVS ended it',
  port_exhausted: 'no FULLNAT local port left on the LVS node for that backend: refused',
  instance_limit: "over the instance specification's connection or CPS limit: SYN dropped",
  route_blackhole: 'the router kept sending to the dead LVS node; the client gave up retransmitting',
  backend_down: 'the backend was down or replies were lost; the client gave up',
  backend_removed: 'the backend was removed without draining; the client gave up',
  no_response: 'no response; the client gave up',
  tls_handshake_failed: 'Tengine rejected the TLS handshake',
  tengine_failed: 'the Tengine node holding it failed; its kernel reset the connection',
  listener_stopped: 'the listener was stopped: LVS dropped the SYN',
  acl_denied: "the listener's access control list denied the client",
  bandwidth_limit: 'a bandwidth limit dropped its packets; the client gave up',
};

export function outcomeText(reason: string): string {
  return OUTCOME_TEXT[reason] ?? reason.replaceAll('_', ' ');
}

export const DETECTED_BY_TEXT: Record<string, string> = {
  'route-withdrawal': 'the router (route withdrawn)',
  'health-check': 'health checks (marked down)',
  'passive-marking': "Tengine's passive marking (max_fails)",
  'zone-failover': 'zone failover (the VIP moved to the other zone)',
};

export function detectedByText(by: string | null): string {
  return by === null ? 'nobody' : (DETECTED_BY_TEXT[by] ?? by);
}

/** Seconds of simulated time as the panel shows them; `none` when there is no time (yet). */
export function formatAt(s: number | null, none: string): string {
  return s === null ? none : `${s.toFixed(1)} s`;
}

/** `crash lvs-1`, `partition-sync (whole link)`. */
export function faultName(report: Pick<FailoverReport, 'action' | 'target'>): string {
  return `${report.action} ${report.target ?? '(whole link)'}`;
}

/** Affected connections that ended badly (everything in `affected` but those still open), most first. */
export function brokenOutcomes(report: Pick<FailoverReport, 'affected'>): [string, number][] {
  return Object.entries(report.affected)
    .filter(([reason, n]) => reason !== 'in_flight' && n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function brokenTotal(report: Pick<FailoverReport, 'affected'>): number {
  return brokenOutcomes(report).reduce((sum, [, n]) => sum + n, 0);
}

/** One line of the side-by-side comparison. */
export interface DiffRow {
  /** Section heading the row belongs to (a fault's name, or "Connections"). */
  group: string;
  label: string;
  baseline: string;
  variant: string;
  differs: boolean;
}

interface Side {
  connections: ConnectionCounts;
  faults: FailoverReport[];
}

const CONNECTION_FIELDS: [keyof ConnectionCounts, string][] = [
  ['opened', 'opened'],
  ['completed', 'completed'],
  ['reset', 'reset'],
  ['refused', 'refused'],
  ['dropped', 'dropped'],
  ['timedOut', 'timed out'],
  ['inFlight', 'in flight'],
];

/**
 * Baseline and variant line by line: connection totals, then each fault (paired by position, as
 * both runs play the same schedule and journal) with its times, survivors, broken connections by
 * outcome and failed requests by status. `differs` marks the lines to highlight.
 */
export function diffRows(baseline: Side, variant: Side): DiffRow[] {
  const rows: DiffRow[] = [];
  const push = (group: string, label: string, a: string, b: string) => rows.push({ group, label, baseline: a, variant: b, differs: a !== b });
  for (const [key, label] of CONNECTION_FIELDS) push('Connections', label, String(baseline.connections[key] ?? 0), String(variant.connections[key] ?? 0));
  const count = Math.max(baseline.faults.length, variant.faults.length);
  for (let i = 0; i < count; i++) {
    const a = baseline.faults[i];
    const b = variant.faults[i];
    const group = `${i + 1}. ${faultName((a ?? b)!)} at ${formatAt((a ?? b)!.atS, '')}`;
    const field = (get: (r: FailoverReport) => string) => [a ? get(a) : '—', b ? get(b) : '—'] as const;
    push(group, 'detected at', ...field((r) => formatAt(r.detectedAtS, 'never')));
    push(group, 'detected by', ...field((r) => detectedByText(r.detectedBy)));
    push(group, 'recovered at', ...field((r) => formatAt(r.recoveredAtS, 'not yet')));
    push(group, 'survived', ...field((r) => String(r.survived)));
    push(group, 'broken', ...field((r) => String(brokenTotal(r))));
    const reasons = new Set([...Object.keys(a?.affected ?? {}), ...Object.keys(b?.affected ?? {})].filter((k) => k !== 'in_flight'));
    for (const reason of [...reasons].sort()) push(group, `  ${reason}`, ...field((r) => String(r.affected[reason] ?? 0)));
    const statuses = new Set([...Object.keys(a?.requestsFailed ?? {}), ...Object.keys(b?.requestsFailed ?? {})]);
    for (const status of [...statuses].sort()) push(group, `requests failed ${status}`, ...field((r) => String(r.requestsFailed[status] ?? 0)));
  }
  return rows;
}

/** The settings the Compare… form offers, each turning into `--set path=value`s like the CLI's. */
export const COMPARE_SETTINGS = [
  { id: 'sync-batching', label: 'Session sync batching', values: ['off', 'on'] },
  { id: 'ecmp-mode', label: 'ECMP mode', values: ['resilient', 'hash-threshold', 'modulo'] },
  { id: 'health-check', label: 'Health checks: aggressive preset (interval 1 s, timeout 1 s, unhealthy after 2)', values: [] },
  { id: 'withdrawal-delay', label: 'Route withdrawal delay (s)', values: [] },
  { id: 'custom', label: 'Custom --set path=value', values: [] },
] as const;

export type CompareSetting = (typeof COMPARE_SETTINGS)[number]['id'];

export type SetsAnswer = { ok: true; sets: string[] } | { ok: false; field: string; message: string };

interface ScenarioFileShape {
  loadBalancers?: { listeners?: { ListenerProtocol?: string }[] }[];
}

/**
 * The variant's `--set`s for a choice on the form (paths as in `npm run sim -- compare`), or the
 * form field at fault and the rule. The health-check preset names every listener of the scenario.
 */
export function compareSets(setting: CompareSetting, value: string, scenario: unknown): SetsAnswer {
  const text = value.trim();
  switch (setting) {
    case 'sync-batching':
      if (text !== 'on' && text !== 'off') return { ok: false, field: 'value', message: 'Session sync batching: choose on or off' };
      return { ok: true, sets: [`cluster.sync.batching=${text === 'on'}`] };
    case 'ecmp-mode':
      if (!['modulo', 'resilient', 'hash-threshold'].includes(text)) return { ok: false, field: 'value', message: 'ECMP mode: choose modulo, resilient or hash-threshold' };
      return { ok: true, sets: [`cluster.ecmpMode=${text}`] };
    case 'withdrawal-delay': {
      const seconds = Number(text);
      if (text === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
        return { ok: false, field: 'value', message: 'Route withdrawal delay: must be a number of seconds from 0 to 600' };
      }
      return { ok: true, sets: [`cluster.withdrawalDelayS=${seconds}`] };
    }
    case 'health-check': {
      const sets: string[] = [];
      ((scenario as ScenarioFileShape | undefined)?.loadBalancers ?? []).forEach((lb, i) =>
        (lb.listeners ?? []).forEach((listener, j) => {
          const at = `loadBalancers.${i}.listeners.${j}`;
          sets.push(`${at}.HealthCheckInterval=1`, `${at}.UnhealthyThreshold=2`);
          // HTTP/HTTPS listeners have no HealthCheckConnectTimeout (the schema refuses it there).
          if (listener.ListenerProtocol === 'tcp' || listener.ListenerProtocol === 'udp') sets.push(`${at}.HealthCheckConnectTimeout=1`);
        }),
      );
      if (sets.length === 0) return { ok: false, field: 'setting', message: 'Health checks: the scenario has no listener to check' };
      return { ok: true, sets };
    }
    case 'custom': {
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      if (lines.length === 0) return { ok: false, field: 'value', message: 'Custom --set: give at least one path=value, one per line' };
      const bad = lines.find((l) => l.indexOf('=') <= 0);
      if (bad !== undefined) return { ok: false, field: 'value', message: `Custom --set: "${bad}" must have the form path=value (e.g. cluster.sync.batching=false)` };
      return { ok: true, sets: lines };
    }
  }
}

/** The form's "until" field: empty means now; otherwise seconds (`30`, `30s`) after 0 and at most `maxS`. */
export function parseUntil(text: string, nowS: number, maxS: number): { ok: true; untilS: number } | { ok: false; field: string; message: string } {
  const t = text.trim().replace(/\s*s$/, '');
  const untilS = t === '' ? nowS : Number(t);
  if (!Number.isFinite(untilS) || untilS <= 0) {
    return { ok: false, field: 'until', message: t === '' ? 'Until: the run is at 0 s; play it for a while or give a time in seconds' : 'Until: must be a number of seconds after 0' };
  }
  if (untilS > maxS) return { ok: false, field: 'until', message: `Until: must be at most ${maxS} s (use npm run sim -- compare for longer runs)` };
  return { ok: true, untilS };
}
