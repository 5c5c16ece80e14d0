import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { parseScenario } from '../../scenario/validate';
import { decodeHops, entries, outcomeOf, run } from '../../test/engine-harness';
import { Simulation } from '../simulation';

/** LVS → sync node → LVS at the default 0.2 ms per in-region hop. */
const SYNC_LEG_US = 200;

type SyncOptions = NonNullable<NonNullable<ScenarioInput['cluster']>['sync']>;

/**
 * One TCP connection opened at t = 1 s with client packets well apart (SYN, ACK, request, ACK,
 * request after 100 ms, ACK, FIN, ACK): it syncs at its third client packet (ESTABLISHED), then on
 * CLOSE_WAIT (client FIN) and TIME_WAIT (the final ACK after the server's FIN). With threshold [3, 50] nothing else syncs it.
 */
function oneConnection(sync: SyncOptions, faults: ScenarioInput['faults'] = []): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4, ecmpMode: 'modulo', sync },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10 }]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
        requestBytes: 100,
        responseBytes: 100,
        exchanges: 2,
        thinkTimeMs: 100,
        requestDelayMs: 10,
      },
    ],
    faults,
  });
}

/** Client packets of connection 1 as they reach the LVS layer (time, node key, packet type). */
function arrivalsOf(input: ScenarioInput) {
  const { sim, hops } = run(input, 10);
  return decodeHops(sim, hops)
    .filter((h) => h.conn === 1 && h.from === 'router' && h.to.startsWith('lvs-'))
    .map((h) => ({ atUs: h.arriveUs, node: h.to, type: h.type }));
}

