import type { Listener, Scenario } from '../../scenario/schema';
import { invalidParameter } from '../errors';
import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';
import { defined, itemsOf, portParam, requireLoadBalancer } from './params';

const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'http', 'https'];

/**
 * DescribeHealthStatus (Slb 2014-05-15): each backend server of each listener (or of the one on
 * ListenerPort) with the verdict of the simulation's health checks: normal, abnormal, or
 * unavailable (not checked yet, checks off, or no simulation running).
 */
export function describeHealthStatus(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const port = portParam(params, 'ListenerPort', false);
  const protocol = params['ListenerProtocol'];
  if (protocol !== undefined && !PROTOCOLS.includes(protocol))
    throw invalidParameter('ListenerProtocol', `"${protocol}" must be one of ${PROTOCOLS.join(', ')}`);
  const { scenario } = state;
  // The simulation's tables hold every listener and ECS instance the run ever has
  // (engine/config/align.ts), so they are found by load balancer, listener port and protocol and
  // by ServerId, not by position in this configuration. A listener the simulation does not know
  // (another scenario's, or none running) is unavailable.
  const sim = state.simulation;

  const servers: Record<string, unknown>[] = [];
  itemsOf(scenario.listeners, lb.LoadBalancerId).forEach((listener) => {
    if ((port !== undefined && listener.ListenerPort !== port) || (protocol !== undefined && listener.ListenerProtocol !== protocol))
      return;
    const l = sim
      ? sim.scenario.listeners.findIndex((s) => s.LoadBalancerId === listener.LoadBalancerId && s.ListenerPort === listener.ListenerPort && s.ListenerProtocol === listener.ListenerProtocol)
      : -1;
    for (const { serverId, port: backendPort } of listenerServers(scenario, listener)) {
      const b = scenario.ecsInstances.findIndex((s) => s.ServerId === serverId);
      const simB = sim ? sim.scenario.ecsInstances.findIndex((s) => s.ServerId === serverId) : -1;
      const status = sim && l >= 0 && simB >= 0 ? sim.health.statusName(l, simB) : 'unavailable';
      servers.push(
        defined({
          ServerId: serverId,
          ServerIp: b >= 0 ? scenario.ecsInstances[b]!.PrivateIp : undefined,
          Port: backendPort,
          ListenerPort: listener.ListenerPort,
          Protocol: listener.ListenerProtocol,
          ServerHealthStatus: status,
        }),
      );
    }
  });
  return { BackendServers: { BackendServer: servers } };
}

/**
 * Who serves a listener: its master-slave group (TCP/UDP), its VServer group and its rules' groups (HTTP/HTTPS), else the default
 * server group (every backend, on BackendServerPort). Each server and port once.
 */
function listenerServers(scenario: Scenario, listener: Listener): { serverId: string; port: number }[] {
  const groupIds = [listener.VServerGroupId, ...(listener.Rules ?? []).map((r) => r.VServerGroupId)].filter(
    (id): id is string => id !== undefined,
  );
  const entries: { serverId: string; port: number }[] = [];
  const pair = itemsOf(scenario.masterSlaveServerGroups, listener.LoadBalancerId).find((g) => g.MasterSlaveServerGroupId === listener.MasterSlaveServerGroupId);
  // A master-slave listener is served by its pair only (both are checked), each on its own port.
  if (pair !== undefined) return pair.MasterSlaveBackendServers.map((s) => ({ serverId: s.ServerId, port: s.Port }));
  if (listener.VServerGroupId === undefined) {
    for (const s of itemsOf(scenario.backendServers, listener.LoadBalancerId)) entries.push({ serverId: s.ServerId, port: listener.BackendServerPort });
  }
  for (const id of groupIds) {
    const group = itemsOf(scenario.vServerGroups, listener.LoadBalancerId).find((g) => g.VServerGroupId === id);
    for (const s of group?.BackendServers ?? []) entries.push({ serverId: s.ServerId, port: s.Port });
  }
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.serverId}:${e.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
