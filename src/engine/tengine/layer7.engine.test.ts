import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { decodeHops, entries, outcomeOf, run } from '../../test/engine-harness';
import { oneLoadBalancer, type OneLoadBalancerInput, attached, loadBalancerInput, flatOneLoadBalancer } from '../../scenario/examples/shared';

/**
 * Layer 7 through the whole engine (DOMAIN §3, §4): statuses and their timing, error pages in the
 * bill, gzip, headers, redirects, HTTP/2 streams, Tengine crashes. Small scenarios, each built to
 * probe one rule; the Key Server and cookie rules have their own files.
 */

const backends = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ ServerId: `i-b${i + 1}`, PrivateIp: `10.0.0.${i + 1}`, serviceTimeDistribution: 'constant' as const, serviceTimeMs: 5, ...extra }));

/** One HTTP listener, `requests` GETs on one connection opened at 1 s, no think time. */
function oneClient(overrides: Partial<OneLoadBalancerInput> & { requests?: number; listener?: Record<string, unknown> } = {}): ScenarioInput {
  const { requests = 3, listener = {}, ...rest } = overrides;
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
    listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off', ...listener }],
    ...attached(backends(2)),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
        requestBytes: 300,
        responseBytes: 5000,
        exchanges: requests,
        http: { mix: [{ host: 'www.example.com', path: '/index.html', contentType: 'text/html' }] },
      },
    ],
    ...rest,
  });
}

