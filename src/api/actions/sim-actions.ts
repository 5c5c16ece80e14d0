import { epochMs } from '../../engine/billing/clock';
import { clientPopulationSchema, type ClientPopulation } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { defined, itemsOf, listenerIndex, portParam, requireLoadBalancer, requiredParam } from './params';

/**
 * The simulator's own actions (`Sim…`), served on the SLB endpoint next to the real API: they
 * change and read what only a simulation has — the client populations that generate traffic, and
 * the simulated clock. Write actions build the next scenario and commit it (commit.ts), so every
 * schema rule applies and a rejected call leaves the state as it was.
 */
export const SIM_ACTIONS: ActionTable = {
  SimSetClientPopulation: simSetClientPopulation,
  SimDeleteClientPopulation: simDeleteClientPopulation,
  SimDescribeClientPopulations: simDescribeClientPopulations,
  SimDescribeClock: simDescribeClock,
};

/** API parameter → population field; `arrival.` fields live under the population's `arrival`. */
const NUMBER_PARAMS: Readonly<Record<string, string>> = {
  ConnectionsPerSecond: 'arrival.connectionsPerSecond',
  RampToPerSecond: 'arrival.rampToPerSecond',
  RampSeconds: 'arrival.rampSeconds',
  BurstEverySeconds: 'arrival.burstEverySeconds',
  BurstSize: 'arrival.burstSize',
  StopAfterSeconds: 'arrival.stopAfterSeconds',
  MaxConnections: 'arrival.maxConnections',
  WeekendFactor: 'arrival.weekendFactor',
  ClientIps: 'clientIps',
  Exchanges: 'exchanges',
  ThinkTimeMs: 'thinkTimeMs',
  RequestDelayMs: 'requestDelayMs',
  RtoMs: 'rtoMs',
  MaxRetries: 'maxRetries',
  Datagrams: 'datagrams',
  DatagramBytes: 'datagramBytes',
  DatagramIntervalMs: 'datagramIntervalMs',
  AddressChangeAfterDatagrams: 'addressChangeAfterDatagrams',
};
/** Byte sizes: a byte count, or a distribution as JSON ({"type":"exponential","mean":16000}). */
const SIZE_PARAMS: Readonly<Record<string, string>> = { RequestBytes: 'requestBytes', ResponseBytes: 'responseBytes' };
/**
 * Settings given as a JSON object. They are described the same way, so a described population sent
 * back (the console's edits and undos, the cost panel's daily profile editor) keeps them.
 */
const OBJECT_PARAMS: Readonly<Record<string, string>> = { Http: 'http', Tls: 'tls' };
const FIELD_PARAMS: Readonly<Record<string, string>> = {
  id: 'PopulationId',
  ListenerPort: 'ListenerPort',
  'arrival.type': 'ArrivalType',
  'arrival.dailyProfile': 'DailyProfile',
  http: 'Http',
  tls: 'Tls',
  ...Object.fromEntries(Object.entries({ ...NUMBER_PARAMS, ...SIZE_PARAMS }).map(([param, field]) => [field, param])),
};
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * SimSetClientPopulation: creates the population `PopulationId` of the instance's listener on
 * ListenerPort, or replaces the instance's population with that id. Like a PUT, the population is
 * exactly what the call says: fields left out take the scenario format's defaults, not the replaced
 * population's values. Population ids are unique in the region (the engine knows a population by
 * its id): another instance's id is refused, and the default id is `clients-<ListenerPort>`, or
 * `clients-<LoadBalancerId>-<ListenerPort>` when another instance's population already has that one.
 */
