import { attached, type OneLoadBalancerInput, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { Simulation } from '../simulation';
import { parseScenario } from '../../scenario/validate';
import { run } from '../../test/engine-harness';

type Listener = NonNullable<OneLoadBalancerInput['listeners']>[number];

/** Short connections at a steady rate through 4 LVS nodes to two backends; faults as given. */
function scenario(
  scheduler: Listener['Scheduler'],
  weights: [number, number],
  faults: ScenarioInput['faults'],
  listener: Partial<Listener> = {},
): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4 },
    listeners: [
      {
        ListenerPort: 80,
        Scheduler: scheduler,
        HealthCheckInterval: 1,
        HealthCheckConnectTimeout: 1,
        UnhealthyThreshold: 2,
        HealthyThreshold: 2,
        ...listener,
      },
    ],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', Weight: weights[0] },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', Weight: weights[1] },
    ]),
    clients: [
      { ListenerPort: 80, clientIps: 2000, arrival: { type: 'constant', connectionsPerSecond: 200, stopAfterSeconds: 12 }, exchanges: 1 },
    ],
    faults,
  });
}

/** Connections each backend accepted in each window [from, to) of simulated seconds. */
function acceptedBetween(input: ScenarioInput, windows: [number, number][]): number[][] {
  const sim = new Simulation(parseScenario(input));
  return windows.map(([from, to]) => {
    sim.runUntil(from * 1e6);
    const before = Array.from(sim.servers.accepted);
    sim.runUntil(to * 1e6);
    return Array.from(sim.servers.accepted, (n, b) => n - (before[b] as number));
  });
}

const share = (counts: number[], b: number): number => (counts[b] as number) / counts.reduce((a, c) => a + c, 0);

describe('a backend-weight fault mid-run changes the share of new connections', () => {
  it('wrr 50/50 → i-b2 at 25: its share of new connections goes from 1/2 to 1/3', () => {
    const [before, after] = acceptedBetween(scenario('wrr', [50, 50], [{ atS: 5, action: 'backend-weight', target: 'i-b2', weight: 25 }]), [
      [1, 5],
      [5.1, 12],
    ]);
    expect(share(before!, 1)).toBeCloseTo(1 / 2, 2);
    expect(share(after!, 1)).toBeGreaterThan(1 / 3 - 0.02);
    expect(share(after!, 1)).toBeLessThan(1 / 3 + 0.02);
  });

  it('wrr 100/100 → i-b2 at 0 (quiesced): it gets no new connection; back at 100 it gets half again', () => {
    const [quiet, back] = acceptedBetween(
      scenario(
        'wrr',
        [100, 100],
        [
          { atS: 4, action: 'backend-weight', target: 'i-b2', weight: 0 },
          { atS: 8, action: 'backend-weight', target: 'i-b2', weight: 100 },
        ],
      ),
      [
        [4.01, 8],
        [8.01, 12],
      ],
    );
    expect(quiet![1]).toBe(0);
    expect(quiet![0]).toBeGreaterThan(500);
    expect(share(back!, 1)).toBeCloseTo(1 / 2, 2);
  });

  it.each(['wlc', 'rr', 'sch', 'tch'] as const)('%s: a backend set to weight 0 gets no new connection', (scheduler) => {
    const [quiet] = acceptedBetween(scenario(scheduler, [100, 100], [{ atS: 4, action: 'backend-weight', target: 'i-a1', weight: 0 }]), [
      [4.01, 8],
    ]);
    expect(quiet![0]).toBe(0);
    expect(quiet![1]).toBeGreaterThan(500);
  });

  it('wlc 100/100 → i-b2 at 20: it takes about 1/6 of new connections (overhead/weight)', () => {
    const [after] = acceptedBetween(scenario('wlc', [100, 100], [{ atS: 4, action: 'backend-weight', target: 'i-b2', weight: 20 }]), [
      [6, 12],
    ]);
    expect(share(after!, 1)).toBeGreaterThan(1 / 6 - 0.04);
    expect(share(after!, 1)).toBeLessThan(1 / 6 + 0.04);
  });
});

describe('health changes reach the schedulers (DOMAIN §2.5)', () => {
  it.each(['wrr', 'wlc', 'rr'] as const)('%s: an unhealthy backend is not scheduled from its mark-down until its mark-up', (scheduler) => {
    // Down at 3 s (Interval 1, Timeout 1, Unhealthy 2: marked down about 2 s later), up at 7 s.
    const input = scenario(
      scheduler,
      [100, 100],
      [
        { atS: 3, action: 'backend-down', target: 'i-b2' },
        { atS: 7, action: 'backend-up', target: 'i-b2' },
      ],
    );
    const lighter = {
      ...input,
      clients: [{ ...input.clients![0]!, arrival: { type: 'constant' as const, connectionsPerSecond: 100, stopAfterSeconds: 10 } }],
    };
    const before = run(lighter, 6.9).sim;
    expect(before.health.isHealthy(0, 1)).toBe(false);
    const downUs = before.health.changedUs[1] as number; // the mark-down
    const { sim, journal } = run(lighter, 10);
    const changes = journal.entries.filter((e) => e.event === 'schedule');
    const upUs = sim.health.changedUs[1] as number; // the mark-up
    expect(sim.health.isHealthy(0, 1)).toBe(true);
    expect(upUs).toBeGreaterThan(7e6);
    const toB2 = (from: number, to: number) =>
      changes.filter((e) => e.timeUs >= from && e.timeUs < to && e.reason.includes('chose i-b2')).length;
    const any = (from: number, to: number) =>
      changes.filter((e) => e.timeUs >= from && e.timeUs < to && e.reason.includes(' chose ')).length;
    expect(toB2(0, 3e6)).toBeGreaterThan(50);
    expect(any(downUs, 7e6)).toBeGreaterThan(50);
    expect(toB2(downUs, upUs)).toBe(0);
    expect(toB2(upUs, 10e6)).toBeGreaterThan(0);
  });

  // Regression: wrr left cw at 0 after an all-zero period, so each LVS node could hand a connection
  // or two to a weight-0 backend before its cursor wrapped (ip_vs_wrr_dest_changed resets it).
  it('wrr: after every backend was at weight 0, only the one brought back gets new connections', () => {
    const [after] = acceptedBetween(
      scenario(
        'wrr',
        [100, 100],
        [
          { atS: 3, action: 'backend-weight', target: 'i-a1', weight: 0 },
          { atS: 3, action: 'backend-weight', target: 'i-b2', weight: 0 },
          { atS: 5, action: 'backend-weight', target: 'i-a1', weight: 100 },
        ],
      ),
      [[5.001, 12]],
    );
    expect(after![1]).toBe(0);
  });
});
