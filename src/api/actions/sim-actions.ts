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
const FIELD_PARAMS: Readonly<Record<string, string>> = {
  id: 'PopulationId',
  ListenerPort: 'ListenerPort',
  'arrival.type': 'ArrivalType',
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
  });
}

/** The API's time format, YYYY-MM-DDThh:mm:ssZ. */
function utcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