function simSetClientPopulation(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const port = requireListenerPort(state, lb.LoadBalancerId, params);
  const owner = (id: string): string | undefined => state.scenario.clients.find((c) => c.id === id)?.LoadBalancerId;
  const shortId = `clients-${port}`;
  const given = params['PopulationId'];
  const id = given ?? (owner(shortId) === undefined || owner(shortId) === lb.LoadBalancerId ? shortId : `clients-${lb.LoadBalancerId}-${port}`);
  const ownerOfId = owner(id);
  if (ownerOfId !== undefined && ownerOfId !== lb.LoadBalancerId) {
    throw invalidParameter('PopulationId', `"${id}" is a population of ${ownerOfId}; population ids are unique in the region, so choose another`);
  }
  const arrivalType = params['ArrivalType'] ?? 'poisson';
  if (arrivalType !== 'burst' && params['ConnectionsPerSecond'] === undefined) throw missingParameter('ConnectionsPerSecond');

  const input: Record<string, unknown> = { id, LoadBalancerId: lb.LoadBalancerId, ListenerPort: port, arrival: { type: arrivalType } };
  for (const [param, field] of Object.entries(NUMBER_PARAMS)) {
    const text = params[param];
    if (text === undefined) continue;
    if (!NUMBER.test(text)) throw invalidParameter(param, `"${text}" must be a number`);
    setField(input, field, Number(text));
  }
  for (const [param, field] of Object.entries(SIZE_PARAMS)) {
    const text = params[param];
    if (text !== undefined) setField(input, field, sizeParam(param, text));
  }
  const profile = params['DailyProfile'];
  if (profile !== undefined) setField(input, 'arrival.dailyProfile', dailyProfileParam(profile));
  for (const [param, field] of Object.entries(OBJECT_PARAMS)) {
    const text = params[param];
    if (text !== undefined) setField(input, field, objectParam(param, text));
  }
  const parsed = clientPopulationSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidParameter(paramOfField(issue.path.map(String)), issue.message);
  }
  const population = { ...parsed.data, LoadBalancerId: lb.LoadBalancerId };
  const { scenario } = state;
  const existing = scenario.clients.findIndex((c) => c.id === id);
  const clients = existing >= 0 ? scenario.clients.map((c, i) => (i === existing ? population : c)) : [...scenario.clients, population];
  commitScenario(state, { ...scenario, clients }, (path) => paramOfScenarioPath(path));
  return { PopulationId: id, Created: existing < 0 };
}

/** SimDeleteClientPopulation: removes the instance's population; its connections already open run to their end. */
function simDeleteClientPopulation(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const id = requiredParam(params, 'PopulationId');
  const { scenario } = state;
  if (!scenario.clients.some((c) => c.id === id && c.LoadBalancerId === lb.LoadBalancerId)) throw populationNotFound(id);
  commitScenario(state, { ...scenario, clients: scenario.clients.filter((c) => c.id !== id) }, (path) => paramOfScenarioPath(path));
  return {};
}

/** SimDescribeClientPopulations: the instance's populations, or those of ListenerPort, or the one PopulationId names. */
function simDescribeClientPopulations(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const port = portParam(params, 'ListenerPort', false);
  const id = params['PopulationId'];
  const found = itemsOf(state.scenario.clients, lb.LoadBalancerId).filter((c) => (port === undefined || c.ListenerPort === port) && (id === undefined || c.id === id));
  if (id !== undefined && found.length === 0) throw populationNotFound(id);
  return { TotalCount: found.length, ClientPopulations: { ClientPopulation: found.map(describePopulation) } };
}

/** SimDescribeClock: the simulated time now, in microseconds since the start and as the API's UTC time. */
function simDescribeClock(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  if (params['LoadBalancerId'] !== undefined) requireLoadBalancer(state, params);
  // The clock is the region's: every instance of the scenario runs in the one simulation.
  const sim = state.simulation;
  const nowUs = sim?.nowUs ?? 0;
  const startMs = epochMs(state.scenario.billing.startTime, 8);
  return {
    SimulatedTimeUs: nowUs,
    SimulatedTime: utcSeconds(startMs + Math.floor(nowUs / 1000)),
    StartTime: utcSeconds(startMs),
    HasSimulation: sim !== undefined,
  };
}

// --- helpers -------------------------------------------------------------------------------

function requireListenerPort(state: ControlPlaneState, loadBalancerId: string, params: ActionParams): number {
  const port = portParam(params, 'ListenerPort', true);
  if (listenerIndex(state.scenario, loadBalancerId, port) < 0) {
    throw new ApiError(404, 'ListenerNotFound', `The specified listener on port ${port} does not exist: ${loadBalancerId} has no listener on that port.`);
  }
  return port;
}

const populationNotFound = (id: string): ApiError =>
  new ApiError(404, 'InvalidPopulationId.NotFound', `The specified PopulationId does not exist: "${id}".`);

function sizeParam(param: string, text: string): unknown {
  if (NUMBER.test(text)) return Number(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidParameter(param, `"${text}" must be a byte count or a JSON distribution such as {"type":"exponential","mean":16000}`);
  }
}

