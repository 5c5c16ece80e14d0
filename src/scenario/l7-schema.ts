import { z } from 'zod';
import { sizeSchema } from './size-schema';

/**
 * The layer-7 parts of a scenario (DOMAIN §3, §4, §7): the HTTP/HTTPS listener fields with the
 * SLB API's names, ranges and defaults, VServer groups, forwarding rules, certificates, what
 * HTTP clients send, and the Tengine and Key Server settings. schema.ts assembles them.
 */

const onOff = z.enum(['on', 'off']);

/** A forwarding rule (CreateRules): domain and/or URL → VServer group. */
export const forwardingRuleSchema = z.strictObject({
  RuleId: z.string().regex(/^rule-[a-z0-9]{1,32}$/, 'must look like rule-xxxx (lower-case letters and digits)'),
  RuleName: z.string().min(1).max(40).optional(),
  /** Exact (`www.example.com`) or wildcard (`*.example.com`); letters, digits, `-`, `.`, a leading `*.`. */
  Domain: z
    .string()
    .max(80)
    .regex(/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be a domain name such as www.example.com or *.example.com')
    .optional(),
  /** A path prefix starting with `/`, not just `/`, 1–80 characters. */
  Url: z
    .string()
    .max(80)
    .regex(/^\/[A-Za-z0-9\-/.%?#&=_~:@!$'()*+,;]*$/, 'must start with "/" and contain only URL characters')
    .refine((url) => url !== '/', 'must be a path, not only "/" (the listener itself serves "/")')
    .optional(),
  VServerGroupId: z.string().min(1),
});
export type ForwardingRuleSpec = z.output<typeof forwardingRuleSchema>;

/** An extra HTTPS domain with its own certificate (SNI; CreateDomainExtension). */
const domainExtensionSchema = z.strictObject({
  Domain: z.string().regex(/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be a domain name such as www.example.com or *.example.com'),
  ServerCertificateId: z.string().min(1),
});

export const TLS_CIPHER_POLICIES = ['tls_cipher_policy_1_0', 'tls_cipher_policy_1_1', 'tls_cipher_policy_1_2', 'tls_cipher_policy_1_2_strict', 'tls_cipher_policy_1_2_strict_with_1_3'] as const;
export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

/**
 * HTTP/HTTPS listener fields (CreateLoadBalancerHTTPListener / …HTTPSListener). They are optional
 * in the listener object shared with TCP/UDP; the listener's transform fills the defaults for
 * HTTP/HTTPS listeners, and the cross-field rules reject them on TCP/UDP listeners, except
 * `VServerGroupId`, which TCP/UDP listeners take too (CreateLoadBalancerTCPListener …).
 */
export const l7ListenerFields = {
  /**
   * The listener's VServer group: HTTP/HTTPS requests no rule claims go there, TCP/UDP connections
   * are all scheduled onto its members (each on its own Port); else the default server group.
   */
  VServerGroupId: z.string().min(1).optional(),
  /** Forwarding rules (CreateRules), at most 40 per listener. */
  Rules: z.array(forwardingRuleSchema).max(40, 'a listener has at most 40 forwarding rules (TooManyRules)').optional(),
  /** Always on: SLB appends the client address to X-Forwarded-For. */
  XForwardedFor: z.literal('on', 'is always on: SLB always adds X-Forwarded-For').optional(),
  XForwardedFor_SLBIP: onOff.optional(),
  XForwardedFor_SLBID: onOff.optional(),
  XForwardedFor_proto: onOff.optional(),
  StickySession: onOff.optional(),
  /** `insert`: SLB sets a SERVERID cookie; `server`: SLB rewrites the application's cookie named in `Cookie`. */
  StickySessionType: z.enum(['insert', 'server']).optional(),
  /** insert: the SERVERID cookie's lifetime, 1–86400 s. */
  CookieTimeout: z.number().int().min(1).max(86_400).optional(),
  /** server: the name of the application's own cookie, 1–200 characters. */
  Cookie: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~)')
    .optional(),
  /** Client keep-alive idle timeout, 1–60 s [15]. */
  IdleTimeout: z.number().int().min(1).max(60).optional(),
  /** How long Tengine waits for a backend's response, 1–180 s [60]: then 504. */
  RequestTimeout: z.number().int().min(1).max(180).optional(),
  Gzip: onOff.optional(),
  /** HTTP listeners: redirect every request to the HTTPS listener on ForwardPort. */
  ListenerForward: onOff.optional(),
  ForwardPort: z.number().int().min(1).max(65535).optional(),
  ForwardCode: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).optional(),
  /** The HTTP listeners' probe timeout, 1–300 s [5]. */
  HealthCheckTimeout: z.number().int().min(1).max(300).optional(),
  HealthCheckMethod: z.enum(['head', 'get']).optional(),
  ServerCertificateId: z.string().min(1).optional(),
  /** Set: mutual TLS; clients without a valid client certificate are rejected. */
  CACertificateId: z.string().min(1).optional(),
  TLSCipherPolicy: z.enum(TLS_CIPHER_POLICIES).optional(),
  EnableHttp2: onOff.optional(),
  DomainExtensions: z.array(domainExtensionSchema).max(3, 'a listener has at most 3 extra domains').optional(),
};

/** The HTTP/HTTPS-only field names, for the rule that rejects them on TCP/UDP listeners (every listener takes a VServerGroupId). */
export const L7_ONLY_FIELDS = (Object.keys(l7ListenerFields) as (keyof typeof l7ListenerFields)[]).filter((f) => f !== 'VServerGroupId');
export const HTTPS_ONLY_FIELDS = ['ServerCertificateId', 'CACertificateId', 'TLSCipherPolicy', 'EnableHttp2', 'DomainExtensions'] as const;
export const HTTP_ONLY_FIELDS = ['ListenerForward', 'ForwardPort', 'ForwardCode'] as const;

/** A VServer group: servers (by ServerId) with their own port and weight (CreateVServerGroup). */
export const vServerGroupSchema = z.strictObject({
  VServerGroupId: z.string().regex(/^rsp-[a-z0-9]{1,32}$/, 'must look like rsp-xxxx (lower-case letters and digits)'),
  VServerGroupName: z.string().max(80).default(''),
  BackendServers: z
    .array(
      z.strictObject({
        ServerId: z.string().min(1),
        Port: z.number().int().min(1).max(65535).default(80),
        Weight: z.number().int().min(0).max(100).default(100),
      }),
    )
    .max(200)
    .default([]),
});
export type VServerGroup = z.output<typeof vServerGroupSchema>;

const utcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/, 'must be a UTC time like 2027-01-01T00:00:00Z');

/** SHA-1 of the certificate's DER, lower-case hex bytes joined by colons, as the API shows it. */
const fingerprint = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){19}$/, 'must be a SHA-1 fingerprint: 20 lower-case hex bytes joined by colons');

