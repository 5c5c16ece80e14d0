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
  /** Health checks; protocol-dependent defaults (TCP 2 s / 5 s, UDP 5 s / 10 s) are filled by the engine. */
  HealthCheck: z.enum(['on', 'off']).default('on'),
  HealthCheckType: z.enum(['tcp', 'http']).default('tcp'),
  HealthCheckConnectPort: z.number().int().min(1).max(65535).optional(),
  HealthCheckConnectTimeout: z.number().int().min(1).max(300).optional(),
  HealthCheckInterval: z.number().int().min(1).max(50).optional(),
  HealthyThreshold: z.number().int().min(2).max(10).default(3),
  UnhealthyThreshold: z.number().int().min(2).max(10).default(3),
  ConnectionDrain: z.enum(['on', 'off']).default('off'),
  ConnectionDrainTimeout: z.number().int().min(10).max(900).default(300),
  /**
   * FULLNAT without the client address: the backend sees the LVS local address as the client.
   * Off (default), LVS carries the real client address to the backend in a TCP option (TOA).
   */
  FullNatEnabled: z.boolean().default(false),
});

export const backendServerSchema = z.object({
  ServerId: z.string().regex(/^i-[a-z0-9]{2,32}$/, 'must look like i-xxxx (lower-case letters and digits)'),
  Weight: z.number().int().min(0).max(100).default(100),
  ZoneId: z.string().min(1).default('cn-hangzhou-h'),
  PrivateIp: z.ipv4(),
  /** Mean time the application takes to answer one request. */
  serviceTimeMs: positiveMs.default(5),
  serviceTimeDistribution: z.enum(['exponential', 'constant']).default('exponential'),
  /** Concurrent connections the server accepts; further SYNs are answered with RST. */
  maxConnections: z.number().int().min(1).max(10_000_000).default(100_000),
  /** Starting condition; faults change it during the run. */
  condition: z.enum(['healthy', 'slow', 'down', 'refusing']).default('healthy'),
  /** Service time multiplier while `slow`. */
  slowFactor: z.number().min(1).max(10_000).default(20),
  /** A public IP assigned at creation: the ECS reaches the Internet through it (before any EIP or SNAT). */
  publicIp: z.ipv4().optional(),
});

/** A size: a constant number of bytes, or a distribution drawn per request. */
export const sizeSchema = z.union([
  z.number().int().min(1).max(1e10),
  z.object({ type: z.literal('uniform'), min: z.number().int().min(1), max: z.number().int().min(1).max(1e10) }).refine((d) => d.max >= d.min, 'max must be ≥ min'),
  z.object({ type: z.literal('exponential'), mean: z.number().min(1).max(1e10) }),
]);
export type SizeSpec = z.output<typeof sizeSchema>;

