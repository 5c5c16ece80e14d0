import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { toScenarioFile } from '../scenario/load-balancers';
import { parseScenario } from '../scenario/validate';
import { compareFailover } from './compare';

describe('compareFailover (the Failover tab\'s Compare…)', () => {
  it('runs baseline and variant from the same seed to the same time and answers both failover reports', () => {
    const progress: number[] = [];
    const answer = compareFailover({ scenario: examples['l4-failover'], seed: 3, untilUs: 24e6, sets: ['cluster.withdrawalDelayS=2'] }, (d) => progress.push(d));
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.untilS).toBe(24);
    expect(answer.baseline.seed).toBe(3);
    expect(answer.variant.seed).toBe(3);
    expect(answer.baseline.faults[0]).toMatchObject({ action: 'crash', target: 'lvs-2', atS: 20 });
    expect(answer.variant.faults[0]).toMatchObject({ action: 'crash', target: 'lvs-2', atS: 20 });
    // The route is withdrawn after 2 s instead of 12: detected sooner.
    expect(answer.variant.faults[0]!.detectedAtS).toBe(22);
    expect(answer.baseline.faults[0]!.detectedAtS).toBeNull();
    expect(answer.variant.traceHash).not.toBe(answer.baseline.traceHash);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('the aggressive health-check preset detects a backend failure sooner (backend-failure-healthcheck)', () => {
    const at = 'loadBalancers.0.listeners.0';
    const answer = compareFailover({
      scenario: toScenarioFile(parseScenario(examples['backend-failure-healthcheck'])),
      seed: 1,
      untilUs: 35e6,
      sets: [`${at}.HealthCheckInterval=1`, `${at}.UnhealthyThreshold=2`, `${at}.HealthCheckConnectTimeout=1`],
    });
    if (!answer.ok) throw new Error(answer.message);
    const [baseline, variant] = [answer.baseline.faults[0]!, answer.variant.faults[0]!];
    expect(baseline).toMatchObject({ action: 'backend-down', detectedBy: 'health-check' });
    expect(variant.detectedBy).toBe('health-check');
    expect(variant.detectedAtS!).toBeLessThan(baseline.detectedAtS!);
  });

  it('names the field and the rule when a setting or the time is wrong', () => {
    const base = { scenario: examples['l4-failover'], seed: 1, untilUs: 1e6 };
    const bad = compareFailover({ ...base, sets: ['cluster.ecmpMode=round-robin'] });
    expect(bad).toMatchObject({ ok: false, field: 'cluster.ecmpMode' });
    expect(!bad.ok && bad.message).toMatch(/modulo/);
    expect(compareFailover({ ...base, sets: ['cluster.withdrawalDelayS'] })).toMatchObject({ ok: false, field: '--set' });
    expect(compareFailover({ ...base, sets: [] })).toMatchObject({ ok: false, field: 'setting' });
    expect(compareFailover({ ...base, untilUs: 0, sets: ['cluster.ecmpMode=resilient'] })).toMatchObject({ ok: false, field: 'until' });
  });
});
