import type { Scenario, ScenarioInput } from '../scenario/schema';
import { loadBalancerIdOf, serverIdOf, type ImportWarning } from './position';

/**
 * The layer-4 model keepalived and ipvsadm share: one IPVS virtual service per TCP/UDP listener
 * (VIP = the load balancer's Address), its scheduler by IPVS name, persistence, and real servers
 * (the listener's VServer group's members on their own ports, else the instance's default server
 * group: each ECS instance's PrivateIp on BackendServerPort).
 */
export type L4Protocol = 'tcp' | 'udp';

export interface L4Health {
  type: 'tcp' | 'http' | 'udp';
  intervalS: number;
  timeoutS: number;
  unhealthyThreshold: number;
  connectPort: number | undefined;
  uri: string | undefined;
  domain: string | undefined;
  httpCode: string | undefined;
}

export interface L4Real {
  ip: string;
  port: number;
  weight: number;
}

export interface VirtualService {
  vip: string;
  port: number;
  protocol: L4Protocol;
  /** IPVS scheduler name: rr, wrr, wlc, sh, mh, … */
  scheduler: string;
  /** mh with the port in the hash (`mh-port`, `-b mh-port`): SLB's tch. */
  hashPort: boolean;
  persistenceS: number;
  reals: L4Real[];
  health: L4Health | undefined;
  /** What the format cannot say, written as comments. */
  notes: string[];
}

/** SLB scheduler → IPVS scheduler (DOMAIN §2.3). qch has no IPVS counterpart: exported as mh, noted. */
export function ipvsScheduler(slb: string): { name: string; hashPort: boolean; note?: string } {
  switch (slb) {
    case 'sch':
      return { name: 'sh', hashPort: false };
    case 'tch':
      return { name: 'mh', hashPort: true };
    case 'qch':
      return { name: 'mh', hashPort: true, note: 'qch (QUIC connection id hashing) has no IPVS scheduler; exported as mh over the 4-tuple' };
    default:
      return { name: slb, hashPort: false };
  }
}

const SCHEDULER_MAP: Record<string, string> = { rr: 'rr', wrr: 'wrr', wlc: 'wlc', sh: 'sch', mh: 'sch', lc: 'wlc', sed: 'wlc', nq: 'wlc' };

/** IPVS scheduler → SLB scheduler, with a warning where SLB has no equal. */
export function slbScheduler(ipvs: string, hashPort: boolean): { name: 'rr' | 'wrr' | 'wlc' | 'sch' | 'tch'; warning?: string } {
  if (ipvs === 'mh' && hashPort) return { name: 'tch' };
  const name = SCHEDULER_MAP[ipvs];
  if (name === undefined) return { name: 'wrr', warning: `scheduler ${ipvs} has no SLB equivalent; imported as wrr` };
  const warning = ['lc', 'sed', 'nq'].includes(ipvs) ? `scheduler ${ipvs} imported as wlc, the closest SLB scheduler` : undefined;
  return { name: name as 'rr' | 'wrr' | 'wlc' | 'sch', ...(warning ? { warning } : {}) };
}

/** A listener's real servers: its VServer group's members on their own ports, else the default server group on BackendServerPort. */
function realsOf(scenario: Scenario, listener: Scenario['listeners'][number], attached: readonly { ServerId: string; Weight: number }[], ipOf: ReadonlyMap<string, string>): { ip: string; port: number; weight: number }[] {
  const group = listener.VServerGroupId === undefined ? undefined : scenario.vServerGroups.find((g) => g.VServerGroupId === listener.VServerGroupId);
  const members = group ? group.BackendServers : attached.map((b) => ({ ServerId: b.ServerId, Port: listener.BackendServerPort, Weight: b.Weight }));
  return members.flatMap((m) => {
    const ip = ipOf.get(m.ServerId);
    return ip === undefined ? [] : [{ ip, port: m.Port, weight: m.Weight }];
  });
}

