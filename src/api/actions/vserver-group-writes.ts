import type { Scenario, VServerGroupSpec } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { checkRegion, itemsOf, requiredParam, requireLoadBalancer, scenarioRegion } from './params';
import { SERVERS_PER_INSTANCE, serverListParam, type ServerEntry } from './server-entries';

/**
 * VServer groups (Slb 2014-05-15): CreateVServerGroup, SetVServerGroupAttribute,
 * Add/Remove/ModifyVServerGroupBackendServers, DeleteVServerGroup. A group's servers are ECS
 * instances by ServerId, each on its own Port with its own Weight; the same instance may be in a
 * group on several ports.
 */

type Member = VServerGroupSpec['BackendServers'][number];

/** The API's answer for an unknown group: HTTP 404 with code InvalidParameter (SLB error center). */
export const vServerGroupNotFound = (id: string): ApiError =>
  new ApiError(404, 'InvalidParameter', `The specified VServerGroupId does not exist: "${id}".`);

/**
 * The group with this id, or the API's 404. With `loadBalancerId` (a listener or rule naming the
 * group it forwards to), the group must be that instance's: another instance's group is not found
 * for it either, with a message saying whose it is.
 */
export function requireVServerGroup(state: ControlPlaneState, id: string, loadBalancerId?: string): { group: VServerGroupSpec; index: number } {
  const index = state.scenario.vServerGroups.findIndex((g) => g.VServerGroupId === id);
  const group = state.scenario.vServerGroups[index];
  if (group === undefined) throw vServerGroupNotFound(id);
  if (loadBalancerId !== undefined && group.LoadBalancerId !== loadBalancerId) {
    throw new ApiError(
      404,
      'InvalidParameter',
      `The specified VServerGroupId does not exist: "${id}" is a VServer group of ${group.LoadBalancerId}, not of ${loadBalancerId}; a listener forwards only to its own instance's groups.`,
    );
  }
  return { group, index };
}

/** VServerGroupId (required) and RegionId (optional: another region's groups are not found). */
function requireGroupParam(state: ControlPlaneState, params: ActionParams): { group: VServerGroupSpec; index: number } {
  const region = checkRegion(params);
  const id = requiredParam(params, 'VServerGroupId');
  if (region !== undefined && region !== scenarioRegion(state.scenario)) throw vServerGroupNotFound(id);
  return requireVServerGroup(state, id);
}

