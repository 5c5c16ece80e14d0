import { attached } from './examples/shared';
import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioIssue } from './validate';

/** The issues of an input that must be invalid. */
function issuesOf(input: unknown): ScenarioIssue[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it validated');
  return result.issues;
}

const SERVERS = attached([
  { ServerId: 'i-one', PrivateIp: '10.0.0.1', Weight: 50, serviceTimeMs: 3 },
  { ServerId: 'i-two', PrivateIp: '10.0.0.2', publicIp: '47.1.1.2' },
]);

/** One load balancer with these listeners (untyped: the tests below feed invalid ones). */
const onListeners = (listeners: unknown[]) => ({ loadBalancers: [{ listeners }] });

/** A scenario that uses every nested object the format has, each with at least one field. */
const RICH = {
  $schema: 'https://example.com/slb-scenario.json',
  version: 6,
  name: 'rich',
  description: 'every object once',
  seed: 7,
  loadBalancers: [
    {
      LoadBalancerName: 'rich',
      RegionId: 'cn-shanghai',
      AddressType: 'internet',
      listeners: [
        { ListenerProtocol: 'tcp', ListenerPort: 80, Scheduler: 'wlc', HealthCheckType: 'http', HealthCheckURI: '/health', HealthCheckInterval: 3 },
        { ListenerProtocol: 'udp', ListenerPort: 53, Scheduler: 'qch', HealthCheckConnectTimeout: 4 },
      ],
      backendServers: SERVERS.backendServers,
    },
  ],
  cluster: { lvsNodes: 2, ecmpMode: 'resilient', sync: { threshold: [3, 50], batching: true, checkIntervalMs: 500 } },
  network: { internetLatencyMs: 10, internalLatencyMs: 0.2 },
  ecsInstances: SERVERS.ecsInstances,
  clients: [
    {
      id: 'web',
      ListenerPort: 80,
      arrival: { type: 'ramp', connectionsPerSecond: 10, rampToPerSecond: 20, rampSeconds: 5 },
      requestBytes: { type: 'uniform', min: 100, max: 200 },
      responseBytes: { type: 'exponential', mean: 5000 },
      exchanges: 2,
    },
    { id: 'quic', ListenerPort: 53, arrival: { type: 'burst', burstEverySeconds: 1, burstSize: 5 }, datagrams: 4, addressChangeAfterDatagrams: 2 },
  ],
  egress: {
    eips: [{ AllocationId: 'eip-1', IpAddress: '47.1.1.3', InstanceId: 'i-one' }],
    natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-two'], dnatEntries: [{ ExternalPort: 8443, ServerId: 'i-two', InternalPort: 443 }] }],
    workloads: [{ id: 'api', serverIds: ['i-one'], callsPerSecond: 2, requestBytes: { type: 'exponential', mean: 300 } }],
    inbound: [{ id: 'hooks', target: 'eip-1', requestsPerSecond: 1 }],
  },
  billing: { priceRegion: 'mainland-china', feeModel: 'instance-2024', priceOverrides: { slbTrafficPerGb: 0.1 } },
  faults: [{ atS: 5, action: 'backend-weight', target: 'i-one', weight: 10 }],
};

type Path = (string | number)[];

/** Every plain object in the scenario with its path; priceOverrides is a price table, checked elsewhere. */
function objectsIn(node: unknown, path: Path = []): { path: Path; object: Record<string, unknown> }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => objectsIn(item, [...path, i]));
  if (typeof node !== 'object' || node === null || path.at(-1) === 'priceOverrides') return [];
  const object = node as Record<string, unknown>;
  return [{ path, object }, ...Object.entries(object).flatMap(([key, value]) => objectsIn(value, [...path, key]))];
}

/** A one-edit misspelling: the second and third characters swapped, or an extra letter when they are equal. */
function typo(key: string): string {
  const swapped = key.length >= 3 ? key[0]! + key[2]! + key[1]! + key.slice(3) : key[1]! + key[0]!;
  return swapped === key ? `${key}x` : swapped;
}

function withKey(root: unknown, path: Path, key: string, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const segment of path) node = node[segment] as Record<string | number, unknown>;
  node[key] = value;
  return copy;
}

