import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { Bucket } from '../engine/billing/meters';
import { Simulation } from '../engine/simulation';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { SLB_METRICS } from './actions/cloud-monitor';
import { handleRpc } from './router';
import { createControlPlane, type ControlPlaneState } from './state';

const LB_ID = 'lb-bp1metrics0001';
/** 2026-03-01T10:00:00 in UTC+8 is 02:00:00Z: simulated time 0 in epoch milliseconds. */
const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);

/** TCP :80 with 20 new connections a second (constant), TCP :81 with none, one LVS node. */
const scenario: OneLbInput = {
  name: 'cms',
  seed: 3,
  loadBalancer: { LoadBalancerId: LB_ID, Address: '47.100.10.10' },
  cluster: { lvsNodes: 1, tengineNodes: 0, keyServers: 0 },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080 },
    { ListenerProtocol: 'tcp', ListenerPort: 81, BackendServerPort: 8081 },
  ],
  ...attached([
    { ServerId: 'i-ecs1', PrivateIp: '192.168.0.11' },
    { ServerId: 'i-ecs2', PrivateIp: '192.168.0.12' },
  ]),
  clients: [{ id: 'web', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 20 }, requestBytes: 500, responseBytes: 3000, exchanges: 2, thinkTimeMs: 500 }],
  billing: { startTime: '2026-03-01T10:00:00' },
};

/**
 * A simulation stopped at a whole second with nothing at or after it processed yet (what
 * runUntil does, minus the events due exactly then): every metered byte is in a closed second.
 */
function running(seconds: number): { state: ControlPlaneState; sim: Simulation } {
  const parsed = parseScenario(nested(scenario));
  const sim = new Simulation(parsed);
  while (sim.nextEventUs() < seconds * US_PER_S) sim.step();
  sim.nowUs = seconds * US_PER_S;
  const state = createControlPlane(parsed);
  state.simulation = sim;
  return { state, sim };
}

const base = { Namespace: 'acs_slb_dashboard', Version: '2019-01-01' };
const dims = (...d: Record<string, string>[]) => JSON.stringify(d);

interface Point {
  timestamp: number;
  instanceId: string;
  port?: string;
  protocol?: string;
  vip?: string;
  Maximum: number;
  Minimum: number;
  Average: number;
}

function list(state: ControlPlaneState, params: Record<string, string>, action = 'DescribeMetricList'): { body: Record<string, unknown>; points: Point[] } {
  const response = handleRpc(state, { Action: action, ...base, ...params });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(typeof response.body['Datapoints']).toBe('string');
  return { body: response.body, points: JSON.parse(response.body['Datapoints'] as string) as Point[] };
}

