import { attached, type OneLoadBalancerInput, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { entries, outcomeOf, run } from '../../test/engine-harness';
import { checkInvariants } from '../invariants';
import { formatIp } from '../net/ipv4';
import { Simulation } from '../simulation';
import { LOCAL_PORT_LOW, LOCAL_PORT_RANGE, localAddress } from './fullnat';
import { SessionFlag } from './session-table';

/** One TCP connection through one LVS node to one backend listening on 8080. */
function single(listener: Partial<NonNullable<OneLoadBalancerInput['listeners']>[number]> = {}): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 1, sync: { batching: false } },
    listeners: [{ ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off', ...listener }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 5 }]),
    clients: [{ ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, requestBytes: 100, responseBytes: 100 }],
  });
}

/**
 * Many overlapping connections on few ports: 3 nodes × 2 backends, 2 local addresses × 40 ports
 * each, connections that live ~2 s plus a 7 s TIME_WAIT (Alibaba timeouts), so ports run out, are
 * released and handed out again. LVS-3 crashes at 12 s (its synced flows are taken over) and
 * recovers at 20 s, when modulo ECMP also moves flows between the two live nodes, whose synced
 * sessions take them over from a node that still holds their port.
 */
function crowded(): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 3, timeoutPreset: 'alibaba', localAddressesPerNode: 2, portsPerLocalAddress: 40, withdrawalDelayS: 1, sync: { batching: false } },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off', Scheduler: 'rr', EstablishedTimeout: 10 }],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 5 },
      { ServerId: 'i-a2', PrivateIp: '10.0.0.2', serviceTimeDistribution: 'constant', serviceTimeMs: 5 },
    ]),
    clients: [{ ListenerPort: 80, clientIps: 500, arrival: { type: 'poisson', connectionsPerSecond: 60, stopAfterSeconds: 25 }, exchanges: 3, thinkTimeMs: 1000 }],
    faults: [
      { atS: 12, action: 'crash', target: 'lvs-3' },
      { atS: 20, action: 'recover', target: 'lvs-3' },
    ],
  });
}

/** Every port held right now, as "node/address/backend/port", checked for the rules of the pools. */
function heldPorts(sim: Simulation): { keys: string[]; violations: string[] } {
  const c = sim.conns;
  const s = sim.lvs.sessions;
  const backends = sim.scenario.backendServers.length;
  const keys: string[] = [];
  const violations: string[] = [];
  const perNodeBackend = new Int32Array(s.nodes * backends);
  for (let conn = 0; conn < c.slots; conn++) {
    if (c.serial[conn] === 0) continue;
    let holders = 0;
    for (let i = 0; i < s.nodes; i++) {
      const index = s.at(conn, i);
      if ((s.flags[index]! & SessionFlag.LocalPort) === 0) continue;
      holders++;
      const b = s.backend[index]!;
      const k = c.localAddress[conn]!;
      const port = c.localPort[conn]!;
      if (b < 0) violations.push(`#${c.serial[conn]} holds a port on LVS-${i + 1} without a backend`);
      if (k >= sim.scenario.cluster.localAddressesPerNode) violations.push(`#${c.serial[conn]}: local address ${k} out of range`);
      if (port < LOCAL_PORT_LOW || port >= LOCAL_PORT_LOW + LOCAL_PORT_RANGE) violations.push(`#${c.serial[conn]}: port ${port} out of range`);
      perNodeBackend[i * backends + b]!++;
      keys.push(`${i}/${k}/${b}/${port}`);
    }
    if (holders > 1) violations.push(`#${c.serial[conn]} holds ${holders} ports`);
  }
  for (let k = 0; k < perNodeBackend.length; k++) {
    if (perNodeBackend[k] !== sim.lvs.portsInUse[k]) violations.push(`portsInUse[${k}] = ${sim.lvs.portsInUse[k]}, ${perNodeBackend[k]} held`);
  }
  return { keys, violations };
}