describe('timeouts and error statuses (DOMAIN §3)', () => {
  it('RequestTimeout answers 504 exactly RequestTimeout after the request reached Tengine', () => {
    const { journal, report } = run(oneClient({ requests: 1, listener: { RequestTimeout: 3 }, ...attached(backends(2, { serviceTimeMs: 10_000 })) }), 20);
    const request = entries(journal, 1, 'request')[0]!;
    const timeout = entries(journal, 1, 'timeout')[0]!;
    expect(timeout.timeUs - request.timeUs).toBe(3_000_000);
    expect(timeout.node).toBe(request.node);
    expect(report.requests.byStatus).toEqual({ '504': 1 });
    expect(report.invariants.violations).toEqual([]);
  });

  it('a silent (down) backend also ends in 504 at the timeout, and is marked down passively (max_fails 1)', () => {
    const input = oneClient({ requests: 1, listener: { RequestTimeout: 2 }, ...attached(backends(2, { condition: 'down' })) });
    const { journal, report } = run(input, 10);
    const request = entries(journal, 1, 'request')[0]!;
    expect(entries(journal, 1, 'timeout')[0]!.timeUs - request.timeUs).toBe(2_000_000);
    expect(report.requests.byStatus).toEqual({ '504': 1 });
    const tengine = report.tengine.find((t) => t.requests === 1)!;
    expect(tengine.markedDown).toBe(1);
  });

  it('backends all failing their health checks answer 502; a listener with none usable at all answers 503', () => {
    // Health checks every 1 s, 2 failures to mark down: by 3 s every backend is down; the client comes at 5 s.
    const failing = run(
      oneClient({
        listener: { HealthCheck: 'on', HealthCheckInterval: 1, HealthCheckTimeout: 1, UnhealthyThreshold: 2 },
        ...attached(backends(2, { condition: 'down' })),
        clients: [{ ...oneClient().clients![0]!, arrival: { type: 'constant', connectionsPerSecond: 0.2, maxConnections: 1 } }],
      }),
      12,
    );
    expect(failing.report.requests.byStatus).toEqual({ '502': 3 });
    for (const noUsable of [backends(2, { Weight: 0 }), []]) {
      const { report } = run(oneClient({ ...attached(noUsable) }), 5);
      expect(report.requests.byStatus).toEqual({ '503': 3 });
    }
    const removed = run(oneClient({ faults: [{ atS: 0.5, action: 'backend-remove', target: 'i-b1' }, { atS: 0.5, action: 'backend-remove', target: 'i-b2' }] }), 5);
    expect(removed.report.requests.byStatus).toEqual({ '503': 3 });
  });

  it('a removed backend or one set to weight 0 gets no more requests; the rest of its group does', () => {
    const input = oneClient({ requests: 8, listener: { Scheduler: 'rr' }, ...attached(backends(2, { serviceTimeMs: 100 })) });
    input.clients![0]!.thinkTimeMs = 200;
    for (const fault of [{ atS: 1.5, action: 'backend-remove' as const, target: 'i-b1' }, { atS: 1.5, action: 'backend-weight' as const, target: 'i-b1', weight: 0 }]) {
      const { journal, report } = run({ ...input, faults: [fault] }, 10);
      const upstream = journal.entries.filter((e) => e.event === 'upstream');
      expect(upstream.filter((e) => e.timeUs > 1.5e6).map((e) => /→ (i-b\d)/.exec(e.reason)![1])).not.toContain('i-b1');
      expect(upstream.filter((e) => e.timeUs < 1.5e6).map((e) => /→ (i-b\d)/.exec(e.reason)![1])).toContain('i-b1');
      expect(report.requests.byStatus).toEqual({ '200': 8 });
    }
  });

  it('a refusing backend gives 502 unless an idempotent request can go to the next peer', () => {
    const get = run(oneClient({ requests: 4, listener: { Scheduler: 'rr' }, ...attached([...backends(1, { condition: 'refusing' }), ...backends(2).slice(1)]) }), 5);
    expect(get.report.requests.byStatus).toEqual({ '200': 4 });
    expect(entries(get.journal, 1, 'retry').length).toBeGreaterThan(0);
    const post = oneClient({ requests: 4, listener: { Scheduler: 'rr' }, ...attached([...backends(1, { condition: 'refusing' }), ...backends(2).slice(1)]) });
    post.clients![0]!.http = { mix: [{ method: 'POST', host: 'www.example.com', path: '/form', contentType: 'text/html' }] };
    const posted = run(post, 5);
    expect(posted.report.requests.byStatus['502']).toBeGreaterThan(0);
    expect(entries(posted.journal, 1, 'retry')).toEqual([]);
    const allRefuse = run(oneClient({ requests: 2, ...attached(backends(2, { condition: 'refusing' })) }), 5);
    expect(allRefuse.report.requests.byStatus).toEqual({ '502': 2 });
    // One retry on the other peer, then no untried peer is left; every refused connection is closed.
    const failed = entries(allRefuse.journal, 1, 'upstream failed')[0]!;
    expect(failed.reason).toMatch(/^i-b\d refused \(RST\); no untried peer left: 502$/);
    expect(entries(allRefuse.journal, 1, 'upstream').map((e) => e.reason.slice(0, 9))).toEqual(['attempt 1', 'attempt 2']);
    // Both peers failed once (max_fails 1): the second request finds no live upstream at all.
    expect(entries(allRefuse.journal, 1, 'no live upstream').length).toBe(1);
    expect(allRefuse.report.tengine.map((t) => t.upstreamConnections)).toEqual([0, 0]);
  });

  it('error pages are billed: the SLB outbound bytes are exactly the SYN-ACK, an ACK and a 512-byte page per request, and the FIN', () => {
    const { report } = run(oneClient({ requests: 5, ...attached([]) }), 5);
    expect(report.requests.byStatus).toEqual({ '503': 5 });
    expect(report.billing.bytes.slbOut).toBe(40 + 5 * (40 + 512) + 40);
    const line = report.billing.lineItems.find((l) => l.item === 'SLB outbound traffic')!;
    expect(line.quantity).toBeCloseTo((40 + 5 * 552 + 40) / 2 ** 30, 15);
    expect(line.amount).toBeGreaterThan(0);
  });
});