/** The TCP/UDP listeners of every load balancer as IPVS virtual services. */
export function virtualServicesOf(scenario: Scenario): VirtualService[] {
  const out: VirtualService[] = [];
  const ipOf = new Map(scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  for (const lb of scenario.loadBalancers) {
    const attached = scenario.backendServers.filter((b) => b.LoadBalancerId === lb.LoadBalancerId);
    for (const listener of scenario.listeners) {
      if (listener.LoadBalancerId !== lb.LoadBalancerId) continue;
      if (listener.ListenerProtocol !== 'tcp' && listener.ListenerProtocol !== 'udp') continue;
      const notes: string[] = [`${lb.LoadBalancerId} ${listener.ListenerProtocol.toUpperCase()} ${listener.ListenerPort}: SLB forwards with FULLNAT; stock IPVS has no FULLNAT, NAT (masquerading) is the closest`];
      const sched = ipvsScheduler(listener.Scheduler);
      if (sched.note) notes.push(sched.note);
      if (listener.Status === 'stopped') notes.push('the listener is stopped in the scenario');
      if (listener.MasterSlaveServerGroupId !== undefined) notes.push(`master-slave server group ${listener.MasterSlaveServerGroupId} is not exported: the real servers are the default server group`);
      if (listener.AclStatus === 'on') notes.push(`access control (${listener.AclType ?? ''} list ${listener.AclId ?? ''}) is not exported`);
      const udp = listener.ListenerProtocol === 'udp';
      const health: L4Health | undefined =
        listener.HealthCheck === 'off'
          ? undefined
          : {
              type: udp ? 'udp' : listener.HealthCheckType,
              intervalS: listener.HealthCheckInterval ?? (udp ? 5 : 2),
              timeoutS: listener.HealthCheckConnectTimeout ?? (udp ? 10 : 5),
              unhealthyThreshold: listener.UnhealthyThreshold,
              connectPort: listener.HealthCheckConnectPort,
              uri: listener.HealthCheckURI,
              domain: listener.HealthCheckDomain,
              httpCode: listener.HealthCheckHttpCode,
            };
      out.push({
        vip: lb.Address,
        port: listener.ListenerPort,
        protocol: listener.ListenerProtocol,
        scheduler: sched.name,
        hashPort: sched.hashPort,
        persistenceS: listener.PersistenceTimeout,
        reals: realsOf(scenario, listener, attached, ipOf),
        health,
        notes,
      });
    }
  }
  return out;
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(n)));

/** A service as read from a file, with the line it started on. */
export interface ImportedService extends Omit<VirtualService, 'notes'> {
  line: number;
}

/**
 * Virtual services as a scenario (the file shape, ready for parseScenario): one load balancer per
 * VIP, one listener per service, the real servers as ECS instances (ServerId from the IP) in the
 * instance's default server group. What a scenario cannot hold is a warning, never dropped silently.
 */