describe('FULLNAT local addresses and ports (DOMAIN §2.1)', () => {
  it('local addresses are 100.64.<node>.<k>, distinct across nodes even at 256 per node', () => {
    expect(formatIp(localAddress(0, 0))).toBe('100.64.1.1');
    expect(formatIp(localAddress(2, 7))).toBe('100.64.3.8');
    const all = new Set<number>();
    for (let i = 0; i < 32; i++) for (let k = 0; k < 256; k++) all.add(localAddress(i, k));
    expect(all.size).toBe(32 * 256);
  });

  it('under load a port is never held twice on one (node, local address, backend); ports are reused once released', () => {
    const sim = new Simulation(parseScenario(crowded()), { seed: 5 });
    let samples = 0;
    let peak = 0;
    for (let t = 1; t <= 30; t++) {
      sim.runUntil(t * US_PER_S);
      const { keys, violations } = heldPorts(sim);
      expect(violations, `at ${t} s`).toEqual([]);
      expect(new Set(keys).size, `duplicate ports at ${t} s`).toBe(keys.length);
      expect(checkInvariants(sim), `at ${t} s`).toEqual([]);
      // Each (node, address, backend) pool holds at most portsPerLocalAddress.
      const perPool = new Map<string, number>();
      for (const key of keys) perPool.set(key.split('/').slice(0, 3).join('/'), (perPool.get(key.split('/').slice(0, 3).join('/')) ?? 0) + 1);
      for (const [pool, n] of perPool) {
        expect(n, pool).toBeLessThanOrEqual(40);
        const [i, k, b] = pool.split('/').map(Number);
        expect(sim.lvs.fullnat.poolInUse(i!, k!, b!), pool).toBe(n);
      }
      peak = Math.max(peak, keys.length);
      samples += keys.length;
    }
    const report = sim.report();
    // The pools really were full at times, and far more connections went through than there are ports.
    expect(report.portExhausted).toBeGreaterThan(0);
    expect(peak).toBeGreaterThan(100);
    expect(report.connections.opened).toBeGreaterThan(3 * 2 * 2 * 40 * 2);
    expect(samples).toBeGreaterThan(0);
  });

  it('ports go back to their pool when sessions are removed: by expiry, and all of a node at a crash', () => {
    const sim = new Simulation(parseScenario(crowded()), { seed: 9 });
    sim.runUntil(11.9 * US_PER_S);
    expect(sim.lvs.portsInUse[4]! + sim.lvs.portsInUse[5]!).toBeGreaterThan(0);
    sim.runUntil(12 * US_PER_S); // LVS-3 crashes: its table is gone
    expect([sim.lvs.portsInUse[4], sim.lvs.portsInUse[5]]).toEqual([0, 0]);
    expect([0, 1].map((k) => [0, 1].map((b) => sim.lvs.fullnat.poolInUse(2, k, b)))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // Arrivals stop at 25 s; by 60 s every session (ESTABLISHED 10 s, TIME_WAIT 7 s) has expired and every port is free.
    sim.runUntil(60 * US_PER_S);
    expect(Array.from(sim.lvs.portsInUse)).toEqual([0, 0, 0, 0, 0, 0]);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) for (let b = 0; b < 2; b++) expect(sim.lvs.fullnat.poolInUse(i, k, b)).toBe(0);
    expect(sim.conns.live).toBe(0);
  });

  it('the journey shows the rewrite at the LVS hop, and with TOA the backend sees the real client', () => {
    const { journal } = run(single(), 3);
    expect(outcomeOf(journal, 1)).toBe('completed');
    const rewrites = entries(journal, 1, 'fullnat');
    expect(rewrites).toHaveLength(1);
    expect(rewrites[0]!.node).toBe('LVS-1');
    expect(rewrites[0]!.reason).toMatch(/^100\.0\.0\.0:32768 → 47\.100\.10\.10:80 becomes 100\.64\.1\.1:\d+ → 10\.0\.0\.1:8080; backend sees client 100\.0\.0\.0:32768 \(TOA\)$/);
    const port = Number(/100\.64\.1\.1:(\d+)/.exec(rewrites[0]!.reason)![1]);
    expect(port).toBeGreaterThanOrEqual(LOCAL_PORT_LOW);
    // The journey lists the rewrite right after the scheduler's choice, before the backend gets the SYN.
    const events = journal.forConnection(1).map((e) => e.event);
    expect(events.indexOf('fullnat')).toBe(events.indexOf('schedule') + 1);
  });

  it('FullNatEnabled: true hides the client: the backend sees the local address and port', () => {
    const { journal } = run(single({ FullNatEnabled: true }), 3);
    const reason = entries(journal, 1, 'fullnat')[0]!.reason;
    const local = /becomes (100\.64\.1\.1:\d+) →/.exec(reason)![1]!;
    expect(reason).toContain(`backend sees client ${local} (FullNatEnabled: client address hidden)`);
    expect(reason).not.toContain('TOA');
    expect(outcomeOf(journal, 1)).toBe('completed');
  });

  it('after a failover the node that takes the flow over rewrites with its own local address and holds the port', () => {
    // Four nodes, one keep-alive connection; the node it hashes to is taken down after the flow
    // was synced (packet 3), so it continues through another node.
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 4, sync: { batching: false } },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10 }]),
      clients: [
        { ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, requestBytes: 100, responseBytes: 100, exchanges: 2, thinkTimeMs: 500, requestDelayMs: 10 },
      ],
    });
    const first = run(input, 3).journal;
    const origin = entries(first, 1, 'fullnat')[0]!.node;
    const { journal, sim } = run({ ...input, faults: [{ atS: 1.3, action: 'upgrade', target: origin.toLowerCase() }] }, 1.9);
    const rewrites = entries(journal, 1, 'fullnat');
    expect(rewrites).toHaveLength(2);
    const [before, after] = rewrites;
    expect(before!.node).toBe(origin);
    expect(after!.node).not.toBe(origin);
    const n = after!.node.replace('LVS-', '');
    expect(after!.reason).toMatch(new RegExp(`becomes 100\\.64\\.${n}\\.1:\\d+ → 10\\.0\\.0\\.1:80; backend sees client 100\\.0\\.0\\.0:32768 \\(TOA\\); ${after!.node} takes the flow over with its own local address$`));
    // The new node holds the connection's only port.
    const newIndex = Number(n) - 1;
    expect(sim.lvs.fullnat.holderOf(0)).toBe(newIndex);
    expect(Array.from(sim.lvs.portsInUse)).toEqual([0, 1, 2, 3].map((i) => (i === newIndex ? 1 : 0)));
  });
});