/** VServerGroupName: at most 80 characters, no control characters. */
function nameParam(params: ActionParams): string | undefined {
  const name = params['VServerGroupName'];
  if (name === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (name.length > 80 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw invalidParameter('VServerGroupName', 'must be at most 80 characters without control characters');
  }
  return name;
}

const memberKey = (s: { ServerId: string; Port?: number }): string => `${s.ServerId}:${s.Port ?? ''}`;
const describeMember = (s: { ServerId: string; Port?: number }): string => `${s.ServerId} on port ${s.Port}`;

function groupServers(state: ControlPlaneState, params: ActionParams, name: string): ServerEntry[] {
  return serverListParam(state.scenario, params, name, { portRequired: true, keyOf: memberKey });
}

/** A VServer group holds ECS instances only: the scenario has no elastic network interfaces. */
function checkEcsOnly(servers: readonly ServerEntry[], name: string): void {
  const eni = servers.findIndex((s) => s.Type === 'eni');
  if (eni >= 0) throw invalidParameter(`${name}[${eni}].Type`, 'the simulator\'s VServer groups hold ECS instances (Type ecs) only');
}

function checkGroupSize(size: number, name: string): void {
  if (size > SERVERS_PER_INSTANCE) {
    throw new ApiError(400, 'TooManyBackendServers', `The VServer group would hold ${size} servers through "${name}"; at most ${SERVERS_PER_INSTANCE}.`);
  }
}

const toMember = (s: ServerEntry): Member => ({ ServerId: s.ServerId, Port: s.Port!, Weight: s.Weight ?? 100 });

/** The API's view of a group's servers. */
function serversBody(members: readonly Member[]): { BackendServer: Record<string, unknown>[] } {
  return { BackendServer: members.map((s) => ({ ServerId: s.ServerId, Port: s.Port, Weight: s.Weight, Type: 'ecs' })) };
}

/** Next free `rsp-simN` id, derived from the scenario alone so a replayed journal gets the same ids. */
export function nextGroupId(scenario: Scenario): string {
  let highest = 0;
  // Master-slave groups share the rsp- ids, so both kinds count.
  for (const id of [...scenario.vServerGroups.map((g) => g.VServerGroupId), ...scenario.masterSlaveServerGroups.map((g) => g.MasterSlaveServerGroupId)]) {
    const match = /^rsp-sim(\d+)$/.exec(id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `rsp-sim${String(highest + 1).padStart(4, '0')}`;
}

function withGroup(scenario: Scenario, index: number, group: VServerGroupSpec): Scenario {
  return { ...scenario, vServerGroups: scenario.vServerGroups.map((g, i) => (i === index ? group : g)) };
}

/** Maps a failing scenario path to the parameter the caller sent. */
const fieldOf =
  (serversParam: string) =>
  (path: string): string =>
    path.includes('BackendServers') ? serversParam : path.endsWith('VServerGroupName') ? 'VServerGroupName' : 'VServerGroupId';

/** CreateVServerGroup: a new group of the instance, optionally with servers (at most 20 per call). */
export function createVServerGroup(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const name = nameParam(params) ?? '';
  const servers = params['BackendServers'] === undefined ? [] : groupServers(state, params, 'BackendServers');
  checkEcsOnly(servers, 'BackendServers');
  if (itemsOf(state.scenario.vServerGroups, lb.LoadBalancerId).length >= 200) {
    throw new ApiError(400, 'OverQuota', `${lb.LoadBalancerId} already has 200 VServer groups, an instance's limit.`);
  }
  const group: VServerGroupSpec = { VServerGroupId: nextGroupId(state.scenario), VServerGroupName: name, BackendServers: servers.map(toMember), LoadBalancerId: lb.LoadBalancerId };
  const next = { ...state.scenario, vServerGroups: [...state.scenario.vServerGroups, group] };
  commitScenario(state, next, fieldOf('BackendServers'));
  return { VServerGroupId: group.VServerGroupId, BackendServers: serversBody(group.BackendServers) };
}

/**
 * SetVServerGroupAttribute: renames the group and/or sets the weights of servers already in it
 * (by ServerId and Port). Adding or removing servers is Add/RemoveVServerGroupBackendServers.
 */
export function setVServerGroupAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { group, index } = requireGroupParam(state, params);
  const name = nameParam(params);
  const servers = params['BackendServers'] === undefined ? [] : groupServers(state, params, 'BackendServers');
  const weights = new Map(servers.map((s) => [memberKey(s), s.Weight]));
  const present = new Set(group.BackendServers.map(memberKey));
  const absent = servers.find((s) => !present.has(memberKey(s)));
  if (absent !== undefined) {
    throw new ApiError(400, 'InvalidServerId.NotFound', `The specified server is not found: ${describeMember(absent)} is not in ${group.VServerGroupId}; add it with AddVServerGroupBackendServers.`);
  }
  const updated: VServerGroupSpec = {
    ...group,
    VServerGroupName: name ?? group.VServerGroupName,
    BackendServers: group.BackendServers.map((s) => ({ ...s, Weight: weights.get(memberKey(s)) ?? s.Weight })),
  };
  const changed = updated.VServerGroupName !== group.VServerGroupName || updated.BackendServers.some((s, i) => s.Weight !== group.BackendServers[i]!.Weight);
  if (changed) commitScenario(state, withGroup(state.scenario, index, updated), fieldOf('BackendServers'));
  return {
    VServerGroupId: updated.VServerGroupId,
    VServerGroupName: updated.VServerGroupName,
    BackendServers: serversBody(updated.BackendServers),
  };
}

/** AddVServerGroupBackendServers: servers not yet in the group (ServerId and Port). */
export function addVServerGroupBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { group, index } = requireGroupParam(state, params);
  const servers = groupServers(state, params, 'BackendServers');
  checkEcsOnly(servers, 'BackendServers');
  const present = new Set(group.BackendServers.map(memberKey));
  const already = servers.find((s) => present.has(memberKey(s)));
  if (already !== undefined) {
    throw invalidParameter('BackendServers', `${describeMember(already)} is already in ${group.VServerGroupId}; change its weight with SetVServerGroupAttribute`);
  }
  checkGroupSize(group.BackendServers.length + servers.length, 'BackendServers');
  const updated = { ...group, BackendServers: [...group.BackendServers, ...servers.map(toMember)] };
  commitScenario(state, withGroup(state.scenario, index, updated), fieldOf('BackendServers'));
  return { VServerGroupId: group.VServerGroupId, BackendServers: serversBody(updated.BackendServers) };
}

/** RemoveVServerGroupBackendServers: servers of the group (ServerId and Port); answers those left. */
export function removeVServerGroupBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { group, index } = requireGroupParam(state, params);
  const servers = groupServers(state, params, 'BackendServers');
  const present = new Set(group.BackendServers.map(memberKey));
  const absent = servers.find((s) => !present.has(memberKey(s)));
  if (absent !== undefined) {
    throw new ApiError(400, 'InvalidServerId.NotFound', `The specified server is not found: ${describeMember(absent)} is not in ${group.VServerGroupId}.`);
  }
  const doomed = new Set(servers.map(memberKey));
  const updated = { ...group, BackendServers: group.BackendServers.filter((s) => !doomed.has(memberKey(s))) };
  commitScenario(state, withGroup(state.scenario, index, updated), fieldOf('BackendServers'));
  return { VServerGroupId: group.VServerGroupId, BackendServers: serversBody(updated.BackendServers) };
}