describe('unknown fields', () => {
  it('the rich scenario itself is valid (so every issue below comes from the one added key)', () => {
    const result = validateScenario(RICH);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  const cases = objectsIn(RICH).flatMap(({ path, object }) => Object.keys(object).map((key) => ({ path, key })));

  it.each(cases.map(({ path, key }) => [[...path, typo(key)].join('.'), key, path] as const))(
    '%s is an error that suggests "%s"',
    (field, key, path) => {
      const misspelt = typo(key);
      const input = withKey(RICH, [...path], misspelt, true);
      expect(issuesOf(input)).toEqual([{ field, message: `unknown field; did you mean "${key}"?` }]);
    },
  );

  it('covers every kind of nested object (the walk above is not vacuous)', () => {
    const patterns = new Set(objectsIn(RICH).map(({ path }) => path.map((s) => (typeof s === 'number' ? '*' : s)).join('.')));
    for (const expected of ['', 'loadBalancers.*', 'loadBalancers.*.listeners.*', 'loadBalancers.*.backendServers.*', 'cluster', 'cluster.sync', 'network', 'ecsInstances.*', 'clients.*', 'clients.*.arrival', 'clients.*.requestBytes', 'clients.*.responseBytes', 'egress', 'egress.eips.*', 'egress.natGateways.*', 'egress.natGateways.*.dnatEntries.*', 'egress.workloads.*', 'egress.workloads.*.requestBytes', 'egress.inbound.*', 'billing', 'faults.*']) {
      expect(patterns, expected).toContain(expected);
    }
  });

  it('names the field and suggests the closest valid name: nmae → name', () => {
    expect(issuesOf({ nmae: 'x' })).toEqual([{ field: 'nmae', message: 'unknown field; did you mean "name"?' }]);
  });

  it('makes no suggestion when nothing is close, and lists the valid names instead', () => {
    const [issue] = issuesOf({ cluster: { sync: { wibble: 1 } } });
    expect(issue!.field).toBe('cluster.sync.wibble');
    expect(issue!.message).not.toContain('did you mean');
    expect(issue!.message).toBe('unknown field; valid fields here: threshold, batching, recordsPerMessage, fullBufferDelayMs, maxBufferAgeMs, checkIntervalMs, installTimeout, lossRate');
  });

  it('reports every unknown key of one object separately, next to other problems', () => {
    const issues = issuesOf(onListeners([{ ListenerPort: 80, Schedular: 'wlc', Sheduler: 'rr', EstablishedTimeout: 5 }]));
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'loadBalancers.0.listeners.0.Schedular', message: 'unknown field; did you mean "Scheduler"?' },
        { field: 'loadBalancers.0.listeners.0.Sheduler', message: 'unknown field; did you mean "Scheduler"?' },
        { field: 'loadBalancers.0.listeners.0.EstablishedTimeout', message: expect.stringContaining('10') },
      ]),
    );
  });

  it('picks the suggestion from the size shape the input names by its type', () => {
    const base = onListeners([{ ListenerPort: 80 }]);
    expect(issuesOf({ ...base, clients: [{ ListenerPort: 80, requestBytes: { type: 'exponential', maen: 10 } }] })).toEqual(
      expect.arrayContaining([{ field: 'clients.0.requestBytes.maen', message: 'unknown field; did you mean "mean"?' }]),
    );
    expect(issuesOf({ ...base, clients: [{ ListenerPort: 80, requestBytes: { type: 'uniform', min: 1, mx: 10 } }] })).toEqual(
      expect.arrayContaining([{ field: 'clients.0.requestBytes.mx', message: 'unknown field; did you mean "max"?' }]),
    );
  });

  it('allows a top-level $schema and nowhere else', () => {
    const result = validateScenario({ $schema: './scenario.schema.json' });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario).not.toHaveProperty('$schema'); // ignored: the engine never sees it
    expect(issuesOf({ cluster: { $schema: 'x' } })).toEqual([{ field: 'cluster.$schema', message: expect.stringContaining('unknown field') }]);
  });
});

describe('malformed input never crashes validation', () => {
  it.each([null, undefined, 'x', 3, []])('%j: one issue for the whole scenario', (input) => {
    expect(issuesOf(input)).toEqual([{ field: '(scenario)', message: expect.stringContaining('expected object') }]);
  });

  it('keys named like Object.prototype members are plain unknown fields', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}, "loadBalancers": [{"listeners": [{"ListenerPort": 80, "constructor": 1, "toString": 2}]}]}') as unknown;
    const issues = issuesOf(input);
    expect(issues.map((i) => i.field).sort()).toEqual(['__proto__', 'loadBalancers.0.listeners.0.constructor', 'loadBalancers.0.listeners.0.toString']);
    for (const issue of issues) expect(issue.message).toMatch(/^unknown field; valid fields here: /);
  });
});

describe('listener aliases (DOMAIN §2.5)', () => {
  it.each(['tcp', 'udp'] as const)('accepts healthCheckInterval on a %s listener as HealthCheckInterval', (protocol) => {
    const result = validateScenario(onListeners([{ ListenerProtocol: protocol, ListenerPort: 80, healthCheckInterval: 7 }]));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.listeners[0]!.HealthCheckInterval).toBe(7);
    expect(result.scenario.listeners[0]).not.toHaveProperty('healthCheckInterval');
  });

  it('accepts both spellings with the same value, rejects different values naming the alias', () => {
    expect(validateScenario(onListeners([{ ListenerPort: 80, healthCheckInterval: 7, HealthCheckInterval: 7 }])).ok).toBe(true);
    expect(issuesOf(onListeners([{ ListenerPort: 80, healthCheckInterval: 7, HealthCheckInterval: 8 }]))).toEqual([
      { field: 'loadBalancers.0.listeners.0.healthCheckInterval', message: 'alias of HealthCheckInterval, which is 8: give one of them, or the same value in both' },
    ]);
  });

  it('applies the interval range to the alias too', () => {
    expect(issuesOf(onListeners([{ ListenerPort: 80, healthCheckInterval: 51 }]))[0]!.field).toBe('loadBalancers.0.listeners.0.healthCheckInterval');
    expect(issuesOf(onListeners([{ ListenerPort: 80, healthCheckInterval: 0 }]))[0]!.field).toBe('loadBalancers.0.listeners.0.healthCheckInterval');
  });

  it.each(['tcp', 'udp'] as const)('HealthCheckTimeout on a %s listener is unknown and points at HealthCheckConnectTimeout', (protocol) => {
    const [issue, ...rest] = issuesOf(onListeners([{ ListenerProtocol: protocol, ListenerPort: 80, HealthCheckTimeout: 5 }]));
    expect(rest).toEqual([]);
    expect(issue!.field).toBe('loadBalancers.0.listeners.0.HealthCheckTimeout');
    expect(issue!.message).toMatch(/^unknown field; did you mean "HealthCheckConnectTimeout"\?/);
  });
});
