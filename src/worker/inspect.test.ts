import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { run } from '../test/engine-harness';
import { nodeStates, sessionTable } from './inspect';

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