/** Many short connections from many clients: every node originates and receives sync messages. */
function manyConnections(sync: SyncOptions, faults: ScenarioInput['faults'] = []): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4, ecmpMode: 'modulo', sync },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
    ]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 500,
        arrival: { type: 'constant', connectionsPerSecond: 200, stopAfterSeconds: 4 },
        exchanges: 2,
        thinkTimeMs: 50,
      },
    ],
    faults,
  });
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('sync batching: a full buffer leaves fullBufferDelayMs after it fills (DOMAIN §2.4)', () => {
  // Measured inside the tests (beforeAll), not while collecting them: a run that throws while the
  // file is collected makes Stryker see no failing test, so a crashing mutant would "survive".
  let arrivals: ReturnType<typeof arrivalsOf>;
  let dataAt: number; // packet 3: the first record
  let finAt: number; // the client's FIN (CLOSE_WAIT): the second record
  beforeAll(() => {
    arrivals = arrivalsOf(oneConnection({ batching: false }));
    dataAt = arrivals.find((a) => a.type === PacketType.Data)!.atUs;
    finAt = arrivals.find((a) => a.type === PacketType.Fin)!.atUs;
  });

  it('one record per message: each record goes out exactly fullBufferDelayMs later and every other node installs it one sync round trip after', () => {
    for (const fullBufferDelayMs of [0, 20, 50]) {
      const { journal, report } = run(oneConnection({ batching: true, recordsPerMessage: 1, fullBufferDelayMs }), 10);
      const sent = entries(journal, 1, 'sync sent').map((e) => e.timeUs);
      // ESTABLISHED at packet 3, then CLOSE_WAIT and TIME_WAIT: three full one-record buffers.
      expect(sent).toHaveLength(3);
      expect(sent[0]).toBe(dataAt + fullBufferDelayMs * 1000);
      expect(sent[1]).toBe(finAt + fullBufferDelayMs * 1000);
      const firstInstalls = entries(journal, 1, 'synced').filter((e) => e.reason.startsWith('session ESTABLISHED'));
      // The three other nodes, once each.
      expect(firstInstalls).toHaveLength(3);
      expect(new Set(firstInstalls.map((e) => e.node)).size).toBe(3);
      for (const e of firstInstalls) expect(e.timeUs).toBe(dataAt + fullBufferDelayMs * 1000 + 2 * SYNC_LEG_US);
      expect(report.invariants.violations).toEqual([]);
    }
  });

  it('two records per message: the record that fills the buffer sends both, long before the 2 s partial-buffer age', () => {
    const { journal, sim } = run(oneConnection({ batching: true, recordsPerMessage: 2, fullBufferDelayMs: 20 }), 10);
    const sent = entries(journal, 1, 'sync sent');
    // The buffer started at packet 3 and filled at the client's FIN (CLOSE_WAIT): one message carries both records.
    expect(sent[0]!.timeUs).toBe(finAt + 20_000);
    expect(sent[0]!.timeUs - dataAt).toBeLessThan(2_000_000);
    const installs = entries(journal, 1, 'synced').filter((e) => e.timeUs === finAt + 20_000 + 2 * SYNC_LEG_US);
    expect(installs.map((e) => e.reason.split(' ')[1])).toEqual([
      'ESTABLISHED',
      'CLOSE_WAIT',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'ESTABLISHED',
      'CLOSE_WAIT',
    ]);
    expect(new Set(installs.map((e) => e.node)).size).toBe(3);
    const origin = sim.lvs.ids.findIndex((id) => sim.topology.nodes[id]!.key === arrivals[0]!.node);
    expect(sim.sync.messagesSent[origin]).toBeGreaterThanOrEqual(1);
  });

  it('a full buffer waiting out its delay dies with its node: nobody installs it', () => {
    // The node is taken down 10 ms into the 50 ms delay of the buffer filled at packet 3.
    const cutS = (dataAt + 10_000) / 1e6;
    const { journal, report } = run(
      oneConnection({ batching: true, recordsPerMessage: 1, fullBufferDelayMs: 50 }, [
        { atS: cutS, action: 'upgrade', target: arrivals[0]!.node },
      ]),
      10,
    );
    expect(entries(journal, 1, 'synced').filter((e) => e.timeUs < dataAt + 1_000_000)).toEqual([]);
    expect(outcomeOf(journal, 1)).toBe('failover_unsynced');
    expect(sum(report.lvs.map((l) => l.syncReceived))).toBe(0);
  });

  it('a partly filled buffer is not sent before it is maxBufferAgeMs old, then at the next check', () => {
    const { journal } = run(oneConnection({ batching: true, recordsPerMessage: 40, maxBufferAgeMs: 500, checkIntervalMs: 250 }), 10);
    const sentAt = entries(journal, 1, 'sync sent')[0]!.timeUs;
    expect(sentAt - dataAt).toBeGreaterThanOrEqual(500_000);
    expect(sentAt - dataAt).toBeLessThan(750_000);
    expect(sentAt % 250_000).toBe(0);
  });

  it('a partly filled buffer leaves as one message; a node with nothing buffered sends nothing at its checks', () => {
    const { report } = run(oneConnection({ batching: true }), 10);
    // ESTABLISHED, CLOSE_WAIT and TIME_WAIT collect in one buffer, sent at the first check ≥ 2 s later.
    expect(report.lvs.reduce((n, l) => n + l.syncSent, 0)).toBe(3);
    expect(report.lvs.reduce((n, l) => n + l.syncMessagesSent, 0)).toBe(1);
    expect(report.lvs.reduce((n, l) => n + l.syncReceived, 0)).toBe(3 * 3);
  });

  it('a node back up before its dropped full buffer was due sends nothing for it', () => {
    const node = arrivals[0]!.node;
    const { journal, report } = run(
      oneConnection({ batching: true, recordsPerMessage: 1, fullBufferDelayMs: 50 }, [
        { atS: (dataAt + 10_000) / 1e6, action: 'upgrade', target: node },
        { atS: (dataAt + 20_000) / 1e6, action: 'recover', target: node },
      ]),
      10,
    );
    expect(entries(journal, 1, 'synced').filter((e) => e.timeUs < dataAt + 100_000)).toEqual([]);
    expect(report.invariants.violations).toEqual([]);
  });

  it('sync hops go LVS → sync node → every other live LVS, one in-region leg each', () => {
    const { sim, hops } = run(oneConnection({ batching: false }), 10);
    const sync = decodeHops(sim, hops).filter((h) => h.type === PacketType.Sync && h.departUs === dataAt);
    expect(sync.map((h) => `${h.from}→${h.to}`).sort()).toEqual([`${arrivals[0]!.node}→sync`]);
    const fanOut = decodeHops(sim, hops).filter((h) => h.type === PacketType.Sync && h.departUs === dataAt + SYNC_LEG_US);
    expect(fanOut).toHaveLength(3);
    for (const h of [...sync, ...fanOut]) expect(h.arriveUs - h.departUs).toBe(SYNC_LEG_US);
    for (const h of fanOut) {
      expect(h.from).toBe('sync');
      expect(h.to).not.toBe(arrivals[0]!.node);
      expect(h.conn).toBe(1);
    }
  });

  it("a crash drops only the crashed node's waiting buffers: another node's full buffer still leaves on time", () => {
    // Two connections 10 ms apart from two clients; find the nodes they land on.
    const input = (faults: ScenarioInput['faults']): ScenarioInput => {
      const base = manyConnections({ batching: true, recordsPerMessage: 1, fullBufferDelayMs: 50 }, faults);
      return {
        ...base,
        clients: [
          {
            ListenerPort: 80,
            clientIps: 2,
            arrival: { type: 'constant', connectionsPerSecond: 100, maxConnections: 2 },
            exchanges: 2,
            thinkTimeMs: 500,
          },
        ],
      };
    };
    const { sim, hops } = run(input([]), 5);
    const data = (conn: number) =>
      decodeHops(sim, hops).find((h) => h.conn === conn && h.from === 'router' && h.to.startsWith('lvs-') && h.type === PacketType.Data)!;
    const [a, b] = [data(1), data(2)];
    expect(a.to).not.toBe(b.to);
    // Crash A's node after B's record is buffered on B's node, before it is due.
    const { journal } = run(input([{ atS: (Math.max(a.arriveUs, b.arriveUs) + 5_000) / 1e6, action: 'crash', target: a.to }]), 5);
    const installs = entries(journal, 2, 'synced').filter((e) => e.reason.startsWith('session ESTABLISHED'));
    // B's node sends to the two nodes that are still up.
    expect(installs.map((e) => e.timeUs)).toEqual([b.arriveUs + 50_000 + 2 * SYNC_LEG_US, b.arriveUs + 50_000 + 2 * SYNC_LEG_US]);
  });

  it('a buffer exactly maxBufferAgeMs old at a check is sent at that check', () => {
    const C = 250_000;
    const firstCheck = Math.ceil(dataAt / C) * C;
    const ageUs = firstCheck + C - dataAt; // the second check after the record sees exactly this age
    const { journal } = run(oneConnection({ batching: true, checkIntervalMs: C / 1000, maxBufferAgeMs: ageUs / 1000 }), 10);
    expect(entries(journal, 1, 'sync sent')[0]!.timeUs).toBe(firstCheck + C);
  });

  it('a message already on the wire is delivered even if its sender dies before it arrives', () => {
    const { journal } = run(
      oneConnection({ batching: false }, [{ atS: (dataAt + 100) / 1e6, action: 'upgrade', target: arrivals[0]!.node }]),
      10,
    );
    const installs = entries(journal, 1, 'synced').filter((e) => e.timeUs === dataAt + 2 * SYNC_LEG_US);
    expect(installs).toHaveLength(3);
  });

  it('a receiver that goes down while a message is in flight installs nothing', () => {
    const origin = arrivals[0]!.node;
    const receiver = ['lvs-1', 'lvs-2', 'lvs-3', 'lvs-4'].find((k) => k !== origin)!;
    const { journal, sim } = run(
      oneConnection({ batching: false }, [{ atS: (dataAt + 300) / 1e6, action: 'upgrade', target: receiver }]),
      1.5,
    );
    const installs = entries(journal, 1, 'synced').filter((e) => e.timeUs === dataAt + 2 * SYNC_LEG_US);
    expect(installs).toHaveLength(2);
    expect(installs.map((e) => e.node.toLowerCase())).not.toContain(receiver);
    const r = sim.lvs.ids.findIndex((id) => sim.topology.nodes[id]!.key === receiver);
    expect(sim.lvs.syncedHeld[r]).toBe(0);
  });

  it('sync runs the same without a hop recorder or journal attached', () => {
    const input = manyConnections({ batching: true, recordsPerMessage: 3 });
    const bare = new Simulation(parseScenario(input));
    bare.runUntil(5e6);
    const recorded = run(input, 5).sim;
    expect(Array.from(bare.sync.received)).toEqual(Array.from(recorded.sync.received));
    expect(bare.traceHash).toBe(recorded.traceHash);
  });

  it('without batching every record is sent at the packet that triggers it', () => {
    const { journal } = run(oneConnection({ batching: false, fullBufferDelayMs: 500 }), 10);
    const sent = entries(journal, 1, 'sync sent').map((e) => e.timeUs);
    expect(sent.slice(0, 2)).toEqual([dataAt, finAt]);
    // The journey says where the record went and at which client packet.
    expect(entries(journal, 1, 'sync sent')[0]!.reason).toBe('ESTABLISHED record from client packet 3 (DATA) multicast to 224.0.0.81:8848');
  });
});

