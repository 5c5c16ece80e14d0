import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { Simulation } from '../engine/simulation';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { handleRpc } from './router';
import { createControlPlane, type CommittedChange, type ControlPlaneState } from './state';

const LB = { LoadBalancerId: 'lb-bp1simacts0001' };

const scenario: OneLbInput = {
  name: 'sim-actions',
  loadBalancer: { ...LB, Address: '47.100.10.10' },
  cluster: { lvsNodes: 2, tengineNodes: 0, keyServers: 0 },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080 },
    { ListenerProtocol: 'tcp', ListenerPort: 81, BackendServerPort: 8081 },
    { ListenerProtocol: 'udp', ListenerPort: 53, BackendServerPort: 5353 },
  ],
  ...attached([{ ServerId: 'i-ecs1', PrivateIp: '192.168.0.11' }]),
  clients: [{ id: 'web', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10 }, exchanges: 2, thinkTimeMs: 50 }],
  billing: { startTime: '2026-03-01T10:00:00' },
};

const plane = (): ControlPlaneState => createControlPlane(parseScenario(nested(scenario)));
const call = (state: ControlPlaneState, action: string, params: Record<string, string> = {}) => handleRpc(state, { Action: action, ...LB, ...params });

function populations(state: ControlPlaneState, params: Record<string, string> = {}): Record<string, unknown>[] {
  const response = call(state, 'SimDescribeClientPopulations', params);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body['ClientPopulations'] as { ClientPopulation: Record<string, unknown>[] }).ClientPopulation;
}

