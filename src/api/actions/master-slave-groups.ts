import type { MasterSlaveBackendServer } from '../../scenario/master-slave-schema';
import type { ScenarioMasterSlaveGroup as MasterSlaveServerGroup } from '../../scenario/load-balancers';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { entryName, jsonObjectListParam, stringField } from './json-list';
import { booleanParam, checkRegion, defined, itemsOf, requiredParam, requireLoadBalancer, scenarioRegion } from './params';
import { parseServerEntry, SERVER_FIELDS, serverNotFound } from './server-entries';
import { nextGroupId } from './vserver-group-writes';

/**
 * Master-slave (primary/secondary) server groups, Slb 2014-05-15: CreateMasterSlaveServerGroup,
 * DescribeMasterSlaveServerGroups, DescribeMasterSlaveServerGroupAttribute,
 * DeleteMasterSlaveServerGroup. A group is two servers, one Master and one Slave, and cannot be
 * changed once created (the API has no action for it). TCP/UDP listeners use one through their
 * MasterSlaveServerGroupId (listener-params.ts).
 */

const LIST = 'MasterSlaveBackendServers';
const FIELDS = [...SERVER_FIELDS, 'ServerType'] as const;
/** Groups per instance: the VServer groups' quota. */
const MAX_GROUPS = 200;

/** An unknown group: HTTP 404 with InvalidParameter, as the API answers for an unknown VServer group. */
export const masterSlaveGroupNotFound = (id: string): ApiError =>
  new ApiError(404, 'InvalidParameter', `The specified MasterSlaveServerGroupId does not exist: "${id}".`);

/** MasterSlaveServerGroupId (required) and RegionId (optional: another region's groups are not found). */
function requireGroup(state: ControlPlaneState, params: ActionParams): MasterSlaveServerGroup {
  const region = checkRegion(params);
  const id = requiredParam(params, 'MasterSlaveServerGroupId');
  const group = state.scenario.masterSlaveServerGroups.find((g) => g.MasterSlaveServerGroupId === id);
  if (group === undefined || (region !== undefined && region !== scenarioRegion(state.scenario))) throw masterSlaveGroupNotFound(id);
  return group;
}

/** MasterSlaveServerGroupName: optional, at most 80 characters, no control characters. */
function nameParam(params: ActionParams): string {
  const name = params['MasterSlaveServerGroupName'] ?? '';
  // eslint-disable-next-line no-control-regex
  if (name.length > 80 || /[\u0000-\u001f\u007f]/.test(name)) throw invalidParameter('MasterSlaveServerGroupName', 'must be at most 80 characters without control characters');
  return name;
}

/**
 * MasterSlaveBackendServers: a JSON list of exactly two `{ServerId, Port, Weight, ServerType, Type,
 * ServerIp, Description}`, one Master (the default) and one Slave, two different ECS instances.
 */
