import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { vServerGroupSchema } from './l7-schema';
import { masterSlaveServerGroupsSchema } from './master-slave-schema';
import { migrateScenario } from './migrate';
import { backendServerSchema, listenerSchema, loadBalancerAttributesSchema, SCENARIO_VERSION } from './schema';
import { parseScenario, validateScenario } from './validate';

const V1 = {
  name: 'saved by release 1',
  listeners: [{ ListenerPort: 80, Scheduler: 'wlc' }],
  backendServers: [
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-b2', PrivateIp: '10.0.0.2', Weight: 30, serviceTimeMs: 7, condition: 'slow', publicIp: '47.0.0.2' },
  ],
  clients: [{ ListenerPort: 80, arrival: { connectionsPerSecond: 10 } }],
};

/** What 3 → 4 makes of V1's backend servers: instances, and attachments keeping the weights. */
const V4_SERVERS = {
  ecsInstances: [
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-b2', PrivateIp: '10.0.0.2', serviceTimeMs: 7, condition: 'slow', publicIp: '47.0.0.2' },
  ],
  backendServers: [{ ServerId: 'i-a1' }, { ServerId: 'i-b2', Weight: 30 }],
};

/** A version-3 file with layer-7 parts: VServer groups, certificates, an HTTPS listener, servers with their weights. */
const V3 = {
  version: 3,
  name: 'saved by release 3',
  loadBalancer: { LoadBalancerId: 'lb-v3file0001', LoadBalancerSpec: 'slb.s3.medium' },
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
  listeners: [
    { ListenerProtocol: 'http', ListenerPort: 80, VServerGroupId: 'rsp-web' },
    { ListenerProtocol: 'https', ListenerPort: 443, ServerCertificateId: 'cert-1' },
  ],
  backendServers: [
    { ServerId: 'i-w1', PrivateIp: '10.0.1.1', Weight: 40 },
    { ServerId: 'i-w2', PrivateIp: '10.0.1.2' },
  ],
  vServerGroups: [{ VServerGroupId: 'rsp-web', BackendServers: [{ ServerId: 'i-w2', Port: 8080 }] }],
  clients: [{ ListenerPort: 443, tls: { resumption: 0.5 } }],
};

/** A version-4 file using everything version 5 moves into the load balancer. */
const V4 = {
  version: 4,
  name: 'saved by release 4',
  loadBalancer: { LoadBalancerId: 'lb-v4file0001', LoadBalancerName: 'v4', Address: '47.100.9.9', LoadBalancerSpec: 'slb.s3.large', DeleteProtection: 'on' },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, Scheduler: 'wlc', MasterSlaveServerGroupId: 'rsp-pair' },
    { ListenerProtocol: 'http', ListenerPort: 8080, VServerGroupId: 'rsp-web', Rules: [{ RuleId: 'rule-1', Url: '/api', VServerGroupId: 'rsp-api' }] },
    { ListenerProtocol: 'udp', ListenerPort: 53, Scheduler: 'qch' },
  ],
  ecsInstances: [
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-b2', PrivateIp: '10.0.0.2', serviceTimeMs: 3 },
    { ServerId: 'i-c3', PrivateIp: '10.0.0.3', condition: 'down' },
  ],
  backendServers: [{ ServerId: 'i-a1', Weight: 10 }, { ServerId: 'i-c3' }],
  vServerGroups: [
    { VServerGroupId: 'rsp-web', BackendServers: [{ ServerId: 'i-b2', Port: 8080, Weight: 5 }] },
    { VServerGroupId: 'rsp-api', BackendServers: [{ ServerId: 'i-a1', Port: 9000 }] },
  ],
  masterSlaveServerGroups: [
    {
      MasterSlaveServerGroupId: 'rsp-pair',
      MasterSlaveBackendServers: [
        { ServerId: 'i-a1', Port: 80, ServerType: 'Master' },
        { ServerId: 'i-b2', Port: 80, ServerType: 'Slave' },
      ],
    },
  ],
  clients: [{ id: 'web', ListenerPort: 8080 }, { id: 'dns', ListenerPort: 53 }],
  faults: [{ atS: 5, action: 'backend-down', target: 'i-a1' }],
  journal: [{ atUs: 1000, source: 'api', action: 'StopLoadBalancerListener', params: { ListenerPort: '80' } }],
};