/**
 * A server certificate's facts (UploadServerCertificate reads them from the PEM). The PEM and its
 * private key are never kept: scenarios are shared as files and links.
 */
export const serverCertificateSchema = z.strictObject({
  ServerCertificateId: z.string().min(1),
  ServerCertificateName: z.string().max(80).default(''),
  CommonName: z.string().min(1).default('www.example.com'),
  SubjectAlternativeNames: z.array(z.string().min(1)).default([]),
  /** After this instant (simulated), clients fail validation. */
  ExpireTime: utcTime.default('2099-01-01T00:00:00Z'),
  /** The key type decides the Key Server's operation: an RSA decryption or an ECDSA signature. */
  EncryptionAlgorithm: z.enum(['RSA', 'ECC']).default('RSA'),
  /** Set by UploadServerCertificate; hand-written scenarios may leave it out. */
  Fingerprint: fingerprint.optional(),
});
export const caCertificateSchema = z.strictObject({
  CACertificateId: z.string().min(1),
  CACertificateName: z.string().max(80).default(''),
  ExpireTime: utcTime.default('2099-01-01T00:00:00Z'),
  /** Set by UploadCACertificate from the certificate's subject, when it has a common name. */
  CommonName: z.string().min(1).optional(),
  Fingerprint: fingerprint.optional(),
});

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
/** Methods nginx retries on the next peer (proxy_next_upstream without non_idempotent). */
export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/** What one kind of request looks like; a population draws one per request by weight. */
const requestKindSchema = z.strictObject({
  weight: z.number().min(0).max(1e6).default(1),
  method: z.enum(METHODS).default('GET'),
  host: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be a host name, optionally with :port')
    .default('www.example.com'),
  /** The request target; each `*` becomes a random path segment, e.g. `/api/*` → `/api/k3f9`. Query allowed. */
  path: z
    .string()
    .min(1)
    .max(2000)
    .regex(/^\/[^\s#]*$/, 'must start with "/" and contain no spaces or #')
    .default('/'),
  contentType: z.string().min(1).max(100).default('text/html'),
  /** Overrides the population's requestBytes / responseBytes for this kind. */
  requestBytes: sizeSchema.optional(),
  responseBytes: sizeSchema.optional(),
});

/** How clients of an HTTP/HTTPS listener behave at layer 7. */
export const httpClientSchema = z
  .strictObject({
    mix: z
      .array(requestKindSchema)
      .min(1, 'needs at least one kind of request')
      .max(50)
      .refine((mix) => mix.some((k) => k.weight > 0), 'at least one kind needs a weight > 0')
      .default([{ weight: 1, method: 'GET', host: 'www.example.com', path: '/', contentType: 'text/html' }]),
    /** keep: clients send back the cookies they were given (sticky sessions work); drop: they never do. */
    cookies: z.enum(['keep', 'drop']).default('keep'),
    /** Clients that speak HTTP/2 use it when the HTTPS listener enables it. */
    http2: z.boolean().default(true),
    /** HTTP/2: requests a connection keeps in flight at once, 1–128. */
    streams: z.number().int().min(1).max(128).default(6),
  });
export type HttpClientSpec = z.output<typeof httpClientSchema>;

/** The TLS side of HTTPS clients. */
export const tlsClientSchema = z
  .strictObject({
    /** The highest TLS version the client offers; below the listener policy's minimum it fails. */
    maxVersion: z.enum(TLS_VERSIONS).default('1.3'),
    /** Chance that a returning client resumes its session (ticket) instead of a full handshake. */
    resumption: z.number().min(0).max(1).default(0.5),
    /** Whether the client presents a valid client certificate (mutual TLS). */
    clientCertificate: z.boolean().default(false),
  });
export type TlsClientSpec = z.output<typeof tlsClientSchema>;

/** Tengine cluster settings (nginx's defaults where SLB publishes none: DOMAIN §3). */
export const tengineSettingsSchema = z
  .strictObject({
    /** nginx max_fails: failed attempts within failTimeoutS that mark a backend down (0: never). */
    maxFails: z.number().int().min(0).max(100).default(1),
    /** nginx fail_timeout: how long failures count, and how long a marked-down backend rests. */
    failTimeoutS: z.number().min(0.001).max(3600).default(10),
    /** Gzip shrinks a compressible response to this fraction of its size. */
    gzipRatio: z.number().min(0.01).max(1).default(0.3),
    /** Idle upstream connections each Tengine node keeps per backend (nginx keepalive). */
    upstreamKeepalive: z.number().int().min(0).max(10_000).default(32),
  })
  .prefault({});

/** Key Server settings (Keyless SSL, DOMAIN §4). */
export const keyServerSettingsSchema = z
  .strictObject({
    /** An RSA-2048 private-key operation (decrypting the premaster secret), 0.001 ms–10 s. */
    rsaOpMs: z.number().min(0.001).max(10_000).default(1.5),
    /** An ECDSA P-256 signature, 0.001 ms–10 s. */
    ecdsaOpMs: z.number().min(0.001).max(10_000).default(0.1),
    /** Key operations one Key Server runs at once; more wait in its queue. */
    concurrency: z.number().int().min(1).max(1024).default(8),
    /** Operation time multiplier while the Key Server is slow (keyserver-slow). */
    slowFactor: z.number().min(1).max(10_000).default(20),
  })
  .prefault({});
