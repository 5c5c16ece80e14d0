import type { BackendServer, Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { defined, itemsOf, requireLoadBalancer } from './params';
import { ecsInstances, SERVERS_PER_INSTANCE, serverListParam, type ServerEntry } from './server-entries';

/**
 * Each load balancer's default server group (Slb 2014-05-15: AddBackendServers,
 * SetBackendServers, RemoveBackendServers): ECS instances of the region attached by ServerId, each
 * with a Weight. Listeners without a VServer group send traffic to these servers on their
 * BackendServerPort. Each action answers the resulting list.
 */

const byServerId = (entry: ServerEntry): string => entry.ServerId;

const notAttached = (id: string, loadBalancerId: string): ApiError =>
  new ApiError(400, 'InvalidServerId.NotFound', `The specified server is not found: ${id} is not a backend server of ${loadBalancerId}; add it with AddBackendServers.`);

function serverList(state: ControlPlaneState, params: ActionParams, allowIds = false): ServerEntry[] {
  return serverListParam(state.scenario, params, 'BackendServers', { portRequired: false, keyOf: byServerId, allowIds });
}

/** The API's view of one instance's default server group. */
function answer(scenario: Scenario, loadBalancerId: string): Record<string, unknown> {
  const ips = new Map(ecsInstances(scenario).map((instance) => [instance.ServerId, instance.PrivateIp]));
  return {
    LoadBalancerId: loadBalancerId,
    BackendServers: {
      BackendServer: itemsOf(scenario.backendServers, loadBalancerId).map((s) =>
        defined({ ServerId: s.ServerId, Weight: s.Weight, Type: s.Type, ServerIp: ips.get(s.ServerId), Description: s.Description }),
      ),
    },
  };
}

/** Commits the region's next attachments (every instance's, in one flat list). */
const commit = (state: ControlPlaneState, backendServers: BackendServer[]): void => {
  commitScenario(state, { ...state.scenario, backendServers }, () => 'BackendServers');
};

/**
 * AddBackendServers: attaches up to 20 ECS instances to the instance. Within one request only the
 * first entry of an ECS instance counts; one already attached to this load balancer is refused, as
 * the API does (another load balancer's attachment of the same ECS instance is its own, with its own weight).
 */
export function addBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const servers = serverList(state, params);
  const current = itemsOf(state.scenario.backendServers, lb.LoadBalancerId);
  const attached = new Set(current.map((s) => s.ServerId));
  const again = servers.find((s) => attached.has(s.ServerId));
  if (again !== undefined) {
    throw invalidParameter('BackendServers', `${again.ServerId} is already a backend server of ${lb.LoadBalancerId}; change its weight with SetBackendServers`);
  }
  if (current.length + servers.length > SERVERS_PER_INSTANCE) {
    throw new ApiError(
      400,
      'TooManyBackendServers',
      `${lb.LoadBalancerId} has ${current.length} backend servers; adding ${servers.length} would pass an instance's limit of ${SERVERS_PER_INSTANCE}.`,
    );
  }
  const added = servers.map(
    (s): BackendServer => ({
      ServerId: s.ServerId,
      Weight: s.Weight ?? 100,
      Type: s.Type ?? 'ecs',
      ...(s.Description !== undefined ? { Description: s.Description } : {}),
      LoadBalancerId: lb.LoadBalancerId,
    }),
  );
  commit(state, [...state.scenario.backendServers, ...added]);
  return answer(state.scenario, lb.LoadBalancerId);
}

/** SetBackendServers: sets the weight (and Type, Description when given) of servers attached to the instance. */
export function setBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const servers = serverList(state, params);
  const all = state.scenario.backendServers;
  const attached = new Set(itemsOf(all, lb.LoadBalancerId).map((s) => s.ServerId));
  const absent = servers.find((s) => !attached.has(s.ServerId));
  if (absent !== undefined) throw notAttached(absent.ServerId, lb.LoadBalancerId);
  const changes = new Map(servers.map((s) => [s.ServerId, s]));
  const next = all.map((s): BackendServer => {
    const change = s.LoadBalancerId === lb.LoadBalancerId ? changes.get(s.ServerId) : undefined;
    if (change === undefined) return s;
    const weight = change.Weight ?? s.Weight;
    const type = change.Type ?? s.Type;
    const description = change.Description ?? s.Description;
    if (weight === s.Weight && type === s.Type && description === s.Description) return s;
    return { ...s, Weight: weight, Type: type, ...(description !== undefined ? { Description: description } : {}) };
  });
  if (next.some((s, i) => s !== all[i])) commit(state, next);
  return answer(state.scenario, lb.LoadBalancerId);
}

/**
 * RemoveBackendServers: detaches servers from the instance; `BackendServers` lists objects with a
 * ServerId or, as the API's older form, plain ServerIds (`["i-a","i-b"]`). Every one must be attached.
 */
export function removeBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const servers = serverList(state, params, true);
  const all = state.scenario.backendServers;
  const attached = new Set(itemsOf(all, lb.LoadBalancerId).map((s) => s.ServerId));
  const absent = servers.find((s) => !attached.has(s.ServerId));
  if (absent !== undefined) throw notAttached(absent.ServerId, lb.LoadBalancerId);
  const doomed = new Set(servers.map(byServerId));
  commit(
    state,
    all.filter((s) => s.LoadBalancerId !== lb.LoadBalancerId || !doomed.has(s.ServerId)),
  );
  return answer(state.scenario, lb.LoadBalancerId);
}

export const BACKEND_SERVER_ACTIONS: ActionTable = {
  AddBackendServers: addBackendServers,
  SetBackendServers: setBackendServers,
  RemoveBackendServers: removeBackendServers,
};
