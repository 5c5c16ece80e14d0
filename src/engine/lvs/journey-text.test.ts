import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { run } from '../../test/engine-harness';
import { parseScenario } from '../../scenario/validate';
import { Simulation } from '../simulation';
import { formatCid, quicConnectionId } from '../traffic/quic';

/**
 * The journey is what a user reads to learn why a connection survived a failover or broke: every
 * hop, decision and reason, word for word. One connection through two LVS nodes; LVS-2, which
 * scheduled it, is taken down for a hot upgrade before or after the connection was synced.
 */
const input = (upgradeAtS: number): ScenarioInput => (oneLoadBalancer({
  cluster: { lvsNodes: 2, ecmpMode: 'modulo', sync: { batching: false } },
  listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
  ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10 }]),
  clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, requestBytes: 100, responseBytes: 100, exchanges: 2, thinkTimeMs: 100 }],
  faults: [{ atS: upgradeAtS, action: 'upgrade', target: 'lvs-2' }],
}));

const journey = (upgradeAtS: number) => run(input(upgradeAtS), 30).journal.forConnection(1).map((e) => [e.timeUs, e.node, e.event, e.reason]);

const opening = [
  [1000000, 'clients', 'open', 'client 100.0.0.0:32768 → 47.100.10.10:80'],
  [1020200, 'ECMP router', 'ecmp', 'modulo hash 14116639 → LVS-2'],
  [1020400, 'LVS-2', 'schedule', 'wrr chose i-a1: weight 100, active 0, inactive 0 (overhead 0)'],
  [1020400, 'LVS-2', 'fullnat', '100.0.0.0:32768 → 47.100.10.10:80 becomes 100.64.2.1:63683 → 10.0.0.1:80; backend sees client 100.0.0.0:32768 (TOA)'],
];

describe('a connection\'s journey, word for word', () => {
  it('moved before its handshake completed: reset, and the journey says why', () => {
    expect(journey(1.05)).toEqual([
      ...opening,
      [1061400, 'ECMP router', 'ecmp', 'modulo hash 14116639 → LVS-1'],
      [1061400, 'ECMP router', 'ecmp', 'modulo hash 14116639 → LVS-1'],
      [1061600, 'LVS-1', 'reset', 'no session on LVS-1 (flow moved before its handshake completed); RST'],
      [1061600, 'LVS-1', 'reset', 'no session on LVS-1 (flow moved before its handshake completed); RST'],
      [1082000, 'clients', 'outcome', 'failover_handshake: RST received'],
    ]);
  });

  it('moved after its session was synced: found on the other node, which takes the flow over', () => {
    expect(journey(1.09)).toEqual([
      ...opening,
      [1061600, 'LVS-2', 'sync sent', 'ESTABLISHED record from client packet 3 (DATA) multicast to 224.0.0.81:8848'],
      [1062000, 'LVS-1', 'synced', 'session ESTABLISHED installed from LVS-2'],
      [1112600, 'ECMP router', 'ecmp', 'modulo hash 14116639 → LVS-1'],
      [1112800, 'LVS-1', 'session found', 'ESTABLISHED (synced); continue to the same backend'],
      [1112800, 'LVS-1', 'fullnat', '100.0.0.0:32768 → 47.100.10.10:80 becomes 100.64.1.1:32353 → 10.0.0.1:80; backend sees client 100.0.0.0:32768 (TOA); LVS-1 takes the flow over with its own local address'],
      [1264000, 'LVS-1', 'sync sent', 'CLOSE_WAIT record from client packet 7 (FIN) multicast to 224.0.0.81:8848'],
      [1284800, 'clients', 'outcome', 'completed: closed: FIN answered, final ACK sent'],
      [1305200, 'LVS-1', 'sync sent', 'TIME_WAIT record from client packet 8 (ACK) multicast to 224.0.0.81:8848'],
    ]);
  });
});

