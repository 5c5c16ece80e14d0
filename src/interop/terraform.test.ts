import { parse } from '@cdktn/hcl2json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import type { Scenario, ScenarioInput } from '../scenario/schema';
import { parseScenario, validateScenario } from '../scenario/validate';
import { exportScenario, importTextAsync, ImportSyntaxError } from './index';
import pinned from './alicloud-provider.json';
import { hclErrorPosition } from './terraform-import';
import { isDeprecatedArgument, isPinnedArgument, isPinnedResource, META_ARGUMENTS } from './terraform-provider';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every resource type and argument (nested as block.argument) the parsed HCL uses. */
function usedArguments(json: Record<string, Json>): { type: string; argument: string }[] {
  const out: { type: string; argument: string }[] = [];
  const resources = json['resource'];
  if (!isObject(resources)) return out;
  for (const [type, byName] of Object.entries(resources)) {
    out.push({ type, argument: '' });
    if (!isObject(byName)) continue;
    for (const bodies of Object.values(byName)) {
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        if (!isObject(body)) continue;
        for (const [key, value] of Object.entries(body)) {
          const nested = Array.isArray(value) && value.length > 0 && value.every(isObject) ? (value as Record<string, Json>[]) : undefined;
          if (nested && !META_ARGUMENTS.includes(key)) for (const block of nested) for (const inner of Object.keys(block)) out.push({ type, argument: `${key}.${inner}` });
          else out.push({ type, argument: key });
        }
      }
    }
  }
  return out;
}

const exported = (scenario: Scenario, includeSecrets = false) => exportScenario(scenario, 'terraform', { includeSecrets });

async function checkPinned(hcl: string, what: string): Promise<void> {
  const json = (await parse('main.tf', hcl)) as Record<string, Json>;
  for (const { type, argument } of usedArguments(json)) {
    expect(isPinnedResource(type), `${what}: ${type}`).toBe(true);
    if (argument === '' || META_ARGUMENTS.includes(argument)) continue;
    expect(isPinnedArgument(type, argument), `${what}: ${type}.${argument}`).toBe(true);
    expect(isDeprecatedArgument(type, argument), `${what}: ${type}.${argument} is deprecated`).toBe(false);
  }
  const required = json['terraform'];
  expect(JSON.stringify(required)).toContain(`"version":"${pinned.version}"`);
}

describe('the pinned provider list', () => {
  it('is one provider version with the SLB resources the export writes', () => {
    expect(pinned.provider).toBe('aliyun/alicloud');
    expect(pinned.version).toMatch(/^1\.\d+\.\d+$/);
    for (const type of ['alicloud_slb_load_balancer', 'alicloud_slb_listener', 'alicloud_slb_server_group', 'alicloud_slb_backend_server', 'alicloud_slb_rule', 'alicloud_slb_acl', 'alicloud_slb_server_certificate', 'alicloud_slb_ca_certificate']) {
      expect(isPinnedResource(type), type).toBe(true);
    }
    expect(isPinnedArgument('alicloud_slb_listener', 'frobnicate')).toBe(false);
    expect(isPinnedArgument('alicloud_slb_listener', 'x_forwarded_for.retrive_slb_ip')).toBe(true);
    expect(isDeprecatedArgument('alicloud_slb_server_group', 'servers.port')).toBe(true);
  });
});