describe('health checks of a layer-7 listener', () => {
  it('every Tengine node probes each backend with the listener’s HTTP check; LVS probes the Tengine nodes', () => {
    const { sim, hops } = run(oneClient({ listener: { HealthCheck: 'on', HealthCheckInterval: 1 }, cluster: { lvsNodes: 2, tengineNodes: 3 } }), 3.5);
    const probes = decodeHops(sim, hops).filter((h) => h.type === PacketType.Probe);
    const from = (prefix: string, to: string) => probes.filter((h) => h.from.startsWith(prefix) && h.to.startsWith(to));
    expect(new Set(from('tengine-', 'ecs:').map((h) => h.from))).toEqual(new Set(['tengine-1', 'tengine-2', 'tengine-3']));
    expect(new Set(from('lvs-', 'tengine-').map((h) => h.to))).toEqual(new Set(['tengine-1', 'tengine-2', 'tengine-3']));
    expect(from('lvs-', 'ecs:')).toEqual([]);
    // One round per second after each result (RTT 0.4 ms): rounds at 0, ≈1, ≈2, ≈3 s; 3 Tengine nodes × 2 backends each.
    expect(from('tengine-', 'ecs:').length).toBe(4 * 3 * 2);
  });

  it('HealthCheckHttpCode decides: a listener that does not count 2xx sees every backend fail (502)', () => {
    const input = oneClient({ listener: { HealthCheck: 'on', HealthCheckInterval: 1, UnhealthyThreshold: 2, HealthCheckHttpCode: 'http_3xx,http_4xx' } });
    input.clients![0]!.arrival = { type: 'constant', connectionsPerSecond: 0.25, maxConnections: 1 };
    const { report } = run(input, 10);
    expect(report.requests.byStatus).toEqual({ '502': 3 });
    expect(report.backends.map((b) => b.health['80'])).toEqual(['abnormal', 'abnormal']);
  });
});

describe('request targets', () => {
  it('rules match the normalised URI (percent-decoded, slashes merged, dot segments resolved); one above the root is a 400', () => {
    const input = oneClient({
      requests: 1,
      listener: { Rules: [{ RuleId: 'rule-api', Url: '/api/v1', VServerGroupId: 'rsp-api' }] },
      vServerGroups: [{ VServerGroupId: 'rsp-api', BackendServers: [{ ServerId: 'i-b2', Port: 9000 }] }],
    });
    const routeOf = (path: string) => {
      input.clients![0]!.http = { mix: [{ host: 'www.example.com', path, contentType: 'text/html' }] };
      const { report } = run(input, 3);
      return { byRule: report.requests.byRule, byStatus: report.requests.byStatus };
    };
    for (const path of ['/api/v1/users', '/%61pi//v1/x?q=/other', '/static/../api/v1/']) expect(routeOf(path)).toEqual({ byRule: { 'rule-api': 1 }, byStatus: { '200': 1 } });
    expect(routeOf('/api/v2')).toEqual({ byRule: { default: 1 }, byStatus: { '200': 1 } });
    expect(routeOf('/../api/v1')).toEqual({ byRule: { default: 1 }, byStatus: { '400': 1 } });
  });
});

