import { checkAcls } from './acl-schema';
import { MAX_RATE_PER_S } from './engine-limits';
import { faultProblem } from './fault-rules';
import type { ScenarioFields, ScenarioFile } from './schema';

/** Where a rule reports a problem: zod's refinement context, or one that moves the path. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/** The listener a population connects to: its load balancer's listener on its port. */
export function populationListener<L extends { LoadBalancerId: string; ListenerPort: number }>(listeners: readonly L[], population: { LoadBalancerId: string; ListenerPort: number }): L | undefined {
  return listeners.find((l) => l.LoadBalancerId === population.LoadBalancerId && l.ListenerPort === population.ListenerPort);
}

/** The load balancers themselves: ids and addresses unique in the region, one region per scenario. */
export function checkLoadBalancers(file: Pick<ScenarioFile, 'loadBalancers'>, ctx: IssueSink): void {
  const ids = new Set<string>();
  const addresses = new Set<string>();
  const region = file.loadBalancers[0]?.RegionId;
  file.loadBalancers.forEach((lb, b) => {
    if (ids.has(lb.LoadBalancerId)) ctx.addIssue({ code: 'custom', path: ['loadBalancers', b, 'LoadBalancerId'], message: `${lb.LoadBalancerId} is listed twice` });
    ids.add(lb.LoadBalancerId);
    if (addresses.has(lb.Address)) ctx.addIssue({ code: 'custom', path: ['loadBalancers', b, 'Address'], message: `${lb.Address} is another load balancer's address; each instance has its own` });
    addresses.add(lb.Address);
    // A scenario is one region: its prices, zones and clusters are the region's.
    if (lb.RegionId !== region) ctx.addIssue({ code: 'custom', path: ['loadBalancers', b, 'RegionId'], message: `all load balancers of a scenario are in one region (${region}); this one is in ${lb.RegionId}` });
  });
}

/**
 * The rules of a scenario that span several fields (DOMAIN §2, §5, §6 and the SLB API's own
 * checks): unique listener ports, ports UDP cannot use, references between backends, EIPs, NAT
 * gateways, workloads, inbound flows, faults and client populations, and rates the engine can keep.
 */
export function checkScenario(scenario: ScenarioFields, ctx: IssueSink): void {
  checkAcls(scenario, ctx);
  const ports = new Set<string>();
  scenario.listeners.forEach((listener, i) => {
    const port = `${listener.LoadBalancerId}:${listener.ListenerPort}`;
    if (ports.has(port)) {
      ctx.addIssue({
        code: 'custom',
        path: ['listeners', i, 'ListenerPort'],
        message: `port ${listener.ListenerPort} is used by another listener of this load balancer (ListenerAlreadyExists)`,
      });
    }
    ports.add(port);
    if (listener.ListenerProtocol === 'udp' && [250, 4789, 4790].includes(listener.ListenerPort)) {
      ctx.addIssue({ code: 'custom', path: ['listeners', i, 'ListenerPort'], message: 'UDP listeners cannot use ports 250, 4789 or 4790' });
    }
  });
  const ids = new Set<string>();
  scenario.ecsInstances.forEach((instance, i) => {
    if (ids.has(instance.ServerId)) {
      ctx.addIssue({ code: 'custom', path: ['ecsInstances', i, 'ServerId'], message: `${instance.ServerId} is listed twice` });
    }
    ids.add(instance.ServerId);
  });
  const attached = new Set<string>();
  scenario.backendServers.forEach((server, i) => {
    const attachment = `${server.LoadBalancerId}:${server.ServerId}`;
    if (!ids.has(server.ServerId)) {
      ctx.addIssue({ code: 'custom', path: ['backendServers', i, 'ServerId'], message: `no ECS instance ${server.ServerId} in ecsInstances` });
    } else if (attached.has(attachment)) {
      ctx.addIssue({ code: 'custom', path: ['backendServers', i, 'ServerId'], message: `${server.ServerId} is attached twice` });
    }
    attached.add(attachment);
  });
  scenario.journal.forEach((entry, i) => {
    const previous = scenario.journal[i - 1];
    if (previous !== undefined && entry.atUs < previous.atUs) {
      ctx.addIssue({ code: 'custom', path: ['journal', i, 'atUs'], message: `journal entries are in time order: ${entry.atUs} µs comes before the previous entry's ${previous.atUs} µs` });
    }
  });
  scenario.egress.eips.forEach((eip, i) => {
    if (!ids.has(eip.InstanceId))
      ctx.addIssue({ code: 'custom', path: ['egress', 'eips', i, 'InstanceId'], message: `no ECS instance ${eip.InstanceId}` });
  });
  scenario.egress.natGateways.forEach((nat, i) => {
    nat.snatServerIds.forEach((id, j) => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['egress', 'natGateways', i, 'snatServerIds', j], message: `no ECS instance ${id}` });
    });
    nat.dnatEntries.forEach((entry, j) => {
      if (!ids.has(entry.ServerId))
        ctx.addIssue({
          code: 'custom',
          path: ['egress', 'natGateways', i, 'dnatEntries', j, 'ServerId'],
          message: `no ECS instance ${entry.ServerId}`,
        });
    });
  });
  scenario.egress.workloads.forEach((workload, i) => {
    workload.serverIds.forEach((id, j) => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['egress', 'workloads', i, 'serverIds', j], message: `no ECS instance ${id}` });
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
    const problem = faultProblem(scenario, fault);
    if (problem) ctx.addIssue({ code: 'custom', path: ['faults', i, problem.field], message: problem.message });
  });
  const lbIds = new Set(scenario.loadBalancers.map((lb) => lb.LoadBalancerId));
  scenario.clients.forEach((population, i) => {
    const listener = populationListener(scenario.listeners, population);
    if (population.LoadBalancerId === '') {
      ctx.addIssue({ code: 'custom', path: ['clients', i, 'LoadBalancerId'], message: `required when the scenario has several load balancers (${[...lbIds].join(', ')})` });
    } else if (!lbIds.has(population.LoadBalancerId)) {
      ctx.addIssue({ code: 'custom', path: ['clients', i, 'LoadBalancerId'], message: `no load balancer ${population.LoadBalancerId}` });
    } else if (!listener) {
      ctx.addIssue({ code: 'custom', path: ['clients', i, 'ListenerPort'], message: `no listener on port ${population.ListenerPort}${lbIds.size > 1 ? ` of ${population.LoadBalancerId}` : ''}` });
    } else if (population.addressChangeAfterDatagrams !== undefined && listener.ListenerProtocol !== 'udp') {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', i, 'addressChangeAfterDatagrams'],
        message: `only for UDP flows: the listener on port ${population.ListenerPort} is ${listener.ListenerProtocol.toUpperCase()}`,
      });
    }
    const { arrival } = population;
    checkPeakRate(arrival, ['clients', i, 'arrival'], ctx);
    if (arrival.type === 'burst' && arrival.burstSize / arrival.burstEverySeconds > MAX_RATE_PER_S) {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', i, 'arrival', 'burstEverySeconds'],
        message: `${arrival.burstSize} connections every ${arrival.burstEverySeconds} s average ${Math.round(arrival.burstSize / arrival.burstEverySeconds).toLocaleString('en-US')}/s; at most 1,000,000/s (one per µs): use a larger burstEverySeconds or a smaller burstSize`,
      });
    }
  });
}

