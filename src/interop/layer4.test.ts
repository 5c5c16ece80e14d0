import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import type { ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { exportScenario, importText, ImportSyntaxError } from './index';
import { l4ConfigOf } from './layer4';
import { oneLoadBalancer } from '../scenario/examples/shared';

const text = (scenario: ScenarioInput, format: string): string => exportScenario(parseScenario(scenario), format)[0]!.content;

describe('keepalived and ipvsadm export', () => {
  it('writes a virtual server per TCP/UDP listener with the scheduler, NAT and the checks', () => {
    const out = text(examples['l4-basic']!, 'keepalived');
    expect(out).toContain('virtual_server 47.100.10.10 80 {');
    expect(out).toContain('    lb_algo wrr');
    expect(out).toContain('    lb_kind NAT');
    expect(out).toMatch(/# .*FULLNAT/);
    expect(out).toContain('    protocol TCP');
    expect(out).toContain('    real_server 192.168.0.11 8080 {');
    expect(out).toContain('TCP_CHECK {');
  });

  it('writes ipvsadm-save -n rules', () => {
    const out = text(examples['l4-basic']!, 'ipvsadm');
    expect(out).toContain('-A -t 47.100.10.10:80 -s wrr\n');
    expect(out).toContain('-a -t 47.100.10.10:80 -r 192.168.0.11:8080 -m -w 100\n');
  });

  it('writes a TCP listener\'s VServer group members as its real servers, each on its own port', () => {
    const scenario = oneLoadBalancer({
      listeners: [{ ListenerPort: 80, VServerGroupId: 'rsp-web' }],
      ecsInstances: [
        { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-bb', PrivateIp: '10.0.0.2' },
      ],
      backendServers: [{ ServerId: 'i-bb' }],
      vServerGroups: [{ VServerGroupId: 'rsp-web', BackendServers: [{ ServerId: 'i-aa', Port: 9000, Weight: 30 }] }],
    });
    const out = text(scenario, 'ipvsadm');
    expect(out).toContain('-r 10.0.0.1:9000 -m -w 30\n');
    expect(out).not.toContain('10.0.0.2');
  });

  it('maps sch and tch to sh and mh with mh-port, and writes persistence', () => {
    const scenario: ScenarioInput = {
      loadBalancers: [
        {
          Address: '10.1.1.1',
          listeners: [
            { ListenerProtocol: 'tcp', ListenerPort: 80, Scheduler: 'sch', PersistenceTimeout: 300 },
            { ListenerProtocol: 'udp', ListenerPort: 53, Scheduler: 'tch', HealthCheck: 'off' },
          ],
          backendServers: [{ ServerId: 'i-a1', Weight: 7 }],
        },
      ],
      ecsInstances: [{ ServerId: 'i-a1', PrivateIp: '192.168.0.1' }],
    };
    expect(text(scenario, 'ipvsadm')).toContain('-A -t 10.1.1.1:80 -s sh -p 300\n-a -t 10.1.1.1:80 -r 192.168.0.1:80 -m -w 7\n-A -u 10.1.1.1:53 -s mh -b mh-port\n');
    const ka = text(scenario, 'keepalived');
    expect(ka).toContain('    persistence_timeout 300');
    expect(ka).toMatch(/lb_algo mh\n {4}mh-port/);
    expect(ka).toContain('protocol UDP');
  });
});

describe('keepalived and ipvsadm import', () => {
  it('lists what it does not understand with its line, and gives a valid scenario', () => {
    const conf = ['global_defs {', '  router_id LVS1', '}', 'virtual_server 10.0.0.1 80 {', '  lb_algo lc', '  lb_kind DR', '  protocol TCP', '  frobnicate 3', '  real_server 192.168.0.1 80 {', '    weight 3', '    MISC_CHECK {', '    }', '  }', '}'].join('\n');
    const { scenario, warnings } = importText(conf, 'keepalived');
    expect(warnings.map((w) => w.line)).toEqual([1, 4, 6, 8, 11]);
    expect(warnings[0]!.message).toContain('global_defs');
    const parsed = parseScenario(scenario);
    expect(parsed.listeners[0]).toMatchObject({ ListenerPort: 80, Scheduler: 'wlc', HealthCheck: 'off' });
    expect(parsed.backendServers[0]).toMatchObject({ Weight: 3 });
  });

  it('rejects malformed keepalived files with line and column', () => {
    expect(() => importText('virtual_server 10.0.0.1 80 {\n  protocol TCP\n', 'keepalived')).toThrow(/line 1, column 28: .*never closed/);
    expect(() => importText('virtual_server 10.0.0.x 80 {\n}', 'keepalived')).toThrow(/line 1, column 16/);
    expect(() => importText('virtual_server 10.0.0.1 80 {\n  real_server 1.2.3.4 80 {\n    weight x\n  }\n}', 'keepalived')).toThrow(/line 3, column 12/);
    expect(() => importText('}', 'keepalived')).toThrow(ImportSyntaxError);
  });

  it('reads ipvsadm rules, warns about the rest and rejects malformed lines with their position', () => {
    const { scenario, warnings } = importText('-A -t 10.0.0.1:80 -s lblc\n-a -t 10.0.0.1:80 -r 192.168.0.1:8080 -g -w 1\n-a -t 10.0.0.9:80 -r 192.168.0.2:80 -m -w 1\n-Z\n', 'ipvsadm');
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3, 4]);
    expect(parseScenario(scenario).listeners[0]).toMatchObject({ BackendServerPort: 8080, Scheduler: 'wrr' });
    expect(() => importText('-A -t 10.0.0.1:99999 -s rr', 'ipvsadm')).toThrow(/line 1, column 7/);
    expect(() => importText('\n-a -t 10.0.0.1:80 -r', 'ipvsadm')).toThrow(/line 2, column 21: -r needs a value/);
  });
});

// ---- round trip over random scenarios of the supported subset ----

const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));