describe('DescribeMetricList (CloudMonitor 2019-01-01, acs_slb_dashboard)', () => {
  const { state, sim } = running(150);

  it('answers Code, Success, Period and Datapoints as a JSON string, one datapoint per listener and minute', () => {
    const { body, points } = list(state, { MetricName: 'NewConnection', Period: '60' });
    expect(body).toMatchObject({ Code: '200', Success: true, Period: '60' });
    expect(body['RequestId']).toMatch(/^[0-9A-F-]{36}$/);
    expect(body['NextToken']).toBeUndefined();
    // 150 closed seconds: minutes starting at 0, 60 and 120 s, for :80 and :81.
    expect(points.map((p) => [p.timestamp - T0, p.port])).toEqual([
      [0, '80'],
      [0, '81'],
      [60_000, '80'],
      [60_000, '81'],
      [120_000, '80'],
      [120_000, '81'],
    ]);
    expect(points[2]).toEqual({ timestamp: T0 + 60_000, instanceId: LB_ID, port: '80', protocol: 'tcp', vip: '47.100.10.10', Maximum: 20, Minimum: 20, Average: 20 });
    expect(points[3]).toMatchObject({ port: '81', Maximum: 0, Minimum: 0, Average: 0 });
  });

  it('traffic is in bits per second and adds up to the bytes the meters count', () => {
    let rxBits = 0;
    let txBits = 0;
    for (const [metric, add] of [
      ['TrafficRXNew', (v: number) => (rxBits += v)],
      ['TrafficTXNew', (v: number) => (txBits += v)],
    ] as const) {
      const { points } = list(state, { MetricName: metric, Period: '1' });
      for (const p of points) add(p.Average);
    }
    expect(rxBits).toBeGreaterThan(0);
    expect(rxBits / 8).toBe(sim.meters.bytes[Bucket.inbound]);
    expect(txBits / 8).toBe(sim.meters.bytes[Bucket.slbOut]);
  });

  it('ActiveConnection is the LVS count: a minute-Maximum of the per-second counts at the end of each second', () => {
    const { points } = list(state, { MetricName: 'ActiveConnection', Period: '1', Dimensions: dims({ instanceId: LB_ID, port: '80' }) });
    expect(points).toHaveLength(150);
    // The end of second 149 is now: LVS holds exactly what it held then.
    expect(points.at(-1)!.Average).toBe(sim.lvs.views.view(0, 0).active.reduce((a, b) => a + b, 0));
    expect(sim.lvs.activeOn(0)).toBe(points.at(-1)!.Average);
    const perSecond = points.map((p) => p.Average);
    const { points: minute } = list(state, { MetricName: 'ActiveConnection', Period: '60', Dimensions: dims({ instanceId: LB_ID, port: '80' }) });
    expect(minute[1]!.Maximum).toBe(Math.max(...perSecond.slice(60, 120)));
    expect(minute[1]!.Minimum).toBe(Math.min(...perSecond.slice(60, 120)));
    expect(minute[1]!.Average).toBe(Math.round((perSecond.slice(60, 120).reduce((a, b) => a + b, 0) / 60) * 100) / 100);
    expect(points.at(-1)!.Average).toBeGreaterThan(5);
    const instance = list(state, { MetricName: 'InstanceActiveConnection', Period: '1' }).points;
    expect(instance.map((p) => p.Average)).toEqual(perSecond);
    expect(instance[0]).not.toHaveProperty('port');
  });

  it('StartTime is exclusive, EndTime inclusive; times are epoch ms, UTC or UTC+8', () => {
    const minute = (p: Point) => (p.timestamp - T0) / 60_000;
    expect(list(state, { MetricName: 'NewConnection', StartTime: String(T0), EndTime: String(T0 + 120_000) }).points.map(minute)).toEqual([1, 1, 2, 2]);
    expect(list(state, { MetricName: 'NewConnection', StartTime: '2026-03-01T01:59:59Z', EndTime: '2026-03-01T02:01:00Z' }).points.map(minute)).toEqual([0, 0, 1, 1]);
    expect(list(state, { MetricName: 'NewConnection', StartTime: '2026-03-01 09:59:59', EndTime: '2026-03-01 10:00:00' }).points.map(minute)).toEqual([0, 0]);
    expect(list(state, { MetricName: 'NewConnection', EndTime: String(T0 - 1) }).points).toEqual([]);
  });

  it('Dimensions select listeners: by port, by protocol, any of several objects; an unknown instance has no data', () => {
    const ports = (d: string) => list(state, { MetricName: 'NewConnection', Dimensions: d }).points.map((p) => p.port);
    expect(ports(dims({ instanceId: LB_ID, port: '81' }))).toEqual(['81', '81', '81']);
    expect(ports(JSON.stringify({ instanceId: LB_ID, port: 80, protocol: 'TCP' }))).toEqual(['80', '80', '80']);
    expect(ports(dims({ port: '81' }, { port: '80' }))).toEqual(['80', '81', '80', '81', '80', '81']);
    expect(ports(dims({ instanceId: LB_ID, port: '80', protocol: 'udp' }))).toEqual([]);
    expect(ports(dims({ instanceId: 'lb-someoneelse' }))).toEqual([]);
    expect(ports(dims({ instanceId: LB_ID, vip: '47.100.10.10', port: '80' }))).toHaveLength(3);
  });

  it('pages with Length and NextToken', () => {
    const first = list(state, { MetricName: 'PacketRX', Period: '1', Length: '100' });
    expect(first.points).toHaveLength(100);
    const token = first.body['NextToken'] as string;
    expect(token).toBeTruthy();
    const second = list(state, { MetricName: 'PacketRX', Period: '1', Length: '100', NextToken: token });
    expect(second.points).toHaveLength(100);
    const third = list(state, { MetricName: 'PacketRX', Period: '1', Length: '100', NextToken: second.body['NextToken'] as string });
    expect(third.points).toHaveLength(100);
    expect(third.body['NextToken']).toBeUndefined();
    const all = list(state, { MetricName: 'PacketRX', Period: '1' }).points;
    expect([...first.points, ...second.points, ...third.points]).toEqual(all);
  });

  it('DescribeMetricLast answers the latest period of each listener', () => {
    const { body, points } = list(state, { MetricName: 'NewConnection', Period: '60' }, 'DescribeMetricLast');
    expect(body).toMatchObject({ Code: '200', Success: true, Period: '60' });
    // The minute from 120 s has 30 closed seconds so far.
    expect(points).toEqual([
      { timestamp: T0 + 120_000, instanceId: LB_ID, port: '80', protocol: 'tcp', vip: '47.100.10.10', Maximum: 20, Minimum: 20, Average: 20 },
      { timestamp: T0 + 120_000, instanceId: LB_ID, port: '81', protocol: 'tcp', vip: '47.100.10.10', Maximum: 0, Minimum: 0, Average: 0 },
    ]);
    const earlier = list(state, { MetricName: 'InstanceNewConnection', Period: '60', EndTime: String(T0 + 90_000) }, 'DescribeMetricLast').points;
    expect(earlier).toEqual([{ timestamp: T0 + 60_000, instanceId: LB_ID, Maximum: 20, Minimum: 20, Average: 20 }]);
  });

  it('serves every documented metric name', () => {
    for (const name of ['ActiveConnection', 'InactiveConnection', 'MaxConnection', 'NewConnection', 'DropConnection', 'PacketRX', 'PacketTX', 'TrafficRXNew', 'TrafficTXNew', 'InstanceTrafficRX', 'InstanceTrafficTX', 'InstanceActiveConnection', 'InstanceNewConnection', 'InstanceInactiveConnection', 'InstanceMaxConnection', 'InstanceDropConnection', 'InstancePacketRX', 'InstancePacketTX']) {
      expect(SLB_METRICS).toHaveProperty(name);
      expect(list(state, { MetricName: name }).points.length).toBeGreaterThan(0);
    }
  });

  it('without a simulation (or one of another instance) answers an empty Datapoints list', () => {
    const idle = createControlPlane(parseScenario(nested(scenario)));
    expect(list(idle, { MetricName: 'NewConnection' }).body).toMatchObject({ Code: '200', Success: true, Datapoints: '[]' });
    const other = createControlPlane(parseScenario(nested({ ...scenario, loadBalancer: { LoadBalancerId: 'lb-bp1other00001' } })));
    other.simulation = sim;
    expect(list(other, { MetricName: 'NewConnection' }).body['Datapoints']).toBe('[]');
  });

  it('reading does not change the simulation', () => {
    const a = running(20);
    const b = running(20);
    for (let i = 0; i < 5; i++) list(a.state, { MetricName: 'ActiveConnection', Period: '1' });
    a.sim.runUntil(40 * US_PER_S);
    b.sim.runUntil(40 * US_PER_S);
    expect(a.sim.traceHash).toBe(b.sim.traceHash);
    expect(list(a.state, { MetricName: 'MaxConnection', Period: '1' }).points).toEqual(list(b.state, { MetricName: 'MaxConnection', Period: '1' }).points);
  });

  describe('rejects bad input with the parameter and the rule', () => {
    const cases: [string, Record<string, string>, number, string, string][] = [
      ['no Namespace', { Namespace: '', MetricName: 'NewConnection' }, 400, 'MissingParameter', 'Namespace'],
      ['no MetricName', { MetricName: '' }, 400, 'MissingParameter', 'MetricName'],
      ['another namespace', { Namespace: 'acs_ecs_dashboard', MetricName: 'cpu_idle' }, 400, 'InvalidParameter', '"Namespace"'],
      ['an unknown metric', { MetricName: 'Qps' }, 400, 'InvalidParameter', '"MetricName"'],
      ['Period 30', { MetricName: 'NewConnection', Period: '30' }, 400, 'InvalidParameter', '"Period"'],
      ['Period 0', { MetricName: 'NewConnection', Period: '0' }, 400, 'InvalidParameter', '"Period"'],
      ['Period 61', { MetricName: 'NewConnection', Period: '61' }, 400, 'InvalidParameter', '"Period"'],
      ['Period over a day', { MetricName: 'NewConnection', Period: '86460' }, 400, 'InvalidParameter', '"Period"'],
      ['a StartTime that is no time', { MetricName: 'NewConnection', StartTime: 'yesterday' }, 400, 'InvalidParameter', '"StartTime"'],
      ['February 30th', { MetricName: 'NewConnection', EndTime: '2026-02-30T00:00:00Z' }, 400, 'InvalidParameter', '"EndTime"'],
      ['StartTime after EndTime', { MetricName: 'NewConnection', StartTime: String(T0 + 1000), EndTime: String(T0) }, 400, 'InvalidParameter', 'earlier than EndTime'],
      ['Length 0', { MetricName: 'NewConnection', Length: '0' }, 400, 'InvalidParameter', '"Length"'],
      ['Length 1001', { MetricName: 'NewConnection', Length: '1001' }, 400, 'InvalidParameter', '"Length"'],
      ['a forged NextToken', { MetricName: 'NewConnection', NextToken: 'abc' }, 400, 'InvalidParameter', '"NextToken"'],
      ['Dimensions not JSON', { MetricName: 'NewConnection', Dimensions: '[{instanceId:' }, 400, 'InvalidParameter', 'not JSON'],
      ['an unknown dimension', { MetricName: 'NewConnection', Dimensions: dims({ instanceId: LB_ID, region: 'cn-hangzhou' }) }, 400, 'InvalidParameter', '"region" is not a dimension'],
      ['port on an instance metric', { MetricName: 'InstanceNewConnection', Dimensions: dims({ instanceId: LB_ID, port: '80' }) }, 400, 'InvalidParameter', '"port" is not a dimension of InstanceNewConnection'],
      ['a dimension that is not an object', { MetricName: 'NewConnection', Dimensions: '["lb-1"]' }, 400, 'InvalidParameter', 'JSON object'],
      ['an empty dimension list', { MetricName: 'NewConnection', Dimensions: '[]' }, 400, 'InvalidParameter', 'empty'],
      ['51 dimensions', { MetricName: 'NewConnection', Dimensions: dims(...Array.from({ length: 51 }, () => ({ instanceId: LB_ID }))) }, 400, 'InvalidParameter', 'at most 50'],
      ['a nested value', { MetricName: 'NewConnection', Dimensions: JSON.stringify([{ instanceId: { id: LB_ID } }]) }, 400, 'InvalidParameter', 'must be a string'],
      ['Express', { MetricName: 'NewConnection', Express: '{"groupby":["instanceId"]}' }, 400, 'InvalidParameter', '"Express"'],
      ['a malformed RegionId', { MetricName: 'NewConnection', RegionId: 'Mars 1' }, 400, 'InvalidParameter', '"RegionId"'],
      ['the SLB version', { MetricName: 'NewConnection', Version: '2014-05-15' }, 400, 'InvalidVersion', '2019-01-01'],
    ];
    for (const [what, params, status, code, text] of cases) {
      it(what, () => {
        for (const action of ['DescribeMetricList', 'DescribeMetricLast']) {
          const response = handleRpc(state, { Action: action, ...base, ...params });
          expect(response.status).toBe(status);
          expect(response.body).toMatchObject({ Code: code, Message: expect.stringContaining(text) });
        }
      });
    }

    it('SLB actions still refuse the CloudMonitor version', () => {
      const response = handleRpc(state, { Action: 'DescribeLoadBalancers', Version: '2019-01-01' });
      expect(response.body).toMatchObject({ Code: 'InvalidVersion', Message: expect.stringContaining('2014-05-15') });
    });
  });
});