/** V4 as version 5 writes it: the load balancer and its four lists in the one entry of `loadBalancers`. */
const V4_AS_V5 = (() => {
  const { loadBalancer, listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...region } = V4;
  return { ...region, version: 5, loadBalancers: [{ ...loadBalancer, listeners, backendServers, vServerGroups, masterSlaveServerGroups }] };
})();

describe('scenario versions', () => {
  it('the current version is 7', () => {
    expect(SCENARIO_VERSION).toBe(7);
  });

  it.each([
    ['with version: 1', { version: 1, ...V1 }],
    ['without a version', V1],
    ['with version: 2', { ...V1, version: 2 }],
    ['with version: 3', { ...V1, version: 3 }],
  ])('a file %s loads as version 7: its backend servers become ECS instances plus the load balancer’s attachments', (_, input) => {
    const result = validateScenario(input);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const s = result.scenario;
    expect(s.version).toBe(7);
    expect(s.name).toBe(V1.name);
    expect(s.loadBalancers).toHaveLength(1);
    const id = s.loadBalancers[0]!.LoadBalancerId;
    expect(s.listeners[0]).toMatchObject({ ListenerPort: 80, Scheduler: 'wlc', LoadBalancerId: id });
    expect(s.clients[0]!.arrival.connectionsPerSecond).toBe(10);
    expect(s.clients[0]!.LoadBalancerId).toBe(id);
    expect(s.ecsInstances.map((i) => [i.ServerId, i.PrivateIp, i.serviceTimeMs, i.condition, i.publicIp])).toEqual([
      ['i-a1', '10.0.0.1', 5, 'healthy', undefined],
      ['i-b2', '10.0.0.2', 7, 'slow', '47.0.0.2'],
    ]);
    expect(s.backendServers).toEqual([
      { ServerId: 'i-a1', Weight: 100, Type: 'ecs', LoadBalancerId: id },
      { ServerId: 'i-b2', Weight: 30, Type: 'ecs', LoadBalancerId: id },
    ]);
    expect(s.journal).toEqual([]);
  });

  it('migrations 1 → 2 → 3 change only the version, 3 → 4 splits the servers, 4 → 5 nests them in the load balancer, 5 → 6 changes only the version, and never the caller’s object', () => {
    const input = { version: 1, ...V1 };
    const before = structuredClone(input);
    const { listeners, backendServers: _servers, ...region } = V1;
    const expected = { ...region, ecsInstances: V4_SERVERS.ecsInstances, version: 7, loadBalancers: [{ listeners, backendServers: V4_SERVERS.backendServers }] };
    expect(migrateScenario(input)).toEqual(expected);
    expect(migrateScenario(V1)).toEqual(expected);
    expect(migrateScenario({ ...V1, version: 2 })).toEqual(expected);
    expect(migrateScenario({ ...V1, version: 3 })).toEqual(expected);
    expect(migrateScenario({ ...region, ...V4_SERVERS, listeners, version: 4 })).toEqual(expected);
    expect(input).toEqual(before);
  });

  it('a v2 file loads with its layer-4 fields unchanged, and no layer-7 parts', () => {
    const result = validateScenario({ ...V1, version: 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.listeners[0]).toMatchObject({ ListenerProtocol: 'tcp', ListenerPort: 80, Scheduler: 'wlc' });
    expect(result.scenario.listeners[0]!.Rules).toBeUndefined();
    expect(result.scenario.clients[0]!.http).toBeUndefined();
    expect(result.scenario.vServerGroups).toEqual([]);
  });

  it('a file already in the version-4 shape is not split again, even without a version', () => {
    const v4 = { name: 'x', ...V4_SERVERS };
    const expected = { name: 'x', ecsInstances: V4_SERVERS.ecsInstances, version: 7, loadBalancers: [{ backendServers: V4_SERVERS.backendServers }] };
    expect(migrateScenario(v4)).toEqual(expected);
    expect(migrateScenario({ ...v4, version: 3 })).toEqual(expected);
  });

  it('a version-3 server that is not an object is left for the schema to reject, naming it', () => {
    const result = validateScenario({ version: 3, backendServers: ['i-a1'] });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['loadBalancers.0.backendServers.0', 'ecsInstances.0']);
  });

  it('a version-4 loadBalancer that is not an object is left for the schema to name', () => {
    const result = validateScenario({ version: 4, loadBalancer: 'lb-x', listeners: [{ ListenerPort: 80 }] });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toContain('loadBalancer');
  });

  it('leaves version 7 and non-objects alone; 5 → 6 and 6 → 7 change only the version', () => {
    const v7 = { version: 7, name: 'x' };
    expect(migrateScenario(v7)).toEqual(v7);
    expect(migrateScenario({ version: 5, name: 'x', cluster: { lvsNodes: 3 } })).toEqual({ version: 7, name: 'x', cluster: { lvsNodes: 3 } });
    const v6 = { version: 6, name: 'x', clients: [{ ListenerPort: 80, arrival: { connectionsPerSecond: 5 } }] };
    expect(migrateScenario(v6)).toEqual({ ...v6, version: 7 });
    for (const value of [null, 3, 'x', [1]]) expect(migrateScenario(value)).toEqual(value);
  });

  it('rejects versions it cannot read, naming the field', () => {
    for (const version of [0, 8, 1.5, '1']) {
      const result = validateScenario({ version });
      expect(result.ok, String(version)).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([{ field: 'version', message: 'must be 7 (migrate.ts upgrades versions 1 to 6)' }]);
    }
  });

  it('a v1 file is held to the current rules after migration (unknown fields are errors)', () => {
    const result = validateScenario({ version: 1, ...V1, nmae: 'typo' });
    expect(result.ok ? [] : result.issues).toEqual([{ field: 'nmae', message: 'unknown field; did you mean "name"?' }]);
  });

  it.each([
    ['version 1', { version: 1, ...V1 }],
    ['no version', V1],
    ['version 2', { ...V1, version: 2 }],
    ['version 3, layer 7', V3],
    ['version 3, layer 7, no version', (({ version: _v, ...rest }) => rest)(V3)],
    ['version 4', V4],
    ['version 4 without a loadBalancer', (({ loadBalancer: _lb, ...rest }) => rest)(V4)],
    ['version 4, empty', { version: 4 }],
  ])('every older fixture still loads: %s', (_, input) => {
    const result = validateScenario(input);
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(result.scenario.version).toBe(7);
    expect(result.scenario.loadBalancers).toHaveLength(1);
    // Every item is the one load balancer's, every population connects to it.
    const id = result.scenario.loadBalancers[0]!.LoadBalancerId;
    for (const list of ['listeners', 'backendServers', 'vServerGroups', 'masterSlaveServerGroups', 'clients'] as const) {
      for (const item of result.scenario[list]) expect(item.LoadBalancerId, list).toBe(id);
    }
  });

  it('a version-3 layer-7 file keeps its load balancer, listeners, groups and weights', () => {
    const s = parseScenario(V3);
    expect(s.loadBalancers[0]).toMatchObject({ LoadBalancerId: 'lb-v3file0001', LoadBalancerSpec: 'slb.s3.medium' });
    expect(s.listeners.map((l) => [l.ListenerProtocol, l.ListenerPort, l.VServerGroupId])).toEqual([
      ['http', 80, 'rsp-web'],
      ['https', 443, undefined],
    ]);
    expect(s.backendServers.map((b) => [b.ServerId, b.Weight])).toEqual([
      ['i-w1', 40],
      ['i-w2', 100],
    ]);
    expect(s.vServerGroups.map((g) => [g.VServerGroupId, g.LoadBalancerId])).toEqual([['rsp-web', 'lb-v3file0001']]);
  });
});