export const clientPopulationSchema = z.object({
  id: z.string().min(1).max(40).default('clients'),
  /** Which listener the clients connect to. */
  ListenerPort: z.number().int().min(1).max(65535),
  /** Distinct client addresses; connections pick one uniformly. */
  clientIps: z.number().int().min(1).max(1_000_000).default(1000),
  /** Where client ports start; each new connection takes the next port of its population. */
  arrival: z
    .object({
      type: z.enum(['poisson', 'constant', 'ramp', 'burst']).default('poisson'),
      connectionsPerSecond: z.number().positive().max(10_000_000).default(50),
      /** ramp: the rate goes linearly from connectionsPerSecond to rampToPerSecond over rampSeconds. */
      rampToPerSecond: z.number().positive().max(10_000_000).optional(),
      rampSeconds: z.number().positive().max(86_400).default(60),
      /** burst: every burstEverySeconds, burstSize connections arrive at once (on top of nothing else). */
      burstEverySeconds: z.number().positive().max(86_400).default(10),
      burstSize: z.number().int().min(1).max(1_000_000).default(100),
      /** Stop opening connections after this many seconds (default: never). */
      stopAfterSeconds: z.number().positive().optional(),
      /** Open at most this many connections in total (default: unlimited). */
      maxConnections: z.number().int().min(1).optional(),
    })
    .prefault({}),
  requestBytes: sizeSchema.default(400),
  responseBytes: sizeSchema.default(8000),
  /** Request/response exchanges per connection (keep-alive). */
  exchanges: z.number().int().min(1).max(10_000).default(1),
  thinkTimeMs: z.number().min(0).max(3_600_000).default(0),
  /** Delay between the handshake completing and the first request. */
  requestDelayMs: z.number().min(0).max(3_600_000).default(0),
  /** TCP retransmission: first timeout, doubled on each retry, and how many retries before giving up. */
  rtoMs: z.number().min(1).max(60_000).default(1000),
  maxRetries: z.number().int().min(0).max(15).default(5),
  /** UDP flows: datagrams per flow, their size, and the gap between them. */
  datagrams: z.number().int().min(1).max(1_000_000).default(10),
  datagramBytes: z.number().int().min(1).max(65_507).default(512),
  datagramIntervalMs: z.number().min(0).max(3_600_000).default(100),
  /**
   * UDP flows: after this many datagrams the client's address and port change (NAT rebinding, a
   * phone switching networks); its QUIC connection ID stays the same. Default: never.
   */
  addressChangeAfterDatagrams: z.number().int().min(1).max(1_000_000).optional(),
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
    /** How long the router keeps sending to a failed LVS node (OSPF dead interval); planned maintenance withdraws at once. */
    withdrawalDelayS: z.number().min(0).max(600).default(12),
    /** FULLNAT local addresses per LVS node; each gives 64,512 ports per backend. */
    localAddressesPerNode: z.number().int().min(1).max(256).default(8),
    /** Ports each local address offers per backend (1024–65535 in the kernel's range). */
    portsPerLocalAddress: z.number().int().min(1).max(64_512).default(64_512),
    /** Connection-state timeouts: mainline IPVS or Alibaba's shorter kernel values. */
    timeoutPreset: z.enum(['mainline', 'alibaba']).default('mainline'),
    /**
     * An ESTABLISHED entry that times out is reset towards both sides (Alibaba's LVS,
     * `conn_expire_tcp_rst`), so the client learns at expiry; false: mainline silent expiry.
     */
    expiryReset: z.boolean().default(true),
    sync: z
      .object({
        /** Sync at client packet `threshold[0]`, then every `threshold[1]` packets (IPVS sync_threshold). */
        threshold: z.tuple([z.number().int().min(1).max(254), z.number().int().min(2).max(255)]).default([3, 50]),
        /** Batch records like ip_vs_sync.c; off sends each record at once (zero batching delay). */
        batching: z.boolean().default(true),
        recordsPerMessage: z.number().int().min(1).max(1000).default(40),
        fullBufferDelayMs: z.number().min(0).max(10_000).default(20),
        maxBufferAgeMs: z.number().min(0).max(60_000).default(2000),
        checkIntervalMs: z.number().positive().max(60_000).default(1000),
        /**
         * How long a received session lives: `full` (default) — the state's full timeout, restarted
         * on receipt, as mainline ip_vs_sync.c does (DOMAIN §2.4); `remaining` — the time the
         * sender's timer had left when it queued the record, so both copies end together.
         */
        installTimeout: z.enum(['full', 'remaining']).default('full'),
        /** Probability that one receiver loses one sync message. */
        lossRate: z.number().min(0).max(1).default(0),
      })
      .prefault({}),
  })
  .prefault({});

const faultSchema = z.object({
  atS: z.number().min(0),
  action: z.enum(['crash', 'upgrade', 'recover', 'partition-sync', 'heal-sync', 'backend-down', 'backend-up', 'backend-slow', 'backend-refuse', 'backend-remove', 'backend-weight']),
  /** `lvs-N` for node faults, a ServerId for backend faults, omitted for cluster-wide sync faults. */
  target: z.string().optional(),
  /** New weight for backend-weight. */
  weight: z.number().int().min(0).max(100).optional(),
});
export type Fault = z.output<typeof faultSchema>;

const egressCallSizes = {
  requestBytes: sizeSchema.default(1000),
  responseBytes: sizeSchema.default(4000),
  /** Time the remote side takes to answer. */
  remoteServiceMs: positiveMs.default(20),
};

