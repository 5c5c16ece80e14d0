import { epochMs } from '../../engine/billing/clock';
import { Field } from '../../engine/metrics/listener-metrics';
import type { Simulation } from '../../engine/simulation';
import type { Listener } from '../../scenario/schema';
import { invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { checkRegion, requiredParam } from './params';

/**
 * CloudMonitor (Cms 2019-01-01) reads of the simulated instance's metrics, namespace
 * `acs_slb_dashboard`: DescribeMetricList (every period in a time range) and DescribeMetricLast
 * (the latest period of each listener or instance). The engine keeps per-listener values per
 * simulated second (engine/metrics/listener-metrics.ts); a datapoint is one period of them, with
 * the Maximum, Minimum and Average of the per-second values, as CloudMonitor aggregates.
 */
export const CMS_API_VERSION = '2019-01-01';
export const SLB_NAMESPACE = 'acs_slb_dashboard';

type Read = (field: number) => number;
interface MetricSpec {
  /** Listener metrics have the dimensions instanceId, port, protocol, vip; instance metrics only instanceId. */
  scope: 'listener' | 'instance';
  /** The metric's per-second value for one listener, from its fields in that second. */
  of: (read: Read) => number;
  unit: string;
}

const BITS_PER_BYTE = 8;
const PER_LISTENER: Record<string, { of: (read: Read) => number; unit: string }> = {
  ActiveConnection: { of: (r) => r(Field.active), unit: 'Count' },
  InactiveConnection: { of: (r) => r(Field.inactive), unit: 'Count' },
  MaxConnection: { of: (r) => r(Field.active) + r(Field.inactive), unit: 'Count' },
  NewConnection: { of: (r) => r(Field.newConnections), unit: 'Count/s' },
  DropConnection: { of: (r) => r(Field.dropConnections), unit: 'Count/s' },
  PacketRX: { of: (r) => r(Field.rxPackets), unit: 'Count/s' },
  PacketTX: { of: (r) => r(Field.txPackets), unit: 'Count/s' },
  TrafficRXNew: { of: (r) => r(Field.rxBytes) * BITS_PER_BYTE, unit: 'bit/s' },
  TrafficTXNew: { of: (r) => r(Field.txBytes) * BITS_PER_BYTE, unit: 'bit/s' },
};
/** Instance metrics: the same per-second values summed over the instance's listeners. */
const INSTANCE_OF: Record<string, string> = {
  InstanceActiveConnection: 'ActiveConnection',
  InstanceInactiveConnection: 'InactiveConnection',
  InstanceMaxConnection: 'MaxConnection',
  InstanceNewConnection: 'NewConnection',
  InstanceDropConnection: 'DropConnection',
  InstancePacketRX: 'PacketRX',
  InstancePacketTX: 'PacketTX',
  InstanceTrafficRX: 'TrafficRXNew',
  InstanceTrafficTX: 'TrafficTXNew',
};
export const SLB_METRICS: Readonly<Record<string, MetricSpec>> = {
  ...Object.fromEntries(Object.entries(PER_LISTENER).map(([name, m]) => [name, { scope: 'listener' as const, ...m }])),
  ...Object.fromEntries(Object.entries(INSTANCE_OF).map(([name, of]) => [name, { scope: 'instance' as const, ...PER_LISTENER[of]! }])),
};

const LISTENER_DIMENSIONS = ['instanceId', 'port', 'protocol', 'vip'] as const;
const INSTANCE_DIMENSIONS = ['instanceId'] as const;
/** Periods: CloudMonitor's 60 s and its multiples (up to a day), and 1, 5, 15 s for second-level reads. */
const SECOND_PERIODS = [1, 5, 15];
const MAX_PERIOD_S = 86_400;
const MAX_DIMENSIONS = 50;
const MAX_LENGTH = 1000;
const MS_PER_S = 1000;
/** billing.startTime is a UTC+8 local time (engine/billing/clock.ts). */
const START_TIME_OFFSET_HOURS = 8;

interface Query {
  metric: MetricSpec;
  metricName: string;
  periodS: number;
  /** Exclusive. */
  startMs: number;
  /** Inclusive. */
  endMs: number;
  length: number;
  offset: number;
  dimensions: Record<string, string>[] | undefined;
}

type Datapoint = Record<string, string | number>;

export const CLOUD_MONITOR_ACTIONS: ActionTable = {
  DescribeMetricList: (state, params) => describeMetrics(state, params, 'list'),
  DescribeMetricLast: (state, params) => describeMetrics(state, params, 'last'),
};

function describeMetrics(state: ControlPlaneState, params: ActionParams, mode: 'list' | 'last'): Record<string, unknown> {
  const query = parseQuery(params);
  const sim = state.simulation;
  const all = sim ? datapoints(sim, state, query, mode) : [];
  const page = all.slice(query.offset, query.offset + query.length);
  const next = query.offset + query.length;
  return {
    Code: '200',
    Success: true,
    Period: String(query.periodS),
    Datapoints: JSON.stringify(page),
    ...(next < all.length ? { NextToken: String(next) } : {}),
  };
}

// --- parameters ----------------------------------------------------------------------------

function parseQuery(params: ActionParams): Query {
  checkRegion(params);
  const namespace = requiredParam(params, 'Namespace');
  if (namespace !== SLB_NAMESPACE) throw invalidParameter('Namespace', `"${namespace}" is not served here; the simulator answers ${SLB_NAMESPACE} (Server Load Balancer) only`);
  const metricName = requiredParam(params, 'MetricName');
  const metric = SLB_METRICS[metricName];
  if (!metric) throw invalidParameter('MetricName', `"${metricName}" is not a metric of ${SLB_NAMESPACE} the simulator serves; use one of ${Object.keys(SLB_METRICS).join(', ')}`);
  if (params['Express'] !== undefined) throw invalidParameter('Express', 'expressions (groupby) are not supported by the simulator; leave Express out');
  const periodS = parsePeriod(params['Period']);
  const endMs = params['EndTime'] === undefined ? Infinity : parseTime(params['EndTime'], 'EndTime');
  const startMs = params['StartTime'] === undefined ? -Infinity : parseTime(params['StartTime'], 'StartTime');
  if (startMs >= endMs) throw invalidParameter('StartTime', `must be earlier than EndTime (the range excludes StartTime and includes EndTime)`);
  const length = parseLength(params['Length']);
  const offset = parseNextToken(params['NextToken']);
  const dimensions = parseDimensions(params['Dimensions'], metric, metricName);
  return { metric, metricName, periodS, startMs, endMs, length, offset, dimensions };
}

function parsePeriod(text: string | undefined): number {
  if (text === undefined) return 60;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !(SECOND_PERIODS.includes(value) || (value > 0 && value % 60 === 0 && value <= MAX_PERIOD_S))) {
    throw invalidParameter('Period', `"${text}" must be a number of seconds: 60 or a multiple of 60 up to ${MAX_PERIOD_S}, or ${SECOND_PERIODS.join(', ')} for second-level data`);
  }
  return value;
}

