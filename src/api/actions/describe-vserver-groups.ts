import { vServerGroupNotFound } from './vserver-group-writes';
import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';
import type { VServerGroupSpec } from '../../scenario/schema';
import { booleanParam, checkRegion, defined, itemsOf, requiredParam, requireLoadBalancer, scenarioRegion } from './params';

/**
 * DescribeVServerGroups (Slb 2014-05-15): one instance's VServer groups; with IncludeListener /
 * IncludeRule, the listeners and forwarding rules that send traffic to each.
 */
export function describeVServerGroups(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const includeListener = booleanParam(params, 'IncludeListener');
  const includeRule = booleanParam(params, 'IncludeRule');
  const listeners = itemsOf(state.scenario.listeners, lb.LoadBalancerId);
  const groups = itemsOf(state.scenario.vServerGroups, lb.LoadBalancerId).map((group) => {
    const associated: Record<string, unknown> = {};
    if (includeListener) {
      const using = listeners.filter((l) => l.VServerGroupId === group.VServerGroupId);
      associated['Listeners'] = { Listener: using.map((l) => ({ Port: l.ListenerPort, Protocol: l.ListenerProtocol })) };
    }
    if (includeRule) {
      const rules = listeners.flatMap((l) => (l.Rules ?? []).filter((r) => r.VServerGroupId === group.VServerGroupId));
      associated['Rules'] = { Rule: rules.map((r) => defined({ RuleId: r.RuleId, RuleName: r.RuleName, Domain: r.Domain, Url: r.Url })) };
    }
    return {
      VServerGroupId: group.VServerGroupId,
      VServerGroupName: group.VServerGroupName,
      ServerCount: group.BackendServers.length,
      CreateTime: state.createTime,
      ...(includeListener || includeRule ? { AssociatedObjects: associated } : {}),
    };
  });
  return { VServerGroups: { VServerGroup: groups } };
}

/** DescribeVServerGroupAttribute (Slb 2014-05-15): one VServer group and its servers. */
export function describeVServerGroupAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const region = checkRegion(params);
  const id = requiredParam(params, 'VServerGroupId');
  const group: VServerGroupSpec | undefined = state.scenario.vServerGroups.find((g) => g.VServerGroupId === id);
  if (group === undefined || (region !== undefined && region !== scenarioRegion(state.scenario))) {
    throw vServerGroupNotFound(id);
  }
  const ips = new Map(state.scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  return {
    VServerGroupId: group.VServerGroupId,
    VServerGroupName: group.VServerGroupName,
    LoadBalancerId: group.LoadBalancerId,
    CreateTime: state.createTime,
    BackendServers: {
      BackendServer: group.BackendServers.map((s) =>
        defined({ ServerId: s.ServerId, Port: s.Port, Weight: s.Weight, Type: 'ecs', ServerIp: ips.get(s.ServerId) }),
      ),
    },
  };
}