describe('terraform export', () => {
  it('parses as HCL and uses only pinned, non-deprecated resources and arguments, for every example', async () => {
    for (const [name, example] of Object.entries(examples)) await checkPinned(exported(parseScenario(example))[0]!.content, name);
  });

  it('references the load balancer, server groups, ACLs and certificates by resource', async () => {
    const hcl = exported(parseScenario(examples['l7-rules']!))[0]!.content;
    expect(hcl).toContain('resource "alicloud_slb_load_balancer" "lb-bp1l7rules00001" {');
    expect(hcl).toMatch(/load_balancer_id += alicloud_slb_load_balancer\.lb-bp1l7rules00001\.id/);
    expect(hcl).toMatch(/server_group_id += alicloud_slb_server_group\.rsp-api\.id/);
    expect(hcl).toContain('internet_charge_type = "PayByTraffic"');
    const acl = exported(parseScenario(examples['l4-acl']!))[0]!.content;
    expect(acl).toMatch(/resource "alicloud_slb_acl" "acl-[a-z0-9]+" \{/);
    expect(acl).toMatch(/resource "alicloud_slb_acl_entry_attachment" /);
    expect(acl).toMatch(/acl_ids += \[alicloud_slb_acl\.acl-[a-z0-9]+\.id\]/);
  });

  it('never writes a private key: certificates point at placeholder files beside the config', () => {
    for (const includeSecrets of [false, true]) {
      const files = exported(parseScenario(examples['https-keyserver']!), includeSecrets);
      expect(files[0]!.content).not.toContain('PRIVATE KEY');
      expect(files[0]!.content).toMatch(/private_key += file\("\$\{path\.module\}\/certs\/[^"]+\.key"\)/);
      const keys = files.filter((f) => f.path?.endsWith('.key'));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.content).toContain('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgt0H18QwgcpGSQoJ8'); // the public placeholder
    }
  });

  it('escapes template markers in strings so they stay literal, and the import reads them back', async () => {
    const name = 'a ${b} %{c} "d" $${e}';
    const hcl = exported(parseScenario({ loadBalancers: [{ LoadBalancerName: name }] }))[0]!.content;
    expect(hcl).toMatch(/load_balancer_name += "a \$\$\{b\} %%\{c\} \\"d\\" \$\$\$\{e\}"/);
    await checkPinned(hcl, 'escaped name');
    const back = await importTextAsync(hcl, 'terraform');
    expect(back.warnings).toEqual([]);
    expect(back.scenario.loadBalancers?.[0]?.LoadBalancerName).toBe(name);
  });
});

describe('terraform import', () => {
  const file = [
    'provider "alicloud" {', //                                            1
    '  region = "cn-shanghai"',
    '}',
    'variable "n" {}',
    'resource "alicloud_instance" "web" {}', //                            5
    'resource "alicloud_slb_load_balancer" "main" {',
    '  load_balancer_name = var.n',
    '  tags = { a = "b" }',
    '}',
    'resource "alicloud_slb_server_group" "api" {', //                      10
    '  load_balancer_id = alicloud_slb_load_balancer.main.id',
    '  servers {',
    '    server_ids = ["i-abc123", alicloud_instance.web.id]',
    '    port       = 8080',
    '  }', //                                                               15
    '}',
    'resource "alicloud_slb_listener" "http" {',
    '  load_balancer_id = alicloud_slb_load_balancer.main.id',
    '  frontend_port    = 80',
    '  protocol         = "http"', //                                       20
    '  server_group_id  = alicloud_slb_server_group.api.id',
    '  healthy_threshold = 1',
    '  frobnicate = 3',
    '  persistence_timeout = 10',
    '}', //                                                                 25
    'resource "alicloud_slb_rule" "r" {',
    '  load_balancer_id = alicloud_slb_load_balancer.main.id',
    '  frontend_port    = 80',
    '  url              = "/api"',
    '  server_group_id  = alicloud_slb_server_group.api.id', //              30
    '}',
  ].join('\n');

  it('resolves references and lists what it does not understand with its line', async () => {
    const { scenario, warnings } = await importTextAsync(file, 'terraform');
    expect(warnings.map((w) => w.line)).toEqual([4, 5, 7, 8, 22, 23, 24]);
    expect(warnings[3]!.message).toMatch(/tags: not simulated/);
    expect(warnings[5]!.message).toMatch(/frobnicate: not an argument of alicloud_slb_listener in the alicloud provider 1\.289\.0/);
    const parsed = parseScenario(scenario);
    expect(parsed.loadBalancers[0]).toMatchObject({ LoadBalancerId: 'lb-main', RegionId: 'cn-shanghai' });
    expect(parsed.listeners[0]).toMatchObject({ ListenerPort: 80, VServerGroupId: 'rsp-api', HealthyThreshold: 2, Rules: [{ RuleId: 'rule-r', Url: '/api', VServerGroupId: 'rsp-api' }] });
    expect(parsed.vServerGroups[0]!.BackendServers.map((s) => s.ServerId)).toEqual(['i-abc123', 'i-web']);
  });

  it('reads the deprecated nested forms, literal ids and provider aliases', async () => {
    const tf = [
      'provider "alicloud" {',
      '  region = "cn-hangzhou"',
      '}',
      'provider "alicloud" {',
      '  alias  = "sh"',
      '  region = "cn-shanghai"',
      '}',
      'resource "alicloud_slb_acl" "office" {',
      '  name = "office"',
      '  entry_list {',
      '    entry   = "10.0.0.0/8"',
      '    comment = "lan"',
      '  }',
      '  entry_list {',
      '    entry = "not-an-ip"',
      '  }',
      '}',
      'resource "alicloud_slb_load_balancer" "lb-shanghai1" {',
      '  provider      = alicloud.sh',
      '  specification = "slb.s3.small"',
      '}',
      'resource "alicloud_slb_backend_server" "b" {',
      '  load_balancer_id = "lb-shanghai1"',
      '  backend_servers {',
      '    server_id = "i-one1"',
      '    weight    = 30',
      '    server_ip = "172.16.0.9"',
      '  }',
      '}',
      'resource "alicloud_slb_listener" "tcp" {',
      '  load_balancer_id = alicloud_slb_load_balancer.lb-shanghai1.id',
      '  frontend_port    = 443',
      '  protocol         = "tcp"',
      '  acl_status       = "on"',
      '  acl_type         = "black"',
      '  acl_id           = alicloud_slb_acl.office.id',
      '  gzip             = true',
      '}',
    ].join('\n');
    const { scenario, warnings } = await importTextAsync(tf, 'terraform');
    expect(warnings.map((w) => `${w.line} ${w.message}`)).toEqual([expect.stringMatching(/^15 .*entry_list\.entry: "not-an-ip" is not an IPv4/), expect.stringMatching(/^37 .*gzip: applies to HTTP\/HTTPS listeners only/)]);
    const parsed = parseScenario(scenario);
    expect(parsed.loadBalancers[0]).toMatchObject({ LoadBalancerId: 'lb-shanghai1', RegionId: 'cn-shanghai', LoadBalancerSpec: 'slb.s3.small' });
    expect(parsed.acls[0]).toMatchObject({ AclName: 'office', AclEntrys: [{ AclEntryIP: '10.0.0.0/8', AclEntryComment: 'lan' }] });
    expect(parsed.listeners[0]).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: parsed.acls[0]!.AclId });
    expect(parsed.backendServers[0]).toMatchObject({ ServerId: 'i-one1', Weight: 30 });
    expect(parsed.ecsInstances[0]).toMatchObject({ ServerId: 'i-one1', PrivateIp: '172.16.0.9' });
  });

  it('a malformed file is an error with line and column', async () => {
    await expect(importTextAsync('resource "a" "b" {\n  x = \n}\n', 'terraform')).rejects.toThrow(/terraform line 2, column 7: Invalid expression/);
    await expect(importTextAsync('resource "a" {', 'terraform')).rejects.toThrow(/line 1, column 14: Unclosed configuration block/);
    await expect(importTextAsync('a = 1\na = 2\n', 'terraform')).rejects.toBeInstanceOf(ImportSyntaxError);
    expect(hclErrorPosition('parse config: [main.tf:12,3-9: Bad; detail main.tf:1,1-2: More]')).toEqual({ position: { line: 12, column: 3 }, text: 'Bad; detail' });
  });
});