function subsetScenario(forKeepalived: boolean): fc.Arbitrary<ScenarioInput> {
  const health = fc.oneof(
    fc.constant({ HealthCheck: 'off' as const }),
    fc.record({
      HealthCheck: fc.constant('on' as const),
      HealthCheckInterval: fc.integer({ min: 1, max: 50 }),
      HealthCheckConnectTimeout: fc.integer({ min: 1, max: 300 }),
      UnhealthyThreshold: fc.integer({ min: 2, max: 10 }),
      HealthCheckConnectPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    }),
  );
  const httpCheck = fc.record({
    HealthCheckType: fc.constant('http' as const),
    HealthCheckURI: fc.constantFrom('/health', '/a/b?x=1', '/status.html'),
    HealthCheckDomain: fc.option(fc.constantFrom('www.example.com', 'a-b.test'), { nil: undefined }),
    HealthCheckHttpCode: fc.subarray(['http_2xx', 'http_3xx', 'http_4xx', 'http_5xx'], { minLength: 1 }).map((c) => c.join(',')),
  });
  const listener = fc
    .record({
      ListenerProtocol: fc.constantFrom('tcp' as const, 'udp' as const),
      ListenerPort: fc.integer({ min: 1, max: 65535 }).filter((p) => ![250, 4789, 4790].includes(p)),
      BackendServerPort: fc.integer({ min: 1, max: 65535 }),
      Scheduler: fc.constantFrom('wrr' as const, 'wlc' as const, 'rr' as const, 'sch' as const, 'tch' as const),
      PersistenceTimeout: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3600 })),
      health,
      http: fc.option(httpCheck, { nil: undefined }),
    })
    .map(({ health: h, http, ...l }) => ({ ...l, ...h, ...(http && h.HealthCheck === 'on' && l.ListenerProtocol === 'tcp' ? http : {}) }));
  return fc
    .record({
      vips: fc.uniqueArray(ip, { minLength: 1, maxLength: 3 }),
      servers: fc.uniqueArray(ip, { minLength: 1, maxLength: 6 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      lbs: fc.array(fc.record({ listeners: fc.uniqueArray(listener, { minLength: 1, maxLength: 4, selector: (l) => l.ListenerPort }), pick: fc.array(fc.integer({ min: forKeepalived ? 1 : 0, max: 100 }), { minLength: forKeepalived ? 1 : 0, maxLength: 6 }) }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ vips, servers, lbs }) => {
      const ecsInstances = servers.map((s, i) => ({ ServerId: `i-s${i}`, PrivateIp: s }));
      return {
        ecsInstances,
        loadBalancers: vips.map((vip, b) => {
          const { listeners, pick } = lbs[b]!;
          return {
            LoadBalancerId: `lb-test${b}`,
            Address: vip,
            listeners,
            backendServers: pick.slice(0, servers.length).map((weight, i) => ({ ServerId: `i-s${i}`, Weight: weight })),
          };
        }),
      } as ScenarioInput;
    })
    .filter((s) => {
      // one real server address per VIP's listeners must not be the VIP itself and ports may not clash tcp/udp
      return (s.loadBalancers ?? []).every((lb) => new Set((lb!.listeners ?? []).map((l) => l!.ListenerPort)).size === (lb!.listeners ?? []).length);
    });
}

describe('round trip export → import keeps the load-balancer config', () => {
  for (const [format, withHealth] of [['keepalived', true], ['ipvsadm', false]] as const) {
    it(`${format}: random scenarios of the supported subset`, () => {
      fc.assert(
        fc.property(subsetScenario(format === 'keepalived'), (input) => {
          const original = parseScenario(input);
          const exported = exportScenario(original, format)[0]!.content;
          const { scenario, warnings } = importText(exported, format);
          const back = parseScenario(scenario);
          expect(l4ConfigOf(back, withHealth)).toEqual(l4ConfigOf(original, withHealth));
          expect(warnings).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('importers never hang or crash', () => {
  const seeds = [text(examples['l4-basic']!, 'keepalived'), text(examples['l4-failover']!, 'keepalived'), text(examples['l4-basic']!, 'ipvsadm')];
  const mutate = (base: string, cuts: { at: number; del: number; ins: string }[]): string =>
    cuts.reduce((s, c) => {
      const at = c.at % (s.length + 1);
      return s.slice(0, at) + c.ins + s.slice(at + c.del);
    }, base);
  const junk = fc.string({ unit: fc.constantFrom('{', '}', ' ', '\n', '#', '!', '-', ':', '.', '1', '0', 'a', 'real_server', 'virtual_server', '-A', '-a', '-t', '-u', '-r', '-w', '-s', '-p', 'weight', '10.0.0.1', '"', ';') });
  for (const format of ['keepalived', 'ipvsadm']) {
    it(`${format}: every input gives a valid scenario or an error with a position`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            junk,
            fc.tuple(fc.constantFrom(...seeds), fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: junk }), { maxLength: 4 })).map(([b, c]) => mutate(b, c)),
          ),
          (input) => {
            try {
              const { scenario } = importText(input, format);
              parseScenario(scenario);
            } catch (error) {
              expect(error).toBeInstanceOf(ImportSyntaxError);
              expect((error as ImportSyntaxError).position.line).toBeGreaterThanOrEqual(1);
              expect((error as ImportSyntaxError).position.column).toBeGreaterThanOrEqual(1);
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  }
});
