import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import { attached, loadBalancerInput, oneLoadBalancer, type ListenerInput } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { entries, outcomeOf, run } from '../../test/engine-harness';
import { populationBase } from '../traffic/clients';
import { ipv4ToInt } from '../net/ipv4';
import { AccessControl, AclMode } from './acl';

/**
 * Client addresses (traffic/clients.ts): population p draws from 100.0.0.0 + p × 2^20, its first
 * `clientIps` addresses. With 256 addresses each, population 0 ("office") is 100.0.0.0/24 and
 * population 1 ("internet") is 100.16.0.0/24, so an ACL entry 100.0.0.0/24 covers exactly the
 * first, and 100.0.0.0/25 exactly the lower half of it.
 */
const OFFICE = '100.0.0.0/24';

function acl(entrys: string[] = [OFFICE]) {
  return { AclId: 'acl-office', AclName: 'office', AclEntrys: entrys.map((AclEntryIP) => ({ AclEntryIP, AclEntryComment: `net ${AclEntryIP}` })) };
}

function scenario(listener: Record<string, unknown>, entrys?: string[], protocol: 'tcp' | 'udp' = 'tcp'): ScenarioInput {
  const client = { requestBytes: 200, responseBytes: 2000, clientIps: 256, rtoMs: 200, maxRetries: 3, arrival: { type: 'constant' as const, connectionsPerSecond: 20, stopAfterSeconds: 2 } };
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [{ ListenerProtocol: protocol, ListenerPort: 80, HealthCheck: 'off', ...listener } as ListenerInput],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 1, serviceTimeDistribution: 'constant' },
      { ServerId: 'i-a2', PrivateIp: '10.0.0.2', serviceTimeMs: 1, serviceTimeDistribution: 'constant' },
    ]),
    acls: entrys === undefined ? [] : [acl(entrys)],
    clients: [
      { id: 'office', ListenerPort: 80, ...client },
      { id: 'internet', ListenerPort: 80, ...client },
    ],
  });
}

const WHITE = { AclStatus: 'on', AclType: 'white', AclId: 'acl-office' };
const BLACK = { AclStatus: 'on', AclType: 'black', AclId: 'acl-office' };

/** Per connection (by serial): its client address and outcome, from the journal. */
function connections(result: ReturnType<typeof run>): { serial: number; ip: string; outcome: string }[] {
  return result.journal.entries
    .filter((e) => e.event === 'open')
    .map((e) => ({ serial: e.conn, ip: /client (\d+\.\d+\.\d+\.\d+):/.exec(e.reason)![1]!, outcome: outcomeOf(result.journal, e.conn) }));
}

const inOffice = (ip: string): boolean => ip.startsWith('100.0.0.');