describe('responses', () => {
  it('gzip shrinks only the compressible types, by gzipRatio; off leaves them whole', () => {
    const bytes = (contentType: string, gzip: 'on' | 'off') => {
      const input = oneClient({ requests: 1, listener: { Gzip: gzip }, cluster: { lvsNodes: 1, tengineNodes: 1, tengine: { gzipRatio: 0.25 } } });
      input.clients![0]!.http = { mix: [{ host: 'a.example.com', path: '/', contentType }] };
      return run(input, 5).report.billing.bytes.slbOut - (40 + 40 + 40);
    };
    // Response: 5000-byte body + 200 bytes of headers.
    expect(bytes('text/css', 'on')).toBe(1250 + 200);
    expect(bytes('application/javascript', 'on')).toBe(1250 + 200);
    expect(bytes('application/json', 'on')).toBe(5000 + 200);
    expect(bytes('image/png', 'on')).toBe(5000 + 200);
    expect(bytes('text/css', 'off')).toBe(5000 + 200);
  });

  it('Tengine adds X-Forwarded-For always and the optional SLB headers when asked: the backend receives them', () => {
    const received = (listener: Record<string, unknown>) => {
      const { report } = run(oneClient({ requests: 1, listener, ...attached(backends(1)) }), 5);
      return report.backends[0]!.bytesIn;
    };
    expect(received({})).toBe(300 + 32);
    expect(received({ XForwardedFor_SLBIP: 'on', XForwardedFor_SLBID: 'on', XForwardedFor_proto: 'on' })).toBe(300 + 32 + 3 * 24);
  });

  it('ListenerForward redirects every request with ForwardCode and reaches no backend', () => {
    const input = oneClient({
      requests: 2,
      listener: { ListenerForward: 'on', ForwardPort: 443, ForwardCode: 302 },
      serverCertificates: [{ ServerCertificateId: 'cert-1' }],
    });
    loadBalancerInput(input).listeners!.push({ ListenerProtocol: 'https', ListenerPort: 443, ServerCertificateId: 'cert-1', HealthCheck: 'off' });
    const { report } = run(input, 5);
    expect(report.requests.byStatus).toEqual({ '302': 2 });
    expect(report.backends.every((b) => b.bytesIn === 0)).toBe(true);
  });
});

describe('Tengine timers re-arm for the next deadline', () => {
  it('a later request’s RequestTimeout still fires exactly on time after an earlier request’s deadline passed unused', () => {
    // Request 1 is answered at once; request 2 comes 1 s later, when the backend has turned slow.
    const input = oneClient({ requests: 2, listener: { RequestTimeout: 3 }, ...attached(backends(2, { serviceTimeMs: 5, slowFactor: 2000 })) });
    input.clients![0]!.thinkTimeMs = 1000;
    input.faults = [{ atS: 1.5, action: 'backend-slow', target: 'i-b1' }, { atS: 1.5, action: 'backend-slow', target: 'i-b2' }];
    const { journal, report } = run(input, 10);
    const requests = entries(journal, 1, 'request');
    expect(requests.length).toBe(2);
    expect(entries(journal, 1, 'timeout').map((e) => e.timeUs)).toEqual([requests[1]!.timeUs + 3_000_000]);
    expect(report.requests.byStatus).toEqual({ '200': 1, '504': 1 });
  });

  it('a connection busy again before IdleTimeout is not closed: the idle check moves on', () => {
    const input = oneClient({ requests: 4, listener: { IdleTimeout: 2 } });
    input.clients![0]!.thinkTimeMs = 1500;
    const { journal, report } = run(input, 20);
    expect(journal.entries.filter((e) => e.event === 'idle close')).toEqual([]);
    expect(report.requests.byStatus).toEqual({ '200': 4 });
    expect(report.connections.opened).toBe(1);
  });
});

