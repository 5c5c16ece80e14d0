import { useEffect, useState } from 'react';
import { callSlb, type SlbFailure, type SlbParams, type SlbResult } from './slb-client';

/**
 * Per-listener new connections, read the way a monitoring client reads them: CloudMonitor's
 * DescribeMetricList (Cms 2019-01-01, namespace acs_slb_dashboard, metric NewConnection) on the
 * same endpoint, one datapoint per listener per simulated second. The console asks only for the
 * seconds after the last one it has, and keeps a running total per listener, so the total stops
 * growing exactly when the listener stops taking new connections.
 */

export const CMS_VERSION = '2019-01-01';
export const POLL_MS = 1000;

export interface ListenerCounter {
  /** New connections over every second read. */
  total: number;
  /** New connections in the latest second read. */
  lastSecond: number;
}

export interface CounterState {
  byPort: Readonly<Record<string, ListenerCounter>>;
  /** Timestamp (ms) of the latest second read: the next read starts after it. */
  since: number | undefined;
  /** Connections open at the end of the latest closed second (ActiveConnection), by port. */
  active: Readonly<Record<string, number>>;
}

export const EMPTY_COUNTERS: CounterState = { byPort: {}, since: undefined, active: {} };

export interface Datapoint {
  timestamp: number;
  port: string;
  value: number;
}

/** Datapoints (a JSON string in the answer) → the per-second values by port. */
export function parseDatapoints(body: Record<string, unknown>): Datapoint[] {
  const raw = body['Datapoints'];
  let list: unknown;
  try {
    list = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return list
    .map((p: Record<string, unknown>) => ({
      timestamp: Number(p['timestamp']),
      port: String(p['port'] ?? ''),
      value: Number(p['Maximum'] ?? p['Average'] ?? 0),
    }))
    .filter((p) => Number.isFinite(p.timestamp) && p.port !== '' && Number.isFinite(p.value));
}

/** Adds datapoints newer than `since` (older ones were counted already), in time order. */
export function addDatapoints(state: CounterState, points: readonly Datapoint[]): CounterState {
  const byPort: Record<string, ListenerCounter> = { ...state.byPort };
  let since = state.since;
  const fresh = points.filter((p) => state.since === undefined || p.timestamp > state.since).sort((a, b) => a.timestamp - b.timestamp);
  const latest = fresh.length > 0 ? fresh[fresh.length - 1]!.timestamp : undefined;
  for (const p of fresh) {
    const c = byPort[p.port] ?? { total: 0, lastSecond: 0 };
    byPort[p.port] = { total: c.total + p.value, lastSecond: p.timestamp === latest ? p.value : c.lastSecond };
    since = since === undefined ? p.timestamp : Math.max(since, p.timestamp);
  }
  // A listener with no datapoint in the latest second took none.
  if (latest !== undefined)
    for (const port of Object.keys(byPort))
      if (!fresh.some((p) => p.port === port && p.timestamp === latest)) byPort[port] = { ...byPort[port]!, lastSecond: 0 };
  return { byPort, since, active: state.active };
}

type Call = (action: string, params: SlbParams) => Promise<SlbResult>;
const cmsCall: Call = (action, params) => callSlb(action, params, { version: CMS_VERSION });

/** Every per-second NewConnection datapoint of the instance's listeners after `since`, page by page. */
export async function readNewConnections(
  loadBalancerId: string,
  since: number | undefined,
  call: Call = cmsCall,
): Promise<{ ok: true; points: Datapoint[] } | { ok: false; error: SlbFailure }> {
  const points: Datapoint[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await call('DescribeMetricList', {
      Namespace: 'acs_slb_dashboard',
      MetricName: 'NewConnection',
      Period: 1,
      Dimensions: JSON.stringify([{ instanceId: loadBalancerId }]),
      StartTime: since,
      Length: 1000,
      NextToken: token,
    });
    if (!result.ok) return { ok: false, error: result };
    points.push(...parseDatapoints(result.body));
    token = typeof result.body['NextToken'] === 'string' && result.body['NextToken'] !== '' ? result.body['NextToken'] : undefined;
    if (!token) break;
  }
  return { ok: true, points };
}

/** Each listener's ActiveConnection in the latest closed second (DescribeMetricLast), by port. */
export async function readActiveConnections(
  loadBalancerId: string,
  call: Call = cmsCall,
): Promise<{ ok: true; byPort: Record<string, number> } | { ok: false; error: SlbFailure }> {
  const result = await call('DescribeMetricLast', {
    Namespace: 'acs_slb_dashboard',
    MetricName: 'ActiveConnection',
    Period: 1,
    Dimensions: JSON.stringify([{ instanceId: loadBalancerId }]),
  });
  if (!result.ok) return { ok: false, error: result };
  const byPort: Record<string, number> = {};
  for (const p of parseDatapoints(result.body)) byPort[p.port] = p.value;
  return { ok: true, byPort };
}

/** The running totals for an instance, read every POLL_MS while mounted. */
export function useListenerCounters(loadBalancerId: string | undefined): { counters: CounterState; error: SlbFailure | undefined } {
  const [value, setValue] = useState<{ id: string | undefined; counters: CounterState; error: SlbFailure | undefined }>({
    id: loadBalancerId,
    counters: EMPTY_COUNTERS,
    error: undefined,
  });
  useEffect(() => {
    if (!loadBalancerId) return;
    let live = true;
    let counters = EMPTY_COUNTERS;
    let busy = false;
    const poll = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      const [result, active] = await Promise.all([
        readNewConnections(loadBalancerId, counters.since),
        readActiveConnections(loadBalancerId),
      ]);
      busy = false;
      if (!live) return;
      if (result.ok) counters = addDatapoints(counters, result.points);
      if (active.ok) counters = { ...counters, active: active.byPort };
      setValue({ id: loadBalancerId, counters, error: result.ok ? undefined : result.error });
      // A request the API rejects (an endpoint without CloudMonitor's actions) will not succeed by asking again.
      if (!result.ok && result.error.kind === 'invalid') clearInterval(timer);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [loadBalancerId]);
  return value.id === loadBalancerId ? { counters: value.counters, error: value.error } : { counters: EMPTY_COUNTERS, error: undefined };
}
