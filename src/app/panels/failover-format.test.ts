import { describe, expect, it } from 'vitest';
import type { FailoverReport } from '../../engine/faults/failover-report';
import { OUTCOMES } from '../../engine/metrics/outcomes';
import { markerTitle } from '../controls/FailoverMarkers';
import { brokenOutcomes, brokenTotal, compareSets, diffRows, faultName, formatAt, OUTCOME_TEXT, outcomeText, parseUntil } from './failover-format';

function report(over: Partial<FailoverReport> = {}): FailoverReport {
  return {
    action: 'crash',
    target: 'lvs-1',
    atS: 5,
    endS: null,
    detectedAtS: 17,
    detectedBy: 'route-withdrawal',
    recoveredAtS: null,
    affected: { in_flight: 3, failover_unsynced: 4, route_blackhole: 9 },
    survived: 20,
    requestsFailed: {},
    extraCost: 0,
    extraCostRule: 'not attributed',
    examples: { failover_unsynced: [11, 12], completed: [1] },
    ...over,
  };
}

const connections = { opened: 10, established: 10, completed: 8, reset: 1, refused: 0, dropped: 0, timedOut: 1, inFlight: 0, byOutcome: {} };

describe('failover formatting', () => {
  it('has human text for every outcome the engine reports', () => {
    for (const { reason } of OUTCOMES) expect(OUTCOME_TEXT[reason], reason).toBeTruthy();
    expect(outcomeText('some_new_reason')).toBe('some new reason');
  });

  it('counts broken connections without those still open, most first', () => {
    expect(brokenOutcomes(report())).toEqual([
      ['route_blackhole', 9],
      ['failover_unsynced', 4],
    ]);
    expect(brokenTotal(report())).toBe(13);
    expect(brokenTotal(report({ affected: { in_flight: 2 } }))).toBe(0);
  });

  it('formats times and names', () => {
    expect(formatAt(null, 'active')).toBe('active');
    expect(formatAt(12.345, '')).toBe('12.3 s');
    expect(faultName({ action: 'partition-sync', target: undefined })).toBe('partition-sync (whole link)');
    expect(markerTitle('detected', report(), 17)).toBe('crash lvs-1: detected by the router (route withdrawn) at 17.0 s');
  });

  it('lines baseline and variant up and marks the lines that differ', () => {
    const rows = diffRows({ connections, faults: [report()] }, { connections: { ...connections, reset: 3 }, faults: [report({ detectedAtS: 7, affected: { failover_unsynced: 4 }, requestsFailed: { '502': 2 } })] });
    const row = (label: string) => rows.find((r) => r.label.trim() === label)!;
    expect(row('reset')).toMatchObject({ group: 'Connections', baseline: '1', variant: '3', differs: true });
    expect(row('opened').differs).toBe(false);
    expect(row('detected at')).toMatchObject({ group: '1. crash lvs-1 at 5.0 s', baseline: '17.0 s', variant: '7.0 s', differs: true });
    expect(row('failover_unsynced').differs).toBe(false);
    expect(row('route_blackhole')).toMatchObject({ baseline: '9', variant: '0', differs: true });
    expect(row('requests failed 502')).toMatchObject({ baseline: '0', variant: '2' });
    // A fault only one side has shows a dash on the other.
    const lonely = diffRows({ connections, faults: [] }, { connections, faults: [report()] });
    expect(lonely.find((r) => r.label === 'survived')).toMatchObject({ baseline: '—', variant: '20', differs: true });
  });
});

describe('the Compare… form', () => {
  const scenario = { loadBalancers: [{ listeners: [{ ListenerProtocol: 'tcp' }, { ListenerProtocol: 'http' }] }] };

  it('turns a choice into the CLI --set paths', () => {
    expect(compareSets('sync-batching', 'off', scenario)).toEqual({ ok: true, sets: ['cluster.sync.batching=false'] });
    expect(compareSets('ecmp-mode', 'resilient', scenario)).toEqual({ ok: true, sets: ['cluster.ecmpMode=resilient'] });
    expect(compareSets('withdrawal-delay', ' 2.5 ', scenario)).toEqual({ ok: true, sets: ['cluster.withdrawalDelayS=2.5'] });
    expect(compareSets('health-check', '', scenario)).toEqual({
      ok: true,
      sets: [
        'loadBalancers.0.listeners.0.HealthCheckInterval=1',
        'loadBalancers.0.listeners.0.UnhealthyThreshold=2',
        'loadBalancers.0.listeners.0.HealthCheckConnectTimeout=1',
        'loadBalancers.0.listeners.1.HealthCheckInterval=1',
        'loadBalancers.0.listeners.1.UnhealthyThreshold=2',
      ],
    });
    expect(compareSets('custom', 'a.b=1\n\n c=x ', scenario)).toEqual({ ok: true, sets: ['a.b=1', 'c=x'] });
  });

  it('names the field and the rule when the value is wrong', () => {
    expect(compareSets('withdrawal-delay', '700', scenario)).toEqual({ ok: false, field: 'value', message: 'Route withdrawal delay: must be a number of seconds from 0 to 600' });
    expect(compareSets('withdrawal-delay', '', scenario)).toMatchObject({ ok: false, field: 'value' });
    expect(compareSets('ecmp-mode', 'random', scenario)).toMatchObject({ ok: false, message: /modulo, resilient or hash-threshold/ });
    expect(compareSets('health-check', '', {})).toMatchObject({ ok: false, field: 'setting' });
    expect(compareSets('custom', 'batching', scenario)).toMatchObject({ ok: false, message: /"batching" must have the form path=value/ });
  });

  it('reads the until field: empty is now, seconds after 0 and within the limit', () => {
    expect(parseUntil('', 12.5, 3600)).toEqual({ ok: true, untilS: 12.5 });
    expect(parseUntil('30s', 0, 3600)).toEqual({ ok: true, untilS: 30 });
    expect(parseUntil('', 0, 3600)).toMatchObject({ ok: false, field: 'until', message: /run is at 0 s/ });
    expect(parseUntil('-1', 5, 3600)).toMatchObject({ ok: false, message: /after 0/ });
    expect(parseUntil('4000', 5, 3600)).toMatchObject({ ok: false, message: /at most 3600 s/ });
  });
});

describe('every Compare… choice is a valid variant of every built-in scenario, as the worker exports it', async () => {
  const { examples } = await import('../../scenario/examples');
  const { parseScenario } = await import('../../scenario/validate');
  const { toScenarioFile } = await import('../../scenario/load-balancers');
  const { scenarioWithSets } = await import('../../run/compare');
  const { parseSetArgument } = await import('../../run/set-path');
  const choices: [Parameters<typeof compareSets>[0], string][] = [
    ['sync-batching', 'off'],
    ['sync-batching', 'on'],
    ['ecmp-mode', 'resilient'],
    ['ecmp-mode', 'hash-threshold'],
    ['health-check', ''],
    ['withdrawal-delay', '0'],
  ];
  for (const name of Object.keys(examples)) {
    it(name, () => {
      const file = toScenarioFile(parseScenario(examples[name]));
      for (const [setting, value] of choices) {
        const answer = compareSets(setting, value, file);
        if (!answer.ok) throw new Error(`${setting}: ${answer.message}`);
        expect(() => scenarioWithSets(file, answer.sets.map(parseSetArgument)), `${setting}=${value}`).not.toThrow();
      }
    });
  }
});