describe('what clients send', () => {
  it('draw request kinds from the mix by weight (70 / 20 / 10 over 2,000 requests)', () => {
    const input = oneClient({
      requests: 20,
      listener: {
        Rules: [
          { RuleId: 'rule-api', Url: '/api', VServerGroupId: 'rsp-all' },
          { RuleId: 'rule-static', Url: '/static', VServerGroupId: 'rsp-all' },
        ],
      },
      vServerGroups: [{ VServerGroupId: 'rsp-all', BackendServers: [{ ServerId: 'i-b1' }, { ServerId: 'i-b2' }] }],
    });
    input.clients![0]!.arrival = { type: 'constant', connectionsPerSecond: 100, maxConnections: 100 };
    input.clients![0]!.http = {
      mix: [
        { weight: 7, host: 'a.example.com', path: '/api/*', contentType: 'application/json' },
        { weight: 2, host: 'a.example.com', path: '/static/*', contentType: 'text/css' },
        { weight: 1, host: 'a.example.com', path: '/', contentType: 'text/html' },
      ],
    };
    const { byRule, sent } = run(input, 10).report.requests;
    expect(sent).toBe(2000);
    expect(byRule['rule-api']! / sent).toBeCloseTo(0.7, 1);
    expect(byRule['rule-static']! / sent).toBeCloseTo(0.2, 1);
    expect(byRule['default']! / sent).toBeCloseTo(0.1, 1);
    // Each * became a random segment: the paths differ.
    expect(byRule['rule-api']! + byRule['rule-static']! + byRule['default']!).toBe(2000);
  });

  it('wait requestDelayMs after the handshake before the first request', () => {
    const input = oneClient({ requests: 1 });
    const at = (delay: number) => {
      input.clients![0]!.requestDelayMs = delay;
      return entries(run(input, 5).journal, 1, 'request')[0]!.timeUs;
    };
    expect(at(250) - at(0)).toBe(250_000);
  });

  it('use HTTP/2 streams only on an HTTPS listener with EnableHttp2 on', () => {
    const firstBatch = (protocol: 'http' | 'https', EnableHttp2?: 'on' | 'off') => {
      const listener = protocol === 'https' ? { ListenerProtocol: 'https', ListenerPort: 80, ServerCertificateId: 'cert-1', HealthCheck: 'off', ...(EnableHttp2 ? { EnableHttp2 } : {}) } : { ListenerProtocol: 'http', ListenerPort: 80, HealthCheck: 'off' };
      const input = oneClient({ requests: 4, listeners: [listener as never], serverCertificates: [{ ServerCertificateId: 'cert-1' }], ...attached(backends(2, { serviceTimeMs: 50 })) });
      input.clients![0]!.http = { http2: true, streams: 3, mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] };
      const { journal } = run(input, 5);
      const firstResponse = entries(journal, 1, 'response').find((e) => e.node.startsWith('Tengine'))!.timeUs;
      return entries(journal, 1, 'request').filter((e) => e.timeUs < firstResponse).length;
    };
    expect(firstBatch('https', 'on')).toBe(3);
    expect(firstBatch('https', 'off')).toBe(1);
    expect(firstBatch('http')).toBe(1);
  });
});

describe('many requests at once', () => {
  it('hundreds of requests in flight (past every table’s first capacity) all end with their status', () => {
    const input = oneClient({ requests: 4, ...attached(backends(2, { serviceTimeMs: 3000 })) });
    input.clients![0]! = { ...input.clients![0]!, clientIps: 600, arrival: { type: 'burst', burstSize: 600, burstEverySeconds: 1, maxConnections: 600 } };
    input.clients![0]!.http = { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] };
    const mid = run(input, 2.5);
    expect(mid.sim.tengine.reqs.live).toBe(600);
    expect(mid.sim.tengine.reqs.slots).toBeGreaterThan(256);
    const { report } = run(input, 30);
    expect(report.requests).toMatchObject({ sent: 2400, completed: 2400, inFlight: 0, byStatus: { '200': 2400 } });
    expect(report.invariants.violations).toEqual([]);
  });
});

