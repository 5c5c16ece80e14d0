import { attached, type ServerSpec, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { decodeHops, entries, outcomeOf, run } from '../../test/engine-harness';
import { ConnState, stateAfterClientPacket, stateAfterServerPacket } from './tcp-states';

/** Where the layer-4 model follows the kernel (ip_vs_proto_tcp.c, ip_vs_sync.c, alibaba/LVS). */

const backends = (n: number): ServerSpec[] =>
  Array.from({ length: n }, (_, i) => ({ ServerId: `i-s${i + 1}`, PrivateIp: `10.0.0.${i + 1}`, serviceTimeDistribution: 'constant' as const, serviceTimeMs: 1 }));

/** One keep-alive TCP connection opened at 1 s, one request every `thinkMs`. */
function oneConnection(over: { lvsNodes?: number; exchanges?: number; thinkMs?: number; timeout?: number; sync?: object; cluster?: object; faults?: ScenarioInput['faults'] }): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: over.lvsNodes ?? 2, ecmpMode: 'modulo', sync: { batching: false, ...over.sync }, ...over.cluster },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off', EstablishedTimeout: over.timeout ?? 900 }],
    ...attached(backends(1)),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
        requestBytes: 100,
        responseBytes: 100,
        exchanges: over.exchanges ?? 2,
        thinkTimeMs: over.thinkMs ?? 100,
      },
    ],
    faults: over.faults ?? [],
  });
}

describe('tcp_states[] by direction (ip_vs_proto_tcp.c)', () => {
  it('a client FIN in ESTABLISHED is CLOSE_WAIT, a server FIN is FIN_WAIT; a server FIN in CLOSE_WAIT is TIME_WAIT', () => {
    expect(stateAfterClientPacket(ConnState.Established, PacketType.Fin)).toBe(ConnState.CloseWait);
    expect(stateAfterServerPacket(ConnState.Established, PacketType.Fin)).toBe(ConnState.FinWait);
    expect(stateAfterServerPacket(ConnState.CloseWait, PacketType.Fin)).toBe(ConnState.TimeWait);
    expect(stateAfterClientPacket(ConnState.FinWait, PacketType.Fin)).toBe(ConnState.TimeWait);
    expect(stateAfterClientPacket(ConnState.FinWait, PacketType.Ack)).toBe(ConnState.FinWait);
  });

  it('follows the table where textbook TCP would not', () => {
    expect(stateAfterClientPacket(ConnState.None, PacketType.Syn)).toBe(ConnState.SynRecv);
    expect(stateAfterServerPacket(ConnState.SynRecv, PacketType.SynAck)).toBe(ConnState.SynRecv);
    expect(stateAfterClientPacket(ConnState.SynRecv, PacketType.Ack)).toBe(ConnState.Established);
    // A client RST during the handshake leaves SYN_RECV; a server RST in TIME_WAIT leaves TIME_WAIT.
    expect(stateAfterClientPacket(ConnState.SynRecv, PacketType.Rst)).toBe(ConnState.SynRecv);
    expect(stateAfterServerPacket(ConnState.TimeWait, PacketType.Rst)).toBe(ConnState.TimeWait);
    expect(stateAfterClientPacket(ConnState.Established, PacketType.Rst)).toBe(ConnState.Close);
    expect(stateAfterServerPacket(ConnState.Established, PacketType.Rst)).toBe(ConnState.Close);
    // A client ACK in LAST_ACK closes; a server SYN in FIN_WAIT is SYN_SENT.
    expect(stateAfterClientPacket(ConnState.LastAck, PacketType.Ack)).toBe(ConnState.Close);
    expect(stateAfterServerPacket(ConnState.FinWait, PacketType.SynAck)).toBe(ConnState.SynSent);
    expect(stateAfterClientPacket(ConnState.SynRecv, PacketType.Fin)).toBe(ConnState.TimeWait);
  });
});