/** Epoch milliseconds, `YYYY-MM-DDThh:mm:ssZ` (UTC), or `YYYY-MM-DD hh:mm:ss` (UTC+8, as the console shows times). */
function parseTime(text: string, name: string): number {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const utc = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  const local = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const parts = utc ?? local;
  if (parts && validCalendarTime(parts)) return epochMs(`${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}`, utc ? 0 : START_TIME_OFFSET_HOURS);
  throw invalidParameter(name, `"${text}" is not a time; use milliseconds since 1970-01-01T00:00:00Z, YYYY-MM-DDThh:mm:ssZ (UTC) or YYYY-MM-DD hh:mm:ss (UTC+8)`);
}

function validCalendarTime(parts: RegExpExecArray): boolean {
  const [y, m, d, hh, mm, ss] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth && hh <= 23 && mm <= 59 && ss <= 59;
}

function parseLength(text: string | undefined): number {
  if (text === undefined) return MAX_LENGTH;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_LENGTH) throw invalidParameter('Length', `"${text}" must be a whole number of datapoints per page from 1 to ${MAX_LENGTH}`);
  return value;
}

function parseNextToken(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,9}$/.test(text)) throw invalidParameter('NextToken', `"${text}" is not a token this endpoint returned; pass the NextToken of the previous page unchanged`);
  return Number(text);
}

/**
 * `[{"instanceId":"lb-…","port":"80","protocol":"tcp"}]` (a single object is taken as a list of
 * one): each object selects what matches all its keys; the list selects what matches any object.
 */
function parseDimensions(text: string | undefined, metric: MetricSpec, metricName: string): Record<string, string>[] | undefined {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidParameter('Dimensions', `is not JSON; use a JSON list such as [{"instanceId":"lb-…","port":"80"}]`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw invalidParameter('Dimensions', 'is an empty list; leave Dimensions out to read every listener');
  if (list.length > MAX_DIMENSIONS) throw invalidParameter('Dimensions', `has ${list.length} entries; at most ${MAX_DIMENSIONS} per request`);
  const allowed: readonly string[] = metric.scope === 'listener' ? LISTENER_DIMENSIONS : INSTANCE_DIMENSIONS;
  return list.map((entry) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw invalidParameter('Dimensions', 'must be a JSON object or a list of JSON objects of dimension names and values');
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (!allowed.includes(key)) throw invalidParameter('Dimensions', `"${key}" is not a dimension of ${metricName}; its dimensions are ${allowed.join(', ')}`);
      if (typeof value !== 'string' && typeof value !== 'number') throw invalidParameter('Dimensions', `the value of "${key}" must be a string`);
      out[key] = String(value);
    }
    return out;
  });
}

