import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer, type ListenerInput, type LoadBalancerAttributesInput } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun } from '../../test/change-run';
import { ShapeDirection } from '../net/bandwidth';

/** Two TCP listeners (:80, :81), each with clients pulling 10 Mbit/s (100 connections/s × 12,500 B). */
function scenario(
  l80: Partial<ListenerInput>,
  l81: Partial<ListenerInput> = {},
  loadBalancer: LoadBalancerAttributesInput = {},
): ScenarioInput {
  const puller = (id: string, port: number): NonNullable<ScenarioInput['clients']>[number] => ({
    id,
    ListenerPort: port,
    clientIps: 100,
    arrival: { type: 'constant', connectionsPerSecond: 100 },
    requestBytes: 400,
    responseBytes: 12_500,
    exchanges: 1,
  });
  return oneLoadBalancer({
    loadBalancer: { LoadBalancerSpec: 'slb.s3.large', ...loadBalancer },
    cluster: { lvsNodes: 2 },
    listeners: [
      { ListenerPort: 80, ...l80 },
      { ListenerPort: 81, ...l81 },
    ],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 5, serviceTimeDistribution: 'constant' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', serviceTimeMs: 5, serviceTimeDistribution: 'constant' },
    ]),
    clients: [puller('l80', 80), puller('l81', 81)],
  });
}

/** Bytes each listener's outbound limiter has let through so far. */
const outBytes = (run: ChangeRun): number[] => [0, 1].map((l) => run.sim.bandwidth.bytes[2 * l + ShapeDirection.Out] as number);
const mbps = (bytes: number, seconds: number): number => (bytes * 8) / (seconds * 1e6);

function expectNear(value: number, target: number, percent = 3): void {
  expect(value).toBeGreaterThan(target * (1 - percent / 100));
  expect(value).toBeLessThan(target * (1 + percent / 100));
}

describe('bandwidth caps changed at run time', () => {
  it('a listener cap raised from 1 to 5 Mbit/s at 20 s: 1 Mbit/s before, 5 after', () => {
    const run = new ChangeRun(scenario({ Bandwidth: 1 }), [[20, scenario({ Bandwidth: 5 })]]).runUntil(20);
    const [before] = outBytes(run);
    run.runUntil(40);
    const [after] = outBytes(run);
    expectNear(mbps(before!, 20), 1);
    expectNear(mbps(after! - before!, 20), 5);
    expect(run.sim.report().bandwidth.listeners[0]).toMatchObject({ shapedBy: 'listener', capMbps: 5 });
  });

  it('only packets after the change see it: packets queued before it leave when they were given, also after it', () => {
    const unchanged = new ChangeRun(scenario({ Bandwidth: 1 }), [], { hops: true }).runUntil(20);
    const changed = new ChangeRun(scenario({ Bandwidth: 1 }), [[20, scenario({ Bandwidth: 50 })]], { hops: true }).runUntil(20);
    const recordedByT = changed.hops().length;
    unchanged.runUntil(21);
    changed.runUntil(21);
    const a = unchanged.hops();
    const b = changed.hops();
    // Everything sent by T is the same in both runs, departure times included…
    expect(b.slice(0, recordedByT)).toEqual(a.slice(0, recordedByT));
    // …and some of it was still queued at T (it leaves after the change, at the old rate's time).
    const queuedAcross = b.slice(0, recordedByT).filter((h) => h.from === 'router' && h.to === 'internet' && h.departUs > 20e6);
    expect(queuedAcross.length).toBeGreaterThan(0);
    // After T the runs part: the new cap lets far more out in the next second.
    const outAfter = (hops: typeof a): number => hops.slice(recordedByT).filter((h) => h.from === 'router' && h.to === 'internet').length;
    expect(outAfter(b)).toBeGreaterThan(2 * outAfter(a));
  });

  it('a cap removed (-1) at 10 s: the listener is not shaped any more', () => {
    const run = new ChangeRun(scenario({ Bandwidth: 1 }), [[10, scenario({ Bandwidth: -1 })]]).runUntil(10);
    const [atChange] = outBytes(run);
    run.runUntil(20);
    expect(outBytes(run)[0]).toBe(atChange);
    expect(run.sim.bandwidth.active).toBe(false);
    expect(run.sim.report().bandwidth.listeners[0]).toMatchObject({ shapedBy: 'none', capMbps: null });
  });

  it('the instance Bandwidth of a paybybandwidth instance raised from 2 to 6 Mbit/s: the shared pool follows', () => {
    const lb = (Bandwidth: number): LoadBalancerAttributesInput => ({ InternetChargeType: 'paybybandwidth', Bandwidth });
    const run = new ChangeRun(scenario({}, {}, lb(2)), [[20, scenario({}, {}, lb(6))]]).runUntil(20);
    const before = outBytes(run);
    run.runUntil(40);
    const after = outBytes(run);
    expectNear(mbps(before[0]! + before[1]!, 20), 2);
    expectNear(mbps(after[0]! + after[1]! - before[0]! - before[1]!, 20), 6);
    expect(run.sim.report().bandwidth.sharedMbps).toEqual({ 'lb-sim0000000001': 6 });
  });

  it('InternetChargeType paybytraffic → paybybandwidth (Bandwidth 2) at 10 s: the uncapped listeners start sharing 2 Mbit/s', () => {
    const lb = (InternetChargeType: 'paybytraffic' | 'paybybandwidth'): LoadBalancerAttributesInput => ({
      InternetChargeType,
      Bandwidth: 2,
    });
    const run = new ChangeRun(scenario({}, {}, lb('paybytraffic')), [[10, scenario({}, {}, lb('paybybandwidth'))]]).runUntil(9.999);
    expect(run.sim.bandwidth.active).toBe(false);
    expect(outBytes(run)).toEqual([0, 0]);
    run.runUntil(30);
    const after = outBytes(run);
    expectNear(mbps(after[0]! + after[1]!, 20), 2);
    expect(run.sim.report().bandwidth.sharedMbps).toEqual({ 'lb-sim0000000001': 2 });
  });

  it('stopping a capped listener gives its reservation back to the others: 3 − 2 = 1 Mbit/s, then 3', () => {
    const lb = { InternetChargeType: 'paybybandwidth', Bandwidth: 3 } as const;
    const run = new ChangeRun(scenario({ Bandwidth: 2 }, {}, lb), [[20, scenario({ Bandwidth: 2, Status: 'stopped' }, {}, lb)]]).runUntil(
      20,
    );
    const [, before] = outBytes(run);
    run.runUntil(40);
    const [, after] = outBytes(run);
    expectNear(mbps(before!, 20), 1);
    expectNear(mbps(after! - before!, 20), 3);
  });
});
