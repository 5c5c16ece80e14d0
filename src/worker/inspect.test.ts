import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { run } from '../test/engine-harness';
import { CONN_STATE_NAMES } from '../engine/lvs/tcp-states';
import { nodeStates, sessionTable } from './inspect';
import { SESSION_STATES } from './protocol';

/** Long keep-alive connections through 2 LVS nodes (synced to each other) to one backend. */
function scenario(FullNatEnabled: boolean): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, localAddressesPerNode: 4, sync: { batching: false } },
    listeners: [{ ListenerPort: 80, BackendServerPort: 8080, HealthCheck: 'off', FullNatEnabled }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
    clients: [{ ListenerPort: 80, clientIps: 20, arrival: { type: 'constant', connectionsPerSecond: 10, maxConnections: 20 }, exchanges: 50, thinkTimeMs: 200 }],
  });
}

describe('inspector: FULLNAT columns of an LVS connection table', () => {
  it('rows of the node forwarding a flow show its local address:port and the real client the backend sees (TOA)', () => {
    const { sim } = run(scenario(false), 3);
    const rows = [0, 1].flatMap((i) => sessionTable(sim, i, 0, 100).rows.map((row) => ({ ...row, i })));
    const own = rows.filter((r) => r.local !== '');
    // Every connection is held (rewritten) by exactly one node, its origin; synced copies elsewhere show none.
    expect(own).toHaveLength(20);
    expect(new Set(own.map((r) => r.conn)).size).toBe(20);
    for (const r of own) {
      expect(r.origin).toBe(true);
      expect(r.local).toMatch(new RegExp(`^100\\.64\\.${r.i + 1}\\.[1-4]:\\d+$`));
      expect(r.backendSees).toBe(`${r.client} (TOA)`);
    }
    for (const r of rows.filter((x) => x.local === '')) {
      expect(r.synced).toBe(true);
      expect(r.backendSees).toBe('');
    }
    expect(rows.length).toBeGreaterThan(own.length);
    // (local address, port) pairs are unique per node: one backend here.
    expect(new Set(own.map((r) => `${r.i} ${r.local}`)).size).toBe(20);
    const states = nodeStates(sim, []);
    expect(states.lvs.map((n) => n.localAddresses)).toEqual(['100.64.1.1 – 100.64.1.4', '100.64.2.1 – 100.64.2.4']);
    expect(states.lvs.reduce((sum, n) => sum + n.localPortsInUse, 0)).toBe(20);
  });

  it('with FullNatEnabled the backend sees the local address instead of the client', () => {
    const { sim } = run(scenario(true), 3);
    const own = [0, 1].flatMap((i) => sessionTable(sim, i, 0, 100).rows).filter((r) => r.local !== '');
    expect(own).toHaveLength(20);
    for (const r of own) expect(r.backendSees).toBe(`${r.local} (FullNatEnabled: client address hidden)`);
  });
});

describe('inspector: an LVS node of a layer-7 listener', () => {
  it('counts its FULLNAT ports towards the Tengine nodes (the real servers of an HTTP listener)', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 2, tengineNodes: 2 },
      listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, HealthCheck: 'off' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
      clients: [{ ListenerPort: 80, clientIps: 20, arrival: { type: 'constant', connectionsPerSecond: 10, maxConnections: 20 }, exchanges: 50, thinkTimeMs: 200 }],
    });
    const { sim } = run(input, 3);
    const held = [0, 1].map((i) => sessionTable(sim, i, 0, 100).rows.filter((r) => r.local !== '').length);
    expect(held[0]! + held[1]!).toBe(20);
    expect(nodeStates(sim, []).lvs.map((n) => n.localPortsInUse)).toEqual(held);
  });
});