function serversParam(state: ControlPlaneState, params: ActionParams): MasterSlaveBackendServer[] {
  const entries = jsonObjectListParam(params, LIST, { malformedCode: 'BackendServersMalformed', max: 2, tooMany: (count) => exactlyTwo(count) }, FIELDS);
  if (entries.length !== 2) throw exactlyTwo(entries.length);
  const instances = new Map(state.scenario.ecsInstances.map((s) => [s.ServerId, s]));
  const servers = entries.map((entry, i): MasterSlaveBackendServer => {
    const { ServerType: _type, ...rest } = entry;
    const parsed = parseServerEntry(rest, LIST, i, true);
    const instance = instances.get(parsed.ServerId);
    if (instance === undefined) throw serverNotFound(parsed.ServerId);
    if (parsed.ServerIp !== undefined && parsed.ServerIp !== instance.PrivateIp)
      throw invalidParameter(entryName(LIST, i, 'ServerIp'), `${parsed.ServerIp} is not the address of ${parsed.ServerId} (${instance.PrivateIp})`);
    if (parsed.Type === 'eni') throw invalidParameter(entryName(LIST, i, 'Type'), "the simulator's master-slave groups hold ECS instances (Type ecs) only");
    const type = stringField(entry, 'ServerType', entryName(LIST, i, 'ServerType'), 'BackendServersMalformed') ?? 'Master';
    if (type !== 'Master' && type !== 'Slave') throw invalidParameter(entryName(LIST, i, 'ServerType'), `"${type}" must be Master or Slave`);
    return { ServerId: parsed.ServerId, Port: parsed.Port!, Weight: parsed.Weight ?? 100, ServerType: type };
  });
  if (servers[0]!.ServerType === servers[1]!.ServerType) {
    throw invalidParameter(entryName(LIST, 1, 'ServerType'), `a master-slave server group has one Master and one Slave; both servers are ${servers[0]!.ServerType} (ServerType defaults to Master)`);
  }
  if (servers[0]!.ServerId === servers[1]!.ServerId) {
    throw invalidParameter(entryName(LIST, 1, 'ServerId'), `master and slave must be two different ECS instances; both are ${servers[0]!.ServerId}`);
  }
  return servers;
}

const exactlyTwo = (count: number): ApiError =>
  invalidParameter(LIST, `a master-slave server group has exactly 2 servers, one Master and one Slave; got ${count}`);

/** The API's view of the group's servers. */
function serversBody(state: ControlPlaneState, group: MasterSlaveServerGroup): { MasterSlaveBackendServer: Record<string, unknown>[] } {
  const ips = new Map(state.scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  return {
    MasterSlaveBackendServer: group.MasterSlaveBackendServers.map((s) =>
      defined({ ServerId: s.ServerId, Port: s.Port, Weight: s.Weight, Type: 'ecs', ServerType: s.ServerType, ServerIp: ips.get(s.ServerId) }),
    ),
  };
}

/** CreateMasterSlaveServerGroup: a new group of two servers, one Master and one Slave. */
export function createMasterSlaveServerGroup(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const name = nameParam(params);
  const servers = serversParam(state, params);
  if (itemsOf(state.scenario.masterSlaveServerGroups, lb.LoadBalancerId).length >= MAX_GROUPS) {
    throw new ApiError(400, 'OverQuota', `${lb.LoadBalancerId} already has ${MAX_GROUPS} master-slave server groups, an instance's limit.`);
  }
  const group: MasterSlaveServerGroup = {
    MasterSlaveServerGroupId: nextGroupId(state.scenario),
    MasterSlaveServerGroupName: name,
    MasterSlaveBackendServers: servers,
    LoadBalancerId: lb.LoadBalancerId,
  };
  commitScenario(state, { ...state.scenario, masterSlaveServerGroups: [...state.scenario.masterSlaveServerGroups, group] }, (path) =>
    path.includes('MasterSlaveBackendServers') ? LIST : path.endsWith('Name') ? 'MasterSlaveServerGroupName' : 'MasterSlaveServerGroupId',
  );
  return { MasterSlaveServerGroupId: group.MasterSlaveServerGroupId, MasterSlaveBackendServers: serversBody(state, group) };
}

/** DescribeMasterSlaveServerGroups: the instance's groups; with IncludeListener, the listeners that use each. */
export function describeMasterSlaveServerGroups(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const includeListener = booleanParam(params, 'IncludeListener');
  const groups = itemsOf(state.scenario.masterSlaveServerGroups, lb.LoadBalancerId).map((group) => {
    const using = itemsOf(state.scenario.listeners, lb.LoadBalancerId).filter((l) => l.MasterSlaveServerGroupId === group.MasterSlaveServerGroupId);
    return {
      MasterSlaveServerGroupId: group.MasterSlaveServerGroupId,
      MasterSlaveServerGroupName: group.MasterSlaveServerGroupName,
      CreateTime: state.createTime,
      ...(includeListener ? { AssociatedObjects: { Listeners: { Listener: using.map((l) => ({ Port: l.ListenerPort, Protocol: l.ListenerProtocol })) } } } : {}),
    };
  });
  return { MasterSlaveServerGroups: { MasterSlaveServerGroup: groups } };
}

/** DescribeMasterSlaveServerGroupAttribute: one group and its two servers. */
export function describeMasterSlaveServerGroupAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const group = requireGroup(state, params);
  return {
    MasterSlaveServerGroupId: group.MasterSlaveServerGroupId,
    MasterSlaveServerGroupName: group.MasterSlaveServerGroupName,
    LoadBalancerId: group.LoadBalancerId,
    CreateTime: state.createTime,
    MasterSlaveBackendServers: serversBody(state, group),
  };
}

