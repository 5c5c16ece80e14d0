import { SCENARIO_VERSION } from './schema';

/**
 * Upgrades a saved scenario to the current format before validation, one version step at a time,
 * so a file written by any earlier release still loads. The input is untrusted JSON: anything that
 * is not a plain object, or has no migration path, is returned unchanged for the schema to reject
 * with a proper message.
 *
 * Version history:
 * - 1: the first format. A file without `version` is version 1.
 * - 2: every object is strict (unknown fields are errors), times and rates have ranges that keep
 *   the engine moving, RegionIds must have a price table, and listeners gain the `healthCheckInterval`
 *   alias and the HTTP-check fields. Every version-1 field kept its name and meaning, so 1 → 2
 *   changes only `version`; a version-1 file that breaks the new rules fails validation with the
 *   field and the rule named, as it would have to be fixed by hand anyway.
 * - 3: layer 7. Listeners may be `http` or `https` with the API's HTTP/HTTPS fields; the scenario
 *   gains `vServerGroups`, `serverCertificates`, `caCertificates`, populations gain `http` and
 *   `tls`, the cluster gains `tengine` and `keyServer` settings, and faults gain the Tengine and
 *   Key Server actions. Everything is new and optional, so 2 → 3 changes only `version`.
 * - 4: ECS instances are their own list. `ecsInstances` holds what a server is (address, zone,
 *   service time, condition…) and `backendServers` only the load balancer's attachment
 *   (`ServerId`, `Weight`), as the API's AddBackendServers sees it; the scenario gains the run's
 *   `journal`. 3 → 4 splits each backend server into an instance and its attachment, in order.
 * - 5: several load balancers. `loadBalancers` lists the region's instances, each holding its own
 *   `listeners`, `backendServers`, `vServerGroups` and `masterSlaveServerGroups`; client
 *   populations may name their `LoadBalancerId`. 4 → 5 moves the single `loadBalancer` and those
 *   four lists into the one entry of `loadBalancers`.
 * - 6: zones. The cluster gains `standby` (the secondary zone's LVS and Tengine nodes, none by
 *   default) and `zoneFailoverDelayS`; faults gain `zone-down` / `zone-up`. Everything is new and
 *   optional, so 5 → 6 changes only `version`, and a version-5 run replays to the same trace hash.
 * - 7: daily cycles. Client populations' `arrival` gains `dailyProfile` (24 multipliers, one per
 *   UTC+8 clock hour) and `weekendFactor`. Both are new and optional (a flat day when left out), so
 *   6 → 7 changes only `version`, and a version-6 run replays to the same trace hash.
 */

type Json = Record<string, unknown>;

/** Step `from` → `from + 1`. Each step receives a fresh shallow copy it may change. */
const STEPS: Record<number, (scenario: Json) => Json> = {
  1: (scenario) => ({ ...scenario, version: 2 }),
  2: (scenario) => ({ ...scenario, version: 3 }),
  3: splitEcsInstances,
  4: nestLoadBalancer,
  5: (scenario) => ({ ...scenario, version: 6 }),
  6: (scenario) => ({ ...scenario, version: 7 }),
};

/** The lists version 4 kept at the top and version 5 keeps in each load balancer. */
const PER_LOAD_BALANCER = ['listeners', 'backendServers', 'vServerGroups', 'masterSlaveServerGroups'] as const;

/** Version 4's one `loadBalancer` and its lists → version 5's `loadBalancers` with one entry. */
function nestLoadBalancer(scenario: Json): Json {
  const { loadBalancer, ...rest } = scenario;
  // Already in this shape (e.g. written without `version`, which reads as version 1).
  if (scenario['loadBalancers'] !== undefined) return { ...scenario, version: 5 };
  // Not an object: left in place for the schema to name (`loadBalancer` is unknown in version 5).
  if (loadBalancer !== undefined && (typeof loadBalancer !== 'object' || loadBalancer === null || Array.isArray(loadBalancer))) return { ...scenario, version: 5 };
  const entry: Json = { ...(loadBalancer as Json | undefined) };
  for (const list of PER_LOAD_BALANCER) {
    if (rest[list] === undefined) continue;
    entry[list] = rest[list];
    delete rest[list];
  }
  return { ...rest, version: 5, loadBalancers: [entry] };
}

/** Version 3's backend servers → version 4's instances plus attachments (same order, same ids). */
function splitEcsInstances(scenario: Json): Json {
  const servers = scenario['backendServers'];
  // A file that already lists `ecsInstances` is in this shape (e.g. written without `version`,
  // which reads as version 1): its backendServers are attachments already.
  if (!Array.isArray(servers) || scenario['ecsInstances'] !== undefined) return { ...scenario, version: 4 };
  const instances = servers.map((server: unknown) => {
    if (typeof server !== 'object' || server === null || Array.isArray(server)) return server;
    const { Weight: _attachmentOnly, ...instance } = server as Json;
    return instance;
  });
  const attachments = servers.map((server: unknown) => {
    if (typeof server !== 'object' || server === null || Array.isArray(server)) return server;
    const { ServerId, Weight } = server as Json;
    return Weight === undefined ? { ServerId } : { ServerId, Weight };
  });
  return { ...scenario, version: 4, ecsInstances: instances, backendServers: attachments };
}

export function scenarioVersionOf(input: Json): unknown {
  return input['version'] === undefined ? 1 : input['version'];
}

export function migrateScenario(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  let scenario: Json = { ...(input as Json) };
  let version = scenarioVersionOf(scenario);
  while (typeof version === 'number' && version < SCENARIO_VERSION) {
    const step = STEPS[version];
    if (!step) break; // no path from this version: the schema reports `version`
    scenario = step({ ...scenario });
    version = scenario['version'];
  }
  return scenario;
}
