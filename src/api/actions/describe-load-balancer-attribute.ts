import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';
import { loadBalancerSummary } from './describe-load-balancers';
import { defined, itemsOf, requireLoadBalancer } from './params';

/**
 * DescribeLoadBalancerAttribute (Slb 2014-05-15): one instance's fields, its listeners' ports and
 * protocols, and the servers of its default server group.
 */
export function describeLoadBalancerAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const listeners = itemsOf(state.scenario.listeners, lb.LoadBalancerId);
  const backendServers = itemsOf(state.scenario.backendServers, lb.LoadBalancerId);
  const { ecsInstances } = state.scenario;
  const ipOf = new Map(ecsInstances.map((instance) => [instance.ServerId, instance.PrivateIp]));
  const portsAndProtocols = listeners.map((l) =>
    defined({
      ListenerPort: l.ListenerPort,
      ListenerProtocol: l.ListenerProtocol,
      ListenerForward: l.ListenerForward,
      ForwardPort: l.ListenerForward === 'on' ? l.ForwardPort : undefined,
    }),
  );
  return {
    ...loadBalancerSummary(state, lb),
    DeleteProtection: lb.DeleteProtection ?? 'off',
    ModificationProtectionStatus: lb.ModificationProtectionStatus ?? 'NonProtection',
    ModificationProtectionReason: lb.ModificationProtectionReason ?? '',
    ListenerPorts: { ListenerPort: listeners.map((l) => l.ListenerPort) },
    ListenerPortsAndProtocol: { ListenerPortAndProtocol: portsAndProtocols },
    // The API also answers the older, misspelt name; clients written against it still read it.
    ListenerPortsAndProtocal: {
      ListenerPortAndProtocal: portsAndProtocols.map((p) => ({ ListenerPort: p['ListenerPort'], ListenerProtocal: p['ListenerProtocol'] })),
    },
    BackendServers: {
      BackendServer: backendServers.map((s) => defined({ ServerId: s.ServerId, Weight: s.Weight, Type: s.Type, ServerIp: ipOf.get(s.ServerId), Description: s.Description })),
    },
  };
}