// --- datapoints ----------------------------------------------------------------------------

interface Target {
  /** The simulation's listener indices summed: one listener's, or every listener of an instance. */
  listeners: number[];
  labels: Record<string, string>;
}

/**
 * What a query reads: per listener (instanceId, port, protocol, vip) or per instance (instanceId),
 * of the load balancers the control plane serves now, in the simulation's listener order;
 * `Dimensions` select among them. The simulation's listeners are every listener the run ever has
 * (engine/config/align.ts), each naming its instance; an instance the configuration in force does
 * not hold (deleted, or of another scenario) has no metrics.
 */
function targets(sim: Simulation, state: ControlPlaneState, query: Query): Target[] {
  const addressOf = new Map(state.scenario.loadBalancers.map((lb) => [lb.LoadBalancerId, lb.Address]));
  const matches = (labels: Record<string, string>): boolean =>
    query.dimensions === undefined || query.dimensions.some((d) => Object.entries(d).every(([key, value]) => (key === 'protocol' ? value.toLowerCase() : value) === labels[key]));
  const listeners = sim.scenario.listeners.map((l: Listener, i) => ({ listener: l, index: i })).filter(({ listener }) => addressOf.has(listener.LoadBalancerId));
  if (query.metric.scope === 'instance') {
    return [...addressOf.keys()]
      .map((id) => ({ listeners: listeners.filter(({ listener }) => listener.LoadBalancerId === id).map(({ index }) => index), labels: { instanceId: id } }))
      .filter((t) => matches(t.labels));
  }
  return listeners
    .map(({ listener: l, index }) => ({
      listeners: [index],
      labels: { instanceId: l.LoadBalancerId, port: String(l.ListenerPort), protocol: l.ListenerProtocol, vip: addressOf.get(l.LoadBalancerId)! },
    }))
    .filter((t) => matches(t.labels));
}

/**
 * Every period of the retained history with at least one closed second, for every target, in
 * (timestamp, listener) order. Periods are aligned to the epoch like CloudMonitor's minutes; a
 * datapoint's timestamp is the start of its period. The period still running, and the first one
 * when the history starts inside it, aggregate the seconds they have.
 */
function datapoints(sim: Simulation, state: ControlPlaneState, query: Query, mode: 'list' | 'last'): Datapoint[] {
  const m = sim.listenerMetrics;
  m.closeUntil(sim.nowUs);
  const chosen = targets(sim, state, query);
  if (chosen.length === 0 || m.closedSeconds === 0) return [];
  const zeroMs = epochMs(sim.scenario.billing.startTime, START_TIME_OFFSET_HOURS);
  const periodMs = query.periodS * MS_PER_S;
  const perSecond = (second: number, listener: number): number => query.metric.of((field) => m.value(second, listener, field));
  const valueOf = (second: number, t: Target): number => {
    let sum = 0;
    for (const l of t.listeners) if (l < m.listeners) sum += perSecond(second, l);
    return sum;
  };

  // Periods in time order: [timestamp, first second, end second).
  const periods: [number, number, number][] = [];
  for (let second = m.firstSecond; second < m.closedSeconds; ) {
    const timestamp = Math.floor((zeroMs + second * MS_PER_S) / periodMs) * periodMs;
    const end = Math.min(m.closedSeconds, Math.ceil((timestamp + periodMs - zeroMs) / MS_PER_S));
    if (timestamp > query.startMs && timestamp <= query.endMs) periods.push([timestamp, second, end]);
    second = end;
  }
  const selected = mode === 'last' ? periods.slice(-1) : periods;
  const out: Datapoint[] = [];
  for (const [timestamp, from, to] of selected) {
    for (const t of chosen) {
      let max = -Infinity;
      let min = Infinity;
      let sum = 0;
      for (let s = from; s < to; s++) {
        const v = valueOf(s, t);
        if (v > max) max = v;
        if (v < min) min = v;
        sum += v;
      }
      out.push({ timestamp, ...t.labels, Maximum: max, Minimum: min, Average: Math.round((sum / (to - from)) * 100) / 100 });
    }
  }
  return out;
}
