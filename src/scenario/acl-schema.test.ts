import { describe, expect, it } from 'vitest';
import { canonicalCidr, parseCidr, prefixMask } from './acl-schema';
import { attached, oneLoadBalancer } from './examples/shared';
import { parseScenario, validateScenario, type ScenarioIssue } from './validate';

const SERVERS = attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]);
const ACL = { AclId: 'acl-office', AclName: 'office', AclEntrys: [{ AclEntryIP: '100.0.0.0/24', AclEntryComment: 'first clients' }] };

/** One load balancer with one listener (untyped: the tests feed invalid fields), and these ACLs. */
function scenario(listener: Record<string, unknown> = {}, acls: unknown[] = [ACL]): unknown {
  return {
    ecsInstances: SERVERS.ecsInstances,
    acls,
    loadBalancers: [{ backendServers: SERVERS.backendServers, listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, ...listener }] }],
  };
}

function issuesOf(input: unknown): ScenarioIssue[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it validated');
  return result.issues;
}

function accepts(input: unknown): void {
  const result = validateScenario(input);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

describe('ACL entries: IPv4 CIDR blocks', () => {
  it('reads addresses and blocks as network/mask integers', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ network: 0x0a000000, mask: 0xff000000, prefix: 8 });
    expect(parseCidr('192.168.1.7')).toEqual({ network: 0xc0a80107, mask: 0xffffffff, prefix: 32 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ network: 0, mask: 0, prefix: 0 });
    expect(parseCidr('255.255.255.255/32')).toEqual({ network: 0xffffffff, mask: 0xffffffff, prefix: 32 });
    expect(prefixMask(1)).toBe(0x80000000);
    expect(canonicalCidr(parseCidr('10.1.2.3') as never)).toBe('10.1.2.3/32');
  });

  it.each([
    ['256.0.0.0/8', 'not an IPv4 address'],
    ['10.0.0.0/33', 'not an IPv4 address'],
    ['10.0.0/8', 'not an IPv4 address'],
    ['10.0.0.0/', 'not an IPv4 address'],
    ['01.0.0.0/8', 'not an IPv4 address'],
    ['fe80::/10', 'not an IPv4 address'],
    ['', 'not an IPv4 address'],
    [' 10.0.0.0/8', 'not an IPv4 address'],
    ['10.0.0.1/8', 'the block is 10.0.0.0/8'],
    ['192.168.1.1/24', 'the block is 192.168.1.0/24'],
  ])('refuses %j (%s)', (text, rule) => {
    expect(parseCidr(text)).toContain(rule);
    const issues = issuesOf(scenario({}, [{ ...ACL, AclEntrys: [{ AclEntryIP: text }] }]));
    expect(issues[0]!.field).toBe('acls.0.AclEntrys.0.AclEntryIP');
    expect(issues[0]!.message).toContain(rule);
  });
});

