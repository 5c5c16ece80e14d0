import { describe, expect, it } from 'vitest';
import { parseArgs, type CompareArgs } from './args';
import { formatComparison, runComparison } from './compare';
import { CodedError } from '../shared/errors';

const FAULTS = JSON.stringify([
  { atS: 2, action: 'crash', target: 'lvs-1' },
  { atS: 6, action: 'recover', target: 'lvs-1' },
]);

function compare(...argv: string[]): CompareArgs {
  const args = parseArgs(['compare', ...argv]);
  if (args.command !== 'compare') throw new Error('not a compare');
  return args;
}

describe('npm run sim -- compare', () => {
  it('parses like run, the --sets kept for the variant', () => {
    const args = compare('l4-basic', '--set', 'cluster.sync.batching=false', '--seed', '4', '--duration', '3s', '--json');
    expect(args).toMatchObject({ scenario: 'l4-basic', seed: 4, durationUs: 3e6, json: true, sets: [{ path: ['cluster', 'sync', 'batching'], value: false }] });
  });

  it('needs a --set and refuses --trace', () => {
    expect(() => compare('l4-basic')).toThrow(CodedError);
    expect(() => compare('l4-basic', '--set', 'seed=2', '--trace', 'x.ndjson')).toThrow(/trace/);
    expect(() => parseArgs(['compare', '--set', 'seed=2'])).toThrow(/compare needs a scenario/);
  });

  it('runs baseline and variant from the same seed; the --sets change only the variant', () => {
    const args = compare('l4-basic', '--set', `faults=${FAULTS}`, '--duration', '8s', '--seed', '7');
    const { baseline, variant } = runComparison(args);
    expect(baseline.seed).toBe(7);
    expect(variant.seed).toBe(7);
    expect(baseline.faults).toEqual([]);
    expect(variant.faults).toHaveLength(1);
    expect(variant.faults[0]).toMatchObject({ action: 'crash', target: 'lvs-1', atS: 2, endS: 6 });
    expect(variant.traceHash).not.toBe(baseline.traceHash);
    // The baseline is the plain run.
    const again = runComparison(compare('l4-basic', '--set', 'seed=1', '--duration', '8s', '--seed', '7'));
    expect(again.baseline.traceHash).toBe(baseline.traceHash);
    const text = formatComparison({ baseline, variant }, ['faults=…']);
    expect(text).toMatch(/baseline/);
    expect(text).toMatch(/crash lvs-1 at 2 s, ended 6 s/);
  }, 60_000);
});
