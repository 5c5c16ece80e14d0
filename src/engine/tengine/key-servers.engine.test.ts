import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { run } from '../../test/engine-harness';

/** The Key Servers' queue, round-robin, slowness and errors (DOMAIN §4). */

function burst(keyServer: Record<string, unknown>, keyServers = 1, faults: ScenarioInput['faults'] = [], algorithm: 'RSA' | 'ECC' = 'RSA'): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 1, tengineNodes: 1, keyServers, keyServer },
    serverCertificates: [{ ServerCertificateId: 'cert-1', EncryptionAlgorithm: algorithm }],
    listeners: [{ ListenerProtocol: 'https', ListenerPort: 443, ServerCertificateId: 'cert-1', HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
    // Three clients at the same instant, from three addresses: three full handshakes together.
    clients: [{ ListenerPort: 443, clientIps: 3, arrival: { type: 'burst', burstSize: 3, burstEverySeconds: 1, maxConnections: 3 }, exchanges: 1, tls: { resumption: 0 } }],
    faults,
  });
}

/** "… back in X ms" of every full handshake, in order. */
function keyServerWaits(input: ScenarioInput): { server: string; ms: number }[] {
  return run(input, 3)
    .journal.entries.filter((e) => e.event === 'tls')
    .map((e) => {
      const [, server, ms] = /on (Key Server-\d), back in ([\d.]+) ms/.exec(e.reason)!;
      return { server: server!, ms: Number(ms) };
    });
}

describe('Key Server', () => {
  it('runs `concurrency` operations at once; the rest queue behind them', () => {
    // Round trip 0.4 ms (two internal hops) + 10 ms per RSA operation.
    expect(keyServerWaits(burst({ rsaOpMs: 10, concurrency: 1 })).map((w) => w.ms)).toEqual([10.4, 20.4, 30.4]);
    expect(keyServerWaits(burst({ rsaOpMs: 10, concurrency: 2 })).map((w) => w.ms)).toEqual([10.4, 10.4, 20.4]);
    expect(keyServerWaits(burst({ rsaOpMs: 10, concurrency: 3 })).map((w) => w.ms)).toEqual([10.4, 10.4, 10.4]);
  });

  it('an ECC certificate costs an ECDSA signature; a slow Key Server multiplies the operation', () => {
    expect(keyServerWaits(burst({ ecdsaOpMs: 0.5, concurrency: 8 }, 1, [], 'ECC')).map((w) => w.ms)).toEqual([0.9, 0.9, 0.9]);
    const slow = burst({ rsaOpMs: 1, concurrency: 8, slowFactor: 7 }, 1, [{ atS: 0, action: 'keyserver-slow', target: 'keyserver-1' }]);
    expect(keyServerWaits(slow).map((w) => w.ms)).toEqual([7.4, 7.4, 7.4]);
  });

  it('spreads operations round-robin over the Key Servers that are up, and counts the refusals when none is', () => {
    expect(keyServerWaits(burst({ concurrency: 8 }, 2)).map((w) => w.server)).toEqual(['Key Server-1', 'Key Server-2', 'Key Server-1']);
    const oneDown = burst({ concurrency: 8 }, 2, [{ atS: 0, action: 'keyserver-down', target: 'keyserver-1' }]);
    expect(keyServerWaits(oneDown).map((w) => w.server)).toEqual(['Key Server-2', 'Key Server-2', 'Key Server-2']);
    const allDown = run(burst({ concurrency: 8 }, 2, [{ atS: 0, action: 'keyserver-down', target: 'keyserver-1' }, { atS: 0, action: 'keyserver-down', target: 'keyserver-2' }]), 3);
    expect(allDown.report.keyServer).toMatchObject({ requests: 0, errors: 3 });
    expect(allDown.report.tls.failedHandshakes).toEqual({ keyserver_unavailable: 3 });
    expect(allDown.sim.tengine.keyServers.lastFailure).toEqual(['down at 0.000 s', 'down at 0.000 s']);
  });

  it('reports requests, errors and latency percentiles, and how many operations are in progress', () => {
    const { report, sim } = run(burst({ rsaOpMs: 10, concurrency: 1 }), 3);
    expect(report.keyServer).toMatchObject({ requests: 3, errors: 0 });
    // Percentiles are the upper bounds of ~5 %-wide buckets: the 2nd and 3rd waits, 20.4 and 30.4 ms.
    const { p50, p95, p99 } = report.keyServer.latencyMs;
    expect(p50).toBeGreaterThanOrEqual(20.4);
    expect(p50).toBeLessThan(20.4 * 1.05);
    expect(p95).toBeGreaterThanOrEqual(30.4);
    expect(p95).toBeLessThan(30.4 * 1.05);
    expect(p99).toBe(p95);
    expect(sim.tengine.keyServers.queued(0)).toBe(0);
  });
});
