import { z } from 'zod';
import { checkLayer7, checkLoadBalancers, checkScenario, type IssueSink } from './cross-field-rules';
import { flattenScenario, toFilePath, type Attachment, type FlatScenario, type LoadBalancerAttributes, type Population, type ScenarioListener } from './load-balancers';
import { KNOWN_REGION_IDS, PRICE_REGIONS, PRICE_TABLES, priceRegionOf } from '../engine/billing/prices';
import { closest } from './suggest';
import {
  caCertificateSchema,
  HTTP_ONLY_FIELDS,
  HTTPS_ONLY_FIELDS,
  httpClientSchema,
  keyServerSettingsSchema,
  L7_ONLY_FIELDS,
  l7ListenerFields,
  serverCertificateSchema,
  tengineSettingsSchema,
  tlsClientSchema,
  vServerGroupSchema,
} from './l7-schema';
import { aclsSchema, checkListenerAcl, listenerAclFields } from './acl-schema';
import { checkMasterSlave, masterSlaveListenerField, masterSlaveServerGroupsSchema } from './master-slave-schema';

/**
 * The scenario: the single source of truth for a run. Its load-balancer part uses the SLB API's
 * own field names (Slb 2014-05-15) so the console, the API, import/export and the engine speak one
 * vocabulary. Every field has a default, so `{}` is a valid (empty) scenario and examples stay
 * short. `version` lets later releases migrate saved scenarios (see migrate.ts).
 *
 * Every object is strict: a field the format does not know is an error (validate.ts names it and
 * suggests the closest valid name), never silently dropped. The only extra key allowed is a
 * top-level `$schema`, which editors use and the engine ignores.
 *
 * Ranges that keep the engine moving: its clock ticks in whole microseconds, so every time is at
 * least 1 µs (0.001 ms) unless 0 means "none", and every rate is at most one event per µs
 * (1,000,000/s). A smaller interval or a larger rate would either be rounded silently or schedule
 * unbounded work within one tick; both are rejected with the range in the message.
 */

/**
 * Version 5: the region's load balancers (`loadBalancers`), each with its own listeners,
 * attachments (`backendServers`), VServer groups and master-slave groups; ECS instances,
 * certificates, ACLs and client populations are the region's (migrate.ts).
 */
export const SCENARIO_VERSION = 7;

import { MAX_RATE_PER_S, MIN_RATE_PER_S, MIN_TIME_MS } from './engine-limits';
export { MAX_RATE_PER_S, MIN_RATE_PER_S, MIN_TIME_MS } from './engine-limits';

const TICK = `${MIN_TIME_MS} ms (1 µs, the engine's clock tick)`;

/** A time in ms that must be representable on the µs clock: [0.001, max]. */
const timeMs = (max: number) => z.number().min(MIN_TIME_MS, `must be at least ${TICK}`).max(max);
/** A delay in ms where 0 means "none": 0, or [0.001, max] (a sub-µs delay would silently become 0). */
const delayMs = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    // Negative values already fail .min(0): one message per problem.
    .refine((v) => v <= 0 || v >= MIN_TIME_MS, `must be 0 (none) or at least ${TICK}`);
/** A time in seconds, at least one clock tick. */
const timeS = (max: number) => z.number().min(MIN_TIME_MS / 1000, `must be at least 0.000001 s (1 µs, the engine's clock tick)`).max(max);
/** A rate per second: at most one event per clock tick, and not so small its gaps overflow the clock. */
const ratePerS = (max: number) => z.number().min(MIN_RATE_PER_S, `must be at least ${MIN_RATE_PER_S}/s`).max(max, `must be at most ${max.toLocaleString('en-US')}/s (one event per µs is the engine's limit)`);

const positiveMs = timeMs(3_600_000);

/** "unknown RegionId "x"; did you mean …? known: …" */
function regionMessage(regionId: string): string {
  const guess = closest(regionId, KNOWN_REGION_IDS);
  return `unknown RegionId "${regionId}"${guess ? `; did you mean "${guess}"?` : ''} RegionIds with a price table: ${KNOWN_REGION_IDS.join(', ')}`;
}

