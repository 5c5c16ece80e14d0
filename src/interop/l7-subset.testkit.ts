import fc from 'fast-check';
import { RuleMatcher } from '../engine/tengine/rules';
import type { Scenario, ScenarioInput } from '../scenario/schema';

/** Test support (no runtime use): random scenarios of the nginx export's subset, and what a round trip must keep. */

/** Hosts and paths that reach every rule the generator below writes, and the gaps between them. */
export const PROBE_HOSTS = ['www.example.com', 'shop.example.com', 'x.example.com', 'example.com', 'api.test', 'b.a.test', 'a.test', 'other.test'];
export const PROBE_PATHS = ['/', '/api', '/api/', '/api/x', '/api/v2', '/api/v2/y', '/apix', '/static', '/static/a.css', '/img', '/img/', '/img/b.png', '/a.b', '/a.bc', '/ap'];

/** The HTTP/HTTPS config nginx can carry: per listener, who serves each domain and path (the export's view). */
export function l7ConfigOf(scenario: Scenario): unknown {
  const ipOf = new Map(scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  return scenario.listeners
    .filter((l) => l.ListenerProtocol === 'http' || l.ListenerProtocol === 'https')
    .map((l) => {
      const peers = (group: string | undefined): string[] => {
        const list =
          group === undefined
            ? scenario.backendServers.filter((b) => b.LoadBalancerId === l.LoadBalancerId).map((b) => ({ ServerId: b.ServerId, Port: l.BackendServerPort, Weight: b.Weight }))
            : (scenario.vServerGroups.find((g) => g.VServerGroupId === group)?.BackendServers ?? []);
        return list.map((b) => `${ipOf.get(b.ServerId)}:${b.Port}/${l.Scheduler === 'rr' ? Math.min(1, b.Weight) : b.Weight}`).sort();
      };
      // Who serves each probe request, as SLB's rule order decides it (the engine's matcher): the
      // same answers, however the rules that give them are written, are the same config.
      const matcher = new RuleMatcher(l.Rules ?? []);
      const routes: Record<string, string[]> = {};
      for (const host of PROBE_HOSTS) {
        for (const path of PROBE_PATHS) {
          const rule = matcher.rule(host, path);
          routes[`${host} ${path}`] = peers(rule < 0 ? l.VServerGroupId : l.Rules![rule]!.VServerGroupId);
        }
      }
      return {
        protocol: l.ListenerProtocol,
        port: l.ListenerPort,
        scheduler: l.Scheduler,
        idle: l.IdleTimeout,
        request: l.RequestTimeout,
        gzip: l.Gzip,
        http2: l.EnableHttp2,
        certificate: l.ServerCertificateId,
        routes,
      };
    })
    .sort((a, b) => a.port - b.port);
}

const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));

/** One load balancer's HTTP/HTTPS listeners, VServer groups and rules: the nginx export's supported subset. */
export function l7SubsetScenario(ports = fc.integer({ min: 1, max: 65535 })): fc.Arbitrary<ScenarioInput> {
  const server = fc.record({ s: fc.nat({ max: 5 }), Port: fc.integer({ min: 1, max: 65535 }), Weight: fc.integer({ min: 0, max: 100 }) });
  const rule = fc.record({
    Domain: fc.option(fc.constantFrom('www.example.com', '*.example.com', 'api.test', '*.a.test', 'Shop.Example.com'), { nil: undefined }),
    Url: fc.option(fc.constantFrom('/api', '/api/v2', '/static', '/img/', '/a.b'), { nil: undefined }),
    g: fc.nat({ max: 2 }),
  });
  const listener = fc.record({
    ListenerProtocol: fc.constantFrom('http' as const, 'http' as const, 'https' as const),
    ListenerPort: ports,
    BackendServerPort: fc.integer({ min: 1, max: 65535 }),
    Scheduler: fc.constantFrom('wrr' as const, 'wlc' as const, 'rr' as const),
    IdleTimeout: fc.integer({ min: 1, max: 60 }),
    RequestTimeout: fc.integer({ min: 1, max: 180 }),
    Gzip: fc.constantFrom('on' as const, 'off' as const),
    g: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
    rules: fc.uniqueArray(rule, { maxLength: 5, selector: (r) => `${(r.Domain ?? '').toLowerCase()} ${r.Url ?? ''}` }),
  });
  return fc
    .record({
      ips: fc.uniqueArray(ip, { minLength: 6, maxLength: 6 }),
      groups: fc.array(fc.uniqueArray(server, { minLength: 1, maxLength: 4, selector: (x) => x.s }), { minLength: 3, maxLength: 3 }),
      attached: fc.uniqueArray(fc.record({ s: fc.nat({ max: 5 }), Weight: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 4, selector: (x) => x.s }),
      listeners: fc.uniqueArray(listener, { minLength: 1, maxLength: 3, selector: (l) => l.ListenerPort }),
    })
    .map(({ ips, groups, attached, listeners }) => ({
      ecsInstances: ips.map((PrivateIp, i) => ({ ServerId: `i-s${i}`, PrivateIp })),
      serverCertificates: [{ ServerCertificateId: 'cert-a' }],
      loadBalancers: [
        {
          backendServers: attached.map(({ s, Weight }) => ({ ServerId: `i-s${s}`, Weight })),
          vServerGroups: groups.map((servers, g) => ({ VServerGroupId: `rsp-g${g}`, BackendServers: servers.map(({ s, Port, Weight }) => ({ ServerId: `i-s${s}`, Port, Weight })) })),
          listeners: listeners.map(({ g, rules, ...l }) => ({
            ...l,
            ...(g === undefined ? {} : { VServerGroupId: `rsp-g${g}` }),
            ...(l.ListenerProtocol === 'https' ? { ServerCertificateId: 'cert-a' } : {}),
            Rules: rules.filter((r) => r.Domain !== undefined || r.Url !== undefined).map((r, i) => ({ RuleId: `rule-r${i}`, ...(r.Domain ? { Domain: r.Domain } : {}), ...(r.Url ? { Url: r.Url } : {}), VServerGroupId: `rsp-g${r.g}` })),
          })),
        },
      ],
    }));
}

