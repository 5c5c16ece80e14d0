import { describe, expect, it } from 'vitest';
import { migrateScenario } from './migrate';
import { SCENARIO_VERSION } from './schema';
import { validateScenario } from './validate';

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

describe('scenario versions', () => {
  it('the current version is 4', () => {
    expect(SCENARIO_VERSION).toBe(4);
  });

  it.each([
    ['with version: 1', { version: 1, ...V1 }],
    ['without a version', V1],
    ['with version: 2', { ...V1, version: 2 }],
    ['with version: 3', { ...V1, version: 3 }],
  ])('a file %s loads as version 4: its backend servers become ECS instances plus attachments', (_, input) => {
    const result = validateScenario(input);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const s = result.scenario;
    expect(s.version).toBe(4);
    expect(s.name).toBe(V1.name);
    expect(s.listeners[0]).toMatchObject({ ListenerPort: 80, Scheduler: 'wlc' });
    expect(s.clients[0]!.arrival.connectionsPerSecond).toBe(10);
    expect(s.ecsInstances.map((i) => [i.ServerId, i.PrivateIp, i.serviceTimeMs, i.condition, i.publicIp])).toEqual([
      ['i-a1', '10.0.0.1', 5, 'healthy', undefined],
      ['i-b2', '10.0.0.2', 7, 'slow', '47.0.0.2'],
    ]);
    expect(s.backendServers).toEqual([
      { ServerId: 'i-a1', Weight: 100, Type: 'ecs' },
      { ServerId: 'i-b2', Weight: 30, Type: 'ecs' },
    ]);
    expect(s.journal).toEqual([]);
  });

  it('migrations 1 → 2 → 3 change only the version, 3 → 4 splits the servers, and never the caller’s object', () => {
    const input = { version: 1, ...V1 };
    const before = structuredClone(input);
    const expected = { ...V1, ...V4_SERVERS, version: 4 };
    expect(migrateScenario(input)).toEqual(expected);
    expect(migrateScenario(V1)).toEqual(expected);
    expect(migrateScenario({ ...V1, version: 2 })).toEqual(expected);
    expect(migrateScenario({ ...V1, version: 3 })).toEqual(expected);
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
    expect(migrateScenario(v4)).toEqual({ ...v4, version: 4 });
    expect(migrateScenario({ ...v4, version: 3 })).toEqual({ ...v4, version: 4 });
  });

  it('a version-3 server that is not an object is left for the schema to reject, naming it', () => {
    const result = validateScenario({ version: 3, backendServers: ['i-a1'] });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['ecsInstances.0', 'backendServers.0']);
  });

  it('leaves version 4 and non-objects alone', () => {
    const v4 = { version: 4, name: 'x' };
    expect(migrateScenario(v4)).toEqual(v4);
    for (const value of [null, 3, 'x', [1]]) expect(migrateScenario(value)).toEqual(value);
  });

  it('rejects versions it cannot read, naming the field', () => {
    for (const version of [0, 5, 1.5, '1']) {
      const result = validateScenario({ version });
      expect(result.ok, String(version)).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([{ field: 'version', message: 'must be 4 (migrate.ts upgrades versions 1 to 3)' }]);
    }
  });

  it('a v1 file is held to the current rules after migration (unknown fields are errors)', () => {
    const result = validateScenario({ version: 1, ...V1, nmae: 'typo' });
    expect(result.ok ? [] : result.issues).toEqual([{ field: 'nmae', message: 'unknown field; did you mean "name"?' }]);
  });
});

describe('version 4 references', () => {
  const base = { ...V4_SERVERS, listeners: [{ ListenerPort: 80 }] };
  const fieldsOf = (input: unknown) => {
    const result = validateScenario(input);
    return result.ok ? [] : result.issues.map((i) => `${i.field}: ${i.message}`);
  };

  it('an attachment must name an ECS instance, once', () => {
    expect(fieldsOf({ ...base, backendServers: [{ ServerId: 'i-zz9' }] })).toEqual(['backendServers.0.ServerId: no ECS instance i-zz9 in ecsInstances']);
    expect(fieldsOf({ ...base, backendServers: [{ ServerId: 'i-a1' }, { ServerId: 'i-a1', Weight: 5 }] })).toEqual(['backendServers.1.ServerId: i-a1 is attached twice']);
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
