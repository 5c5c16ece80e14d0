import { describe, expect, it } from 'vitest';
import { Simulation } from '../../engine/simulation';
import type { SimulationReport } from '../../engine/report';
import { US_PER_S } from '../../shared/units';
import { parseScenario } from '../validate';
import type { ScenarioInput } from '../schema';
import { examples } from '.';
import { flatOneLoadBalancer, oneLoadBalancer } from './shared';

function run(input: ScenarioInput, seconds: number): SimulationReport {
  const sim = new Simulation(parseScenario(input));
  sim.runUntil(seconds * US_PER_S);
  const report = sim.report();
  expect(report.invariants.violations).toEqual([]);
  return report;
}

const broken = (fault: SimulationReport['faults'][number]): number => Object.values(fault.affected).reduce((a, b) => a + b, 0);

describe('built-in failover experiments show what their descriptions promise', () => {
  it('each has a two-line description', () => {
    for (const name of ['hot-upgrade', 'lvs-crash-sync-partitioned', 'keyserver-outage', 'backend-failure-healthcheck', 'zone-outage']) {
      expect(examples[name]?.description?.split('\n')).toHaveLength(2);
    }
  });

  it('hot-upgrade: detected at once, most affected connections survive, far fewer broken than a crash with sync partitioned', () => {
    const upgrade = run(examples['hot-upgrade']!, 45).faults[0]!;
    expect(upgrade).toMatchObject({ action: 'upgrade', target: 'lvs-2', atS: 20, endS: 40, detectedAtS: 20, detectedBy: 'route-withdrawal' });
    expect(upgrade.survived).toBeGreaterThan(broken(upgrade));
    const crash = run(examples['lvs-crash-sync-partitioned']!, 45).faults[1]!;
    expect(crash).toMatchObject({ action: 'crash', target: 'lvs-2', atS: 20, endS: null, detectedAtS: 32 });
    expect(crash.affected.failover_unsynced).toBeGreaterThan(0);
    expect(broken(crash)).toBeGreaterThan(5 * broken(upgrade));
    expect(crash.survived).toBeLessThan(upgrade.survived / 10);
  }, 30_000);

  it('keyserver-outage: full handshakes fail while it lasts, not after', () => {
    const fault = run(examples['keyserver-outage']!, 30).faults[0]!;
    expect(fault).toMatchObject({ action: 'keyserver-down', target: 'keyserver-1', atS: 10, endS: 20 });
    expect(fault.affected.tls_handshake_failed).toBeGreaterThan(0);
    expect(fault.recoveredAtS).not.toBeNull();
    expect(fault.recoveredAtS!).toBeLessThanOrEqual(21);
  }, 30_000);

  it('backend-failure-healthcheck: aggressive checks detect sooner and fewer connections break', () => {
    const base = examples['backend-failure-healthcheck']!;
    const flat = flatOneLoadBalancer(base);
    const aggressive = oneLoadBalancer({ ...flat, listeners: flat.listeners!.map((l) => ({ ...l, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1, UnhealthyThreshold: 2 })) });
    const slow = run(base, 120).faults[0]!;
    const fast = run(aggressive, 120).faults[0]!;
    // Timeout×Unhealthy + Interval×(Unhealthy−1) after the probe round the fault falls in.
    expect(slow.detectedAtS! - slow.atS).toBeGreaterThanOrEqual(19);
    expect(slow.detectedAtS! - slow.atS).toBeLessThan(19 + 2 + 0.01);
    expect(fast.detectedAtS! - fast.atS).toBeGreaterThanOrEqual(3);
    expect(fast.detectedAtS! - fast.atS).toBeLessThan(3 + 1 + 0.01);
    expect(slow.affected.backend_down).toBeGreaterThan(2 * fast.affected.backend_down!);
    expect(fast.affected.in_flight).toBeUndefined();
  }, 60_000);

  it('zone-outage: detected at the route withdrawal, the VIP on the standby cluster after 30 s and back after zone-up; moved flows reset', () => {
    const sim = new Simulation(parseScenario(examples['zone-outage']!));
    sim.runUntil(49.999 * US_PER_S);
    expect(sim.lvs.zones.active).toBe(0);
    sim.runUntil(50 * US_PER_S);
    expect(sim.lvs.zones.active).toBe(1);
    sim.runUntil(109.999 * US_PER_S);
    expect(sim.lvs.zones.active).toBe(1);
    sim.runUntil(130 * US_PER_S);
    expect(sim.lvs.zones.active).toBe(0);
    const report = sim.report();
    expect(report.invariants.violations).toEqual([]);
    const fault = report.faults[0]!;
    expect(fault).toMatchObject({ action: 'zone-down', target: 'cn-hangzhou-h', atS: 20, endS: 80, detectedAtS: 32, detectedBy: 'route-withdrawal' });
    expect(fault.affected['failover_unsynced'] ?? 0).toBeGreaterThan(0);
    expect(fault.recoveredAtS).not.toBeNull();
  });
});
