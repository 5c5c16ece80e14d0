import { attached, oneLoadBalancer, type OneLoadBalancerInput } from './examples/shared';
import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate';

/** The API's rules for HTTP/HTTPS listeners, VServer groups, rules and certificates (DOMAIN §3, §4, §7). */

const base: OneLoadBalancerInput = {
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
  caCertificates: [{ CACertificateId: 'ca-1' }],
  ...attached([
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-a2', PrivateIp: '10.0.0.2' },
  ]),
  vServerGroups: [{ VServerGroupId: 'rsp-a', BackendServers: [{ ServerId: 'i-a1', Port: 8080, Weight: 10 }] }],
};

/** The issues of `base` with `input`'s parts replacing its own (one load balancer, written flat). */
function issues(input: OneLoadBalancerInput): { field: string; message: string }[] {
  const result = validateScenario(oneLoadBalancer({ ...base, ...input }));
  return result.ok ? [] : result.issues;
}

const http = (listener: Record<string, unknown> = {}) => ({ listeners: [{ ListenerProtocol: 'http' as const, ListenerPort: 80, ...listener }] });
const https = (listener: Record<string, unknown> = {}) => ({ listeners: [{ ListenerProtocol: 'https' as const, ListenerPort: 443, ServerCertificateId: 'cert-1', ...listener }] });

describe('HTTP/HTTPS listeners', () => {
  it('fill the API’s defaults', () => {
    const result = validateScenario(oneLoadBalancer({ ...base, listeners: [...http().listeners, ...https().listeners] }));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.version).toBe(7);
    expect(result.scenario.listeners[0]).toMatchObject({
      ListenerProtocol: 'http',
      Scheduler: 'wrr',
      IdleTimeout: 15,
      RequestTimeout: 60,
      Gzip: 'on',
      XForwardedFor: 'on',
      XForwardedFor_SLBIP: 'off',
      StickySession: 'off',
      HealthCheckURI: '/',
      HealthCheckTimeout: 5,
      HealthCheckInterval: 2,
      HealthCheckHttpCode: 'http_2xx',
      HealthCheckMethod: 'head',
      ListenerForward: 'off',
      Rules: [],
    });
    expect(result.scenario.listeners[1]).toMatchObject({ TLSCipherPolicy: 'tls_cipher_policy_1_0', EnableHttp2: 'on', DomainExtensions: [] });
    expect(result.scenario.listeners[1]!.ListenerForward).toBeUndefined();
  });

  it.each([
    [https({ ServerCertificateId: undefined }), 'loadBalancers.0.listeners.0.ServerCertificateId', /needs a server certificate/],
    [http({ Scheduler: 'sch' }), 'loadBalancers.0.listeners.0.Scheduler', /wrr, wlc or rr/],
    [http({ StickySession: 'on' }), 'loadBalancers.0.listeners.0.StickySessionType', /insert or server/],
    [http({ StickySession: 'on', StickySessionType: 'insert' }), 'loadBalancers.0.listeners.0.CookieTimeout', /needs CookieTimeout/],
    [http({ StickySession: 'on', StickySessionType: 'server' }), 'loadBalancers.0.listeners.0.Cookie', /name of the cookie/],
    [http({ CookieTimeout: 100 }), 'loadBalancers.0.listeners.0.CookieTimeout', /only with StickySession on/],
    [http({ CookieTimeout: 86_401, StickySession: 'on', StickySessionType: 'insert' }), 'loadBalancers.0.listeners.0.CookieTimeout', /86400/],
    [http({ IdleTimeout: 61 }), 'loadBalancers.0.listeners.0.IdleTimeout', /60/],
    [http({ RequestTimeout: 181 }), 'loadBalancers.0.listeners.0.RequestTimeout', /180/],
    [http({ ServerCertificateId: 'cert-1' }), 'loadBalancers.0.listeners.0.ServerCertificateId', /HTTPS listeners only/],
    [https({ ListenerForward: 'on', ForwardPort: 443 }), 'loadBalancers.0.listeners.0.ListenerForward', /HTTP listeners only/],
    [http({ ListenerForward: 'on' }), 'loadBalancers.0.listeners.0.ForwardPort', /needs ForwardPort/],
    [http({ ListenerForward: 'on', ForwardPort: 80 }), 'loadBalancers.0.listeners.0.ForwardPort', /HTTPS listener/],
    [http({ PersistenceTimeout: 10 }), 'loadBalancers.0.listeners.0.PersistenceTimeout', /StickySession/],
    [http({ HealthCheckConnectTimeout: 5 }), 'loadBalancers.0.listeners.0.HealthCheckConnectTimeout', /HealthCheckTimeout/],
    [http({ VServerGroupId: 'rsp-nope' }), 'loadBalancers.0.listeners.0.VServerGroupId', /no VServer group rsp-nope/],
    [https({ CACertificateId: 'ca-nope' }), 'loadBalancers.0.listeners.0.CACertificateId', /no CA certificate/],
    [https({ DomainExtensions: [{ Domain: 'a.example.com', ServerCertificateId: 'cert-x' }] }), 'loadBalancers.0.listeners.0.DomainExtensions.0.ServerCertificateId', /no server certificate cert-x/],
    [https({ XForwardedFor: 'off' }), 'loadBalancers.0.listeners.0.XForwardedFor', /always on/],
  ] as const)('reject a broken field, naming it (%#)', (input, field, message) => {
    const found = issues(input as OneLoadBalancerInput);
    expect(found.map((i) => i.field)).toContain(field);
    expect(found.find((i) => i.field === field)!.message).toMatch(message);
  });

  it('HTTP/HTTPS fields on a TCP listener are errors that say which protocol they belong to', () => {
    const found = issues({ listeners: [{ ListenerPort: 80, StickySession: 'on', Gzip: 'off' }] } as OneLoadBalancerInput);
    expect(found).toEqual([
      { field: 'loadBalancers.0.listeners.0.StickySession', message: 'StickySession applies to HTTP/HTTPS listeners only; this listener is TCP' },
      { field: 'loadBalancers.0.listeners.0.Gzip', message: 'Gzip applies to HTTP/HTTPS listeners only; this listener is TCP' },
    ]);
  });
});