// ---- round trip over random scenarios of the supported subset ----

/** What the Terraform export carries (ids, settings, references), in a comparable form. */
function terraformConfigOf(s: Scenario): unknown {
  const sortBy = <T>(list: T[], key: (x: T) => string): T[] => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    loadBalancers: s.loadBalancers.map(({ Address, ...lb }) => ({ ...lb, ...(lb.AddressType === 'intranet' ? { Address } : {}), ...(lb.AddressType === 'intranet' ? { InternetChargeType: undefined } : {}), ...(lb.AddressType === 'internet' && lb.InternetChargeType === 'paybybandwidth' ? {} : { Bandwidth: undefined }) })),
    listeners: s.listeners.map(({ Status: _status, ConnectionDrain: _drain, ConnectionDrainTimeout: _drainTimeout, FullNatEnabled: _fullNat, ForwardCode: _code, ...l }) => ({ ...l, Rules: l.Rules?.map((r) => ({ ...r, RuleName: r.RuleName ?? r.RuleId })) })),
    backendServers: sortBy(s.backendServers, (b) => b.LoadBalancerId + b.ServerId),
    vServerGroups: s.vServerGroups,
    masterSlaveServerGroups: s.masterSlaveServerGroups,
    certificates: s.serverCertificates.map((c) => [c.ServerCertificateId, c.ServerCertificateName]),
    ca: s.caCertificates.map((c) => [c.CACertificateId, c.CACertificateName]),
    acls: s.acls,
  };
}

