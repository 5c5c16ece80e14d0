import { describe, expect, it } from 'vitest';
import { migrateScenario } from './migrate';
import { SCENARIO_VERSION } from './schema';
import { validateScenario } from './validate';

const V1 = {
  name: 'saved by release 1',
  listeners: [{ ListenerPort: 80, Scheduler: 'wlc' }],
  backendServers: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
  clients: [{ ListenerPort: 80, arrival: { connectionsPerSecond: 10 } }],
};

describe('scenario versions', () => {
  it('the current version is 3', () => {
    expect(SCENARIO_VERSION).toBe(3);
  });

  it.each([
    ['with version: 1', { version: 1, ...V1 }],
    ['without a version', V1],
  ])('a v1 file %s loads and comes out as version 3 with its fields unchanged', (_, input) => {
    const result = validateScenario(input);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.version).toBe(3);
    expect(result.scenario.name).toBe(V1.name);
    expect(result.scenario.listeners[0]).toMatchObject({ ListenerPort: 80, Scheduler: 'wlc' });
    expect(result.scenario.clients[0]!.arrival.connectionsPerSecond).toBe(10);
  });

  it('migrations 1 → 2 → 3 change only the version, and never the caller’s object', () => {
    const input = { version: 1, ...V1 };
    const before = structuredClone(input);
    expect(migrateScenario(input)).toEqual({ ...V1, version: 3 });
    expect(migrateScenario(V1)).toEqual({ ...V1, version: 3 });
    expect(migrateScenario({ ...V1, version: 2 })).toEqual({ ...V1, version: 3 });
    expect(input).toEqual(before);
  });

  it('a v2 file loads as version 3 with its layer-4 fields unchanged, and no layer-7 parts', () => {
    const result = validateScenario({ ...V1, version: 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.version).toBe(3);
    expect(result.scenario.listeners[0]).toMatchObject({ ListenerProtocol: 'tcp', ListenerPort: 80, Scheduler: 'wlc' });
    expect(result.scenario.listeners[0]!.Rules).toBeUndefined();
    expect(result.scenario.clients[0]!.http).toBeUndefined();
    expect(result.scenario.vServerGroups).toEqual([]);
  });

  it('leaves version 3 and non-objects alone', () => {
    const v3 = { version: 3, name: 'x' };
    expect(migrateScenario(v3)).toEqual(v3);
    for (const value of [null, 3, 'x', [1]]) expect(migrateScenario(value)).toEqual(value);
  });

  it('rejects versions it cannot read, naming the field', () => {
    for (const version of [0, 4, 1.5, '1']) {
      const result = validateScenario({ version });
      expect(result.ok, String(version)).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([{ field: 'version', message: 'must be 3 (migrate.ts upgrades versions 1 and 2)' }]);
    }
  });

  it('a v1 file is held to the current rules after migration (unknown fields are errors)', () => {
    const result = validateScenario({ version: 1, ...V1, nmae: 'typo' });
    expect(result.ok ? [] : result.issues).toEqual([{ field: 'nmae', message: 'unknown field; did you mean "name"?' }]);
  });
});