/** A daily profile may not lift a population's rate past what the engine can open (one per µs). */
function checkPeakRate(arrival: ScenarioFields['clients'][number]['arrival'], path: (string | number)[], ctx: IssueSink): void {
  if (arrival.dailyProfile === undefined && arrival.weekendFactor === undefined) return;
  const peakMultiplier = Math.max(...(arrival.dailyProfile ?? [1])) * Math.max(1, arrival.weekendFactor ?? 1);
  const flatPeak = arrival.type === 'burst' ? arrival.burstSize / arrival.burstEverySeconds : Math.max(arrival.connectionsPerSecond, arrival.type === 'ramp' ? (arrival.rampToPerSecond ?? 0) : 0);
  if (flatPeak * peakMultiplier <= MAX_RATE_PER_S) return;
  ctx.addIssue({
    code: 'custom',
    path: [...path, arrival.dailyProfile ? 'dailyProfile' : 'weekendFactor'],
    message: `the busiest hour runs at ${Math.round(flatPeak * peakMultiplier).toLocaleString('en-US')} connections/s (${flatPeak.toLocaleString('en-US')}/s × ${peakMultiplier}); at most 1,000,000/s (one per µs): lower the multipliers or the rate`,
  });
}

/**
 * A TCP/UDP listener's VServer group (the API: a listener forwards to its VServer group, its
 * master-slave group or the default server group, one of them). LVS keeps one real server per
 * listener and ECS instance, so the group lists each instance once (on one Port).
 */
function checkLayer4Group(scenario: ScenarioFields, listener: ScenarioFields['listeners'][number], path: (string | number)[], issue: (path: (string | number)[], message: string) => void): void {
  const id = listener.VServerGroupId;
  if (id === undefined) return;
  if (listener.MasterSlaveServerGroupId !== undefined) {
    issue(path, `a listener forwards to a VServer group or to a master-slave server group, not both (this one names ${listener.MasterSlaveServerGroupId} too)`);
    return;
  }
  const group = scenario.vServerGroups.find((g) => g.VServerGroupId === id);
  const servers = group?.BackendServers ?? [];
  const twice = servers.find((s, k) => servers.findIndex((o) => o.ServerId === s.ServerId) !== k);
  if (twice !== undefined)
    issue(path, `${id} lists ${twice.ServerId} on two ports; a ${listener.ListenerProtocol.toUpperCase()} listener's VServer group lists each ECS instance once (LVS keeps one real server per instance)`);
}

