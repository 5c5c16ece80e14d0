import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import { run } from '../../test/engine-harness';
import type { ScenarioInput } from '../../scenario/schema';

function withArrival(arrival: NonNullable<NonNullable<ScenarioInput['clients']>[number]['arrival']>): ScenarioInput {
  return oneLoadBalancer({
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
    clients: [{ ListenerPort: 80, clientIps: 10_000, arrival }],
  });
}

/** Connection open times (s) from the journal. */
function openTimes(input: ScenarioInput, untilS: number): number[] {
  return run(input, untilS)
    .journal.entries.filter((e) => e.event === 'open')
    .map((e) => e.timeUs / 1e6);
}

describe('connection arrival processes', () => {
  it('constant: exactly one connection every 1/rate seconds', () => {
    const times = openTimes(withArrival({ type: 'constant', connectionsPerSecond: 4 }), 2);
    expect(times).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
  });

  it('poisson: the count over a long window matches the rate (±5%)', () => {
    const times = openTimes(withArrival({ type: 'poisson', connectionsPerSecond: 200 }), 50);
    expect(times.length).toBeGreaterThan(9500);
    expect(times.length).toBeLessThan(10500);
  });

  it('ramp: the rate moves linearly from start to end', () => {
    const times = openTimes(withArrival({ type: 'ramp', connectionsPerSecond: 50, rampToPerSecond: 450, rampSeconds: 40 }), 40);
    const first = times.filter((t) => t < 10).length; // mean rate 100/s over the first 10 s
    const last = times.filter((t) => t >= 30).length; // mean rate 400/s over the last 10 s
    expect(first).toBeGreaterThan(900);
    expect(first).toBeLessThan(1100);
    expect(last).toBeGreaterThan(3700);
    expect(last).toBeLessThan(4300);
  });

  it('burst: burstSize connections at once every burstEverySeconds', () => {
    const times = openTimes(withArrival({ type: 'burst', burstEverySeconds: 2, burstSize: 5 }), 7);
    expect(times).toEqual([2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6]);
  });

  it('stopAfterSeconds and maxConnections end the population', () => {
    expect(openTimes(withArrival({ type: 'constant', connectionsPerSecond: 10, stopAfterSeconds: 1 }), 5)).toHaveLength(10);
    expect(openTimes(withArrival({ type: 'constant', connectionsPerSecond: 10, maxConnections: 3 }), 5)).toHaveLength(3);
  });
});