describe('version 4 → 5: the load balancer holds its lists', () => {
  it('moves loadBalancer, listeners, backendServers, vServerGroups and masterSlaveServerGroups into loadBalancers[0], the rest unchanged', () => {
    const before = structuredClone(V4);
    expect(migrateScenario(V4)).toEqual({ ...V4_AS_V5, version: 7 });
    expect(V4).toEqual(before);
  });

  it('parses to the same scenario as the version-5 file', () => {
    expect(parseScenario(V4)).toEqual(parseScenario(V4_AS_V5));
  });

  it('keeps what the engine reads: the same attributes, and each list item for item, now naming its load balancer', () => {
    const s = parseScenario(V4);
    const id = 'lb-v4file0001';
    expect(s.loadBalancers).toEqual([loadBalancerAttributesSchema.parse(V4.loadBalancer)]);
    const owned = <T,>(items: T[]) => items.map((item) => ({ ...item, LoadBalancerId: id }));
    expect(s.listeners).toEqual(owned(z.array(listenerSchema).parse(V4.listeners)));
    expect(s.backendServers).toEqual(owned(z.array(backendServerSchema).parse(V4.backendServers)));
    expect(s.vServerGroups).toEqual(owned(z.array(vServerGroupSchema).parse(V4.vServerGroups)));
    expect(s.masterSlaveServerGroups).toEqual(owned(masterSlaveServerGroupsSchema.parse(V4.masterSlaveServerGroups)));
    expect(s.clients.map((c) => [c.id, c.ListenerPort, c.LoadBalancerId])).toEqual([
      ['web', 8080, id],
      ['dns', 53, id],
    ]);
    expect(s.ecsInstances.map((i) => i.ServerId)).toEqual(['i-a1', 'i-b2', 'i-c3']);
    expect(s.faults).toEqual(V4.faults);
    expect(s.journal).toEqual(V4.journal);
  });

  it('a version-4 file without loadBalancer or lists gets the one default load balancer', () => {
    expect(migrateScenario({ version: 4, name: 'x' })).toEqual({ version: 7, name: 'x', loadBalancers: [{}] });
    const s = parseScenario({ version: 4 });
    expect(s.loadBalancers.map((lb) => lb.LoadBalancerId)).toEqual(['lb-sim0000000001']);
  });

  it('an unversioned object already in the version-5 shape is left alone (only its version is set)', () => {
    const v5 = {
      name: 'nested, no version',
      ecsInstances: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
      loadBalancers: [
        { LoadBalancerId: 'lb-first0001', listeners: [{ ListenerPort: 80 }], backendServers: [{ ServerId: 'i-a1', Weight: 7 }] },
        { LoadBalancerId: 'lb-second001', Address: '47.100.10.11', listeners: [{ ListenerPort: 80 }] },
      ],
      clients: [{ LoadBalancerId: 'lb-second001', ListenerPort: 80 }],
    };
    expect(migrateScenario(v5)).toEqual({ ...v5, version: 7 });
    const s = parseScenario(v5);
    expect(s.loadBalancers.map((lb) => lb.LoadBalancerId)).toEqual(['lb-first0001', 'lb-second001']);
    expect(s.backendServers).toEqual([{ ServerId: 'i-a1', Weight: 7, Type: 'ecs', LoadBalancerId: 'lb-first0001' }]);
    expect(s.listeners.map((l) => l.LoadBalancerId)).toEqual(['lb-first0001', 'lb-second001']);
  });
});