export const egressSchema = z
  .object({
    /** EIPs bound to ECS instances (`InstanceId` is a ServerId). */
    eips: z.array(z.object({ AllocationId: z.string().min(1), IpAddress: z.ipv4(), InstanceId: z.string().min(1) })).default([]),
    natGateways: z
      .array(
        z.object({
          NatGatewayId: z.string().min(1),
          /** The EIP bound to the NAT gateway: SNAT traffic leaves through it (its configuration fee is charged). */
          eipAddress: z.ipv4().default('47.100.30.30'),
          /** Backends with an SNAT entry. */
          snatServerIds: z.array(z.string()).default([]),
          /** DNAT entries: Internet traffic to the NAT's EIP on ExternalPort reaches exactly one ECS. */
          dnatEntries: z.array(z.object({ ExternalPort: z.number().int().min(1).max(65535), ServerId: z.string().min(1), InternalPort: z.number().int().min(1).max(65535).default(80) })).default([]),
        }),
      )
      .default([]),
    /** Backend-initiated calls to Internet hosts (e.g. an external API). */
    workloads: z
      .array(
        z.object({
          id: z.string().min(1).default('egress'),
          /** Which backends make the calls; each runs its own Poisson process at callsPerSecond. */
          serverIds: z.array(z.string()).min(1),
          callsPerSecond: z.number().positive().max(100_000).default(5),
          destination: z.string().min(1).default('api.example.com'),
          ...egressCallSizes,
        }),
      )
      .default([]),
    /** Internet-initiated traffic to an EIP bound to an ECS, or to a NAT DNAT entry (`NatGatewayId:ExternalPort`). */
    inbound: z
      .array(
        z.object({
          id: z.string().min(1).default('inbound'),
          target: z.string().min(1),
          requestsPerSecond: z.number().positive().max(100_000).default(5),
          ...egressCallSizes,
        }),
      )
      .default([]),
  })
  .prefault({});

export const billingSchema = z
  .object({
    /** Price region; default: derived from the load balancer's RegionId. */
    priceRegion: z.enum(['mainland-china', 'hong-kong', 'singapore', 'us', 'frankfurt']).optional(),
    /** When simulated time 0 falls, as a UTC+8 wall-clock time: hourly items count every clock hour touched. */
    startTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'must be a UTC+8 local time like 2026-01-01T09:30:00').default('2026-01-01T09:30:00'),
    /** spec-2021: public IP retention + spec fee by actual use; instance-2024: the 0.021/h instance fee + spec fee. */
    feeModel: z.enum(['spec-2021', 'instance-2024']).default('spec-2021'),
    /** Overrides for any number in the price table (see src/engine/billing/prices.ts). */
    priceOverrides: z.record(z.string(), z.union([z.number().min(0), z.record(z.string(), z.number().min(0))])).default({}),
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
    clients: z.array(clientPopulationSchema).max(1000, 'at most 1000 client populations').default([]),
    egress: egressSchema,
    billing: billingSchema,
    faults: z.array(faultSchema).default([]),
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
    scenario.egress.eips.forEach((eip, i) => {
      if (!ids.has(eip.InstanceId)) ctx.addIssue({ code: 'custom', path: ['egress', 'eips', i, 'InstanceId'], message: `no backend server ${eip.InstanceId}` });
    });
    scenario.egress.natGateways.forEach((nat, i) => {
      nat.snatServerIds.forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['egress', 'natGateways', i, 'snatServerIds', j], message: `no backend server ${id}` });
      });
      nat.dnatEntries.forEach((entry, j) => {
        if (!ids.has(entry.ServerId)) ctx.addIssue({ code: 'custom', path: ['egress', 'natGateways', i, 'dnatEntries', j, 'ServerId'], message: `no backend server ${entry.ServerId}` });
      });
    });
    scenario.egress.workloads.forEach((workload, i) => {
      workload.serverIds.forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['egress', 'workloads', i, 'serverIds', j], message: `no backend server ${id}` });
      });
    });
    scenario.egress.inbound.forEach((flow, i) => {
      const [natId, port] = flow.target.split(':');
      const toEip = scenario.egress.eips.some((e) => e.AllocationId === flow.target);
      const toDnat = scenario.egress.natGateways.some((n) => n.NatGatewayId === natId && n.dnatEntries.some((d) => String(d.ExternalPort) === port));
      if (!toEip && !toDnat) {
        ctx.addIssue({ code: 'custom', path: ['egress', 'inbound', i, 'target'], message: 'must be an EIP AllocationId bound to a backend, or NatGatewayId:ExternalPort of a DNAT entry' });
      }
    });
    scenario.faults.forEach((fault, i) => {
      const lvsFault = ['crash', 'upgrade', 'recover'].includes(fault.action);
      const backendFault = fault.action.startsWith('backend-');
      if (lvsFault) {
        const match = /^lvs-(\d+)$/.exec(fault.target ?? '');
        if (!match || Number(match[1]) < 1 || Number(match[1]) > scenario.cluster.lvsNodes) {
          ctx.addIssue({ code: 'custom', path: ['faults', i, 'target'], message: `must name an LVS node lvs-1…lvs-${scenario.cluster.lvsNodes}` });
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