describe('connections through Tengine', () => {
  it('HTTP/2 keeps up to `streams` requests in flight on one connection; HTTP/1.1 one at a time', () => {
    const inFlightAtOnce = (http2: boolean) => {
      const input = oneClient({
        requests: 6,
        listeners: [{ ListenerProtocol: 'https', ListenerPort: 80, ServerCertificateId: 'cert-1', HealthCheck: 'off', EnableHttp2: 'on' }],
        serverCertificates: [{ ServerCertificateId: 'cert-1' }],
        ...attached(backends(2, { serviceTimeMs: 50 })),
      });
      input.clients![0]!.http = { http2, streams: 4, mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] };
      const { journal, report } = run(input, 5);
      expect(report.requests.byStatus).toEqual({ '200': 6 });
      const firstResponse = entries(journal, 1, 'response').find((e) => e.node.startsWith('Tengine'))!.timeUs;
      return entries(journal, 1, 'request').filter((e) => e.timeUs < firstResponse).length;
    };
    expect(inFlightAtOnce(true)).toBe(4);
    expect(inFlightAtOnce(false)).toBe(1);
  });

  it('Tengine closes a keep-alive connection idle for IdleTimeout; the client reconnects for the requests left', () => {
    const input = oneClient({ requests: 3, listener: { IdleTimeout: 2 } });
    input.clients![0]!.thinkTimeMs = 3000;
    const { journal, report } = run(input, 20);
    expect(entries(journal, 1, 'idle close').length).toBe(1);
    expect(outcomeOf(journal, 1)).toBe('completed');
    expect(report.requests.byStatus).toEqual({ '200': 3 });
    expect(report.connections.opened).toBe(3);
    expect(report.invariants.violations).toEqual([]);
  });

  it('a response lost on the way (its LVS node crashed) leaves the client waiting RequestTimeout + 10 s after Tengine’s ACK, then it gives up', () => {
    const input = oneClient({ requests: 1, listener: { RequestTimeout: 3 }, ...attached(backends(2, { serviceTimeMs: 100 })), cluster: { lvsNodes: 1, tengineNodes: 1 } });
    const calm = run(input, 5);
    const requestAt = entries(calm.journal, 1, 'request')[0]!.timeUs;
    const lost = run({ ...input, faults: [{ atS: (requestAt + 50_000) / 1e6, action: 'crash', target: 'lvs-1' }] }, 30);
    expect(outcomeOf(lost.journal, 1)).toBe('no_response');
    const gaveUp = entries(lost.journal, 1, 'outcome')[0]!;
    // The ACK left Tengine with the request and took one internal hop plus the Internet leg back.
    const ackBackUs = requestAt + 200 + 200 + 200 + 20_000;
    expect(gaveUp.timeUs).toBe(ackBackUs + 13_000_000);
    expect(lost.report.requests.byStatus).toEqual({ none: 1 });
  });

  it('a Tengine crash resets its connections; their requests end without a response and the clients reconnect to the other node', () => {
    const input: ScenarioInput = oneLoadBalancer({
      ...flatOneLoadBalancer(oneClient()),
      ...attached(backends(2, { serviceTimeMs: 200 })),
      clients: [
        {
          ListenerPort: 80,
          clientIps: 50,
          arrival: { type: 'constant', connectionsPerSecond: 40, stopAfterSeconds: 4 },
          exchanges: 5,
          thinkTimeMs: 100,
          http: { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] },
        },
      ],
      faults: [{ atS: 2, action: 'tengine-crash', target: 'tengine-1' }],
    });
    const { report, journal } = run(input, 30);
    expect(report.connections.byOutcome['tengine_failed']).toBeGreaterThan(0);
    expect(report.requests.byStatus['none']).toBeGreaterThan(0);
    const reconnects = journal.entries.filter((e) => e.event === 'reconnect');
    expect(reconnects.length).toBeGreaterThan(0);
    expect(report.tengine.map((t) => t.state)).toEqual(['down', 'up']);
    // The crashed node holds nothing: no client or upstream connection.
    expect(report.tengine[0]).toMatchObject({ connections: 0, upstreamConnections: 0 });
    // Connections LVS still sent to the crashed node (until its health check failed) were reset by its kernel.
    const afterCrash = journal.entries.filter((e) => e.event === 'outcome' && e.reason.startsWith('tengine_failed') && e.timeUs > 2_100_000);
    expect(afterCrash.length).toBeGreaterThan(0);
    expect(report.requests.inFlight).toBe(0);
    expect(report.requests.sent).toBe(report.requests.completed + report.requests.byStatus['none']!);
    expect(report.invariants.violations).toEqual([]);
  });
});