describe('journeys and node counters where LVS answers or drops itself', () => {
  it('no usable backend: LVS answers the SYN itself, lets the ACK through silently and resets the request', () => {
    const { journal, report } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1, sync: { batching: false } },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', Weight: 0 }]),
        clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 } }],
      }),
      30,
    );
    expect(journal.forConnection(1).map((e) => [e.timeUs, e.node, e.event, e.reason])).toEqual([
      [1000000, 'clients', 'open', 'client 100.0.0.0:32768 → 47.100.10.10:80'],
      [1020200, 'ECMP router', 'ecmp', 'modulo hash 14116639 → LVS-1'],
      [1020400, 'LVS-1', 'schedule', 'wrr: no backend with weight > 0 (all unhealthy, removed or weight 0)'],
      [1020400, 'LVS-1', 'syn proxy', 'no healthy backend: LVS answers the SYN itself'],
      [1061200, 'LVS-1', 'reset', 'no healthy backend for this listener'],
      [1081600, 'clients', 'outcome', 'no_healthy_backend: RST received'],
    ]);
    expect(report.lvs[0]).toMatchObject({ flows: 1, active: 0, inactive: 0, resets: 1, drops: 0, syncSent: 0 });
  });

  it('a crashed node drops what the router still sends it, counts the drops, and the flow resumes on a synced node', () => {
    const { journal, report } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 2, ecmpMode: 'modulo', withdrawalDelayS: 3, sync: { batching: false } },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
        clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, exchanges: 2, thinkTimeMs: 100 }],
        faults: [{ atS: 1.09, action: 'crash', target: 'lvs-2' }],
      }),
      30,
    );
    const drops = journal.forConnection(1).filter((e) => e.event === 'drop');
    expect(drops.map((e) => [e.node, e.reason])).toEqual(Array(3).fill(['LVS-2', 'LVS-2 is down; route not yet withdrawn']));
    expect(journal.forConnection(1).filter((e) => e.event === 'retransmit').map((e) => e.reason)).toEqual(['no reply within the RTO; retry 1', 'no reply within the RTO; retry 2']);
    expect(journal.forConnection(1).at(-2)).toMatchObject({ node: 'clients', event: 'outcome', reason: 'completed: closed: FIN answered, final ACK sent' });
    expect(report.lvs.map((l) => [l.id, l.state, l.announced, l.flows, l.drops, l.resets, l.syncSent, l.syncReceived])).toEqual([
      ['lvs-1', 'up', true, 0, 0, 0, 2, 1],
      ['lvs-2', 'down', false, 1, 3, 0, 1, 0],
    ]);
  });

  it('with no LVS node announcing the VIP the router drops the packet and says so', () => {
    const { journal, report } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1, sync: { batching: false } },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
        clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, maxRetries: 1 }],
        faults: [{ atS: 0.5, action: 'upgrade', target: 'lvs-1' }],
      }),
      30,
    );
    expect(journal.forConnection(1).filter((e) => e.event === 'drop').map((e) => [e.node, e.reason])).toEqual([
      ['ECMP router', 'no LVS node announces the VIP'],
      ['ECMP router', 'no LVS node announces the VIP'],
    ]);
    expect(report.connections.byOutcome).toEqual({ route_blackhole: 1 });
  });
});

describe('the schedule line of a hashing scheduler names what it hashed', () => {
  const firstSchedule = (Scheduler: 'sch' | 'tch' | 'qch', protocol: 'tcp' | 'udp') =>
    run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1 },
        listeners: [{ ListenerProtocol: protocol, ListenerPort: 80, HealthCheck: 'off', Scheduler }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
        clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, datagrams: 1 }],
      }),
      2,
    ).journal.forConnection(1).find((e) => e.event === 'schedule')!.reason;

  it('sch: the source IP; tch: the 4-tuple; qch: the QUIC connection ID', () => {
    expect(firstSchedule('sch', 'tcp')).toBe('sch chose i-a1: source IP 100.0.0.0, weight 100, active 0, inactive 0 (overhead 0)');
    expect(firstSchedule('tch', 'tcp')).toBe('tch chose i-a1: 4-tuple 100.0.0.0:32768 → 47.100.10.10:80, weight 100, active 0, inactive 0 (overhead 0)');
    expect(firstSchedule('qch', 'udp')).toBe(`qch chose i-a1: QUIC CID ${formatCid(quicConnectionId(1, 1))}, weight 100, active 0, inactive 0 (overhead 0)`);
  });

  it('the engine refuses qch on a TCP listener even when validation was bypassed', () => {
    const scenario = parseScenario(oneLoadBalancer({ listeners: [{ ListenerPort: 80 }] }));
    const bypassed = { ...scenario, listeners: [{ ...scenario.listeners[0]!, Scheduler: 'qch' as const }] };
    expect(() => new Simulation(bypassed)).toThrow('listener 80: qch keys on the QUIC connection id and needs a UDP listener');
  });
});
