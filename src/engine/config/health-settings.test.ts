import { describe, expect, it } from 'vitest';
import { attached, type OneLoadBalancerInput } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario } from '../../test/change-run';
import { PacketType } from '../core/kinds';

type Listener = NonNullable<OneLoadBalancerInput['listeners']>[number];

function scenario(check: Partial<Listener>, condition: 'healthy' | 'down' = 'healthy'): ScenarioInput {
  return tcpScenario({
    listeners: [{ ListenerPort: 80, HealthCheckConnectTimeout: 1, HealthyThreshold: 2, UnhealthyThreshold: 2, ...check }],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', condition },
    ]),
  });
}

/** Distinct start times (s) of probe rounds towards a backend. */
function rounds(run: ChangeRun, server: string): number[] {
  const times = run.hops().filter((h) => h.type === PacketType.Probe && h.to === `ecs:${server}`).map((h) => h.departUs / 1e6);
  return [...new Set(times)];
}

describe('SetLoadBalancerTCPListenerAttribute health-check settings at run time', () => {
  it('a new interval takes effect at the next round: the pending probe is not moved, the one after uses the new interval', () => {
    const run = new ChangeRun(scenario({ HealthCheckInterval: 5 }), [[7, scenario({ HealthCheckInterval: 1 })]], { hops: true }).runUntil(14.5);
    const t = rounds(run, 'i-a1');
    // Rounds start one interval after the previous result (a round trip of 0.4 ms later).
    expect(t.filter((s) => s < 7)).toHaveLength(2);
    const next = t.filter((s) => s > 7);
    expect(next[0]).toBeCloseTo(10, 2);
    const gaps = next.slice(1).map((s, i) => s - next[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const gap of gaps) expect(gap).toBeCloseTo(1, 2);
  });

  it('a new UnhealthyThreshold counts from the next result', () => {
    // i-b2 is down from the start: rounds fail at 1, 3, 5, 7 … s (1 s timeout, 1 s interval); threshold 10 would mark it down at 19 s.
    const run = new ChangeRun(scenario({ HealthCheckInterval: 1, UnhealthyThreshold: 10 }, 'down'), [[5, scenario({ HealthCheckInterval: 1, UnhealthyThreshold: 2 }, 'down')]]);
    run.runUntil(4.9);
    expect(run.sim.health.isHealthy(0, 1)).toBe(true);
    run.runUntil(6.9);
    expect(run.sim.health.isHealthy(0, 1)).toBe(true);
    // The first result after the change (its fourth failure) meets the new threshold.
    run.runUntil(7.1);
    expect(run.sim.health.isHealthy(0, 1)).toBe(false);
  });

  it('HealthCheck off: the checks stop and the verdict is forgotten (the backend is usable again); on: they start afresh', () => {
    const down = (on: 'on' | 'off') => scenario({ HealthCheck: on, HealthCheckInterval: 1 }, 'down');
    const run = new ChangeRun(down('on'), [[10, down('off')], [20, down('on')]], { hops: true });
    run.runUntil(9.9);
    expect(run.sim.health.isHealthy(0, 1)).toBe(false);
    run.runUntil(10);
    expect(run.sim.health.isHealthy(0, 1)).toBe(true);
    expect(run.sim.health.statusName(0, 1)).toBe('unavailable');
    run.runUntil(30);
    const t = rounds(run, 'i-b2');
    expect(t.filter((s) => s > 12 && s < 20)).toHaveLength(0);
    expect(Math.min(...t.filter((s) => s >= 20))).toBe(20);
    expect(run.sim.health.isHealthy(0, 1)).toBe(false);
  });

  it('HealthCheckType tcp → http: the next rounds are HTTP checks (a timeout below the interval becomes the interval)', () => {
    const run = new ChangeRun(scenario({ HealthCheckInterval: 3 }, 'down'), [[1, scenario({ HealthCheckInterval: 3, HealthCheckType: 'http' }, 'down')]], { hops: true }).runUntil(20);
    const t = rounds(run, 'i-b2');
    // TCP round at 0 fails after its 1 s timeout; the next rounds (HTTP) fail after max(1, 3) = 3 s, so they start 6 s apart.
    expect(t[1]).toBeCloseTo(4, 3);
    expect(t[2]! - t[1]!).toBeCloseTo(6, 3);
  });
});