/**
 * ModifyVServerGroupBackendServers: replaces the servers in OldBackendServers (which must be in
 * the group) by those in NewBackendServers (which must not be, once the old ones are gone).
 */
export function modifyVServerGroupBackendServers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { group, index } = requireGroupParam(state, params);
  const old = groupServers(state, params, 'OldBackendServers');
  const replacements = groupServers(state, params, 'NewBackendServers');
  checkEcsOnly(replacements, 'NewBackendServers');
  const present = new Set(group.BackendServers.map(memberKey));
  const absent = old.find((s) => !present.has(memberKey(s)));
  if (absent !== undefined) {
    throw new ApiError(400, 'InvalidServerId.NotFound', `The specified server is not found: ${describeMember(absent)} (OldBackendServers) is not in ${group.VServerGroupId}.`);
  }
  const doomed = new Set(old.map(memberKey));
  const kept = group.BackendServers.filter((s) => !doomed.has(memberKey(s)));
  const keptKeys = new Set(kept.map(memberKey));
  const clash = replacements.find((s) => keptKeys.has(memberKey(s)));
  if (clash !== undefined) {
    throw invalidParameter('NewBackendServers', `${describeMember(clash)} is already in ${group.VServerGroupId} and not being replaced`);
  }
  checkGroupSize(kept.length + replacements.length, 'NewBackendServers');
  const updated = { ...group, BackendServers: [...kept, ...replacements.map(toMember)] };
  commitScenario(state, withGroup(state.scenario, index, updated), fieldOf('NewBackendServers'));
  return { VServerGroupId: group.VServerGroupId, BackendServers: serversBody(updated.BackendServers) };
}

/** DeleteVServerGroup: refused while a listener or a forwarding rule sends traffic to the group. */
export function deleteVServerGroup(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { group } = requireGroupParam(state, params);
  const id = group.VServerGroupId;
  const listener = state.scenario.listeners.find((l) => l.VServerGroupId === id);
  if (listener !== undefined) {
    throw new ApiError(
      400,
      'RspoolVipExist',
      `There are listeners associated with this VServer group: the ${listener.ListenerProtocol.toUpperCase()} listener on port ${listener.ListenerPort} uses ${id}; change its VServerGroupId first.`,
    );
  }
  for (const l of state.scenario.listeners) {
    const rule = (l.Rules ?? []).find((r) => r.VServerGroupId === id);
    if (rule !== undefined) {
      throw new ApiError(400, 'RspoolRuleExist', `There are rules associated with this VServer group: ${rule.RuleId} on port ${l.ListenerPort} forwards to ${id}; delete the rule or point it elsewhere first.`);
    }
  }
  const next = { ...state.scenario, vServerGroups: state.scenario.vServerGroups.filter((g) => g.VServerGroupId !== id) };
  commitScenario(state, next, fieldOf('BackendServers'));
  return {};
}

export const VSERVER_GROUP_ACTIONS: ActionTable = {
  CreateVServerGroup: createVServerGroup,
  SetVServerGroupAttribute: setVServerGroupAttribute,
  AddVServerGroupBackendServers: addVServerGroupBackendServers,
  RemoveVServerGroupBackendServers: removeVServerGroupBackendServers,
  ModifyVServerGroupBackendServers: modifyVServerGroupBackendServers,
  DeleteVServerGroup: deleteVServerGroup,
};