/** A load balancer's own attributes (what DescribeLoadBalancerAttribute reports of the instance). */
export const loadBalancerAttributesSchema = z
  .strictObject({
    LoadBalancerId: z.string().regex(/^lb-[a-z0-9]{4,32}$/, 'must look like lb-xxxx (lower-case letters and digits)').default('lb-sim0000000001'),
    LoadBalancerName: z.string().min(1).max(80).default('slb-sim'),
    Address: z.ipv4().default('47.100.10.10'),
    AddressType: z.enum(['internet', 'intranet']).default('internet'),
    /** Must be a RegionId with a price table (prices.ts KNOWN_REGION_IDS), even when billing.priceRegion is set. */
    RegionId: z
      .string()
      .min(1)
      .superRefine((regionId, ctx) => {
        if (priceRegionOf(regionId) === undefined) ctx.addIssue({ code: 'custom', message: regionMessage(regionId) });
      })
      .default('cn-hangzhou'),
    MasterZoneId: z.string().min(1).default('cn-hangzhou-h'),
    SlaveZoneId: z.string().min(1).default('cn-hangzhou-i'),
    LoadBalancerSpec: z
      .enum(['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'])
      .default('slb.s2.small'),
    InternetChargeType: z.enum(['paybytraffic', 'paybybandwidth']).default('paybytraffic'),
    Bandwidth: z.number().int().min(1).max(5120).default(5120),
    /**
     * SetLoadBalancerStatus: inactive, no listener forwards (each refuses new connections as a
     * stopped listener does). Optional, absent = active, so files written before it load unchanged.
     */
    LoadBalancerStatus: z.enum(['active', 'inactive']).optional(),
    /** SetLoadBalancerDeleteProtection: on refuses DeleteLoadBalancer. Absent = off. */
    DeleteProtection: z.enum(['on', 'off']).optional(),
    /** SetLoadBalancerModificationProtection: recorded and reported; it guards the console, not the API. Absent = NonProtection. */
    ModificationProtectionStatus: z.enum(['NonProtection', 'ConsoleProtection']).optional(),
    ModificationProtectionReason: z.string().min(1).max(80).optional(),
  });

const HTTP_CODES = ['http_2xx', 'http_3xx', 'http_4xx', 'http_5xx'] as const;

/**
 * A listener of any protocol (CreateLoadBalancer{TCP,UDP,HTTP,HTTPS}Listener). One object, so the
 * engine reads every listener alike; the HTTP/HTTPS fields (l7-schema.ts) are optional here,
 * rejected on TCP/UDP listeners by checkListener and given their defaults by the transform.
 */