describe('forwarding rules', () => {
  const rule = (over: Record<string, unknown> = {}) => ({ RuleId: 'rule-1', Domain: 'www.example.com', Url: '/a', VServerGroupId: 'rsp-a', ...over });

  it('accept exact and wildcard domains, URL prefixes, and both together', () => {
    expect(issues(http({ Rules: [rule(), rule({ RuleId: 'rule-2', Domain: '*.example.com', Url: undefined }), rule({ RuleId: 'rule-3', Domain: undefined, Url: '/static' })] }))).toEqual([]);
  });

  it.each([
    [{ Rules: [rule(), rule({ RuleId: 'rule-2' })] }, 'loadBalancers.0.listeners.0.Rules.1.Url', /DomainExist/],
    [{ Rules: [rule({ Url: '/' })] }, 'loadBalancers.0.listeners.0.Rules.0.Url', /not only "\/"/],
    [{ Rules: [rule({ Url: 'a' })] }, 'loadBalancers.0.listeners.0.Rules.0.Url', /start with "\/"/],
    [{ Rules: [rule({ Domain: undefined, Url: undefined })] }, 'loadBalancers.0.listeners.0.Rules.0', /Domain, a Url or both/],
    [{ Rules: [rule({ VServerGroupId: 'rsp-x' })] }, 'loadBalancers.0.listeners.0.Rules.0.VServerGroupId', /no VServer group rsp-x/],
    [{ Rules: [rule({ Domain: 'www.*.com' })] }, 'loadBalancers.0.listeners.0.Rules.0.Domain', /domain name/],
    [{ Rules: [rule(), rule({ Url: '/b' })] }, 'loadBalancers.0.listeners.0.Rules.1.RuleId', /used twice/],
    [{ Rules: Array.from({ length: 41 }, (_, i) => rule({ RuleId: `rule-${i}`, Url: `/p${i}` })) }, 'loadBalancers.0.listeners.0.Rules', /TooManyRules/],
  ] as const)('reject a broken rule (%#)', (listener, field, message) => {
    const found = issues(http(listener as Record<string, unknown>));
    expect(found.find((i) => i.field === field)?.message).toMatch(message);
  });
});

describe('the rest of the layer-7 scenario', () => {
  it('VServer group servers must be backend servers, once each', () => {
    const found = issues({ vServerGroups: [{ VServerGroupId: 'rsp-a', BackendServers: [{ ServerId: 'i-zz' }, { ServerId: 'i-a1' }, { ServerId: 'i-a1' }] }] });
    expect(found.map((i) => i.field)).toEqual(['loadBalancers.0.vServerGroups.0.BackendServers.0.ServerId', 'loadBalancers.0.vServerGroups.0.BackendServers.2']);
  });

  it('needs Tengine nodes for HTTP and a Key Server for HTTPS', () => {
    expect(issues({ ...http(), cluster: { tengineNodes: 0 } })).toEqual([{ field: 'cluster.tengineNodes', message: 'HTTP/HTTPS listeners need at least one Tengine node' }]);
    expect(issues({ ...https(), cluster: { keyServers: 0 } })).toEqual([{ field: 'cluster.keyServers', message: 'HTTPS listeners need at least one Key Server' }]);
  });

  it('client populations describe HTTP only for HTTP/HTTPS listeners, and TLS only for HTTPS', () => {
    expect(issues({ listeners: [{ ListenerPort: 80 }], clients: [{ ListenerPort: 80, http: {} }] }).map((i) => i.field)).toEqual(['clients.0.http']);
    expect(issues({ ...http(), clients: [{ ListenerPort: 80, tls: {} }] }).map((i) => i.field)).toEqual(['clients.0.tls']);
    expect(issues({ ...https(), clients: [{ ListenerPort: 443, http: { mix: [{ weight: 0 }] }, tls: { maxVersion: '1.2' } }] }).map((i) => i.field)).toEqual(['clients.0.http.mix']);
  });

  it('Tengine and Key Server faults name nodes that exist', () => {
    const found = issues({ ...https(), faults: [{ atS: 1, action: 'tengine-crash', target: 'tengine-3' }, { atS: 1, action: 'keyserver-down', target: 'keyserver-1' }] });
    expect(found).toEqual([{ field: 'faults.0.target', message: 'must name tengine-1…tengine-2' }]);
  });

  it('certificate times are UTC instants', () => {
    expect(issues({ serverCertificates: [{ ServerCertificateId: 'c', ExpireTime: '2027-01-01 00:00' }] }).map((i) => i.field)).toEqual(['serverCertificates.0.ExpireTime']);
  });
});