describe('the ACL matcher', () => {
  const matcher = (entrys: string[], type: 'white' | 'black' = 'white', status: 'on' | 'off' = 'on') =>
    new AccessControl(parseScenario(oneLoadBalancer({ acls: [acl(entrys)], listeners: [{ ListenerPort: 80, AclStatus: status, AclType: type, AclId: 'acl-office' }] })));

  it('matches CIDR blocks as network/mask pairs, with the first matching entry', () => {
    const m = matcher(['10.0.0.0/8', '10.1.0.0/16', '100.64.1.1', '128.0.0.0/1']);
    expect(m.match(0, ipv4ToInt('10.255.255.255'))).toBe(0);
    expect(m.match(0, ipv4ToInt('10.1.2.3'))).toBe(0);
    expect(m.match(0, ipv4ToInt('11.0.0.0'))).toBe(-1);
    expect(m.match(0, ipv4ToInt('9.255.255.255'))).toBe(-1);
    expect(m.match(0, ipv4ToInt('100.64.1.1'))).toBe(2);
    expect(m.match(0, ipv4ToInt('100.64.1.2'))).toBe(-1);
    // Addresses past 128.0.0.0 are negative as int32: 128.0.0.0/1 covers 128.0.0.0–255.255.255.255.
    expect(m.match(0, ipv4ToInt('128.0.0.0'))).toBe(3);
    expect(m.match(0, ipv4ToInt('255.255.255.255'))).toBe(3);
    expect(m.match(0, ipv4ToInt('127.255.255.255'))).toBe(-1);
    expect(matcher(['0.0.0.0/0']).match(0, ipv4ToInt('1.2.3.4'))).toBe(0);
  });

  it('white admits only what matches, black all but that, off everyone; an empty white list admits nobody, an empty black list everyone', () => {
    const ip = ipv4ToInt('10.1.2.3');
    const other = ipv4ToInt('11.1.2.3');
    expect([matcher(['10.0.0.0/8']).admits(0, ip), matcher(['10.0.0.0/8']).admits(0, other)]).toEqual([true, false]);
    expect([matcher(['10.0.0.0/8'], 'black').admits(0, ip), matcher(['10.0.0.0/8'], 'black').admits(0, other)]).toEqual([false, true]);
    expect([matcher(['10.0.0.0/8'], 'white', 'off').admits(0, ip), matcher(['10.0.0.0/8'], 'white', 'off').admits(0, other)]).toEqual([true, true]);
    expect(matcher(['10.0.0.0/8'], 'white', 'off').mode[0]).toBe(AclMode.Off);
    expect(matcher([]).admits(0, ip)).toBe(false);
    expect(matcher([], 'black').admits(0, ip)).toBe(true);
  });

  it('explains a decision with the ACL, the list type and the entry', () => {
    const m = matcher(['10.0.0.0/8']);
    expect(m.explain(0, ipv4ToInt('10.9.9.9'))).toBe('acl-office (office) as a white list: 10.9.9.9 matches entry 10.0.0.0/8 ("net 10.0.0.0/8"); admitted');
    expect(m.explain(0, ipv4ToInt('11.0.0.1'))).toContain('11.0.0.1 matches none of its 1 entries; denied');
    expect(matcher(['10.0.0.0/8'], 'black').explain(0, ipv4ToInt('10.0.0.1'))).toContain('as a black list: 10.0.0.1 matches entry 10.0.0.0/8 ("net 10.0.0.0/8"); denied');
  });

  it('the test populations fall where the ACL expects', () => {
    expect(populationBase(0)).toBe(ipv4ToInt('100.0.0.0'));
    expect(populationBase(1)).toBe(ipv4ToInt('100.16.0.0'));
  });
});