describe('session sync follows ip_vs_sync.c', () => {
  it('an entry reset by the backend goes to CLOSE and is not synced: replies never trigger a record', () => {
    const input = oneConnection({ lvsNodes: 2 });
    input.ecsInstances![0]!.condition = 'refusing';
    const { sim, journal } = run(input, 3);
    expect(outcomeOf(journal, 1)).toBe('backend_refused');
    expect(entries(journal, 1, 'sync sent')).toEqual([]);
    const states = [0, 1].map((i) => sim.lvs.sessions.state[sim.lvs.sessions.at(0, i)]);
    expect(states.filter((s) => s === ConnState.Close)).toHaveLength(1);
    expect(states.filter((s) => s === ConnState.None)).toHaveLength(1);
  });

  it('a synced entry counts from the threshold: after a move the next record comes `period` client packets later', () => {
    // Threshold (3, 10): the origin syncs at client packet 3 (the first request). Its node is taken
    // down at 1.5 s; the other node's copy started counting at 3 on receipt, so it syncs at its
    // own 10th packet (counter 13 ≡ 3 mod 10), not at its 3rd.
    const input = oneConnection({ lvsNodes: 2, exchanges: 12, thinkMs: 200, sync: { threshold: [3, 10] } });
    const origin = entries(run(input, 2).journal, 1, 'schedule')[0]!.node;
    expect(entries(run(input, 2).journal, 1, 'sync sent')[0]!.reason).toMatch(/from client packet 3 \(DATA\)/);
    const moved = run({ ...input, faults: [{ atS: 1.5, action: 'upgrade', target: origin.replace('LVS', 'lvs') }] }, 10);
    expect(outcomeOf(moved.journal, 1)).toBe('completed');
    const arrivals = clientPacketArrivals(moved);
    const firstThere = arrivals.findIndex((a) => a.node !== origin.replace('LVS', 'lvs')) + 1;
    expect(firstThere).toBeGreaterThan(3);
    const fromOther = entries(moved.journal, 1, 'sync sent').filter((e) => e.node !== origin);
    expect(fromOther[0]!.reason).toMatch(new RegExp(`from client packet ${firstThere + 9} \\(`));
  });

  it('a long-idle synced copy that expired ends the moved flow as synced_session_expired, not a contradiction of its journey', () => {
    // EstablishedTimeout 10 s. Requests every 6 s keep the origin's entry alive but trigger no sync
    // after packet 3; the other node's copy (full timeout from receipt) expires 10 s after it.
    const input = oneConnection({ lvsNodes: 2, exchanges: 6, thinkMs: 6000, timeout: 10 });
    const origin = entries(run(input, 2).journal, 1, 'schedule')[0]!.node.replace('LVS', 'lvs');
    const { journal, report } = run({ ...input, faults: [{ atS: 14, action: 'upgrade', target: origin }] }, 40);
    expect(entries(journal, 1, 'synced')).toHaveLength(1);
    expect(outcomeOf(journal, 1)).toBe('synced_session_expired');
    expect(report.connections.byOutcome['synced_session_expired']).toBe(1);
    expect(report.connections.reset).toBe(1);
    expect(entries(journal, 1, 'reset')[0]!.reason).toMatch(/synced session expired/);
  });

  it('received sessions get the full timeout on receipt by default (mainline ip_vs_sync.c)', () => {
    const input = oneConnection({ lvsNodes: 2, exchanges: 3, thinkMs: 1000, timeout: 100 });
    const { sim, journal } = run(input, 1.5);
    expect(sim.scenario.cluster.sync.installTimeout).toBe('full');
    const installed = entries(journal, 1, 'synced')[0]!;
    const peer = sim.topology.nodes.find((n) => n.label === installed.node)!.index;
    expect(sim.lvs.sessions.expiryOf(sim.lvs.sessions.at(0, peer), sim.nowUs)).toBe(installed.timeUs + 100e6);
  });
});

/** Client packets of connection 1 reaching an LVS node, in order, with the node's key. */
function clientPacketArrivals(result: ReturnType<typeof run>): { node: string; type: number }[] {
  return decodeHops(result.sim, result.hops)
    .filter((h) => h.conn === 1 && h.from === 'router' && h.to.startsWith('lvs-'))
    .map((h) => ({ node: h.to, type: h.type }));
}