describe('an HTTPS connection’s journey, word for word', () => {
  it('lists the handshake, each request with its rule, group, backend, cookie decision and status', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1, tengineNodes: 1, keyServers: 1 },
      serverCertificates: [{ ServerCertificateId: 'cert-www', ExpireTime: '2027-01-01T00:00:00Z' }],
      listeners: [
        {
          ListenerProtocol: 'https',
          ListenerPort: 443,
          ServerCertificateId: 'cert-www',
          HealthCheck: 'off',
          StickySession: 'on',
          StickySessionType: 'insert',
          CookieTimeout: 60,
          XForwardedFor_proto: 'on',
          Rules: [{ RuleId: 'rule-api', Domain: 'www.example.com', Url: '/api', VServerGroupId: 'rsp-api' }],
        },
      ],
      ...attached(backends(2, { serviceTimeMs: 10 })),
      vServerGroups: [{ VServerGroupId: 'rsp-api', BackendServers: [{ ServerId: 'i-b2', Port: 9000 }] }],
      clients: [
        {
          ListenerPort: 443,
          clientIps: 1,
          arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
          requestBytes: 100,
          responseBytes: 1000,
          exchanges: 2,
          thinkTimeMs: 100,
          http: { http2: false, mix: [{ host: 'www.example.com', path: '/api/v1', contentType: 'application/json' }] },
          tls: { resumption: 0 },
        },
      ],
    });
    const lines = run(input, 2).journal.forConnection(1).map((e) => [e.timeUs, e.node, e.event, e.reason]);
    expect(lines).toEqual([
      [1000000, 'clients', 'open', 'client 100.0.0.0:32768 → 47.100.10.10:443'],
      [1020200, 'ECMP router', 'ecmp', 'modulo hash 1128988511 → LVS-1'],
      [1020400, 'LVS-1', 'schedule', 'wrr chose Tengine-1: weight 100, active 0, inactive 0 (overhead 0)'],
      [1020400, 'LVS-1', 'fullnat', '100.0.0.0:32768 → 47.100.10.10:443 becomes 100.64.1.1:30818 → 100.127.0.1:80; backend sees client 100.0.0.0:32768 (TOA)'],
      [1061800, 'Tengine-1', 'tls', 'full handshake: SNI www.example.com → certificate cert-www (RSA), TLS 1.3 under tls_cipher_policy_1_0; RSA decryption on Key Server-1, back in 1.900 ms'],
      [1104900, 'Tengine-1', 'request', 'GET www.example.com/api/v1: rule rule-api: domain www.example.com (exact) and URL /api matching /api/v1; group rsp-api; adds X-Forwarded-For, X-Forwarded-Proto'],
      [1104900, 'Tengine-1', 'upstream', 'attempt 1 → i-b2:9000 (wrr: peer 0, the only peer (never marked down); sets SERVERID (expires in 60 s) for i-b2); new upstream connection'],
      [1115700, 'Tengine-1', 'response', 'i-b2 answered 200'],
      [1136300, 'clients', 'response', '200 for www.example.com/api/v1 after 95.100 ms (1200 B)'],
      [1256900, 'Tengine-1', 'request', 'GET www.example.com/api/v1: rule rule-api: domain www.example.com (exact) and URL /api matching /api/v1; group rsp-api; adds X-Forwarded-For, X-Forwarded-Proto'],
      [1256900, 'Tengine-1', 'upstream', 'attempt 1 → i-b2:9000 (cookie SERVERID → i-b2 kept); pooled upstream connection'],
      [1267300, 'Tengine-1', 'response', 'i-b2 answered 200'],
      [1287900, 'clients', 'response', '200 for www.example.com/api/v1 after 51.600 ms (1200 B)'],
      [1329100, 'clients', 'outcome', 'completed: closed: FIN answered, final ACK sent'],
    ]);
  });
});