const listenerObject = z.strictObject({
  ListenerProtocol: z.enum(['tcp', 'udp', 'http', 'https']).default('tcp'),
  ListenerPort: z.number().int().min(1).max(65535),
  BackendServerPort: z.number().int().min(1).max(65535).default(80),
  /** `qch` keys on the QUIC connection ID, so UDP listeners only; HTTP/HTTPS listeners: wrr, wlc, rr (checked below). */
  Scheduler: z.enum(['wrr', 'wlc', 'rr', 'sch', 'tch', 'qch']).default('wrr'),
  EstablishedTimeout: z.number().int().min(10).max(900).default(900),
  PersistenceTimeout: z.number().int().min(0).max(3600).default(0),
  Bandwidth: z.number().int().min(-1).max(5120).refine((v) => v !== 0, 'must be -1 (unlimited) or 1–5120').default(-1),
  Status: z.enum(['running', 'stopped']).default('running'),
  /** Health checks; protocol-dependent defaults (TCP 2 s / 5 s, UDP 5 s / 10 s) are filled by the engine. */
  HealthCheck: z.enum(['on', 'off']).default('on'),
  /** `http` is for TCP listeners only: UDP listeners probe with UDP. */
  HealthCheckType: z.enum(['tcp', 'http']).default('tcp'),
  HealthCheckConnectPort: z.number().int().min(1).max(65535).optional(),
  /** The TCP/UDP listeners' probe timeout, 1–300 s, whatever the HealthCheckType (HTTP listeners call it HealthCheckTimeout). */
  HealthCheckConnectTimeout: z.number().int().min(1).max(300).optional(),
  /** 1–50 s. */
  HealthCheckInterval: z.number().int().min(1).max(50).optional(),
  /**
   * Alias of HealthCheckInterval: the Create TCP/UDP listener actions document it in lower camel
   * case (DOMAIN §2.5). Folded into HealthCheckInterval; giving both with different values is an error.
   */
  healthCheckInterval: z.number().int().min(1).max(50).optional(),
  /** HTTP checks of a TCP listener: the path probed, 1–80 characters, starting with `/` (not only `/`). */
  HealthCheckURI: z
    .string()
    .min(1)
    .max(80)
    .regex(/^\//, 'must start with "/"')
    .regex(/^[A-Za-z0-9\-/.%?#&=_;~!()*[\]@$^:',+]*$/, "may contain only letters, digits and - / . % ? # & = _ ; ~ ! ( ) * [ ] @ $ ^ : ' , +")
    .optional(),
  /** HTTP checks of a TCP listener: the Host header, 1–80 letters, digits, `-` and `.`; or `$_ip`, the backend's private IP. Default: none. */
  HealthCheckDomain: z
    .string()
    .regex(/^([A-Za-z0-9.-]{1,80}|\$_ip)$/, 'must be 1–80 letters, digits, "-" and ".", or $_ip')
    .optional(),
  /** HTTP checks of a TCP listener: the status classes counted healthy, comma-separated [http_2xx]. */
  HealthCheckHttpCode: z
    .string()
    .refine((codes) => {
      const list = codes.split(',');
      return list.every((c) => (HTTP_CODES as readonly string[]).includes(c)) && new Set(list).size === list.length;
    }, `must be a comma-separated list of distinct ${HTTP_CODES.join(', ')}`)
    .optional(),
  HealthyThreshold: z.number().int().min(2).max(10).default(3),
  UnhealthyThreshold: z.number().int().min(2).max(10).default(3),
  ConnectionDrain: z.enum(['on', 'off']).default('off'),
  ConnectionDrainTimeout: z.number().int().min(10).max(900).default(300),
  /**
   * FULLNAT without the client address: the backend sees the LVS local address as the client.
   * Off (default), LVS carries the real client address to the backend in a TCP option (TOA).
   */
  FullNatEnabled: z.boolean().default(false),
  ...masterSlaveListenerField,
  ...l7ListenerFields,
  ...listenerAclFields,
});

const HTTP_CHECK_FIELDS = ['HealthCheckURI', 'HealthCheckDomain', 'HealthCheckHttpCode'] as const;

/** Rules between one listener's fields, as the API enforces them. */
function checkListener(listener: z.output<typeof listenerObject>, ctx: z.RefinementCtx): void {
  checkListenerAcl(listener, ctx);
  if (isLayer7(listener.ListenerProtocol)) return checkL7Listener(listener, ctx);
  checkL7FieldsAbsent(listener, ctx);
  if (listener.HealthCheckURI === '/') ctx.addIssue({ code: 'custom', path: ['HealthCheckURI'], message: 'must be a path, not only "/"' });
  const udp = listener.ListenerProtocol === 'udp';
  if (listener.Scheduler === 'qch' && !udp) {
    ctx.addIssue({ code: 'custom', path: ['Scheduler'], message: 'qch keys on the QUIC connection ID, which only UDP carries: UDP listeners only (use sch or tch on TCP)' });
  }
  if (listener.healthCheckInterval !== undefined && listener.HealthCheckInterval !== undefined && listener.healthCheckInterval !== listener.HealthCheckInterval) {
    ctx.addIssue({
      code: 'custom',
      path: ['healthCheckInterval'],
      message: `alias of HealthCheckInterval, which is ${listener.HealthCheckInterval}: give one of them, or the same value in both`,
    });
  }
  if (udp && listener.HealthCheckType === 'http') {
    ctx.addIssue({ code: 'custom', path: ['HealthCheckType'], message: 'http health checks are for TCP listeners; a UDP listener probes with UDP datagrams (leave HealthCheckType out)' });
  }
  for (const field of HTTP_CHECK_FIELDS) {
    if (listener[field] === undefined) continue;
    if (udp) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is for TCP listeners with HealthCheckType http; UDP listeners have no HTTP health check` });
    else if (listener.HealthCheckType !== 'http') ctx.addIssue({ code: 'custom', path: [field], message: `${field} applies only with HealthCheckType http (this listener checks with tcp)` });
  }
}

export function isLayer7(protocol: string): protocol is 'http' | 'https' {
  return protocol === 'http' || protocol === 'https';
}

/** HTTP/HTTPS fields on a TCP/UDP listener: the HTTP listeners' names, so the message says which to use. */
function checkL7FieldsAbsent(listener: z.output<typeof listenerObject>, ctx: z.RefinementCtx): void {
  for (const field of L7_ONLY_FIELDS) {
    if (listener[field] === undefined) continue;
    const message =
      field === 'HealthCheckTimeout'
        ? 'unknown field; did you mean "HealthCheckConnectTimeout"? HealthCheckTimeout is the HTTP/HTTPS listeners\' name; TCP/UDP listeners use HealthCheckConnectTimeout whatever the HealthCheckType'
        : `${field} applies to HTTP/HTTPS listeners only; this listener is ${listener.ListenerProtocol.toUpperCase()}`;
    ctx.addIssue({ code: 'custom', path: [field], message });
  }
}

/** The API's rules within one HTTP/HTTPS listener. */
function checkL7Listener(listener: z.output<typeof listenerObject>, ctx: z.RefinementCtx): void {
  const https = listener.ListenerProtocol === 'https';
  const issue = (field: string, message: string): void => ctx.addIssue({ code: 'custom', path: [field], message });
  if (!['wrr', 'wlc', 'rr'].includes(listener.Scheduler)) issue('Scheduler', `${listener.Scheduler} is a layer-4 scheduler; HTTP/HTTPS listeners balance with wrr, wlc or rr`);
  for (const field of ['HealthCheckType', 'HealthCheckConnectTimeout', 'EstablishedTimeout', 'PersistenceTimeout', 'FullNatEnabled', 'ConnectionDrain', 'ConnectionDrainTimeout'] as const) {
    // These have defaults, so only a value the user set differently is an error.
    if (field === 'HealthCheckType' && listener.HealthCheckType !== 'tcp') issue(field, 'HTTP/HTTPS listeners always check with HTTP: leave HealthCheckType out');
    if (field === 'HealthCheckConnectTimeout' && listener.HealthCheckConnectTimeout !== undefined) issue(field, 'HTTP/HTTPS listeners call the probe timeout HealthCheckTimeout');
    if (field === 'PersistenceTimeout' && listener.PersistenceTimeout !== 0) issue(field, 'HTTP/HTTPS listeners keep sessions with StickySession cookies, not PersistenceTimeout');
    if (field === 'FullNatEnabled' && listener.FullNatEnabled) issue(field, 'a TCP/UDP listener setting: Tengine terminates HTTP connections and adds X-Forwarded-For');
  }
  for (const field of HTTPS_ONLY_FIELDS) if (!https && listener[field] !== undefined) issue(field, `${field} applies to HTTPS listeners only`);
  for (const field of HTTP_ONLY_FIELDS) if (https && listener[field] !== undefined) issue(field, `${field} applies to HTTP listeners only (an HTTPS listener cannot redirect to itself)`);
  if (https && listener.ServerCertificateId === undefined) issue('ServerCertificateId', 'an HTTPS listener needs a server certificate (ServerCertificateId)');
  if (listener.ListenerForward === 'on' && listener.ForwardPort === undefined) issue('ForwardPort', 'ListenerForward on needs ForwardPort: the HTTPS listener to redirect to');
  if (listener.StickySession === 'on') {
    if (listener.StickySessionType === undefined) issue('StickySessionType', 'StickySession on needs StickySessionType: insert or server');
    if (listener.StickySessionType === 'insert' && listener.CookieTimeout === undefined) issue('CookieTimeout', 'StickySessionType insert needs CookieTimeout (1–86400 s)');
    if (listener.StickySessionType === 'server' && listener.Cookie === undefined) issue('Cookie', 'StickySessionType server needs Cookie: the name of the cookie your application sets');
  } else {
    for (const field of ['StickySessionType', 'CookieTimeout', 'Cookie'] as const) if (listener[field] !== undefined) issue(field, `${field} applies only with StickySession on`);
  }
  const rules = listener.Rules ?? [];
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (rule.Domain === undefined && rule.Url === undefined) ctx.addIssue({ code: 'custom', path: ['Rules', i], message: 'a rule needs a Domain, a Url or both' });
    const key = `${(rule.Domain ?? '').toLowerCase()} ${rule.Url ?? ''}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['Rules', i, 'Url'], message: `rule ${seen.get(key)} already forwards this Domain and Url (DomainExist)` });
    seen.set(key, i);
    if (rules.findIndex((r) => r.RuleId === rule.RuleId) !== i) ctx.addIssue({ code: 'custom', path: ['Rules', i, 'RuleId'], message: `${rule.RuleId} is used twice` });
  });
}