describe('no leaked entries, and idle expiry (alibaba/LVS conn_expire_tcp_rst)', () => {
  it('with every backend down and clients stopped, every node\'s active count falls to 0', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 4 },
      listeners: [{ ListenerPort: 80, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1, UnhealthyThreshold: 2, EstablishedTimeout: 900 }],
      ...attached(backends(2)!.map((b) => ({ ...b, condition: 'down' as const }))),
      clients: [{ ListenerPort: 80, clientIps: 200, arrival: { type: 'constant', connectionsPerSecond: 20, stopAfterSeconds: 10 } }],
    });
    const { report } = run(input, 12);
    // After the 3 s detection LVS answers SYNs itself and resets the first request: its RST takes
    // the entry out of ESTABLISHED at once (no 900 s of phantom active connections).
    expect(report.connections.byOutcome['no_healthy_backend']).toBeGreaterThan(100);
    expect(report.lvs.map((l) => l.active)).toEqual([0, 0, 0, 0]);
    expect(report.invariants.violations).toEqual([]);
  });

  it('ConnectionDrainTimeout over: the LVS RST closes the drained entries at once', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1 },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off', ConnectionDrain: 'on', ConnectionDrainTimeout: 10 }],
      ...attached(backends(1)),
      clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10, stopAfterSeconds: 1 }, exchanges: 10, thinkTimeMs: 5000 }],
      faults: [{ atS: 2, action: 'backend-remove', target: 'i-s1' }],
    });
    const { report } = run(input, 12.1);
    expect(report.connections.byOutcome['drain_timeout']).toBe(report.connections.opened);
    expect(report.lvs[0]!.active).toBe(0);
  });

  const idle = (expiryReset: boolean) =>
    run(
      oneLoadBalancer({
        cluster: { lvsNodes: 1, expiryReset },
        listeners: [{ ListenerPort: 80, HealthCheck: 'off', EstablishedTimeout: 10 }],
        ...attached(backends(1)),
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, exchanges: 2, thinkTimeMs: 15_000 }],
      }),
      40,
    );

  it('an ESTABLISHED entry that expires is reset towards client and backend at that moment (default)', () => {
    const { journal, sim } = idle(true);
    expect(sim.scenario.cluster.expiryReset).toBe(true);
    const reset = entries(journal, 1, 'reset')[0]!;
    const outcome = entries(journal, 1, 'outcome')[0]!;
    expect(outcome.reason).toMatch(/^session_expired/);
    // The client hears it one Internet crossing after the expiry, long before its next request at ~16 s.
    expect(reset.timeUs).toBeLessThan(12e6);
    expect(outcome.timeUs - reset.timeUs).toBeGreaterThan(19_000);
    expect(outcome.timeUs - reset.timeUs).toBeLessThan(21_000);
    // The backend got the RST too: its side is closed.
    expect(sim.servers.open[0]).toBe(0);
  });

  it('with expiryReset false (mainline) the entry expires silently and the client learns at its next packet', () => {
    const { journal, sim } = idle(false);
    const outcome = entries(journal, 1, 'outcome')[0]!;
    expect(outcome.reason).toMatch(/^session_expired/);
    expect(outcome.timeUs).toBeGreaterThan(16e6);
    expect(sim.servers.open[0]).toBe(0);
  });
});