describe('access control at LVS (engine)', () => {
  it('a white list admits only its CIDRs: the others SYN into silence and give up acl_denied', () => {
    const result = run(scenario(WHITE, [OFFICE]), 10);
    const conns = connections(result);
    const office = conns.filter((c) => inOffice(c.ip));
    const internet = conns.filter((c) => !inOffice(c.ip));
    expect(office.length).toBeGreaterThan(30);
    expect(internet.length).toBeGreaterThan(30);
    expect(new Set(office.map((c) => c.outcome))).toEqual(new Set(['completed']));
    expect(new Set(internet.map((c) => c.outcome))).toEqual(new Set(['acl_denied']));
    const report = result.report;
    expect(report.connections.byOutcome['acl_denied']).toBe(internet.length);
    expect(report.connections.dropped).toBe(internet.length);
    // Every SYN of a denied client was dropped: the first and maxRetries (3) retransmissions.
    expect(report.accessControl).toEqual([{ listener: 'tcp:80', AclStatus: 'on', AclType: 'white', AclId: 'acl-office', deniedConnections: internet.length, deniedPackets: internet.length * 4 }]);
    // No answer at all: LVS sent no RST, no backend saw them, the instance did not count them.
    expect(report.lvs.reduce((sum, n) => sum + n.resets, 0)).toBe(0);
    expect(report.backends.reduce((sum, b) => sum + b.connections, 0)).toBe(office.length);
    expect(report.lvs.reduce((sum, n) => sum + n.flows, 0)).toBe(office.length);
    expect(report.invariants).toEqual({ ok: true, violations: [] });
    // The journey names the ACL and the rule, and shows the retransmissions.
    const denied = internet[0]!.serial;
    const drops = entries(result.journal, denied, 'drop');
    expect(drops).toHaveLength(4);
    expect(drops[0]!.reason).toContain('acl-office (office) as a white list');
    expect(drops[0]!.reason).toContain('matches none of its 1 entries; denied');
    expect(entries(result.journal, denied, 'retransmit')).toHaveLength(3);
    const admitted = entries(result.journal, office[0]!.serial, 'acl');
    expect(admitted[0]!.reason).toContain(`matches entry ${OFFICE} ("net ${OFFICE}"); admitted`);
  });

  it('a partial block admits exactly the addresses inside it', () => {
    const result = run(scenario(WHITE, ['100.0.0.0/25']), 10);
    for (const c of connections(result)) {
      const inside = inOffice(c.ip) && Number(c.ip.split('.')[3]) < 128;
      expect(c.outcome, c.ip).toBe(inside ? 'completed' : 'acl_denied');
    }
  });

  it('a black list denies its CIDRs and admits everyone else', () => {
    const result = run(scenario(BLACK, [OFFICE]), 10);
    const conns = connections(result);
    expect(conns.filter((c) => inOffice(c.ip)).every((c) => c.outcome === 'acl_denied')).toBe(true);
    expect(conns.filter((c) => !inOffice(c.ip)).every((c) => c.outcome === 'completed')).toBe(true);
    expect(result.report.accessControl[0]!.deniedConnections).toBe(conns.filter((c) => inOffice(c.ip)).length);
    expect(result.report.invariants.ok).toBe(true);
  });

  it('access control off admits everyone, and the run is the run without any ACL (same trace hash)', () => {
    const plain = run(scenario({}), 10);
    const off = run(scenario({ AclStatus: 'off', AclType: 'white', AclId: 'acl-office' }, []), 10);
    expect(connections(off).every((c) => c.outcome === 'completed')).toBe(true);
    expect(off.sim.traceHash).toBe(plain.sim.traceHash);
    expect(off.report.accessControl).toEqual([]);
  });

  it('an ACL that denies nobody adds no event: a black list matching no client keeps the trace hash', () => {
    const plain = run(scenario({}), 10);
    const unmatched = run(scenario(BLACK, ['192.168.0.0/16']), 10);
    expect(unmatched.sim.traceHash).toBe(plain.sim.traceHash);
    expect(unmatched.report.accessControl[0]).toMatchObject({ deniedConnections: 0, deniedPackets: 0 });
  });

  it('an empty white list admits nobody; an empty black list everybody', () => {
    expect(new Set(connections(run(scenario(WHITE, []), 10)).map((c) => c.outcome))).toEqual(new Set(['acl_denied']));
    expect(new Set(connections(run(scenario(BLACK, []), 10)).map((c) => c.outcome))).toEqual(new Set(['completed']));
  });

  it('UDP: every datagram of a denied flow is dropped (no entry is ever made), and it ends acl_denied; admitted flows are checked once', () => {
    const result = run(scenario(WHITE, [OFFICE], 'udp'), 10);
    const conns = connections(result);
    expect(conns.filter((c) => inOffice(c.ip)).every((c) => c.outcome === 'completed')).toBe(true);
    const denied = conns.filter((c) => !inOffice(c.ip));
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((c) => c.outcome === 'acl_denied')).toBe(true);
    // The client sends its 10 datagrams on schedule; each finds no entry and is checked and dropped.
    expect(result.report.accessControl[0]).toMatchObject({ deniedConnections: denied.length, deniedPackets: denied.length * 10 });
    // 10 datagrams per admitted flow, one ACL decision each.
    const office = conns.find((c) => inOffice(c.ip))!;
    expect(entries(result.journal, office.serial, 'acl')).toHaveLength(1);
    expect(result.report.invariants.ok).toBe(true);
  });

  it('HTTP listeners are filtered at LVS too, before Tengine', () => {
    const input = scenario(WHITE, [OFFICE]);
    loadBalancerInput(input).listeners = [{ ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 80, HealthCheck: 'off', ...WHITE } as ListenerInput];
    const result = run(input, 10);
    const conns = connections(result);
    expect(conns.filter((c) => !inOffice(c.ip)).every((c) => c.outcome === 'acl_denied')).toBe(true);
    expect(conns.filter((c) => inOffice(c.ip)).every((c) => c.outcome === 'completed')).toBe(true);
    // Only the admitted clients' requests reached Tengine.
    expect(result.report.requests.sent).toBe(conns.filter((c) => inOffice(c.ip)).length);
    expect(result.report.requests.completed).toBe(result.report.requests.sent);
  });

  it('the l4-acl example: office clients complete, internet clients end acl_denied', () => {
    const result = run(examples['l4-acl']!, 30);
    const conns = connections(result).filter((c) => c.outcome !== 'in_flight');
    expect(new Set(conns.filter((c) => inOffice(c.ip)).map((c) => c.outcome))).toEqual(new Set(['completed']));
    expect(new Set(conns.filter((c) => c.ip.startsWith('100.16.0.')).map((c) => c.outcome))).toEqual(new Set(['acl_denied']));
    expect(conns.every((c) => inOffice(c.ip) || c.ip.startsWith('100.16.0.'))).toBe(true);
    expect(result.report.connections.byOutcome['acl_denied']).toBeGreaterThan(100);
    expect(result.report.invariants.ok).toBe(true);
  });
});
