import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomL4 } from '../test/random-l4-scenarios';
import { randomL7 } from '../test/random-l7-scenarios';
import { toScenarioFile } from './load-balancers';
import { SCENARIO_VERSION, type Scenario } from './schema';
import { parseScenario, validateScenario } from './validate';

/**
 * Property: any valid document of an older version migrates to a valid current one that means the
 * same. Older documents are made from random current ones by writing them the way each older
 * version did (the inverse of each migration step), wherever the older format could express them.
 */

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);

/** The saved file of a parsed scenario: every field explicit, as the app and CLI save it. */
function savedFile(scenario: Scenario): Json {
  return clone(toScenarioFile(scenario)) as unknown as Json;
}

/** Version 6: the current shape without daily cycles (7 only added optional arrival fields). */
function asV6(file: Json): Json | undefined {
  const clients = file['clients'] as Json[];
  if (clients.some((c) => (c['arrival'] as Json)['dailyProfile'] !== undefined || (c['arrival'] as Json)['weekendFactor'] !== undefined)) return undefined;
  return { ...file, version: 6 };
}

/** Version 5: version 6 without zones (6 only added optional fields). */
function asV5(file: Json): Json | undefined {
  const v6 = asV6(file);
  if (v6 === undefined) return undefined;
  file = v6;
  const cluster = file['cluster'] as Json;
  if ((cluster['standby'] as Json | undefined) && ((cluster['standby'] as Json)['lvsNodes'] !== 0 || (cluster['standby'] as Json)['tengineNodes'] !== 0)) return undefined;
  const faults = file['faults'] as Json[];
  if (faults.some((f) => f['action'] === 'zone-down' || f['action'] === 'zone-up')) return undefined;
  const { standby: _v6, zoneFailoverDelayS: _v6delay, ...v5cluster } = cluster;
  return { ...file, version: 5, cluster: v5cluster };
}

/** Version 4: one `loadBalancer`, its lists at the top; populations could not name a load balancer. */
function asV4(file: Json): Json | undefined {
  const v5 = asV5(file);
  const lbs = v5?.['loadBalancers'] as Json[] | undefined;
  if (!v5 || lbs?.length !== 1) return undefined;
  const { listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...loadBalancer } = lbs[0]!;
  const { loadBalancers: _nested, ...rest } = v5;
  const clients = (rest['clients'] as Json[]).map(({ LoadBalancerId: _v5only, ...population }) => population);
  return { ...rest, version: 4, loadBalancer, listeners, backendServers, vServerGroups, masterSlaveServerGroups, clients };
}

/** Version 3: each backend server is an instance with its attachment's Weight; no journal yet. */
function asV3(file: Json): Json | undefined {
  const v4 = asV4(file);
  if (!v4 || (v4['journal'] as unknown[]).length > 0) return undefined;
  const instances = v4['ecsInstances'] as Json[];
  const attachments = v4['backendServers'] as Json[];
  // Only when the attachments are exactly the instances, in order, of type ecs (what version 3 could say).
  if (attachments.length !== instances.length || attachments.some((a, i) => a['ServerId'] !== instances[i]!['ServerId'] || (a['Type'] ?? 'ecs') !== 'ecs')) return undefined;
  const { ecsInstances: _v4only, journal: _journal, ...rest } = v4;
  return { ...rest, version: 3, backendServers: instances.map((instance, i) => ({ ...instance, Weight: attachments[i]!['Weight'] })) };
}

/** Versions 2 and 1: layer 4 only (no HTTP/HTTPS listeners, groups or certificates). */
function asV2(file: Json): Json | undefined {
  const v3 = asV3(file);
  if (!v3) return undefined;
  const listeners = v3['listeners'] as Json[];
  if (listeners.some((l) => l['ListenerProtocol'] === 'http' || l['ListenerProtocol'] === 'https')) return undefined;
  for (const list of ['vServerGroups', 'masterSlaveServerGroups', 'serverCertificates', 'caCertificates']) if ((v3[list] as unknown[]).length > 0) return undefined;
  return { ...v3, version: 2 };
}

function asV1(file: Json): Json | undefined {
  const v2 = asV2(file);
  if (!v2) return undefined;
  const { version: _none, ...rest } = v2;
  return rest;
}

const OLDER: [number, (file: Json) => Json | undefined][] = [
  [6, asV6],
  [5, asV5],
  [4, asV4],
  [3, asV3],
  [2, asV2],
  [1, asV1],
];

describe('migrations: any valid older document migrates to a valid current one that means the same', () => {
  const current = fc.oneof(
    randomL4.map((g) => g.scenario),
    randomL7().map((g) => g.scenario),
  );
  it('covers every earlier version (a new version needs its writer here)', () => {
    expect(OLDER.map(([version]) => version).sort((a, b) => a - b)).toEqual(Array.from({ length: SCENARIO_VERSION - 1 }, (_, i) => i + 1));
  });
  it.each(OLDER)('from version %i', (version, older) => {
    let written = 0;
    fc.assert(
      fc.property(current, (input) => {
        const scenario = parseScenario(input);
        const old = older(savedFile(scenario));
        fc.pre(old !== undefined);
        written++;
        const before = clone(old);
        const result = validateScenario(old);
        if (!result.ok) throw new Error(`version ${version} document did not migrate: ${JSON.stringify(result.issues)}`);
        expect(result.scenario).toEqual(scenario);
        expect(old).toEqual(before); // the caller's document is not changed
      }),
      { numRuns: 40, seed: 6 * 1000 + version },
    );
    // The property must not pass by discarding every case.
    expect(written).toBeGreaterThanOrEqual(10);
  });
});