describe('UDP listeners apply removal and weight 0 five minutes late (DOMAIN §2.2)', () => {
  const udp = (protocol: 'udp' | 'tcp', action: 'backend-remove' | 'backend-weight'): ScenarioInput => (oneLoadBalancer({
    cluster: { lvsNodes: 1, sync: { batching: false } },
    listeners: [{ ListenerProtocol: protocol, ListenerPort: 53, HealthCheck: 'off', Scheduler: 'rr' }],
    ...attached(backends(2)),
    clients: [{ ListenerPort: 53, arrival: { type: 'constant', connectionsPerSecond: 2 }, datagrams: 2, datagramIntervalMs: 100, exchanges: 1 }],
    faults: [{ atS: 10, action, target: 'i-s2', ...(action === 'backend-weight' ? { weight: 0 } : {}) }],
  }));
  const picksOfS2 = (result: ReturnType<typeof run>) => result.journal.entries.filter((e) => e.event === 'schedule' && e.reason.includes('chose i-s2')).map((e) => e.timeUs);

  it.each(['backend-remove', 'backend-weight'] as const)('%s: a UDP listener keeps scheduling to the backend until 310 s, then stops', (action) => {
    const result = run(udp('udp', action), 330);
    const s2 = picksOfS2(result);
    expect(s2.some((t) => t > 300e6 && t < 310e6)).toBe(true);
    expect(s2.every((t) => t < 310e6)).toBe(true);
    expect(result.report.connections.byOutcome['backend_removed']).toBeUndefined();
  });

  it('a TCP listener applies the removal at once', () => {
    const s2 = picksOfS2(run(udp('tcp', 'backend-remove'), 60));
    expect(s2.length).toBeGreaterThan(0);
    expect(s2.every((t) => t < 10e6)).toBe(true);
  });
});

describe('report units', () => {
  it('syncSent and syncLost count records, syncMessagesSent and syncMessagesLost messages', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 3, sync: { batching: true, recordsPerMessage: 4, lossRate: 1 } },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached(backends(2)),
      clients: [{ ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 50, stopAfterSeconds: 5 } }],
    });
    const { report } = run(input, 10);
    const sum = (key: 'syncSent' | 'syncLost' | 'syncMessagesSent' | 'syncMessagesLost' | 'syncReceived') => report.lvs.reduce((n, l) => n + l[key], 0);
    expect(sum('syncReceived')).toBe(0);
    expect(sum('syncMessagesSent')).toBeGreaterThan(0);
    expect(sum('syncSent')).toBeGreaterThan(sum('syncMessagesSent'));
    // Every message reaches the two other nodes and is lost at each; so is every record in it.
    expect(sum('syncMessagesLost')).toBe(2 * sum('syncMessagesSent'));
    expect(sum('syncLost')).toBe(2 * sum('syncSent'));
  });

  it('InstanceDropConnection counts connections; droppedSyns counts every dropped SYN, retransmissions too', () => {
    const input: ScenarioInput = oneLoadBalancer({
      loadBalancer: { LoadBalancerSpec: 'slb.s1.small' },
      cluster: { lvsNodes: 1 },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached(backends(1)),
      clients: [{ ListenerPort: 80, clientIps: 50_000, arrival: { type: 'burst', burstSize: 4000, burstEverySeconds: 0.5 }, maxRetries: 1, rtoMs: 200 }],
    });
    const { report } = run(input, 0.95);
    expect(report.instances[0]!.InstanceDropConnection).toBe(1000);
    // The 1000 dropped connections retransmit their SYN 200 ms later, still inside the same second.
    expect(report.instances[0]!.droppedSyns).toBe(2000);
  });
});

describe('idle expiry resets only what the flow passes through', () => {
  it('a synced copy that expires on another node resets nothing: the live connection completes', () => {
    // Requests every 6 s keep the origin's entry alive; the peer's copy (synced at packet 3, full
    // 10 s timeout) expires at ~11 s while the connection is still alive on its own node.
    const { journal, report } = run(oneConnection({ lvsNodes: 2, exchanges: 4, thinkMs: 6000, timeout: 10 }), 40);
    const [established, ...closing] = entries(journal, 1, 'synced');
    expect(established!.reason).toMatch(/^session ESTABLISHED/);
    // The next records come only with the client's FIN, well after the copy's 10 s were over.
    expect(closing[0]!.timeUs - established!.timeUs).toBeGreaterThan(12e6);
    expect(outcomeOf(journal, 1)).toBe('completed');
    expect(report.lvs.reduce((n, l) => n + l.resets, 0)).toBe(0);
  });

  it('closing and handshake states expire silently: a finished connection leaves no RST behind', () => {
    const { journal, report } = run(oneConnection({ lvsNodes: 1, cluster: { timeoutPreset: 'alibaba' } }), 30);
    expect(outcomeOf(journal, 1)).toBe('completed');
    expect(entries(journal, 1, 'reset')).toEqual([]);
    expect(report.lvs[0]!.resets).toBe(0);
  });

  it('a client that already gave up gets no RST at expiry, and the backend side was closed when it did', () => {
    const input = oneConnection({ lvsNodes: 1, exchanges: 2, thinkMs: 100, timeout: 10 });
    input.ecsInstances![0]!.serviceTimeMs = 60_000; // the client's retries run out long before
    input.clients![0]!.maxRetries = 1;
    const { journal, report } = run(input, 40);
    expect(outcomeOf(journal, 1)).toBe('no_response');
    expect(entries(journal, 1, 'reset')).toEqual([]);
    expect(report.lvs[0]!.resets).toBe(0);
    expect(report.lvs[0]!.active).toBe(0);
  });
});

