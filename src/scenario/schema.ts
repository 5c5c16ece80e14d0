import { z } from 'zod';

/**
 * The scenario: the single source of truth for a run. Its load-balancer part uses the SLB API's
 * own field names (Slb 2014-05-15) so the console, the API, import/export and the engine speak one
 * vocabulary. Every field has a default, so `{}` is a valid (empty) scenario and examples stay
 * short. `version` lets later releases migrate saved scenarios.
 */

export const SCENARIO_VERSION = 1;

const positiveMs = z.number().positive().max(3_600_000);

export const loadBalancerSchema = z
  .object({
    LoadBalancerId: z.string().regex(/^lb-[a-z0-9]{4,32}$/, 'must look like lb-xxxx (lower-case letters and digits)').default('lb-sim0000000001'),
    LoadBalancerName: z.string().min(1).max(80).default('slb-sim'),
    Address: z.ipv4().default('47.100.10.10'),
    AddressType: z.enum(['internet', 'intranet']).default('internet'),
    RegionId: z.string().min(1).default('cn-hangzhou'),
    MasterZoneId: z.string().min(1).default('cn-hangzhou-h'),
    SlaveZoneId: z.string().min(1).default('cn-hangzhou-i'),
    LoadBalancerSpec: z
      .enum(['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'])
      .default('slb.s2.small'),
    InternetChargeType: z.enum(['paybytraffic', 'paybybandwidth']).default('paybytraffic'),
    Bandwidth: z.number().int().min(1).max(5120).default(5120),
  })
  .prefault({});

export const listenerSchema = z.object({
  ListenerProtocol: z.enum(['tcp', 'udp']).default('tcp'),
  ListenerPort: z.number().int().min(1).max(65535),
  BackendServerPort: z.number().int().min(1).max(65535).default(80),
  Scheduler: z.enum(['wrr', 'wlc', 'rr', 'sch', 'tch', 'qch']).default('wrr'),
  EstablishedTimeout: z.number().int().min(10).max(900).default(900),
  PersistenceTimeout: z.number().int().min(0).max(3600).default(0),
  Bandwidth: z.number().int().min(-1).max(5120).refine((v) => v !== 0, 'must be -1 (unlimited) or 1–5120').default(-1),
  Status: z.enum(['running', 'stopped']).default('running'),
});

export const backendServerSchema = z.object({
  ServerId: z.string().regex(/^i-[a-z0-9]{2,32}$/, 'must look like i-xxxx (lower-case letters and digits)'),
  Weight: z.number().int().min(0).max(100).default(100),
  ZoneId: z.string().min(1).default('cn-hangzhou-h'),
  PrivateIp: z.ipv4(),
  /** Mean time the application takes to answer one request. */
  serviceTimeMs: positiveMs.default(5),
});

export const clientPopulationSchema = z.object({
  id: z.string().min(1).max(40).default('clients'),
  /** Which listener the clients connect to. */
  ListenerPort: z.number().int().min(1).max(65535),
  /** Distinct client addresses; connections pick one uniformly. */
  clientIps: z.number().int().min(1).max(1_000_000).default(1000),
  arrival: z
    .object({
      type: z.enum(['poisson', 'constant']).default('poisson'),
      connectionsPerSecond: z.number().positive().max(10_000_000).default(50),
    })
    .prefault({}),
  requestBytes: z.number().int().min(1).max(1e9).default(400),
  responseBytes: z.number().int().min(1).max(1e10).default(8000),
  /** Request/response exchanges per connection (keep-alive). */
  exchanges: z.number().int().min(1).max(10_000).default(1),
  thinkTimeMs: z.number().min(0).max(3_600_000).default(0),
});

export const networkSchema = z
  .object({
    /** One-way latency between clients and the SLB edge, across the Internet. */
    internetLatencyMs: positiveMs.default(20),
    /** One-way latency of a hop inside the region (router↔LVS↔ECS). */
    internalLatencyMs: positiveMs.default(0.2),
    mssBytes: z.number().int().min(536).max(9000).default(1460),
  })
  .prefault({});

export const clusterSchema = z
  .object({
    lvsNodes: z.number().int().min(1).max(32).default(4),
    tengineNodes: z.number().int().min(0).max(32).default(2),
    keyServers: z.number().int().min(0).max(8).default(1),
    ecmpMode: z.enum(['modulo', 'resilient', 'hash-threshold']).default('modulo'),
  })
  .prefault({});

export const egressSchema = z
  .object({
    eips: z.array(z.object({ AllocationId: z.string().min(1), IpAddress: z.ipv4(), InstanceId: z.string().min(1) })).default([]),
    natGateways: z.array(z.object({ NatGatewayId: z.string().min(1), snatServerIds: z.array(z.string()).default([]) })).default([]),
  })
  .prefault({});

export const scenarioSchema = z
  .object({
    version: z.literal(SCENARIO_VERSION).default(SCENARIO_VERSION),
    name: z.string().min(1).max(80).default('untitled'),
    description: z.string().max(2000).default(''),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
    loadBalancer: loadBalancerSchema,
    cluster: clusterSchema,
    network: networkSchema,
    listeners: z.array(listenerSchema).max(50, 'an instance has at most 50 listeners').default([]),
    backendServers: z.array(backendServerSchema).max(200, 'an instance has at most 200 backend servers').default([]),
    clients: z.array(clientPopulationSchema).default([]),
    egress: egressSchema,
  })
  .superRefine((scenario, ctx) => {
    const ports = new Set<number>();
    scenario.listeners.forEach((listener, i) => {
      if (ports.has(listener.ListenerPort)) {
        ctx.addIssue({ code: 'custom', path: ['listeners', i, 'ListenerPort'], message: `port ${listener.ListenerPort} is used by another listener (ListenerAlreadyExists)` });
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
    scenario.clients.forEach((population, i) => {
      if (!ports.has(population.ListenerPort)) {
        ctx.addIssue({ code: 'custom', path: ['clients', i, 'ListenerPort'], message: `no listener on port ${population.ListenerPort}` });
      }
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Listener = Scenario['listeners'][number];
export type BackendServer = Scenario['backendServers'][number];
export type ClientPopulation = Scenario['clients'][number];