describe('SimSetClientPopulation', () => {
  it('creates clients-<port> on the listener, with the scenario format defaults for what it leaves out', () => {
    const state = plane();
    const before = state.scenario;
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    const response = call(state, 'SimSetClientPopulation', { ListenerPort: '81', ConnectionsPerSecond: '25', ArrivalType: 'constant', Exchanges: '3', ThinkTimeMs: '200', ClientIps: '64', RequestBytes: '700', ResponseBytes: '{"type":"exponential","mean":16000}' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ PopulationId: 'clients-81', Created: true });
    // A new scenario was committed; the old one (shared with checkpoints and the journal) is untouched.
    expect(state.scenario).not.toBe(before);
    expect(before.clients.map((c) => c.id)).toEqual(['web']);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'SimSetClientPopulation', params: { ListenerPort: '81', ConnectionsPerSecond: '25' } });
    expect(populations(state, { PopulationId: 'clients-81' })).toEqual([
      {
        PopulationId: 'clients-81',
        ListenerPort: 81,
        ArrivalType: 'constant',
        ConnectionsPerSecond: 25,
        RampSeconds: 60,
        BurstEverySeconds: 10,
        BurstSize: 100,
        ClientIps: 64,
        RequestBytes: 700,
        ResponseBytes: '{"type":"exponential","mean":16000}',
        Exchanges: 3,
        ThinkTimeMs: 200,
        RequestDelayMs: 0,
        RtoMs: 1000,
        MaxRetries: 5,
        Datagrams: 10,
        DatagramBytes: 512,
        DatagramIntervalMs: 100,
      },
    ]);
  });

  it('replaces the population with that id: exactly what the call says, defaults for the rest', () => {
    const state = plane();
    const response = call(state, 'SimSetClientPopulation', { ListenerPort: '81', PopulationId: 'web', ConnectionsPerSecond: '5' });
    expect(response.body).toMatchObject({ PopulationId: 'web', Created: false });
    const [web] = populations(state);
    expect(web).toMatchObject({ PopulationId: 'web', ListenerPort: 81, ArrivalType: 'poisson', ConnectionsPerSecond: 5, Exchanges: 1, ThinkTimeMs: 0 });
    expect(state.scenario.clients).toHaveLength(1);
  });

  it('the next simulation of the committed scenario sends that traffic, read back through CloudMonitor', () => {
    const state = plane();
    call(state, 'SimSetClientPopulation', { ListenerPort: '81', ConnectionsPerSecond: '30', ArrivalType: 'constant' });
    const sim = new Simulation(state.scenario);
    sim.runUntil(61 * US_PER_S);
    state.simulation = sim;
    const response = handleRpc(state, { Action: 'DescribeMetricList', Version: '2019-01-01', Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', Period: '60' });
    const points = JSON.parse(response.body['Datapoints'] as string) as { port: string; Average: number; Maximum: number }[];
    expect(points.filter((p) => p.port === '81').map((p) => p.Maximum)).toEqual([30, 30]);
    // :80's first arrival is at 0.1 s: 9 in second 0, then 10 a second.
    expect(points.filter((p) => p.port === '80').map((p) => [p.Maximum, p.Average])).toEqual([
      [10, 9.98],
      [10, 10],
    ]);
    expect(points.find((p) => p.port === '53')!.Maximum).toBe(0);
  });

  it('burst arrivals need no ConnectionsPerSecond; UDP populations take their datagram settings', () => {
    const state = plane();
    expect(call(state, 'SimSetClientPopulation', { ListenerPort: '80', PopulationId: 'spikes', ArrivalType: 'burst', BurstSize: '500', BurstEverySeconds: '30' }).status).toBe(200);
    expect(call(state, 'SimSetClientPopulation', { ListenerPort: '53', ConnectionsPerSecond: '100', Datagrams: '4', DatagramBytes: '1200', AddressChangeAfterDatagrams: '2' }).status).toBe(200);
    expect(populations(state, { ListenerPort: '53' })[0]).toMatchObject({ Datagrams: 4, DatagramBytes: 1200, AddressChangeAfterDatagrams: 2 });
    expect(populations(state, { PopulationId: 'spikes' })[0]).toMatchObject({ ArrivalType: 'burst', BurstSize: 500, BurstEverySeconds: 30 });
  });

  it('takes a daily profile (JSON or comma-separated) and a weekend factor, and describes them so they round-trip', () => {
    const state = plane();
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 1 : 0.25));
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    const set = call(state, 'SimSetClientPopulation', { ListenerPort: '80', PopulationId: 'web', ConnectionsPerSecond: '10', DailyProfile: JSON.stringify(hours), WeekendFactor: '0.5' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(state.scenario.clients[0]!.arrival).toMatchObject({ dailyProfile: hours, weekendFactor: 0.5 });
    expect(changes[0]!.params).toMatchObject({ DailyProfile: JSON.stringify(hours), WeekendFactor: '0.5' });
    const [web] = populations(state);
    expect(web).toMatchObject({ DailyProfile: JSON.stringify(hours), WeekendFactor: 0.5 });
    // The comma form sets the same profile.
    expect(call(state, 'SimSetClientPopulation', { ListenerPort: '80', PopulationId: 'web', ConnectionsPerSecond: '10', DailyProfile: hours.join(', ') }).status).toBe(200);
    expect(state.scenario.clients[0]!.arrival.dailyProfile).toEqual(hours);
    // Left out, like every field of this PUT: a flat day again.
    expect(call(state, 'SimSetClientPopulation', { ListenerPort: '80', PopulationId: 'web', ConnectionsPerSecond: '10' }).status).toBe(200);
    expect(state.scenario.clients[0]!.arrival.dailyProfile).toBeUndefined();
    expect(populations(state)[0]).not.toHaveProperty('DailyProfile');
  });

  it('describes HTTP and TLS client settings as JSON and takes them back, so a described population sent back keeps them', () => {
    const state = createControlPlane(
      parseScenario(
        nested({
          ...scenario,
          cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 0 },
          listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080 }],
          clients: [{ id: 'web', ListenerPort: 80, http: { mix: [{ host: 'shop.example.com', path: '/cart' }], cookies: 'drop' } }],
        }),
      ),
    );
    const [web] = populations(state);
    expect(JSON.parse(String(web!['Http']))).toMatchObject({ cookies: 'drop', mix: [{ host: 'shop.example.com', path: '/cart' }] });
    const back = Object.fromEntries(Object.entries(web!).map(([k, v]) => [k, String(v)]));
    const before = state.scenario.clients[0];
    expect(call(state, 'SimSetClientPopulation', { ...back, DailyProfile: Array(24).fill('2').join(',') }).status).toBe(200);
    expect(state.scenario.clients[0]).toEqual({ ...before, arrival: { ...before!.arrival, dailyProfile: Array(24).fill(2) } });
  });

  describe('rejects bad input with the parameter and the rule, and leaves the state unchanged', () => {
    const ok = { ListenerPort: '81', ConnectionsPerSecond: '10' };
    const cases: [string, Record<string, string>, number, string, string][] = [
      ['no LoadBalancerId', { ...ok, LoadBalancerId: '' }, 400, 'MissingParameter', 'LoadBalancerId'],
      ['another instance', { ...ok, LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
      ['no ListenerPort', { ConnectionsPerSecond: '10' }, 400, 'MissingParameter', 'ListenerPort'],
      ['ListenerPort 0', { ...ok, ListenerPort: '0' }, 400, 'InvalidParameter', '"ListenerPort"'],
      ['a port with no listener', { ...ok, ListenerPort: '8443' }, 404, 'ListenerNotFound', '8443'],
      ['no ConnectionsPerSecond', { ListenerPort: '81' }, 400, 'MissingParameter', 'ConnectionsPerSecond'],
      ['ConnectionsPerSecond not a number', { ...ok, ConnectionsPerSecond: 'fast' }, 400, 'InvalidParameter', '"ConnectionsPerSecond"'],
      ['ConnectionsPerSecond 0', { ...ok, ConnectionsPerSecond: '0' }, 400, 'InvalidParameter', '"ConnectionsPerSecond"'],
      ['ConnectionsPerSecond over a million', { ...ok, ConnectionsPerSecond: '1000001' }, 400, 'InvalidParameter', '"ConnectionsPerSecond"'],
      ['an unknown ArrivalType', { ...ok, ArrivalType: 'zipf' }, 400, 'InvalidParameter', '"ArrivalType"'],
      ['Exchanges 1.5', { ...ok, Exchanges: '1.5' }, 400, 'InvalidParameter', '"Exchanges"'],
      ['Exchanges 0', { ...ok, Exchanges: '0' }, 400, 'InvalidParameter', '"Exchanges"'],
      ['ClientIps 0', { ...ok, ClientIps: '0' }, 400, 'InvalidParameter', '"ClientIps"'],
      ['ThinkTimeMs negative', { ...ok, ThinkTimeMs: '-1' }, 400, 'InvalidParameter', '"ThinkTimeMs"'],
      ['MaxRetries 16', { ...ok, MaxRetries: '16' }, 400, 'InvalidParameter', '"MaxRetries"'],
      ['RequestBytes 0', { ...ok, RequestBytes: '0' }, 400, 'InvalidParameter', '"RequestBytes"'],
      ['a uniform size with max < min', { ...ok, ResponseBytes: '{"type":"uniform","min":900,"max":100}' }, 400, 'InvalidParameter', '"ResponseBytes"'],
      ['a size that is neither number nor JSON', { ...ok, ResponseBytes: 'big' }, 400, 'InvalidParameter', '"ResponseBytes"'],
      ['an empty PopulationId', { ...ok, PopulationId: '' }, 400, 'InvalidParameter', '"PopulationId"'],
      ['a PopulationId of 41 characters', { ...ok, PopulationId: 'p'.repeat(41) }, 400, 'InvalidParameter', '"PopulationId"'],
      ['an address change on a TCP listener', { ...ok, AddressChangeAfterDatagrams: '3' }, 400, 'InvalidParameter', '"AddressChangeAfterDatagrams"'],
      ['bursts over a million a second', { ListenerPort: '81', ArrivalType: 'burst', BurstSize: '1000000', BurstEverySeconds: '0.5' }, 400, 'InvalidParameter', '"BurstEverySeconds"'],
      ['a daily profile of 23 hours', { ...ok, DailyProfile: Array(23).fill(1).join(',') }, 400, 'InvalidParameter', 'needs exactly 24'],
      ['a daily profile hour over 1000', { ...ok, DailyProfile: JSON.stringify([1, 1, 1, 1200, ...Array(20).fill(1)]) }, 400, 'InvalidParameter', '"DailyProfile" is not valid: dailyProfile.3 (03:00–04:00 UTC+8): must be 0–1000'],
      ['a negative daily profile hour', { ...ok, DailyProfile: [...Array(23).fill('1'), '-1'].join(',') }, 400, 'InvalidParameter', 'dailyProfile.23 (23:00–24:00 UTC+8): must be 0–1000'],
      ['a daily profile hour that is no number', { ...ok, DailyProfile: [...Array(23).fill('1'), 'x'].join(',') }, 400, 'InvalidParameter', 'dailyProfile.23 (23:00–24:00 UTC+8): "x" must be a number'],
      ['a daily profile of zeros', { ...ok, DailyProfile: Array(24).fill(0).join(',') }, 400, 'InvalidParameter', 'at least one hour must be above 0'],
      ['a daily profile that is malformed JSON', { ...ok, DailyProfile: '[1,2' }, 400, 'InvalidParameter', '"DailyProfile"'],
      ['a daily profile lifting the rate past a million a second', { ...ok, ConnectionsPerSecond: '10000', DailyProfile: Array(24).fill(1000).join(',') }, 400, 'InvalidParameter', '"DailyProfile" is not valid: the busiest hour runs at 10,000,000 connections/s'],
      ['WeekendFactor 1001', { ...ok, WeekendFactor: '1001' }, 400, 'InvalidParameter', '"WeekendFactor"'],
      ['WeekendFactor not a number', { ...ok, WeekendFactor: 'half' }, 400, 'InvalidParameter', '"WeekendFactor"'],
      ['Http that is not an object', { ...ok, Http: '[1]' }, 400, 'InvalidParameter', '"Http"'],
      ['Tls with an unknown version', { ...ok, Tls: '{"maxVersion":"0.9"}' }, 400, 'InvalidParameter', '"Tls"'],
      ['the CloudMonitor version', { ...ok, Version: '2019-01-01' }, 400, 'InvalidVersion', '2014-05-15'],
    ];
    for (const [what, params, status, code, text] of cases) {
      it(what, () => {
        const state = plane();
        const before = state.scenario;
        const snapshot = JSON.stringify(before);
        let committed = 0;
        state.onCommit = () => committed++;
        const response = handleRpc(state, { Action: 'SimSetClientPopulation', ...LB, ...params });
        expect(response.status).toBe(status);
        expect(response.body).toMatchObject({ Code: code, Message: expect.stringContaining(text) });
        expect(state.scenario).toBe(before);
        expect(JSON.stringify(state.scenario)).toBe(snapshot);
        expect(committed).toBe(0);
      });
    }
  });
});