describe('templates and the UDP grace in their corners', () => {
  it('a crashed node loses its persistence templates with its table', () => {
    // One client IP on one node, rr over three backends, a long PersistenceTimeout; the node
    // restarts between two connections, so the second is scheduled afresh (the next backend).
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1, sync: { batching: false } },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr', PersistenceTimeout: 3600 }],
      ...attached(backends(3)),
      clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 0.1, maxConnections: 2 } }],
    });
    const picks = (faults: ScenarioInput['faults']) =>
      run({ ...input, faults }, 30).journal.entries.filter((e) => e.event === 'schedule').map((e) => e.reason);
    expect(picks([]).every((r) => r.includes('i-s1'))).toBe(true);
    const restarted = picks([
      { atS: 12, action: 'crash', target: 'lvs-1' },
      { atS: 13, action: 'recover', target: 'lvs-1' },
    ]);
    expect(restarted).toHaveLength(2);
    expect(restarted[1]).toMatch(/^rr chose i-s2/);
  });

  it('a weight raised above 0 during the UDP grace applies at once', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1, sync: { batching: false } },
      listeners: [{ ListenerProtocol: 'udp', ListenerPort: 53, HealthCheck: 'off', Scheduler: 'wrr' }],
      ...attached(backends(2)!.map((b) => ({ ...b, Weight: 50 }))),
      clients: [{ ListenerPort: 53, arrival: { type: 'constant', connectionsPerSecond: 20 }, datagrams: 1 }],
      faults: [
        { atS: 10, action: 'backend-weight', target: 'i-s2', weight: 0 },
        { atS: 20, action: 'backend-weight', target: 'i-s2', weight: 100 },
      ],
    });
    const schedules = run(input, 60).journal.entries.filter((e) => e.event === 'schedule' && e.timeUs > 21e6);
    const toS2 = schedules.filter((e) => e.reason.includes('chose i-s2')).length;
    // 100 : 50 → two thirds to i-s2 (holding the old 50 would give one half).
    expect(toS2 / schedules.length).toBeGreaterThan(0.6);
    expect(toS2 / schedules.length).toBeLessThan(0.72);
  });
});

describe('the UDP grace starts once', () => {
  it('removing a backend already at weight 0 does not restart the five minutes', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1, sync: { batching: false } },
      listeners: [{ ListenerProtocol: 'udp', ListenerPort: 53, HealthCheck: 'off', Scheduler: 'rr' }],
      ...attached(backends(2)),
      clients: [{ ListenerPort: 53, arrival: { type: 'constant', connectionsPerSecond: 2 }, datagrams: 1 }],
      faults: [
        { atS: 10, action: 'backend-weight', target: 'i-s2', weight: 0 },
        { atS: 100, action: 'backend-remove', target: 'i-s2' },
      ],
    });
    const toS2 = run(input, 420).journal.entries.filter((e) => e.event === 'schedule' && e.reason.includes('chose i-s2')).map((e) => e.timeUs);
    expect(toS2.some((t) => t > 300e6)).toBe(true);
    expect(toS2.every((t) => t < 310e6)).toBe(true);
  });
});