export function scenarioOfServices(services: readonly ImportedService[], name: string, warnings: ImportWarning[]): ScenarioInput {
  const instances = new Map<string, { ServerId: string; PrivateIp: string }>();
  const lbs = new Map<string, { listeners: Record<string, unknown>[]; backendServers: Map<string, number>; ports: Set<string> }>();
  for (const service of services) {
    let lb = lbs.get(service.vip);
    if (!lb) {
      lb = { listeners: [], backendServers: new Map(), ports: new Set() };
      lbs.set(service.vip, lb);
    }
    const key = `${service.protocol}:${service.port}`;
    if (service.protocol === 'udp' && [250, 4789, 4790].includes(service.port)) {
      warnings.push({ line: service.line, message: `SLB UDP listeners cannot use port ${service.port} (250, 4789 and 4790 are reserved): this service is not imported` });
      continue;
    }
    if (lb.listeners.length >= 50) {
      warnings.push({ line: service.line, message: 'a load balancer has at most 50 listeners: this service is not imported' });
      continue;
    }
    if (lb.ports.has(key) || lb.ports.has(`${service.protocol === 'tcp' ? 'udp' : 'tcp'}:${service.port}`)) {
      warnings.push({ line: service.line, message: `${service.vip}:${service.port} is already a listener of this VIP; a load balancer has one listener per port: this service is not imported` });
      continue;
    }
    lb.ports.add(key);
    const ports = new Set(service.reals.map((r) => r.port));
    if (ports.size > 1) warnings.push({ line: service.line, message: `real servers on different ports (${[...ports].join(', ')}); SLB has one BackendServerPort per listener: using ${service.reals[0]!.port}` });
    const firstOfLb = lb.listeners.length === 0;
    for (const real of service.reals) {
      instances.set(real.ip, { ServerId: serverIdOf(real.ip), PrivateIp: real.ip });
      const known = lb.backendServers.get(real.ip);
      if (known === undefined) {
        if (!firstOfLb) warnings.push({ line: service.line, message: `real server ${real.ip} joins the default server group of ${service.vip}, which every listener of that load balancer shares` });
        lb.backendServers.set(real.ip, real.weight);
      } else if (known !== real.weight) {
        warnings.push({ line: service.line, message: `real server ${real.ip} has weight ${real.weight} here but ${known} in an earlier service of ${service.vip}; SLB keeps one weight per server and load balancer: using ${known}` });
      }
    }
    const sched = slbScheduler(service.scheduler, service.hashPort);
    if (sched.warning) warnings.push({ line: service.line, message: sched.warning });
    const listener: Record<string, unknown> = {
      ListenerProtocol: service.protocol,
      ListenerPort: service.port,
      BackendServerPort: service.reals[0]?.port ?? service.port,
      Scheduler: sched.name,
      PersistenceTimeout: clamp(service.persistenceS, 0, 3600),
      HealthCheck: service.health ? 'on' : 'off',
    };
    if (service.persistenceS > 3600) warnings.push({ line: service.line, message: `persistence ${service.persistenceS} s is above SLB's 3600 s: using 3600` });
    const health = service.health;
    if (health) {
      listener['HealthCheckInterval'] = clamp(health.intervalS, 1, 50);
      listener['HealthCheckConnectTimeout'] = clamp(health.timeoutS, 1, 300);
      listener['UnhealthyThreshold'] = clamp(health.unhealthyThreshold, 2, 10);
      if (health.intervalS !== listener['HealthCheckInterval']) warnings.push({ line: service.line, message: `check interval ${health.intervalS} s is outside SLB's 1–50 s: using ${String(listener['HealthCheckInterval'])}` });
      if (health.timeoutS !== listener['HealthCheckConnectTimeout']) warnings.push({ line: service.line, message: `connect timeout ${health.timeoutS} s is outside SLB's 1–300 s: using ${String(listener['HealthCheckConnectTimeout'])}` });
      if (health.connectPort !== undefined) listener['HealthCheckConnectPort'] = health.connectPort;
      if (service.protocol === 'tcp' && health.type === 'http') {
        listener['HealthCheckType'] = 'http';
        if (health.uri !== undefined && health.uri !== '/') listener['HealthCheckURI'] = health.uri;
        if (health.domain !== undefined) listener['HealthCheckDomain'] = health.domain;
        if (health.httpCode !== undefined) listener['HealthCheckHttpCode'] = health.httpCode;
      } else if (service.protocol === 'udp' && health.type !== 'udp') {
        warnings.push({ line: service.line, message: `a ${health.type.toUpperCase()} check on a UDP service: SLB probes UDP listeners with UDP` });
      } else if (service.protocol === 'tcp' && health.type === 'udp') {
        warnings.push({ line: service.line, message: 'a UDP check on a TCP service: imported as a TCP check' });
      }
    }
    lb.listeners.push(listener);
  }
  if (lbs.size === 0) warnings.push({ line: 1, message: 'no virtual service imported: the scenario has one load balancer without listeners' });
  return {
    name,
    description: `Imported: ${services.length} virtual service(s). Clients are a default population per listener; edit them to match real traffic.`,
    loadBalancers: [...lbs].map(([vip, lb], i) => ({
      LoadBalancerId: loadBalancerIdOf(vip),
      LoadBalancerName: `imported-${i + 1}`,
      Address: vip,
      listeners: lb.listeners,
      backendServers: [...lb.backendServers].map(([ip, weight]) => ({ ServerId: serverIdOf(ip), Weight: weight })),
    })).concat(lbs.size === 0 ? [{ LoadBalancerName: 'imported-1' } as never] : []) as ScenarioInput['loadBalancers'],
    ecsInstances: [...instances.values()],
    clients: [...lbs].flatMap(([vip, lb]) =>
      lb.listeners.map((l) => ({ id: `clients-${hexId(vip)}-${String(l['ListenerPort'])}`.slice(0, 40), LoadBalancerId: loadBalancerIdOf(vip), ListenerPort: l['ListenerPort'] as number })),
    ),
  } as ScenarioInput;
}

const hexId = (vip: string): string => loadBalancerIdOf(vip).slice(3);

/** The load-balancer config a round trip must keep: what keepalived and ipvsadm can both say. */
export function l4ConfigOf(scenario: Scenario, withHealth: boolean): unknown {
  return virtualServicesOf(scenario)
    .map(({ notes: _notes, health, reals, ...service }) => ({
      ...service,
      reals: [...reals].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0)),
      ...(withHealth ? { health: health && { ...health, uri: health.type === 'http' ? health.uri : undefined, domain: health.type === 'http' ? health.domain : undefined, httpCode: health.type === 'http' ? health.httpCode : undefined } } : {}),
    }))
    .sort((a, b) => (a.vip + ':' + a.port < b.vip + ':' + b.port ? -1 : 1));
}