const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));
const id = (prefix: string) => fc.stringMatching(/^[a-z0-9]{4,10}$/).map((s) => prefix + s);
const onOff = fc.constantFrom('on' as const, 'off' as const);

function subsetScenario(): fc.Arbitrary<ScenarioInput> {
  const l4 = fc.record(
    {
      ListenerProtocol: fc.constantFrom('tcp' as const, 'udp' as const),
      Scheduler: fc.constantFrom('wrr' as const, 'wlc' as const, 'rr' as const, 'sch' as const, 'tch' as const),
      PersistenceTimeout: fc.integer({ min: 0, max: 3600 }),
      EstablishedTimeout: fc.integer({ min: 10, max: 900 }),
      HealthCheck: onOff,
      HealthCheckInterval: fc.integer({ min: 1, max: 50 }),
      HealthCheckConnectTimeout: fc.integer({ min: 1, max: 300 }),
      HealthyThreshold: fc.integer({ min: 2, max: 10 }),
      UnhealthyThreshold: fc.integer({ min: 2, max: 10 }),
      Bandwidth: fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 1000 })),
      HealthCheckConnectPort: fc.integer({ min: 1, max: 65535 }),
      ms: fc.boolean(),
      http: fc.option(
        fc.record(
          {
            HealthCheckType: fc.constant('http' as const),
            HealthCheckURI: fc.constantFrom('/health', '/a/b?x=1'),
            HealthCheckDomain: fc.constantFrom('www.example.com', 'a-b.test'),
            HealthCheckHttpCode: fc.constantFrom('http_2xx', 'http_3xx,http_4xx'),
          },
          { requiredKeys: ['HealthCheckType'] },
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['ListenerProtocol', 'ms', 'http'] },
  );
  const l7 = fc.record(
    {
      ListenerProtocol: fc.constantFrom('http' as const, 'https' as const),
      Scheduler: fc.constantFrom('wrr' as const, 'wlc' as const, 'rr' as const),
      IdleTimeout: fc.integer({ min: 1, max: 60 }),
      RequestTimeout: fc.integer({ min: 1, max: 180 }),
      Gzip: onOff,
      HealthCheck: onOff,
      HealthCheckTimeout: fc.integer({ min: 1, max: 300 }),
      HealthCheckURI: fc.constantFrom('/', '/health', '/a/b?x=1'),
      HealthCheckHttpCode: fc.constantFrom('http_2xx', 'http_2xx,http_3xx'),
      HealthCheckMethod: fc.constantFrom('head' as const, 'get' as const),
      XForwardedFor_SLBIP: onOff,
      XForwardedFor_proto: onOff,
      sticky: fc.constantFrom('off', 'insert', 'server'),
      EnableHttp2: onOff,
      TLSCipherPolicy: fc.constantFrom('tls_cipher_policy_1_0' as const, 'tls_cipher_policy_1_2' as const),
      group: fc.boolean(),
      rules: fc.uniqueArray(fc.record({ Domain: fc.option(fc.constantFrom('www.example.com', '*.example.com', 'api.test'), { nil: undefined }), Url: fc.constantFrom('/api', '/static', '/img/') }), { maxLength: 3, selector: (r) => `${r.Domain} ${r.Url}` }),
    },
    { requiredKeys: ['ListenerProtocol', 'sticky', 'group', 'rules', 'TLSCipherPolicy', 'EnableHttp2'] },
  );
  const lb = fc.record({
    LoadBalancerId: id('lb-'),
    LoadBalancerName: fc.stringMatching(/^[A-Za-z0-9 ._-]{1,20}$/),
    AddressType: fc.constantFrom('internet' as const, 'intranet' as const),
    InternetChargeType: fc.constantFrom('paybytraffic' as const, 'paybybandwidth' as const),
    Bandwidth: fc.integer({ min: 1, max: 5120 }),
    LoadBalancerSpec: fc.constantFrom('slb.s1.small' as const, 'slb.s2.small' as const, 'slb.s3.large' as const),
    Address: ip,
    listeners: fc.uniqueArray(fc.record({ port: fc.integer({ min: 1, max: 65535 }), l: fc.oneof(l4, l7), BackendServerPort: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 4, selector: (x) => x.port }),
    attached: fc.uniqueArray(fc.record({ s: fc.nat({ max: 4 }), Weight: fc.integer({ min: 0, max: 100 }) }), { maxLength: 3, selector: (x) => x.s }),
    group: fc.uniqueArray(fc.record({ s: fc.nat({ max: 4 }), Port: fc.integer({ min: 1, max: 65535 }), Weight: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 3, selector: (x) => x.s }),
  });
  return fc
    .record({
      lbs: fc.uniqueArray(lb, { minLength: 1, maxLength: 2, selector: (x) => x.LoadBalancerId }),
      acl: fc.uniqueArray(fc.tuple(ip, fc.integer({ min: 8, max: 32 })), { maxLength: 3, selector: ([a, p]) => `${a}/${p}` }),
      region: fc.constantFrom('cn-hangzhou', 'cn-shanghai'),
    })
    .map(({ lbs, acl, region }) => {
      const servers = [0, 1, 2, 3, 4].map((i) => `i-s${i}`);
      const mask = (a: string, p: number): string => {
        const v = a.split('.').reduce((x, o) => ((x << 8) | Number(o)) >>> 0, 0);
        const m = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
        const n = (v & m) >>> 0;
        return `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/${p}`;
      };
      return {
        ecsInstances: servers.map((ServerId, i) => ({ ServerId, PrivateIp: `192.168.1.${i + 1}` })),
        serverCertificates: [{ ServerCertificateId: 'cert-a', ServerCertificateName: 'main' }],
        caCertificates: [{ CACertificateId: 'ca-a' }],
        acls: [{ AclId: 'acl-one', AclName: 'one', AclEntrys: [...new Set(acl.map(([a, p]) => mask(a, p)))].map((AclEntryIP, i) => ({ AclEntryIP, AclEntryComment: i === 0 ? 'first' : '' })) }],
        loadBalancers: lbs.map(({ listeners, attached, group, ...attrs }, b) => ({
          ...attrs,
          RegionId: region,
          backendServers: attached.map(({ s, Weight }) => ({ ServerId: servers[s]!, Weight })),
          vServerGroups: [{ VServerGroupId: `rsp-g${b}`, VServerGroupName: 'g', BackendServers: group.map(({ s, Port, Weight }) => ({ ServerId: servers[s]!, Port, Weight })) }],
          masterSlaveServerGroups: [{ MasterSlaveServerGroupId: `rsp-ms${b}`, MasterSlaveServerGroupName: 'ms', MasterSlaveBackendServers: [{ ServerId: 'i-s0', Port: 80, ServerType: 'Master' as const }, { ServerId: 'i-s1', Port: 80, ServerType: 'Slave' as const }] }],
          listeners: listeners.map(({ port, l, BackendServerPort }, i) => {
            if (l.ListenerProtocol === 'tcp' || l.ListenerProtocol === 'udp') {
              const { ms, http, ...rest } = l as typeof l & { ms: boolean; http: Record<string, string> | undefined };
              return { ...rest, ...(l.ListenerProtocol === 'tcp' ? http : {}), ListenerPort: port, BackendServerPort, ...(ms ? { MasterSlaveServerGroupId: `rsp-ms${b}` } : {}), ...(i === 0 ? { AclStatus: 'on' as const, AclType: 'white' as const, AclId: 'acl-one' } : {}), ...(l.ListenerProtocol === 'udp' ? { EstablishedTimeout: undefined } : {}) };
            }
            const { sticky, group: useGroup, rules, TLSCipherPolicy, EnableHttp2, ...rest } = l as typeof l & { sticky: string; group: boolean; rules: { Domain?: string; Url: string }[]; TLSCipherPolicy: 'tls_cipher_policy_1_0' | 'tls_cipher_policy_1_2'; EnableHttp2: 'on' | 'off' };
            return {
              ...rest,
              ListenerPort: port,
              BackendServerPort,
              ...(sticky === 'insert' ? { StickySession: 'on' as const, StickySessionType: 'insert' as const, CookieTimeout: 600 } : sticky === 'server' ? { StickySession: 'on' as const, StickySessionType: 'server' as const, Cookie: 'sid' } : {}),
              ...(useGroup ? { VServerGroupId: `rsp-g${b}` } : {}),
              ...(l.ListenerProtocol === 'https' ? { ServerCertificateId: 'cert-a', CACertificateId: 'ca-a', TLSCipherPolicy, EnableHttp2 } : {}),
              Rules: rules.map((r, k) => ({ RuleId: `rule-${b}x${i}x${k}`, ...r, VServerGroupId: `rsp-g${b}` })),
            };
          }),
        })),
      } as ScenarioInput;
    })
    .filter((s) => validateScenario(s).ok);
}

describe('terraform round trip export → import keeps the configuration', () => {
  it('random scenarios of the supported subset', async () => {
    await fc.assert(
      fc.asyncProperty(subsetScenario(), async (input) => {
        const original = parseScenario(input);
        const files = exported(original);
        await checkPinned(files[0]!.content, 'random scenario');
        const { scenario, warnings } = await importTextAsync(files[0]!.content, 'terraform');
        expect(warnings).toEqual([]);
        expect(terraformConfigOf(parseScenario(scenario))).toEqual(terraformConfigOf(original));
      }),
      { numRuns: 60 },
    );
  });

  it('never hangs or crashes on random and mutated files', async () => {
    const seeds = ['l7-rules', 'l4-acl', 'https-keyserver'].map((name) => exported(parseScenario(examples[name]!))[0]!.content);
    const junk = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '(', ')', '=', ' ', '\n', '#', '"', '${', '<<EOT\n', 'EOT\n', ',', '.', 'resource', '"alicloud_slb_listener"', 'alicloud_slb_load_balancer.x.id', 'frontend_port', '80', '-1', 'true', 'servers', '/*', '*/', '\\') });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junk,
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 30 }), ins: junk }), { maxLength: 4 })).map(([base, cuts]) =>
            cuts.reduce((s, c) => {
              const at = c.at % (s.length + 1);
              return s.slice(0, at) + c.ins + s.slice(at + c.del);
            }, base),
          ),
        ),
        async (input) => {
          try {
            const { scenario, warnings } = await importTextAsync(input, 'terraform');
            parseScenario(scenario);
            for (const w of warnings) expect(w.line).toBeGreaterThanOrEqual(1);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportSyntaxError);
            expect((error as ImportSyntaxError).position.line).toBeGreaterThanOrEqual(1);
            expect((error as ImportSyntaxError).position.column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