export const listenerSchema = listenerObject.superRefine(checkListener).transform(({ healthCheckInterval, ...listener }) => {
  const interval = listener.HealthCheckInterval ?? healthCheckInterval;
  if (!isLayer7(listener.ListenerProtocol)) {
    return { ...listener, HealthCheckInterval: interval, HealthCheckHttpCode: listener.HealthCheckHttpCode ?? (listener.HealthCheckType === 'http' && listener.ListenerProtocol === 'tcp' ? 'http_2xx' : undefined) };
  }
  const https = listener.ListenerProtocol === 'https';
  // The API's defaults for HTTP/HTTPS listeners, written out so exports and the console show them.
  return {
    ...listener,
    HealthCheckInterval: interval ?? 2,
    HealthCheckTimeout: listener.HealthCheckTimeout ?? 5,
    HealthCheckURI: listener.HealthCheckURI ?? '/',
    HealthCheckHttpCode: listener.HealthCheckHttpCode ?? 'http_2xx',
    HealthCheckMethod: listener.HealthCheckMethod ?? 'head',
    Rules: listener.Rules ?? [],
    XForwardedFor: 'on' as const,
    XForwardedFor_SLBIP: listener.XForwardedFor_SLBIP ?? 'off',
    XForwardedFor_SLBID: listener.XForwardedFor_SLBID ?? 'off',
    XForwardedFor_proto: listener.XForwardedFor_proto ?? 'off',
    StickySession: listener.StickySession ?? 'off',
    IdleTimeout: listener.IdleTimeout ?? 15,
    RequestTimeout: listener.RequestTimeout ?? 60,
    Gzip: listener.Gzip ?? 'on',
    ...(https
      ? { TLSCipherPolicy: listener.TLSCipherPolicy ?? 'tls_cipher_policy_1_0', EnableHttp2: listener.EnableHttp2 ?? 'on', DomainExtensions: listener.DomainExtensions ?? [] }
      : { ListenerForward: listener.ListenerForward ?? 'off', ...(listener.ListenerForward === 'on' ? { ForwardCode: listener.ForwardCode ?? 301 } : {}) }),
  };
});

/**
 * An ECS instance of the region: what the server is and how it behaves. Load balancers attach it
 * by ServerId (`backendServers`, VServer groups); the API cannot create or change instances, so
 * they are fixed for a run, and the engine's backend index is this list's order.
 */
