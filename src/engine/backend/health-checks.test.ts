import { attached, oneLoadBalancer, loadBalancerInput } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { run } from '../../test/engine-harness';

const RTT_US = 400; // LVS → ECS → LVS at the default 0.2 ms per hop

function scenario(check: { Interval: number; Timeout: number; Unhealthy: number; Healthy: number }, faults: ScenarioInput['faults']): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4 },
    listeners: [
      {
        ListenerPort: 80,
        HealthCheckInterval: check.Interval,
        HealthCheckConnectTimeout: check.Timeout,
        UnhealthyThreshold: check.Unhealthy,
        HealthyThreshold: check.Healthy,
      },
    ],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
    ]),
    faults,
  });
}

describe('health checks (DOMAIN §2.5)', () => {
  it.each([
    { Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 },
    { Interval: 1, Timeout: 2, Unhealthy: 2, Healthy: 4 },
    { Interval: 10, Timeout: 3, Unhealthy: 5, Healthy: 2 },
  ])('marks down at t + Timeout×U + Interval×(U−1) and up at u + RTT×H + Interval×(H−1): %o', (check) => {
    const I = check.Interval * 1e6;
    const T = check.Timeout * 1e6;
    // While healthy, rounds start every RTT + Interval: fail the backend exactly at a round's start.
    const t = 3 * (RTT_US + I);
    // While failing, rounds start every Timeout + Interval; recover at the round after the mark-down.
    const u = t + (check.Unhealthy + 1) * (T + I);
    const { sim } = run(scenario(check, [
      { atS: t / 1e6, action: 'backend-down', target: 'i-a1' },
      { atS: u / 1e6, action: 'backend-up', target: 'i-a1' },
    ]), u / 1e6 - 0.000001);
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    expect(sim.health.changedUs[0]).toBe(t + T * check.Unhealthy + I * (check.Unhealthy - 1));
    expect(sim.health.statusName(0, 0)).toBe('abnormal');
    expect(sim.health.isHealthy(0, 1)).toBe(true); // the other backend is untouched

    sim.runUntil(u + 100e6);
    expect(sim.health.isHealthy(0, 0)).toBe(true);
    expect(sim.health.changedUs[0]).toBe(u + RTT_US * check.Healthy + I * (check.Healthy - 1));
  });

  it('every live LVS node probes every backend each round: backends see N× the probe rate', () => {
    const { sim } = run(scenario({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, []), 10.001);
    // Rounds at 0, 2.0004, 4.0008, 6.0012, 8.0016 s: five rounds × 4 nodes.
    expect(sim.health.probes[0]).toBe(20);
  });

  it('a backend is reported unavailable before its first check, then normal', () => {
    const input = scenario({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, []);
    expect(run(input, 0.0001).sim.health.statusName(0, 0)).toBe('unavailable');
    expect(run(input, 0.001).sim.health.statusName(0, 0)).toBe('normal');
  });

  it('an unhealthy backend gets no new connections; all unhealthy → LVS answers the SYN itself and resets (no_healthy_backend)', () => {
    const input: ScenarioInput = {
      ...scenario({ Interval: 1, Timeout: 1, Unhealthy: 2, Healthy: 2 }, [
        { atS: 0, action: 'backend-down', target: 'i-a1' },
        { atS: 0, action: 'backend-down', target: 'i-b2' },
      ]),
      clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10, stopAfterSeconds: 20 }, maxRetries: 0 }],
    };
    const { report } = run(input, 25);
    expect(report.connections.byOutcome['no_healthy_backend']).toBeGreaterThan(150);
    expect(report.invariants.violations).toEqual([]);
  });
});

describe('health checks by listener protocol and check type (DOMAIN §2.5)', () => {
  it('an HTTP check whose timeout is below the interval waits the interval: down after Interval×U + Interval×(U−1)', () => {
    const I = 10e6;
    const input = scenario({ Interval: 10, Timeout: 3, Unhealthy: 3, Healthy: 2 }, []);
    loadBalancerInput(input).listeners![0]!.HealthCheckType = 'http';
    const t = 3 * (RTT_US + I);
    input.faults = [{ atS: t / 1e6, action: 'backend-down', target: 'i-a1' }];
    const { sim } = run(input, 200);
    expect(sim.health.changedUs[0]).toBe(t + I * 3 + I * 2);
    // The same numbers on a TCP check keep the 3 s timeout.
    const tcp = run(scenario({ Interval: 10, Timeout: 3, Unhealthy: 3, Healthy: 2 }, [{ atS: t / 1e6, action: 'backend-down', target: 'i-a1' }]), 200);
    expect(tcp.sim.health.changedUs[0]).toBe(t + 3e6 * 3 + I * 2);
  });

  function udp(faults: ScenarioInput['faults']): ScenarioInput {
    const input = scenario({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, faults);
    loadBalancerInput(input).listeners![0]!.ListenerProtocol = 'udp';
    return input;
  }

  it('UDP: silence is healthy, so a backend that is down altogether still passes', () => {
    const { sim } = run(udp([{ atS: 1, action: 'backend-down', target: 'i-a1' }]), 120);
    expect(sim.health.isHealthy(0, 0)).toBe(true);
    expect(sim.health.statusName(0, 0)).toBe('normal');
  });

  it('UDP: an ICMP port-unreachable answer (a refusing backend) fails the probe after one round trip', () => {
    const I = 2e6;
    const T = 5e6;
    // While healthy a UDP round passes at its timeout, so rounds start every Timeout + Interval.
    const t = 3 * (T + I);
    const { sim } = run(udp([{ atS: t / 1e6, action: 'backend-refuse', target: 'i-a1' }]), 120);
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    expect(sim.health.changedUs[0]).toBe(t + RTT_US * 3 + I * 2);
  });
});
