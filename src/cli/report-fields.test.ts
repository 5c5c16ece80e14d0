import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimulationReport } from '../engine/report';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

function runJson(...args: string[]): SimulationReport {
  return JSON.parse(execFileSync(TSX, [MAIN, 'run', ...args, '--json'], { encoding: 'utf8' })) as SimulationReport;
}

describe('the report shows what the bill stands on', () => {
  it('scenarioEffective is the scenario run (after --set, defaults applied, the seed used); fed back, it replays the run', () => {
    const report = runJson(
      'egress-billing',
      '--duration',
      '3s',
      '--seed',
      '9',
      '--set',
      'billing.priceRegion=us',
      '--set',
      'billing.startTime=2026-05-01T07:59:59',
    );
    const effective = report.scenarioEffective;
    expect(effective.seed).toBe(9);
    expect(effective.billing).toMatchObject({
      priceRegion: 'us',
      startTime: '2026-05-01T07:59:59',
      feeModel: 'spec-2021',
      priceOverrides: {},
    });
    // A default the example does not spell out.
    expect(effective.loadBalancers[0]!.listeners[0]!.HealthCheck).toBe('on');
    expect(report.billing.hourly.map((h) => h.hourStart)).toEqual(['2026-05-01T07:00:00', '2026-05-01T08:00:00']);
    expect(Object.keys(report.billing.bytesByEip)).toEqual(['eip-web3']);
    expect(Object.keys(report.billing.bytesByNatGateway)).toEqual(['ngw-shop']);

    const file = join(mkdtempSync(join(tmpdir(), 'slb-report-')), 'effective.json');
    // Memory is flat; a file nests each load balancer's lists.
    writeFileSync(file, JSON.stringify(effective));
    const again = runJson(file, '--duration', '3s');
    expect(again.traceHash).toBe(report.traceHash);
    expect(again.billing).toEqual(report.billing);
    expect(again.scenarioEffective).toEqual(effective);
  }, 30_000);
});