describe('inspector: listener bandwidth limiters in the node states', () => {
  it('a capped listener shows its cap and what its limiter let through, queued and dropped; an unlimited one shows none', () => {
    const { sim } = run(
      oneLoadBalancer({
        cluster: { lvsNodes: 2 },
        listeners: [
          { ListenerPort: 80, Bandwidth: 1 },
          { ListenerPort: 81, Bandwidth: -1 },
        ],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
        clients: [
          { id: 'capped', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 100 }, responseBytes: 12_500, exchanges: 1 },
          { id: 'free', ListenerPort: 81, arrival: { type: 'constant', connectionsPerSecond: 100 }, responseBytes: 12_500, exchanges: 1 },
        ],
      }),
      5,
    );
    const [capped, free] = nodeStates(sim, []).listeners;
    const report = sim.report().bandwidth.listeners[0]!;
    expect(capped).toEqual({
      port: 80,
      protocol: 'tcp',
      shapedBy: 'listener',
      capMbps: 1,
      bytesShaped: report.in.bytes + report.out.bytes,
      packetsDelayed: report.in.packetsDelayed + report.out.packetsDelayed,
      packetsDropped: report.in.packetsDropped + report.out.packetsDropped,
      maxQueueDelayMs: Math.max(report.in.maxQueueDelayMs, report.out.maxQueueDelayMs),
    });
    expect(capped!.packetsDropped).toBeGreaterThan(0);
    expect(capped!.maxQueueDelayMs).toBeGreaterThan(0);
    expect(free).toEqual({ port: 81, protocol: 'tcp', shapedBy: 'none', capMbps: null, bytesShaped: 0, packetsDelayed: 0, packetsDropped: 0, maxQueueDelayMs: 0 });
  });
});

describe('inspector: sorting and filtering an LVS connection table (issue 13)', () => {
  const twoBackends = (): ScenarioInput =>
    oneLoadBalancer({
      cluster: { lvsNodes: 2, sync: { batching: false } },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached([
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-a2', PrivateIp: '10.0.0.2' },
      ]),
      clients: [{ ListenerPort: 80, clientIps: 20, arrival: { type: 'constant', connectionsPerSecond: 10, maxConnections: 30 }, exchanges: 3, thinkTimeMs: 300 }],
    });

  it('filters by state, backend and sync origin over the whole table, saying how many of all match', () => {
    const { sim } = run(twoBackends(), 2.5);
    const whole = sessionTable(sim, 0, 0, 1000);
    expect(whole.total).toBe(whole.all);
    for (const query of [{ backend: 'i-a2' }, { sync: 'synced' as const }, { state: 'ESTABLISHED' }, { sync: 'own' as const, backend: 'i-a1' }]) {
      const page = sessionTable(sim, 0, 0, 1000, query);
      const expected = whole.rows.filter(
        (r) =>
          (query.backend === undefined || r.backend === query.backend) &&
          (query.state === undefined || r.state === query.state) &&
          (query.sync === undefined || (query.sync === 'own' ? r.origin : query.sync === 'synced' ? !r.origin && r.synced : !r.origin && !r.synced)),
      );
      expect(page.all).toBe(whole.all);
      expect(page.total).toBe(expected.length);
      expect(page.rows.map((r) => r.conn)).toEqual(expected.map((r) => r.conn));
    }
    expect(sessionTable(sim, 0, 0, 1000, { backend: 'i-a2' }).total).toBeGreaterThan(0);
    expect(sessionTable(sim, 0, 0, 1000, { backend: 'i-a2' }).total).toBeLessThan(whole.all);
  });

  it('sorts by any column, either way, ties by connection number, and pages through the sorted order', () => {
    const { sim } = run(twoBackends(), 2.5);
    const byTimer = sessionTable(sim, 0, 0, 1000, { sortBy: 'timer', descending: true }).rows;
    expect(byTimer.length).toBeGreaterThan(5);
    for (let i = 1; i < byTimer.length; i++) {
      const [a, b] = [byTimer[i - 1]!, byTimer[i]!];
      expect(a.timerS > b.timerS || (a.timerS === b.timerS && a.conn < b.conn)).toBe(true);
    }
    const byBackend = sessionTable(sim, 0, 0, 1000, { sortBy: 'backend' }).rows;
    expect(byBackend.map((r) => r.backend)).toEqual([...byBackend.map((r) => r.backend)].sort());
    const page = sessionTable(sim, 0, 3, 4, { sortBy: 'timer', descending: true }).rows;
    expect(page.map((r) => r.conn)).toEqual(byTimer.slice(3, 7).map((r) => r.conn));
  });

  it('offers every state the engine names', () => {
    expect([...SESSION_STATES]).toEqual(CONN_STATE_NAMES.filter((s) => s !== 'NONE'));
  });
});