describe('ACLs in the scenario', () => {
  it('are optional: a scenario without them has none, and its listeners have AclStatus off', () => {
    const parsed = parseScenario(oneLoadBalancer({ ...SERVERS, listeners: [{ ListenerPort: 80 }] }));
    expect(parsed.acls).toEqual([]);
    expect(parsed.listeners[0]!.AclStatus).toBe('off');
    expect(parsed.listeners[0]!.AclType).toBeUndefined();
  });

  it('fill the API defaults: ipv4, empty comments', () => {
    const parsed = parseScenario(scenario({}, [{ AclId: 'acl-a', AclName: 'a', AclEntrys: [{ AclEntryIP: '1.2.3.4' }] }]));
    expect(parsed.acls[0]).toEqual({ AclId: 'acl-a', AclName: 'a', AddressIPVersion: 'ipv4', AclEntrys: [{ AclEntryIP: '1.2.3.4', AclEntryComment: '' }] });
  });

  it('hold unique entries: an address and the same /32 are one entry', () => {
    const issues = issuesOf(scenario({}, [{ ...ACL, AclEntrys: [{ AclEntryIP: '10.1.2.3' }, { AclEntryIP: '10.0.0.0/8' }, { AclEntryIP: '10.1.2.3/32' }] }]));
    expect(issues.map((i) => i.field)).toEqual(['acls.0.AclEntrys.2.AclEntryIP']);
    expect(issues[0]!.message).toContain('entry 0');
  });

  it('hold at most 300 entries', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ AclEntryIP: `10.${i >> 8}.${i & 255}.0/24` }));
    accepts(scenario({}, [{ ...ACL, AclEntrys: entries(300) }]));
    const issues = issuesOf(scenario({}, [{ ...ACL, AclEntrys: entries(301) }]));
    expect(issues[0]!.field).toBe('acls.0.AclEntrys');
    expect(issues[0]!.message).toContain('300');
  });

  it('are at most 50, with unique ids and names', () => {
    const acls = (n: number) => Array.from({ length: n }, (_, i) => ({ AclId: `acl-n${i}`, AclName: `n${i}` }));
    accepts(scenario({}, acls(50)));
    expect(issuesOf(scenario({}, acls(51)))[0]!.message).toContain('50');
    expect(issuesOf(scenario({}, [ACL, { ...ACL, AclName: 'other' }]))[0]).toMatchObject({ field: 'acls.1.AclId' });
    expect(issuesOf(scenario({}, [ACL, { ...ACL, AclId: 'acl-other' }]))[0]).toMatchObject({ field: 'acls.1.AclName' });
  });

  it.each([
    [{ AclId: 'ACL-1' }, 'acls.0.AclId'],
    [{ AclId: 'rsp-1' }, 'acls.0.AclId'],
    [{ AclName: '' }, 'acls.0.AclName'],
    [{ AclName: 'a'.repeat(81) }, 'acls.0.AclName'],
    [{ AclName: 'has space' }, 'acls.0.AclName'],
    [{ AddressIPVersion: 'ipv6' }, 'acls.0.AddressIPVersion'],
    [{ AclEntrys: [{ AclEntryIP: '10.0.0.0/8', AclEntryComment: 'x'.repeat(257) }] }, 'acls.0.AclEntrys.0.AclEntryComment'],
    [{ AclEntrys: [{ AclEntryIP: '10.0.0.0/8', entry: '10.0.0.0/8' }] }, 'acls.0.AclEntrys.0.entry'],
  ])('refuses an ACL with %j', (patch, path) => {
    expect(issuesOf(scenario({}, [{ ...ACL, ...patch }])).map((i) => i.field)).toContain(path);
  });

  it('accepts Chinese names and the API punctuation', () => {
    accepts(scenario({}, [{ ...ACL, AclName: '办公室-v1.0/a_b' }]));
  });
});

describe('listener access control', () => {
  it('AclStatus on with AclType and an existing AclId', () => {
    accepts(scenario({ AclStatus: 'on', AclType: 'white', AclId: 'acl-office' }));
    accepts(scenario({ AclStatus: 'on', AclType: 'black', AclId: 'acl-office' }));
    // Off with an ACL named keeps the binding without enforcing it.
    accepts(scenario({ AclStatus: 'off', AclType: 'white', AclId: 'acl-office' }));
  });

  it.each([
    [{ AclStatus: 'on', AclId: 'acl-office' }, 'loadBalancers.0.listeners.0.AclType', 'AclType'],
    [{ AclStatus: 'on', AclType: 'white' }, 'loadBalancers.0.listeners.0.AclId', 'AclId'],
    [{ AclStatus: 'on', AclType: 'white', AclId: 'acl-none' }, 'loadBalancers.0.listeners.0.AclId', 'no ACL acl-none'],
    [{ AclStatus: 'off', AclId: 'acl-none' }, 'loadBalancers.0.listeners.0.AclId', 'no ACL acl-none'],
    [{ AclStatus: 'yes' }, 'loadBalancers.0.listeners.0.AclStatus', ''],
    [{ AclStatus: 'on', AclType: 'grey', AclId: 'acl-office' }, 'loadBalancers.0.listeners.0.AclType', ''],
  ])('refuses %j', (listener, path, text) => {
    const issue = issuesOf(scenario(listener)).find((i) => i.field === path);
    expect(issue, JSON.stringify(issuesOf(scenario(listener)))).toBeDefined();
    expect(issue!.message).toContain(text);
  });

  it('applies to HTTP, HTTPS and UDP listeners alike', () => {
    for (const protocol of ['udp', 'http']) accepts(scenario({ ListenerProtocol: protocol, AclStatus: 'on', AclType: 'black', AclId: 'acl-office' }));
    const parsed = parseScenario(scenario({ ListenerProtocol: 'http', AclStatus: 'on', AclType: 'black', AclId: 'acl-office' }));
    expect(parsed.listeners[0]).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-office' });
  });
});
