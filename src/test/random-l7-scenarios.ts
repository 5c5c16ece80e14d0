import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import fc from 'fast-check';
import type { ScenarioInput } from '../scenario/schema';

/** A random layer-7 scenario and the seed to run it with. */
export interface GeneratedL7 {
  scenario: ScenarioInput;
  seed: number;
}

const SERVER_IDS = ['i-a1', 'i-a2', 'i-a3', 'i-a4'];

/**
 * Random HTTP/HTTPS scenarios built to reach every layer-7 path: rules over VServer groups (some
 * with weight 0), sticky cookies, HTTP/2, short Request and Idle timeouts, refusing, slow and
 * down backends, and faults on Tengine nodes, the Key Server, backends and LVS nodes. Clients
 * stop after `stopAfterSeconds`, so a long enough run drains everything.
 */
export function randomL7(stopAfterSeconds = 3): fc.Arbitrary<GeneratedL7> {
  const fault = fc.record({
    atS: fc.double({ min: 0.1, max: 4, noNaN: true }),
    action: fc.constantFrom('tengine-crash', 'tengine-recover', 'keyserver-down', 'keyserver-up', 'keyserver-slow', 'backend-down', 'backend-up', 'backend-refuse', 'backend-remove', 'backend-slow', 'crash', 'recover'),
    node: fc.integer({ min: 1, max: 2 }),
    server: fc.constantFrom(...SERVER_IDS),
  });
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      https: fc.boolean(),
      scheduler: fc.constantFrom('wrr', 'wlc', 'rr'),
      sticky: fc.constantFrom('off', 'insert', 'server'),
      http2: fc.boolean(),
      streams: fc.integer({ min: 1, max: 6 }),
      requestTimeout: fc.integer({ min: 1, max: 4 }),
      idleTimeout: fc.integer({ min: 1, max: 3 }),
      groupWeights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }),
      conditions: fc.array(fc.constantFrom('healthy', 'healthy', 'healthy', 'slow', 'refusing', 'down'), { minLength: 4, maxLength: 4 }),
      serviceMs: fc.integer({ min: 1, max: 1500 }),
      cps: fc.integer({ min: 5, max: 60 }),
      exchanges: fc.integer({ min: 1, max: 6 }),
      thinkMs: fc.constantFrom(0, 50, 1500),
      cookies: fc.constantFrom('keep', 'drop'),
      resumption: fc.double({ min: 0, max: 1, noNaN: true }),
      healthCheck: fc.boolean(),
      faults: fc.array(fault, { maxLength: 5 }),
    })
    .map((g): GeneratedL7 => {
      const protocol = g.https ? 'https' : 'http';
      const scenario: ScenarioInput = oneLoadBalancer({
        cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
        serverCertificates: [{ ServerCertificateId: 'cert-1' }],
        listeners: [
          {
            ListenerProtocol: protocol,
            ListenerPort: 80,
            Scheduler: g.scheduler,
            HealthCheck: g.healthCheck ? 'on' : 'off',
            HealthCheckInterval: 1,
            HealthCheckTimeout: 1,
            UnhealthyThreshold: 2,
            HealthyThreshold: 2,
            RequestTimeout: g.requestTimeout,
            IdleTimeout: g.idleTimeout,
            ...(g.sticky === 'off' ? {} : g.sticky === 'insert' ? { StickySession: 'on', StickySessionType: 'insert', CookieTimeout: 2 } : { StickySession: 'on', StickySessionType: 'server', Cookie: 'SID' }),
            ...(g.https ? { ServerCertificateId: 'cert-1', EnableHttp2: g.http2 ? 'on' : 'off' } : {}),
            Rules: [
              { RuleId: 'rule-a', Domain: 'a.example.com', VServerGroupId: 'rsp-a' },
              { RuleId: 'rule-b', Domain: '*.example.com', Url: '/b', VServerGroupId: 'rsp-b' },
            ],
          },
        ],
        ...attached(SERVER_IDS.map((ServerId, i) => ({ ServerId, PrivateIp: `10.0.0.${i + 1}`, serviceTimeMs: g.serviceMs, condition: g.conditions[i] as 'healthy' }))),
        vServerGroups: [
          { VServerGroupId: 'rsp-a', BackendServers: [{ ServerId: 'i-a1', Weight: g.groupWeights[0]! }, { ServerId: 'i-a2', Weight: g.groupWeights[1]! }] },
          { VServerGroupId: 'rsp-b', BackendServers: [{ ServerId: 'i-a3', Weight: g.groupWeights[2]! }, { ServerId: 'i-a4', Weight: g.groupWeights[3]! }] },
        ],
        clients: [
          {
            ListenerPort: 80,
            clientIps: 30,
            arrival: { type: 'poisson', connectionsPerSecond: g.cps, stopAfterSeconds },
            exchanges: g.exchanges,
            thinkTimeMs: g.thinkMs,
            rtoMs: 200,
            maxRetries: 3,
            http: {
              cookies: g.cookies,
              http2: g.http2,
              streams: g.streams,
              mix: [
                { weight: 2, host: 'a.example.com', path: '/x/*', contentType: 'application/json' },
                { weight: 1, method: 'POST', host: 'shop.example.com', path: '/b/cart', contentType: 'text/css' },
                { weight: 1, host: 'other.net', path: '/', contentType: 'text/html' },
              ],
            },
            ...(g.https ? { tls: { resumption: g.resumption } } : {}),
          },
        ],
        faults: g.faults.map((f) => ({
          atS: f.atS,
          action: f.action,
          target: f.action.startsWith('tengine') ? `tengine-${f.node}` : f.action.startsWith('keyserver') ? 'keyserver-1' : f.action.startsWith('backend') ? f.server : `lvs-${f.node}`,
        })),
      });
      return { scenario, seed: g.seed };
    });
}
