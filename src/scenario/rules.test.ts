import { attached, oneLoadBalancer } from './examples/shared';
import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioIssue } from './validate';

function issuesOf(input: unknown): ScenarioIssue[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it validated');
  return result.issues;
}

function accepts(input: unknown): void {
  const result = validateScenario(input);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

/** Sets `value` at a dotted path of a fresh copy of `base`. */
function set(base: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= /^\d+$/.test(keys[keys.indexOf(key) + 1]!) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
  return copy;
}

const TCP = oneLoadBalancer({ listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80 }], ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]) });
const UDP = oneLoadBalancer({ listeners: [{ ListenerProtocol: 'udp', ListenerPort: 53 }], ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]) });
const WITH_EGRESS = { ...TCP, egress: { eips: [{ AllocationId: 'eip-1', IpAddress: '47.1.1.1', InstanceId: 'i-a1' }], workloads: [{ serverIds: ['i-a1'] }], inbound: [{ target: 'eip-1' }] } };
const TCP_CLIENTS = { ...TCP, clients: [{ ListenerPort: 80 }] };
const UDP_CLIENTS = { ...UDP, clients: [{ ListenerPort: 53 }] };

describe('cross-field rules', () => {
  it('cluster.sync.threshold: the first packet count must be below the period', () => {
    accepts({ cluster: { sync: { threshold: [49, 50] } } });
    for (const threshold of [
      [50, 50],
      [60, 50],
    ]) {
      expect(issuesOf({ cluster: { sync: { threshold } } })).toEqual([{ field: 'cluster.sync.threshold', message: expect.stringContaining('first must be less than period') }]);
    }
  });

  it('Scheduler qch only on UDP listeners, with a message that says why', () => {
    accepts(set(UDP, 'loadBalancers.0.listeners.0.Scheduler', 'qch'));
    expect(issuesOf(set(TCP, 'loadBalancers.0.listeners.0.Scheduler', 'qch'))).toEqual([
      { field: 'loadBalancers.0.listeners.0.Scheduler', message: expect.stringMatching(/QUIC connection ID.*UDP listeners only/) },
    ]);
    accepts(set(TCP, 'loadBalancers.0.listeners.0.Scheduler', 'tch'));
  });

  it('addressChangeAfterDatagrams only for populations of a UDP listener', () => {
    accepts(set(UDP_CLIENTS, 'clients.0.addressChangeAfterDatagrams', 3));
    expect(issuesOf(set(TCP_CLIENTS, 'clients.0.addressChangeAfterDatagrams', 3))).toEqual([
      { field: 'clients.0.addressChangeAfterDatagrams', message: 'only for UDP flows: the listener on port 80 is TCP' },
    ]);
  });

  it('a burst averages at most 1,000,000 connections/s', () => {
    const burst = (burstSize: number, burstEverySeconds: number) => set(TCP_CLIENTS, 'clients.0.arrival', { type: 'burst', burstSize, burstEverySeconds });
    accepts(burst(1000, 0.001)); // exactly 1,000,000/s
    expect(issuesOf(burst(1001, 0.001))).toEqual([{ field: 'clients.0.arrival.burstEverySeconds', message: expect.stringContaining('at most 1,000,000/s') }]);
    accepts(burst(1, 0.000001)); // one per µs
  });
});

describe('health-check fields', () => {
  it.each([
    ['HealthCheckConnectTimeout', 1, 300],
    ['HealthCheckInterval', 1, 50],
  ])('%s accepts %d–%d s, integers only', (field, min, max) => {
    for (const ok of [min, max]) accepts(set(TCP, `loadBalancers.0.listeners.0.${field}`, ok));
    for (const bad of [min - 1, max + 1, 2.5]) expect(issuesOf(set(TCP, `loadBalancers.0.listeners.0.${field}`, bad)).map((i) => i.field)).toEqual([`loadBalancers.0.listeners.0.${field}`]);
  });

  const HTTP_TCP = set(TCP, 'loadBalancers.0.listeners.0.HealthCheckType', 'http');

  it('HTTP checks of a TCP listener: URI, domain and codes with the API rules; codes default to http_2xx', () => {
    const result = validateScenario(HTTP_TCP);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.listeners[0]!.HealthCheckHttpCode).toBe('http_2xx');
    accepts(set(set(set(HTTP_TCP, 'loadBalancers.0.listeners.0.HealthCheckURI', '/status?full=1'), 'loadBalancers.0.listeners.0.HealthCheckDomain', 'www.example.com'), 'loadBalancers.0.listeners.0.HealthCheckHttpCode', 'http_2xx,http_3xx'));
    accepts(set(HTTP_TCP, 'loadBalancers.0.listeners.0.HealthCheckDomain', '$_ip'));
    const bad: [string, unknown, RegExp][] = [
      ['HealthCheckURI', 'status', /start with "\/"/],
      ['HealthCheckURI', '/', /not only "\/"/],
      ['HealthCheckURI', `/${'a'.repeat(80)}`, /80/],
      ['HealthCheckURI', '/a b', /may contain only/],
      ['HealthCheckDomain', 'bad_domain!', /letters, digits/],
      ['HealthCheckDomain', '', /letters, digits/],
      ['HealthCheckHttpCode', 'http_200', /http_2xx, http_3xx, http_4xx, http_5xx/],
      ['HealthCheckHttpCode', 'http_2xx,http_2xx', /distinct/],
      ['HealthCheckHttpCode', '', /comma-separated/],
    ];
    for (const [field, value, message] of bad) {
      const issues = issuesOf(set(HTTP_TCP, `loadBalancers.0.listeners.0.${field}`, value));
      expect(issues.map((i) => i.field), `${field}=${String(value)}`).toContain(`loadBalancers.0.listeners.0.${field}`);
      expect(issues.find((i) => i.field === `loadBalancers.0.listeners.0.${field}`)!.message, `${field}=${String(value)}`).toMatch(message);
    }
  });

  it('HTTP-check fields are errors on UDP listeners, and on TCP listeners that check with tcp', () => {
    for (const [field, value] of [
      ['HealthCheckURI', '/health'],
      ['HealthCheckDomain', 'example.com'],
      ['HealthCheckHttpCode', 'http_2xx'],
    ] as const) {
      expect(issuesOf(set(UDP, `loadBalancers.0.listeners.0.${field}`, value))).toEqual([{ field: `loadBalancers.0.listeners.0.${field}`, message: expect.stringContaining('UDP listeners have no HTTP health check') }]);
      expect(issuesOf(set(TCP, `loadBalancers.0.listeners.0.${field}`, value))).toEqual([{ field: `loadBalancers.0.listeners.0.${field}`, message: expect.stringContaining('only with HealthCheckType http') }]);
    }
    expect(issuesOf(set(UDP, 'loadBalancers.0.listeners.0.HealthCheckType', 'http'))).toEqual([{ field: 'loadBalancers.0.listeners.0.HealthCheckType', message: expect.stringContaining('TCP listeners') }]);
    const udp = validateScenario(UDP);
    if (!udp.ok) throw new Error(JSON.stringify(udp.issues));
    expect(udp.scenario.listeners[0]!.HealthCheckHttpCode).toBeUndefined();
  });
});

