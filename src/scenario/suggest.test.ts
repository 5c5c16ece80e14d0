import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest';

describe('editDistance (optimal string alignment)', () => {
  it('counts inserts, deletes, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('name', 'name')).toBe(0);
    expect(editDistance('nmae', 'name')).toBe(1); // swap
    expect(editDistance('nam', 'name')).toBe(1); // insert
    expect(editDistance('namex', 'name')).toBe(1); // delete
    expect(editDistance('nane', 'name')).toBe(1); // substitute
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  const fields = ['name', 'description', 'seed', 'HealthCheckInterval', 'healthCheckInterval', 'burstEverySeconds'];

  it('finds a misspelt name within a third of its length', () => {
    expect(closest('nmae', fields)).toBe('name');
    expect(closest('descripton', fields)).toBe('description');
    expect(closest('sede', fields)).toBe('seed');
  });

  it('ignores case, and ties go to the earlier candidate', () => {
    expect(closest('healthcheckinterval', fields)).toBe('HealthCheckInterval');
    expect(closest('HEALTHCHECKINTERVAL', ['a', 'healthCheckInterval'])).toBe('healthCheckInterval');
  });

  it('offers a name that a truncated input starts', () => {
    expect(closest('burstEvery', fields)).toBe('burstEverySeconds');
    expect(closest('des', fields)).toBeUndefined(); // too short to guess from a prefix
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('zzzzzz', fields)).toBeUndefined();
    expect(closest('colour', fields)).toBeUndefined();
    expect(closest('x', fields)).toBeUndefined();
  });
});