/** DeleteMasterSlaveServerGroup: refused while a listener uses the group (RspoolVipExist, the API's code). */
export function deleteMasterSlaveServerGroup(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const group = requireGroup(state, params);
  const id = group.MasterSlaveServerGroupId;
  const listener = state.scenario.listeners.find((l) => l.MasterSlaveServerGroupId === id);
  if (listener !== undefined) {
    throw new ApiError(
      400,
      'RspoolVipExist',
      `There are listeners associated with this master-slave server group: the ${listener.ListenerProtocol.toUpperCase()} listener on port ${listener.ListenerPort} uses ${id}; set its MasterSlaveServerGroup off first.`,
    );
  }
  commitScenario(state, { ...state.scenario, masterSlaveServerGroups: state.scenario.masterSlaveServerGroups.filter((g) => g.MasterSlaveServerGroupId !== id) });
  return {};
}

export const MASTER_SLAVE_ACTIONS: ActionTable = {
  CreateMasterSlaveServerGroup: createMasterSlaveServerGroup,
  DescribeMasterSlaveServerGroups: describeMasterSlaveServerGroups,
  DescribeMasterSlaveServerGroupAttribute: describeMasterSlaveServerGroupAttribute,
  DeleteMasterSlaveServerGroup: deleteMasterSlaveServerGroup,
};

/**
 * A TCP/UDP listener request's master-slave fields: `MasterSlaveServerGroupId` must name a group
 * (404 as the API answers an unknown group); Set's `MasterSlaveServerGroup` (on/off) is not a
 * listener field: `off` takes the listener back to the default server group (and cannot come with
 * a MasterSlaveServerGroupId), `on` needs a group, given or already set. Returns the listener
 * fields to merge and whether the listener's group is to be dropped.
 */
export function masterSlaveListenerFields(
  state: ControlPlaneState,
  loadBalancerId: string,
  fields: Record<string, unknown>,
  current: { MasterSlaveServerGroupId?: string | undefined } = {},
): { fields: Record<string, unknown>; dropGroup: boolean } {
  const { MasterSlaveServerGroup: useGroup, ...rest } = fields;
  const id = rest['MasterSlaveServerGroupId'];
  if (typeof id === 'string') {
    const group = state.scenario.masterSlaveServerGroups.find((g) => g.MasterSlaveServerGroupId === id);
    if (group === undefined) throw masterSlaveGroupNotFound(id);
    if (group.LoadBalancerId !== loadBalancerId) {
      throw new ApiError(
        404,
        'InvalidParameter',
        `The specified MasterSlaveServerGroupId does not exist: "${id}" is a master-slave server group of ${group.LoadBalancerId}, not of ${loadBalancerId}; a listener forwards only to its own instance's groups.`,
      );
    }
  }
  if (useGroup === 'off' && id !== undefined) throw invalidParameter('MasterSlaveServerGroup', 'off takes the listener off its master-slave server group; leave MasterSlaveServerGroupId out');
  if (useGroup === 'on' && id === undefined && current.MasterSlaveServerGroupId === undefined) {
    throw invalidParameter('MasterSlaveServerGroup', 'on needs MasterSlaveServerGroupId: the listener has no master-slave server group');
  }
  return { fields: rest, dropGroup: useGroup === 'off' };
}