/**
 * References of the layer-7 parts (DOMAIN §3, §4, §7): VServer groups, rules, certificates,
 * redirects, the Tengine and Key Server faults, and which populations may describe HTTP or TLS.
 */
export function checkLayer7(scenario: ScenarioFields, ctx: IssueSink): void {
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const serverIds = new Set(scenario.ecsInstances.map((s) => s.ServerId));
  const groupIds = new Set<string>();
  /** Group id → its load balancer: a listener or rule forwards only to its own instance's groups. */
  const groupOwner = new Map<string, string>();
  scenario.vServerGroups.forEach((group, g) => {
    if (groupIds.has(group.VServerGroupId)) issue(['vServerGroups', g, 'VServerGroupId'], `${group.VServerGroupId} is listed twice`);
    groupIds.add(group.VServerGroupId);
    groupOwner.set(group.VServerGroupId, group.LoadBalancerId);
    group.BackendServers.forEach((server, s) => {
      if (!serverIds.has(server.ServerId)) issue(['vServerGroups', g, 'BackendServers', s, 'ServerId'], `no ECS instance ${server.ServerId} (VServer group servers are ecsInstances by ServerId)`);
      if (group.BackendServers.findIndex((o) => o.ServerId === server.ServerId && o.Port === server.Port) !== s)
        issue(['vServerGroups', g, 'BackendServers', s], `${server.ServerId}:${server.Port} is in the group twice`);
    });
  });
  const certificates = new Set(scenario.serverCertificates.map((c) => c.ServerCertificateId));
  const cas = new Set(scenario.caCertificates.map((c) => c.CACertificateId));
  let layer7 = false;
  let https = false;
  scenario.listeners.forEach((listener, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['listeners', i, ...rest];
    const checkGroup = (path: (string | number)[], id: string): void => {
      const owner = groupOwner.get(id);
      if (owner === undefined) issue(path, `no VServer group ${id}`);
      else if (owner !== listener.LoadBalancerId) issue(path, `VServer group ${id} belongs to load balancer ${owner}; a listener forwards to its own instance's groups`);
    };
    if (listener.VServerGroupId !== undefined) checkGroup(at('VServerGroupId'), listener.VServerGroupId);
    if (listener.ListenerProtocol !== 'http' && listener.ListenerProtocol !== 'https') {
      checkLayer4Group(scenario, listener, at('VServerGroupId'), issue);
      return;
    }
    layer7 = true;
    https ||= listener.ListenerProtocol === 'https';
    listener.Rules?.forEach((rule, r) => checkGroup(at('Rules', r, 'VServerGroupId'), rule.VServerGroupId));
    if (listener.ServerCertificateId !== undefined && !certificates.has(listener.ServerCertificateId)) issue(at('ServerCertificateId'), `no server certificate ${listener.ServerCertificateId} in serverCertificates`);
    if (listener.CACertificateId !== undefined && !cas.has(listener.CACertificateId)) issue(at('CACertificateId'), `no CA certificate ${listener.CACertificateId} in caCertificates`);
    listener.DomainExtensions?.forEach((extension, e) => {
      if (!certificates.has(extension.ServerCertificateId)) issue(at('DomainExtensions', e, 'ServerCertificateId'), `no server certificate ${extension.ServerCertificateId} in serverCertificates`);
    });
    if (listener.ListenerForward === 'on' && listener.ForwardPort !== undefined) {
      const target = scenario.listeners.find((l) => l.LoadBalancerId === listener.LoadBalancerId && l.ListenerPort === listener.ForwardPort);
      if (target?.ListenerProtocol !== 'https') issue(at('ForwardPort'), `must be the port of an HTTPS listener of this load balancer (${listener.ForwardPort} is ${target ? target.ListenerProtocol.toUpperCase() : 'not a listener'})`);
    }
  });
  if (layer7 && scenario.cluster.tengineNodes < 1) issue(['cluster', 'tengineNodes'], 'HTTP/HTTPS listeners need at least one Tengine node');
  if (https && scenario.cluster.keyServers < 1) issue(['cluster', 'keyServers'], 'HTTPS listeners need at least one Key Server');
  scenario.clients.forEach((population, i) => {
    const listener = populationListener(scenario.listeners, population);
    if (!listener) return;
    if (population.http !== undefined && listener.ListenerProtocol !== 'http' && listener.ListenerProtocol !== 'https')
      issue(['clients', i, 'http'], `only for HTTP/HTTPS listeners: the listener on port ${population.ListenerPort} is ${listener.ListenerProtocol.toUpperCase()}`);
    if (population.tls !== undefined && listener.ListenerProtocol !== 'https')
      issue(['clients', i, 'tls'], `only for HTTPS listeners: the listener on port ${population.ListenerPort} is ${listener.ListenerProtocol.toUpperCase()}`);
  });
}