describe('sync loss and partitions', () => {
  it('lossRate 1: no node installs anything; every delivery is counted lost, in records and messages', () => {
    const { journal, report } = run(oneConnection({ batching: false, lossRate: 1 }), 10);
    expect(entries(journal, 1, 'synced')).toEqual([]);
    const sent = sum(report.lvs.map((l) => l.syncSent));
    expect(sent).toBe(3); // ESTABLISHED, CLOSE_WAIT, TIME_WAIT
    expect(sum(report.lvs.map((l) => l.syncReceived))).toBe(0);
    // Three receivers per message, one record per message.
    expect(sum(report.lvs.map((l) => l.syncLost))).toBe(3 * sent);
    expect(sum(report.lvs.map((l) => l.syncMessagesLost))).toBe(3 * sum(report.lvs.map((l) => l.syncMessagesSent)));
  });

  it('lossRate 1 with batching counts every record of a lost message', () => {
    const { report } = run(manyConnections({ batching: true, recordsPerMessage: 5, lossRate: 1 }), 8);
    const sent = sum(report.lvs.map((l) => l.syncSent));
    const messages = sum(report.lvs.map((l) => l.syncMessagesSent));
    expect(sent).toBeGreaterThan(1000);
    expect(messages).toBeLessThan(sent); // batched
    expect(sum(report.lvs.map((l) => l.syncReceived))).toBe(0);
    expect(sum(report.lvs.map((l) => l.syncLost))).toBe(3 * sent);
    expect(sum(report.lvs.map((l) => l.syncMessagesLost))).toBe(3 * messages);
  });

  it.each([0.5, 0.2])('lossRate %f loses about that share of deliveries, each receiver on its own', (lossRate) => {
    const { report } = run(manyConnections({ batching: false, lossRate }), 8);
    const deliveries = 3 * sum(report.lvs.map((l) => l.syncMessagesSent));
    expect(deliveries).toBeGreaterThan(3000);
    const lost = sum(report.lvs.map((l) => l.syncMessagesLost));
    expect(lost / deliveries).toBeGreaterThan(lossRate - 0.05);
    expect(lost / deliveries).toBeLessThan(lossRate + 0.05);
    // Records that got through are installed (none of these connections is gone before its sync arrives).
    const received = sum(report.lvs.map((l) => l.syncReceived));
    expect(received + sum(report.lvs.map((l) => l.syncLost))).toBeLessThanOrEqual(3 * sum(report.lvs.map((l) => l.syncSent)));
    expect(received / (3 * sum(report.lvs.map((l) => l.syncSent)))).toBeGreaterThan(1 - lossRate - 0.06);
  });

  it('lossRate 0 loses nothing', () => {
    const { report } = run(manyConnections({ batching: false }), 8);
    expect(sum(report.lvs.map((l) => l.syncLost))).toBe(0);
    expect(sum(report.lvs.map((l) => l.syncMessagesLost))).toBe(0);
    expect(sum(report.lvs.map((l) => l.syncReceived))).toBeGreaterThan(0);
  });

  it('a partitioned link loses everything while it lasts; healed, sync flows again', () => {
    const cut = run(manyConnections({ batching: false }, [{ atS: 0, action: 'partition-sync' }]), 8).report;
    expect(sum(cut.lvs.map((l) => l.syncReceived))).toBe(0);
    expect(sum(cut.lvs.map((l) => l.syncLost))).toBe(3 * sum(cut.lvs.map((l) => l.syncSent)));
    const healed = run(
      manyConnections({ batching: false }, [
        { atS: 0, action: 'partition-sync' },
        { atS: 2, action: 'heal-sync' },
      ]),
      8,
    ).report;
    expect(sum(healed.lvs.map((l) => l.syncReceived))).toBeGreaterThan(0);
    expect(sum(healed.lvs.map((l) => l.syncLost))).toBeGreaterThan(0);
  });

  it('one node cut off from the sync link neither sends nor receives; the others still sync each other', () => {
    const { report } = run(manyConnections({ batching: false }, [{ atS: 0, action: 'partition-sync', target: 'lvs-2' }]), 8);
    const [a, b, c, d] = report.lvs;
    expect(b!.syncSent).toBeGreaterThan(0);
    expect(b!.syncReceived).toBe(0);
    // lvs-2's messages are lost at all three receivers; lvs-2 loses everyone else's.
    const othersSent = a!.syncSent + c!.syncSent + d!.syncSent;
    expect(b!.syncLost).toBe(othersSent);
    for (const l of [a!, c!, d!]) {
      expect(l.syncReceived).toBeGreaterThan(0);
      expect(l.syncLost).toBe(b!.syncSent);
    }
    expect(a!.syncReceived + c!.syncReceived + d!.syncReceived).toBe(2 * othersSent);
  });

  it('a down node receives nothing and is not counted as a loss', () => {
    const { report } = run(manyConnections({ batching: false }, [{ atS: 0, action: 'upgrade', target: 'lvs-3' }]), 8);
    expect(report.lvs[2]!.syncReceived).toBe(0);
    expect(report.lvs[2]!.syncLost).toBe(0);
    expect(report.lvs[2]!.syncSent).toBe(0);
    const sent = sum(report.lvs.map((l) => l.syncSent));
    expect(sum(report.lvs.map((l) => l.syncReceived))).toBe(2 * sent);
  });

  it('a down node is no receiver at all: with every message lost, only the live receivers count losses', () => {
    const { report } = run(manyConnections({ batching: false, lossRate: 1 }, [{ atS: 0, action: 'upgrade', target: 'lvs-3' }]), 8);
    expect(report.lvs[2]!.syncLost).toBe(0);
    expect(report.lvs[2]!.syncMessagesLost).toBe(0);
    expect(sum(report.lvs.map((l) => l.syncLost))).toBe(2 * sum(report.lvs.map((l) => l.syncSent)));
  });
});