export const ecsInstanceSchema = z.strictObject({
  ServerId: z.string().regex(/^i-[a-z0-9]{2,32}$/, 'must look like i-xxxx (lower-case letters and digits)'),
  ZoneId: z.string().min(1).default('cn-hangzhou-h'),
  PrivateIp: z.ipv4(),
  /** Mean time the application takes to answer one request, 0.001 ms–1 h. */
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

/**
 * One server of the load balancer's default server group (AddBackendServers): an ECS instance by
 * ServerId, with its weight. Only what the API sets lives here; the server itself is in `ecsInstances`.
 */
export const backendServerSchema = z.strictObject({
  ServerId: z.string().regex(/^i-[a-z0-9]{2,32}$/, 'must look like i-xxxx (lower-case letters and digits)'),
  Weight: z.number().int().min(0).max(100).default(100),
  Type: z.enum(['ecs', 'eni']).default('ecs'),
  Description: z.string().max(80).optional(),
});

/** At most 60 load balancers in a scenario: the SLB default quota of instances per region. */
export const MAX_LOAD_BALANCERS = 60;

/**
 * One load balancer of the region as the file holds it: its attributes, then what belongs to it —
 * listeners, its default server group (`backendServers`), VServer groups and master-slave groups.
 * In memory the scenario keeps these lists flat, each item naming its `LoadBalancerId`
 * (load-balancers.ts), so the engine reads every listener alike.
 */
export const loadBalancerSchema = loadBalancerAttributesSchema
  .extend({
    listeners: z.array(listenerSchema).max(50, 'an instance has at most 50 listeners').default([]),
    /** The default server group: ECS instances by ServerId, with weights. */
    backendServers: z.array(backendServerSchema).max(200, 'an instance has at most 200 backend servers').default([]),
    /** VServer groups of the instance's listeners and their rules; servers are ecsInstances by ServerId. */
    vServerGroups: z.array(vServerGroupSchema).max(200).default([]),
    /** Master-slave server groups of TCP/UDP listeners (master-slave-schema.ts). */
    masterSlaveServerGroups: masterSlaveServerGroupsSchema,
  })
  .prefault({});

/**
 * One accepted change of a run, at the simulated time it was made: an API call (its action and
 * parameters, as sent, transport fields left out) or a live fault. Replaying the journal over the
 * scenario reproduces the run, trace hash included.
 */
export const journalEntrySchema = z.strictObject({
  atUs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  source: z.enum(['api', 'fault']),
  action: z.string().min(1).max(100),
  params: z.record(z.string(), z.string()).default({}),
});
export type JournalEntry = z.output<typeof journalEntrySchema>;

export { sizeSchema, type SizeSpec } from './size-schema';
import { sizeSchema } from './size-schema';

export const clientPopulationSchema = z.strictObject({
  id: z.string().min(1).max(40).default('clients'),
  /**
   * Which load balancer the clients connect to; may be left out when the scenario has one (it is
   * then filled in), required when it has several.
   */
  LoadBalancerId: z.string().min(1).optional(),
  /** Which listener of that load balancer the clients connect to. */
  ListenerPort: z.number().int().min(1).max(65535),
  /** Distinct client addresses; connections pick one uniformly. */
  clientIps: z.number().int().min(1).max(1_000_000).default(1000),
  /** Where client ports start; each new connection takes the next port of its population. */
  arrival: z
    .strictObject({
      type: z.enum(['poisson', 'constant', 'ramp', 'burst']).default('poisson'),
      /** 0.000001–1,000,000 per second: the engine opens at most one arrival per µs. */
      connectionsPerSecond: ratePerS(MAX_RATE_PER_S).default(50),
      /** ramp: the rate goes linearly from connectionsPerSecond to rampToPerSecond over rampSeconds. Same range. */
      rampToPerSecond: ratePerS(MAX_RATE_PER_S).optional(),
      rampSeconds: timeS(86_400).default(60),
      /**
       * burst: every burstEverySeconds (1 µs–1 day), burstSize connections arrive at once (on top of
       * nothing else); on average at most 1,000,000 connections/s, like the other arrival types.
       */
      burstEverySeconds: timeS(86_400).default(10),
      burstSize: z.number().int().min(1).max(1_000_000).default(100),
      /** Stop opening connections after this many seconds (default: never). */
      stopAfterSeconds: z.number().positive().optional(),
      /** Open at most this many connections in total (default: unlimited). */
      maxConnections: z.number().int().min(1).optional(),
      /**
       * A daily cycle: 24 multipliers of the rate, one per UTC+8 clock hour (index 0 is 00:00–01:00),
       * on the billing clock (`billing.startTime`). Each 0–1000; at least one above 0. Default: flat.
       */
      dailyProfile: z
        .array(z.number().min(0).max(1000), 'a list of 24 multipliers, one per UTC+8 clock hour')
        .length(24, 'needs exactly 24 multipliers, one per UTC+8 clock hour (index 0 is 00:00–01:00)')
        .refine((hours) => hours.some((m) => m > 0), 'at least one hour must be above 0, or no connection would ever arrive')
        .optional(),
      /** Saturdays and Sundays (UTC+8) multiply the rate by this as well: 0–1000, default 1. */
      weekendFactor: z.number().min(0).max(1000).optional(),
    })
    .prefault({}),
  requestBytes: sizeSchema.default(400),
  responseBytes: sizeSchema.default(8000),
  /** Request/response exchanges per connection (keep-alive). */
  exchanges: z.number().int().min(1).max(10_000).default(1),
  /** Pause between a response and the next request: 0, or 0.001 ms–1 h. */
  thinkTimeMs: delayMs(3_600_000).default(0),
  /** Delay between the handshake completing and the first request: 0, or 0.001 ms–1 h. */
  requestDelayMs: delayMs(3_600_000).default(0),
  /** TCP retransmission: first timeout, doubled on each retry, and how many retries before giving up. */
  rtoMs: z.number().min(1).max(60_000).default(1000),
  maxRetries: z.number().int().min(0).max(15).default(5),
  /** UDP flows: datagrams per flow, their size, and the gap between them (0.001 ms–1 h: at most one per µs). */
  datagrams: z.number().int().min(1).max(1_000_000).default(10),
  datagramBytes: z.number().int().min(1).max(65_507).default(512),
  datagramIntervalMs: timeMs(3_600_000).default(100),
  /**
   * UDP flows: after this many datagrams the client's address and port change (NAT rebinding, a
   * phone switching networks); its QUIC connection ID stays the same. Default: never. Only for
   * populations of a UDP listener (checked in the scenario's cross-field rules).
   */
  addressChangeAfterDatagrams: z.number().int().min(1).max(1_000_000).optional(),
  /** HTTP/HTTPS listeners: what requests look like, cookies, HTTP/2 (defaults apply when left out). */
  http: httpClientSchema.optional(),
  /** HTTPS listeners: the clients' TLS versions, session resumption and client certificates. */
  tls: tlsClientSchema.optional(),
});

export const networkSchema = z
  .strictObject({
    /** One-way latency between clients and the SLB edge, across the Internet; 0.001 ms–1 h. */
    internetLatencyMs: positiveMs.default(20),
    /** One-way latency of a hop inside the region (router↔LVS↔ECS); 0.001 ms–1 h. */
    internalLatencyMs: positiveMs.default(0.2),
    mssBytes: z.number().int().min(536).max(9000).default(1460),
    /**
     * Bandwidth caps (listener and paybybandwidth instance `Bandwidth`): the longest a packet may
     * wait in a limiter's queue before it is dropped instead: 0 (a pure policer) or 0.001–10 000 ms
     * (docs/LAYER4.md, "Bandwidth caps").
     */
    bandwidthQueueMs: delayMs(10_000).default(100),
    /** Bandwidth caps: the burst a limiter lets through at once, as time at its rate (rate × this = bucket size): 0 or 0.001–1000 ms. */
    bandwidthBurstMs: delayMs(1000).default(10),
  })
  .prefault({});

export const clusterSchema = z
  .strictObject({
    lvsNodes: z.number().int().min(1).max(32).default(4),
    tengineNodes: z.number().int().min(0).max(32).default(2),
    keyServers: z.number().int().min(0).max(8).default(1),
    tengine: tengineSettingsSchema,
    keyServer: keyServerSettingsSchema,
    ecmpMode: z.enum(['modulo', 'resilient', 'hash-threshold']).default('modulo'),
    /** How long the router keeps sending to a failed LVS node (OSPF dead interval); planned maintenance withdraws at once. */
    withdrawalDelayS: z.number().min(0).max(600).default(12),
    /**
     * The secondary zone's cluster (the first load balancer's SlaveZoneId): LVS nodes `lvs-(lvsNodes+1)`…
     * and Tengine nodes `tengine-(tengineNodes+1)`…, idle while the VIP lives in the primary zone.
     * None by default, so a scenario's topology and trace stay what they were before zones existed.
     */
    standby: z
      .strictObject({
        lvsNodes: z.number().int().min(0).max(32).default(0),
        tengineNodes: z.number().int().min(0).max(32).default(0),
      })
      .prefault({}),
    /** When every primary-zone LVS node is down, the VIP moves to the secondary zone after this long (and back as long after one recovers); DOMAIN §5: about 30 s. */
    zoneFailoverDelayS: z.number().min(0).max(600).default(30),
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
      .strictObject({
        /**
         * Sync at client packet `threshold[0]`, then every `threshold[1]` packets (IPVS sync_threshold).
         * The first must be below the period, as the kernel's sysctl handler insists.
         */
        threshold: z
          .tuple([z.number().int().min(1).max(254), z.number().int().min(2).max(255)])
          .refine(([first, period]) => first < period, 'threshold [first, period]: first must be less than period (IPVS sync_threshold rejects first ≥ period)')
          .default([3, 50]),
        /** Batch records like ip_vs_sync.c; off sends each record at once (zero batching delay). */
        batching: z.boolean().default(true),
        recordsPerMessage: z.number().int().min(1).max(1000).default(40),
        /** 0 (at once), or 0.001 ms–10 s. */
        fullBufferDelayMs: delayMs(10_000).default(20),
        /** 0, or 0.001 ms–60 s. */
        maxBufferAgeMs: delayMs(60_000).default(2000),
        /** How often each node looks at its buffer: 0.001 ms (one look per µs per node)–60 s. */
        checkIntervalMs: timeMs(60_000).default(1000),
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

const faultSchema = z.strictObject({
  atS: z.number().min(0),
  action: z.enum([
    'crash',
    'upgrade',
    'recover',
    'partition-sync',
    'heal-sync',
    'backend-down',
    'backend-up',
    'backend-slow',
    'backend-refuse',
    'backend-remove',
    'backend-weight',
    'tengine-crash',
    'tengine-recover',
    'keyserver-down',
    'keyserver-up',
    'keyserver-slow',
    'backend-errors',
    'link-loss',
    'link-latency',
    'link-oneway',
    'link-heal',
    'zone-down',
    'zone-up',
  ]),
  /**
   * `lvs-N` for node faults, `tengine-N`, `keyserver-N`, a ServerId for backend faults, omitted for
   * cluster-wide sync faults; `a->b` (topology node keys, e.g. `lvs-1->ecs:i-abc`) for link faults;
   * a zone ID (`cn-hangzhou-b`) for zone-down / zone-up.
   */
  target: z.string().optional(),
  /** New weight for backend-weight. */
  weight: z.number().int().min(0).max(100).optional(),
  /** The fault clears itself (its clearing action) this many seconds after atS; > 0, at most a year. */
  durationS: z.number().gt(0).max(31_536_000).optional(),
  /** backend-errors: the fraction of requests answered with an error, 0–1. */
  errorRate: z.number().min(0).max(1).optional(),
  /** link-loss: the fraction of packets lost on the link, 0–1. */
  lossRate: z.number().min(0).max(1).optional(),
  /** link-latency: milliseconds added to the link's one-way latency, > 0, at most 60,000. */
  addedMs: z.number().gt(0).max(60_000).optional(),
});
export type Fault = z.output<typeof faultSchema>;

const egressCallSizes = {
  requestBytes: sizeSchema.default(1000),
  responseBytes: sizeSchema.default(4000),
  /** Time the remote side takes to answer; 0.001 ms–1 h. */
  remoteServiceMs: positiveMs.default(20),
};

export const egressSchema = z
  .strictObject({
    /** EIPs bound to ECS instances (`InstanceId` is a ServerId). */
    eips: z.array(z.strictObject({ AllocationId: z.string().min(1), IpAddress: z.ipv4(), InstanceId: z.string().min(1) })).default([]),
    natGateways: z
      .array(
        z.strictObject({
          NatGatewayId: z.string().min(1),
          /** The EIP bound to the NAT gateway: SNAT traffic leaves through it (its configuration fee is charged). */
          eipAddress: z.ipv4().default('47.100.30.30'),
          /** Backends with an SNAT entry. */
          snatServerIds: z.array(z.string()).default([]),
          /** DNAT entries: Internet traffic to the NAT's EIP on ExternalPort reaches exactly one ECS. */
          dnatEntries: z.array(z.strictObject({ ExternalPort: z.number().int().min(1).max(65535), ServerId: z.string().min(1), InternalPort: z.number().int().min(1).max(65535).default(80) })).default([]),
        }),
      )
      .default([]),
    /** Backend-initiated calls to Internet hosts (e.g. an external API). */
    workloads: z
      .array(
        z.strictObject({
          id: z.string().min(1).default('egress'),
          /** Which backends make the calls; each runs its own Poisson process at callsPerSecond (0.000001–100,000/s). */
          serverIds: z.array(z.string()).min(1),
          callsPerSecond: ratePerS(100_000).default(5),
          destination: z.string().min(1).default('api.example.com'),
          ...egressCallSizes,
        }),
      )
      .default([]),
    /** Internet-initiated traffic to an EIP bound to an ECS, or to a NAT DNAT entry (`NatGatewayId:ExternalPort`). */
    inbound: z
      .array(
        z.strictObject({
          id: z.string().min(1).default('inbound'),
          target: z.string().min(1),
          /** Poisson, 0.000001–100,000 requests/s. */
          requestsPerSecond: ratePerS(100_000).default(5),
          ...egressCallSizes,
        }),
      )
      .default([]),
  })
  .prefault({});

/** The price table's own shape: which names are numbers and which are records (and their keys). */
const PRICE_SHAPE = PRICE_TABLES['mainland-china'];
const PRICE_KEYS = Object.keys(PRICE_SHAPE);

function unknownName(what: string, name: string, valid: readonly string[]): string {
  const guess = closest(name, valid);
  return guess ? `unknown ${what}; did you mean "${guess}"?` : `unknown ${what}; valid: ${valid.join(', ')}`;
}

/** Every override must name a price the table has, with the table's kind of value (number or record). */
function checkPriceOverrides(overrides: Record<string, number | Record<string, number>>, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(PRICE_SHAPE, key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: unknownName('price', key, PRICE_KEYS) });
      continue;
    }
    const base = PRICE_SHAPE[key as keyof typeof PRICE_SHAPE];
    if (typeof base === 'number') {
      if (typeof value !== 'number') ctx.addIssue({ code: 'custom', path: [key], message: 'must be a number (a price ≥ 0)' });
      continue;
    }
    if (typeof value === 'number') {
      ctx.addIssue({ code: 'custom', path: [key], message: `must be an object of prices by name (${Object.keys(base).join(', ')})` });
      continue;
    }
    for (const inner of Object.keys(value)) {
      if (!Object.hasOwn(base, inner)) ctx.addIssue({ code: 'custom', path: [key, inner], message: unknownName(`${key} entry`, inner, Object.keys(base)) });
    }
  }
}

export const billingSchema = z
  .strictObject({
    /** Price region; default: derived from the load balancer's RegionId (which must be known either way). */
    priceRegion: z.enum(PRICE_REGIONS).optional(),
    /** When simulated time 0 falls, as a UTC+8 wall-clock time: hourly items count every clock hour touched. */
    startTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'must be a UTC+8 local time like 2026-01-01T09:30:00').default('2026-01-01T09:30:00'),
    /** spec-2021: public IP retention + spec fee by actual use; instance-2024: the 0.021/h instance fee + spec fee. */
    feeModel: z.enum(['spec-2021', 'instance-2024']).default('spec-2021'),
    /**
     * Overrides for any number in the price table (the fields of PriceTable in
     * src/engine/billing/prices.ts; `specPerHour` by specification). Unknown names are errors.
     */
    priceOverrides: z
      .record(z.string(), z.union([z.number().min(0), z.record(z.string(), z.number().min(0))]))
      .superRefine(checkPriceOverrides)
      .default({}),
  })
  .prefault({});

const scenarioObject = z.strictObject({
    /** Editors' JSON-schema pointer; allowed so such files load, ignored by the engine. */
    $schema: z.string().optional(),
    /** Always SCENARIO_VERSION after migrate.ts has upgraded older files. */
    version: z.literal(SCENARIO_VERSION, `must be ${SCENARIO_VERSION} (migrate.ts upgrades versions 1 to ${SCENARIO_VERSION - 1})`).default(SCENARIO_VERSION),
    name: z.string().min(1).max(80).default('untitled'),
    description: z.string().max(2000).default(''),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
    /** The region's load balancers, each with its listeners and attachments; at least one. */
    loadBalancers: z
      .array(loadBalancerSchema)
      .min(1, 'a scenario simulates at least one load balancer')
      .max(MAX_LOAD_BALANCERS, `at most ${MAX_LOAD_BALANCERS} load balancers (the default quota of instances per region)`)
      .prefault([{}]),
    cluster: clusterSchema,
    network: networkSchema,
    /** The region's ECS instances, by ServerId; load balancers attach them. */
    ecsInstances: z.array(ecsInstanceSchema).max(1000, 'at most 1000 ECS instances').default([]),
    serverCertificates: z.array(serverCertificateSchema).max(100).default([]),
    caCertificates: z.array(caCertificateSchema).max(100).default([]),
    /** Access control lists (CreateAccessControlList); listeners apply one with AclStatus, AclType, AclId. */
    acls: aclsSchema,
    clients: z.array(clientPopulationSchema).max(1000, 'at most 1000 client populations').default([]),
    egress: egressSchema,
    billing: billingSchema,
    faults: z.array(faultSchema).default([]),
    /** Changes made while the run played, in time order; replayed on load (see JournalEntry). */
    journal: z.array(journalEntrySchema).max(100_000).default([]),
  });
/** The scenario as a file holds it: load balancers nested with their lists. */
export type ScenarioFile = z.output<typeof scenarioObject>;
/** The scenario's fields, flat (load-balancers.ts), before the rules that span several of them. */
export type ScenarioFields = FlatScenario<Omit<ScenarioFile, 'loadBalancers' | 'clients'>>;

export const scenarioSchema = scenarioObject
  .superRefine((file, ctx) => {
    checkLoadBalancers(file, ctx);
    // The rules read the flat lists; their issues are reported at the file's nested paths.
    const { scenario, paths } = flattenScenario(file);
    const sink: IssueSink = { addIssue: (issue) => ctx.addIssue({ ...issue, path: toFilePath(paths, issue.path ?? []) }) };
    checkScenario(scenario, sink);
    checkLayer7(scenario, sink);
    checkMasterSlave(scenario, sink);
  })
  // `$schema` is for editors only: accepted above, and gone from what the engine sees.
  .transform(({ $schema: _editorsOnly, ...file }) => flattenScenario(file).scenario);

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Listener = ScenarioListener;
export type BackendServer = Attachment;
export type EcsInstance = Scenario['ecsInstances'][number];
export type ClientPopulation = Population;
export type LoadBalancer = LoadBalancerAttributes;
export type VServerGroupSpec = Scenario['vServerGroups'][number];
export type ServerCertificate = Scenario['serverCertificates'][number];
