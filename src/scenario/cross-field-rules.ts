import type { z } from 'zod';
import { MAX_RATE_PER_S } from './engine-limits';
import type { ScenarioFields } from './schema';

/**
 * The rules of a scenario that span several fields (DOMAIN §2, §5, §6 and the SLB API's own
 * checks): unique listener ports, ports UDP cannot use, references between backends, EIPs, NAT
 * gateways, workloads, inbound flows, faults and client populations, and rates the engine can keep.
 */
export function checkScenario(scenario: ScenarioFields, ctx: z.RefinementCtx): void {
  const ports = new Set<number>();
  scenario.listeners.forEach((listener, i) => {
    if (ports.has(listener.ListenerPort)) {
      ctx.addIssue({
        code: 'custom',
        path: ['listeners', i, 'ListenerPort'],
        message: `port ${listener.ListenerPort} is used by another listener (ListenerAlreadyExists)`,
      });
    }
    ports.add(listener.ListenerPort);
    if (listener.ListenerProtocol === 'udp' && [250, 4789, 4790].includes(listener.ListenerPort)) {
      ctx.addIssue({ code: 'custom', path: ['listeners', i, 'ListenerPort'], message: 'UDP listeners cannot use ports 250, 4789 or 4790' });
    }
  });
  const ids = new Set<string>();
  scenario.backendServers.forEach((server, i) => {
    if (ids.has(server.ServerId)) {
      ctx.addIssue({ code: 'custom', path: ['backendServers', i, 'ServerId'], message: `${server.ServerId} is listed twice` });
    }
    ids.add(server.ServerId);
  });
  scenario.egress.eips.forEach((eip, i) => {
    if (!ids.has(eip.InstanceId))
      ctx.addIssue({ code: 'custom', path: ['egress', 'eips', i, 'InstanceId'], message: `no backend server ${eip.InstanceId}` });
  });
  scenario.egress.natGateways.forEach((nat, i) => {
    nat.snatServerIds.forEach((id, j) => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['egress', 'natGateways', i, 'snatServerIds', j], message: `no backend server ${id}` });
    });
    nat.dnatEntries.forEach((entry, j) => {
      if (!ids.has(entry.ServerId))
        ctx.addIssue({
          code: 'custom',
          path: ['egress', 'natGateways', i, 'dnatEntries', j, 'ServerId'],
          message: `no backend server ${entry.ServerId}`,
        });
    });
  });
  scenario.egress.workloads.forEach((workload, i) => {
    workload.serverIds.forEach((id, j) => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['egress', 'workloads', i, 'serverIds', j], message: `no backend server ${id}` });
    });
  });
  scenario.egress.inbound.forEach((flow, i) => {
    const [natId, port] = flow.target.split(':');
    const toEip = scenario.egress.eips.some((e) => e.AllocationId === flow.target);
    const toDnat = scenario.egress.natGateways.some(
      (n) => n.NatGatewayId === natId && n.dnatEntries.some((d) => String(d.ExternalPort) === port),
    );
    if (!toEip && !toDnat) {
      ctx.addIssue({
        code: 'custom',
        path: ['egress', 'inbound', i, 'target'],
        message: 'must be an EIP AllocationId bound to a backend, or NatGatewayId:ExternalPort of a DNAT entry',
      });
    }
  });
  scenario.faults.forEach((fault, i) => {
    const lvsFault = ['crash', 'upgrade', 'recover'].includes(fault.action);
    const backendFault = fault.action.startsWith('backend-');
    if (lvsFault) {
      const match = /^lvs-(\d+)$/.exec(fault.target ?? '');
      if (!match || Number(match[1]) < 1 || Number(match[1]) > scenario.cluster.lvsNodes) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', i, 'target'],
          message: `must name an LVS node lvs-1…lvs-${scenario.cluster.lvsNodes}`,
        });
      }
    }
    if (backendFault && !ids.has(fault.target ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'target'], message: 'must name a backend ServerId of this scenario' });
    }
    if (fault.action === 'backend-weight' && fault.weight === undefined) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'weight'], message: 'backend-weight needs a weight (0–100)' });
    }
  });
  scenario.clients.forEach((population, i) => {
    const listener = scenario.listeners.find((l) => l.ListenerPort === population.ListenerPort);
    if (!listener) {
      ctx.addIssue({ code: 'custom', path: ['clients', i, 'ListenerPort'], message: `no listener on port ${population.ListenerPort}` });
    } else if (population.addressChangeAfterDatagrams !== undefined && listener.ListenerProtocol !== 'udp') {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', i, 'addressChangeAfterDatagrams'],
        message: `only for UDP flows: the listener on port ${population.ListenerPort} is ${listener.ListenerProtocol.toUpperCase()}`,
      });
    }
    const { arrival } = population;
    if (arrival.type === 'burst' && arrival.burstSize / arrival.burstEverySeconds > MAX_RATE_PER_S) {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', i, 'arrival', 'burstEverySeconds'],
        message: `${arrival.burstSize} connections every ${arrival.burstEverySeconds} s average ${Math.round(arrival.burstSize / arrival.burstEverySeconds).toLocaleString('en-US')}/s; at most 1,000,000/s (one per µs): use a larger burstEverySeconds or a smaller burstSize`,
      });
    }
  });
}