/** The hour an index of the daily profile covers, as the editor labels it: 3 → 03:00–04:00. */
function hourLabel(hour: number): string {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${hh(hour)}–${hh(hour + 1)}`;
}

/** Multipliers of one hour: the scenario format's range. */
const PROFILE_MAX = 1000;

/**
 * DailyProfile: 24 multipliers of the arrival rate, one per UTC+8 clock hour, as a JSON array
 * ([0.2, 0.2, …]) or a comma-separated list. Checked here, item by item, so the error names the
 * hour (`dailyProfile.3 (03:00–04:00 UTC+8): must be 0–1000`) rather than the schema's generic words.
 */
function dailyProfileParam(text: string): number[] {
  const trimmed = text.trim();
  let items: unknown[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) throw invalidParameter('DailyProfile', `"${text}" must be 24 multipliers, one per UTC+8 clock hour: a JSON array such as [0.2, 0.2, …] or a comma-separated list`);
    items = parsed;
  } else items = trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
  if (items.length !== 24) throw invalidParameter('DailyProfile', `has ${items.length} multiplier(s); needs exactly 24, one per UTC+8 clock hour (item 0 is 00:00–01:00)`);
  const hours = items.map((item, hour) => {
    const value = typeof item === 'number' ? item : typeof item === 'string' && NUMBER.test(item) ? Number(item) : NaN;
    if (!Number.isFinite(value)) throw invalidParameter('DailyProfile', `dailyProfile.${hour} (${hourLabel(hour)} UTC+8): ${JSON.stringify(item)} must be a number`);
    if (value < 0 || value > PROFILE_MAX) throw invalidParameter('DailyProfile', `dailyProfile.${hour} (${hourLabel(hour)} UTC+8): must be 0–${PROFILE_MAX}, not ${value}`);
    return value;
  });
  if (!hours.some((m) => m > 0)) throw invalidParameter('DailyProfile', 'at least one hour must be above 0, or no connection would ever arrive');
  return hours;
}

function objectParam(param: string, text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidParameter(param, `"${text}" must be a JSON object of the population's ${param === 'Http' ? 'http' : 'tls'} settings`);
  return parsed;
}

function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const [head, tail] = field.split('.') as [string, string | undefined];
  if (tail === undefined) target[head] = value;
  else (target[head] as Record<string, unknown>)[tail] = value;
}

/** The API parameter behind a population field path (`arrival.burstSize`, `requestBytes.max`, …). */
function paramOfField(path: readonly string[]): string {
  const field = path[0] === 'arrival' ? `arrival.${path[1] ?? 'type'}` : (path[0] ?? '');
  return FIELD_PARAMS[field] ?? (path.join('.') || 'ClientPopulation');
}

/** A failing scenario path such as `clients.3.arrival.burstEverySeconds` → BurstEverySeconds. */
function paramOfScenarioPath(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'clients' && parts.length > 2) return paramOfField(parts.slice(2));
  return parts.filter((p) => !/^\d+$/.test(p)).at(-1) ?? '(scenario)';
}

function describePopulation(c: ClientPopulation): Record<string, unknown> {
  const size = (s: ClientPopulation['requestBytes']) => (typeof s === 'number' ? s : JSON.stringify(s));
  return defined({
    PopulationId: c.id,
    ListenerPort: c.ListenerPort,
    ArrivalType: c.arrival.type,
    ConnectionsPerSecond: c.arrival.connectionsPerSecond,
    RampToPerSecond: c.arrival.rampToPerSecond,
    RampSeconds: c.arrival.rampSeconds,
    BurstEverySeconds: c.arrival.burstEverySeconds,
    BurstSize: c.arrival.burstSize,
    StopAfterSeconds: c.arrival.stopAfterSeconds,
    MaxConnections: c.arrival.maxConnections,
    DailyProfile: c.arrival.dailyProfile === undefined ? undefined : JSON.stringify(c.arrival.dailyProfile),
    WeekendFactor: c.arrival.weekendFactor,
    ClientIps: c.clientIps,
    RequestBytes: size(c.requestBytes),
    ResponseBytes: size(c.responseBytes),
    Exchanges: c.exchanges,
    ThinkTimeMs: c.thinkTimeMs,
    RequestDelayMs: c.requestDelayMs,
    RtoMs: c.rtoMs,
    MaxRetries: c.maxRetries,
    Datagrams: c.datagrams,
    DatagramBytes: c.datagramBytes,
    DatagramIntervalMs: c.datagramIntervalMs,
    AddressChangeAfterDatagrams: c.addressChangeAfterDatagrams,
    Http: c.http === undefined ? undefined : JSON.stringify(c.http),
    Tls: c.tls === undefined ? undefined : JSON.stringify(c.tls),
  });
}

/** The API's time format, YYYY-MM-DDThh:mm:ssZ. */
function utcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