describe('ranges that keep the engine moving', () => {
  /** [path, base scenario, smallest valid, largest valid or undefined, invalid values] */
  const ranges: [string, unknown, number, number | undefined, number[]][] = [
    ['cluster.sync.checkIntervalMs', {}, 0.001, 60_000, [0, 0.0009, -1]],
    ['cluster.sync.fullBufferDelayMs', {}, 0, 10_000, [0.0005, -1]],
    ['cluster.sync.maxBufferAgeMs', {}, 0, 60_000, [0.0005, -1]],
    ['network.internetLatencyMs', {}, 0.001, 3_600_000, [0, 0.0005]],
    ['network.internalLatencyMs', {}, 0.001, 3_600_000, [0, 0.0005]],
    ['network.bandwidthQueueMs', {}, 0, 10_000, [0.0005, -1, 10_001]],
    ['network.bandwidthBurstMs', {}, 0, 1000, [0.0005, -1, 1001]],
    ['ecsInstances.0.serviceTimeMs', TCP, 0.001, 3_600_000, [0, 0.0005]],
    ['clients.0.arrival.connectionsPerSecond', TCP_CLIENTS, 0.000001, 1_000_000, [0, 1_000_001, 1e-7]],
    ['clients.0.arrival.rampToPerSecond', TCP_CLIENTS, 0.000001, 1_000_000, [0, 1_000_001]],
    ['clients.0.arrival.rampSeconds', TCP_CLIENTS, 0.000001, 86_400, [0, 1e-7]],
    ['clients.0.arrival.burstEverySeconds', TCP_CLIENTS, 0.0001, 86_400, [0, 1e-7]],
    ['clients.0.thinkTimeMs', TCP_CLIENTS, 0, 3_600_000, [0.0005, -1]],
    ['clients.0.requestDelayMs', TCP_CLIENTS, 0, 3_600_000, [0.0005, -1]],
    ['clients.0.datagramIntervalMs', UDP_CLIENTS, 0.001, 3_600_000, [0, 0.0005]],
    ['egress.workloads.0.callsPerSecond', WITH_EGRESS, 0.000001, 100_000, [0, 100_001]],
    ['egress.workloads.0.remoteServiceMs', WITH_EGRESS, 0.001, 3_600_000, [0, 0.0005]],
    ['egress.inbound.0.requestsPerSecond', WITH_EGRESS, 0.000001, 100_000, [0, 100_001]],
  ];

  it.each(ranges)('%s', (path, base, min, max, invalid) => {
    accepts(set(base, path, min));
    if (max !== undefined) accepts(set(base, path, max));
    for (const value of [...invalid, Number.NaN, Infinity]) {
      const issues = issuesOf(set(base, path, value));
      expect(issues.map((i) => i.field), `${path}=${value}`).toEqual([path]);
    }
  });

  it('says the range and why in the message', () => {
    expect(issuesOf({ cluster: { sync: { checkIntervalMs: 0.0001 } } })[0]!.message).toBe("must be at least 0.001 ms (1 µs, the engine's clock tick)");
    expect(issuesOf(set(TCP_CLIENTS, 'clients.0.thinkTimeMs', 0.0001))[0]!.message).toBe("must be 0 (none) or at least 0.001 ms (1 µs, the engine's clock tick)");
    expect(issuesOf(set(TCP_CLIENTS, 'clients.0.arrival.connectionsPerSecond', 2e6))[0]!.message).toBe("must be at most 1,000,000/s (one event per µs is the engine's limit)");
  });
});
