import type { z } from 'zod';
import type { MasterSlaveServerGroup } from './master-slave-schema';
import type { backendServerSchema, clientPopulationSchema, listenerSchema, loadBalancerAttributesSchema, ScenarioFile } from './schema';
import type { VServerGroup } from './l7-schema';

/**
 * The two shapes of a scenario's load balancers.
 *
 * A file (and every share link and API export) nests: `loadBalancers[]`, each with its listeners,
 * attachments and server groups, as the console and DescribeLoadBalancerAttribute present an
 * instance. In memory the scenario is flat: one list of listeners, one of attachments, one of each
 * kind of server group, every item naming its `LoadBalancerId` — as the API's own Describe answers
 * do. The engine indexes listeners and groups by their position in these lists and reads them
 * alike whichever instance they belong to; the API finds an instance's items by id.
 *
 * `flattenScenario` (run by the schema after validation) and `toScenarioFile` are inverses:
 * `parse(toScenarioFile(parse(x)))` equals `parse(x)` (load-balancers.test.ts).
 */

type OfLoadBalancer<T> = T & { LoadBalancerId: string };
export type LoadBalancerAttributes = z.output<typeof loadBalancerAttributesSchema>;
export type ScenarioListener = OfLoadBalancer<z.output<typeof listenerSchema>>;
export type Attachment = OfLoadBalancer<z.output<typeof backendServerSchema>>;
export type ScenarioVServerGroup = OfLoadBalancer<VServerGroup>;
export type ScenarioMasterSlaveGroup = OfLoadBalancer<MasterSlaveServerGroup>;
export type Population = OfLoadBalancer<Omit<z.output<typeof clientPopulationSchema>, 'LoadBalancerId'>>;

/** The lists that belong to one load balancer, by their name in the file and in memory. */
export const PER_LOAD_BALANCER = ['listeners', 'backendServers', 'vServerGroups', 'masterSlaveServerGroups'] as const;
type PerLoadBalancer = (typeof PER_LOAD_BALANCER)[number];

type FileFields = Omit<ScenarioFile, 'loadBalancers' | 'clients'>;

/** The scenario in memory (see above). */
export type FlatScenario<F = FileFields> = Omit<F, 'loadBalancers' | 'clients'> & {
  loadBalancers: LoadBalancerAttributes[];
  listeners: ScenarioListener[];
  backendServers: Attachment[];
  vServerGroups: ScenarioVServerGroup[];
  masterSlaveServerGroups: ScenarioMasterSlaveGroup[];
  clients: Population[];
};

type Path = (string | number)[];

/** Where each flat item came from in the file: `[loadBalancers, b, list, i]`, by list and flat index. */
export type FilePaths = Record<PerLoadBalancer, Path[]>;

/** The file's nested load balancers as the flat in-memory lists, and where each item was. */
export function flattenScenario<F extends ScenarioFile>(file: F): { scenario: FlatScenario<Omit<F, 'loadBalancers' | 'clients'>>; paths: FilePaths } {
  const { loadBalancers, clients, ...rest } = file;
  const paths: FilePaths = { listeners: [], backendServers: [], vServerGroups: [], masterSlaveServerGroups: [] };
  const lists = { listeners: [] as ScenarioListener[], backendServers: [] as Attachment[], vServerGroups: [] as ScenarioVServerGroup[], masterSlaveServerGroups: [] as ScenarioMasterSlaveGroup[] };
  const attributes = loadBalancers.map((lb, b) => {
    const { listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...own } = lb;
    const tag = <T extends object>(list: PerLoadBalancer, items: readonly T[], into: OfLoadBalancer<T>[]): void => {
      items.forEach((item, i) => {
        into.push({ ...item, LoadBalancerId: own.LoadBalancerId });
        paths[list].push(['loadBalancers', b, list, i]);
      });
    };
    tag('listeners', listeners, lists.listeners);
    tag('backendServers', backendServers, lists.backendServers);
    tag('vServerGroups', vServerGroups, lists.vServerGroups);
    tag('masterSlaveServerGroups', masterSlaveServerGroups, lists.masterSlaveServerGroups);
    return own;
  });
  // A population may leave out its load balancer when there is only one (checkScenario reports it otherwise).
  const only = loadBalancers.length === 1 ? loadBalancers[0]!.LoadBalancerId : '';
  const populations = clients.map(({ LoadBalancerId, ...population }) => ({ ...population, LoadBalancerId: LoadBalancerId ?? only }));
  return { scenario: { ...rest, loadBalancers: attributes, ...lists, clients: populations }, paths };
}

/** A path into the flat scenario (e.g. `listeners.3.Scheduler`) as the path into the file. */
export function toFilePath(paths: FilePaths, path: readonly PropertyKey[]): PropertyKey[] {
  const [list, index, ...rest] = path;
  const at = (PER_LOAD_BALANCER as readonly PropertyKey[]).includes(list!) && typeof index === 'number' ? paths[list as PerLoadBalancer][index] : undefined;
  return at ? [...at, ...rest] : [...path];
}

/** What toScenarioFile makes of a flat scenario: the file's shape, ready for JSON and for parsing again. */
export type ScenarioFileOf<S extends FlatScenario<object>> = Omit<S, PerLoadBalancer | 'loadBalancers'> & {
  loadBalancers: (S['loadBalancers'][number] & {
    listeners: Owned<S['listeners'][number]>[];
    backendServers: Owned<S['backendServers'][number]>[];
    vServerGroups: Owned<S['vServerGroups'][number]>[];
    masterSlaveServerGroups: Owned<S['masterSlaveServerGroups'][number]>[];
  })[];
};
type Owned<T> = Omit<T, 'LoadBalancerId'>;

/** The in-memory scenario as a file: every load balancer with its own lists, ids dropped from items. */
export function toScenarioFile<S extends FlatScenario<object>>(scenario: S): ScenarioFileOf<S> {
  const { listeners, backendServers, vServerGroups, masterSlaveServerGroups, loadBalancers, ...rest } = scenario;
  const mine = <T extends { LoadBalancerId: string }>(items: readonly T[], id: string): Omit<T, 'LoadBalancerId'>[] =>
    items.filter((item) => item.LoadBalancerId === id).map(({ LoadBalancerId: _owner, ...item }) => item);
  return {
    ...rest,
    loadBalancers: loadBalancers.map((lb) => ({
      ...lb,
      listeners: mine(listeners, lb.LoadBalancerId),
      backendServers: mine(backendServers, lb.LoadBalancerId),
      vServerGroups: mine(vServerGroups, lb.LoadBalancerId),
      masterSlaveServerGroups: mine(masterSlaveServerGroups, lb.LoadBalancerId),
    })),
    // The rest spread loses S's own item types to TypeScript; the round-trip test checks the shape.
  } as unknown as ScenarioFileOf<S>;
}

/** The load balancer that owns a listener (or any item naming one). */
export function loadBalancerOf(scenario: Pick<FlatScenario, 'loadBalancers'>, item: { LoadBalancerId: string }): LoadBalancerAttributes {
  const lb = scenario.loadBalancers.find((l) => l.LoadBalancerId === item.LoadBalancerId);
  if (!lb) throw new Error(`no load balancer ${item.LoadBalancerId}`);
  return lb;
}