describe('SimDeleteClientPopulation', () => {
  it('removes the population by id', () => {
    const state = plane();
    const before = state.scenario;
    expect(call(state, 'SimDeleteClientPopulation', { PopulationId: 'web' }).status).toBe(200);
    expect(state.scenario.clients).toEqual([]);
    expect(before.clients).toHaveLength(1);
    expect(populations(state)).toEqual([]);
  });

  it.each([
    ['no PopulationId', {}, 400, 'MissingParameter', 'PopulationId'],
    ['an unknown PopulationId', { PopulationId: 'ghosts' }, 404, 'InvalidPopulationId.NotFound', 'ghosts'],
    ['another instance', { PopulationId: 'web', LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
  ] as const)('rejects %s and leaves the state unchanged', (_what, params, status, code, text) => {
    const state = plane();
    const before = state.scenario;
    const response = call(state, 'SimDeleteClientPopulation', params);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ Code: code, Message: expect.stringContaining(text) });
    expect(state.scenario).toBe(before);
  });
});

describe('SimDescribeClientPopulations', () => {
  it('lists every population, or those of a listener, or one by id', () => {
    const state = plane();
    call(state, 'SimSetClientPopulation', { ListenerPort: '81', ConnectionsPerSecond: '1' });
    expect(call(state, 'SimDescribeClientPopulations').body['TotalCount']).toBe(2);
    expect(populations(state).map((p) => p['PopulationId'])).toEqual(['web', 'clients-81']);
    expect(populations(state, { ListenerPort: '81' }).map((p) => p['PopulationId'])).toEqual(['clients-81']);
    expect(populations(state, { ListenerPort: '53' })).toEqual([]);
    expect(populations(state, { PopulationId: 'web' })[0]).toMatchObject({ ListenerPort: 80, ArrivalType: 'constant', ConnectionsPerSecond: 10, Exchanges: 2, ThinkTimeMs: 50, RequestBytes: 400, ResponseBytes: 8000 });
  });

  it.each([
    ['an unknown PopulationId', { PopulationId: 'ghosts' }, 404, 'InvalidPopulationId.NotFound'],
    ['ListenerPort 70000', { ListenerPort: '70000' }, 400, 'InvalidParameter'],
    ['no LoadBalancerId', { LoadBalancerId: '' }, 400, 'MissingParameter'],
  ] as const)('rejects %s', (_what, params, status, code) => {
    const response = call(plane(), 'SimDescribeClientPopulations', params);
    expect(response.status).toBe(status);
    expect(response.body['Code']).toBe(code);
  });
});

describe('SimDescribeClock', () => {
  it('without a simulation: time 0, the scenario start in UTC', () => {
    expect(handleRpc(plane(), { Action: 'SimDescribeClock' }).body).toMatchObject({
      SimulatedTimeUs: 0,
      SimulatedTime: '2026-03-01T02:00:00Z',
      StartTime: '2026-03-01T02:00:00Z',
      HasSimulation: false,
    });
  });

  it('with one: the simulated time now, in µs and as the API UTC time (whole seconds)', () => {
    const state = plane();
    const sim = new Simulation(state.scenario);
    sim.runUntil(90.75 * US_PER_S);
    state.simulation = sim;
    expect(call(state, 'SimDescribeClock').body).toMatchObject({
      SimulatedTimeUs: 90_750_000,
      SimulatedTime: '2026-03-01T02:01:30Z',
      StartTime: '2026-03-01T02:00:00Z',
      HasSimulation: true,
    });
    expect(call(state, 'SimDescribeClock', { LoadBalancerId: 'lb-nope' }).body['Code']).toBe('InvalidLoadBalancerId.NotFound');
  });
});
