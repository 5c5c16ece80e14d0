import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { parseDurationUs } from '../shared/units';
import { CodedError } from '../shared/errors';

function refusal(argv: string[]): CodedError {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('run --fidelity', () => {
  it('packet by default; flow when asked, with days as a duration', () => {
    expect(parseArgs(['run', 'egress-billing'])).toMatchObject({ fidelity: 'packet' });
    expect(parseArgs(['run', 'egress-billing', '--fidelity', 'flow', '--duration', '30d'])).toMatchObject({ fidelity: 'flow', durationUs: 30 * 86_400 * 1e6 });
    expect(parseDurationUs('1.5d')).toBe(1.5 * 86_400e6);
  });

  it('refuses bad values, naming the option', () => {
    expect(refusal(['run', 'egress-billing', '--fidelity', 'fast'])).toMatchObject({ field: '--fidelity', code: 'InvalidArguments' });
    expect(refusal(['run', 'egress-billing', '--fidelity'])).toMatchObject({ field: '--fidelity' });
    expect(refusal(['run', 'egress-billing', '--fidelity', 'flow', '--duration', '400d'])).toMatchObject({ field: '--duration' });
    expect(refusal(['run', 'egress-billing', '--fidelity', 'flow', '--trace', 'x.ndjson'])).toMatchObject({ field: '--trace' });
    expect(refusal(['compare', 'egress-billing', '--set', 'seed=2', '--fidelity', 'flow'])).toMatchObject({ field: '--fidelity' });
    expect(refusal(['run', 'egress-billing', '--duration', '3x']).message).toMatch(/--duration.*30d/);
  });
});