describe('version 4 references', () => {
  const base = { ...V4_SERVERS, listeners: [{ ListenerPort: 80 }] };
  const fieldsOf = (input: unknown) => {
    const result = validateScenario(input);
    return result.ok ? [] : result.issues.map((i) => `${i.field}: ${i.message}`);
  };

  it('an attachment must name an ECS instance, once (reported where version 5 keeps it)', () => {
    expect(fieldsOf({ ...base, backendServers: [{ ServerId: 'i-zz9' }] })).toEqual(['loadBalancers.0.backendServers.0.ServerId: no ECS instance i-zz9 in ecsInstances']);
    expect(fieldsOf({ ...base, backendServers: [{ ServerId: 'i-a1' }, { ServerId: 'i-a1', Weight: 5 }] })).toEqual(['loadBalancers.0.backendServers.1.ServerId: i-a1 is attached twice']);
  });

  it('an ECS instance is listed once; it may be left unattached', () => {
    expect(fieldsOf({ ...base, ecsInstances: [...V4_SERVERS.ecsInstances, { ServerId: 'i-a1', PrivateIp: '10.0.0.9' }] })).toEqual(['ecsInstances.2.ServerId: i-a1 is listed twice']);
    expect(fieldsOf({ ...base, backendServers: [] })).toEqual([]);
  });

  it('journal entries are in time order and carry an action', () => {
    const entry = (atUs: number) => ({ atUs, source: 'api', action: 'StopLoadBalancerListener', params: { ListenerPort: '80' } });
    expect(fieldsOf({ ...base, journal: [entry(5), entry(5), entry(9)] })).toEqual([]);
    expect(fieldsOf({ ...base, journal: [entry(9), entry(5)] })).toEqual(["journal.1.atUs: journal entries are in time order: 5 µs comes before the previous entry's 9 µs"]);
    expect(fieldsOf({ ...base, journal: [{ ...entry(1), action: '' }] })).toHaveLength(1);
    expect(fieldsOf({ ...base, journal: [{ ...entry(1), source: 'console' }] })).toHaveLength(1);
  });
});
